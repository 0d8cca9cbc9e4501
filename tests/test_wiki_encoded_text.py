"""Text stays text: a line break or control character written as a character reference
(``&#10;``, ``&NewLine;``, ``&#13;``), or typed into a front-matter field, never becomes wiki
structure (a paragraph, list, heading, rule, preformatted block, table or category).

Each case is rendered twice, with the encoded characters and without them, and the real dev
wiki (``action=parse``) must make the same structure of both, and show the text. The site's
HTML is held to the same.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sync.wiki.corpus import Corpus
from sync.wiki.render.page import render_page, render_teaser
from sync.wiki.templates import wiki_templates
from tests import html_dom
from tests.cli_helpers import run
from tests.test_wiki_fidelity import parse
from tests.test_wikitext import make_doc
from wikipk.model import Access, DocType, Location, Video

PIXEL = Path(__file__).parent / "data" / "wikitext" / "media" / "wikitext-scenario-pixel.png"

ENCODED = [
    "&#10;",
    "&#x0A;",
    "&NewLine;",
    "&#13;",
    "&#x0D;",
    "&Tab;",
    "&#9;",
    "&#x2028;",
    "&#x2029;",
    "\u2028",
    "\u2029",
    "\u0085",
    "&#x85;",
    "&#0;",
    "&#1;",
    "&#11;",
    "&#12;",
    "&#x7f;",
]
"""Characters written in Markdown: as references, or typed (the line and paragraph separators)."""

TYPED = ["\n", "\r", "\r\n", "\t", "\u2028", "\u2029", "\u0085", "\x0b", "\x0c", "\x00", "\x1f"]
"""Characters typed into front-matter fields (YAML decodes ``\\n`` in a quoted string)."""

VISIBLE = ["* li", "# ol", ": dd", "; dt", "== h ==", "----", "pre"]


def payload(mark: str) -> str:
    """Text that becomes lists, a paragraph, a heading, a rule and ``<pre>`` if ``mark`` is
    read as a line break (with ``x`` for ``mark``, the same text without one)."""
    return f"{mark}* li{mark}{mark}# ol{mark}: dd{mark}; dt{mark}== h =={mark}----{mark} pre{mark}b"


BODIES = {
    "paragraph": "{}",
    "paragraph-start": "{}\n\nafter",
    "heading": "## x {}\n\ntext",
    "list-item": "- x {}\n- y",
    "ordered-list-item": "1. x {}\n2. y",
    "table-cell": "| h {} | h2 |\n|---|---|\n| c {} | d |",
    "image-alt-and-caption": '![alt {}](media/wikitext-scenario-pixel.png "caption {}")',
    "link-text": "[link {}](https://example.org/) and [self {}](#x)\n\n## x",
    "emphasis": "*em {}* and **strong {}** and `code` ~~s {}~~",
    "footnote": "A note.[^n]\n\n[^n]: note {}",
    "blockquote": "> quote {}",
    "admonition-title": '!!! note "title {}"\n    boxed {}',
}

FIELDS: dict[str, Callable[[str], dict[str, Any]]] = {
    "title": lambda text: {"title": f"Title {text}", "access": Access.PREMIUM},
    "summary": lambda text: {"summary": f"Summary {text}.", "access": Access.PREMIUM},
    "owner": lambda text: {"owner": f"Owner {text}"},
    "authors": lambda text: {"authors": (f"Author {text}", "Second")},
    "video-title": lambda text: {
        "videos": (Video("https://youtu.be/Grv72hrLine", "Grv72hrLine", f"V {text}", 9),)
    },
    "case-study-place": lambda text: {
        "type": DocType.CASE_STUDY,
        "location": Location(district=f"District {text}"),
        "sector": f"Sector {text}",
        "period": f"2026 {text}",
    },
}
"""Front-matter fields the page shows (a title and summary on a premium teaser)."""

Structure = tuple[Counter[str], list[str]]
"""How many of each block element a page has, and its categories."""

_STRUCTURE = re.compile(r"<(p|li|ul|ol|dl|dd|dt|h[1-6]|hr|pre|table|tr|td|th)\b")


@pytest.fixture(scope="module")
def wiki(devwiki: Any) -> Any:
    """The dev wiki, with our templates and the image the cases show."""
    site = devwiki.site()
    token = site.get_token("csrf")
    for title, text in wiki_templates().items():
        site.post("edit", title=title, text=text, token=token, bot=1, summary="templates")
    if not site.images[PIXEL.name].exists:  # the fidelity tests may have uploaded it
        with PIXEL.open("rb") as file:
            site.upload(file, filename=PIXEL.name, description="encoded text tests", ignore=True)
    return site


def _structure(parsed: dict[str, Any]) -> Structure:
    html = parsed["text"]
    categories = sorted(c["category"] for c in parsed["categories"])
    return Counter(_STRUCTURE.findall(html)), categories


@pytest.fixture(scope="module")
def plain_structure(wiki: Any) -> Callable[[str], Structure]:
    """The structure the wiki makes of a page, each page parsed once (the plain pages)."""
    seen: dict[str, Structure] = {}

    def structure(page: str) -> Structure:
        if page not in seen:
            seen[page] = _structure(parse(wiki, "Encoded", page))
        return seen[page]

    return structure


def _text(parsed: dict[str, Any]) -> str:
    return " ".join(html_dom.parse_html(parsed["text"]).text().split())


def _page(body: str, **fields: Any) -> str:
    doc = make_doc(body, **fields)
    corpus = Corpus.of([doc])
    return render_teaser(doc, corpus) if doc.is_premium else render_page(doc, corpus)


@pytest.mark.parametrize("mark", ENCODED)
@pytest.mark.parametrize("context", sorted(BODIES))
def test_encoded_breaks_in_the_body_stay_text(
    wiki: Any, plain_structure: Callable[[str], Structure], context: str, mark: str
) -> None:
    template = BODIES[context]
    parsed = parse(wiki, "Encoded", _page(template.replace("{}", payload(mark))))
    assert _structure(parsed) == plain_structure(_page(template.replace("{}", payload("x"))))
    if context not in ("image-alt-and-caption",):
        shown = _text(parsed)
        assert all(text in shown for text in VISIBLE), shown


@pytest.mark.parametrize("mark", TYPED, ids=["+".join(f"U+{ord(c):04X}" for c in m) for m in TYPED])
@pytest.mark.parametrize("field", sorted(FIELDS))
def test_line_breaks_in_front_matter_stay_text(
    wiki: Any, plain_structure: Callable[[str], Structure], field: str, mark: str
) -> None:
    parsed = parse(wiki, "Encoded", _page("Body.", **FIELDS[field](payload(mark))))
    assert _structure(parsed) == plain_structure(_page("Body.", **FIELDS[field](payload("x"))))
    shown = _text(parsed)
    assert all(text in shown for text in VISIBLE), shown


def _site_page(root: Path, name: str, mark: str, author: str) -> None:
    bodies = "\n\n".join(
        template.replace("{}", payload(mark))
        for context, template in sorted(BODIES.items())
        if context not in ("footnote", "link-text")  # their anchors are written once below
    )
    (root / "content" / "guidelines" / f"{name}.md").write_text(
        f"---\nid: {name}\ntype: guideline\ntitle: Page {name}\nlang: en\n"
        f"summary: A page.\nupdated: 2026-11-20\nauthors: [{author}]\n---\n\n{bodies}\n",
        encoding="utf-8",
    )


def test_encoded_breaks_stay_text_on_the_site(knowledge_base: Path) -> None:
    """The site's HTML (markdown-it and the autoescaping templates) shows them as white space."""
    (knowledge_base / "content" / "guidelines").mkdir()
    (knowledge_base / "content" / "guidelines" / "media").mkdir()
    (knowledge_base / "content" / "guidelines" / "media" / PIXEL.name).write_bytes(
        PIXEL.read_bytes()
    )
    _site_page(knowledge_base, "plain", "x", '"Author"')
    marks = "".join(ENCODED)
    _site_page(knowledge_base, "encoded", marks, '"Author\\n\\n* li\\r\\n== h ==\\u2028----"')
    result = run("build", "--no-search")
    assert result.exit_code == 0, result.output
    pages = {
        name: (knowledge_base / "_site" / "docs" / f"{name}.html").read_text(encoding="utf-8")
        for name in ("plain", "encoded")
    }
    counts = {name: Counter(_STRUCTURE.findall(html)) for name, html in pages.items()}
    assert counts["encoded"] == counts["plain"]
    shown = " ".join(html_dom.parse_html(pages["encoded"]).text().split())
    assert all(text in shown for text in VISIBLE)


DECODED = [
    "&#42; li",
    "\\* li",
    "&#35; ol",
    "\\# ol",
    "&#58; dd",
    "&#59; dt",
    "&#61;= h ==",
    "\\=\\= h ==",
    "&#45;&#45;&#45;&#45;",
    "\\----",
    "&#32;pre",
    "&#123;&#124; t",
    "&#33;&#33; th",
    "&#124;- row",
    "&#124;} end",
    "&#95;&#95;NOTOC&#95;&#95;",
    "\\_\\_NOTOC\\_\\_",
    "&#126;&#126;&#126;&#126;",
    "&#91;&#91;Category:Decoded&#93;&#93;",
    "\\[\\[Category:Decoded\\]\\]",
    "&#123;&#123;Box end&#125;&#125;",
    "&#60;pre&#62;x&#60;/pre&#62;",
]
"""Text that starts with wikitext markup once its references and backslash escapes are decoded."""

STARTS = {
    "paragraph": "{}",
    "heading": "## {}\n\ntext",
    "list-item": "- {}\n- y",
    "table-cell": "| {} |\n|---|\n| {} |",
    "footnote": "A note.[^n]\n\n[^n]: {}",
    "blockquote": "> {}",
    "admonition": "!!! note\n    {}",
}


@pytest.mark.parametrize("text", DECODED)
@pytest.mark.parametrize("context", sorted(STARTS))
def test_decoded_markup_at_the_start_of_a_line_stays_text(
    wiki: Any, plain_structure: Callable[[str], Structure], context: str, text: str
) -> None:
    template = STARTS[context]
    parsed = parse(wiki, "Encoded", _page(template.replace("{}", text)))
    assert _structure(parsed) == plain_structure(_page(template.replace("{}", "x")))
    assert not parsed["properties"], "a magic word was set"
    assert html.unescape(text.replace("\\", "")).strip() in _text(parsed)
