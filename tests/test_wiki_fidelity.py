"""The wikitext renderer proved against MediaWiki's own parser.

Every document of ``content/`` and every scenario of ``tests/data/wikitext/`` (one per construct,
plus ``hostile.md``) is rendered twice from the same parse: to HTML by ``render_html`` (what the
site shows) and to wikitext, which the session's real dev wiki turns into HTML (``action=parse``, one
call per file). The two HTML documents must have the same structure (see ``tests/html_dom.py``),
and the wiki must report no template, category, link, external link or image that the author did
not write.

Needs the ``devwiki`` fixture (``tests/wiki_fixtures.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote

import pytest
from click.testing import CliRunner

from sync.wiki.corpus import Corpus
from sync.wiki.render.body import render_body
from sync.wiki.render.escape import linkable_url
from sync.wiki.render.page import (
    SUBSCRIBER_CATEGORY,
    categories,
    category_links,
    infobox,
    render_page,
    render_teaser,
)
from sync.wiki.templates import wiki_templates
from tests import html_dom
from wikipk.cli import main
from wikipk.config import load_config
from wikipk.links import LinkKind, resolve
from wikipk.loading import load_knowledge_base
from wikipk.markdown import render_html
from wikipk.model import Document

ROOT = Path(__file__).resolve().parent.parent
CORPORA = {"content": ROOT / "content", "scenarios": ROOT / "tests" / "data" / "wikitext"}
PLACEHOLDER = "Placeholder page: a link target for the wikitext fidelity tests."


@dataclass(frozen=True)
class Loaded:
    """One corpus: its folder and documents."""

    folder: Path
    corpus: Corpus


def _files() -> list[str]:
    return [
        f"{name}/{path.relative_to(folder).as_posix()}"
        for name, folder in CORPORA.items()
        for path in sorted(folder.rglob("*.md"))
    ]


@pytest.fixture(scope="module")
def corpora() -> dict[str, Loaded]:
    """Both corpora, loaded and validated like 'wikipk check' does."""
    loaded = {}
    for name, folder in CORPORA.items():
        config = load_config(ROOT, folder)
        knowledge = load_knowledge_base(config)
        assert not knowledge.problems, f"{name} has problems: {knowledge.problems}"
        loaded[name] = Loaded(folder, Corpus.of(knowledge.documents, config.languages))
    return loaded


@pytest.fixture(scope="module")
def site(devwiki: Any, corpora: dict[str, Loaded]) -> Any:
    """The dev wiki with our templates, a page for every document title, and every image."""
    site = devwiki.site()
    token = site.get_token("csrf")
    for title, text in wiki_templates().items():
        site.post("edit", title=title, text=text, token=token, bot=1, summary="templates")
    for loaded in corpora.values():
        documents = list(loaded.corpus.by_path.values())
        for title in _missing(site, [doc.title for doc in documents]):
            site.post("edit", title=title, text=PLACEHOLDER, token=token, createonly=1, bot=1)
        _upload_images(site, loaded, documents)
    return site


def _missing(site: Any, titles: list[str]) -> list[str]:
    missing: list[str] = []
    for start in range(0, len(titles), 50):
        batch = titles[start : start + 50]
        result = site.post("query", titles="|".join(batch), formatversion=2)
        missing.extend(page["title"] for page in result["query"]["pages"] if page.get("missing"))
    return missing


def _upload_images(site: Any, loaded: Loaded, documents: list[Document]) -> None:
    paths = {
        target.path
        for doc in documents
        for link in doc.links
        if link.is_image
        for target in [resolve(doc.path, link.target)]
        if target.kind is LinkKind.FILE and target.path is not None
    }
    by_title = {_file_title(loaded.corpus.file_name(path)): path for path in paths}
    for title in _missing(site, sorted(by_title)):
        path = by_title[title]
        with (loaded.folder / path).open("rb") as file:
            name = loaded.corpus.file_name(path)
            result = site.upload(file, filename=name, description=PLACEHOLDER, ignore=True)
        assert result.get("result") == "Success", result


def _file_title(name: str) -> str:
    return "File:" + html_dom.title_key(name)


# -- what each renderer is expected to say --------------------------------------------------


def _site_target(doc: Document, corpus: Corpus, href: str) -> str | None:
    """The canonical target of a link in the site's HTML (see ``html_dom.wiki_link``)."""
    target = resolve(doc.path, unquote(href))
    if target.kind is LinkKind.ANCHOR:
        return f"#{target.fragment}"
    if target.kind is LinkKind.DOCUMENT and target.path is not None:
        linked = corpus.by_path.get(target.path)
        if linked is None:
            return None
        if linked.path == doc.path and target.fragment:
            return f"#{target.fragment}"
        fragment = f"#{target.fragment}" if target.fragment else ""
        return f"page:{html_dom.title_key(linked.title)}{fragment}"
    if target.kind is LinkKind.FILE and target.path is not None:
        return f"media:{html_dom.title_key(corpus.file_name(target.path))}"
    return unquote(href)


def site_tree(doc: Document, corpus: Corpus) -> html_dom.Node:
    """The canonical tree of the site's HTML for a document's body."""

    def image(src: str) -> str:
        target = resolve(doc.path, unquote(src))
        path = target.path
        return html_dom.title_key(corpus.file_name(path)) if path else src

    return html_dom.markdown_tree(
        render_html(doc.tree), lambda href: _site_target(doc, corpus, href), image
    )


def expected_props(doc: Document, corpus: Corpus) -> dict[str, set[str]]:
    """What the wiki may report for a page: only what the author wrote (and our metadata)."""
    links: set[str] = {html_dom.title_key(v.title) for v in corpus.versions(doc) if v != doc}
    links |= {f"Category:Tag: {tag}" for tag in doc.tags}
    external = {f"https://www.youtube.com/watch?v={video.video_id}" for video in doc.videos}
    images: set[str] = set()
    for ref in doc.links:
        target = resolve(doc.path, ref.target)
        if ref.is_image and target.kind is LinkKind.FILE and target.path is not None:
            images.add(html_dom.title_key(corpus.file_name(target.path)))
        elif target.kind is LinkKind.DOCUMENT and target.path is not None:
            linked = corpus.by_path.get(target.path)
            if linked is not None and linked.path != doc.path:
                links.add(html_dom.title_key(linked.title))
        elif target.kind is LinkKind.EXTERNAL and (
            linkable_url(ref.target) or ref.target.startswith("//")
        ):
            external.add(ref.target)
    return {
        "templates": {"Template:Infobox document", "Template:Box start", "Template:Box end"},
        "categories": set(categories(doc, corpus)),
        "links": links,
        "externallinks": external,
        "images": images,
    }


def wiki_props(parsed: dict[str, Any]) -> dict[str, set[str]]:
    """The templates, categories, links, external links and images the wiki found."""
    return {
        "templates": {t["title"] for t in parsed["templates"]},
        "categories": {c["category"].replace("_", " ") for c in parsed["categories"]},
        "links": {html_dom.title_key(link["title"]) for link in parsed["links"]},
        "externallinks": {unquote(url) for url in parsed["externallinks"]},
        "images": {html_dom.title_key(name) for name in parsed["images"]},
    }


def parse(site: Any, title: str, text: str) -> dict[str, Any]:
    """MediaWiki's rendering of ``text`` as page ``title``, saved as an edit would be (PST)."""
    result = site.post(
        "parse",
        title=title,
        text=text,
        contentmodel="wikitext",
        prop="text|templates|categories|links|externallinks|images|properties|displaytitle",
        pst=1,
        disableeditsection=1,
        disablelimitreport=1,
        disabletoc=1,
        formatversion=2,
    )
    parsed: dict[str, Any] = result["parse"]
    return parsed


# -- the tests ------------------------------------------------------------------------------


@pytest.mark.parametrize("file", _files())
def test_wiki_renders_like_the_site(file: str, corpora: dict[str, Loaded], site: Any) -> None:
    name, _, relative = file.partition("/")
    corpus = corpora[name].corpus
    doc = corpus.by_path[PurePosixPath(relative)]
    # A premium body never goes to the wiki, but its rendering must still be right.
    text = "\n\n".join(
        [infobox(doc, corpus), render_body(doc, corpus), category_links(categories(doc, corpus))]
    )
    assert doc.is_premium or text == render_page(doc, corpus)
    parsed = parse(site, doc.title, text)

    diff = html_dom.diff_lines(
        site_tree(doc, corpus), html_dom.wiki_tree(parsed["text"], doc.title)
    )
    if diff:
        pytest.fail(f"{file}: the wiki does not show what the site shows:\n" + "\n".join(diff))

    expected, found = expected_props(doc, corpus), wiki_props(parsed)
    assert found["templates"] <= expected["templates"], f"{file}: templates"
    for prop in ("categories", "links", "externallinks", "images"):
        assert found[prop] == expected[prop], f"{file}: {prop} the author did not write"
    assert not parsed["properties"], f"{file}: page properties (magic words) were set"
    shown_title = html_dom.parse_html(parsed["displaytitle"]).text()
    assert shown_title == doc.title, f"{file}: display title"


def test_hostile_text_shows_as_text(corpora: dict[str, Loaded], site: Any) -> None:
    corpus = corpora["scenarios"].corpus
    doc = corpus.by_id["wikitext-hostile"]
    parsed = parse(site, doc.title, render_page(doc, corpus))
    text = html_dom.parse_html(parsed["text"]).text()
    for written in (
        "{{Infobox document|id=fake}}",
        "{{subst:PAGENAME}}",
        "[[Category:Hostile added]]",
        "~~~~",
        "__NOTOC__",
        "ISBN 978-0-306-40615-7",
        "https://example.org/bare",
        "<script>alert(1)</script>",
        "''not italic''",
        "#REDIRECT [[Main Page]]",
        "{| A table at line start",
    ):
        assert written in text, f"{written!r} is not shown as written"
    assert "mw-magiclink" not in parsed["text"]
    assert "Hostile added" not in str(parsed["categories"])
    assert not any(link["title"] == "Main Page" for link in parsed["links"])


def test_premium_teaser_on_the_wiki_has_no_body(corpora: dict[str, Loaded], site: Any) -> None:
    corpus = corpora["content"].corpus
    doc = next(doc for doc in corpus.by_path.values() if doc.is_premium)
    parsed = parse(site, doc.title, render_teaser(doc, corpus, "https://example.org/premium"))
    text = html_dom.clean_text(html_dom.parse_html(parsed["text"]).text())
    assert "This case study is for subscribers" in text
    assert html_dom.clean_text(doc.summary) in text
    body_text = html_dom.clean_text(html_dom.parse_html(render_html(doc.tree)).text())
    sentences = [s.strip() for s in body_text.split(".") if len(s.strip()) > 40]
    assert sentences and not any(sentence in text for sentence in sentences)
    found = {c["category"].replace("_", " ") for c in parsed["categories"]}
    assert found == {*categories(doc, corpus), SUBSCRIBER_CATEGORY}


ENGLISH = """---
id: preview-en
type: guideline
title: Preview in English
lang: en
summary: The English original.
updated: 2026-11-20
tags: [preview]
---

## Purpose

Text.
"""

URDU = """---
id: preview-ur
type: guideline
title: اردو میں پیش نظارہ
lang: ur
summary: اردو ترجمہ۔
updated: 2026-11-20
tags: [preview]
translation_of: preview-en
---

## مقصد {#purpose}

متن، اور [انگریزی](english.md#purpose)۔
"""


def test_preview_writes_the_wiki_rendering(
    knowledge_base: Path, monkeypatch: pytest.MonkeyPatch, devwiki: Any, site: Any
) -> None:
    (knowledge_base / "content" / "english.md").write_text(ENGLISH, encoding="utf-8")
    (knowledge_base / "content" / "urdu.md").write_text(URDU, encoding="utf-8")
    monkeypatch.setenv("WIKIPK_WIKI_URL", devwiki.url)
    result = CliRunner().invoke(main, ["wiki", "preview", "content/urdu.md", "--no-open"])
    assert result.exit_code == 0, result.output
    assert result.output == ".wikipk/preview/preview-ur.html\n"
    page = (knowledge_base / ".wikipk/preview/preview-ur.html").read_text(encoding="utf-8")
    assert '<html lang="ur" dir="rtl">' in page
    assert '<span id="purpose"></span>مقصد' in page
    assert 'data-wikipk-id="preview-ur"' in page
    assert f'href="{devwiki.url}index.php' in page
    assert "Categories: Guidelines, Tag: preview, اردو" in page


# -- the comparison itself notices differences ------------------------------------------------


def _trees(site_html: str, wiki_html: str) -> list[str]:
    site_side = html_dom.markdown_tree(site_html, lambda href: href, lambda src: src)
    wiki_side = html_dom.wiki_tree(wiki_html, "Page")
    return html_dom.diff_lines(site_side, wiki_side)


def test_comparison_ignores_mediawiki_chrome() -> None:
    site_html = '<h2 id="scope">Scope</h2>\n<ul>\n<li><p>a</p></li>\n</ul>\n'
    wiki_html = (
        '<div class="mw-parser-output"><div id="toc" class="toc">x</div>'
        '<h2><span class="mw-headline" id="Scope"><span id="scope"></span>Scope</span>'
        '<span class="mw-editsection">[edit]</span></h2>\n<ul><li>a</li></ul>\n'
        '<table class="infobox wikipk-infobox"><tr><td>meta</td></tr></table></div>'
    )
    assert _trees(site_html, wiki_html) == []


@pytest.mark.parametrize(
    ("site_html", "wiki_html"),
    [
        ("<ul><li>a<ul><li>b</li></ul></li></ul>", "<ul><li>a</li></ul><ul><li>b</li></ul>"),
        ('<ol start="7"><li>a</li></ol>', "<ol><li>a</li></ol>"),
        ("<table><tr><td>a</td><td>b</td></tr></table>", "<table><tr><td>a b</td></tr></table>"),
        ('<p><a href="#x">a</a></p>', '<p><a href="#y">a</a></p>'),
        ("<p>a ~~~~</p>", '<p>a <a href="/index.php/User:Bot">Bot</a></p>'),
        ('<h2 id="purpose">P</h2>', '<h2><span class="mw-headline" id="P">P</span></h2>'),
        ("<pre><code>a\n b</code></pre>", "<pre>a\nb</pre>"),
    ],
    ids=["list-nesting", "list-start", "table-cells", "link-target", "text", "anchor", "code"],
)
def test_comparison_notices_differences(site_html: str, wiki_html: str) -> None:
    assert _trees(site_html, wiki_html) != []
