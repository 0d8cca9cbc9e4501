"""Inline Markdown (emphasis, code, links, images, footnote references) rendered to wikitext."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import unquote

from sync.wiki.corpus import Corpus
from sync.wiki.render.escape import escape_text, escape_url, linkable_url
from wikipk.links import LinkKind, Target, resolve
from wikipk.markdown import Node, visible_text
from wikipk.model import Document

#: What an empty link label becomes: an empty label would make MediaWiki show the target instead.
EMPTY_LABEL = "<span></span>"

# A caption that MediaWiki would read as an image option (thumb, left, 200px, alt=...).
_IMAGE_OPTION = re.compile(
    r"\s*(?:thumb|thumbnail|frame|framed|enframed|frameless|border|left|right|center|centre|none"
    r"|baseline|sub|super|sup|top|text-top|middle|bottom|text-bottom|upright"
    r"|[\w-]+\s*=.*|\d*(?:x\d+)?\s*px)\s*",
    re.DOTALL | re.IGNORECASE,
)


@dataclass(frozen=True)
class Footnotes:
    """The footnotes of a document, ready to be placed at their first reference."""

    bodies: Mapping[int, str]
    """The rendered wikitext of each footnote, by its number (1 for the first referenced)."""
    references: Mapping[int, int]
    """How many times each footnote is referenced, by number."""


def join_inline(pieces: list[str]) -> str:
    """Concatenate rendered inline pieces, keeping neighbouring quote markup apart.

    ``''a''`` followed by ``'''b'''`` would read as five quotes; an empty ``<nowiki/>`` between
    them keeps both. Escaped text never starts or ends with a bare quote, so only markup meets.
    """
    out: list[str] = []
    for piece in filter(None, pieces):
        if out and out[-1].endswith("'") and piece.startswith("'"):
            out.append("<nowiki/>")
        out.append(piece)
    return "".join(out)


class InlineRenderer:
    """Renders the inline content of one document's blocks."""

    def __init__(self, doc: Document, corpus: Corpus, footnotes: Footnotes | None = None) -> None:
        """Prepare to render inline content of ``doc``.

        Args:
            doc: The document whose content is rendered (links resolve from its path).
            corpus: The documents links may point at.
            footnotes: The document's footnotes; None while the footnotes themselves are rendered
                (a reference inside a footnote is shown as its number).
        """
        self.doc = doc
        self.corpus = corpus
        self.footnotes = footnotes
        self._open: list[str] = []  # emphasis being rendered, to spot * inside *
        self._handlers: dict[str, Callable[[Node], str]] = {
            "text": lambda node: escape_text(node.text),
            "softbreak": lambda node: " ",
            "hardbreak": lambda node: "<br />",
            "code_inline": lambda node: f"<code>{escape_text(node.text)}</code>",
            "em": lambda node: self._emphasis(node, "''", "i"),
            "strong": lambda node: self._emphasis(node, "'''", "b"),
            "s": lambda node: f"<s>{self.render(node.children)}</s>",
            "link": self._link,
            "image": self._image,
            "footnote_ref": self._footnote_ref,
        }

    def render(self, nodes: list[Node]) -> str:
        """Render inline nodes (a paragraph's, heading's or cell's content)."""
        return join_inline([self.node(node) for node in nodes])

    def node(self, node: Node) -> str:
        """Render one inline node; anything unknown is shown as its text."""
        handler = self._handlers.get(node.kind)
        if handler is None:
            return escape_text(visible_text([node]))
        return handler(node)

    def _emphasis(self, node: Node, quotes: str, tag: str) -> str:
        # Quotes toggle in MediaWiki, so emphasis inside the same emphasis needs the HTML tag.
        nested = quotes in self._open
        self._open.append(quotes)
        try:
            inner = self.render(node.children)
        finally:
            self._open.pop()
        return f"<{tag}>{inner}</{tag}>" if nested else f"{quotes}{inner}{quotes}"

    def _label(self, node: Node) -> str:
        return self.render(node.children) or EMPTY_LABEL

    def _link(self, node: Node) -> str:
        href: str = node.attrs["href"]
        if len(node.children) == 1 and node.children[0].kind == "image":
            return self._image(node.children[0], link=href)
        target = self.page_target(href)
        if target is not None:
            return f"[[{target}|{self._label(node)}]]"
        if external_link(href):
            return f"[{escape_url(href)} {self._label(node)}]"
        if resolve(self.doc.path, href).kind is LinkKind.EXTERNAL:
            # A scheme MediaWiki does not link (such as whatsapp:): keep the address readable.
            return f"{self.render(node.children)} ({escape_text(href)})"
        return self.render(node.children)

    def page_target(self, href: str) -> str | None:
        """The wiki link target (``:Title#anchor``, ``#anchor``, ``Media:x.pdf``) of an address.

        Returns:
            None for external addresses and for addresses that point at nothing on the wiki.
        """
        target = resolve(self.doc.path, unquote(href))
        if target.kind is LinkKind.ANCHOR:
            return f"#{escape_text(target.fragment)}" if target.fragment else None
        if target.kind is LinkKind.FILE and target.path is not None:
            return f"Media:{escape_text(self.corpus.file_name(target.path))}"
        if target.kind is LinkKind.DOCUMENT:
            return self._document_target(target)
        return None

    def _document_target(self, target: Target) -> str | None:
        linked = self.corpus.by_path.get(target.path) if target.path else None
        if linked is None:
            return None
        fragment = f"#{escape_text(target.fragment)}" if target.fragment else ""
        if linked.path == self.doc.path and fragment:
            return fragment
        # The leading colon keeps a title such as "Category:x" a plain link.
        return f":{escape_text(linked.title)}{fragment}"

    def _image(self, node: Node, link: str | None = None) -> str:
        src: str = node.attrs["src"]
        alt = " ".join(visible_text(node.children).split())
        target = resolve(self.doc.path, unquote(src))
        if target.kind is not LinkKind.FILE or target.path is None:
            # MediaWiki does not show images from other sites: link to it instead.
            if linkable_url(src):
                return f"[{escape_url(src)} {escape_text(alt) or EMPTY_LABEL}]"
            return escape_text(alt)
        options = [f"File:{escape_text(self.corpus.file_name(target.path))}"]
        options.append(f"alt={escape_text(alt)}")
        if link is not None:
            options.append(f"link={self._image_link(link)}")
        caption = str(node.attrs["title"]) or alt
        if caption:
            options.append(image_caption(caption))
        return "[[" + "|".join(options) + "]]"

    def _image_link(self, href: str) -> str:
        page = self.page_target(href)
        if page is not None:
            return page.lstrip(":")
        return escape_url(href) if external_link(href) else ""

    def _footnote_ref(self, node: Node) -> str:
        number: int = node.attrs["number"]
        if self.footnotes is None:
            return f"&#91;{number}&#93;"
        if node.attrs["sub"]:
            return f'<ref name="fn-{number}" />'
        body = self.footnotes.bodies.get(number, "")
        if self.footnotes.references.get(number, 1) > 1:
            return f'<ref name="fn-{number}">{body}</ref>'
        return f"<ref>{body}</ref>"


def external_link(href: str) -> bool:
    """True for addresses MediaWiki links as ``[url label]`` (protocol-relative ones too)."""
    return href.startswith("//") or linkable_url(href)


def image_caption(text: str) -> str:
    """Escape an image caption, which MediaWiki would read as an option if it looked like one."""
    escaped = escape_text(text)
    if escaped and _IMAGE_OPTION.fullmatch(text) and not escaped.startswith("&"):
        return f"&#{ord(escaped[0])};{escaped[1:]}"
    return escaped
