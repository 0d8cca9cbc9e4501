"""The built site on a narrow phone (360 CSS px): nothing scrolls sideways, targets are big
enough to tap, and the home page puts what a young reader comes for first."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from site_builder.listings import HOME_CASES, HOME_GUIDES
from tests.site_fixtures import BuiltSite, Traffic, open_context, watch_page

PHONE = {"width": 360, "height": 740}
"""The narrowest common phone screen, in CSS pixels."""

PAGES = {
    "home": "index.html",
    "type-listing": "types/sop.html",
    "tag-listing": "tags/grievance.html",
    "tag-index": "tags/index.html",
    "language-listing": "languages/ur.html",
    "sop-en": "docs/grievance-channel.html",
    "sop-ur": "docs/fix-ten-broken-points-ur.html",
    "guideline": "docs/procurement-integrity.html",
    "case-study": "docs/punjab-proactive-governance.html",
    "premium-teaser": "docs/balochistan-cap-90-day-design.html",
    "scorecard-en": "docs/nahar-bazar-2026.html",
    "scorecard-ur": "docs/nahar-bazar-2026-ur.html",
    "tehsil-en": "scorecards/sample-district-nahar-2026.html",
    "tehsil-ur": "scorecards/sample-district-nahar-2026.ur.html",
    "scorecard-index": "scorecards/index.html",
    "search": "search.html",
    "404": "404.html",
}

OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  // A box that clips or scrolls its content (a table's div.scroll, a pre, an svg) may hold
  // something wider than the screen: the reader scrolls that box, not the page.
  const clips = (e) => ["auto", "scroll", "hidden", "clip"].includes(getComputedStyle(e).overflowX);
  const clipped = (e) => {
    for (let up = e.parentElement; up && up !== document.body; up = up.parentElement) {
      if (clips(up)) return true;
    }
    return false;
  };
  const wide = [];
  for (const e of document.body.querySelectorAll("*")) {
    // The skip link waits off screen until it is focused.
    if (e.matches(".skip:not(:focus)") || clipped(e)) continue;
    const box = e.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    if (box.left < -0.5 || box.right > width + 0.5) {
      const name = e.tagName.toLowerCase() + (e.className && typeof e.className === "string"
        ? "." + e.className.trim().split(/\\s+/).join(".") : "");
      wide.push(`${name} [${Math.round(box.left)}, ${Math.round(box.right)}]`);
    }
  }
  // A table scrolls inside its box, but its caption is read first: its words are all in view.
  for (const caption of document.querySelectorAll("caption")) {
    const words = document.createRange();
    words.selectNodeContents(caption);
    const text = words.getBoundingClientRect();
    const box = (caption.closest(".scroll") || document.documentElement).getBoundingClientRect();
    const left = Math.max(box.left, 0), right = Math.min(box.right, width);
    if (text.left < left - 0.5 || text.right > right + 0.5) {
      wide.push(`caption [${Math.round(text.left)}, ${Math.round(text.right)}]`);
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth, wide};
}"""


def _phone(browser: Browser, traffic: Traffic) -> Page:
    context = open_context(browser, traffic)
    page = watch_page(context.new_page(), traffic)
    page.set_viewport_size(PHONE)
    return page


def _overflow(page: Page) -> dict[str, Any]:
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready")
    found: dict[str, Any] = page.evaluate(OVERFLOW)
    return found


@pytest.mark.parametrize("name", list(PAGES))
def test_no_page_scrolls_sideways_on_a_360_px_phone(
    built_site: BuiltSite, browser: Browser, traffic: Traffic, tmp_path: Path, name: str
) -> None:
    page = _phone(browser, traffic)
    try:
        response = page.goto(built_site.url + PAGES[name])
        assert response is not None and response.status in (200, 404)
        if name == "search":
            page.fill("#q", "water")
            page.press("#q", "Enter")
            page.locator("#results a").first.wait_for()
        found = _overflow(page)
        page.screenshot(path=tmp_path / f"{name}-360.png", full_page=True)
    finally:
        page.context.close()
    assert found["innerWidth"] == PHONE["width"]
    assert found["scrollWidth"] <= found["innerWidth"], found
    assert found["wide"] == [], found
    assert traffic.errors == []


def _boxes(page: Page, selector: str) -> list[dict[str, float]]:
    return [box for box in (e.bounding_box() for e in page.locator(selector).all()) if box]


def _apart(a: dict[str, float], b: dict[str, float]) -> bool:
    """True when two boxes do not overlap."""
    return (
        a["x"] + a["width"] <= b["x"] + 0.5
        or b["x"] + b["width"] <= a["x"] + 0.5
        or a["y"] + a["height"] <= b["y"] + 0.5
        or b["y"] + b["height"] <= a["y"] + 0.5
    )


@pytest.mark.parametrize(
    ("address", "selector"),
    [
        (PAGES["sop-ur"], ".tags a"),
        (PAGES["sop-en"], ".tags a"),
        (PAGES["sop-ur"], "footer a"),
        (PAGES["home"], "main .chips a"),
    ],
)
def test_small_links_are_targets_of_at_least_24_px_and_do_not_touch(
    built_site: BuiltSite, browser: Browser, traffic: Traffic, address: str, selector: str
) -> None:
    """WCAG 2.5.8 (target size, minimum): 24 by 24 CSS px, and no two targets overlap."""
    page = _phone(browser, traffic)
    try:
        page.goto(built_site.url + address)
        page.evaluate("document.fonts.ready")
        boxes = _boxes(page, selector)
    finally:
        page.context.close()
    assert len(boxes) >= 2, selector
    for box in boxes:
        assert box["height"] >= 24 and box["width"] >= 24, (selector, box)
    for index, box in enumerate(boxes):
        for other in boxes[index + 1 :]:
            assert _apart(box, other), (selector, box, other)


def _headings(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<h2[^>]*>(.*?)</h2>", html)]


def test_the_home_page_puts_sops_and_guidelines_first_then_case_studies_then_scorecards(
    built_site: BuiltSite,
) -> None:
    html = built_site.page("index.html")
    headings = _headings(html)
    assert "Recently updated" not in headings
    guides, cases, scores = (
        headings.index("SOPs and guidelines"),
        headings.index("Case studies"),
        headings.index("Scorecards"),
    )
    assert guides < cases < scores
    sections = re.split(r"<h2[^>]*>", html)
    guide_cards = re.findall(r'<p class="small">([^<·]+)', sections[guides + 1])
    assert guide_cards and {kind.strip() for kind in guide_cards} <= {"SOPs", "Guidelines"}
    case_cards = re.findall(r'<p class="small">([^<·]+)', sections[cases + 1])
    assert case_cards and {kind.strip() for kind in case_cards} == {"Case studies"}
    assert len(guide_cards) == HOME_GUIDES, "a fixed number, the newest (11 in the starter)"
    assert len(case_cards) <= HOME_CASES
    assert "Nahar Bazar" not in sections[guides + 1] + sections[cases + 1]
    assert 'lang="ur"' not in sections[guides + 1] + sections[cases + 1], "the page's language"
    assert 'href="scorecards/index.html"' in sections[scores + 1]
    assert 'href="types/scorecard.html"' in sections[scores + 1]
