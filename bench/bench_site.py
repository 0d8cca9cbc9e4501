"""Benchmark ``wikipk build`` against Hugo, MkDocs, Material for MkDocs and Zensical on the same
corpora.

For each size, on one generated corpus (``bench/generate.py``, seed 1): wikipk's full build (its
caches deleted), a rebuild with nothing changed and a rebuild with one document changed, each
without and with the Pagefind search index, right after Hugo's full build of the same corpus
(Debian's ``hugo``, search excluded as on wikipk's no-search side); then MkDocs with automatic
navigation, Material for MkDocs (both with their default search plugin) and Zensical (the
successor of Material, building from the same kind of ``mkdocs.yml``, with its own search); see
``bench/site_peers.py``. MkDocs grows quadratically with the number of pages, so above its
largest size (``--mkdocs-max``, ``--material-max``, ``--zensical-max``) a peer is not run and
its time is extrapolated from the two largest measured sizes (``t = a·n + b·n²``), as the table
says. The results replace the "wikipk build" section of ``bench/README.md`` and are saved for
``bench/bench_issue18.py`` (``bench/results.py``).

This is a measurement, not a test: it stops only when a build does not exit 0. Run it on a
quiet machine::

    .venv/bin/python bench/bench_site.py                    # 1,000, 4,000 and 10,000 documents
    .venv/bin/python bench/bench_site.py --sizes 1000 --mkdocs-max 1000 --zensical-max 1000
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import shutil
import sys
import time
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path

import results
from generate import MARKER, generate, stamp
from machine import measured_on
from readme_sections import replace_section
from site_peers import MATERIAL, MKDOCS, WORK, ZENSICAL, Run, competitors, hugo, run

START, END = "<!-- bench:site:start -->", "<!-- bench:site:end -->"
CHANGED_LINE = "\nOne more sentence, so that this document changed.\n"


def ensure_corpus(count: int) -> Path:
    """The corpus of ``count`` documents (seed 1), made again only when the generator changed."""
    folder = WORK / f"corpus-{count}"
    marker = folder / MARKER
    if not (marker.exists() and json.loads(marker.read_text()) == stamp(count, 1)):
        generate(count, folder, 1)
    return folder


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
        "| vs Zensical (with search) | vs Hugo (both without search) "
        "| one-document rebuild vs Hugo full build |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for count in sizes:
        ours = find("wikipk", "full, with search", count)
        plain = find("wikipk", "full, no search", count)
        one = find("wikipk", "one document changed, no search", count)
        cells = []
        for tool, mine in (
            (MKDOCS, ours),
            (MATERIAL, ours),
            (ZENSICAL, ours),
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
        default=4000,
        help="largest size MkDocs is run on; larger ones are extrapolated",
    )
    parser.add_argument(
        "--material-max",
        type=int,
        default=2000,
        help="largest size Material for MkDocs is run on; larger ones are extrapolated",
    )
    parser.add_argument(
        "--zensical-max",
        type=int,
        default=4000,
        help="largest size Zensical is run on; larger ones are extrapolated",
    )
    args = parser.parse_args(argv)
    started, load = time.time(), os.getloadavg()[0]
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
    largest = {MKDOCS: args.mkdocs_max, MATERIAL: args.material_max, ZENSICAL: args.zensical_max}
    runs += competitors(args.sizes, corpora, largest, ensure_corpus)
    about = (
        measured_on(
            (load, os.getloadavg()[0]),
            "the machine is shared: figures are one run each; CPU is user plus system time, "
            "children included",
        )
        + ", "
        f"Python {platform.python_version()}, seed 1. wikipk runs `wikipk build --out _site "
        '[--no-search]` in the corpus folder; "full" deletes its page and check caches first '
        "(not the subset Urdu font, made once per machine). Hugo builds "
        "the same content with a minimal theme (single and paginated list pages, tag "
        "taxonomy). MkDocs and Material build it with automatic navigation and their default "
        f"search plugin; Zensical {zensical_version()} builds it from the same kind of "
        "`mkdocs.yml` (automatic navigation, its default theme and search) with `zensical "
        "build --clean`. Peak memory is the largest single process of a run (`ru_maxrss`)."
    )
    update_readme(render(runs, args.sizes, about))
    results.save("site", started, {"runs": [dataclasses.asdict(item) for item in runs]})
    return 0


def zensical_version() -> str:
    """The installed Zensical's version."""
    return metadata.version("zensical")


if __name__ == "__main__":
    sys.exit(main())
