"""Benchmark ``wikipk build`` against MkDocs, Material for MkDocs and Hugo on the same corpora.

For each size, on one generated corpus (``bench/generate.py``, seed 1): wikipk's full build (its
caches deleted), a rebuild with nothing changed and a rebuild with one document changed, each
without and with the Pagefind search index, right after Hugo's full build of the same corpus
(Debian's ``hugo``, search excluded as on wikipk's no-search side); then MkDocs with automatic
navigation and Material for MkDocs (both with their default search plugin). MkDocs grows
quadratically with the number of pages, so above ``--mkdocs-max`` documents it is not run and
its time is extrapolated from the two largest measured sizes (``t = a·n + b·n²``), as the table
says. The results replace the "wikipk build" section of ``bench/README.md``.

This is a measurement, not a test: it stops only when a build does not exit 0. Run it on a
quiet machine::

    .venv/bin/python bench/bench_site.py                    # 1,000, 4,000 and 10,000 documents
    .venv/bin/python bench/bench_site.py --sizes 1000 --mkdocs-max 1000   # a quick look
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generate import MARKER, generate, stamp
from readme_sections import replace_section

BENCH = Path(__file__).resolve().parent
WORK = BENCH / ".work" / "site"
START, END = "<!-- bench:site:start -->", "<!-- bench:site:end -->"
CHANGED_LINE = "\nOne more sentence, so that this document changed.\n"


@dataclass(frozen=True)
class Run:
    """One measured command."""

    tool: str
    scenario: str
    count: int
    seconds: float
    peak_kib: int
    """Peak resident memory of the largest process of the run (``ru_maxrss``)."""
    cpu: float = 0.0
    """User plus system CPU seconds of the run, its child processes included: on a shared
    machine a steadier measure of the work done than the wall time."""
    estimated: bool = False
    """True when extrapolated rather than measured."""


def ensure_corpus(count: int) -> Path:
    """The corpus of ``count`` documents (seed 1), made again only when the generator changed."""
    folder = WORK / f"corpus-{count}"
    marker = folder / MARKER
    if not (marker.exists() and json.loads(marker.read_text()) == stamp(count, 1)):
        generate(count, folder, 1)
    return folder


def run(command: Sequence[str], cwd: Path) -> tuple[float, int, float]:
    """Run a command; its wall time, peak memory and CPU time. Stops the benchmark if it
    fails."""
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status) != 0:
            out.seek(0)
            sys.exit(f"{' '.join(command)} failed:\n{out.read().decode(errors='replace')[-3000:]}")
    return seconds, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def wikipk(corpus: Path, count: int, search: bool) -> list[Run]:
    """Full build, rebuild with nothing changed, rebuild with one document changed."""
    script = Path(sys.executable).parent / "wikipk"
    command = [
        str(script),
        "build",
        "--out",
        str(corpus / "_site"),
        "--search" if search else "--no-search",
    ]
    side = "with search" if search else "no search"
    _drop_caches(corpus)
    shutil.rmtree(corpus / "_site", ignore_errors=True)
    runs = [Run("wikipk", f"full, {side}", count, *run(command, corpus))]
    runs.append(Run("wikipk", f"nothing changed, {side}", count, *run(command, corpus)))
    changed = sorted((corpus / "content" / "sops").glob("*.md"))[0]
    original = changed.read_bytes()
    try:
        changed.write_bytes(original + CHANGED_LINE.encode())
        runs.append(Run("wikipk", f"one document changed, {side}", count, *run(command, corpus)))
    finally:
        changed.write_bytes(original)
    run(command, corpus)  # back to the unchanged corpus for the next measurement
    return runs


def _drop_caches(corpus: Path) -> None:
    """Forget every rendered page and check result; keep the subset Urdu font, which is made
    once per machine (7 s) and does not depend on the content."""
    cache = corpus / ".wikipk" / "cache"
    (cache / "check.json").unlink(missing_ok=True)
    if (cache / "site").is_dir():
        for entry in (cache / "site").iterdir():
            if entry.name != "fonts":
                shutil.rmtree(entry) if entry.is_dir() else entry.unlink()


def hugo(corpus: Path, count: int) -> Run:
    """Hugo's full build of the same content, with a minimal theme."""
    site = WORK / f"hugo-{count}"
    layouts = site / "layouts" / "_default"
    layouts.mkdir(parents=True, exist_ok=True)
    page = "<!doctype html><html><head><title>{{ .Title }}</title></head><body>{}</body></html>"
    (layouts / "single.html").write_text(page.replace("{}", "<h1>{{ .Title }}</h1>{{ .Content }}"))
    (layouts / "list.html").write_text(
        page.replace(
            "{}",
            "{{ range .Paginator.Pages }}<a href='{{ .RelPermalink }}'>{{ .Title }}</a>{{ end }}",
        )
    )
    (site / "config.toml").write_text(
        f'baseURL = "https://example.org/"\ntitle = "bench"\ncontentDir = "{corpus / "content"}"\n'
        'paginate = 50\ndisableKinds = ["RSS"]\n[markup.goldmark.renderer]\nunsafe = false\n'
    )
    out = site / "public"
    shutil.rmtree(out, ignore_errors=True)
    seconds, peak, cpu = run(
        ["hugo", "--quiet", "--source", str(site), "--destination", str(out)], site
    )
    return Run("Hugo", "full, no search", count, seconds, peak, cpu)


def mkdocs(corpus: Path, count: int, theme: str) -> Run:
    """MkDocs with automatic navigation (no ``nav``), default plugins, in one theme."""
    site = WORK / f"mkdocs-{theme}-{count}"
    site.mkdir(parents=True, exist_ok=True)
    config = site / "mkdocs.yml"
    config.write_text(
        f"site_name: bench\ndocs_dir: {corpus / 'content'}\nsite_dir: {site / 'site'}\n"
        f"theme:\n  name: {theme}\n"
    )
    shutil.rmtree(site / "site", ignore_errors=True)
    command = [str(Path(sys.executable).parent / "mkdocs"), "build", "-q", "-f", str(config)]
    seconds, peak, cpu = run(command, site)
    return Run(
        "MkDocs" if theme == "mkdocs" else "Material for MkDocs", "full", count, seconds, peak, cpu
    )


def extrapolate(measured: list[Run], count: int) -> Run:
    """``t = a·n + b·n²`` through the two largest measured sizes."""
    (n1, t1), (n2, t2) = [(r.count, r.seconds) for r in measured[-2:]]
    b = (t2 / n2 - t1 / n1) / (n2 - n1)
    a = t1 / n1 - b * n1
    return Run(measured[-1].tool, "full", count, a * count + b * count * count, 0, estimated=True)


def competitors(sizes: list[int], corpora: dict[int, Path], mkdocs_max: int) -> list[Run]:
    """The MkDocs themes, measured up to ``mkdocs_max``, then extrapolated."""
    runs: list[Run] = []
    for theme in ("mkdocs", "material"):
        points = sorted({c for c in sizes if c <= mkdocs_max} | {mkdocs_max, mkdocs_max // 2})
        for count in points:
            corpora.setdefault(count, ensure_corpus(count))
        measured = [mkdocs(corpora[c], c, theme) for c in points]
        runs += measured
        runs += [extrapolate(measured, c) for c in sizes if c > mkdocs_max]
    for item in runs:
        note = " (estimated)" if item.estimated else ""
        print(f"{item.tool}, {item.count}: {item.seconds:.1f} s{note}", flush=True)
    return runs


def render(runs: list[Run], sizes: list[int], about: str) -> str:
    """The README section, markers included."""

    def find(tool: str, scenario: str, count: int) -> Run | None:
        return next(
            (r for r in runs if (r.tool, r.scenario, r.count) == (tool, scenario, count)), None
        )

    lines = [
        START,
        "## wikipk build (the static site)",
        "",
        about,
        "",
        "| documents | tool | scenario | time (s) | CPU (s) | peak RSS (MiB) |",
        "|---:|---|---|---:|---:|---:|",
    ]
    for item in sorted(runs, key=lambda r: (r.count, r.tool != "wikipk", r.tool)):
        peak = "–" if item.estimated else f"{item.peak_kib / 1024:.0f}"
        time_text = (
            f"~{item.seconds:.0f} (extrapolated)" if item.estimated else f"{item.seconds:.1f}"
        )
        cpu = "–" if item.estimated else f"{item.cpu:.1f}"
        lines.append(
            f"| {item.count:,} | {item.tool} | {item.scenario} | {time_text} | {cpu} | {peak} |"
        )
    lines += [
        "",
        "Ratios (how many times faster wikipk is; above 1 is better):",
        "",
        "| documents | vs MkDocs (wikipk with search) | vs Material (with search) "
        "| vs Hugo (both without search) | one-document rebuild vs Hugo full build |",
        "|---:|---:|---:|---:|---:|",
    ]
    for count in sizes:
        ours = find("wikipk", "full, with search", count)
        plain = find("wikipk", "full, no search", count)
        one = find("wikipk", "one document changed, no search", count)
        cells = []
        for tool, mine in (
            ("MkDocs", ours),
            ("Material for MkDocs", ours),
            ("Hugo", plain),
            ("Hugo", one),
        ):
            theirs = find(tool, "full" if tool != "Hugo" else "full, no search", count)
            cells.append(f"{theirs.seconds / mine.seconds:.2f}" if theirs and mine else "–")
        lines.append(f"| {count:,} | " + " | ".join(cells) + " |")
    lines.append(END)
    return "\n".join(lines)


def update_readme(section: str) -> None:
    """Replace this benchmark's section of ``bench/README.md``, or add it."""
    replace_section(START, END, section)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 4000, 10000])
    parser.add_argument(
        "--mkdocs-max",
        type=int,
        default=2000,
        help="largest size MkDocs is run on; larger ones are extrapolated",
    )
    args = parser.parse_args(argv)
    load = os.getloadavg()[0]
    corpora = {count: ensure_corpus(count) for count in args.sizes}
    runs: list[Run] = []
    for count in args.sizes:
        # Hugo right before wikipk's full build without search: the pair compared in the
        # ratios runs as close together as it can on a shared machine.
        runs.append(hugo(corpora[count], count))
        print(f"Hugo, {count}: {runs[-1].seconds:.1f} s", flush=True)
        for search in (False, True):
            for item in wikipk(corpora[count], count, search):
                print(
                    f"wikipk, {count}, {item.scenario}: {item.seconds:.1f} s, "
                    f"{item.peak_kib / 1024:.0f} MiB",
                    flush=True,
                )
                runs.append(item)
    runs += competitors(args.sizes, corpora, args.mkdocs_max)
    about = (
        f"Measured {date.today()} on Linux {platform.machine()}, nproc {os.cpu_count()}, load "
        f"average {load:.1f} at the start and {os.getloadavg()[0]:.1f} at the end (the machine "
        "is shared: figures are one run each; CPU is user plus system time, children "
        "included), "
        f"Python {platform.python_version()}, seed 1. wikipk runs `wikipk build --out _site "
        '[--no-search]` in the corpus folder; "full" deletes its page and check caches first '
        "(not the subset Urdu font, made once per machine). Hugo builds "
        "the same content with a minimal theme (single and paginated list pages, tag "
        "taxonomy). MkDocs and Material build it with automatic navigation and their default "
        "search plugin. Peak memory is the largest single process of a run (`ru_maxrss`)."
    )
    update_readme(render(runs, args.sizes, about))
    return 0


if __name__ == "__main__":
    sys.exit(main())
