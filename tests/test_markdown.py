"""The one Markdown parser: what it accepts and what it refuses to interpret."""

from __future__ import annotations

import pytest

from wikipk import markdown
from wikipk.markdown import DeepNesting, parse, render_html, too_deep


def test_raw_html_is_shown_as_text() -> None:
    html = markdown.render_html(markdown.parse('<script>alert("x")</script>\n\nA <b>word</b>.\n'))
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html and "&lt;b&gt;word&lt;/b&gt;" in html


def test_explicit_heading_id_and_slugs() -> None:
    tokens = markdown.parse("## مقصد {#purpose}\n\n## Scope of work\n\n## Scope of work\n")
    assert [(h.text, h.anchor, h.explicit_id) for h in markdown.headings(tokens)] == [
        ("مقصد", "purpose", True),
        ("Scope of work", "scope-of-work", False),
        ("Scope of work", "scope-of-work-1", False),
    ]


def test_urdu_heading_without_id_gets_an_urdu_slug() -> None:
    tokens = markdown.parse("## طریقۂ کار\n")
    assert markdown.headings(tokens)[0].anchor == "طریقۂ-کار"


def test_links_are_located_and_unquoted() -> None:
    body = 'Intro.\n\nSee [x](a.md#مقصد) and ![a map](media/map.png "t").\n'
    found = markdown.links(markdown.parse(body), body.split("\n"))
    assert [(f.target, f.line, f.column, f.is_image, f.alt) for f in found] == [
        ("a.md#مقصد", 3, 9, False, ""),
        ("media/map.png", 3, 33, True, "a map"),
    ]


def test_gfm_tables_footnotes_and_admonitions() -> None:
    html = markdown.render_html(
        markdown.parse(
            '| a |\n|:-:|\n| 1 |\n\nText[^1]\n\n[^1]: Note.\n\n!!! note "Hi"\n    Body\n'
        )
    )
    assert '<th style="text-align:center">a</th>' in html
    assert 'class="footnote-ref"' in html
    assert '<div class="admonition note">' in html


def test_a_link_is_located_at_its_address_not_at_matching_text() -> None:
    body = "[b.md](b.md) and [nope.md](nope.md)\n"
    found = markdown.links(markdown.parse(body), body.split("\n"))
    assert [(f.target, f.column) for f in found] == [("b.md", 8), ("nope.md", 28)]


def _lists(depth: int, last: str = "deepest") -> str:
    return "\n".join("  " * n + f"- {last if n == depth - 1 else n}" for n in range(depth))


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (_lists(9), None),
        (_lists(10), DeepNesting(10, 19, 10)),
        (_lists(10, last=""), None),  # an empty item loses nothing
        ("> " * 19 + "x", None),
        ("> " * 20 + "x", DeepNesting(1, 1, 20)),
        ("intro\n\n" + "> " * 17 + "- a\n" + "> " * 17 + "  - b", DeepNesting(4, 1, 19)),
    ],
    ids=["9-lists", "10-lists", "10-lists-empty", "19-quotes", "20-quotes", "quotes-and-lists"],
)
def test_nesting_past_the_parser_limit_is_found(body: str, expected: DeepNesting | None) -> None:
    assert too_deep(parse(body), body.split("\n")) == expected
    if expected is None and "x" in body:
        assert "<p>x</p>" in render_html(parse(body))  # nothing was dropped
