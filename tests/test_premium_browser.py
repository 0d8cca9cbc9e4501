"""Premium pages in a real browser (Debian's headless Chromium): codes open them, or do not."""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Route

from site_builder.build import build_site
from site_builder.serve import make_server
from tests.cli_helpers import run
from tests.premium_kb import (
    MARKER,
    OTHER_ID,
    PREMIUM_PAGE,
    add_other_premium,
    add_subscriber,
    copy_starter,
    write_config,
)
from tests.site_fixtures import (
    Traffic,
    navigate_offline,
    open_context,
    wait_until,
    wait_until_kept,
)
from wikipk.config import load_config

WRONG = (
    "This code does not open this document: it is mistyped, expired or revoked. "
    "Check it, or ask Wiki Pakistan to renew your subscription."
)
OPENED = "Opened with your access code."
UNKNOWN_CODE = "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH"


@dataclass(frozen=True)
class PremiumSite:
    """A knowledge base with subscribers, built and served on 127.0.0.1."""

    root: Path
    url: str
    codes: dict[str, str]

    def build(self) -> None:
        build_site(load_config(self.root), self.root / "_site", search=False)


@contextlib.contextmanager
def serve_premium(root: Path) -> Iterator[PremiumSite]:
    """Build the knowledge base at ``root`` (marker planted) and serve it."""
    copy_starter(root, marker=True)
    add_other_premium(root)
    write_config(root)
    codes = {
        "Full": add_subscriber(root, "Full"),
        "Other report": add_subscriber(root, "Other report", docs=(OTHER_ID,)),
        "Lapsed": add_subscriber(root, "Lapsed", expires=date.today() - timedelta(days=1)),
        "Leaving": add_subscriber(root, "Leaving"),
    }
    site = PremiumSite(root, "", codes)
    site.build()
    server = make_server(root / "_site", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield PremiumSite(root, f"http://127.0.0.1:{server.server_address[1]}/", codes)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="module")
def premium_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PremiumSite]:
    with serve_premium(tmp_path_factory.mktemp("premium-site")) as site:
        yield site


@dataclass
class Console:
    """Console errors of a page; a key file that is not there (404) is expected for a bad code."""

    errors: list[str]
    missing_key_files: int = 0

    def record(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        url = message.location.get("url", "")
        if "404" in message.text and "/keys/" in url:
            self.missing_key_files += 1
        else:
            self.errors.append(f"{message.text} at {url}")


@pytest.fixture
def context(browser: Browser) -> Iterator[tuple[BrowserContext, Console]]:
    """A fresh profile (its own storage); fails the test on any unexpected console error."""
    traffic = Traffic()
    console = Console([])
    browser_context = open_context(browser, traffic)
    browser_context.on("console", console.record)
    browser_context.on("weberror", lambda error: console.errors.append(str(error.error)))
    try:
        yield browser_context, console
    finally:
        browser_context.close()
    assert console.errors == []
    assert traffic.outside == []


def enter(page: Page, code: str) -> None:
    page.locator("#code").fill(code)
    page.locator("#unlock button[type=submit]").click()


def status(page: Page, text: str) -> None:
    page.locator("#unlock-status").filter(has_text=text).wait_for()


def test_a_valid_code_opens_the_body_and_its_images(
    premium_site: PremiumSite, context: tuple[BrowserContext, Console]
) -> None:
    page = context[0].new_page()
    page.goto(premium_site.url + PREMIUM_PAGE)
    assert page.locator("#premium-body").count() == 0
    enter(page, premium_site.codes["Full"].lower().replace("-", " "))
    status(page, OPENED)
    body = page.locator("#premium-body")
    assert MARKER in body.inner_text()
    assert body.locator("h2#context").inner_text() == "Context"
    image = body.locator("img[alt='A chart only subscribers see']")
    image.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=image.element_handle()
    )
    assert image.get_attribute("src", timeout=1000).startswith("blob:")  # type: ignore[union-attr]
    assert page.locator("#forget").is_visible()


def test_the_link_with_the_code_opens_the_page_once_per_device(
    premium_site: PremiumSite, context: tuple[BrowserContext, Console]
) -> None:
    page = context[0].new_page()
    page.goto(premium_site.url + PREMIUM_PAGE + "#code=" + premium_site.codes["Full"])
    status(page, OPENED)
    assert "#" not in page.url, "the code leaves the address bar"
    later = context[0].new_page()
    later.goto(premium_site.url + PREMIUM_PAGE)
    status(later, OPENED)
    assert MARKER in later.locator("#premium-body").inner_text()
    later.locator("#forget").click()
    later.locator("#code").wait_for()
    assert later.locator("#premium-body").count() == 0
    assert later.evaluate("localStorage.length") == 0


@pytest.mark.parametrize("name", ["unknown", "Lapsed"])
def test_a_wrong_or_expired_code_gets_a_clear_message_and_the_teaser_stays(
    premium_site: PremiumSite, context: tuple[BrowserContext, Console], name: str
) -> None:
    page = context[0].new_page()
    page.goto(premium_site.url + PREMIUM_PAGE)
    enter(page, premium_site.codes.get(name, UNKNOWN_CODE))
    status(page, WRONG)
    assert page.locator("#premium-body").count() == 0
    assert page.locator("p.summary").is_visible()
    assert page.evaluate("localStorage.length") == 0
    assert context[1].missing_key_files == 1


def test_a_one_time_purchase_opens_its_report_and_says_so_on_the_others(
    premium_site: PremiumSite, context: tuple[BrowserContext, Console]
) -> None:
    page = context[0].new_page()
    page.goto(premium_site.url + PREMIUM_PAGE + "#code=" + premium_site.codes["Other report"])
    status(page, "Your subscription does not include this document.")
    assert page.locator("#premium-body").count() == 0
    page.goto(premium_site.url + f"docs/{OTHER_ID}.html")
    status(page, OPENED)
    assert MARKER in page.locator("#premium-body").inner_text()


def test_a_code_too_short_is_wrong_without_asking_the_site(
    premium_site: PremiumSite, context: tuple[BrowserContext, Console]
) -> None:
    page = context[0].new_page()
    page.goto(premium_site.url + PREMIUM_PAGE)
    enter(page, "ABCD-EFGH")
    status(page, WRONG)
    assert context[1].missing_key_files == 0


def test_without_javascript_the_page_is_the_teaser_without_a_form(
    premium_site: PremiumSite, browser: Browser
) -> None:
    context = open_context(browser, Traffic(), java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(premium_site.url + PREMIUM_PAGE)
        assert page.locator("h2#premium").inner_text() == "For subscribers"
        assert not page.locator("#unlock").is_visible()
    finally:
        context.close()


def test_an_address_without_https_says_where_subscribers_open_the_page(
    premium_site: PremiumSite, browser: Browser
) -> None:
    context = browser.new_context()
    insecure = "http://wikipakistan.test/"

    def from_the_local_site(route: Route) -> None:
        route.fulfill(
            response=route.fetch(url=route.request.url.replace(insecure, premium_site.url))
        )

    try:
        context.route(re.compile(r"^(?!http://127\.0\.0\.1[:/]).*"), from_the_local_site)
        page = context.new_page()
        page.goto(insecure + PREMIUM_PAGE)
        assert page.evaluate("window.isSecureContext") is False
        status(
            page,
            "Subscribers open this document on the site's secure address (https://); "
            "this address cannot open it.",
        )
        assert not page.locator("#code").is_visible()
        assert MARKER not in page.locator("main").inner_text()
    finally:
        context.close()


def test_a_revoked_code_stops_working_after_the_next_build(
    tmp_path: Path,
    context: tuple[BrowserContext, Console],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with serve_premium(tmp_path / "kb") as site:
        page = context[0].new_page()
        page.goto(site.url + PREMIUM_PAGE + "#code=" + site.codes["Leaving"])
        status(page, OPENED)
        monkeypatch.chdir(site.root)
        assert run("subscribers", "revoke", "Leaving").exit_code == 0
        page.reload()
        status(page, OPENED)  # revocation takes effect at the next build, not before
        site.build()
        page.reload()
        status(page, WRONG)
        assert page.locator("#premium-body").count() == 0
        assert page.evaluate("localStorage.length") == 0, "the dead code is forgotten"
        other = context[0].new_page()
        other.goto(site.url + PREMIUM_PAGE + "#code=" + site.codes["Full"])
        status(other, OPENED)


def test_a_page_opened_once_opens_again_offline(
    premium_site: PremiumSite, context: tuple[BrowserContext, Console]
) -> None:
    browser_context, console = context
    address = premium_site.url + PREMIUM_PAGE
    page = browser_context.new_page()
    page.goto(address + "#code=" + premium_site.codes["Full"])
    status(page, OPENED)
    wait_until(page, "async url => Boolean(await caches.match(url))", address)
    wait_until_kept(page)
    browser_context.set_offline(True)
    navigate_offline(page, address)
    status(page, OPENED)
    assert MARKER in page.locator("#premium-body").inner_text()
    # Offline, the key file (read from the device instead) and any sealed image never kept fail
    # to load; nothing else may.
    console.errors[:] = [e for e in console.errors if not re.search(r"/(keys|sealed)/", e)]


def test_a_code_that_cannot_be_checked_offline_says_so(
    premium_site: PremiumSite, context: tuple[BrowserContext, Console]
) -> None:
    browser_context, console = context
    page = browser_context.new_page()
    page.goto(premium_site.url + PREMIUM_PAGE)
    # Going offline while the service worker's script is still being fetched fails that
    # fetch ("An unknown error occurred when fetching the script"): wait until it is active.
    page.evaluate("navigator.serviceWorker.ready")
    browser_context.set_offline(True)
    enter(page, premium_site.codes["Full"])
    status(
        page,
        "The code could not be checked without a connection; try again when you are online.",
    )
    assert page.locator("#premium-body").count() == 0
    console.errors[:] = [e for e in console.errors if "/keys/" not in e]


def test_a_subscriber_added_with_one_command_opens_the_page_with_the_printed_link(
    tmp_path: Path,
    context: tuple[BrowserContext, Console],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with serve_premium(tmp_path / "kb") as site:
        monkeypatch.chdir(site.root)
        added = run("subscribers", "add", "Sindh social welfare department")
        link = re.search(r"https://wikipakistan\.example/(\S+#code=\S+)", added.output)
        assert link, added.output
        assert run("build", "--no-search").exit_code == 0
        page = context[0].new_page()
        page.goto(site.url + link.group(1))
        status(page, OPENED)
        assert MARKER in page.locator("#premium-body").inner_text()
