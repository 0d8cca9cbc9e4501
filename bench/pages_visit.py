"""A reader's visit, counted by the server: the bytes of a first page and of a second page in one
browser profile (``bench/bench_pages.py``).

Two Lighthouse runs share no cache, so the second page is measured here instead: Playwright
drives Debian's Chromium (no throttling: bytes do not depend on it) in one fresh profile, opens
the home page and reads it to the end (a screen at a time: lazy images load), waits for the
service worker to be ready and the network to be idle, then does the same with the page; the
site's server counts every byte it sends (headers and bodies, the service worker's
own downloads and revalidations included), so what the browser took from its cache or the
service worker's is not counted and what the worker fetched in the background is.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, cast

CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu"]
READ_TO_THE_END = """async () => {
  for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight / 2) {
    scrollTo(0, y);
    await new Promise((done) => setTimeout(done, 50));
  }
}"""
"""Scrolls a screen at a time, as a reader does (a jump to the end skips the lazy images)."""
SETTLE_MS = 1000
"""How long a page is left after the network went idle, for the service worker's downloads."""


class Tally:
    """The bytes the server sent, per request path, since the last :meth:`reset`."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.sent: list[tuple[str, int]] = []

    def add(self, path: str, size: int) -> None:
        with self._lock:
            self.sent.append((path, size))

    def reset(self) -> list[tuple[str, int]]:
        with self._lock:
            sent, self.sent = self.sent, []
        return sent


class _Counted:
    """A handler's output stream that counts what is written to it."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.count = 0

    def write(self, data: bytes) -> int:
        self.count += len(data)
        return int(self.stream.write(data))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def count_bytes(server: ThreadingHTTPServer) -> Tally:
    """Make ``server`` (``site_builder.serve.make_server``'s) count the bytes it sends."""
    tally = Tally()
    made = server.RequestHandlerClass
    assert isinstance(made, functools.partial)
    base = cast(type[SimpleHTTPRequestHandler], made.func)

    class Counting(base):  # type: ignore[valid-type,misc]
        def handle_one_request(self) -> None:
            counted = _Counted(getattr(self, "wfile"))  # noqa: B009 (mypy cannot type it here)
            self.wfile = cast(Any, counted)
            try:
                super().handle_one_request()
            finally:
                self.wfile = counted.stream
                if counted.count:
                    tally.add(getattr(self, "path", "?"), counted.count)

    server.RequestHandlerClass = functools.partial(Counting, *made.args, **made.keywords)
    return tally


@contextmanager
def browser() -> Iterator[Any]:
    """Debian's headless Chromium through Playwright, for the block."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield chromium
        finally:
            chromium.close()


def _open(page: Any, url: str) -> None:
    """Open ``url`` and read it to the end (lazy images load, as in Lighthouse's full-page
    screenshot), then let the service worker finish."""
    page.goto(url, wait_until="networkidle")
    page.evaluate(READ_TO_THE_END)
    page.evaluate("navigator.serviceWorker ? navigator.serviceWorker.ready.then(() => 1) : 0")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(SETTLE_MS)


def visit(chromium: Any, tally: Tally, base: str, first: str, second: str | None) -> list[int]:
    """Open ``first`` (and then ``second``) in one fresh profile, phone-sized: the bytes the
    server sent for each page."""
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        tally.reset()
        sizes = []
        for path in (first, second) if second else (first,):
            _open(page, base + path)
            sizes.append(sum(size for _, size in tally.reset()))
        return sizes
    finally:
        context.close()
