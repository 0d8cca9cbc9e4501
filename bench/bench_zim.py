"""Benchmark ``wikipk export zim`` beside ``wikipk build`` of the same content (issue #19).

For each size (``--sizes``: ``starter``, the repository's own ``content/`` and ``wikipk.yml``,
and generated corpora of N documents, ``bench/generate.py``, seed 1, the same folders as
``bench/bench_site.py``), one after the other, each from a cold cache:

- the site build, ``wikipk build --out _site --search`` (the default) and ``--no-search``;
- ``wikipk export zim --lang all --out _zim``;
- the same export right after the site build with search, whose page cache then serves it (the
  ``site: zim: true`` case: the files written after the site);

each command's wall time, CPU time (user plus system, its child processes included) and peak
memory (the largest single process, ``ru_maxrss``). Then the sizes: the ZIM files (and libzim's
search indexes inside them) against the site's pages and images (HTML, images, CSS and fonts:
``bench/zim_sizes.py``) in one tar stream compressed with Debian's ``zstd`` at ``--levels``
(3, zstd's default, and 19, the level libzim compresses a ZIM file's clusters at).

The targets (from the issue): the export takes no longer than the site build of the same content
(the cold export against the cold build with search, the default); the ZIM files are no larger
than the site's pages and images compressed with zstd (at 19, libzim's own level). The results
replace the "ZIM export" section of ``bench/README.md`` and are saved under
``bench/.work/results/zim.json``.

"Cold" deletes the knowledge base's caches (``.wikipk/``) before the command, all but the subset
Urdu font, which is made once (seconds of fontTools), does not depend on the content and is made
before the first measurement; every contender starts the same way. A command that fails or runs
longer than ``--timeout`` stops the benchmark. This is a measurement, not a test. Run it on a
quiet machine, from the repository root::

    .venv/bin/python bench/bench_zim.py                            # starter, 1,000 and 10,000
    .venv/bin/python bench/bench_zim.py --sizes starter,1000 --rounds 3
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path

import results
import zim_report
from bench_site import ensure_corpus
from machine import measured_on, short_commit
from zim_sizes import SiteFiles, ZimFiles, site_files, zim_files, zstd_version

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
WORK = BENCH / ".work" / "zim"
STARTER = "starter"
WIKIPK = Path(sys.executable).parent / "wikipk"

BUILD_SEARCH, BUILD_PLAIN = "site build, with search", "site build, no search"
EXPORT_COLD, EXPORT_WARM = "export zim, cold", "export zim, after the site build"
SCENARIOS = (BUILD_SEARCH, EXPORT_WARM, BUILD_PLAIN, EXPORT_COLD)
"""In the order they run in each round (the warm export right after the build with search)."""


@dataclasses.dataclass(frozen=True)
class Run:
    """One measured command."""

    size: str
    scenario: str
    seconds: float
    cpu: float
    """User plus system CPU seconds, child processes included."""
    peak_kib: int
    """Peak resident memory of the largest single process (``ru_maxrss``)."""
    output: str
    """The command's last line."""


@dataclasses.dataclass(frozen=True)
class Size:
    """Everything measured on one corpus."""

    size: str
    documents: int
    runs: list[Run]
    zim: ZimFiles
    site: SiteFiles
    same_bytes: bool
    """True when the cold and the warm exports wrote byte-identical files."""


def parse_sizes(text: str) -> list[str]:
    """``starter,1000,10000`` -> ``["starter", "1000", "10000"]``; stops on anything else."""
    sizes = [part.strip() for part in text.split(",") if part.strip()]
    for size in sizes:
        if size != STARTER and not (size.isdigit() and int(size) > 0):
            raise argparse.ArgumentTypeError(
                f"'{size}' is neither '{STARTER}' nor a number of documents"
            )
    if not sizes:
        raise argparse.ArgumentTypeError("no size given")
    return sizes


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=parse_sizes("starter,1000,10000"),
        help="comma-separated: 'starter' (content/) and numbers of documents "
        "(default starter,1000,10000)",
    )
    parser.add_argument(
        "--rounds", type=int, default=1, help="rounds of the four commands; the best is kept"
    )
    parser.add_argument(
        "--levels",
        type=lambda text: tuple(int(level) for level in text.split(",")),
        default=(3, 19),
        help="zstd levels the site's pages and images are compressed at (default 3,19)",
    )
    parser.add_argument(
        "--timeout", type=float, default=1800, help="seconds one command may take (1800)"
    )
    parser.add_argument("--note", default="", help="a sentence added to the README section")
    parser.add_argument("--no-readme", action="store_true", help="do not update README.md")
    return parser.parse_args(argv)


def corpus_folder(size: str) -> Path:
    """The folder the commands run in: a copy of the starter content, or a generated corpus."""
    if size != STARTER:
        return ensure_corpus(int(size))
    folder = WORK / STARTER
    folder.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(folder / "content", ignore_errors=True)
    shutil.copytree(REPO / "content", folder / "content")
    shutil.copy2(REPO / "wikipk.yml", folder / "wikipk.yml")
    return folder


def documents(folder: Path) -> int:
    """How many Markdown documents the knowledge base has."""
    return sum(1 for _ in (folder / "content").rglob("*.md"))


def prime_font(folder: Path) -> None:
    """Make the subset Urdu font the caches keep (see :func:`drop_caches`) before timing."""
    from site_builder.fonts import urdu_font

    urdu_font(folder)


def drop_caches(folder: Path) -> None:
    """Forget every rendered page, search record and check result (all of ``.wikipk/``) but the
    subset Urdu font."""
    root = folder / ".wikipk"
    fonts = root / "cache" / "site" / "fonts"
    if not root.is_dir():
        return
    keep = tempfile.mkdtemp(dir=folder, prefix=".fonts-")
    try:
        if fonts.is_dir():
            os.replace(fonts, Path(keep) / "fonts")
        shutil.rmtree(root)
        if (Path(keep) / "fonts").is_dir():
            fonts.parent.mkdir(parents=True)
            os.replace(Path(keep) / "fonts", fonts)
    finally:
        shutil.rmtree(keep, ignore_errors=True)


def measure(command: Sequence[str], cwd: Path, timeout: float) -> tuple[float, float, int, str]:
    """Run ``command``: its wall time, CPU time, peak memory and last line of output. Stops the
    benchmark when it fails or runs longer than ``timeout`` seconds (its process group is
    killed)."""
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        process = subprocess.Popen(
            command,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        timer = threading.Timer(timeout, os.killpg, (process.pid, signal.SIGKILL))
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - started
        out.seek(0)
        text = out.read().decode(errors="replace")
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        why = f"was stopped after {timeout:g} s" if seconds >= timeout else f"exited {code}"
        sys.exit(f"{' '.join(command)} (in {cwd}) {why}:\n{text[-3000:]}")
    last = text.strip().splitlines()[-1] if text.strip() else ""
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, last


def one_round(size: str, folder: Path, timeout: float) -> tuple[list[Run], list[str]]:
    """The four commands once, each from its own starting state; the runs and the digests of
    the cold and the warm exports' files."""
    export = [str(WIKIPK), "export", "zim", "--lang", "all", "--out", "_zim"]
    commands = {
        BUILD_SEARCH: ([str(WIKIPK), "build", "--out", "_site", "--search"], "_site"),
        EXPORT_WARM: (export, "_zim"),
        # Into a folder of its own: the site with search stays for the sizes.
        BUILD_PLAIN: ([str(WIKIPK), "build", "--out", "_site_plain", "--no-search"], "_site_plain"),
        EXPORT_COLD: (export, "_zim"),
    }
    runs, digests = [], []
    for scenario in SCENARIOS:
        command, out = commands[scenario]
        if scenario != EXPORT_WARM:
            drop_caches(folder)
        shutil.rmtree(folder / out, ignore_errors=True)
        seconds, cpu, peak, last = measure(command, folder, timeout)
        runs.append(Run(size, scenario, seconds, cpu, peak, last))
        print(f"{size}, {scenario}: {seconds:.2f} s, CPU {cpu:.2f} s, {peak / 1024:.0f} MiB")
        if out == "_zim":
            digests.append(zim_files(folder / out).digest)
    shutil.rmtree(folder / "_site_plain", ignore_errors=True)
    return runs, digests


def measure_size(size: str, rounds: int, levels: tuple[int, ...], timeout: float) -> Size:
    """Every round on one corpus, the best run of each command, and the sizes."""
    folder = corpus_folder(size)
    prime_font(folder)
    runs: list[Run] = []
    digests: set[str] = set()
    for _ in range(rounds):
        measured, found = one_round(size, folder, timeout)
        runs += measured
        digests.update(found)
    best = [
        min((run for run in runs if run.scenario == scenario), key=lambda run: run.seconds)
        for scenario in SCENARIOS
    ]
    weighed = zim_files(folder / "_zim")
    pages = site_files(folder / "_site", levels)
    print(
        f"{size}: ZIM {weighed.size / 2**20:.2f} MiB; pages and images "
        + ", ".join(f"zstd -{level} {pages.compressed[level] / 2**20:.2f} MiB" for level in levels)
    )
    return Size(size, documents(folder), best, weighed, pages, len(digests) == 1)


def about(load: tuple[float, float], rounds: int, levels: tuple[int, ...]) -> str:
    """Where and how the figures were measured, in one paragraph."""
    best = "one run each" if rounds == 1 else f"the best of {rounds} rounds, taking turns"
    return (
        f"{measured_on(load, best)}, Python "
        f"{platform.python_version()}, wikipk commit {short_commit()}, python-libzim "
        f"{metadata.version('libzim')}, zstd {zstd_version()}. Commands run in the corpus "
        "folder: `wikipk build --out _site --search` (the default) or `--no-search`, and "
        '`wikipk export zim --lang all --out _zim`. "Cold" deletes `.wikipk/` first, all but '
        "the subset Urdu font (made once, before the first run; it does not depend on the "
        'content), and the output folder; "after the site build" exports right after the '
        "build with search, whose page cache serves it (the `site: zim: true` case). CPU is user "
        "plus system time, child processes included; peak memory is the largest single process "
        "(`ru_maxrss`). The site's pages and images are its HTML, images, CSS and fonts (not "
        "`pagefind/`, the scripts, the feed, the sitemap, `robots.txt`), in one tar stream "
        "(sorted, no owners or times) compressed by `zstd -T1` at "
        + " and ".join(f"-{level}" for level in levels)
        + "; libzim compresses a ZIM file's clusters (2 MiB of entries each) with zstd at 19, so "
        "the target compares at 19."
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    zstd_version()
    started, load = time.time(), os.getloadavg()[0]
    measured = [measure_size(size, args.rounds, args.levels, args.timeout) for size in args.sizes]
    text = about((load, os.getloadavg()[0]), args.rounds, args.levels)
    rows = zim_report.targets(measured, max(args.levels))
    for row in rows:
        print(f"{row.size}: {row.target}: {row.figure}: {'met' if row.met else 'not met'}")
    results.save("zim", started, {"sizes": [dataclasses.asdict(item) for item in measured]})
    if not args.no_readme:
        zim_report.update_readme(zim_report.render(measured, rows, text, args.note))
        print("updated bench/README.md (ZIM export)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
