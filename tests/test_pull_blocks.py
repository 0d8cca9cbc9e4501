"""The blocks the pull's merge pairs: each with the lines markdown-it's ``token.map`` gave it
(the pairing was made on those lines; the expected values are markdown-it-py's)."""

from __future__ import annotations

import pytest

from sync.wiki.pull.blocks import leaves, structure, top_blocks
from wikipk.markdown import parse

LINES = [
    # A list item runs over the blank lines after it; the list ends with its last item.
    (
        "First.\n\n\n* one\n* two\n\n\n\nLast.\n",
        [
            (("paragraph",), 0, 1),
            (("paragraph", "*"), 3, 4),
            (("paragraph", "*"), 4, 5),
            (("paragraph",), 8, 9),
        ],
        [(0, 1), (3, 8), (8, 9)],
    ),
    (
        "- a\n\n- b\n\n  c\n\nP\n",
        [
            (("paragraph", "-"), 0, 1),
            (("paragraph", "-"), 2, 3),
            (("paragraph", "-"), 4, 5),
            (("paragraph",), 6, 7),
        ],
        [(0, 6), (6, 7)],
    ),
    # An empty item takes one blank line, no more.
    ("-\n\n\n> quote\n", [(("list_item", "-"), 0, 2), (("paragraph",), 3, 4)], [(0, 2), (3, 4)]),
    (
        "1.\n  \n  continued\n",
        [(("list_item", "."), 0, 2), (("paragraph",), 2, 3)],
        [(0, 2), (2, 3)],
    ),
    # A quote ending with empty lines runs over the blank lines after it; an empty quote too.
    ("> b\n>\n>\n\n\nc\n", [(("paragraph",), 0, 1), (("paragraph",), 5, 6)], [(0, 5), (5, 6)]),
    ("> b\n>\n\nc\n", [(("paragraph",), 0, 1), (("paragraph",), 3, 4)], [(0, 2), (3, 4)]),
    (">\n\n\nc\n", [(("blockquote",), 0, 3), (("paragraph",), 3, 4)], [(0, 3), (3, 4)]),
    # An item in a quote ends with the quote.
    (
        "> - a\n\n\n> - b\n",
        [(("paragraph", "-"), 0, 1), (("paragraph", "-"), 3, 4)],
        [(0, 1), (3, 4)],
    ),
    # A box: its title is its marker line, its lines the admon plugin's.
    (
        '!!! note "Title"\n    body\n\n\n***\n',
        [(("admonition_title",), 0, 1), (("paragraph",), 1, 2), (("hr",), 4, 5)],
        [(0, 3), (4, 5)],
    ),
    (
        "!!! warning\n    - box item\n",
        [(("admonition_title",), 0, 1), (("paragraph", "-"), 1, 2)],
        [(0, 2)],
    ),
    # A box in a quote ends with the quote; a box in an item is the item's.
    (
        '> !!! note "Q"\n>     body\n\n    code\n',
        [(("admonition_title",), 0, 1), (("paragraph",), 1, 2), (("code_block",), 3, 4)],
        [(0, 2), (3, 4)],
    ),
    (
        "- a\n\n  !!! tip\n      body\n\n\n- b\n",
        [
            (("paragraph", "-"), 0, 1),
            (("admonition_title", "-"), 2, 3),
            (("paragraph", "-"), 3, 4),
            (("paragraph", "-"), 6, 7),
        ],
        [(0, 7)],
    ),
    # A table pairs by rows; a footnote by its blocks (not a top-level block).
    (
        "| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\n",
        [(("tr",), 0, 1), (("tr",), 2, 3), (("tr",), 3, 4)],
        [(0, 4)],
    ),
    (
        "Text[^1].\n\n[^1]: The note.\n    more\n",
        [(("paragraph",), 0, 1), (("paragraph",), 2, 4)],
        [(0, 1)],
    ),
    ("```py\ncode\n\n    indented\n", [(("fence",), 0, 4)], [(0, 4)]),
    (
        "## Two\n\n### Three\n",
        [(("heading", "2"), 0, 1), (("heading", "3"), 2, 3)],
        [(0, 1), (2, 3)],
    ),
]


@pytest.mark.parametrize(("text", "leaf_blocks", "top_lines"), LINES)
def test_blocks_have_the_lines_markdown_it_gave_them(
    text: str, leaf_blocks: list[tuple[tuple[str, ...], int, int]], top_lines: list[tuple[int, int]]
) -> None:
    body = parse(text)
    assert leaves(body) == leaf_blocks
    assert [(first, end) for _, first, end in top_blocks(body)] == top_lines


def test_the_structure_is_kinds_and_nesting_not_markers_or_footnotes() -> None:
    assert structure(parse("* a\n* b\n")) == structure(parse("- a\n- b\n"))
    assert structure(parse("- a\n- b\n")) != structure(parse("1. a\n2. b\n"))
    assert structure(parse("## A\n")) != structure(parse("### A\n"))
    assert structure(parse('!!! note "T"\n    x\n')) != structure(parse('!!! note ""\n    x\n'))
    one = "A[^1] B[^2]\n\n[^1]: x\n\n    y\n\n[^2]: z\n"
    other = "A[^1] B[^2]\n\n[^1]: x\n\n[^2]: z\n\n    y\n"
    assert structure(parse(one)) == structure(parse(other))
