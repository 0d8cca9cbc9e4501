"""Boxes (admonitions): ``!!! note "Title"`` blocks and GitHub's ``> [!NOTE]`` alerts.

The native parser knows neither form with a title, so both are found around it:

- ``!!! kind "Title"`` (and the collapsible ``???``/``???+``) is rewritten before the parse, line
  for line and column for column: the marker line becomes a list item holding an empty heading
  (``+   #``), so the indented lines below it are that item's content, as they are the box's.
  :func:`read` finds a box and its extent, :func:`rewrite` makes its marker line; the tree
  builder turns each item that stood in for one back into a box.
- ``> [!NOTE] Optional title`` is a quote whose first line names the kind: the tree builder
  turns it into a box (:func:`alert`).

A box's extent follows the admonition rules markdown-it-py's ``admon`` plugin had: the lines
indented past the marker, up to a less indented line or two blank lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wikipk.markdown.tree import Body, Node

_MARKER = re.compile(
    r"(?P<prefix>(?:[ ]{0,3}(?:>[ ]?|[-*+][ ]{1,4}|\d{1,9}[.)][ ]{1,4}))*)"
    r"(?P<indent>[ ]*)(?P<marker>\?\?\?\+|\?\?\?|!!!)(?P<params>.*)"
)
"""A box's marker line, after the quotes and list markers it may sit in."""
_QUOTE = re.compile(r"[ ]{0,3}>[ ]?")
_TAGS_AND_TITLE = re.compile(r'^\s*(?P<tokens>[^"\s](?:[^"]*[^"\s])?)\s+"(?P<title>.*)"[^\s"]*$')
_ALERT = re.compile(r"[ ]{0,3}>[ ]?\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\](?:[ \t].*)?", re.I)
ALERT_KINDS = ("note", "tip", "important", "warning", "caution")
"""The kinds of GitHub's alerts (``> [!NOTE]``), which are the recommended form."""


@dataclass(frozen=True)
class Box:
    """A ``!!!`` box found in the source."""

    line: int
    """0-based line of the marker."""
    end: int
    """0-based line just after the box's last line."""
    tags: tuple[str, ...]
    """The box's kind and any further classes (``note``; ``warning``, ``big``)."""
    title: str
    """The title as written (Markdown), empty for none."""
    title_column: int
    """0-based column of the title on the marker line."""
    markup: str
    """``!!!``, ``???`` or ``???+``."""
    column: int
    """0-based column of the marker on its line."""
    gap: int
    """How many spaces after the bullet of the list item the marker line is rewritten to."""

    @property
    def classes(self) -> str:
        """The box's HTML classes."""
        extra = ""
        if self.markup.startswith("?"):
            extra = (
                " is-collapsible collapsible-open"
                if self.markup.endswith("+")
                else (" is-collapsible collapsible-closed")
            )
        return " ".join(["admonition", *self.tags]) + extra


def candidates(lines: list[str]) -> list[int]:
    """0-based lines that look like a box's marker (the parse decides which are)."""
    return [
        number
        for number, line in enumerate(lines)
        if ("!!!" in line or "???" in line) and _marker(line) is not None
    ]


def _marker(line: str) -> re.Match[str] | None:
    match = _MARKER.fullmatch(line)
    if match is None or not match["params"].strip():
        return None
    return match


def read(lines: list[str], number: int) -> Box | None:
    """The box whose marker is on 0-based line ``number``, with its extent."""
    match = _marker(lines[number])
    if match is None:
        return None
    prefix, markup, params = match["prefix"], match["marker"], match["params"]
    quotes = prefix.count(">")
    inner = _inside_quotes(lines[number], quotes)
    assert inner is not None
    indent = match.start("marker") - (len(lines[number]) - len(inner))  # inside the quotes
    spaces = len(params) - len(params.lstrip(" "))
    body_indent = indent + 3 + spaces + (3 - len(markup))
    if not 2 <= body_indent - indent <= 5:
        return None
    end = number + 1
    was_blank = False
    while end < len(lines):
        line = _inside_quotes(lines[end], quotes)
        if line is None:
            break
        stripped = line.lstrip(" \t")
        under = _columns(line[: len(line) - len(stripped)]) < body_indent
        if under and was_blank:
            break
        was_blank = under
        if stripped and under:
            break
        end += 1
    tags, title = _tags_and_title(params)
    title_column = match.start("params") + (params.find(title) if title else 0)
    column = match.start("marker")
    gap = body_indent - indent - 1
    return Box(number, end, tuple(tags), title, title_column, markup, column, gap)


def _inside_quotes(line: str, quotes: int) -> str | None:
    """A line without its first ``quotes`` quote markers (None when it has fewer)."""
    for _ in range(quotes):
        match = _QUOTE.match(line)
        if match is None:
            return None if line.strip() else ""
        line = line[match.end() :]
    return line


def _columns(space: str) -> int:
    """How many columns leading white space takes (a tab goes to the next multiple of 4)."""
    columns = 0
    for char in space:
        columns = columns + 4 - columns % 4 if char == "\t" else columns + 1
    return columns


def _tags_and_title(params: str) -> tuple[list[str], str]:
    """The box's classes and title, as the ``admon`` plugin read them."""
    params = params.strip()
    match = _TAGS_AND_TITLE.match(params)
    if match:
        return [tag.lower() for tag in match["tokens"].strip().split(" ")], match["title"]
    tag, *rest = params.split(" ")
    joined = " ".join(rest)
    if not joined:
        return [tag.lower()], tag.title()
    return [tag.lower()], "" if joined == '""' else joined


def rewrite(lines: list[str], box: Box, avoid: set[str]) -> str:
    """The marker line rewritten as a list item holding an empty heading.

    Args:
        lines: the body's lines.
        box: the box.
        avoid: list markers that would join this item to a list next to it.
    """
    line = lines[box.line]
    bullet = next((mark for mark in "+*-" if mark not in avoid), "+")
    item = line[: box.column] + bullet + " " * box.gap + "#"
    # As many bytes as the line had, so that every offset after it is the author's.
    return item + " " * (len(line.encode()) - len(item.encode()))


def neighbour_markers(lines: list[str], box: Box) -> set[str]:
    """The bullets of list items next to a box at its column (another box's included)."""
    indent = box.column
    found = set()
    for number in (
        _nearest(lines, range(box.line - 1, -1, -1), indent),
        _nearest(lines, range(box.end, len(lines)), indent),
    ):
        if number is None:
            continue
        mark = lines[number][indent : indent + 2]
        if mark in ("- ", "* ", "+ "):
            found.add(mark[0])
    return found


def _nearest(lines: list[str], numbers: range, indent: int) -> int | None:
    """The first of ``numbers`` that is a non-blank line indented at most ``indent``."""
    for number in numbers:
        line = lines[number]
        if line.strip() and len(line) - len(line.lstrip(" ")) <= indent:
            return number
    return None


def alert_kind(line: str) -> str | None:
    """The kind of alert a quote's first line names (``> [!WARNING] Title``), if it does."""
    match = _ALERT.fullmatch(line)
    return match[1].lower() if match else None


def alert(body: Body, quote: Node) -> Node | None:
    """The box a ``> [!NOTE] Title`` quote is, or None for a quote."""
    first = body.line(quote.start)
    kind = alert_kind(body.line_text(first))
    if kind is None or not quote.children or quote.children[0].kind != "paragraph":
        return None
    paragraph = quote.children[0]
    inline = paragraph.children
    title_nodes: list[Node] = []
    rest: list[Node] = []
    for index, child in enumerate(inline):
        if child.kind == "softbreak":
            rest = inline[index + 1 :]
            break
        title_nodes.append(child)
    if not title_nodes or title_nodes[0].kind != "text":
        return None
    lead = title_nodes[0]
    marker = re.match(r"\[!\w+\][ \t]*", lead.text)
    if marker is None:
        return None
    lead.text = lead.text[marker.end() :]
    lead.start += marker.end()
    if not lead.text:
        title_nodes.pop(0)
    attrs = {"kind": kind, "classes": f"admonition {kind}", "markup": ">"}
    node = Node("admonition", quote.start, quote.end, attrs=attrs)
    children = quote.children[1:]
    if rest:
        paragraph.children = rest
        paragraph.start = rest[0].start
        children = [paragraph, *children]
    if title_nodes:
        heading = Node("admonition_title", title_nodes[0].start, title_nodes[-1].end)
        heading.children = title_nodes
    else:
        heading = Node("admonition_title", quote.start, quote.start)
        heading.children = [Node("text", quote.start, quote.start, kind.title())]
    node.children = [heading, *children]
    return node
