"""The ZIM files as a Kiwix reader gets them: Debian's kiwix-serve, read in Debian's Chromium.

The real knowledge base (a copy, with the test run's subset Nastaliq font) is exported once per
session with ``export_zim``; one ``kiwix-serve`` on a free port of 127.0.0.1 serves both files
for the whole session; the browser (Playwright) never reaches the network (see
``tests.site_fixtures.open_context``). kiwix-serve 3.3 puts its own toolbar into every page: its
scripts and styles come from the server's ``/skin/``, not from the file.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import Browser, ConsoleMessage, Error, Page, Request

from site_builder.zim.export import export_zim
from tests.site_fixtures import Traffic, copy_knowledge_base, fonts_drawing, open_context
from wikipk.config import load_config

ROOT = Path(__file__).parent.parent
SOP = "content/sops/grievance-channel.md"
"""The English document read, with a link to another document and an image (a diagram)."""
LINKED = "content/sops/fix-ten-broken-points.md"
"""A document the SOP links to in its body."""
URDU_SOP = "content/sops/grievance-channel.ur.md"
IMAGE = "files/media/grievance-flow.svg"
"""The SOP's diagram, as the ZIM file holds it."""
SEARCHED = {"en": (SOP, "handset"), "ur": (URDU_SOP, "ہینڈسیٹ")}
"""A word of each document's body that no other document of its language has."""
SUGGESTED = {"en": (SOP, "grievance"), "ur": (URDU_SOP, "شکایتی")}
"""A word of each document's title."""
STARTUP = 15.0
"""Seconds kiwix-serve may take to answer (it answers in well under one here)."""
ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff\u200c-\u200f]")
"""The characters the site's Nastaliq face covers (its unicode-range)."""
WAIT_MS = 10_000
"""The longest a page may take to load, or a result to show (each takes well under 1 s)."""
SKIN = "/skin/"
"""Where kiwix-serve's own toolbar scripts and styles live (not in the file)."""


@dataclass(frozen=True)
class Document:
    """A document of the knowledge base, as its source says."""

    id: str
    title: str
    body: str

    @classmethod
    def read(cls, source: str) -> Document:
        _, front, body = (ROOT / source).read_text(encoding="utf-8").split("---\n", 2)
        fields: dict[str, Any] = yaml.safe_load(front)
        return cls(fields["id"], fields["title"], body)

    @property
    def path(self) -> str:
        return f"docs/{self.id}.html"


@dataclass(frozen=True)
class ServedZim:
    """The session's ZIM files and the kiwix-serve that serves them."""

    files: dict[str, Path]
    """Each language's file."""
    url: str
    """``http://127.0.0.1:PORT``, no slash."""

    def book(self, lang: str) -> str:
        """The book's name in kiwix-serve's addresses: the file's name without ``.zim``."""
        return self.files[lang].stem

    def address(self, lang: str, path: str = "") -> str:
        """The address of an entry of a language's file."""
        return f"{self.url}/{self.book(lang)}/{path}"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return bool(response.status == 200)
    except OSError:  # refused, or an HTTP error (URLError)
        return False


def _serve(files: list[Path], log: Path, probe: str) -> tuple[subprocess.Popen[bytes], str]:
    """Start kiwix-serve on a free port and wait until it answers ``probe`` (a book's path).

    A port found free may be taken before kiwix-serve binds it: then the server exits, and
    another port is tried.
    """
    kiwix_serve = shutil.which("kiwix-serve")
    if kiwix_serve is None:
        pytest.fail("kiwix-serve is missing: run scripts/install-system-packages")
    for _ in range(3):
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        with log.open("ab") as output:
            server = subprocess.Popen(
                [kiwix_serve, "--address=127.0.0.1", f"--port={port}", *files],
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + STARTUP
        while server.poll() is None and time.monotonic() < deadline:
            if _answers(f"{url}/{probe}"):
                return server, url
            time.sleep(0.05)
        _stop(server)
    pytest.fail(f"kiwix-serve did not answer; its output:\n{log.read_text(errors='replace')}")


def _stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=5)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture(scope="session")
def served_zim(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedZim]:
    """The real content exported once, and served by kiwix-serve for the whole session."""
    root = copy_knowledge_base(tmp_path_factory.mktemp("zim-kb"))
    report = export_zim(load_config(root), root / "_zim")
    files = {zim.lang: zim.path for zim in report.files}
    assert set(files) == {"en", "ur"}
    server, url = _serve(list(files.values()), root / "kiwix-serve.log", f"{files['en'].stem}/")
    try:
        yield ServedZim(files, url)
    finally:
        _stop(server)


@dataclass
class Reading:
    """A page in a fresh browser profile, and every request it made."""

    page: Page
    requests: list[Request] = field(default_factory=list)


def _from_skin(url: str) -> bool:
    return urllib.parse.urlsplit(url).path.startswith(SKIN)


def _console(message: ConsoleMessage, traffic: Traffic) -> None:
    # Messages of kiwix-serve's own toolbar scripts (/skin/) are kiwix's, not the file's.
    url = message.location.get("url", "")
    if message.type == "error" and not _from_skin(url):
        traffic.errors.append(f"{message.text} at {url}" if url else message.text)


def _uncaught(error: Error, traffic: Traffic) -> None:
    # The same for an exception thrown in kiwix-serve's toolbar (its stack names only /skin/).
    stack = error.stack or ""
    frames = re.findall(r"https?://[^\s)]+", stack)
    if not (frames and all(_from_skin(frame) for frame in frames)):
        traffic.errors.append(f"{error}\n{stack}")


@pytest.fixture
def reading(browser: Browser, traffic: Traffic) -> Iterator[Reading]:
    """A page that may reach only 127.0.0.1; the test fails if it logs an error or if a request
    leaves 127.0.0.1 (the ZIM file's pages have no external resource)."""
    context = open_context(browser, traffic)
    try:
        page = context.new_page()
        page.set_default_timeout(WAIT_MS)
        done = Reading(page)
        page.on("console", lambda message: _console(message, traffic))
        page.on("pageerror", lambda error: _uncaught(error, traffic))
        page.on("request", lambda request: done.requests.append(request))
        yield done
    finally:
        context.close()
    assert traffic.errors == []
    assert traffic.outside == []


def open_page(page: Page, address: str) -> None:
    """Open an address and wait until the page and its fonts are loaded."""
    response = page.goto(address)
    assert response is not None and response.status == 200, address
    page.wait_for_load_state("load")
    page.evaluate("async () => { await document.fonts.ready; }")


def test_a_document_opens_through_kiwix_serve(served_zim: ServedZim, reading: Reading) -> None:
    sop = Document.read(SOP)
    assert re.fullmatch(r"wiki-pakistan_en_\d{4}-\d{2}", served_zim.book("en"))
    open_page(reading.page, served_zim.address("en", sop.path))
    assert reading.page.locator("main h1").inner_text() == sop.title
    assert reading.page.title().startswith(sop.title)
    assert reading.page.locator("#kiwixtoolbar").count() == 1, "read through kiwix-serve"


def test_a_link_in_the_body_leads_to_the_other_document_in_the_same_file(
    served_zim: ServedZim, reading: Reading
) -> None:
    sop, linked = Document.read(SOP), Document.read(LINKED)
    page = reading.page
    open_page(page, served_zim.address("en", sop.path))
    link = page.locator(f'main .body a[href="../{linked.path}"]').first
    with page.expect_navigation():
        link.click()
    assert page.url == served_zim.address("en", linked.path)
    assert page.locator("main h1").inner_text() == linked.title


def test_a_documents_image_is_shown_from_the_file(served_zim: ServedZim, reading: Reading) -> None:
    sop = Document.read(SOP)
    assert "![" in sop.body, "the SOP has an image"
    page = reading.page
    open_page(page, served_zim.address("en", sop.path))
    image = page.locator(f'main .body img[src="../{IMAGE}"]')
    image.scroll_into_view_if_needed()  # the image loads lazily
    page.wait_for_function(
        "image => image.complete && image.naturalWidth > 0", arg=image.element_handle()
    )
    assert image.is_visible()
    fetched = [r for r in reading.requests if r.url == served_zim.address("en", IMAGE)]
    assert fetched, "the image came from the ZIM file"
    response = fetched[-1].response()
    assert response is not None and response.status == 200
    assert response.headers["content-type"].startswith("image/svg+xml")


def test_the_urdu_page_reads_right_to_left_in_the_files_nastaliq(
    served_zim: ServedZim, reading: Reading
) -> None:
    urdu = Document.read(URDU_SOP)
    page = reading.page
    open_page(page, served_zim.address("ur", urdu.path))
    html = page.locator("html")
    assert (html.get_attribute("lang"), html.get_attribute("dir")) == ("ur", "rtl")
    paragraph = page.locator("main .body p").first
    assert paragraph.evaluate("e => getComputedStyle(e).direction") == "rtl"
    faces = page.evaluate(
        "[...document.fonts].filter(f => f.family.includes('Nastaliq'))"
        ".map(f => [f.family.replaceAll('\"', ''), f.status])"
    )
    assert faces and all(status == "loaded" for _, status in faces), faces
    # Chromium names the face by the font's own name (Noto Nastaliq Urdu); the system has a
    # font of that name too, but the file's is the custom (web) font. The face covers the
    # Arabic script only (unicode-range): spaces, digits and Latin letters are drawn by another.
    drawn = fonts_drawing(page, "main .body p")
    text = paragraph.inner_text()
    others = sum(1 for character in text if not ARABIC.match(character))
    nastaliq = [f for f in drawn if f["isCustomFont"] and "Nastaliq" in f["familyName"]]
    assert len(nastaliq) == 1, drawn
    assert sum(f["glyphCount"] for f in drawn if f not in nastaliq) <= others, drawn
    fonts = [r for r in reading.requests if r.resource_type == "font"]
    assert fonts and all(
        r.url.startswith(served_zim.address("ur", "assets/fonts/")) for r in fonts
    ), [r.url for r in fonts]
    response = fonts[0].response()
    assert response is not None and response.status == 200


@pytest.mark.parametrize("lang", sorted(SEARCHED))
def test_kiwix_full_text_search_finds_a_document_by_a_word_of_its_body(
    served_zim: ServedZim, reading: Reading, lang: str
) -> None:
    source, word = SEARCHED[lang]
    document = Document.read(source)
    assert word in document.body
    page = reading.page
    query = urllib.parse.urlencode({"content": served_zim.book(lang), "pattern": word})
    open_page(page, f"{served_zim.url}/search?{query}")
    results = page.locator(".results a")
    assert results.count() > 0, f"no result for {word!r}"
    with page.expect_navigation():
        results.first.click()
    assert page.url == served_zim.address(lang, document.path)
    assert page.locator("main h1").inner_text() == document.title


@pytest.mark.parametrize("lang", sorted(SUGGESTED))
def test_kiwix_search_box_suggests_a_document_by_a_word_of_its_title(
    served_zim: ServedZim, reading: Reading, lang: str
) -> None:
    """What a reader does: type into kiwix-serve's search box, pick the suggested title (from
    the file's title index)."""
    source, word = SUGGESTED[lang]
    document = Document.read(source)
    assert word in document.title
    page = reading.page
    open_page(page, served_zim.address(lang))
    page.locator("#kiwixsearchbox").press_sequentially(word)
    suggestion = page.locator(".ui-autocomplete li").get_by_text(document.title, exact=True)
    with page.expect_navigation():
        suggestion.click()
    assert page.url == served_zim.address(lang, document.path)
    assert page.locator("main h1").inner_text() == document.title


def test_reading_never_leaves_the_server(served_zim: ServedZim, reading: Reading) -> None:
    """Every request of the pages is answered by kiwix-serve: from the file, or kiwix's own
    toolbar; none fails, none leaves 127.0.0.1 (the fixture checks that last)."""
    page = reading.page
    addresses = [
        served_zim.address("en"),
        served_zim.address("en", Document.read(SOP).path),
        served_zim.address("en", "scorecards/sample-district-nahar-2026.html"),
        served_zim.address("en", "types/sop.html"),
        served_zim.address("ur", Document.read(URDU_SOP).path),
    ]
    for address in addresses:
        open_page(page, address)
        page.evaluate("document.querySelectorAll('img').forEach(i => { i.loading = 'eager'; })")
        page.wait_for_function("[...document.images].every(image => image.complete)")
    books = tuple(f"{served_zim.url}/{served_zim.book(lang)}/" for lang in served_zim.files)
    elsewhere = [
        r.url
        for r in reading.requests
        if not (r.url.startswith(books) or r.url.startswith(served_zim.url + SKIN))
    ]
    assert elsewhere == []
    failed = []
    for request in reading.requests:
        response = request.response()
        if response is None or response.status >= 400:
            failed.append(f"{request.url}: {response.status if response else request.failure}")
    assert failed == []
    assert any(r.resource_type == "image" and r.url.startswith(books) for r in reading.requests)
