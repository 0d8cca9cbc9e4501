"""The blocks of a Markdown body as the pull's merge pairs them: kinds, list markers and lines.

The merge pairs each block of the canonical Markdown with the block of the author's source that
holds the same thing, by kind and order, and keeps the source's lines of each pair. The lines
of a block are those markdown-it's ``token.map`` gave it (the merge was made on them, and its
results must not move): the parse's byte ranges give the same lines for a paragraph, a heading,
a table row or a code block, but a container's lines follow markdown-it's own rules:

- a list item runs over the blank lines after its last block, up to the next line with text;
  an empty item (``-`` alone) takes one blank line after it, no more;
- a list ends where its last item does;
- a quote ends at its last line, unless it ends with two or more empty lines (``>``): then it
  runs over the blank lines after it too (an empty quote as well);
- a ``!!!`` box runs over the lines its ``admon`` rules give it (:func:`boxes.read`); its
  title is its marker line.
"""

from __future__ import annotations

import re

from wikipk.markdown import Body, Node, boxes

Block = tuple[tuple[str, ...], int, int]
"""A block's signature (its kind, and for a leaf the markers of the lists around it) and its
0-based lines ``[first, after-last)``."""

_UNLINED = frozenset({"th", "td", "footnote_block", "footnote"})
"""Blocks that pair by what they hold, not by lines of their own: a table row pairs whole, a
footnote by its blocks."""
_QUOTE_MARKER = re.compile(r" {0,3}> ?")


def leaves(body: Body) -> list[Block]:
    """Each innermost block (paragraph, heading, table row, code block...) with its lines and
    its signature: its kind and the markers of the lists around it.

    A ``*`` bullet and a ``-`` bullet start two lists in Markdown, so the markers are part of
    the signature: an item of a ``*`` list in the source is not paired with its canonical
    ``-`` item, and the whole list is rewritten when one item changes, never mixed.
    """
    lines = _Lines(body)
    found: list[Block] = []

    def visit(node: Node, markers: tuple[str, ...]) -> None:
        if node.kind == "list_item":
            markers = (*markers, node.attrs["marker"])
        inner = _lined(node)
        if not inner:
            found.append(((*_sign(node), *markers), *lines.of(node)))
        for child in inner:
            visit(child, markers)

    for node in _lined(body):
        visit(node, ())
    return found


def top_blocks(body: Body) -> list[Block]:
    """Each top-level block with its lines, signed by its kind."""
    lines = _Lines(body)
    return [
        (_sign(node), *lines.of(node))
        for node in body.children
        if node.is_block and node.kind not in _UNLINED
    ]


def structure(body: Body) -> list[tuple[str, ...]]:
    """The blocks a body parses to: kinds and nesting, not their text or markers (a footnote's
    blocks follow the body's, without the footnote around them)."""
    found: list[tuple[str, ...]] = []

    def visit(node: Node) -> None:
        for child in node.children:
            if child.kind in ("footnote_block", "footnote"):
                visit(child)
            elif child.is_block or child.kind == "admonition_title":
                found.append((*_sign(child), "{"))
                visit(child)
                found.append(("}",))

    visit(body)
    return found


def _sign(node: Node) -> tuple[str, ...]:
    """A block's kind, with a heading's level (an ``##`` heading is not an ``###`` one)."""
    return (node.kind, str(node.attrs["level"])) if node.kind == "heading" else (node.kind,)


def _lined(node: Node) -> list[Node]:
    """The blocks inside a node that have lines of their own (a box's title among them),
    looking through footnotes."""
    found = []
    for child in node.children:
        if child.kind in _UNLINED:
            if child.kind.startswith("footnote"):
                found.extend(_lined(child))
        elif child.is_block or child.kind == "admonition_title":
            found.append(child)
    return found


class _Lines:
    """The lines of each block of a body, as markdown-it's ``token.map`` gave them."""

    def __init__(self, body: Body) -> None:
        self.body = body
        self.count = body.line_count
        self.found: dict[int, tuple[int, int]] = {}
        self.quotes: list[tuple[int, int]] = []
        """The lines of the quotes around the block being measured, outermost first."""
        self.text: list[str] | None = None
        """The body's lines (read when a box needs them)."""
        for node in body.children:
            self._measure(node, 0, self.count)

    def of(self, node: Node) -> tuple[int, int]:
        """The 0-based first line of a block and the line after its last one."""
        return self.found[id(node)]

    def _measure(self, node: Node, box_line: int, limit: int) -> tuple[int, int]:
        """Measure a block and the blocks in it; ``limit`` is the line after the last one
        the block's container holds (markdown-it's ``endLine``)."""
        kind = node.kind
        first, end = self.body.lines(node)
        if kind == "admonition_title":
            first, end = box_line, box_line + 1
        elif kind == "admonition" and (box := self._box(first)) is not None:
            end = min(box.end, limit)  # a box ends with the quote or item it is in
            self._children(node, first, end)
        elif kind in ("blockquote", "admonition"):  # an alert (> [!NOTE]) is a quote
            self.quotes.append((first, end))
            last = self._children(node, first, end)
            end = self._end(first if last is None else last, end, last is None)
            self.quotes.pop()
        elif kind == "list_item":
            last = self._children(node, first, limit)
            if last is None:  # an empty item takes one blank line, no more
                end = min(first + 2, self.count) if self._empty(first + 1) else first + 1
            else:
                end = self._end(last, limit)
        elif kind in ("bullet_list", "ordered_list"):
            items = [self._measure(item, box_line, limit) for item in node.children]
            first, end = items[0][0], items[-1][1]
        else:
            self._children(node, first, limit)
        self.found[id(node)] = first, end
        return first, end

    def _box(self, line: int) -> boxes.Box | None:
        """The ``!!!`` box whose marker is on a line (None for an alert, ``> [!NOTE]``)."""
        if self.text is None:
            self.text = [self.body.line_text(n) for n in range(self.count)]
        return boxes.read(self.text, line)

    def _children(self, node: Node, first: int, limit: int) -> int | None:
        """Measure a block's blocks; the line after the last one (None: no blocks)."""
        last = None
        for child in _lined(node):
            last = self._measure(child, first, limit)[1]
        return last

    def _end(self, line: int, limit: int, empty: bool = False) -> int:
        """Where a container ends whose last block ends before ``line`` (markdown-it's
        ``state.line`` after its blocks): past one empty line, and when more empty lines of
        the container follow, past them and the blank lines after it."""
        if line >= limit or not (empty or self._empty(line)):
            return line
        if not empty:
            line += 1
        return line if line >= limit else self._text_after(line)

    def _text_after(self, line: int) -> int:
        """The first line at or after ``line`` with text in it (or the body's end)."""
        while line < self.count and self._empty(line):
            line += 1
        return line

    def _empty(self, line: int) -> bool:
        """True when a line has no text (past the markers of the quotes around it)."""
        if line >= self.count:
            return False
        text = self.body.line_text(line)
        for start, end in self.quotes:
            if start <= line < end:
                marker = _QUOTE_MARKER.match(text)
                if marker is None:
                    break
                text = text[marker.end() :]
        return not text.strip()
