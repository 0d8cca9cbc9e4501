"""Reading a wiki page back as Markdown: the inverse of the renderer, and a person's edits."""

from __future__ import annotations

import difflib
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

import pytest

from sync.wiki.corpus import Corpus
from sync.wiki.pull.reader import PageParts, Unrepresentable, read_page
from sync.wiki.render.page import categories, render_page
from tests.wiki_fixtures import DevWikiHandle
from wikipk.config import load_config
from wikipk.loading import load_knowledge_base
from wikipk.markdown import parse
from wikipk.model import Access, DocType, Document

ROOT = Path(__file__).resolve().parent.parent


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
    return Document(path=PurePosixPath(path), body=body, parsed=parse(body), **values)  # type: ignore[arg-type]


THERE = make_doc("\n## Scope\n", path="sops/there.md", id="there", title="There and back")


def page(body: str) -> tuple[str, Document, Corpus]:
    """The page of a document ``guidelines/here.md`` with ``body``, next to ``sops/there.md``."""
    doc = make_doc(body)
    corpus = Corpus.of([doc, THERE])
    return render_page(doc, corpus), doc, corpus


def round_trip(body: str) -> str:
    """Markdown -> wikitext -> Markdown."""
    wikitext, doc, corpus = page(body)
    return read_page(wikitext, doc, corpus).body


def read(wikitext: str) -> PageParts:
    """A page as a person left it, read as ``guidelines/here.md``."""
    doc = make_doc("\nText.\n")
    return read_page(wikitext, doc, Corpus.of([doc, THERE]))


# -- content/ ------------------------------------------------------------------------------


Loaded = tuple[list[Document], Corpus]


@pytest.fixture(scope="module")
def content() -> Loaded:
    """The documents of content/ and their corpus, loaded once."""
    config = load_config(ROOT, ROOT / "content")
    knowledge = load_knowledge_base(config)
    return list(knowledge.documents), Corpus.of_knowledge_base(knowledge, config.languages)


def test_every_document_of_content_comes_back_exactly(content: Loaded) -> None:
    documents, corpus = content
    public = [doc for doc in documents if not doc.is_premium]
    assert len(public) == len(documents) - 1 >= 24  # a premium page is its teaser, no body
    differ = [
        str(doc.path)
        for doc in public
        if read_page(render_page(doc, corpus), doc, corpus).body != doc.body
    ]
    assert differ == []


def test_infobox_and_categories_of_content_match_the_front_matter(content: Loaded) -> None:
    documents, corpus = content
    for doc in documents:
        parts = read_page(render_page(doc, corpus), doc, corpus)
        if doc.is_premium:
            assert parts.teaser
            assert parts.categories == (*categories(doc, corpus), "For subscribers")
            continue
        assert parts.categories == categories(doc, corpus)
        assert parts.infobox["id"] == doc.id
        assert parts.infobox["type"] == doc.type.value
        assert parts.infobox["updated"] == doc.updated.isoformat()
        assert parts.infobox.get("tags", "") == ", ".join(doc.tags)
        assert parts.infobox.get("authors", "") == ", ".join(doc.authors)
        assert parts.infobox.get("owner", "") == (doc.owner or "")
        assert parts.infobox.get("version", "") == (doc.version or "")
        assert not parts.teaser
        assert parts.unknown == ()


def test_a_reports_scores_section_is_generated_not_body(content: Loaded) -> None:
    documents, corpus = content
    doc = next(d for d in documents if str(d.path) == "scorecards/nahar-bazar-2026.md")
    parts = read_page(render_page(doc, corpus), doc, corpus)
    assert parts.generated.startswith("== Scores ==\nNahar Bazar, 2026: 31 respondents.")
    assert parts.generated.endswith("in every period scored]]")
    assert "Scores" not in parts.body
    assert parts.body == doc.body


# -- each construct comes back -------------------------------------------------------------

CONSTRUCTS = [
    "## Purpose\n\nOne paragraph.\n\nAnother, with **bold** and *italic* and `code`.",
    "## مقصد {#purpose}\n\nیہ ایک پیراگراف ہے۔",
    "## Scope {#the-scope}\n\n### Scope\n\n### Scope",
    "- one\n- two\n  - two a\n  - two b\n- three",
    "1. one\n2. two\n   - two a\n3. three",
    "7. seven\n8. eight",
    "- one\n\n  more of one\n\n- two",
    "- one\n\n  ```\n  code\n  ```\n\n- two",
    "| Role | Count | Share |\n|:---|---:|:---:|\n| a \\| b | 1 | 50% |\n| c | | 2 |",
    "```\nline <one> & *two*\n```",
    "> Quoted **text**.\n>\n> Second paragraph.",
    "> [!NOTE] A title\n> Inside the box.",
    "> [!WARNING] Steps\n> - one\n> - two",
    "> [!TIP]\n> A box titled by its type.\n>\n> Two paragraphs.",
    '??? tip "Closed"\n    Hidden at first.',
    '???+ tip "Open"\n    Shown at first.',
    '!!! danger "A kind GitHub has not"\n    Inside the box.',
    '!!! note ""\n    A box without a title.',
    '- An item\n\n  !!! note "In a list"\n      Inside the box.',
    '!!! note "A title"\n    Inside the box.\n\n!!! note\n    A box titled by its type.',
    "Text with a footnote.[^1] And again.[^1] Another.[^2]\n\n[^1]: The first note.\n\n[^2]: The second, with a [link](https://example.org/x).",
    "![Alt text](../media/flow.svg)",
    '![Alt text](../media/flow.svg "A caption")',
    "[![Alt text](../media/flow.svg)](../sops/there.md#scope)",
    "See [the scope](../sops/there.md#scope) and [there](../sops/there.md).",
    "## Purpose\n\nJump to [the purpose](#purpose).",
    "[Read (the report)](https://example.org/a_b?x=1&y=2) and [a [bracketed] label](https://example.org/).",
    "Line one\\\nline two.",
    "Struck ~~out~~ text.",
    "---",
]


@pytest.mark.parametrize("markdown", CONSTRUCTS)
def test_construct_comes_back_exactly(markdown: str) -> None:
    body = f"\n{markdown}\n"
    assert round_trip(body) == body


ESCAPES = [
    "Stars * alone, 2 * 3 and \\*not emphasis\\*.",
    "Snake_case_words and \\_underscored\\_ and _ alone.",
    "Brackets [x] stay, [not a link\\](really) and a footnote-like \\[^1].",
    "Angle <b>tags</b> and \\<https://example.org> and a & b and \\&amp; literally.",
    "Pipes | and braces {{ and }} and quotes '' and ''' and tildes ~ and \\~\\~.",
    "A backslash before a star \\\\\\* and back\\slash.",
    "Code with a tick: ``a`b`` and `` `tick` ``.",
    "\\# not a heading",
    "1\\. not a list",
    "\\- not a bullet",
    "\\> not a quote",
    "\\!!! note not a box",
    "A line that ends with an exclamation mark!",
    "Hash # in the middle, and 2. in the middle.",
    "## Issue \\#\n\n## C# rules\n\n## \\#\n\n## : colon",
]


@pytest.mark.parametrize("markdown", ESCAPES)
def test_text_that_looks_like_markup_comes_back_as_text(markdown: str) -> None:
    body = f"\n{markdown}\n"
    assert round_trip(body) == body


def test_markup_inside_cells_and_items_is_escaped_where_it_would_be_markup() -> None:
    body = "\n| a | b |\n|---|---|\n| x \\| y | 1. |\n\n- \\# item\n- 2\\. item\n"
    assert round_trip(body) == body


def test_a_heading_id_is_written_only_when_it_is_not_the_slug() -> None:
    body = "\n## Same title\n\n## Same title\n\n## Other {#same-title-1}\n"
    # The third heading takes the id the second would get: the second needs an id of its own.
    wikitext, doc, corpus = page(body)
    read_back = read_page(wikitext, doc, corpus).body
    assert read_back == body
    assert parse(read_back) and "{#purpose}" not in round_trip("\n## Purpose\n")


MORE_CONSTRUCTS = [
    "- one\n- two\n\n+ a new list\n+ of its own",
    "1. one\n\n1) a new ordered list",
    "- item\n\n  - first sublist\n\n  + second sublist",
    "-\n- not empty",
    "Adjacent: *italic*__bold__ and *a*_b_.",
    "Autolinks: <https://example.org/auto> and <someone@example.org>.",
    'A [link with a title](https://example.org/titled "The title").',
    "A [label with \\]\\] brackets](#x) and ![alt with [[brackets]]](../media/a.png).",
    "Broken&#10;&#10;* not a list",
    "| Code |\n|---|\n| `a \\| b` |",
    '![alt](../media/a.png "caption == x ==")',
    "An [Urdu anchor](../sops/there.md#مقصد) and [here](#مقصد).",
]


@pytest.mark.parametrize("markdown", MORE_CONSTRUCTS)
def test_more_constructs_come_back_exactly(markdown: str) -> None:
    body = f"\n{markdown}\n"
    assert round_trip(body) == body


def _scenarios() -> tuple[list[Document], Corpus]:
    config = load_config(ROOT, ROOT / "tests" / "data" / "wikitext")
    knowledge = load_knowledge_base(config)
    return list(knowledge.documents), Corpus.of(knowledge.documents, config.languages)


def test_the_wikitext_scenarios_come_back_with_the_same_page() -> None:
    documents, corpus = _scenarios()
    exact = []
    for doc in documents:
        wikitext = render_page(doc, corpus)
        parts = read_page(wikitext, doc, corpus)
        assert parts.unknown == (), str(doc.path)
        if parts.body == doc.body:
            exact.append(doc.path.name)
            continue
        again = replace(doc, body=parts.body, parsed=parse(parts.body))
        assert render_page(again, corpus) == wikitext, str(doc.path)
    # The others are written in styles the wiki cannot tell apart (soft line breaks, setext
    # headings, reference links, loose lists, named footnotes, needless escapes).
    # footnotes.md's inline footnote (^[...]) is text to the parser, as on GitHub.
    assert sorted(exact) == [
        "awkward-title.md",
        "blockquotes.md",
        "footnotes.md",
        "images.md",
        "link-target.md",
    ]


def test_a_link_is_spelled_the_same_wherever_a_person_adds_one() -> None:
    # The document spells its links to sops/there.md two ways: the most used one is kept
    # everywhere, so a new link above the others changes no line but its own.
    body = (
        "\nOne [a](../guidelines/../sops/there.md).\n\n"
        "Two [b](../sops/there.md) and [c](../sops/there.md).\n"
    )
    wikitext, doc, corpus = page(body)
    base = read_page(wikitext, doc, corpus).body
    assert base == body.replace("../guidelines/../sops/", "../sops/")
    added = wikitext.replace("One", "[[:There and back|New]].\n\nOne", 1)
    theirs = read_page(added, doc, corpus).body
    assert theirs == base.replace("\nOne", "\n[New](../sops/there.md).\n\nOne", 1)


# -- the page around the body --------------------------------------------------------------


def test_infobox_values_are_plain_text_and_tracking_category_is_not_a_category() -> None:
    doc = make_doc("\nText.\n", tags=("a&b", "water"), owner="Town <office>", version="1.0")
    corpus = Corpus.of([doc, THERE])
    wikitext = render_page(doc, corpus) + "\n[[Category:Wikipk documents|here]]"
    parts = read_page(wikitext, doc, corpus)
    assert parts.infobox["tags"] == "a&b, water"
    assert parts.infobox["owner"] == "Town <office>"
    assert parts.categories == ("Guidelines", "Tag: a&b", "Tag: water", "English")
    assert parts.body == "\nText.\n"
    assert (parts.generated, parts.unknown, parts.teaser) == ("", (), False)


def test_a_premium_teaser_is_detected() -> None:
    doc = make_doc("\nSECRET body.\n", access=Access.PREMIUM)
    corpus = Corpus.of([doc, THERE])
    parts = read_page(render_page(doc, corpus), doc, corpus)
    assert parts.teaser
    assert "SECRET" not in parts.body
    assert parts.categories[-1] == "For subscribers"


def test_an_empty_page_has_an_empty_body() -> None:
    assert read("").body == ""
    assert read("").infobox == {}


# -- a person's edits ----------------------------------------------------------------------


def test_human_written_variants() -> None:
    wikitext = (
        "==Heading==\n"
        "A [[There and back]] link, a [[there and back#Scope|labelled one]], "
        "https://example.org/x and <nowiki>''not italic''</nowiki>.\n"
        "Same paragraph on a second line.\n"
        "\n"
        "* one\n"
        "* added item\n"
        "\n"
        "New paragraph with [[#Heading|a jump]]."
    )
    assert read(wikitext).body == (
        "\n## Heading\n\n"
        "A [There and back](../sops/there.md) link, a [labelled one](../sops/there.md#scope), "
        "<https://example.org/x> and ''not italic''. Same paragraph on a second line.\n\n"
        "- one\n- added item\n\n"
        "New paragraph with [a jump](#heading).\n"
    )


def test_an_unknown_template_is_reported_at_its_line_and_the_rest_is_read() -> None:
    parts = read("Para one.\n\n{{Citation needed|date=2026}}\n\nPara two.\n[[Category:Extra]]")
    assert parts.unknown == (
        Unrepresentable("template {{Citation needed}}", "{{Citation needed|date=2026}}", 3),
    )
    assert parts.body == "\nPara one.\n\nPara two.\n"
    assert parts.categories == ("Extra",)


def test_constructs_without_markdown_form_are_all_reported() -> None:
    wikitext = (
        "__NOTOC__\n"
        "{{DEFAULTSORT:Here}}\n"
        "Text {{#if:x|y}} and <u>under</u> and [[Help:Contents|help]].\n"
        "<gallery>\nA.png\n</gallery>\n"
        "<!-- a comment -->"
    )
    kinds = [(item.kind, item.line) for item in read(wikitext).unknown]
    assert kinds == [
        ("magic word __NOTOC__", 1),
        ("magic word {{DEFAULTSORT}}", 2),
        ("parser function {{#if:}}", 3),
        ("<u>", 3),
        ("link to wiki page [[Help:Contents]]", 3),
        ("<gallery>", 4),
        ("comment", 7),
    ]
    assert "under" in read(wikitext).body and "help" in read(wikitext).body


def test_table_captions_and_merged_cells_are_reported() -> None:
    parts = read('{| class="wikitable"\n|+ Caption\n! A\n! B\n|-\n| colspan="2" | both\n|}')
    assert [(item.kind, item.wikitext, item.line) for item in parts.unknown] == [
        ("table caption", "|+ Caption", 2),
        ("merged table cells", '| colspan="2" | both', 6),
    ]
    assert parts.body == "\n| A | B |\n|---|---|\n| both | |\n"


def test_an_infobox_value_that_is_a_bare_address() -> None:
    parts = read("{{Infobox document\n| id = here\n| owner = https://example.org/o\n}}\n\nText.")
    assert parts.infobox == {"id": "here", "owner": "https://example.org/o"}
    assert parts.body == "\nText.\n"


def test_definition_lines_become_a_bold_term_and_a_paragraph() -> None:
    # Markdown has no definition lists: the term is bold, the indented line a paragraph.
    assert read("; Term\n: What it means.").body == "\n**Term**\n\nWhat it means.\n"


def test_a_persons_line_breaks_stay_inside_one_line_blocks() -> None:
    wikitext = '== A<br>B ==\n{| class="wikitable"\n! x\n|-\n| a<br />b\n|}\n\nP<br>q'
    assert read(wikitext).body == "\n## A B\n\n| x |\n|---|\n| a b |\n\nP\\\nq\n"


def test_footnotes_without_references_are_listed_at_the_end() -> None:
    wikitext = 'Fact.<ref name="a">Source.</ref> Again.<ref name="a" /> Other.<ref>More.</ref>'
    assert read(wikitext).body == (
        "\nFact.[^1] Again.[^1] Other.[^2]\n\n[^1]: Source.\n\n[^2]: More.\n"
    )


def test_an_urdu_edit_reads_back() -> None:
    wikitext = "== <span id=\"purpose\"></span>مقصد ==\n\nیہ '''اہم''' ہے۔"
    assert read(wikitext).body == "\n## مقصد {#purpose}\n\nیہ **اہم** ہے۔\n"


# -- the benchmark corpus ------------------------------------------------------------------


def test_the_generated_corpus_comes_back_exactly_and_blind_with_the_same_wikitext(
    tmp_path: Path,
) -> None:
    generator = ROOT / "bench" / "generate.py"
    command = [sys.executable, str(generator), "--count", "100", "--out", str(tmp_path)]
    subprocess.run(command, check=True, capture_output=True)
    config = load_config(tmp_path, tmp_path / "content")
    knowledge = load_knowledge_base(config)
    corpus = Corpus.of_knowledge_base(knowledge, config.languages)
    public = [doc for doc in knowledge.documents if not doc.is_premium]
    blind_exact = 0
    for doc in public:
        wikitext = render_page(doc, corpus)
        assert read_page(wikitext, doc, corpus).body == doc.body, str(doc.path)
        # Without the document's own spellings (its link paths, code languages, numbering)
        # the reader writes content/'s style: the same page, not always the same bytes.
        blind = read_page(wikitext, replace(doc, body="", parsed=None), corpus).body
        again = replace(doc, body=blind, parsed=parse(blind))
        assert render_page(again, corpus) == wikitext, str(doc.path)
        blind_exact += blind == doc.body
    assert len(public) == 98
    assert 0 < blind_exact < len(public)  # the generator's style is not content/'s


def test_the_document_s_own_spellings_are_kept() -> None:
    body = (
        "\nSee [there](../sops/there.md#scope) and ![a](../media/a.png).\n\n"
        "```python\nprint(1)\n```\n\n"
        "1. one\n   1. sub one\n   1. sub two\n2. two\n"
    )
    assert round_trip(body) == body
    wikitext, doc, corpus = page(body)
    blind = read_page(wikitext, replace(doc, body="", parsed=None), corpus).body
    assert blind == (
        "\nSee [there](../sops/there.md#scope) and ![a](../media/a.png).\n\n"
        "```\nprint(1)\n```\n\n"
        "1. one\n   1. sub one\n   2. sub two\n2. two\n"
    )
    # A person's new link to the same document, and new code, take content/'s style.
    edited = wikitext.replace("print(1)", "print(2)") + "\n\n[[:There and back|again]]"
    assert read_page(edited, doc, corpus).body.endswith(
        "```\nprint(2)\n```\n\n1. one\n   1. sub one\n   1. sub two\n2. two\n\n"
        "[again](../sops/there.md)\n"
    )


# -- a person's edits to a real page change only what they changed -------------------------

EDITS = [
    (
        "changed word",
        "People stop complaining when complaints disappear.",
        "People stop complaining when complaints vanish.",
        "People stop complaining when complaints vanish.",
    ),
    (
        "new sentence",
        "and unblocks stuck cases.\n",
        "and unblocks stuck cases. It meets monthly.\n",
        "and unblocks stuck cases. It meets monthly. |",
    ),
    (
        "new paragraph",
        '== <span id="scope"></span>Scope ==\n',
        '== <span id="scope"></span>Scope ==\n\nA new paragraph by a person.\n',
        "## Scope\n\nA new paragraph by a person.\n",
    ),
    (
        "list item added",
        "* A separate, locked register for sensitive complaints.\n",
        "* A separate, locked register for sensitive complaints.\n* A visitors' book.\n",
        "- A separate, locked register for sensitive complaints.\n- A visitors' book.\n",
    ),
    (
        "list item removed",
        "* The routing table and list of focal persons.\n",
        "",
        "- The complaint log (kept securely; contact details visible only to operators and the "
        "grievance officer).\n- Weekly reports",
    ),
    (
        "item added to an HTML list",
        "aim sooner.</li>\n",
        "aim sooner.</li>\n<li>'''Thank''' the complainant.</li>\n",
        "aim sooner.\n10. **Thank** the complainant.\n11. **Follow up and close.**",
    ),
    (
        "new section",
        '== <span id="related"></span>Related ==',
        "== Lessons learned ==\nAnswer in the caller's language.\n\n"
        '== <span id="related"></span>Related ==',
        "## Lessons learned\n\nAnswer in the caller's language.\n\n## Related\n",
    ),
    (
        "renamed heading",
        '== <span id="records-to-keep"></span>Records to keep ==',
        '== <span id="records-to-keep"></span>Records we keep ==',
        "## Records we keep {#records-to-keep}\n",
    ),
    (
        "link to another document's page",
        "register for sensitive complaints.",
        "register for sensitive complaints, see [[Fix ten always-broken points in 14 days "
        "with community-verified micro-contracts]].",
        "register for sensitive complaints, see [Fix ten always-broken points in 14 days "
        "with community-verified micro-contracts](fix-ten-broken-points.md).",
    ),
    (
        "external link",
        "register for sensitive complaints.",
        "register for sensitive complaints ([https://example.org/rules the rules]).",
        "register for sensitive complaints ([the rules](https://example.org/rules)).",
    ),
    (
        "bold and italic",
        "The routing table and list of focal persons.",
        "The '''routing table''' and ''list'' of focal persons.",
        "The **routing table** and *list* of focal persons.",
    ),
    (
        "table cell",
        "| Receive routed complaints, act, and report back within the agreed time.",
        "| Receive routed complaints, act, and report back within 48 hours.",
        "| Receive routed complaints, act, and report back within 48 hours. |",
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "expected"), [e[1:] for e in EDITS], ids=[e[0] for e in EDITS]
)
def test_a_persons_edit_changes_only_their_lines(
    content: Loaded, old: str, new: str, expected: str
) -> None:
    documents, corpus = content
    doc = next(d for d in documents if str(d.path) == "sops/grievance-channel.md")
    wikitext = render_page(doc, corpus)
    assert wikitext.count(old) == 1
    base = read_page(wikitext, doc, corpus).body
    theirs = read_page(wikitext.replace(old, new), doc, corpus)
    assert base == doc.body
    assert expected in theirs.body
    changed = [
        line
        for line in difflib.ndiff(base.splitlines(), theirs.body.splitlines())
        if line[:1] in "+-"
    ]
    assert 1 <= len(changed) <= 6, changed
    assert theirs.unknown == ()


def test_an_urdu_edit_to_a_real_page(content: Loaded) -> None:
    documents, corpus = content
    doc = next(d for d in documents if str(d.path) == "sops/grievance-channel.ur.md")
    wikitext = render_page(doc, corpus)
    old = "تین فون نمبر ہوں"
    assert old in wikitext
    theirs = read_page(wikitext.replace(old, "چار فون نمبر ہوں"), doc, corpus)
    assert theirs.body == doc.body.replace(old, "چار فون نمبر ہوں")


def test_a_new_category_and_an_infobox_field(content: Loaded) -> None:
    documents, corpus = content
    doc = next(d for d in documents if str(d.path) == "sops/grievance-channel.md")
    wikitext = render_page(doc, corpus)
    edited = wikitext.replace("| owner = District delivery hub", "| owner = Town office")
    edited = edited.replace("[[Category:English]]", "[[Category:English]]\n[[Category:Tag: water]]")
    parts = read_page(edited, doc, corpus)
    assert parts.infobox["owner"] == "Town office"
    assert parts.categories[-2:] == ("English", "Tag: water")
    assert parts.body == doc.body


# -- what MediaWiki stores -----------------------------------------------------------------


def _save(site: Any, title: str, text: str) -> str:
    """Save a page as a person does in the editor, and the text MediaWiki stored."""
    answer = site.post(
        "edit", title=title, text=text, summary="an edit", token=site.get_token("csrf")
    )
    assert answer["edit"]["result"] == "Success", answer
    return str(site.pages[title].text(cache=False))


def test_what_mediawiki_stores_reads_back(devwiki: DevWikiHandle, content: Loaded) -> None:
    documents, corpus = content
    doc = next(d for d in documents if str(d.path) == "sops/grievance-channel.md")
    site = devwiki.site(as_admin=True)
    title = "Reader round trip of grievance-channel"
    stored = _save(site, title, render_page(doc, corpus))
    assert read_page(stored, doc, corpus).body == doc.body
    # MediaWiki expands a signature when it saves: the links to the user's pages are no
    # document's, so they are reported, and their labels stay in the text.
    line = "* A separate, locked register for sensitive complaints."
    signed = _save(site, title, stored.replace(line, f"{line} ~~~~"))
    assert "~~~~" not in signed
    parts = read_page(signed, doc, corpus)
    user = devwiki.admin_user
    assert [item.kind for item in parts.unknown] == [
        f"link to wiki page [[User:{user}]]",
        f"link to wiki page [[User talk:{user}]]",
    ]
    changed = [
        (old, new)
        for old, new in zip(doc.body.split("\n"), parts.body.split("\n"), strict=True)
        if old != new
    ]
    assert len(changed) == 1
    old, new = changed[0]
    assert old == "- A separate, locked register for sensitive complaints."
    assert new.startswith(f"{old} {user} (talk) ")
    assert new.endswith(" (UTC)")


NAMED_NOTES = (
    "\nA survey found it.[^survey] The contract says so.[^contract] Again.[^survey]\n\n"
    "[^survey]: The 2024 household survey.\n\n[^contract]: Clause 7 of the O&M contract.\n"
)


def test_named_footnotes_come_back_with_their_names() -> None:
    assert round_trip(NAMED_NOTES) == NAMED_NOTES


def test_a_person_s_new_footnote_gets_a_number_no_other_uses() -> None:
    wikitext, doc, corpus = page(NAMED_NOTES)
    edited = wikitext.replace("Again.", "Again.<ref>A person's source.</ref>")
    body = read_page(edited, doc, corpus).body
    assert body == (
        "\nA survey found it.[^survey] The contract says so.[^contract] Again.[^3][^survey]\n\n"
        "[^survey]: The 2024 household survey.\n\n[^contract]: Clause 7 of the O&M contract.\n\n"
        "[^3]: A person's source.\n"
    )


def test_a_document_s_boxes_come_home_as_it_writes_them() -> None:
    # A document that writes its boxes with !!! gets !!! back; one that writes none, or
    # alerts, gets GitHub's alerts (content/'s style), where an alert can stand.
    marker = '\n!!! note "A title"\n    Inside the box.\n'
    assert round_trip(marker) == marker
    wikitext, doc, corpus = page(marker)
    blind = read_page(wikitext, replace(doc, body="", parsed=None), corpus).body
    assert blind == "\n> [!NOTE] A title\n> Inside the box.\n"
