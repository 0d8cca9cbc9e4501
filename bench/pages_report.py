"""The "Pages on a phone" section of ``bench/README.md``, from what ``bench/bench_pages.py``
measured with Lighthouse."""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from machine import measured_on, short_commit
from readme_sections import replace_section

if TYPE_CHECKING:
    from bench_pages import Page

START, END = "<!-- bench:pages:start -->", "<!-- bench:pages:end -->"
REPO = Path(__file__).resolve().parent.parent
KB = 1000
"""Kilobytes as Lighthouse's figures in the issue count them (1,000 bytes)."""

SCORE_TARGETS = {"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 100}
NAMES = {
    "performance": "performance",
    "accessibility": "accessibility",
    "best-practices": "best practices",
    "seo": "SEO",
}
FIRST_VISIT_KB, SECOND_PAGE_KB, URDU_CLS = 30, 15, 0.05


@dataclass(frozen=True)
class Row:
    """A target, its figure, and whether it is met."""

    target: str
    figure: str
    met: bool
    reference: bool = False
    """Not one of the issue's Lighthouse targets: shown beside them for reference."""


def second_page(page: Page, pages: Sequence[Page]) -> int | None:
    """The bytes of ``page`` opened after the home page: its requests whose URL the home page
    did not already load; None without a home page (or for the home page itself)."""
    home = next((each for each in pages if each.key == "home"), None)
    if home is None or page.key == "home":
        return None
    return sum(size for url, size in page.requests.items() if url not in home.requests)


def targets(pages: Sequence[Page]) -> list[Row]:
    """The issue's targets on the pages measured."""
    rows = []
    for category, least in SCORE_TARGETS.items():
        below = [page for page in pages if page.scores[category] < least]
        lowest = min(pages, key=lambda page: page.scores[category])
        figure = (
            f"lowest {lowest.scores[category]} ({lowest.name})"
            if not below
            else "below: " + ", ".join(f"{page.name} {page.scores[category]}" for page in below)
        )
        op = "≥" if least < 100 else "="
        target = f"{NAMES[category]} {op} {least} on every page type"
        rows.append(Row(target, figure, not below))
    by_key = {page.key: page for page in pages}
    if "sop-en" in by_key:
        sop = by_key["sop-en"]
        rows.append(
            Row(
                f"first visit to an English SOP ≤ {FIRST_VISIT_KB} KB before images",
                f"{kb(sop.bytes_before_images)} KB ({kb(sop.bytes_total)} KB with images, "
                f"{kb(sop.font_bytes)} KB of fonts)",
                sop.bytes_before_images <= FIRST_VISIT_KB * KB,
            )
        )
        if sop.served_after_home is not None:
            rows.append(
                Row(
                    f"a second page (the English SOP after the home page) ≤ {SECOND_PAGE_KB} KB",
                    f"{kb(sop.served_after_home)} KB, counted by the server",
                    sop.served_after_home <= SECOND_PAGE_KB * KB,
                )
            )
        after = second_page(sop, pages)
        if after is not None:
            rows.append(
                Row(
                    "the same, computed from Lighthouse's requests (those of the home page left "
                    "out)",
                    f"{kb(after)} KB",
                    after <= SECOND_PAGE_KB * KB,
                    reference=True,
                )
            )
        rows.append(
            Row(
                "first visit to an English SOP as the server sent it (the service worker's "
                "downloads included), images included",
                f"{kb(sop.served_first)} KB",
                sop.served_first <= FIRST_VISIT_KB * KB,
                reference=True,
            )
        )
    for key in ("sop-ur", "sop-ur-2"):
        if key in by_key:
            page = by_key[key]
            rows.append(
                Row(
                    f"{page.name} (`{page.path}`): layout shift ≤ {URDU_CLS}",
                    f"CLS {page.cls:.3f}",
                    page.cls <= URDU_CLS,
                    reference=True,
                )
            )
    return rows


def kb(size: int) -> str:
    """Bytes in kilobytes, one decimal below 10."""
    return f"{size / KB:.1f}" if size < 10 * KB else f"{size / KB:.0f}"


def line(page: Page, pages: Sequence[Page]) -> str:
    """One page's figures on one line, for the terminal."""
    after = page.served_after_home
    return (
        f"{page.key}: "
        + " ".join(f"{category} {page.scores[category]}" for category in SCORE_TARGETS)
        + f", LCP {page.lcp_ms / 1000:.2f} s, CLS {page.cls:.3f}, TBT {page.tbt_ms:.0f} ms, "
        f"{kb(page.bytes_total)} KB ({kb(page.bytes_before_images)} KB before images)"
        + f", served {kb(page.served_first)} KB"
        + (f", after home {kb(after)} KB" if after is not None else "")
        + (f"; short of full marks: {', '.join(page.failing)}" if page.failing else "")
    )


def about(load: tuple[float, float], runs: int, version: str) -> str:
    """Where and how the figures were measured, in one paragraph."""
    chromium = subprocess.run(
        ["/usr/bin/chromium", "--version"], capture_output=True, text=True
    ).stdout.strip()
    kept = "one run each" if runs == 1 else f"the median of {runs} runs, taking turns"
    return (
        f"{measured_on(load, kept)}, Lighthouse "
        f"{version} from npm driving {chromium or 'Chromium'} (Debian, `--headless=new "
        f"--no-sandbox --disable-gpu`), wikipk commit {short_commit()}. The starter content "
        "(`content/`) built with `wikipk build` and served by `wikipk serve`'s server on "
        "127.0.0.1 (no compression); Lighthouse's default mode: mobile, simulated throttling "
        "(slow 4G, 4× CPU slowdown). Bytes are the `network-requests` audit's `transferSize`, "
        "summed (KB = 1,000 bytes); before images leaves out the requests of type Image. "
        'Lighthouse runs share no cache, so the "served" columns are counted by the server '
        "(headers and bodies) while Playwright drives the same Chromium, unthrottled, in one "
        "fresh phone-sized profile: a first visit to the page, and the page opened right after "
        "the home page; each page is scrolled to its end (lazy images load, as in Lighthouse's "
        "full-page screenshot) and left until the network is idle, the service worker ready, "
        "and one more second, so the worker's own downloads count (`bench/pages_visit.py`)."
    )


def render(pages: Sequence[Page], rows: Sequence[Row], about: str, note: str) -> str:
    """The README section."""
    lines = [
        START,
        "## Pages on a phone (Lighthouse)",
        "",
        "Made by `bench/bench_pages.py`. " + about + (f" {note}" if note else ""),
        "",
        "| target | measured | met |",
        "|---|---|---|",
    ]
    for row in rows:
        met = "yes" if row.met else "**no**"
        target = f"{row.target} (for reference)" if row.reference else row.target
        lines.append(f"| {target} | {row.figure} | {met} |")
    lines += [
        "",
        "| page | performance | accessibility | best practices | SEO | LCP (s) | CLS | TBT (ms) "
        "| first visit (KB) | before images (KB) | fonts (KB) | first visit, served (KB) "
        "| after the home page, served (KB) | audits short of full marks |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for page in pages:
        after = page.served_after_home
        lines.append(
            f"| {page.name} (`{page.path}`) | "
            + " | ".join(str(page.scores[category]) for category in SCORE_TARGETS)
            + f" | {page.lcp_ms / 1000:.2f} | {page.cls:.3f} | {page.tbt_ms:.0f} "
            f"| {kb(page.bytes_total)} | {kb(page.bytes_before_images)} | {kb(page.font_bytes)} "
            f"| {kb(page.served_first)} "
            f"| {kb(after) if after is not None else '–'} "
            f"| {', '.join(f'`{audit}`' for audit in page.failing) or '–'} |"
        )
    lines.append(END)
    return "\n".join(lines)


def update_readme(section: str) -> None:
    """Replace the section between its markers, or add it at the end."""
    replace_section(START, END, section)
