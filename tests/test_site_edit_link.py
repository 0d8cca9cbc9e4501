""" "Improve this page on Wiki Pakistan": each public document page's edit link on the wiki.

The knowledge base is the small publish corpus (an English SOP and its Urdu translation, a
guideline, a premium case study), with the guideline retitled so its title needs encoding.
"""

from __future__ import annotations

import json
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from site_builder.build import build_site
from site_builder.edit_link import wiki_edit_url
from site_builder.serve import make_server
from tests.cli_helpers import run
from tests.premium_kb import add_subscriber, read_as_subscriber, write_config
from tests.test_site_browser import _axe
from tests.wiki_fixtures import DevWikiHandle
from wikipk.config import load_config

DATA = Path(__file__).parent / "data" / "publish"
WIKI = "https://wiki.example.org/w"
TITLE = "Integrity: who's paid & when?"
URDU = "پانی کی اسکیم بحال کریں"
ON = f"site:\n  edit_on_wiki: true\nwiki:\n  url: {WIKI}\n"
ENGLISH_LINK = (
    '<p class="improve"><a href="https://wiki.example.org/w/index.php?title='
    'Restore_a_water_scheme&amp;action=edit">Improve this page on Wiki Pakistan</a></p>'
)
URDU_LINK = (
    '<p class="improve"><a href="https://wiki.example.org/w/index.php?title='
    "%D9%BE%D8%A7%D9%86%DB%8C_%DA%A9%DB%8C_%D8%A7%D8%B3%DA%A9%DB%8C%D9%85_%D8%A8%D8%AD%D8%A7%D9%84"
    '_%DA%A9%D8%B1%DB%8C%DA%BA&amp;action=edit">وکی پاکستان پر اس صفحے کو بہتر بنائیں</a></p>'
)
TITLED_LINK = (
    '<p class="improve"><a href="https://wiki.example.org/w/index.php?title='
    'Integrity:_who%27s_paid_%26_when%3F&amp;action=edit">Improve this page on Wiki Pakistan</a>'
    "</p>"
)
PREMIUM = "docs/premium-case.html"


@pytest.fixture
def small_kb(tmp_path: Path) -> Path:
    """The publish corpus, its guideline titled with characters a URL must encode."""
    root = tmp_path / "kb"
    shutil.copytree(DATA / "content", root / "content")
    guideline = root / "content" / "guidelines" / "integrity.md"
    text = guideline.read_text(encoding="utf-8")
    guideline.write_text(text.replace("title: Integrity rules", f'title: "{TITLE}"'))
    return root


def build(root: Path, config: str | None = None) -> Path:
    """Build the site of ``root`` (with ``config`` as its ``wikipk.yml``) and return it."""
    if config is not None:
        (root / "wikipk.yml").write_text(config, encoding="utf-8")
    out = root / "_site"
    build_site(load_config(root), out, search=False)
    return out


def doc_page(out: Path, doc_id: str) -> str:
    return (out / "docs" / f"{doc_id}.html").read_text(encoding="utf-8")


def test_the_link_is_off_by_default(small_kb: Path) -> None:
    out = build(small_kb)
    for path in out.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "action=edit" not in text and 'class="improve"' not in text, path


def test_each_public_document_links_to_its_page_in_the_wiki_s_editor(small_kb: Path) -> None:
    out = build(small_kb, ON)
    assert ENGLISH_LINK in doc_page(out, "water-scheme")
    assert URDU_LINK in doc_page(out, "water-scheme-ur")
    assert TITLED_LINK in doc_page(out, "integrity")
    # At the end of the article, after the body: one link per page, nowhere else.
    english = doc_page(out, "water-scheme")
    assert english.count("action=edit") == 1
    assert english.index(ENGLISH_LINK) > english.index('<div class="body">')
    assert english.index(ENGLISH_LINK) < english.index("</article>")
    for listing in [*out.glob("types/*.html"), *out.glob("tags/*.html"), out / "index.html"]:
        assert "action=edit" not in listing.read_text(encoding="utf-8"), listing
    for listing in out.glob("languages/*.html"):
        assert "action=edit" not in listing.read_text(encoding="utf-8"), listing


def test_turning_the_link_on_renders_the_cached_pages_again(small_kb: Path) -> None:
    build(small_kb)
    out = build(small_kb, ON)
    assert ENGLISH_LINK in doc_page(out, "water-scheme")
    out = build(small_kb, "site:\n  edit_on_wiki: false\n")
    assert "action=edit" not in doc_page(out, "water-scheme")


def test_a_premium_page_never_offers_the_link(small_kb: Path) -> None:
    write_config(small_kb, ON)
    code = add_subscriber(small_kb, "District hub")
    out = build(small_kb)
    teaser = (out / PREMIUM).read_text(encoding="utf-8")
    assert 'id="sealed"' in teaser  # a subscriber's page, with its body sealed in it
    assert "action=edit" not in teaser and "wiki.example.org" not in teaser
    body = read_as_subscriber(out, code, PREMIUM)
    assert "Context" in body
    assert "action=edit" not in body and "wiki.example.org" not in body


def test_the_link_is_the_one_mediawiki_gives_for_the_page(devwiki: DevWikiHandle) -> None:
    site = devwiki.site()
    for title in ("Restore a water scheme", URDU, TITLE, "water  points_and wells"):
        answer = site.api("query", titles=title, prop="info", inprop="url", formatversion=2)
        editurl = answer["query"]["pages"][0]["editurl"]
        assert wiki_edit_url(devwiki.url, title) == editurl, title


@pytest.mark.parametrize(
    ("config", "output"),
    [
        (
            "site:\n  edit_on_wiki: true\n",
            "Error: wikipk.yml:2:17: 'site.edit_on_wiki' needs the wiki's address, and "
            "'wiki.url' is not set; the site was not built\n"
            "    hint: add 'url:' under 'wiki:': the wiki's folder that holds index.php and "
            "api.php, such as https://wiki.example.org/w/\n",
        ),
        (
            "site:\n  edit_on_wiki: yes please\n",
            "Error: wikipk.yml:2:17: 'site.edit_on_wiki' must be true or false, got 'yes please'"
            "; the site was not built\n    hint: write false\n",
        ),
        (
            "site:\n  edit_on_wiki: true\nwiki:\n  url: wiki.example.org/w/\n",
            "Error: wikipk.yml:4:8: 'wiki.url' must be an http:// or https:// address, got "
            "'wiki.example.org/w/'; the site was not built\n"
            "    hint: write the address readers open, such as https://wiki.example.org/w/\n",
        ),
        (
            "site:\n  edit_on_wik: true\n",
            "Error: wikipk.yml:2:3: unknown setting 'site.edit_on_wik'; the site was not built\n"
            "    hint: did you mean 'edit_on_wiki'?\n",
        ),
    ],
)
def test_a_wrong_setting_is_located(knowledge_base: Path, config: str, output: str) -> None:
    (knowledge_base / "wikipk.yml").write_text(config, encoding="utf-8")
    result = run("build")
    assert (result.output, result.exit_code) == (output, 2)


@pytest.fixture
def served(small_kb: Path) -> Iterator[str]:
    """The small site with edit links, served on 127.0.0.1."""
    out = build(small_kb, ON)
    server = make_server(out, 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.mark.parametrize("doc_id", ["water-scheme", "water-scheme-ur"])
def test_the_link_is_accessible_in_both_directions(served: str, page: Page, doc_id: str) -> None:
    page.goto(f"{served}docs/{doc_id}.html")
    page.wait_for_load_state("networkidle")
    link = page.locator(".improve a")
    assert link.count() == 1
    box = link.bounding_box()
    assert box is not None and box["height"] >= 16  # a target a finger can find
    direction = page.evaluate("getComputedStyle(document.querySelector('.improve')).direction")
    assert direction == ("rtl" if doc_id.endswith("-ur") else "ltr")
    serious: list[dict[str, Any]] = _axe(page)
    assert serious == [], json.dumps([(v["id"], v["help"]) for v in serious], indent=1)
    assert re.fullmatch(
        r"https://wiki\.example\.org/w/index\.php\?title=.+&action=edit",
        str(link.get_attribute("href")),
    )
