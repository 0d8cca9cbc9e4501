"""The "ZIM export" section of ``bench/README.md``, from what ``bench/bench_zim.py`` measured."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from readme_sections import replace_section

if TYPE_CHECKING:
    from bench_zim import Size

START, END = "<!-- bench:zim:start -->", "<!-- bench:zim:end -->"
MIB = 2**20


@dataclass(frozen=True)
class Row:
    """A target on one corpus, its figure, and whether it is met."""

    size: str
    target: str
    figure: str
    met: bool
    reference: bool = False
    """Not one of the issue's targets: shown beside them for reference."""


def label(item: Size) -> str:
    """How a corpus is named in the tables."""
    if item.size == "starter":
        return f"starter (`content/`, {item.documents:,})"
    return f"{item.documents:,} generated"


def targets(measured: Sequence[Size], level: int) -> list[Row]:
    """The issue's two targets on each corpus, with figures for reference beside them."""
    from bench_zim import BUILD_PLAIN, BUILD_SEARCH, EXPORT_COLD, EXPORT_WARM

    rows = []
    for item in measured:
        seconds = {run.scenario: run.seconds for run in item.runs}
        rows += [
            _time_row(
                item.size,
                seconds[EXPORT_COLD],
                seconds[BUILD_SEARCH],
                "export (cold) takes no longer than the site build (cold, with search)",
            ),
            _time_row(
                item.size,
                seconds[EXPORT_COLD],
                seconds[BUILD_PLAIN],
                "export (cold) ≤ site build without search",
                reference=True,
            ),
            _time_row(
                item.size,
                seconds[EXPORT_WARM],
                seconds[BUILD_SEARCH],
                "export after the build ≤ the build",
                reference=True,
            ),
        ]
        for each in sorted(item.site.compressed, reverse=True):
            packed = item.site.compressed[each]
            figure = (
                f"{item.zim.size / MIB:.2f} MiB, pages and images {packed / MIB:.2f} MiB "
                f"({item.zim.size / packed:.2f}×)"
            )
            target = f"ZIM files no larger than the pages and images at zstd -{each}"
            rows.append(Row(item.size, target, figure, item.zim.size <= packed, each != level))
    return rows


def _time_row(size: str, ours: float, build: float, target: str, reference: bool = False) -> Row:
    figure = f"{ours:.2f} s, build {build:.2f} s ({ours / build:.2f} of it)"
    return Row(size, target, figure, ours <= build, reference)


def render(measured: Sequence[Size], rows: Sequence[Row], about: str, note: str) -> str:
    """The README section, markers included."""
    levels = sorted({level for item in measured for level in item.site.compressed})
    names = {item.size: label(item) for item in measured}
    lines = [START, "## ZIM export (`wikipk export zim`, issue #19)", ""]
    if note:
        lines += [note, ""]
    lines += [
        about,
        "",
        "| content | command | wall (s) | CPU (s) | peak RSS (MiB) |",
        "|---|---|---:|---:|---:|",
    ]
    for item in measured:
        for run in item.runs:
            lines.append(
                f"| {names[item.size]} | {run.scenario} | {run.seconds:.2f} | {run.cpu:.2f} "
                f"| {run.peak_kib / 1024:.0f} |"
            )
    lines += [
        "",
        "Sizes (MiB): the ZIM files of all languages (libzim's full-text and title indexes "
        "inside them), the site's pages and images (HTML, images, CSS, fonts) raw and "
        "compressed, and the whole built site (Pagefind, scripts and feeds included):",
        "",
        "| content | ZIM files | entries | of which search indexes | pages and images "
        + "".join(f"| zstd -{level} " for level in levels)
        + "| whole site | cold and warm exports identical |",
        "|---|---:|---:|---:|---:" + "|---:" * len(levels) + "|---:|---|",
    ]
    for item in measured:
        packed = "".join(f"| {item.site.compressed[level] / MIB:.2f} " for level in levels)
        lines.append(
            f"| {names[item.size]} | {item.zim.size / MIB:.2f} ({item.zim.files} files) "
            f"| {item.zim.entries:,} | {item.zim.index / MIB:.2f} "
            f"| {item.site.raw / MIB:.2f} ({item.site.files:,} files) {packed}"
            f"| {item.site.site / MIB:.2f} | {'yes' if item.same_bytes else '**no**'} |"
        )
    met = {True: "yes", False: "**no**"}
    lines += [
        "",
        "Targets (from the issue; rows marked *reference* are not targets):",
        "",
        "| content | target | measured | met |",
        "|---|---|---|---|",
        *(
            f"| {names[row.size]} | {'*reference*: ' if row.reference else ''}{row.target} "
            f"| {row.figure} | {met[row.met]} |"
            for row in rows
        ),
        END,
    ]
    return "\n".join(lines)


def update_readme(section: str) -> None:
    """Replace this benchmark's section of ``bench/README.md``, or add it."""
    replace_section(START, END, section)
