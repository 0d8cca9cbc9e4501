"""What the checks read off a parsed body: its headings, its links, and what it cannot show.

Every finding is located at the line and column an author sees, from the source offsets the
parser keeps on each node.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote

from wikipk.markdown.tree import Body, Node


@dataclass(frozen=True)
class Heading:
    """A heading of a document body."""

    level: int
    """1 for ``#``, 2 for ``##``, and so on."""
    text: str
    """The heading's plain text, without any ``{#id}``."""
    anchor: str
    """The id a link's ``#fragment`` names: the explicit ``{#id}`` or a GitHub-style slug."""
    explicit_id: bool
    """True when the author wrote ``{#id}``."""
    line: int
    """1-based line in the body."""


@dataclass(frozen=True)
class LinkRef:
    """A link or image target found in a document body."""

    target: str
    """The address as written (``../sops/x.md#scope``, ``https://…``, ``media/a.png``)."""
    line: int
    """1-based line in the body."""
    column: int
    """1-based column of the address on that line (1 when it cannot be found)."""
    is_image: bool
    """True for ``![alt](src)``."""
    alt: str
    """The image's alt text (empty for links)."""


def headings(body: Body) -> list[Heading]:
    """Every heading of a parsed body, in order."""
    return [
        Heading(
            level=node.attrs["level"],
            text=node.plain().strip(),
            anchor=node.attrs["id"],
            explicit_id=node.attrs["explicit"],
            line=body.line(node.start) + 1,
        )
        for node in body.headings
    ]


def links(body: Body) -> list[LinkRef]:
    """Every link and image target of a parsed body, located at its address."""
    found = []
    for node in body.linked:
        kind = node.kind
        if kind == "link":
            target, is_image, alt = unquote(node.attrs["href"]), False, ""
        elif kind == "image":
            target, is_image = unquote(node.attrs["src"]), True
            alt = "".join([child.plain() for child in node.children]).strip()
        else:
            continue
        line, column = _address(body, node, target)
        found.append(LinkRef(target=target, line=line, column=column, is_image=is_image, alt=alt))
    return found


def _address(body: Body, node: Node, target: str) -> tuple[int, int]:
    """Where a link's address is written: after its label's ``](``, else where the link starts."""
    source = body.source
    if node.attrs.get("autolink"):
        return body.position(node.start + 1)
    label_end = node.children[-1].end if node.children else node.start
    at = source.find(b"](", label_end, node.end)
    if at < 0:
        return body.position(node.start)
    at += 2
    while source[at : at + 1] in (b" ", b"\t", b"\n", b"<"):
        at += 1
    return body.position(at)


@dataclass(frozen=True)
class Located:
    """A place in a body: 1-based line and column."""

    line: int
    column: int


@dataclass(frozen=True)
class DeepNesting:
    """Where lists, quotes and boxes nest deeper than the renderers follow."""

    line: int
    """1-based line in the body of the first block nested too deep."""
    column: int
    """1-based column of that line's first character."""
    depth: int
    """How many lists, quotes and boxes hold that block, its own included."""


MAX_LEVEL = 20
"""How deep blocks may nest: a list counts two (its list and its item), a quote or a box one."""
_NESTS = frozenset({"bullet_list", "ordered_list", "blockquote", "admonition"})
_CONTAINERS = _NESTS | {"list_item"}


def too_deep(body: Body) -> DeepNesting | None:
    """The first list, item, quote or box that opens at the nesting limit, if any."""
    if body.deepest < MAX_LEVEL:  # nothing in the tree opens that deep
        return None
    stack: list[tuple[Node, int, int]] = [(child, 0, 0) for child in reversed(body.children)]
    while stack:
        node, level, depth = stack.pop()
        if node.kind not in _CONTAINERS:
            continue
        depth += node.kind in _NESTS
        if level >= MAX_LEVEL - 1:
            line = body.line(node.start)
            text = body.line_text(line)
            return DeepNesting(line + 1, len(text) - len(text.lstrip()) + 1, depth)
        stack.extend((child, level + 1, depth) for child in reversed(node.children))
    return None


def raw_html(body: Body) -> list[Located]:
    """Raw HTML blocks that run over more than one line: the Markdown in them is shown as text.

    An HTML block (a line starting with ``<div>``, ``<!--``, ``<table>``...) takes every line up
    to the next blank line (or its closing tag) as HTML, so links and formatting there are
    neither checked nor rendered; the site and the wiki show those lines as typed.
    """
    found: list[Located] = []
    for start, end in body.html:
        first = body.line(start)
        if body.line(max(end - 1, start)) > first:
            found.append(Located(*body.position(start)))
    return found
