"""Pytest plugin for the static site: one build, one local server and one browser per session.

The knowledge base is a copy of the real ``content/``, with one change that the tests need: the
English grievance SOP is dated after its Urdu translation, so the translation must show that it
may be out of date. The site is served by the site builder's own server on a free port of
127.0.0.1; the browser is Debian's Chromium, driven by Playwright, and never reaches the network:
every request that leaves 127.0.0.1 is answered locally (YouTube's thumbnails and player) or
refused.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import io
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Playwright,
    Route,
    sync_playwright,
)
from playwright.sync_api import Error as PlaywrightError

from site_builder.build import BuildReport, build_site
from site_builder.cache import CACHE_DIR
from site_builder.fonts import urdu_font
from site_builder.serve import make_server
from wikipk.config import load_config

ROOT = Path(__file__).parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
STALE_SOURCE = "content/sops/grievance-channel.md"
"""Re-dated in the test copy so its Urdu translation is out of date."""
STALE_DATE = "2026-11-25"

PLAYER = b"<!doctype html><title>player</title><p>player"


@dataclass(frozen=True)
class BuiltSite:
    """The session's knowledge base, its built site and where it is served."""

    root: Path
    """The knowledge base (its ``content/`` is a copy of the real one)."""
    out: Path
    """The built site."""
    url: str
    """``http://127.0.0.1:PORT/``."""
    report: BuildReport

    def page(self, relative: str) -> str:
        """The HTML of a built page."""
        return (self.out / relative).read_text(encoding="utf-8")


@dataclass
class Traffic:
    """What a test page asked of the outside world, and what went wrong in it."""

    outside: list[str] = field(default_factory=list)
    """Every request that left 127.0.0.1 (answered locally or refused)."""
    errors: list[str] = field(default_factory=list)
    """Console errors and uncaught exceptions."""


def thumbnail() -> bytes:
    """A small grey PNG: what the test browser sees instead of a YouTube thumbnail."""
    out = io.BytesIO()
    Image.new("RGB", (32, 18), (90, 90, 90)).save(out, format="PNG")
    return out.getvalue()


@functools.cache
def _session_fonts() -> Path:
    """The cache folder of the subset Urdu font, made once per test run (subsetting takes
    seconds, and a clean checkout has no cached font to copy)."""
    root = Path(tempfile.mkdtemp(prefix="wikipk-test-fonts-"))
    atexit.register(shutil.rmtree, root, True)
    urdu_font(root)
    return root / CACHE_DIR / "fonts"


def seed_fonts(target: Path) -> None:
    """Give a knowledge base the test run's subset font, so that its build need not make it."""
    fonts = _session_fonts()
    if fonts.is_dir():
        shutil.copytree(fonts, target / CACHE_DIR / "fonts", dirs_exist_ok=True)


def copy_knowledge_base(target: Path) -> Path:
    """A copy of the real knowledge base, with the test run's subset Urdu font."""
    shutil.copytree(ROOT / "content", target / "content")
    seed_fonts(target)
    return target


def seed_font_cache(source: Path, target: Path) -> None:
    """Give another knowledge base the session's subset font (subsetting takes seconds)."""
    fonts = source / CACHE_DIR / "fonts"
    if fonts.is_dir():
        shutil.copytree(fonts, target / CACHE_DIR / "fonts", dirs_exist_ok=True)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltSite]:
    """The real content, built once and served on 127.0.0.1 for the whole session."""
    root = copy_knowledge_base(tmp_path_factory.mktemp("site-kb"))
    source = root / STALE_SOURCE
    text = source.read_text(encoding="utf-8")
    source.write_text(re.sub(r"(?m)^updated: .*$", f"updated: {STALE_DATE}", text, count=1))
    out = root / "_site"
    report = build_site(load_config(root), out)
    server = make_server(out, 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield BuiltSite(root, out, f"http://127.0.0.1:{server.server_address[1]}/", report)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="session")
def playwright_session() -> Iterator[Playwright]:
    """Playwright, started once."""
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/install-system-packages")
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_session: Playwright) -> Iterator[Browser]:
    """Debian's headless Chromium, started once for the session."""
    browser = playwright_session.chromium.launch(
        executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
    )
    try:
        yield browser
    finally:
        browser.close()


def _outside(route: Route, traffic: Traffic) -> None:
    url = route.request.url
    traffic.outside.append(url)
    if url.startswith("https://i.ytimg.com/"):
        route.fulfill(status=200, content_type="image/png", body=thumbnail())
    elif url.startswith("https://www.youtube-nocookie.com/embed/"):
        route.fulfill(status=200, content_type="text/html", body=PLAYER)
    else:
        route.abort()


def open_context(browser: Browser, traffic: Traffic, **options: object) -> BrowserContext:
    """A fresh browser profile whose requests never leave 127.0.0.1."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, **options)  # type: ignore[arg-type]
    context.route(re.compile(r"^(?!http://127\.0\.0\.1[:/]).*"), lambda r: _outside(r, traffic))
    return context


def watch_page(page: Page, traffic: Traffic) -> Page:
    """Record the page's console errors and uncaught exceptions into ``traffic``."""
    page.on("console", lambda m: traffic.errors.append(_where(m)) if m.type == "error" else None)
    page.on("pageerror", lambda error: traffic.errors.append(f"{error}\n{error.stack or ''}"))
    return page


def _where(message: ConsoleMessage) -> str:
    """A console error with the address it came from, so a rare failure can be traced."""
    url = message.location.get("url", "")
    return f"{message.text} at {url}" if url else message.text


@pytest.fixture
def traffic() -> Traffic:
    """What the test's pages did."""
    return Traffic()


@pytest.fixture
def page(browser: Browser, traffic: Traffic) -> Iterator[Page]:
    """A page in a fresh profile; the test fails if the page logs an error."""
    context = open_context(browser, traffic)
    try:
        yield watch_page(context.new_page(), traffic)
    finally:
        context.close()
    assert traffic.errors == []


@pytest.fixture
def updated_site(built_site: BuiltSite, tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A copy of the built site on a server of its own (its service worker can be changed, as a
    new build changes it, without touching the session's site)."""
    out = tmp_path / "_site"
    shutil.copytree(built_site.out, out)
    server = make_server(out, 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield out, f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def new_version(worker: Path, *renames: tuple[str, str]) -> None:
    """Give a copied site's service worker a new version (``new``), as a new build does, with
    shared files renamed in its list."""
    text = worker.read_text(encoding="utf-8")
    for old, new in renames:
        text = text.replace(old, new)
    worker.write_text(re.sub(r'const VERSION = "[^"]*"', 'const VERSION = "new"', text))


def open_updated_site(page: Page, address: str) -> None:
    """Open the home page of a site whose service worker is new, and wait until it has taken
    over: its own files kept, the old version's dropped."""
    page.goto(address + "index.html")
    wait_until(
        page,
        """async () => { const keys = await caches.keys();
          return keys.includes("wikipk-files-new") && keys.length === 2; }""",
    )


def wait_until(page: Page, function: str, arg: object = None, seconds: float = 15) -> None:
    """Wait until an async function of the page returns true.

    Not ``page.wait_for_function``: it takes the promise an async function returns for a true
    value, and returns at once (``wait_for_function("async () => false")`` does not wait).
    """
    deadline = time.monotonic() + seconds
    while not page.evaluate(function, arg):
        assert time.monotonic() < deadline, f"timed out after {seconds} s waiting for {function}"
        time.sleep(0.1)


KEPT = """async () => {
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  await document.fonts.ready;
  if (document.readyState !== "complete" || document.fonts.status !== "loaded") return false;
  const kept = performance.getEntriesByType("resource").map((e) => e.name)
    .filter((url) => url.includes("/assets/"));
  for (const url of kept) if (!(await caches.match(url))) return false;
  return Boolean(await caches.match(location.href));
}"""
"""Whether the service worker keeps the page and every shared file it loaded (its font too)."""


def wait_until_kept(page: Page) -> None:
    """Wait until the service worker keeps the page and its shared files (its font too).

    The files a page loaded before its worker was installed are handed to the worker, which
    fetches them into its cache a moment later; a test that goes offline sooner would see them
    fail, as a reader would who lost the signal within that moment. Text shown late (an opened
    premium body) may start a font download after the others: two frames are let pass, and no
    font may still be loading. The worker is waited for first (active, ready to keep).
    """
    page.evaluate("navigator.serviceWorker.ready")
    wait_until(page, KEPT)


def navigate_offline(page: Page, address: str) -> None:
    """Open a page with the network emulated offline.

    Chromium's DevTools offline emulation now and then (about one run in twenty here) fails a
    navigation before the service worker is asked, with the page in the worker's cache and the
    worker active; a reader who really has no signal never meets that, so a second try is fair.
    """
    for attempt in range(3):
        try:
            page.goto(address)
            return
        except PlaywrightError:
            if attempt == 2:
                raise
            # The failed try may still be loading its error page: a new navigation started
            # meanwhile fails as "interrupted by another navigation".
            with contextlib.suppress(PlaywrightError):
                page.wait_for_load_state()


def fonts_drawing(page: Page, selector: str) -> list[dict[str, Any]]:
    """The fonts Chromium drew an element's text with (DevTools: CSS.getPlatformFontsForNode)."""
    devtools = page.context.new_cdp_session(page)
    try:
        devtools.send("DOM.enable")
        devtools.send("CSS.enable")
        document = devtools.send("DOM.getDocument")
        node = devtools.send(
            "DOM.querySelector", {"nodeId": document["root"]["nodeId"], "selector": selector}
        )
        fonts: list[dict[str, Any]] = devtools.send(
            "CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]}
        )["fonts"]
        return fonts
    finally:
        devtools.detach()
