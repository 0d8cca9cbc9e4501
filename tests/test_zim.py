"""The offline edition: ``wikipk export zim`` writes one ZIM file per language that Kiwix reads.

Every file is read back with python-libzim (openZIM's own library, the one Kiwix is built on)
and checked with Debian's ``zimcheck``. The knowledge base is the starter content with the
premium leak marker planted (``tests/premium_kb.py``), a photo too wide for a phone, and the
English grievance SOP dated after every other document, so that the two languages' files have
different dates. It is exported once for the module. What the command prints and when it
writes nothing: ``tests/test_zim_cli.py``.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image

from site_builder.zim.export import ExportReport, export_zim
from tests.premium_kb import MARKER, PREMIUM_ID, SECRET_IMAGE, copy_starter
from tests.zim_books import Book, internal_target, links, read_book, zimcheck
from wikipk.config import load_config

LANGS = ("en", "ur")
SITE = "https://wikipakistan.example/"
NEWEST = "content/sops/grievance-channel.md"
NEWEST_DATE = "2026-11-27"
"""Re-dated in the test copy: the English file's date; the Urdu file's is its own newest."""
PHOTO = "content/media/wide-photo.png"
PHOTO_WIDTH = 1600
PREMIUM_BODY = "a five-day rapid listening exercise with women, youth, elders"
"""A phrase of the premium case study's own body (the starter content's)."""
_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)


@dataclass(frozen=True)
class Offline:
    """The module's knowledge base and its exported files."""

    root: Path
    report: ExportReport
    books: dict[str, Book]


@dataclass(frozen=True)
class Doc:
    """A document of the test copy, as its front matter says."""

    id: str
    lang: str
    type: str
    title: str
    updated: str
    tags: tuple[str, ...]
    premium: bool


def documents(root: Path) -> list[Doc]:
    """The documents of a knowledge base, read from their front matter (not by wikipk)."""
    found = []
    for path in sorted((root / "content").rglob("*.md")):
        front = _FRONT.match(path.read_text(encoding="utf-8"))
        assert front is not None, path
        fields = dict(re.findall(r"(?m)^(\w+): (.*)$", front.group(1)))
        found.append(
            Doc(
                fields["id"],
                fields["lang"],
                fields["type"],
                fields["title"].strip("'\""),
                fields["updated"],
                tuple(tag.strip() for tag in fields["tags"].strip("[]").split(",")),
                fields.get("premium") == "true",
            )
        )
    return found


def add_wide_photo(root: Path) -> None:
    """A photo wider than any phone, shown by the English grievance SOP."""
    Image.new("RGB", (PHOTO_WIDTH, 800), (30, 120, 200)).save(root / PHOTO)
    source = root / NEWEST
    text = source.read_text(encoding="utf-8")
    text = text.replace(
        "## Purpose\n",
        "## Purpose\n\n![A water point after its repair](../media/wide-photo.png)\n\n",
        1,
    )
    text = re.sub(r"(?m)^updated: .*$", f"updated: {NEWEST_DATE}", text, count=1)
    source.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def offline(tmp_path_factory: pytest.TempPathFactory) -> Offline:
    root = copy_starter(tmp_path_factory.mktemp("zim-kb"), marker=True)
    add_wide_photo(root)
    report = export_zim(load_config(root), root / "_zim")
    return Offline(root, report, {file.lang: read_book(file.path) for file in report.files})


def _docs(offline: Offline, lang: str) -> list[Doc]:
    return [doc for doc in documents(offline.root) if doc.lang == lang]


# 1. The real tools accept the files.


@pytest.mark.parametrize("lang", LANGS)
def test_the_file_passes_libzim_check_and_zimcheck(offline: Offline, lang: str) -> None:
    book = offline.books[lang]
    assert book.archive.check()
    result = zimcheck(book.path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Overall Test Status: Pass" in result.stdout + result.stderr


# 2. What a file says about itself.


@pytest.mark.parametrize(
    ("lang", "language", "description"),
    [
        ("en", "eng", "Tested procedures and lessons for welfare work in Pakistan"),
        ("ur", "urd", "پاکستان میں فلاحی کام کے آزمودہ طریقۂ کار اور تجربات"),
    ],
)
def test_the_metadata_openzim_requires(
    offline: Offline, lang: str, language: str, description: str
) -> None:
    book = offline.books[lang]
    newest = max(doc.updated for doc in _docs(offline, lang))
    assert newest == {"en": NEWEST_DATE, "ur": "2026-11-23"}[lang]
    assert book.path.name == f"wiki-pakistan_{lang}_{newest[:7]}.zim"
    assert {name: book.metadata(name) for name in book.archive.metadata_keys if name[0] != "I"} == {
        "Name": f"wiki-pakistan_{lang}",
        "Title": "Wiki Pakistan",
        "Description": description,
        "LongDescription": book.metadata("LongDescription"),
        "Language": language,
        "Creator": "Wiki Pakistan",
        "Publisher": "Wiki Pakistan",
        "Date": newest,
        "Tags": "welfare;pakistan;sop",
        "Source": SITE,
        "Scraper": "wikipk",
        "Counter": book.metadata("Counter"),
    }
    assert len(description) <= 80
    assert book.metadata("LongDescription")
    assert [name for name in book.archive.metadata_keys if name[0] == "I"] == [
        "Illustration_48x48@1"
    ]
    with Image.open(io.BytesIO(bytes(book.archive.get_illustration_item(48).content))) as icon:
        assert (icon.format, icon.size) == ("PNG", (48, 48))
    main = book.archive.main_entry
    assert (main.get_redirect_entry() if main.is_redirect else main).path == "index.html"
    assert book.archive.has_fulltext_index and book.archive.has_title_index


# 3. What a file holds, and what it does not.


@pytest.mark.parametrize("lang", LANGS)
def test_every_document_of_the_language_has_its_page(offline: Offline, lang: str) -> None:
    book = offline.books[lang]
    docs = _docs(offline, lang)
    assert {path for path in book.pages() if path.startswith("docs/")} == {
        f"docs/{doc.id}.html" for doc in docs
    }
    for doc in docs:
        assert book.archive.get_entry_by_path(f"docs/{doc.id}.html").title == doc.title
    (file,) = [file for file in offline.report.files if file.lang == lang]
    assert (file.documents, file.written) == (len(docs), True)


@pytest.mark.parametrize("lang", LANGS)
def test_the_listings_by_type_tag_and_language(offline: Offline, lang: str) -> None:
    book = offline.books[lang]
    docs = _docs(offline, lang)
    other = {"en": "ur", "ur": "en"}[lang]
    assert book.has("index.html") and book.has("tags/index.html")
    assert book.has(f"languages/{lang}.html") and not book.has(f"languages/{other}.html")
    for doc in docs:
        page = f"docs/{doc.id}.html"
        assert f'href="../{page}"' in book.text(f"types/{doc.type}.html"), (doc.type, page)
        for tag in doc.tags:
            assert f'href="../{page}"' in book.text(f"tags/{tag}.html"), (tag, page)
        assert f'href="../{page}"' in book.text(f"languages/{lang}.html")
    tags = {path for path in book.pages() if path.startswith("tags/")}
    assert tags == {"tags/index.html"} | {f"tags/{tag}.html" for doc in docs for tag in doc.tags}


@pytest.mark.parametrize(
    ("lang", "guides", "scorecards"),
    [
        ("en", "SOPs and guidelines", "Scorecards"),
        ("ur", "ایس او پیز اور رہنما اصول", "اسکور کارڈز"),
    ],
)
def test_the_home_page_speaks_the_files_language_and_leads_with_sops(
    offline: Offline, lang: str, guides: str, scorecards: str
) -> None:
    home = offline.books[lang].text("index.html")
    assert f'<html lang="{lang}"' in home
    assert home.index(f"<h2>{guides}</h2>") < home.index(f"<h2>{scorecards}</h2>")
    cards = re.findall(r'<li lang="(\w+)" dir="\w+">\n<a href="(docs/[^"]+)"', home)
    assert cards and {card_lang for card_lang, _ in cards} == {lang}
    kinds = {doc.id: doc.type for doc in _docs(offline, lang)}
    assert {kinds[url[5:-5]] for _, url in cards} <= {"sop", "guideline", "case-study"}
    assert 'href="scorecards/index.html"' in home


@pytest.mark.parametrize("lang", LANGS)
def test_the_scorecard_pages_and_their_data(offline: Offline, lang: str) -> None:
    book = offline.books[lang]
    assert "Scorecards by tehsil" in book.text("scorecards/index.html")
    for district in ("nahar-2025", "nahar-2026", "pahar-2025", "pahar-2026"):
        # The tehsil overview in the file's language; the other one is on the site.
        assert book.has(f"scorecards/sample-district-{district}.html") is (lang == "en")
        assert book.has(f"scorecards/sample-district-{district}.ur.html") is (lang == "ur")
        data = book.text(f"scorecards/data/sample-district-{district}.csv")
        assert data.count("\n") > 2 and "," in data.splitlines()[0]
    page = {"en": "docs/nahar-bazar-2026.html", "ur": "docs/nahar-bazar-2026-ur.html"}[lang]
    assert book.text(page).count("<svg") == 2, "the scorecard's charts"
    overview = {"en": "nahar-2026", "ur": "nahar-2026.ur"}[lang]
    assert "<svg" in book.text(f"scorecards/sample-district-{overview}.html")
    csv = [link for link in links(book.text(page)) if link.endswith(".csv")]
    assert csv, "the scorecard's page offers its data"
    for link in csv:
        target = internal_target(page, link)
        assert target is not None and book.has(target), link


def test_images_are_published_at_a_phone_width(offline: Offline) -> None:
    book = offline.books["en"]
    rasters = [path for path, kind in book.mimetypes.items() if kind.startswith("image/")]
    assert "files/media/wide-photo.640.png" in rasters
    assert not book.has("files/media/wide-photo.png")
    for path in rasters:
        if path.startswith("files/"):
            data = book.items[path]
            if book.mimetypes[path] != "image/svg+xml":
                with Image.open(io.BytesIO(data)) as image:
                    assert image.width <= 640, path
    with Image.open(io.BytesIO(book.items["files/media/wide-photo.640.png"])) as photo:
        assert photo.size == (640, 320)
    assert 'src="../files/media/wide-photo.640.png"' in book.text("docs/grievance-channel.html")
    assert not any("wide-photo" in path for path in offline.books["ur"].items)


def test_the_urdu_file_has_the_stylesheet_and_the_nastaliq_font(offline: Offline) -> None:
    book = offline.books["ur"]
    page = book.text("docs/grievance-channel-ur.html")
    assert '<html lang="ur" dir="rtl">' in page
    (sheet,) = re.findall(r'<link rel="stylesheet" href="\.\./(assets/site\.[^"]+\.css)">', page)
    assert book.mimetypes[sheet] == "text/css"
    (font,) = re.findall(r'url\("([^"]+\.woff2)"\)', book.text(sheet))
    path = internal_target(sheet, font)
    assert path is not None and path.startswith("assets/fonts/noto-nastaliq-urdu.")
    assert book.mimetypes[path] == "font/woff2"
    assert book.items[path][:4] == b"wOF2"
    # The English file's pages load no web font (their Urdu words use the reader's fonts).
    english = offline.books["en"]
    assert not any(kind.startswith("font/") for kind in english.mimetypes.values())


@pytest.mark.parametrize("lang", LANGS)
def test_nothing_only_a_website_uses(offline: Offline, lang: str) -> None:
    book = offline.books[lang]
    for path in book.items:
        assert path not in {"sw.js", "search.html", "404.html", "feed.xml", "sitemap.xml"}
        assert not path.startswith(("pagefind/", "keys/", "sealed/")), path
        assert not path.endswith(".js"), path
    for path, page in book.pages().items():
        assert "<!--web-->" not in page and "<!--/web-->" not in page, path
        assert "<script" not in page, path
        assert 'rel="canonical"' not in page and "og:url" not in page, path
        assert "i.ytimg.com" not in page, path


@pytest.mark.parametrize("lang", LANGS)
def test_links_inside_the_file_resolve_and_the_rest_go_to_the_site(
    offline: Offline, lang: str
) -> None:
    book = offline.books[lang]
    inside = outside = 0
    for path, page in book.pages().items():
        for address in links(page):
            assert not address.startswith("/"), (path, address)
            target = internal_target(path, address)
            if target is not None:
                inside += 1
                assert book.has(target), (path, address)
                fragment = address.partition("#")[2]
                if fragment and target != path and book.mimetypes.get(target) == "text/html":
                    assert f'id="{fragment}"' in book.text(target), (path, address)
            elif address.startswith(SITE):
                outside += 1
                address_path = address.removeprefix(SITE).partition("#")[0]
                assert not book.has(address_path), (path, address)
    assert inside > 300 and outside > 10


def test_a_translation_is_linked_on_the_site(offline: Offline) -> None:
    english = offline.books["en"].text("docs/grievance-channel.html")
    urdu = offline.books["ur"].text("docs/grievance-channel-ur.html")
    assert f'href="{SITE}docs/grievance-channel-ur.html"' in english
    assert f'href="{SITE}docs/grievance-channel.html"' in urdu
    assert 'href="../docs/fix-ten-broken-points-ur.html#procedure"' in urdu
    assert f'href="{SITE}languages/en.html"' in urdu


# 4. Premium documents: their teaser, never their body.


def test_no_entry_of_any_file_holds_a_premium_body(offline: Offline) -> None:
    assert MARKER in (offline.root / "content/case-studies" / f"{PREMIUM_ID}.md").read_text()
    for book in offline.books.values():
        assert len(book.items) > 50
        for path, data in book.items.items():
            assert MARKER.encode() not in data, (book.path.name, path)
            assert PREMIUM_BODY.encode() not in data, (book.path.name, path)
            assert b'id="sealed"' not in data, (book.path.name, path)
        assert not any(Path(SECRET_IMAGE).name in path for path in book.items)
        assert book.search("5c1e9") == [] and book.search("rapid listening exercise") == []
    teaser = offline.books["en"].text(f"docs/{PREMIUM_ID}.html")
    assert '<h2 id="premium">For subscribers</h2>' in teaser
    assert "A close reading of the Balochistan Whole-of-Community Action Plan" in teaser
    assert 'id="unlock"' not in teaser


# 5. Kiwix's own search.


def test_full_text_search_finds_a_document_by_a_word_of_its_body(offline: Offline) -> None:
    assert offline.books["en"].search("handset")[:1] == ["docs/grievance-channel.html"]
    assert offline.books["ur"].search("ہینڈسیٹ") == ["docs/grievance-channel-ur.html"]
    assert offline.books["en"].search("ہینڈسیٹ") == []


def test_title_search_suggests_a_document(offline: Offline) -> None:
    assert offline.books["en"].suggest("Prequalify")[:1] == [
        "docs/ayt-franchisee-prequalification.html"
    ]
    assert "docs/grievance-channel-ur.html" in offline.books["ur"].suggest("شکایتی چینل")


@pytest.mark.parametrize(("lang", "word"), [("en", "accountability"), ("ur", "grievance")])
def test_listings_are_not_search_results(offline: Offline, lang: str, word: str) -> None:
    book = offline.books[lang]
    listing = f"tags/{word}.html"
    assert word in book.text(listing)
    assert '<meta name="robots" content="noindex">' in book.text(listing)
    found = book.search(word)
    assert found, word
    assert not [path for path in found if path.startswith(("tags/", "types/", "languages/"))]
    assert '<meta name="robots"' not in book.text(found[0])
