"""A document body rendered to MediaWiki wikitext, from the one parse (:mod:`wikipk.markdown`).

Conventions (each chosen so that MediaWiki's HTML has the same structure as the site's):

- headings are ``== text ==``; a heading whose Markdown anchor (the ``{#id}`` or the GitHub-style
  slug) differs from MediaWiki's own id gets ``<span id="anchor"></span>`` inside it, so every
  ``#anchor`` that works on the site works on the wiki;
- lists are ``*``/``#`` lines when every item is one paragraph followed by sublists, and HTML
  ``<ul>``/``<ol start>``/``<li>`` otherwise (paragraphs, code or tables inside an item, a list
  that starts at 7), because a wikitext list item is a single line;
- tables are wikitables with ``style="text-align:..."`` cells; code blocks are ``<pre>``;
- footnotes are Cite ``<ref>`` at their first reference and ``<references />`` where Markdown puts
  them; admonitions are ``{{Box start|type=...|title=...}}`` ... ``{{Box end}}``, so that any
  content (lists, tables) can sit inside the box;
- text is escaped with character references (see :mod:`sync.wiki.render.escape`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from itertools import pairwise

from sync.wiki.corpus import Corpus
from sync.wiki.render.escape import (
    escape_attribute,
    escape_heading,
    escape_line_start,
    escape_pre,
    escape_text,
)
from sync.wiki.render.inline import Footnotes, InlineRenderer
from sync.wiki.templates import BOX_END, BOX_START
from wikipk.markdown import Body, Node, visible_text
from wikipk.model import Document

_LISTS = ("bullet_list", "ordered_list")
_BOX_CLASSES = re.compile(r"[a-z0-9-]+")
_NOT_KINDS = {"admonition", "is-collapsible", "collapsible-closed", "collapsible-open"}


def render_body(doc: Document, corpus: Corpus) -> str:
    """Render a document's body to wikitext (no infobox, no categories).

    Args:
        doc: The document.
        corpus: The documents its links point at.

    Returns:
        The wikitext, without a trailing newline.
    """
    return BodyRenderer(doc, corpus).render()


class BodyRenderer:
    """Renders the blocks of one document body.

    Blocks render in one of two forms: ``wikitext`` (lines of wikitext markup, blocks separated by
    blank lines) or ``html`` (HTML tags on a single line, used inside HTML list items, where a
    new line would end the item or start a paragraph).
    """

    def __init__(
        self, doc: Document, corpus: Corpus, root: Body | None = None, refs: bool = True
    ) -> None:
        """Prepare to render ``doc`` with links into ``corpus``.

        Args:
            doc: The document.
            corpus: The documents its links point at.
            root: The document's syntax tree, when it is already built.
            refs: Render footnote references as ``<ref>``; False renders them as their number
                (inside a footnote, where Cite cannot nest references).
        """
        self.doc = doc
        self.root = root or doc.tree
        footnotes = self._footnotes(corpus) if refs else None
        self.inline = InlineRenderer(doc, corpus, footnotes)
        self._handlers: dict[str, Callable[[Node, bool], str]] = {
            "paragraph": self.paragraph,
            "heading": self.heading,
            "bullet_list": self.list_block,
            "ordered_list": self.list_block,
            "blockquote": self.blockquote,
            "fence": self.code,
            "code_block": self.code,
            "hr": lambda node, html: "<hr />" if html else "----",
            "table": self.table,
            "admonition": self.admonition,
            "footnote_block": lambda node, html: "<references />",
        }

    def render(self) -> str:
        """The body's wikitext."""
        return self.blocks(self.root.children, html=False)

    def _footnotes(self, corpus: Corpus) -> Footnotes:
        last = self.root.children[-1] if self.root.children else None
        if last is None or last.kind != "footnote_block":  # the parser puts it last
            return Footnotes({}, {})
        plain = BodyRenderer(self.doc, corpus, self.root, refs=False)
        bodies = {note.attrs["number"]: plain.footnote_body(note) for note in last.children}
        counts = {note.attrs["number"]: note.attrs["refs"] for note in last.children}
        return Footnotes(bodies, counts)

    def footnote_body(self, note: Node) -> str:
        """A footnote's content for ``<ref>``: its text, or ``<p>`` per paragraph if several."""
        blocks = note.children
        if len(blocks) == 1 and blocks[0].kind == "paragraph":
            return self.paragraph_text(blocks[0])
        return self.blocks(blocks, html=True)

    # -- dispatch -------------------------------------------------------------------------

    def blocks(self, nodes: list[Node], html: bool) -> str:
        """Render sibling blocks in wikitext form (blank lines between) or on one HTML line."""
        rendered = [self.block(node, html) for node in nodes]
        return "".join(rendered) if html else "\n\n".join(text for text in rendered if text)

    def block(self, node: Node, html: bool) -> str:
        """Render one block node."""
        handler = self._handlers.get(node.kind)
        if handler is None:  # every block kind has a handler; show any other's text as text
            return escape_line_start(escape_text(visible_text(node.children).strip()))
        return handler(node, html)

    # -- blocks ---------------------------------------------------------------------------

    def paragraph_text(self, node: Node) -> str:
        """A paragraph's inline content as wikitext."""
        return self.inline.render(node.children)

    def paragraph(self, node: Node, html: bool) -> str:
        """A paragraph: its text (blank lines make paragraphs), or ``<p>`` in HTML form."""
        text = self.paragraph_text(node)
        if not html:
            return escape_line_start(text)
        return text if node.attrs.get("hidden") else f"<p>{text}</p>"

    def heading(self, node: Node, html: bool) -> str:
        """A heading, with a ``<span id>`` when its Markdown anchor is not MediaWiki's own id."""
        level: int = node.attrs["level"]
        inline = node.children
        text = escape_heading(self.inline.render(inline))
        anchor = str(node.attrs.get("id") or "")
        if anchor and anchor != visible_text(inline).strip().replace(" ", "_"):
            text = f'<span id="{escape_attribute(anchor)}"></span>{text}'
        if html:
            return f"<h{level}>{text}</h{level}>"
        marks = "=" * level
        return f"{marks} {text} {marks}"

    def blockquote(self, node: Node, html: bool) -> str:
        """A block quote; MediaWiki makes paragraphs inside ``<blockquote>`` itself."""
        if html:
            return f"<blockquote>{self.blocks(node.children, html=True)}</blockquote>"
        return f"<blockquote>\n{self.blocks(node.children, html=False)}\n</blockquote>"

    def code(self, node: Node, html: bool) -> str:
        """A code block: ``<pre>`` keeps it literal (an indented line would be read as markup)."""
        content = node.text.removesuffix("\n")
        return f"<pre>{escape_pre(content)}</pre>"

    def admonition(self, node: Node, html: bool) -> str:
        """An admonition as the box templates around its content."""
        classes = str(node.attrs.get("classes") or "").split()
        kinds = [c for c in classes if c not in _NOT_KINDS and _BOX_CLASSES.fullmatch(c)]
        params = [BOX_START, f"type={' '.join(kinds) or 'note'}"]
        content = node.children
        if content and content[0].kind == "admonition_title":
            params.append(f"title={self.inline.render(content[0].children)}")
            content = content[1:]
        if "is-collapsible" in classes:
            state = "open" if "collapsible-open" in classes else "closed"
            params.append(f"collapsible={state}")
        start, end = "{{" + "|".join(params) + "}}", "{{" + BOX_END + "}}"
        if html:
            return start + self.blocks(content, html=True) + end
        inner = self.blocks(content, html=False)
        return f"{start}\n{inner}\n{end}" if inner else f"{start}\n{end}"

    # -- lists ----------------------------------------------------------------------------

    def list_block(self, node: Node, html: bool) -> str:
        """A list: ``*``/``#`` lines when it can be, HTML list tags otherwise."""
        if html:
            return self.html_list(node, item_separator="")
        if wikitext_list(node):
            return "\n".join(self.list_lines(node, ""))
        return self.html_list(node, item_separator="\n")

    def list_lines(self, node: Node, prefix: str) -> Iterator[str]:
        """The ``*``/``#`` lines of a list that :func:`wikitext_list` accepts."""
        marker = prefix + ("*" if node.kind == "bullet_list" else "#")
        for item in node.children:
            paragraph, *sublists = item.children
            yield f"{marker} {escape_line_start(self.paragraph_text(paragraph))}"
            for sublist in sublists:
                yield from self.list_lines(sublist, marker)

    def html_list(self, node: Node, item_separator: str) -> str:
        """A list in HTML tags, each item on one line (with everything inside it)."""
        tag = "ul" if node.kind == "bullet_list" else "ol"
        start = node.attrs.get("start", 1)
        opening = f'<{tag} start="{start}">' if start != 1 else f"<{tag}>"
        items = [f"<li>{self.blocks(item.children, html=True)}</li>" for item in node.children]
        parts = [opening, *items, f"</{tag}>"]
        return item_separator.join(parts)

    # -- tables ---------------------------------------------------------------------------

    def table(self, node: Node, html: bool) -> str:
        """A GFM table as a wikitable (or an HTML table inside an HTML list item)."""
        rows = [row for section in node.children for row in section.children]
        if html:
            cells = ["".join(self.html_cell(cell) for cell in row.children) for row in rows]
            body = "".join(f"<tr>{row}</tr>" for row in cells)
            return f'<table class="wikitable">{body}</table>'
        lines = ['{| class="wikitable"']
        for index, row in enumerate(rows):
            if index:
                lines.append("|-")
            lines.extend(self.wikitext_cell(cell) for cell in row.children)
        lines.append("|}")
        return "\n".join(lines)

    def _cell_parts(self, cell: Node) -> tuple[str, str]:
        align = cell.attrs.get("align")
        attributes = f'style="{escape_attribute(f"text-align:{align}")}"' if align else ""
        content = self.inline.render(cell.children)
        return attributes, content

    def wikitext_cell(self, cell: Node) -> str:
        """One cell line: ``! header`` or ``| data``, with ``style=... |`` when aligned."""
        mark = "!" if cell.kind == "th" else "|"
        attributes, content = self._cell_parts(cell)
        if attributes:
            return f"{mark} {attributes} | {content}".rstrip()
        return f"{mark} {content}".rstrip()

    def html_cell(self, cell: Node) -> str:
        """One cell as ``<th>``/``<td>``."""
        attributes, content = self._cell_parts(cell)
        space = " " if attributes else ""
        return f"<{cell.kind}{space}{attributes}>{content}</{cell.kind}>"


def wikitext_list(node: Node) -> bool:
    """True when a list can be written as ``*``/``#`` lines and keep its structure.

    Each item must be one paragraph followed only by sublists (no two of the same kind in a
    row, which MediaWiki would merge), and no ordered list may start at a number other than 1.
    """
    if node.attrs.get("start", 1) != 1:
        return False
    for item in node.children:
        if not item.children or item.children[0].kind != "paragraph":
            return False
        sublists = item.children[1:]
        if any(sub.kind not in _LISTS or not wikitext_list(sub) for sub in sublists):
            return False
        if any(a.kind == b.kind for a, b in pairwise(sublists)):
            return False
    return True
