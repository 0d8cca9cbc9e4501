"""The built site in a real browser: Debian's headless Chromium, driven by Playwright."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import axe_playwright_python
import pytest
from playwright.sync_api import Browser, Page

from tests.site_fixtures import (
    BuiltSite,
    Traffic,
    navigate_offline,
    new_version,
    open_context,
    open_updated_site,
    wait_until,
    wait_until_kept,
    watch_page,
)

AXE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
SOP = "docs/grievance-channel.html"
URDU_SOP = "docs/grievance-channel-ur.html"


@pytest.mark.parametrize(
    "address",
    [
        "index.html",
        "types/sop.html",
        "tags/grievance.html",
        "languages/ur.html",
        SOP,
        URDU_SOP,
        "docs/balochistan-cap-90-day-design.html",
        "search.html",
        "404.html",
    ],
)
def test_pages_render_with_no_console_errors(
    built_site: BuiltSite, page: Page, address: str
) -> None:
    response = page.goto(built_site.url + address)
    assert response is not None and response.ok
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").first.is_visible()


def test_an_urdu_page_reads_right_to_left_in_the_sites_own_nastaliq(
    built_site: BuiltSite, page: Page, traffic: Traffic
) -> None:
    page.goto(built_site.url + URDU_SOP)
    page.evaluate("document.fonts.ready")
    html = page.locator("html")
    assert (html.get_attribute("lang"), html.get_attribute("dir")) == ("ur", "rtl")
    heading = page.locator("h1")
    assert heading.evaluate("e => getComputedStyle(e).direction") == "rtl"
    box, width = heading.bounding_box(), page.viewport_size
    assert box is not None and width is not None
    assert abs(box["x"] + box["width"] - (width["width"] - 16)) < 2, "h1 starts at the right"
    assert page.evaluate("document.fonts.check('20px \"Wiki Nastaliq\"', 'مقصد')")
    fonts = page.evaluate(
        "[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)"
    )
    assert '"Wiki Nastaliq"' in fonts or "Wiki Nastaliq" in fonts
    assert not [url for url in traffic.outside if "font" in url], "no font CDN"


@pytest.mark.parametrize(
    ("word", "expected"),
    [("acknowledgement", "docs/grievance-channel.html"), ("شکایتی", URDU_SOP)],
)
def test_search_finds_english_and_urdu_words(
    built_site: BuiltSite, page: Page, word: str, expected: str
) -> None:
    page.goto(built_site.url + "search.html")
    page.fill("#q", word)
    page.press("#q", "Enter")
    results = page.locator("#results a")
    results.first.wait_for()
    addresses = results.evaluate_all("links => links.map(a => a.href)")
    assert built_site.url + expected in addresses
    assert page.locator("#results mark").count() > 0


def test_a_search_excerpt_keeps_the_spaces_around_a_highlighted_word(
    built_site: BuiltSite, page: Page
) -> None:
    page.goto(built_site.url + "search.html?q=acknowledgement")
    page.locator("#search-status").filter(has_text="found").wait_for()
    excerpts = page.locator("#results p").evaluate_all(
        "ps => ps.map(p => [...p.childNodes].map(n => [n.nodeName, n.textContent]))"
    )
    assert excerpts
    followers = [
        nodes[i + 1][1]
        for nodes in excerpts
        for i, (name, _) in enumerate(nodes[:-1])
        if name == "MARK"
    ]
    assert followers and all(follower[0] in " ,.;:)" for follower in followers), followers
    assert all(name in ("MARK", "#text") for nodes in excerpts for name, _ in nodes)


def test_search_finds_a_premium_document_by_its_summary_but_never_by_its_body(
    built_site: BuiltSite, page: Page
) -> None:
    premium = built_site.url + "docs/balochistan-cap-90-day-design.html"
    addresses = []
    for word in ("Whole-of-Community", "Apprenticeships"):  # in the summary; only in the body
        page.goto(built_site.url + "search.html?q=" + word)
        page.locator("#search-status").filter(has_text="found").wait_for()
        addresses.append(page.locator("#results a").evaluate_all("a => a.map(l => l.href)"))
    assert premium in addresses[0]
    assert premium not in addresses[1]


def test_a_page_reads_fine_with_javascript_disabled(
    built_site: BuiltSite, browser: Browser, traffic: Traffic
) -> None:
    context = open_context(browser, traffic, java_script_enabled=False)
    try:
        page = watch_page(context.new_page(), traffic)
        page.goto(built_site.url + SOP)
        assert page.locator("h1").inner_text().startswith("Run a single grievance channel")
        assert page.locator("ol.steps > li").count() >= 10
        assert page.locator("#procedure").is_visible()
        link = page.locator("a.lite-yt")
        assert link.get_attribute("href") == "https://www.youtube.com/watch?v=Grv72hrLine"
        assert page.locator("link[rel=stylesheet]").first.evaluate("l => l.sheet !== null")
    finally:
        context.close()
    assert traffic.errors == []


def test_a_lite_embed_loads_the_player_only_on_tap(
    built_site: BuiltSite, page: Page, traffic: Traffic
) -> None:
    page.goto(built_site.url + SOP)
    page.wait_for_load_state("networkidle")
    assert page.locator("iframe").count() == 0
    assert not [url for url in traffic.outside if "youtube-nocookie" in url]
    page.locator("a.lite-yt").first.click()
    frame = page.locator("iframe.lite-yt-frame")
    frame.wait_for()
    assert frame.get_attribute("src") == (
        "https://www.youtube-nocookie.com/embed/Grv72hrLine?autoplay=1"
    )
    page.frame_locator("iframe.lite-yt-frame").locator("text=player").wait_for()
    assert [url for url in traffic.outside if "youtube-nocookie" in url]
    assert page.url == built_site.url + SOP, "the tap did not leave the page"


def test_a_page_visited_once_reloads_offline(
    built_site: BuiltSite, browser: Browser, traffic: Traffic
) -> None:
    context = open_context(browser, traffic)
    try:
        page = watch_page(context.new_page(), traffic)
        page.goto(built_site.url + SOP)
        wait_until(page, "async url => Boolean(await caches.match(url))", built_site.url + SOP)
        wait_until_kept(page)
        context.set_offline(True)
        navigate_offline(page, built_site.url + SOP)
        assert page.locator("h1").inner_text().startswith("Run a single grievance channel")
        assert page.locator("main").evaluate("m => getComputedStyle(m).maxWidth") != "none"
    finally:
        context.close()
    assert traffic.errors == []


def _update_stylesheet(out: Path) -> tuple[str, str]:
    """Do to a copy of the site what a build with a changed stylesheet does: a new file name in
    the pages and the service worker (with a new version), the old file gone; (old, new) names."""
    (old,) = (out / "assets").glob("site.*.css")
    new = old.with_name("site.0123456789.css")
    new.write_text(old.read_text(encoding="utf-8") + "\n/* changed */\n", encoding="utf-8")
    old.unlink()
    home = out / "index.html"
    home.write_text(home.read_text(encoding="utf-8").replace(old.name, new.name))
    new_version(out / "sw.js", (old.name, new.name))
    return old.name, new.name


def test_a_page_kept_before_the_site_was_updated_opens_offline_with_its_style(
    updated_site: tuple[Path, str], browser: Browser, traffic: Traffic
) -> None:
    """A reader keeps an SOP, and later, online, opens the home page of a new build whose
    stylesheet changed name: the new service worker drops the old stylesheet, yet the SOP
    opened offline is styled (the newer stylesheet serves the name it asks for)."""
    out, address = updated_site
    context = open_context(browser, traffic)
    try:
        page = watch_page(context.new_page(), traffic)
        page.goto(address + SOP)
        wait_until_kept(page)
        old, new = _update_stylesheet(out)
        open_updated_site(page, address)
        kept = "async url => Boolean(await caches.match(url))"
        assert not page.evaluate(kept, address + "assets/" + old), "the update dropped it"
        assert page.evaluate(kept, address + "assets/" + new), "and keeps the new one"
        context.set_offline(True)
        navigate_offline(page, address + SOP)
        sheet = page.locator("link[rel=stylesheet]:not([media=print])")
        assert sheet.get_attribute("href") == f"../assets/{old}", "the page kept from before"
        assert page.locator("main").evaluate("m => getComputedStyle(m).maxWidth") != "none"
        assert page.evaluate("getComputedStyle(document.body).fontFamily") != "serif"
    finally:
        context.close()
    assert traffic.errors == []


def test_an_sop_prints_as_a_checklist_with_link_addresses(
    built_site: BuiltSite, page: Page
) -> None:
    page.goto(built_site.url + SOP)
    page.emulate_media(media="print")
    assert page.locator("header.top").is_hidden()
    step = page.locator("ol.steps > li").first
    box = step.evaluate("li => getComputedStyle(li, '::before').borderTopStyle")
    assert box == "solid"
    link = page.locator(".body a[data-url]").first
    printed = link.evaluate("a => getComputedStyle(a, '::after').content")
    assert printed == '" (" attr(data-url) ")"' or "wikipakistan.example" in printed
    address = link.get_attribute("data-url") or ""
    assert address.startswith("https://wikipakistan.example/docs/")


def _axe(page: Page) -> list[dict[str, Any]]:
    page.add_script_tag(content=AXE)
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    violations: list[dict[str, Any]] = result["violations"]
    return [v for v in violations if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize(
    "address",
    [
        "index.html",
        "types/sop.html",
        SOP,
        URDU_SOP,
        "docs/pahar-bala-2026.html",
        "docs/nahar-bazar-2026-ur.html",
        "scorecards/sample-district-nahar-2026.html",
        "scorecards/sample-district-nahar-2026.ur.html",
        "scorecards/index.html",
    ],
)
def test_axe_finds_no_serious_accessibility_violation(
    built_site: BuiltSite, page: Page, address: str
) -> None:
    page.goto(built_site.url + address)
    page.wait_for_load_state("networkidle")
    serious = _axe(page)
    assert serious == [], json.dumps(
        [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in serious], indent=1
    )
