"""The project's own Markdown syntax tree: what the parser makes and every renderer walks.

A :class:`Node` is a block (``paragraph``, ``heading``, ``bullet_list``, ``admonition``, ...) or
an inline element (``text``, ``link``, ``footnote_ref``, ...); its kind names what it is, its
``attrs`` what a renderer needs to know of it, and ``start``/``end`` are the byte offsets of its
source in the parsed body. A :class:`Body` is the root: it turns offsets into the line and
column an author sees.

The kinds (and what their ``attrs`` hold):

- blocks: ``paragraph`` (``hidden``: True in a tight list, where no ``<p>`` is written),
  ``heading`` (``level``, ``id``, ``explicit``), ``blockquote``, ``admonition`` (``kind``,
  ``classes``, ``markup``: ``>`` for an alert, else ``!!!``, ``???`` or ``???+``; its first
  child is an ``admonition_title`` holding the title's inline nodes, when it has a title),
  ``bullet_list`` and ``ordered_list`` (``tight``, ``start``), ``list_item`` (``marker``:
  ``-``, ``*``, ``+``, ``.`` or ``)``), ``fence`` (``info``) and ``code_block`` (their
  ``text`` is the code), ``hr``, ``table``, ``thead``, ``tbody``, ``tr``, ``th`` and ``td``
  (``align``), ``footnote_block`` (the footnotes, at the end of the body), ``footnote``
  (``number``, ``label``, ``refs``: how many references it has);
- inline: ``text`` (``text``), ``softbreak``, ``hardbreak``, ``em``, ``strong``, ``s``,
  ``code_inline`` (``text``), ``link`` (``href``, ``title``, ``autolink``), ``image``
  (``src``, ``title``; its children are the alt text), ``footnote_ref`` (``number``,
  ``label``, ``sub``: 0 for the first reference to a footnote, 1 for the second...).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from typing import Any

BLOCK_KINDS = frozenset(
    {
        "paragraph",
        "heading",
        "blockquote",
        "admonition",
        "bullet_list",
        "ordered_list",
        "list_item",
        "fence",
        "code_block",
        "hr",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "footnote_block",
        "footnote",
    }
)
"""Kinds of block nodes (every other kind is inline)."""


class Node:
    """One element of a parsed body."""

    __slots__ = ("attrs", "children", "end", "kind", "start", "text")

    def __init__(
        self,
        kind: str,
        start: int = 0,
        end: int = 0,
        text: str = "",
        attrs: dict[str, Any] | None = None,
        children: list[Node] | None = None,
    ) -> None:
        self.kind = kind
        """What the node is (see the module's list)."""
        self.start = start
        """Byte offset of the node's source in the body."""
        self.end = end
        """Byte offset just past the node's source."""
        self.text = text
        """The text of ``text``, ``code_inline``, ``fence`` and ``code_block`` nodes."""
        self.attrs: dict[str, Any] = attrs if attrs is not None else {}
        """What a renderer needs to know of the node (see the module's list)."""
        self.children: list[Node] = children if children is not None else []
        """The nodes inside this one, in order."""

    def walk(self) -> Iterator[Node]:
        """This node and every node inside it, depth first, in document order."""
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    @property
    def is_block(self) -> bool:
        """True for block nodes."""
        return self.kind in BLOCK_KINDS

    def plain(self) -> str:
        """The node's text without markup (text and code spans, as a heading's slug reads it)."""
        if self.kind in ("text", "code_inline"):
            return self.text
        if self.kind == "image":
            return ""
        return "".join([child.plain() for child in self.children])

    def __repr__(self) -> str:
        inside = f" {self.text!r}" if self.text else ""
        return f"<{self.kind}{inside} {self.attrs or ''} [{len(self.children)}]>"


class Body(Node):
    """The root of a parsed document body: its blocks, and where each offset is in the source."""

    __slots__ = ("_line_starts", "deepest", "headings", "html", "linked", "source")

    def __init__(self, source: bytes, children: list[Node]) -> None:
        super().__init__("body", 0, len(source), children=children)
        self.source = source
        """The parsed text, UTF-8 encoded (the offsets count its bytes)."""
        self.headings: list[Node] = []
        """The headings, in order (the parser lists them as it meets them)."""
        self.linked: list[Node] = []
        """The links and images, in order of where they start."""
        self.deepest = 1
        """How many nodes deep the tree goes at most (the body counts one)."""
        self.html: list[tuple[int, int]] = []
        """Where each raw HTML block starts and ends (byte offsets): they are shown as text."""
        starts = [0]
        find = source.find
        at = find(b"\n")
        while at >= 0:
            starts.append(at + 1)
            at = find(b"\n", at + 1)
        self._line_starts = starts

    def line(self, offset: int) -> int:
        """The 0-based line holding byte ``offset``."""
        return bisect_right(self._line_starts, offset) - 1

    def position(self, offset: int) -> tuple[int, int]:
        """The 1-based line and column (in characters) of byte ``offset``."""
        line = self.line(offset)
        start = self._line_starts[line]
        column = len(self.source[start:offset].decode("utf-8", "replace"))
        return line + 1, column + 1

    def lines(self, node: Node) -> tuple[int, int]:
        """The 0-based first line of a node and the line just after its last one."""
        first = self.line(node.start)
        return first, max(first + 1, self.line(max(node.end - 1, node.start)) + 1)

    def line_start(self, line: int) -> int:
        """The byte offset at which 0-based ``line`` starts."""
        return self._line_starts[line]

    def line_text(self, line: int) -> str:
        """The text of 0-based ``line``, without its line end."""
        starts = self._line_starts
        end = starts[line + 1] - 1 if line + 1 < len(starts) else len(self.source)
        return self.source[starts[line] : end].decode("utf-8", "replace")

    @property
    def line_count(self) -> int:
        """How many lines the source has (a final line end starts no line of its own)."""
        count = len(self._line_starts)
        return count - 1 if self.source.endswith(b"\n") else count

    def slice(self, node: Node) -> str:
        """The source text of a node."""
        return self.source[node.start : node.end].decode("utf-8", "replace")
