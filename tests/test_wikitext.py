"""Markdown to wikitext: the exact wikitext of each construct, and of each hostile text.

What MediaWiki makes of this wikitext is proved in ``test_wiki_fidelity.py``; these tests pin
the wikitext itself, so that a change in the output is seen and reviewed.
"""

from __future__ import annotations

import socket
from datetime import date
from pathlib import Path, PurePosixPath

import pytest
from click.testing import CliRunner

from sync.wiki.corpus import Corpus
from sync.wiki.render import escape as wikitext_escape
from sync.wiki.render.body import render_body
from sync.wiki.render.escape import (
    clean_controls,
    escape_line_start,
    escape_pre,
    escape_text,
    escape_url,
)
from sync.wiki.render.page import (
    categories,
    document_id,
    infobox,
    render_page,
    render_teaser,
)
from sync.wiki.templates import BOX_END, BOX_START, INFOBOX, template_title, wiki_templates
from wikipk.cli import main
from wikipk.markdown import parse
from wikipk.model import Access, DocType, Document, Location, Video


def make_doc(body: str, path: str = "guidelines/here.md", **fields: object) -> Document:
    """A valid document with ``body``, parsed as the loader would."""
    values: dict[str, object] = {
        "id": "here",
        "type": DocType.GUIDELINE,
        "title": "Here",
        "lang": "en",
        "summary": "A summary.",
        "updated": date(2026, 11, 20),
    }
    values.update(fields)
    return Document(
        path=PurePosixPath(path),
        body=body,
        parsed=parse(body),
        **values,  # type: ignore[arg-type]
    )


THERE = make_doc("## Scope\n", path="sops/there.md", id="there", title="There and back")


def render(body: str) -> str:
    """The wikitext of a body written in ``guidelines/here.md``, next to ``sops/there.md``."""
    doc = make_doc(body)
    return render_body(doc, Corpus.of([doc, THERE]))


CONSTRUCTS = [
    ("heading-1", "# One", '= <span id="one"></span>One ='),
    ("heading-explicit-id", "## Two {#two-id}", '== <span id="two-id"></span>Two =='),
    (
        "heading-inline-markup",
        "### Three *em* `c`",
        "=== <span id=\"three-em-c\"></span>Three ''em'' <code>c</code> ===",
    ),
    ("heading-same-id-as-mediawiki", "## lowercase", "== lowercase =="),
    ("heading-equals", "## = both =", '== <span id="-both-"></span>&#61; both &#61; =='),
    ("heading-level-6", "###### Six", '====== <span id="six"></span>Six ======'),
    ("paragraphs", "para one\nline two\n\npara two", "para one line two\n\npara two"),
    ("hard-break", "hard\\\nbreak  \nend", "hard<br />break<br />end"),
    ("emphasis", "*em* **strong** ~~s~~ `c`", "''em'' '''strong''' <s>s</s> <code>c</code>"),
    ("bold-italic", "***both***", "'''''both'''''"),
    ("adjacent-emphasis", "*a*__b__", "''a''<nowiki/>'''b'''"),
    ("nested-same-emphasis", "*a _b_ c*", "''a <i>b</i> c''"),
    ("apostrophe-after-bold", "**x**'s", "'''x'''&#39;s"),
    ("nested-lists", "- a\n  - b\n    1. c\n- d", "* a\n** b\n**# c\n* d"),
    ("ordered-list-start", "3. x\n4. y", '<ol start="3">\n<li>x</li>\n<li>y</li>\n</ol>'),
    ("loose-list", "- a\n\n- b", "* a\n* b"),
    (
        "list-item-paragraphs",
        "- a\n\n  b",
        "<ul>\n<li><p>a</p><p>b</p></li>\n</ul>",
    ),
    (
        "list-item-code",
        "1. a\n\n   ```\n   x\n   ```",
        "<ol>\n<li><p>a</p><pre>x</pre></li>\n</ol>",
    ),
    (
        "table-alignment",
        "| L | C | R | N |\n|:--|:-:|--:|---|\n| a | b | c | d |",
        '{| class="wikitable"\n! style="text-align:left" | L\n! style="text-align:center" | C\n'
        '! style="text-align:right" | R\n! N\n|-\n| style="text-align:left" | a\n'
        '| style="text-align:center" | b\n| style="text-align:right" | c\n| d\n|}',
    ),
    (
        "table-in-list",
        "- a\n\n  | x |\n  |---|\n  | 1 |",
        '<ul>\n<li><p>a</p><table class="wikitable"><tr><th>x</th></tr><tr><td>1</td></tr>'
        "</table></li>\n</ul>",
    ),
    ("code-block", "```py\nx < 1 && y\n```", "<pre>x &lt; 1 &amp;&amp; y</pre>"),
    ("indented-code", "    a\n      b", "<pre>a\n  b</pre>"),
    ("blockquote", "> q\n>\n> r", "<blockquote>\nq\n\nr\n</blockquote>"),
    ("horizontal-rule", "---", "----"),
    (
        "footnotes",
        "a[^1] b[^1] c[^2]\n\n[^1]: one\n[^2]: two\n\n    para",
        'a<ref name="fn-1">one</ref> b<ref name="fn-1" /> c<ref><p>two</p><p>para</p></ref>'
        "\n\n<references />",
    ),
    ("admonition", '!!! tip "T"\n    body', "{{Box start|type=tip|title=T}}\nbody\n{{Box end}}"),
    ("admonition-no-title", '!!! tip ""\n    body', "{{Box start|type=tip}}\nbody\n{{Box end}}"),
    (
        "admonition-collapsible",
        "??? warning\n    body",
        "{{Box start|type=warning|title=Warning|collapsible=closed}}\nbody\n{{Box end}}",
    ),
    (
        "alert",
        "> [!WARNING] Mind *this*\n> body\n>\n> - a\n> - b",
        "{{Box start|type=warning|title=Mind ''this''}}\nbody\n\n* a\n* b\n{{Box end}}",
    ),
    ("alert-no-title", "> [!TIP]\n> body", "{{Box start|type=tip|title=Tip}}\nbody\n{{Box end}}"),
    (
        "admonition-in-list",
        '1. a\n\n    !!! note "N"\n        b',
        "<ol>\n<li><p>a</p>{{Box start|type=note|title=N}}<p>b</p>{{Box end}}</li>\n</ol>",
    ),
    ("image", '![alt](../media/x.png "Cap")', "[[File:x.png|alt=alt|Cap]]"),
    ("image-caption-like-option", "![left](../media/x.png)", "[[File:x.png|alt=left|&#108;eft]]"),
    ("image-caption-size", "![200px](../media/x.png)", "[[File:x.png|alt=200px|&#50;00px]]"),
    (
        "linked-image",
        "[![i](../media/x.png)](../sops/there.md)",
        "[[File:x.png|alt=i|link=There and back|i]]",
    ),
    ("external-image", "![a](https://e.org/a.png)", "[https://e.org/a.png a]"),
    ("document-link", "[t](../sops/there.md#scope)", "[[:There and back#scope|t]]"),
    ("anchor-link", "[s](#two)", "[[#two|s]]"),
    ("link-to-self-by-path", "[f](here.md#x)", "[[#x|f]]"),
    ("file-link", "[pdf](../media/report.pdf)", "[[Media:report.pdf|pdf]]"),
    ("external-link", "[e](https://e.org/?a=1&b=2)", "[https://e.org/?a=1&amp;b=2 e]"),
    ("autolink", "<https://a.b>", "[https://a.b https&#58;//a.b]"),
    ("email-autolink", "<x@a.b>", "[mailto:x@a.b x@a.b]"),
    ("protocol-relative-link", "[r](//e.org/x)", "[//e.org/x r]"),
    ("link-unknown-scheme", "[w](whatsapp://send)", "w (whatsapp://send)"),
    ("link-empty-label", "[](../sops/there.md)", "[[:There and back|<span></span>]]"),
    ("link-formatted-label", "[**b** c](#two)", "[[#two|'''b''' c]]"),
]


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [case[1:] for case in CONSTRUCTS],
    ids=[case[0] for case in CONSTRUCTS],
)
def test_construct_wikitext(markdown: str, expected: str) -> None:
    assert render(markdown) == expected


HOSTILE = [
    ("template", "{{Infobox document|id=x}}", "&#123;&#123;Infobox document&#124;id=x&#125;&#125;"),
    ("subst", "{{subst:PAGENAME}}", "&#123;&#123;subst:PAGENAME&#125;&#125;"),
    ("parameter", "{{{1}}}", "&#123;&#123;&#123;1&#125;&#125;&#125;"),
    ("parser-function", "{{#if:x|y}}", "&#123;&#123;#if:x&#124;y&#125;&#125;"),
    ("internal-link", "[[Main Page]]", "&#91;&#91;Main Page&#93;&#93;"),
    ("category", "[[Category:X]]", "&#91;&#91;Category:X&#93;&#93;"),
    ("file", "[[File:X.png]]", "&#91;&#91;File:X.png&#93;&#93;"),
    ("signature-3", "a ~~~ b", "a &#126;&#126;&#126; b"),
    ("signature-4", "a ~~~~ b", "a &#126;&#126;&#126;&#126; b"),
    ("signature-5", "a ~~~~~ b", "a &#126;&#126;&#126;&#126;&#126; b"),
    ("single-tilde", "a ~ b", "a ~ b"),
    ("magic-switch", r"\_\_NOTOC\_\_", "&#95;&#95;NOTOC&#95;&#95;"),
    ("isbn", "ISBN 978-0-306-40615-7", "&#73;SBN 978-0-306-40615-7"),
    ("rfc", "see RFC 1234", "see &#82;FC 1234"),
    ("pmid", "PMID 123", "&#80;MID 123"),
    ("bare-url", "https://example.org/x", "https&#58;//example.org/x"),
    ("bare-url-after-urdu", "ابhttps://e.org", "ابhttps&#58;//e.org"),
    ("mailto", "mailto:x@e.org", "mailto&#58;x@e.org"),
    ("bracketed-url", "[http://e.org label]", "&#91;http&#58;//e.org label&#93;"),
    ("nowiki-tag", "<nowiki>x</nowiki>", "&lt;nowiki&gt;x&lt;/nowiki&gt;"),
    ("ref-tag", "<ref>x</ref>", "&lt;ref&gt;x&lt;/ref&gt;"),
    ("script-tag", "<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("comment", "<!-- x -->", "&lt;!-- x --&gt;"),
    ("entity", "&amp;lt; and &amp;#123;", "&amp;lt; and &amp;#123;"),
    ("italic-quotes", "''x''", "&#39;&#39;x&#39;&#39;"),
    ("bold-quotes", "'''x'''", "&#39;&#39;&#39;x&#39;&#39;&#39;"),
    ("apostrophe", "it's", "it's"),
    ("table-start", "{| x", "&#123;&#124; x"),
    ("pipes", "a | b || c", "a &#124; b &#124;&#124; c"),
    ("bangs", "a ! b !! c", "a ! b &#33;&#33; c"),
    ("line-start-star", r"\* x", "&#42; x"),
    ("line-start-hash", r"\# x", "&#35; x"),
    ("line-start-colon", ": x", "&#58; x"),
    ("line-start-semicolon", "; x", "&#59; x"),
    ("line-start-equals", r"\= x =", "&#61; x ="),
    ("line-start-rule", r"\---- x", "&#45;--- x"),
    ("line-start-dashes-short", "-- x", "-- x"),
    ("redirect", r"\#REDIRECT [[X]]", "&#35;REDIRECT &#91;&#91;X&#93;&#93;"),
    ("language-converter", "-{x}-", "-&#123;x&#125;-"),
    ("control-characters", "a\x7fb\x07c", "a\ufffdb\ufffdc"),
    ("encoded-line-feeds", "foo&#10;&#10;bar", "foo&#10;&#10;bar"),
    ("encoded-line-feed-hex", "foo&#x0A;&NewLine;bar", "foo&#10;&#10;bar"),
    ("encoded-list", "&#10;* x", "&#10;* x"),
    ("encoded-heading", "&#10;== x ==", "&#10;== x =="),
    ("encoded-carriage-return", "a&#13;----&#x0D; pre", "a&#10;----&#10; pre"),
    ("encoded-tab", "&Tab;* x", "\t* x"),
    ("encoded-controls", "a&#0;b&#1;c&#x85;d", "a\ufffdb\ufffdc\ufffdd"),
    ("line-separators", "a\u2028b\u2029c\x85d", "a\u2028b\u2029c\x85d"),
]


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [case[1:] for case in HOSTILE],
    ids=[case[0] for case in HOSTILE],
)
def test_hostile_text_is_escaped(markdown: str, expected: str) -> None:
    assert render(markdown) == expected


def test_hostile_text_in_each_context_is_escaped() -> None:
    body = (
        "## {{h}} ~~~~\n\n"
        "| {{c}} | [[c]] |\n|---|---|\n| ~~~~ | a \\| b |\n\n"
        "- {{l}}\n\n"
        '!!! note "{{t}} | = x"\n    {{b}}\n\n'
        '![{{a}} | alt=x](../media/x.png "{{t}} ~~~~")\n\n'
        "[{{k}}](https://e.org/?a={{b}}&c=~~~~&d=''e''&f=__X__)\n\n"
        "x[^1]\n\n[^1]: {{f}} </ref>"
    )
    assert render(body) == (
        '== <span id="h-"></span>&#123;&#123;h&#125;&#125; &#126;&#126;&#126;&#126; ==\n\n'
        '{| class="wikitable"\n! &#123;&#123;c&#125;&#125;\n! &#91;&#91;c&#93;&#93;\n|-\n'
        "| &#126;&#126;&#126;&#126;\n| a &#124; b\n|}\n\n"
        "* &#123;&#123;l&#125;&#125;\n\n"
        "{{Box start|type=note|title=&#123;&#123;t&#125;&#125; &#124; = x}}\n"
        "&#123;&#123;b&#125;&#125;\n{{Box end}}\n\n"
        "[[File:x.png|alt=&#123;&#123;a&#125;&#125; &#124; alt=x|"
        "&#123;&#123;t&#125;&#125; &#126;&#126;&#126;&#126;]]\n\n"
        "[https://e.org/?a=%7B%7Bb%7D%7D&amp;c=%7E%7E%7E%7E&amp;d=%27%27e%27%27&amp;f=%5F%5FX%5F%5F"
        " &#123;&#123;k&#125;&#125;]\n\n"
        "x<ref>&#123;&#123;f&#125;&#125; &lt;/ref&gt;</ref>\n\n<references />"
    )


def test_code_keeps_its_text() -> None:
    assert render("```\n</pre> {{x}} ~~~~ &amp;\n  indented\n```") == (
        "<pre>&lt;/pre&gt; {{x}} ~~~~ &amp;amp;\n  indented</pre>"
    )
    assert render("`~~~~ {{x}} __X__ ''y''`") == (
        "<code>&#126;&#126;&#126;&#126; &#123;&#123;x&#125;&#125; &#95;&#95;X&#95;&#95; "
        "&#39;&#39;y&#39;&#39;</code>"
    )


def test_titles_that_look_like_namespaces_stay_links() -> None:
    odd = make_doc("x", path="sops/odd.md", id="odd", title="Category: it's ~~ & ISBN 1")
    doc = make_doc("[o](../sops/odd.md)")
    assert render_body(doc, Corpus.of([doc, odd])) == (
        "[[:Category: it's &#126;&#126; &amp; &#73;SBN 1|o]]"
    )


def test_escape_functions() -> None:
    assert escape_text("'a' b''c'") == "&#39;a' b&#39;&#39;c&#39;"
    assert escape_text("snake_case __init__") == "snake_case &#95;&#95;init&#95;&#95;"
    assert escape_line_start("* x") == "&#42; x"
    assert escape_line_start(" x") == "&#32;x"
    assert escape_line_start("-x") == "-x"
    assert escape_pre("<a> & b\x01") == "&lt;a&gt; &amp; b\ufffd"
    assert escape_url("https://e.org/a b'c~~d__e&f") == (
        "https://e.org/a%20b%27c%7E%7Ed%5F%5Fe&amp;f"
    )


def test_the_quick_test_never_spares_text_that_needs_an_escape() -> None:
    def full(text: str) -> str:  # the escape without the quick test
        return wikitext_escape._ESCAPES.sub(wikitext_escape._replace, clean_controls(text))

    singles = [chr(code) for code in range(0x80)] + ["\ufffe", "\uffff", "\xa0", "ب"]
    samples = [a + b for a in singles for b in ("", "x", a, " ")] + [
        "isbn 1",
        "Rfc\xa02",
        "PMID 3",
        "see https://e.org",
        "mailto:a@b",
        "plain words only",
        "پانی کی اسکیم",
    ]
    changed = [text for text in samples if escape_text(text) != full(text)]
    assert changed == []
    assert sum(full(text) != text for text in samples) > 100  # the samples do need escapes


# -- pages ------------------------------------------------------------------------------------

SOP = make_doc(
    "## Purpose\n\nWhy.\n",
    path="sops/channel.md",
    id="channel",
    type=DocType.SOP,
    title="Run a channel",
    tags=("grievance", "fast-start"),
    owner="District | hub {{x}}",
    version="1.2",
    review_by=date(2027, 5, 31),
    authors=("A. Writer", "B. Editor"),
    videos=(Video("https://youtu.be/Grv72hrLine", "Grv72hrLine", "Setting up", 12),),
)
SOP_UR = make_doc(
    "## مقصد {#purpose}\n\nکیوں۔\n",
    path="sops/channel.ur.md",
    id="channel-ur",
    type=DocType.SOP,
    title="چینل چلائیں",
    lang="ur",
    translation_of="channel",
    owner="ضلعی ہب",
    version="1.2",
)
PREMIUM = make_doc(
    "## Context\n\nSECRET BODY TEXT\n",
    path="case-studies/deep.md",
    id="deep",
    type=DocType.CASE_STUDY,
    title="A deep case",
    summary="What happened, in short.",
    access=Access.PREMIUM,
    location=Location("Quetta", "Sariab"),
    sector="water",
)
CORPUS = Corpus.of([SOP, SOP_UR, PREMIUM])


def test_infobox_holds_the_metadata_and_the_id() -> None:
    assert infobox(SOP, CORPUS) == (
        "{{Infobox document\n"
        "| id = channel\n"
        "| type = sop\n"
        "| lang = en\n"
        "| language = English\n"
        "| translations = [[:چینل چلائیں|اردو]]\n"
        "| owner = District &#124; hub &#123;&#123;x&#125;&#125;\n"
        "| version = 1.2\n"
        "| updated = 2026-11-20\n"
        "| review_by = 2027-05-31\n"
        "| authors = A. Writer, B. Editor\n"
        "| tags = [[:Category:Tag: grievance|grievance]], [[:Category:Tag: fast-start|fast-start]]\n"
        "| videos = [https://www.youtube.com/watch?v=Grv72hrLine Setting up]\n"
        "}}"
    )
    assert "| dir = rtl\n" in infobox(SOP_UR, CORPUS)
    assert "| translations = [[:Run a channel|English]]\n" in infobox(SOP_UR, CORPUS)


def test_categories_by_type_tag_and_language() -> None:
    assert categories(SOP, CORPUS) == ("SOPs", "Tag: grievance", "Tag: fast-start", "English")
    assert categories(SOP_UR, CORPUS) == ("SOPs", "اردو")


def test_page_is_infobox_body_and_categories() -> None:
    page = render_page(SOP, CORPUS)
    assert page.startswith("{{Infobox document\n| id = channel\n")
    assert page.endswith(
        '}}\n\n== <span id="purpose"></span>Purpose ==\n\nWhy.\n\n'
        "[[Category:SOPs]]\n[[Category:Tag: grievance]]\n[[Category:Tag: fast-start]]\n"
        "[[Category:English]]"
    )
    assert document_id(page) == "channel"
    assert document_id(render_body(SOP, CORPUS)) is None


def test_premium_page_is_the_teaser_without_body_text() -> None:
    teaser = render_teaser(PREMIUM, CORPUS, read_at="https://example.org/deep")
    assert render_page(PREMIUM, CORPUS, read_at="https://example.org/deep") == teaser
    assert "SECRET" not in teaser
    assert "Context" not in teaser
    assert teaser.endswith(
        "\n| location = Quetta, Sariab\n| sector = water\n| access = premium\n}}\n\n"
        "'''A deep case'''\n\n"
        "What happened, in short.\n\n"
        "{{Box start|type=note|title=This case study is for subscribers}}\n"
        "Subscribers read the full case study at "
        "[https://example.org/deep Wiki Pakistan for subscribers].\n"
        "{{Box end}}\n\n"
        "[[Category:Case studies]]\n[[Category:English]]\n[[Category:For subscribers]]"
    )
    assert document_id(teaser) == "deep"


def test_teaser_in_urdu_without_an_address() -> None:
    urdu = make_doc(
        "SECRET", id="gehra", type=DocType.REPORT, lang="ur", title="رپورٹ", access=Access.PREMIUM
    )
    teaser = render_teaser(urdu, Corpus.of([urdu]))
    assert "SECRET" not in teaser
    assert (
        "{{Box start|type=note|title=یہ رپورٹ سبسکرائبرز کے لیے ہے}}\n"
        "سبسکرائبرز مکمل رپورٹ وکی پاکستان کی ویب سائٹ پر پڑھتے ہیں۔\n{{Box end}}"
    ) in teaser


def test_templates_are_data_for_the_publisher() -> None:
    templates = wiki_templates()
    assert set(templates) == {template_title(n) for n in (INFOBOX, BOX_START, BOX_END)}
    for text in templates.values():
        assert text == text.rstrip()
        assert "<includeonly>" in text
    assert 'data-wikipk-id="{{{id|}}}"' in templates["Template:Infobox document"]


# -- wikipk wiki preview (without a wiki) -----------------------------------------------------

GOOD = """---
id: good
type: guideline
title: A good guideline
lang: en
summary: Fine.
updated: 2026-11-20
---

Body.
"""


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_preview_unreachable_wiki_is_one_sentence(
    knowledge_base: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (knowledge_base / "content" / "good.md").write_text(GOOD, encoding="utf-8")
    url = f"http://127.0.0.1:{_closed_port()}/"
    monkeypatch.setenv("WIKIPK_WIKI_URL", url)
    result = CliRunner().invoke(main, ["wiki", "preview", "content/good.md", "--no-open"])
    assert result.exit_code == 2
    assert result.output == (
        f"Error: cannot reach the wiki at {url}; start the dev wiki or set WIKIPK_WIKI_URL\n"
    )


def test_preview_reports_problems_like_check(knowledge_base: Path) -> None:
    (knowledge_base / "content" / "bad.md").write_text(
        GOOD.replace("lang: en\n", ""), encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["wiki", "preview", "content/bad.md", "--no-open"])
    assert result.exit_code == 1
    assert result.output == (
        "content/bad.md:2:1: missing-field: a guideline needs the field 'lang'\n"
        "    hint: add 'lang:' to the front matter (Language of the document: en or ur "
        "(ur is right to left).)\n"
        "1 problem in content/bad.md; fix them to preview it\n"
    )


def test_preview_refuses_a_file_outside_the_content(knowledge_base: Path) -> None:
    (knowledge_base / "notes.md").write_text(GOOD, encoding="utf-8")
    result = CliRunner().invoke(main, ["wiki", "preview", "notes.md", "--no-open"])
    assert result.exit_code == 2
    assert result.output == (
        "Error: notes.md is not a document: documents are the *.md files of content/\n"
    )
