"""The one Markdown parser: what it accepts, what it refuses to interpret, and where it locates."""

from __future__ import annotations

import pytest

from wikipk import markdown
from wikipk.markdown import (
    DeepNesting,
    Located,
    headings,
    links,
    parse,
    raw_html,
    render_html,
    too_deep,
)


def test_raw_html_is_shown_as_text() -> None:
    html = markdown.render_html(markdown.parse('<script>alert("x")</script>\n\nA <b>word</b>.\n'))
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html and "&lt;b&gt;word&lt;/b&gt;" in html


def test_an_html_line_takes_the_lines_after_it_as_text_and_is_located() -> None:
    tree = parse("Intro.\n\n<div>\n*a* [x](y.md)\n</div>\n\nAfter *b*.\n")
    assert render_html(tree) == (
        "<p>Intro.</p>\n<p>&lt;div&gt;\n*a* [x](y.md)\n&lt;/div&gt;</p>\n<p>After <em>b</em>.</p>\n"
    )
    assert links(tree) == []  # the link inside is shown as typed: nothing to check
    assert raw_html(tree) == [Located(3, 1)]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("<br>\n\n*a*\n", []),
        ("A <b>word</b>\nand more\n", []),
        ("Text\n<div>\nmore\n", [Located(2, 1)]),
        ("<!-- a\ncomment -->\n", [Located(1, 1)]),
        ("- a\n\n  <div>\n  x\n", [Located(3, 3)]),
        ("> [!NOTE]\n> <div>\n> x\n", [Located(2, 3)]),
        ('!!! note "A"\n    <div>\n    x\n', [Located(2, 5)]),
    ],
    ids=["alone", "inline", "after-text", "comment", "in-a-list", "in-an-alert", "in-a-box"],
)
def test_html_running_over_more_than_one_line_is_found(body: str, expected: list[Located]) -> None:
    assert raw_html(parse(body)) == expected


def test_explicit_heading_id_and_slugs() -> None:
    tree = markdown.parse("## مقصد {#purpose}\n\n## Scope of work\n\n## Scope of work\n")
    assert [(h.text, h.anchor, h.explicit_id, h.line) for h in markdown.headings(tree)] == [
        ("مقصد", "purpose", True, 1),
        ("Scope of work", "scope-of-work", False, 3),
        ("Scope of work", "scope-of-work-1", False, 5),
    ]
    assert render_html(tree).startswith('<h2 id="purpose">مقصد</h2>\n')


def test_urdu_heading_without_id_gets_an_urdu_slug() -> None:
    tree = markdown.parse("## طریقۂ کار\n")
    assert markdown.headings(tree)[0].anchor == "طریقۂ-کار"
    assert render_html(tree) == '<h2 id="طریقۂ-کار">طریقۂ کار</h2>\n'


def test_links_are_located_and_unquoted() -> None:
    body = 'Intro.\n\nSee [x](a.md#مقصد) and ![a map](media/map.png "t").\n'
    found = markdown.links(markdown.parse(body))
    assert [(f.target, f.line, f.column, f.is_image, f.alt) for f in found] == [
        ("a.md#مقصد", 3, 9, False, ""),
        ("media/map.png", 3, 33, True, "a map"),
    ]


def test_a_link_is_located_at_its_address_not_at_matching_text() -> None:
    body = "[b.md](b.md) and [nope.md](nope.md)\n"
    found = markdown.links(markdown.parse(body))
    assert [(f.target, f.column) for f in found] == [("b.md", 8), ("nope.md", 28)]


def test_columns_count_characters_on_urdu_lines_not_bytes() -> None:
    line = "شکایت درج کرنے کے لیے [رہنما](guide.md#طریقۂ-کار) اور ![نقشہ](media/map.png) دیکھیں۔"
    found = links(parse(f"## مقصد {{#purpose}}\n\n{line}\n"))
    assert [(f.target, f.line, f.column, f.alt) for f in found] == [
        ("guide.md#طریقۂ-کار", 3, 31, ""),
        ("media/map.png", 3, 63, "نقشہ"),
    ]
    assert [f.column for f in found] == [line.index("guide.md") + 1, line.index("media/") + 1]
    tree = parse("ab\nشکایت [x](y.md)\n")
    assert tree.position(tree.source.index(b"[x]")) == (2, 7)
    assert tree.position(tree.source.index(b"y.md")) == (2, 11)


def test_links_in_tables_and_footnotes_are_located() -> None:
    body = "| a | b |\n|---|---|\n| شکایت [t](t.md) | 2 |\n\nText[^1]\n\n[^1]: See [n](n.md).\n"
    assert [(f.target, f.line, f.column) for f in links(parse(body))] == [
        ("t.md", 3, 13),
        ("n.md", 7, 15),
    ]


@pytest.mark.parametrize(
    "body",
    [
        "[x](javascript:alert(1))",
        "[x](JAVASCRIPT:alert(1))",
        "[x](vbscript:msgbox)",
        "[x](data:text/html,x)",
        "[x](file:///etc/passwd)",
        "<javascript:alert(1)>",
    ],
)
def test_an_unsafe_link_stays_text(body: str) -> None:
    tree = parse(body + "\n")
    html = render_html(tree)
    assert "<a" not in html and "href" not in html
    assert html == f"<p>{body.replace('<', '&lt;').replace('>', '&gt;')}</p>\n"
    assert links(tree) == []


def test_an_image_may_be_data_but_only_an_image() -> None:
    html = render_html(parse("![i](data:image/png;base64,AA)\n"))
    assert html == '<p><img src="data:image/png;base64,AA" alt="i" /></p>\n'


def test_gfm_tables_footnotes_and_admonitions() -> None:
    html = markdown.render_html(
        markdown.parse(
            '| a |\n|:-:|\n| 1 |\n\nText[^1]\n\n[^1]: Note.\n\n!!! note "Hi"\n    Body\n'
        )
    )
    assert '<th style="text-align:center">a</th>' in html
    assert 'class="footnote-ref"' in html
    assert '<div class="admonition note">' in html


def test_footnotes_are_numbered_by_first_reference() -> None:
    tree = parse("a[^b] c[^a] d[^b]\n\n[^a]: A\n[^b]: B\n[^unused]: never shown\n")
    assert render_html(tree) == (
        '<p>a<sup class="footnote-ref"><a href="#fn1" id="fnref1">[1]</a></sup>'
        ' c<sup class="footnote-ref"><a href="#fn2" id="fnref2">[2]</a></sup>'
        ' d<sup class="footnote-ref"><a href="#fn1" id="fnref1:1">[1:1]</a></sup></p>\n'
        '<hr class="footnotes-sep" />\n<section class="footnotes">\n<ol class="footnotes-list">\n'
        '<li id="fn1" class="footnote-item"><p>B <a href="#fnref1" class="footnote-backref">↩︎</a>'
        ' <a href="#fnref1:1" class="footnote-backref">↩︎</a></p>\n</li>\n'
        '<li id="fn2" class="footnote-item"><p>A <a href="#fnref2" class="footnote-backref">↩︎</a>'
        "</p>\n</li>\n</ol>\n</section>\n"
    )
    block = tree.children[-1]
    assert block.kind == "footnote_block"
    assert [(f.attrs["label"], f.attrs["number"], f.attrs["refs"]) for f in block.children] == [
        ("b", 1, 2),
        ("a", 2, 1),
    ]


def _lists(depth: int, last: str = "deepest") -> str:
    return "\n".join("  " * n + f"- {last if n == depth - 1 else n}" for n in range(depth))


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (_lists(9), None),
        (_lists(10), DeepNesting(10, 19, 10)),
        (_lists(10, last=""), None),  # an empty item holds nothing to show
        ("> " * 19 + "x", None),
        ("> " * 20 + "x", DeepNesting(1, 1, 20)),
        ("intro\n\n" + "> " * 17 + "- a\n" + "> " * 17 + "  - b", DeepNesting(4, 1, 19)),
        ('!!! note "A"\n    ' + "> " * 18 + "x", None),
        ('!!! note "A"\n    ' + "> " * 19 + "x", DeepNesting(2, 5, 20)),
        ("> [!NOTE]\n> " + "> " * 19 + "x", DeepNesting(2, 1, 20)),
    ],
    ids=[
        "9-lists",
        "10-lists",
        "10-lists-empty",
        "19-quotes",
        "20-quotes",
        "quotes-and-lists",
        "box-and-18-quotes",
        "box-and-19-quotes",
        "alert-and-19-quotes",
    ],
)
def test_nesting_past_the_render_limit_is_found(body: str, expected: DeepNesting | None) -> None:
    tree = parse(body)
    assert too_deep(tree) == expected
    assert body.rstrip("- ").split()[-1] in render_html(tree)  # the parse loses nothing


def test_headings_inside_boxes_are_headings_of_the_document() -> None:
    tree = parse('!!! note "A"\n    ## Inside\n\n## After\n')
    assert [(h.text, h.anchor, h.line) for h in headings(tree)] == [
        ("Inside", "inside", 2),
        ("After", "after", 4),
    ]


@pytest.mark.parametrize(
    "body", ["- x\n  <div>\n  y\n", "1. x\n   <div>\n", "- [x](a.md)\n  <!-- c -->\n"]
)
def test_an_html_line_under_a_tight_list_item_is_shown_as_text(body: str) -> None:
    html = render_html(parse(body))
    assert "&lt;" in html and "<div>" not in html


def test_a_numeric_reference_to_a_control_code_is_the_replacement_character() -> None:
    html = markdown.render_html(markdown.parse("a&#x85;b&#128;c&#x7f;d&#65;e &#x2028;\n"))
    assert html == "<p>a\ufffdb\ufffdc\ufffddAe \u2028</p>\n"


def test_autolinks_show_their_address_as_written() -> None:
    html = markdown.render_html(markdown.parse("<mailto:x@y.z> <x@y.z> <https://ex.com/a%20b>\n"))
    assert html == (
        '<p><a href="mailto:x@y.z">mailto:x@y.z</a> <a href="mailto:x@y.z">x@y.z</a> '
        '<a href="https://ex.com/a%20b">https://ex.com/a b</a></p>\n'
    )
