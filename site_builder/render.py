"""Rendering a document's tree (the one parse) to the site's HTML.

The site renders the very tree the wiki renders, with the parser's own HTML renderer, changing
only what a static site needs: links to other documents point at their pages, images at resized
copies, an SOP's procedure lists become checklists, and wide tables scroll on a phone.

What depends on other documents or on processed images is left as a *marker*
(``\\x00`` kind payload ``\\x00``), so a rendered page depends on its own file alone and can be
cached by content hash; :mod:`site_builder.links` fills the markers when the site is assembled.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import unquote

from wikipk.links import LinkKind, resolve
from wikipk.markdown import Body, HtmlRenderer, Node
from wikipk.markdown.html import escape, visible_text

DOC_LINK = "D"
"""Marker of a link to another document: payload ``path#fragment``; becomes href attributes."""
FILE_LINK = "F"
"""Marker of a link to a content file: payload ``path``; becomes an href attribute."""
IMAGE = "I"
"""Marker of an image: payload ``path``; becomes src, srcset and size attributes."""
TRANSLATIONS = "T"
"""Marker of the translations block of a document page (empty payload)."""
SCORECARD = "S"
"""Marker of a scorecard report's scores block (empty payload)."""

PROCEDURE = "procedure"
"""The anchor of an SOP's procedure section, whose lists are printed as checklists."""

_SCROLL = '<div class="scroll" tabindex="0">'
"""What a table is wrapped in, so a wide one scrolls on its own."""


def marker(kind: str, payload: str = "") -> str:
    """A marker that :func:`site_builder.links.fill` replaces when the site is assembled."""
    return f"\x00{kind}{payload}\x00"


@dataclass(frozen=True)
class RenderContext:
    """What rendering one document needs to know about it."""

    source: PurePosixPath
    """The document's path relative to the content folder (links are relative to it)."""
    checklists: bool
    """Render the numbered lists of the procedure section as checklists (SOPs)."""


class SiteRenderer(HtmlRenderer):
    """The parser's HTML renderer, with the site's rules for links, images, lists and tables.

    One renderer renders one document (its context): the section being rendered changes at
    each level-2 heading."""

    def __init__(self, context: RenderContext) -> None:
        super().__init__()
        self._context = context
        self._section = ""
        self._steps: frozenset[int] = frozenset()

    def html(self, body: Body) -> str:
        """Render the document's body."""
        self._section = ""
        self._steps = frozenset(id(node) for node in body.children if node.kind == "ordered_list")
        return self.render(body)

    def new_line(self, node: Node, html: str) -> str:
        # A table's line end goes inside its scrolling box, just before the <table> tag.
        if node.kind == "table":
            return _SCROLL + "\n" + html.removeprefix(_SCROLL)
        return super().new_line(node, html)

    def link(self, node: Node) -> str:
        address = str(node.attrs["href"])
        # The parser percent-encodes an address (``water%20point.svg``); the content file is
        # named as the author wrote it (``water point.svg``), as the checks and the wiki see it.
        target = resolve(self._context.source, unquote(address))
        extra = self.title_attribute(node)
        if target.kind is LinkKind.DOCUMENT and target.path is not None:
            payload = target.path.as_posix() + (f"#{target.fragment}" if target.fragment else "")
            return f"<a {marker(DOC_LINK, payload)}{extra}>{self.inline(node.children)}</a>"
        if target.kind is LinkKind.FILE and target.path is not None:
            opening = f"<a {marker(FILE_LINK, target.path.as_posix())}{extra}>"
            return f"{opening}{self.inline(node.children)}</a>"
        return super().link(node)

    def image(self, node: Node) -> str:
        address = str(node.attrs["src"])
        target = resolve(self._context.source, unquote(address))
        extra = self.title_attribute(node)
        if target.kind is LinkKind.FILE and target.path is not None:
            source = marker(IMAGE, target.path.as_posix())
        else:
            source = f'src="{escape(address)}"'
        alt = escape(visible_text(node.children))
        return f'<img {source} alt="{alt}"{extra} loading="lazy" decoding="async">'

    def heading(self, node: Node) -> str:
        if node.attrs["level"] == 2:
            self._section = str(node.attrs["id"])
        return super().heading(node)

    def ordered_list(self, node: Node) -> str:
        # The numbered steps of an SOP's procedure become a checklist (boxes drawn by CSS, so
        # they print on paper and need no script); only a list of the body's own, not one in
        # another list, a quote or a box.
        if self._context.checklists and self._section == PROCEDURE and id(node) in self._steps:
            start = node.attrs["start"]
            numbering = f' start="{start}"' if start != 1 else ""
            return self.tag(node, "ol", f' class="steps"{numbering}')
        return super().ordered_list(node)

    def table(self, node: Node) -> str:
        return _SCROLL + super().table(node) + "</div>\n"


def plain_text(body: Body) -> str:
    """The readable text of a body, one block per line (for the search index): the text of
    each paragraph, heading, table cell and box title, and the content of each code block."""
    lines: list[str] = []
    _block_text(body.children, lines)
    return "\n".join(line for line in lines if line)


def _block_text(blocks: list[Node], lines: list[str]) -> None:
    for node in blocks:
        kind = node.kind
        if kind in _INLINE_HOLDERS:
            out: list[str] = []
            _inline_text(node.children, out)
            lines.append("".join(out))
        elif kind in ("fence", "code_block"):
            lines.append(node.text)
        elif node.children:
            _block_text(node.children, lines)


def _inline_text(nodes: list[Node], out: list[str]) -> None:
    """Text and code spans, markup dropped, images left out (:meth:`Node.plain`)."""
    for node in nodes:
        kind = node.kind
        if kind == "text" or kind == "code_inline":
            out.append(node.text)
        elif kind != "image" and node.children:
            _inline_text(node.children, out)


_INLINE_HOLDERS = frozenset({"paragraph", "heading", "th", "td", "admonition_title"})
"""Blocks whose children are inline nodes (a line of the search text each)."""
