"""Issue #18's targets, measured side by side in one run and written to ``bench/README.md``.

Runs ``bench_check.py``, ``bench_site.py`` and ``bench_wiki.py`` one after the other (each
rewrites its own section of the README, as when run alone), then reads back the figures they
saved (``bench/results.py``) and writes the "#18 targets" section: each target of the issue,
the figure measured and whether it is met. Only this run's figures are used: figures saved by
a run that started before this one stop it. ``--table-only`` measures nothing and writes the
table from the figures saved last, saying when they were measured.

The targets (from the issue; L = ``--large``, 10,000 documents, M = ``--medium``, 4,000):

- ``wikipk check``, L documents, no cache: at least 2,000 documents/s (best of the runs);
- ``wikipk build``, L documents, full, without search: at most 2× Hugo's full build of the same
  run; with search: under 35 s;
- M documents, full, with search: at least 20× faster than MkDocs with automatic navigation,
  and faster than Zensical;
- one document changed at L documents (no search, as Hugo): under a third of Hugo's full build;
- first wiki publish: the pause before its first edit at least halved (against the checkout
  given with ``--before``; ``bench/first_edit.py``);
- peak memory (RSS) at L documents, full build with search: no more than Hugo's.

This is a measurement, not a test. Run it on a quiet machine, from the repository root::

    .venv/bin/python bench/bench_issue18.py --before ../before   # everything
    .venv/bin/python bench/bench_issue18.py --table-only          # the table again
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import first_edit
import results
from readme_sections import replace_section

BENCH = Path(__file__).resolve().parent
START, END = "<!-- bench:issue18:start -->", "<!-- bench:issue18:end -->"
BENCHMARKS = ("check", "site", "wiki")

Row = tuple[str, str, bool | None]
"""A target, its figure, and whether it is met (None: not measured)."""


def measure(args: argparse.Namespace) -> None:
    """Run the three benchmarks, each writing its README section and saving its figures."""
    sizes = args.sizes or sorted({1000, args.medium, args.large})
    peers = [
        f"--{name}-max={value}"
        for name, value in (
            ("mkdocs", args.mkdocs_max),
            ("material", args.material_max),
            ("zensical", args.zensical_max),
        )
        if value is not None
    ]
    wiki = ["--count", str(args.wiki_count), "--rounds", str(args.rounds)]
    commands = [
        ["bench_check.py", "--count", str(args.large), "--small", str(args.check_small)],
        ["bench_site.py", "--sizes", *map(str, sizes), *peers],
        [
            "bench_wiki.py",
            *wiki,
            *(["--before", str(args.before.resolve())] if args.before else []),
        ],
    ]
    for command in commands:
        print(f"== {' '.join(command)}", flush=True)
        subprocess.run([sys.executable, str(BENCH / command[0]), *command[1:]], check=True)


def check_rows(check: dict[str, Any], large: int) -> list[Row]:
    """The checker's target."""
    name = f"`wikipk check`, {large:,} documents, no cache: at least 2,000 documents/s"
    found = [r for r in check["results"] if (r["count"], r["mode"]) == (large, "no-cache")]
    if not found:
        return [(name, "– (not measured in this run)", None)]
    rate = large / found[0]["best"]
    return [(name, f"{rate:,.0f} documents/s ({found[0]['best']:.2f} s)", rate >= 2000)]


Figure = tuple[str, bool]
"""A target's figure and whether it is met."""


def site_rows(site: dict[str, Any], large: int, medium: int) -> list[Row]:
    """The static site's targets."""

    def get(tool: str, scenario: str, count: int) -> dict[str, Any]:
        for run in site["runs"]:
            if (run["tool"], run["scenario"], run["count"]) == (tool, scenario, count):
                return dict(run)
        raise LookupError(tool, scenario, count)

    def hugo(count: int = large) -> dict[str, Any]:
        return get("Hugo", "full, no search", count)

    def against_hugo() -> Figure:
        ours, theirs = get("wikipk", "full, no search", large), hugo()
        ratio = ours["seconds"] / theirs["seconds"]
        return f"{ratio:.2f}× ({ours['seconds']:.1f} s, Hugo {theirs['seconds']:.1f} s)", ratio <= 2

    def with_search() -> Figure:
        seconds = get("wikipk", "full, with search", large)["seconds"]
        return f"{seconds:.1f} s", seconds < 35

    def against(tool: str, goal: float) -> Figure:
        ours, theirs = get("wikipk", "full, with search", medium), get(tool, "full", medium)
        speed = theirs["seconds"] / ours["seconds"]
        how = ", extrapolated" if theirs["estimated"] else ""
        text = f"{speed:.2f}× ({ours['seconds']:.1f} s, {tool} {theirs['seconds']:.1f} s{how})"
        return text, speed >= goal if goal > 1 else speed > 1

    def rebuild() -> Figure:
        one, full = get("wikipk", "one document changed, no search", large)["seconds"], hugo()
        share = one / full["seconds"]
        return f"{one:.1f} s, Hugo's full build {full['seconds']:.1f} s ({share:.2f} of it)", (
            share < 1 / 3
        )

    def memory() -> Figure:
        ours = get("wikipk", "full, with search", large)["peak_kib"] / 1024
        theirs = hugo()["peak_kib"] / 1024
        return f"{ours:,.0f} MiB, Hugo {theirs:,.0f} MiB", ours <= theirs

    targets = {
        f"`wikipk build`, {large:,}, full, no search: at most 2× Hugo's": against_hugo,
        f"`wikipk build`, {large:,}, full, with search: under 35 s": with_search,
        f"{medium:,}, full, with search: at least 20× faster than MkDocs (automatic navigation)": (
            lambda: against("MkDocs", 20)
        ),
        f"{medium:,}, full, with search: faster than Zensical (automatic navigation)": (
            lambda: against("Zensical", 1)
        ),
        f"one document changed at {large:,} (no search): under ⅓ of Hugo's full build": rebuild,
        f"peak RSS at {large:,}, full build with search: no more than Hugo's": memory,
    }
    rows: list[Row] = []
    for name, figure in targets.items():
        try:
            rows.append((name, *figure()))
        except LookupError:
            rows.append((name, "– (not measured in this run)", None))
    return rows


def wiki_rows(wiki: dict[str, Any]) -> list[Row]:
    """The wiki's target: the pause before the first edit of a first publish."""
    name, figure, ok = first_edit.target_row(wiki["first_edit"], wiki["first_edit_before"])
    return [(f"{name}, {wiki['count']:,} documents", figure, ok)]


def render(figures: dict[str, dict[str, Any]], large: int, medium: int) -> str:
    """The README section, markers included."""
    rows = check_rows(figures["check"], large)
    rows += site_rows(figures["site"], large, medium)
    rows += wiki_rows(figures["wiki"])
    met = {True: "yes", False: "**no**", None: "–"}

    def when(name: str) -> str:
        return datetime.fromtimestamp(figures[name]["started"]).strftime("%Y-%m-%d %H:%M")

    return "\n".join(
        [
            START,
            "## #18 targets",
            "",
            "Made by `bench/bench_issue18.py` from the figures of the sections above, measured "
            f"in one run: `wikipk check` from {when('check')}, `wikipk build` and its peers from "
            f"{when('site')}, `wikipk publish wiki` from {when('wiki')} (local time). The "
            "wiki's pause is the time from the start of a first publish to the arrival of its "
            "first request that changes the wiki (an upload or an edit), the shortest of the "
            "rounds, against the wikipk of the checkout before the parser swap in the same "
            "rounds (`--before`).",
            "",
            "| target | measured | met |",
            "|---|---|---|",
            *(f"| {name} | {figure} | {met[ok]} |" for name, figure, ok in rows),
            END,
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--large", type=int, default=10_000, help="L documents (10,000)")
    parser.add_argument("--medium", type=int, default=4_000, help="M documents (4,000)")
    parser.add_argument("--sizes", type=int, nargs="+", help="site sizes (1,000, M and L)")
    parser.add_argument("--check-small", type=int, default=1000, help="bench_check's --small")
    parser.add_argument("--wiki-count", type=int, default=1000, help="bench_wiki's --count")
    parser.add_argument("--rounds", type=int, default=2, help="bench_wiki's --rounds")
    parser.add_argument("--before", type=Path, help="the checkout before #18 (bench_wiki)")
    for peer in ("mkdocs", "material", "zensical"):
        parser.add_argument(f"--{peer}-max", type=int, help=f"bench_site's --{peer}-max")
    parser.add_argument("--table-only", action="store_true", help="measure nothing")
    args = parser.parse_args(argv)
    started = time.time()
    if not args.table_only:
        measure(args)
    figures = {name: results.load(name) for name in BENCHMARKS}
    missing = [name for name, found in figures.items() if found is None]
    stale = [n for n, f in figures.items() if f and f["started"] < started and not args.table_only]
    if missing or stale:
        sys.exit(f"no figures of this run from: {', '.join(missing + stale)}")
    replace_section(
        START, END, render({n: f for n, f in figures.items() if f}, args.large, args.medium)
    )
    print("updated bench/README.md (#18 targets)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
