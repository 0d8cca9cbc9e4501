"""Inline wikitext (quotes, links, images, references, code) read back as Markdown.

The inverse of :mod:`sync.wiki.render.inline`. mwparserfromhell parses the wikitext; this module
writes each node as the Markdown that wikipk's renderer turns into that node, and text as text
(character references decoded, Markdown escapes added only where Markdown would see markup).
Constructs with no Markdown form are written as their text here; :mod:`sync.wiki.pull.reader.scan`
reports them.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from urllib.parse import unquote

import mwparserfromhell
from mwparserfromhell.nodes import (
    Comment,
    ExternalLink,
    HTMLEntity,
    Node,
    Tag,
    Template,
    Text,
    Wikilink,
)
from mwparserfromhell.wikicode import Wikicode

from sync.wiki.pull.reader.escape import code_span, escape_markdown
from sync.wiki.pull.reader.links import Links, destination, quoted_title

_MAGIC_WORD = re.compile(r"__[A-Z]+__")
# Wikitext with none of these is plain text (free links need a ":", magic words "__").
_MAYBE_MARKUP = re.compile(r"[\[\]'<>&{}_:~]")
_FILE_PREFIX = re.compile(r"(?i)(?:file|image|media):")
_IMAGE_KEYWORDS = frozenset(
    [
        "thumb",
        "thumbnail",
        "frame",
        "framed",
        "enframed",
        "frameless",
        "border",
        "left",
        "right",
        "center",
        "centre",
        "none",
        "baseline",
        "sub",
        "super",
        "sup",
        "top",
        "text-top",
        "middle",
        "bottom",
        "text-bottom",
        "upright",
    ]
)
# Options written name=value; anything else with an "=" is a caption to MediaWiki.
_IMAGE_PARAMETERS = frozenset(["upright", "page", "class", "lang", "thumb", "thumbnail"])
_SIZE = re.compile(r"\d*(?:x\d+)?\s*px")
_STRIKE_TAGS = frozenset({"s", "del", "strike"})
_EMPHASIS = {"''": "*", "i": "*", "em": "*", "'''": "**", "b": "**", "strong": "**"}


@dataclass
class Footnotes:
    """The ``<ref>`` bodies of a page in the order Markdown numbers them, and their labels."""

    bodies: list[str] = field(default_factory=list)
    """The wikitext of each footnote, footnote 1 first."""
    names: dict[str, int] = field(default_factory=dict)
    """The number of each named footnote (``fn-3``)."""
    known: dict[str, list[str]] = field(default_factory=dict)
    """The document's own labels (``survey``) of the footnotes it has, by the wikitext the
    renderer writes for a footnote's body (two notes may say the same): a footnote the wiki
    still has keeps its name."""
    labels: dict[int, str] = field(default_factory=dict)
    """The label written for each footnote number, once chosen."""

    def label(self, number: int) -> str:
        """The Markdown label of footnote ``number``: the document's name for the same note,
        else the first number from ``number`` on that no other footnote is called."""
        if number not in self.labels:
            taken = {*self.labels.values()}
            names = self.known.get(self.bodies[number - 1].strip(), [])
            name = next((name for name in names if name not in taken), "")
            if not name:
                reserved = {name for names in self.known.values() for name in names}
                candidate = number
                while str(candidate) in taken or str(candidate) in reserved:
                    candidate += 1
                name = str(candidate)
            self.labels[number] = name
        return self.labels[number]

    def reference(self, name: str, body: str | None) -> int:
        """The number of a reference: a new footnote, or the named one it repeats."""
        if name and name in self.names:
            if body and not self.bodies[self.names[name] - 1]:
                self.bodies[self.names[name] - 1] = body
            return self.names[name]
        self.bodies.append(body or "")
        if name:
            self.names[name] = len(self.bodies)
        return len(self.bodies)


@dataclass(frozen=True)
class _Piece:
    markdown: str
    text: bool  # True for plain text still to be escaped
    delimiter: str = ""  # emphasis written with this delimiter (*, **) around its content


def _apart(out: str, piece: _Piece, following: str) -> str:
    """Emphasis right after emphasis: ``*a*_b_``, not ``*a**b*`` (which Markdown reads as one
    run of stars), unless an underscore could not close before the next letter."""
    if not (piece.delimiter and out.endswith("*") and not following.isalnum()):
        return piece.markdown
    size = len(piece.delimiter)
    return "_" * size + piece.markdown[size:-size] + "_" * size


def _strip_leading_colon(title: str) -> str:
    return title[1:] if title.startswith(":") else title


def split_options(text: str) -> list[str]:
    """Split an image link's options at ``|`` outside nested links and templates."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for index, char in enumerate(text):
        pair = text[index : index + 2]
        if pair in ("[[", "{{"):
            depth += 1
        elif pair in ("]]", "}}") and depth:
            depth -= 1
        if char == "|" and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


class InlineReader:
    """Reads the inline wikitext of one page as Markdown."""

    def __init__(self, links: Links, footnotes: Footnotes) -> None:
        """Read links with ``links`` and number ``<ref>`` footnotes in ``footnotes``."""
        self.links = links
        self.footnotes = footnotes
        self._open: list[str] = []
        self._labels = 0  # inside how many link labels (where brackets are escaped)

    def markdown(self, wikitext: str, line_start: bool = False, in_cell: bool = False) -> str:
        """Inline wikitext as one line of Markdown.

        Args:
            wikitext: The inline wikitext (a paragraph, list item, cell or heading).
            line_start: The Markdown starts a line (a block marker must be escaped).
            in_cell: The Markdown is a table cell (``|`` is escaped).
        """
        return self._join(self._parse(wikitext, in_cell), line_start, in_cell).strip()

    def heading(self, wikitext: str) -> tuple[str, str | None]:
        """A heading's Markdown text and the id of its ``<span id>``, if it has one."""
        code = mwparserfromhell.parse(wikitext.strip())
        anchor = None
        for node in code.nodes:
            if isinstance(node, Tag) and str(node.tag).lower() == "span" and node.has("id"):
                anchor = html.unescape(str(node.get("id").value))
                code.remove(node)
                break
        text = self._join(self._pieces(code, False), False, False).strip()
        return text.replace("\\\n", " "), anchor

    def plain(self, wikitext: str) -> str:
        """The text a reader sees in inline wikitext (links reduced to their label)."""
        if _MAYBE_MARKUP.search(wikitext) is None:
            return wikitext.strip()
        code = mwparserfromhell.parse(wikitext)
        out: list[str] = []
        for node in code.nodes:
            if isinstance(node, Tag) and str(node.tag).lower() == "br":
                out.append(", ")
            elif isinstance(node, Wikilink):
                out.append(self.plain(str(node.text if node.text is not None else node.title)))
            elif isinstance(node, ExternalLink):  # (a bare URL would parse as itself again)
                out.append(str(node.url) if node.title is None else self.plain(str(node.title)))
            elif isinstance(node, Tag):
                out.append(self.plain(str(node.contents or "")))
            elif isinstance(node, HTMLEntity):
                out.append(node.normalize())
            elif isinstance(node, Text):
                out.append(node.value)
        return html.unescape("".join(out)).strip()

    # -- pieces ---------------------------------------------------------------------------

    def _join(self, pieces: list[_Piece], line_start: bool, in_cell: bool) -> str:
        merged: list[_Piece] = []
        for piece in pieces:
            if merged and piece.text and merged[-1].text:
                merged[-1] = _Piece(merged[-1].markdown + piece.markdown, True)
            elif piece.markdown:
                merged.append(piece)
        out = ""
        for index, piece in enumerate(merged):
            following = merged[index + 1].markdown[:1] if index + 1 < len(merged) else ""
            if not piece.text:
                out += _apart(out, piece, following)
                continue
            out += escape_markdown(
                piece.markdown,
                out[-1:],
                following,
                line_start and not out,
                in_cell,
                self._labels > 0,
            )
        return out

    def _parse(self, wikitext: str, in_cell: bool) -> list[_Piece]:
        """The pieces of inline wikitext (plain text needs no parse: most cells, many lines)."""
        if _MAYBE_MARKUP.search(wikitext) is None:
            return [_Piece(wikitext.replace("\n", " "), True)]
        return self._pieces(mwparserfromhell.parse(wikitext), in_cell)

    def _pieces(self, code: Wikicode, in_cell: bool) -> list[_Piece]:
        pieces: list[_Piece] = []
        for node in code.nodes:
            pieces.extend(self._node(node, in_cell))
        return pieces

    def _node(self, node: Node, in_cell: bool) -> list[_Piece]:
        if isinstance(node, Text):
            value = _MAGIC_WORD.sub("", node.value).replace("\n", " ")
            return [_Piece(value, True)]
        if isinstance(node, HTMLEntity):
            return [_Piece(node.normalize(), True)]  # a line break written &#10; stays text
        if isinstance(node, Tag):
            return self._tag(node, in_cell)
        if isinstance(node, Wikilink):
            return self._wikilink(node, in_cell)
        if isinstance(node, ExternalLink):
            return self._external(node, in_cell)
        if isinstance(node, (Template, Comment)):
            return []  # reported by the scan
        return [_Piece(str(node), True)]

    def _inner(self, wikitext: str, in_cell: bool) -> str:
        return self._join(self._parse(wikitext, in_cell), False, in_cell)

    def _tag(self, node: Tag, in_cell: bool) -> list[_Piece]:
        markup = str(node.wiki_markup or "")
        if markup[:1] in ("*", "#", ":", ";"):  # list markup at the start of a heading's text
            return [_Piece(markup, True)]
        name = (markup or str(node.tag)).lower().strip()
        contents = str(node.contents or "")
        if name in _EMPHASIS:
            return self._emphasis(_EMPHASIS[name], contents, in_cell)
        if name in _STRIKE_TAGS:
            return [_Piece(f"~~{self._inner(contents, in_cell)}~~", False)]
        if name == "code":
            return [_Piece(code_span(html.unescape(contents), in_cell), False)]
        if name == "br":  # a hard line break; a cell or a heading is one line (a person's <br>)
            return [_Piece(" " if in_cell else "\\\n", False)]
        if name == "ref":
            return [_Piece(self._reference(node), False)]
        if name == "nowiki":
            return [_Piece(html.unescape(contents), True)]
        return self._parse(contents, in_cell)

    def _emphasis(self, mark: str, contents: str, in_cell: bool) -> list[_Piece]:
        delimiter = mark.replace("*", "_") if mark in self._open else mark
        self._open.append(mark)
        try:
            inner = self._inner(contents, in_cell)
        finally:
            self._open.pop()
        return [_Piece(f"{delimiter}{inner}{delimiter}", False, delimiter)]

    def _reference(self, node: Tag) -> str:
        name = html.unescape(str(node.get("name").value)).strip() if node.has("name") else ""
        body = None if node.self_closing else str(node.contents or "")
        return f"[^{self.footnotes.label(self.footnotes.reference(name, body))}]"

    def _label(self, wikitext: str, in_cell: bool) -> str:
        if wikitext.strip() == "<span></span>":
            return ""
        self._labels += 1
        try:
            return self._inner(wikitext, in_cell)
        finally:
            self._labels -= 1

    def _wikilink(self, node: Wikilink, in_cell: bool) -> list[_Piece]:
        raw_title = str(node.title).strip()
        title = _strip_leading_colon(raw_title)
        text = None if node.text is None else str(node.text)
        prefix = _FILE_PREFIX.match(title)
        if prefix and not raw_title.startswith(":") and prefix.group(0).lower() != "media:":
            return [_Piece(self._image(title[prefix.end() :], text or "", in_cell), False)]
        if prefix:
            address = self.links.media(title[prefix.end() :])
        elif title.lower().startswith("category:") and not raw_title.startswith(":"):
            return []  # a category: the page's categories hold it
        else:
            found = self.links.document(title)
            if found is None:  # a wiki page that is no document: its label, reported by the scan
                return [_Piece(self.plain(text if text is not None else title), True)]
            address = found
        label = self._label(text if text is not None else title, in_cell)
        return [_Piece(f"[{label}]({address})", False)]

    def _external(self, node: ExternalLink, in_cell: bool) -> list[_Piece]:
        url = html.unescape(str(node.url))
        shown = self.plain(str(node.title)) if node.title is not None else url
        if unquote(url) in (shown, f"mailto:{shown}") and not re.search(r"[\s<>]", shown):
            return [_Piece(f"<{shown}>", False)]  # an autolink (or a person's bare URL)
        label = self._label(str(node.title), in_cell)
        return [_Piece(f"[{label}]({self.links.external(str(node.url))})", False)]

    def _image(self, name: str, options: str, in_cell: bool) -> str:
        alt, link, caption = "", None, ""
        for option in split_options(options) if options else []:
            key, equals, value = option.partition("=")
            key = key.strip().lower()
            if equals and key == "alt":
                alt = html.unescape(value)
            elif equals and key == "link":
                link = value
            elif (
                (equals and key in _IMAGE_PARAMETERS)
                or key in _IMAGE_KEYWORDS
                or (not equals and _SIZE.fullmatch(key))
            ):
                continue
            else:
                caption = self.plain(option)
        if not alt:  # a person's image without alt text: its caption says what it shows
            alt, caption = caption, ""
        title = ""
        if caption and caption != alt:
            title = f' "{quoted_title(caption)}"'
        alt_md = escape_markdown(alt, "[", "]", in_cell=in_cell, in_label=True)
        image = f"![{alt_md}]({self.links.media(name).split(' ')[0]}{title})"
        if link is None:
            return image
        return f"[{image}]({destination(self._image_link(link))})"

    def _image_link(self, link: str) -> str:
        link = html.unescape(link).strip()
        if link.startswith("#") or "://" in link or link.startswith("//"):
            return link
        return self.links.document(link) or link
