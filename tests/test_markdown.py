"""The one Markdown parser: what it accepts and what it refuses to interpret."""

from __future__ import annotations

from wikipk import markdown


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
