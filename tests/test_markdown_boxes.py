"""Boxes: GitHub's alerts (``> [!NOTE] Title``) and ``!!! note "Title"`` are one box."""

from __future__ import annotations

import pytest

from wikipk.markdown import links, parse, render_html

KINDS = ("note", "tip", "important", "warning", "caution")


def _html(body: str) -> str:
    return render_html(parse(body))


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("spelling", [str.upper, str.lower, str.title])
@pytest.mark.parametrize(
    ("title", "written"), [("", ""), ("Before *you* start", ' "Before *you* start"')]
)
def test_an_alert_is_the_box_of_the_same_kind(
    kind: str, spelling: type[str], title: str, written: str
) -> None:
    alert = f"> [!{spelling(kind)}]{' ' + title if title else ''}\n> Check the [work](w.md).\n"
    box = f"!!! {kind}{written}\n    Check the [work](w.md).\n"
    assert _html(alert) == _html(box)
    assert _html(alert).startswith(f'<div class="admonition {kind}">\n')


def test_an_alert_renders_as_the_site_has_always_rendered_a_box() -> None:
    assert _html("> [!WARNING] Never pay first\n> Check the work.\n") == (
        '<div class="admonition warning">\n<p class="admonition-title">Never pay first</p>\n'
        "<p>Check the work.</p>\n</div>\n"
    )
    assert _html("> [!TIP]\n> Ask twice.\n") == (
        '<div class="admonition tip">\n<p class="admonition-title">Tip</p>\n'
        "<p>Ask twice.</p>\n</div>\n"
    )


def test_an_alert_holds_blocks_as_a_box_does() -> None:
    alert = "> [!NOTE] Steps\n>\n> First.\n>\n> - one\n> - two\n>\n> Last.\n"
    box = '!!! note "Steps"\n\n    First.\n\n    - one\n    - two\n\n    Last.\n'
    assert _html(alert) == _html(box)
    assert "<li>one</li>" in _html(alert)


def test_the_tree_holds_an_alert_as_a_box_with_its_title() -> None:
    for body in ("> [!CAUTION] Mind *this*\n> Text.\n", '!!! caution "Mind *this*"\n    Text.\n'):
        (box,) = parse(body).children
        assert (box.kind, box.attrs["kind"]) == ("admonition", "caution")
        title, paragraph = box.children
        assert (title.kind, title.plain()) == ("admonition_title", "Mind this")
        assert (paragraph.kind, paragraph.plain()) == ("paragraph", "Text.")


@pytest.mark.parametrize(
    "body",
    [
        "> [!FOO]\n> Text.\n",
        "> [!NOTE]Title\n> Text.\n",
        "> Text first.\n> [!NOTE]\n> Text.\n",
        "> Quote.\n>\n> > [!NOTE]\n> > Text.\n",
        "- item\n\n    > [!NOTE]\n    > Text.\n",
    ],
    ids=["unknown-kind", "no-space-before-title", "not-first-line", "in-a-quote", "in-a-list"],
)
def test_a_quote_that_is_no_alert_stays_a_quote(body: str) -> None:
    html = _html(body)
    assert "admonition" not in html and "<blockquote>" in html and "[!" in html


def test_an_alert_in_a_list_stays_a_quote_however_it_is_indented() -> None:
    html = _html("- item\n  > [!NOTE]\n  > Text.\n")  # GitHub shows alerts only at the top
    assert "admonition" not in html and "<blockquote>" in html


def test_a_box_keeps_every_line_and_column() -> None:
    body = (
        "Intro.\n\n"
        '!!! note "Before you start"\n'
        "    Read [the guide](guide.md) now.\n\n"
        "    - [b](b.md)\n\n"
        "    ## Inside {#inside}\n"
    )
    tree = parse(body)
    assert [(f.target, f.line, f.column) for f in links(tree)] == [
        ("guide.md", 4, 22),
        ("b.md", 6, 11),
    ]
    (heading,) = [node for node in tree.walk() if node.kind == "heading"]
    assert tree.position(heading.start) == (8, 5)


def test_an_alert_keeps_every_line_and_column() -> None:
    tree = parse("> [!TIP] See [a](a.md)\n> Read [the guide](guide.md) now.\n")
    assert [(f.target, f.line, f.column) for f in links(tree)] == [
        ("a.md", 1, 18),
        ("guide.md", 2, 20),
    ]


def test_a_link_in_a_box_title_is_located_at_its_address() -> None:
    body = 'Intro.\n\n!!! note "See [a](a.md)"\n    Text.\n'
    tree = parse(body)
    assert [(f.target, f.line, f.column) for f in links(tree)] == [("a.md", 3, 19)]
    assert tree.line_text(2) == '!!! note "See [a](a.md)"'


def test_boxes_nest() -> None:
    body = '!!! note "Out"\n    Outer.\n\n    !!! warning "In"\n        Deep [y](y.md).\n'
    assert _html(body) == (
        '<div class="admonition note">\n<p class="admonition-title">Out</p>\n<p>Outer.</p>\n'
        '<div class="admonition warning">\n<p class="admonition-title">In</p>\n'
        '<p>Deep <a href="y.md">y</a>.</p>\n</div>\n</div>\n'
    )
    assert [(f.target, f.line, f.column) for f in links(parse(body))] == [("y.md", 5, 18)]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            '> [!NOTE] Out\n> Outer.\n>\n> !!! warning "In"\n>     Deep.\n',
            '<div class="admonition note">\n<p class="admonition-title">Out</p>\n<p>Outer.</p>\n'
            '<div class="admonition warning">\n<p class="admonition-title">In</p>\n'
            "<p>Deep.</p>\n</div>\n</div>\n",
        ),
        (
            '> !!! warning "In"\n>     Deep.\n',
            '<blockquote>\n<div class="admonition warning">\n<p class="admonition-title">In</p>\n'
            "<p>Deep.</p>\n</div>\n</blockquote>\n",
        ),
        (
            '- !!! tip "T"\n      Deep.\n',
            '<ul>\n<li>\n<div class="admonition tip">\n<p class="admonition-title">T</p>\n'
            "<p>Deep.</p>\n</div>\n</li>\n</ul>\n",
        ),
    ],
    ids=["in-an-alert", "in-a-quote", "on-a-list-marker"],
)
def test_a_box_opens_after_a_quote_or_list_marker(body: str, expected: str) -> None:
    assert _html(body) == expected


def test_a_box_inside_a_list() -> None:
    body = '- one\n\n    !!! tip "T"\n        [x](x.md)\n'
    assert _html(body) == (
        "<ul>\n<li>\n<p>one</p>\n"
        '<div class="admonition tip">\n<p class="admonition-title">T</p>\n'
        '<p><a href="x.md">x</a></p>\n</div>\n</li>\n</ul>\n'
    )
    assert [(f.target, f.line, f.column) for f in links(parse(body))] == [("x.md", 4, 13)]


def test_the_lazy_line_after_a_box_is_its_own_paragraph() -> None:
    body = '!!! note "A"\n    x\nlazy [l](l.md)\n'
    assert _html(body) == (
        '<div class="admonition note">\n<p class="admonition-title">A</p>\n<p>x</p>\n</div>\n'
        '<p>lazy <a href="l.md">l</a></p>\n'
    )
    assert [(f.target, f.line, f.column) for f in links(parse(body))] == [("l.md", 3, 10)]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('??? note "C"\n    b\n', "admonition note is-collapsible collapsible-closed"),
        ("???+ tip\n    b\n", "admonition tip is-collapsible collapsible-open"),
        ('!!! note custom "T"\n    b\n', "admonition note custom"),
        ('!!! danger "D"\n    b\n', "admonition danger"),
    ],
)
def test_the_older_box_forms_are_still_read(body: str, expected: str) -> None:
    assert _html(body).startswith(f'<div class="{expected}">\n<p class="admonition-title">')


@pytest.mark.parametrize(
    ("after", "html"),
    [
        ("| a |\n|---|\n| 1 |", "<table>"),
        ("Next\n----", '<h2 id="next">Next</h2>'),
        ("2) two", '<ol start="2">'),
        ("- item", "<ul>"),
    ],
)
def test_a_block_right_after_a_box_is_its_own(after: str, html: str) -> None:
    # A box ends at its first less indented line, blank line or not: what follows it is read
    # as if a blank line stood between them.
    rendered = _html(f"!!! note\n    Inside.\n{after}\n")
    assert rendered.startswith('<div class="admonition note">\n')
    assert rendered.split("</div>\n", 1)[1].startswith(html)


def test_boxes_one_after_another_stay_apart() -> None:
    body = (
        '!!! tip "One"\n    - a\n    - b\nlazy\n!!! note "Two"\n    x\n\n!!! tip "Three"\n    y\n'
    )
    assert _html(body).count('<div class="admonition') == 3
