"""The parse: a body's Markdown through pyromark (pulldown-cmark) into the project's tree.

pyromark gives a flat list of events, each with the byte range of its source; :func:`parse`
builds :class:`~wikipk.markdown.tree.Node` trees from them and adds what CommonMark leaves to
extensions, the way the project has always read them: boxes (``!!!`` and ``> [!NOTE]``),
heading ids (``{#id}`` and GitHub-style slugs), footnotes numbered by first reference, and raw
HTML kept as text, never run.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from operator import attrgetter
from typing import Any

import pyromark

from wikipk.markdown import boxes
from wikipk.markdown.elements import (
    add_html,
    add_text,
    align,
    finish_link,
    heading_ids,
    tighten,
)
from wikipk.markdown.tree import Body, Node

OPTIONS = (
    pyromark.Options.ENABLE_TABLES
    | pyromark.Options.ENABLE_FOOTNOTES
    | pyromark.Options.ENABLE_STRIKETHROUGH
)
"""CommonMark with GFM tables, strikethrough and footnotes."""

_SIMPLE = {"Paragraph": "paragraph", "Emphasis": "em", "Strong": "strong", "Strikethrough": "s"}
_BREAKS = {"SoftBreak": "softbreak", "HardBreak": "hardbreak", "Rule": "hr"}
_CODE = frozenset({"fence", "code_block"})
_FINISHED = frozenset(
    {"link", "image", "footnote", "bullet_list", "ordered_list", "blockquote", "paragraph"}
    | {"table", "heading"}
)
"""Kinds with something to do when they end."""
_PLAIN = re.compile(r"[^\\`*_\[\]<>!&~^|#=+\-.:]*[^\\`*_\[\]<>!&~^|#=+\-.: ]")
"""Text in which inline Markdown finds nothing to parse (and that does not end in a space)."""
_NOT_CHARACTERS = frozenset(
    chr(code)
    for code in (
        *range(0x00, 0x09),
        0x0B,
        *range(0x0E, 0x20),
        *range(0x7F, 0xA0),
        *range(0xFDD0, 0xFDF0),
        *(plane + end for plane in range(0, 0x110000, 0x10000) for end in (0xFFFE, 0xFFFF)),
    )
)
"""What a numeric character reference may not name (it stands for U+FFFD instead)."""
_ALIGN = {"None": "", "Left": "left", "Center": "center", "Right": "right"}


def parse(text: str) -> Body:
    """Parse a document body (front matter already removed) into its tree."""
    if not text.endswith("\n"):
        text += "\n"  # a code block that ends the body ends with a line end all the same
    if "!!!" not in text and "???" not in text:
        return _Builder(text.encode(), {}).build(pyromark.events_with_range(text, options=OPTIONS))
    # Every line that reads as a box's marker is rewritten, and the parse says which were
    # boxes: a marker inside code or a paragraph stays as typed, the text parsed again without
    # its rewrite (rare: it costs a second parse).
    original = text.split("\n")
    found = {}
    for number in boxes.candidates(original):
        box = boxes.read(original, number)
        if box is not None:
            found[box.line] = box
    while True:
        lines = list(original)
        last: dict[int, str] = {}  # the bullet of the box before, by indentation
        for number in sorted(found):
            box = found[number]
            indent = box.column
            avoid = boxes.neighbour_markers(lines, box)
            if indent in last:
                avoid.add(last[indent])
            lines[number] = boxes.rewrite(lines, box, avoid)
            last[indent] = lines[number][indent]
        body, consumed = _parse_boxes(lines, original, found)
        missed = found.keys() - consumed
        if not missed:
            return body
        for number in missed:
            del found[number]


def _parse_boxes(
    lines: list[str], original: list[str], found: dict[int, boxes.Box]
) -> tuple[Body, set[int]]:
    """Parse a body whose box markers are rewritten (``lines``, each as long in bytes as the
    author's ``original``); the tree, on the author's text, and the lines of the boxes made.

    A box ends at its first less indented line, where the list item it was rewritten to would
    take that line as more of its last paragraph (a lazy continuation): a blank line is put
    between the two for the parse, and taken out of the tree's offsets after it.
    """
    ends = sorted(
        {
            box.end
            for box in found.values()
            if box.end < len(lines) and lines[box.end].strip() and lines[box.end - 1].strip()
        }
    )
    authors = "\n".join(original).encode()
    if not ends:
        text = "\n".join(lines)
        builder = _Builder(authors, found)
        return builder.build(pyromark.events_with_range(text, options=OPTIONS)), builder.consumed
    spaced: list[str] = []
    spaced_original: list[str] = []
    cuts: list[int] = []
    at = previous = 0
    for end in ends:
        for line in lines[previous:end]:
            spaced.append(line)
            at += len(line.encode()) + 1
        spaced_original.extend(original[previous:end])
        cuts.append(at)
        spaced.append("")
        spaced_original.append("")
        at += 1
        previous = end
    spaced.extend(lines[previous:])
    spaced_original.extend(original[previous:])
    moved = {number + bisect_right(ends, number): box for number, box in found.items()}
    text = "\n".join(spaced)
    builder = _Builder("\n".join(spaced_original).encode(), moved)
    spaced_body = builder.build(pyromark.events_with_range(text, options=OPTIONS))
    body = Body(authors, spaced_body.children)
    body.headings, body.linked = spaced_body.headings, spaced_body.linked
    body.deepest = spaced_body.deepest
    body.html = [
        (start - bisect_left(cuts, start), end - bisect_left(cuts, end))
        for start, end in spaced_body.html
    ]
    for node in body.walk():
        if node is not body:
            node.start -= bisect_left(cuts, node.start)
            node.end -= bisect_left(cuts, node.end)
    return body, builder.consumed


class _Builder:
    """Builds one body's tree from its events."""

    def __init__(self, source: bytes, found: dict[int, boxes.Box]) -> None:
        self.source = source
        self.body = Body(source, [])
        self.boxes = found
        self.notes: dict[str, Node] = {}
        """Footnote definitions by label (the first, when a label is defined twice)."""
        self.numbers: dict[str, int] = {}
        """Footnote numbers (1-based) by label, in the order of first reference."""
        self.refs: dict[str, int] = {}
        """How many references each footnote label has had so far."""
        self.headings: list[Node] = self.body.headings
        """The body's headings, in order."""
        self.linked: list[Node] = self.body.linked
        """The body's links and images, as they open."""
        self.consumed: set[int] = set()
        """The lines of the boxes the parse made boxes (the rest were code or text)."""

    def build(self, events: Any) -> Body:
        body = self.body
        stack: list[Node] = [body]
        top: Node = body
        in_head = False
        finish = self._finish_node
        deepest = 1
        for event, where in events:
            start, end = where["start"], where["end"]
            if event.__class__ is str:
                top.children.append(Node(_BREAKS[event], start, end))
                continue
            text = event.get("Text")
            if text is not None:
                if text in _NOT_CHARACTERS and self.source[start : start + 2] == b"&#":
                    text = "\ufffd"  # a numeric reference to a control code or a non-character
                if top.kind in _CODE:
                    top.text += text
                else:
                    add_text(top, text, start, end)
            elif "Start" in event:
                tag = event["Start"]
                simple = _SIMPLE.get(tag) if tag.__class__ is str else None
                node = Node(simple, start, end) if simple else self._open(tag, start, end, in_head)
                kind = node.kind
                if kind == "thead":
                    in_head = True
                elif kind == "tr" and top.kind == "table":
                    if top.children[-1].kind != "tbody":
                        top.children.append(Node("tbody", start, end))
                    top = top.children[-1]
                    top.end = end
                    stack.append(top)
                top.children.append(node)
                stack.append(node)
                top = node
                if len(stack) > deepest:
                    deepest = len(stack)
                if kind == "thead":  # the head's cells sit in a row of their own
                    top = Node("tr", start, end)
                    node.children.append(top)
                    stack.append(top)
            elif "End" in event:
                node = stack.pop()
                kind = node.kind
                if kind == "tr" and in_head:
                    stack.pop()
                    in_head = False
                elif kind == "tbody":
                    node = stack.pop()
                    kind = node.kind
                top = stack[-1]
                if kind in _FINISHED:
                    finish(node, top)
            elif "Code" in event:
                top.children.append(Node("code_inline", start, end, event["Code"]))
            elif "FootnoteReference" in event:
                top.children.append(self._reference(event["FootnoteReference"], start, end))
            else:
                html = event.get("Html", event.get("InlineHtml"))
                if html is not None:
                    add_html(top, html, start)
        self._finish(body)
        body.deepest = deepest + 1  # a table's head row and a body's rows are pushed unseen
        return body

    def _finish_node(self, node: Node, parent: Node) -> None:
        """What the end of a node leaves to do: links made safe, boxes, lists, footnotes..."""
        kind = node.kind
        siblings = parent.children
        if kind == "link" or kind == "image":
            replaced = finish_link(self.body, node)
            if replaced is not None:
                self.linked.remove(node)
                siblings.pop()
                for part in replaced:  # text pieces join the text around them
                    if part.kind == "text":
                        add_text(parent, part.text, part.start, part.end)
                    else:
                        siblings.append(part)
        elif kind == "footnote":
            siblings.pop()
            self.notes.setdefault(node.attrs["label"], node)
        elif kind == "bullet_list" or kind == "ordered_list":
            tighten(node)
            box = self.boxes.get(self.body.line(node.start)) if self.boxes else None
            if box is not None and len(node.children) == 1 and _stands_in(node.children[0]):
                self.consumed.add(box.line)
                siblings[-1] = self._box(node.children[0], box)
        elif kind == "blockquote" and parent is self.body:  # GitHub's alerts are top-level
            alert = boxes.alert(self.body, node)
            if alert is not None:
                siblings[-1] = alert
        elif kind == "paragraph":
            if node.attrs.get("html"):
                while node.children and node.children[-1].kind == "softbreak":
                    node.children.pop()
                self.body.html.append((node.start, node.end))
        elif kind == "table":
            align(node)
        elif kind == "heading":
            self.headings.append(node)

    def _open(self, tag: Any, start: int, end: int, in_head: bool) -> Node:
        if isinstance(tag, str):  # Paragraph, Emphasis... are made by build() itself
            if tag == "Item":
                return Node("list_item", start, end, attrs={"marker": self._marker(start)})
            if tag == "HtmlBlock":
                return Node("paragraph", start, end, attrs={"html": True})
            if tag == "TableHead":
                return Node("thead", start, end)
            if tag == "TableRow":
                return Node("tr", start, end)
            if tag == "TableCell":
                return Node("th" if in_head else "td", start, end)
            raise ValueError(f"unexpected Markdown element {tag}")
        (name, value), *_ = tag.items()
        if name == "Heading":
            return Node("heading", start, end, attrs={"level": int(value["level"][1])})
        if name == "BlockQuote":
            return Node("blockquote", start, end)
        if name == "CodeBlock":
            if isinstance(value, dict):
                return Node("fence", start, end, attrs={"info": value["Fenced"]})
            return Node("code_block", start, end)
        if name == "List":
            if value is None:
                return Node("bullet_list", start, end)
            return Node("ordered_list", start, end, attrs={"start": int(value)})
        if name == "Table":
            return Node("table", start, end, attrs={"align": [_ALIGN[a] for a in value]})
        if name == "Link" or name == "Image":
            node = Node("link" if name == "Link" else "image", start, end, attrs=dict(value))
            self.linked.append(node)
            return node
        if name == "FootnoteDefinition":
            return Node("footnote", start, end, attrs={"label": value})
        raise ValueError(f"unexpected Markdown element {name}")

    def _marker(self, start: int) -> str:
        """The bullet (``-``, ``*``, ``+``) or number delimiter (``.``, ``)``) of a list item."""
        source = self.source
        at = start
        while source[at : at + 1] in (b" ", b"\t"):
            at += 1
        char = source[at : at + 1]
        while char.isdigit():
            at += 1
            char = source[at : at + 1]
        return char.decode()

    def _reference(self, label: str, start: int, end: int) -> Node:
        number = self.numbers.setdefault(label, len(self.numbers) + 1)
        sub = self.refs.get(label, 0)
        self.refs[label] = sub + 1
        return Node(
            "footnote_ref", start, end, attrs={"number": number, "label": label, "sub": sub}
        )

    def _finish(self, body: Body) -> None:
        """What the whole body leaves to do: the footnotes at its end, the headings' ids."""
        if self.numbers:
            end = len(self.source)
            block = Node("footnote_block", end, end)
            for label, number in sorted(self.numbers.items(), key=lambda item: item[1]):
                note = self.notes.get(label)
                if note is None:
                    continue
                note.attrs.update(number=number, refs=self.refs[label])
                block.children.append(note)
            body.children.append(block)
        heading_ids(self.headings)
        if len(self.linked) > 1:
            self.linked.sort(key=attrgetter("start"))  # a box's title is parsed after its body

    def _box(self, item: Node, box: boxes.Box) -> Node:
        """A ``!!!`` box from the list item its marker line was rewritten to."""
        self.headings.remove(item.children[0])  # the marker line's empty heading
        children = item.children[1:]
        node = Node("admonition", item.start, item.end)
        node.attrs.update(kind=box.tags[0], classes=box.classes, markup=box.markup)
        for child in children:  # a tight item hides the paragraphs a box shows
            if child.kind == "paragraph":
                child.attrs.pop("hidden", None)
        node.children = children
        if box.title:
            title, linked = _title(self.body, box, self.body.line(item.start))
            node.children.insert(0, title)
            self.linked.extend(linked)
        return node


def _stands_in(item: Node) -> bool:
    """True for the list item a box's marker line was rewritten to (an empty heading first)."""
    first = item.children[0] if item.children else None
    return first is not None and first.kind == "heading" and not first.children


def _title(body: Body, box: boxes.Box, line: int) -> tuple[Node, list[Node]]:
    """A box's title, parsed as inline Markdown and placed on its marker line (0-based
    ``line`` of the parsed text), and the links and images in it."""
    base = body.line_start(line) + len(body.line_text(line)[: box.title_column].encode())
    title = Node("admonition_title", base, base + len(box.title.encode()))
    if _PLAIN.fullmatch(box.title):  # most titles: no Markdown to parse
        title.children = [Node("text", base, title.end, box.title)]
        return title, []
    events = pyromark.events_with_range(box.title, options=OPTIONS)
    inner = _Builder(box.title.encode(), {}).build(events)
    if inner.children and inner.children[0].kind == "paragraph":
        for node in inner.children[0].walk():
            node.start += base
            node.end += base
        title.children = inner.children[0].children
        return title, inner.linked
    title.children = [Node("text", base, title.end, box.title)]
    return title, []
