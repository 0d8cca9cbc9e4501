"""The Urdu font in a real browser: only Urdu pages load it, it does not shift their text, and
the service worker keeps it for offline reading (Debian's headless Chromium, via Playwright)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Request

from tests.site_fixtures import (
    BuiltSite,
    Traffic,
    fonts_drawing,
    navigate_offline,
    new_version,
    open_context,
    open_updated_site,
    wait_until_kept,
    watch_page,
)

URDU_SOP = "docs/grievance-channel-ur.html"
OTHER_URDU_SOP = "docs/fix-ten-broken-points-ur.html"

SLOW_4G = {
    "offline": False,
    "latency": 150,
    "downloadThroughput": 1_600_000 / 8,
    "uploadThroughput": 750_000 / 8,
}
"""Lighthouse's simulated slow 4G: 150 ms round trips, 1.6 Mbps down, 750 kbps up."""

LAYOUT_SHIFT = """
window.__layoutShift = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) window.__layoutShift += entry.value;
  }
}).observe({ type: "layout-shift", buffered: true });
"""
"""The page's cumulative layout shift, as Lighthouse counts it (shifts after input aside)."""

NASTALIQ_LOADED = """() => [...document.fonts].some(
  (face) => face.family.replace(/"/g, "") === "Wiki Nastaliq" && face.status === "loaded")"""


def _is_font(request: Request) -> bool:
    return request.resource_type == "font" or request.url.split("?")[0].endswith(".woff2")


def _drawn_in_nastaliq(page: Page, selector: str) -> bool:
    """Whether Chromium drew the element's text with the site's Nastaliq (a web font), not the
    system's."""
    fonts = fonts_drawing(page, selector)
    return any(f["isCustomFont"] and "Nastaliq" in f["familyName"] for f in fonts)


@pytest.mark.parametrize("address", ["index.html", "docs/grievance-channel.html", "types/sop.html"])
def test_an_english_page_requests_no_font(built_site: BuiltSite, page: Page, address: str) -> None:
    """The Urdu words of an English page (the language switcher, Urdu cards) are drawn with
    the reader's own fonts: no English page downloads the Nastaliq font."""
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url) if _is_font(r) else None)
    page.goto(built_site.url + address)
    page.wait_for_load_state("networkidle")
    page.evaluate("async () => { await document.fonts.ready; }")
    assert page.locator("[lang=ur]").count() > 0, "the page has Urdu words"
    assert requests == []
    assert not page.evaluate(NASTALIQ_LOADED)


def test_an_urdu_page_preloads_the_font(built_site: BuiltSite) -> None:
    html = built_site.page(URDU_SOP)
    assert 'rel="preload"' in html and 'as="font"' in html and "crossorigin" in html
    assert 'rel="preload"' not in built_site.page("docs/grievance-channel.html")


@pytest.mark.parametrize("address", [URDU_SOP, OTHER_URDU_SOP])
def test_an_urdu_page_does_not_shift_when_its_font_arrives_on_slow_4g(
    built_site: BuiltSite, browser: Browser, traffic: Traffic, address: str
) -> None:
    """With font-display: swap (and no preload) the first SOP shifted by 0.085 here, as its
    text reflowed in the arriving font."""
    context = open_context(browser, traffic)
    try:
        page = watch_page(context.new_page(), traffic)
        page.add_init_script(LAYOUT_SHIFT)
        devtools = context.new_cdp_session(page)
        devtools.send("Network.enable")
        devtools.send("Network.setCacheDisabled", {"cacheDisabled": True})
        devtools.send("Network.emulateNetworkConditions", SLOW_4G)
        page.goto(built_site.url + address)
        page.wait_for_load_state("load")
        # The font has arrived (preloaded, or asked for by the text): whatever it would shift
        # has shifted two frames later.
        page.wait_for_function(NASTALIQ_LOADED, timeout=30_000)
        page.evaluate(
            "() => new Promise((done) =>"
            " requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 300))))"
        )
        shift = page.evaluate("window.__layoutShift")
    finally:
        context.close()
    assert shift < 0.05
    assert traffic.errors == []


def test_the_urdu_font_is_kept_for_offline_reading_after_one_urdu_page(
    built_site: BuiltSite, browser: Browser, traffic: Traffic
) -> None:
    """A reader opens one Urdu page and, online still, another; offline later, the second
    opens in the site's Nastaliq, its font served by the service worker's cache."""
    context = open_context(browser, traffic)
    try:
        page = watch_page(context.new_page(), traffic)
        page.goto(built_site.url + URDU_SOP)
        wait_until_kept(page)
        page.goto(built_site.url + OTHER_URDU_SOP)
        wait_until_kept(page)
        context.set_offline(True)
        fonts: list[Request] = []
        page.on("request", lambda r: fonts.append(r) if _is_font(r) else None)
        navigate_offline(page, built_site.url + OTHER_URDU_SOP)
        assert page.locator("html").get_attribute("lang") == "ur"
        page.wait_for_function(NASTALIQ_LOADED, timeout=10_000)
        assert _drawn_in_nastaliq(page, "h1")
        assert fonts, "the page asked for its font"
        response = fonts[0].response()
        assert response is not None and response.ok
        assert response.from_service_worker
    finally:
        context.close()
    assert traffic.errors == []


def test_the_urdu_font_stays_kept_when_the_site_is_updated(
    updated_site: tuple[Path, str], browser: Browser, traffic: Traffic
) -> None:
    """A new build (its stylesheet or script changed) installs a new service worker, which drops
    the shared files of the old one: the Urdu font, whose name did not change, stays kept, and
    an Urdu page read before opens offline in the site's Nastaliq."""
    out, address = updated_site
    context = open_context(browser, traffic)
    try:
        page = watch_page(context.new_page(), traffic)
        page.goto(address + URDU_SOP)
        wait_until_kept(page)
        old = page.evaluate("caches.keys()")
        new_version(out / "sw.js")
        open_updated_site(page, address)
        assert "wikipk-files-new" not in old
        (font,) = [p.name for p in (out / "assets" / "fonts").glob("*.woff2")]
        kept = "async url => Boolean(await caches.match(url))"
        assert page.evaluate(kept, address + "assets/fonts/" + font), "the font is still kept"
        context.set_offline(True)
        navigate_offline(page, address + URDU_SOP)
        page.wait_for_function(NASTALIQ_LOADED, timeout=10_000)
        assert _drawn_in_nastaliq(page, "h1")
    finally:
        context.close()
    assert traffic.errors == []
