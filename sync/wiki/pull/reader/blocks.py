"""Blocks of a page body (headings, lists, tables, boxes, code, quotes, footnotes) as Markdown.

The inverse of :mod:`sync.wiki.render.body`. wikipk writes blocks in two forms: wikitext lines
separated by blank lines, and, inside an HTML list item or a footnote, HTML tags on one line.
Both are read here into Markdown in the style of ``content/``: one line per paragraph, ``-`` and
``1.`` lists, ``|---|`` tables, boxes as GitHub's alerts (``> [!NOTE] Title``) or, where an
alert cannot stand (in a list, a quote or a box; a kind GitHub does not have; a box without a
title or one that folds), ``!!! type "Title"`` indented four spaces, fenced
code.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import TypeVar

from sync.wiki.pull.reader.inline import InlineReader, split_options
from sync.wiki.pull.reader.tables import html_table, wikitable
from wikipk.markdown import ALERT_KINDS

_HEADING = re.compile(r"(={1,6})\s*(.*?)\s*\1\s*$")
_BOX_START = re.compile(r"\{\{\s*Box start\s*(\|[^\n]*?)?\}\}")
_BOX_END = re.compile(r"\{\{\s*Box end\s*\}\}")
_REFERENCES = re.compile(r"<references\s*/>|<references>\s*</references>", re.IGNORECASE)
_HTML_BLOCK = re.compile(
    r"<(/?)(p|ul|ol|li|blockquote|pre|h[1-6]|table|hr|references)\b([^>]*?)/?>"
    r"|\{\{\s*Box start\b[^\n]*?\}\}|\{\{\s*Box end\s*\}\}|<ref\b[^>]*?(/?)>",
    re.IGNORECASE,
)
_LIST_LINE = re.compile(r"[*#]+")
_HEADING_CLOSE = re.compile(r"(^|\s)(#+)$")
#: Ends each heading line until :func:`sync.wiki.pull.reader.page.heading_ids` gives it its id
#: (a NUL character: no wiki page holds one, MediaWiki replaces control characters).
HEADING_END = "\x00"

_T = TypeVar("_T")


@dataclass(frozen=True)
class Block:
    """One Markdown block."""

    markdown: str
    paragraph: bool = False
    """A paragraph in ``<p>`` (its list is loose)."""
    list_kind: str = ""
    """``bullet`` or ``ordered`` for a list, "" for any other block."""


def indent(text: str, prefix: str, first: str | None = None) -> str:
    """Indent every non-empty line of ``text``; the first line gets ``first`` instead."""
    lines = text.split("\n")
    out = [((first if first is not None else prefix) + lines[0]).rstrip()]
    out += [prefix + line if line else "" for line in lines[1:]]
    return "\n".join(out)


_TOP_BULLET = re.compile(r"^- |^-$", re.MULTILINE)
_TOP_NUMBER = re.compile(r"^(\d+)\.( |$)", re.MULTILINE)


def join_blocks(blocks: list[Block], separator: str) -> str:
    """Join sibling blocks; a list right after a list of its kind gets other markers (``+``,
    ``1)``), or Markdown would read the two as one list."""
    out: list[str] = []
    previous, alternate = "", False
    for block in blocks:
        if not block.markdown:
            continue
        alternate = bool(block.list_kind) and block.list_kind == previous and not alternate
        text = block.markdown
        if alternate and block.list_kind == "bullet":
            text = _TOP_BULLET.sub(lambda m: m.group(0).replace("-", "+"), text)
        elif alternate:
            text = _TOP_NUMBER.sub(r"\1)\2", text)
        out.append(text)
        previous = block.list_kind
    return separator.join(out)


@dataclass
class BlockReader:
    """Reads the blocks of one page body."""

    inline: InlineReader
    headings: list[str | None] = field(default_factory=list)
    """The id each heading has on the wiki, in order (None: MediaWiki's own id)."""
    wiki_ids: list[str] = field(default_factory=list)
    """MediaWiki's own id of each heading (its text, spaces as underscores)."""
    depth: int = 0
    """How many list items hold the blocks being read."""
    inside: int = 0
    """How many boxes, quotes and footnotes hold the blocks being read (GitHub's alerts are
    boxes only outside all of them)."""
    defined: int = 0
    """How many footnotes have their definitions written."""

    # -- wikitext form --------------------------------------------------------------------

    def read(self, text: str) -> str:
        """A body's wikitext as Markdown blocks separated by blank lines."""
        return join_blocks(list(self.blocks(text.split("\n"))), "\n\n")

    def blocks(self, lines: list[str]) -> Iterator[Block]:
        """The Markdown blocks of wikitext lines."""
        index = 0
        while index < len(lines):
            line = lines[index]
            if not line.strip():
                index += 1
                continue
            end, block = self._block(lines, index)
            index = end
            if block is not None:
                yield block

    def _block(self, lines: list[str], index: int) -> tuple[int, Block | None]:
        line = lines[index]
        stripped = line.strip()
        heading = _HEADING.fullmatch(stripped)
        if heading:
            return index + 1, Block(self.heading(len(heading.group(1)), heading.group(2)))
        if re.fullmatch(r"-{4,}", stripped):
            return index + 1, Block("---")
        if _REFERENCES.fullmatch(stripped):
            return index + 1, Block(self.references())
        if _BOX_START.fullmatch(stripped):
            end = self._box_end(lines, index)
            inner = self._held(lambda: self.read("\n".join(lines[index + 1 : end])))
            return end + 1, Block(self.admonition(stripped, inner))
        if stripped.lower() == "<blockquote>":
            end = self._closing(lines, index, "<blockquote>", "</blockquote>")
            inner = self._held(lambda: self.read("\n".join(lines[index + 1 : end])))
            return end + 1, Block(indent(inner, "> ").replace("\n\n", "\n>\n"))
        if re.match(r"<(pre|ul|ol|blockquote|table|h[1-6]|p)\b", stripped, re.IGNORECASE):
            end = self._html_end(lines, index)
            text = "\n".join(lines[index : end + 1])
            blocks = list(self.html(text))
            kind = blocks[-1].list_kind if len(blocks) == 1 else ""
            return end + 1, Block(join_blocks(blocks, "\n\n"), list_kind=kind)
        if stripped.startswith("{|"):
            end = index + 1
            while end < len(lines) and not lines[end].strip().startswith("|}"):
                end += 1
            return end + 1, Block(wikitable(self.inline, lines[index + 1 : end]))
        if _LIST_LINE.match(line):
            end = index
            while end < len(lines) and _LIST_LINE.match(lines[end]):
                end += 1
            kind = "ordered" if line.startswith("#") else "bullet"
            return end, Block(self.list_lines(lines[index:end]), list_kind=kind)
        if line.startswith(" "):
            end = index
            while end < len(lines) and lines[end].startswith(" "):
                end += 1
            code = "\n".join(html.unescape(line[1:]) for line in lines[index:end])
            return end, Block(fence(code, self.inline.links.code.get(code, "")))
        if line.startswith((";", ":")):
            text = self.inline.markdown(line.lstrip(";:").strip(), line_start=True)
            return index + 1, Block(f"**{text}**" if line.startswith(";") and text else text)
        end = index
        while end < len(lines) and lines[end].strip() and not _starts_block(lines[end]):
            end += 1
        end = max(end, index + 1)
        text = "\n".join(lines[index:end])
        return end, Block(self.inline.markdown(text, line_start=True))

    @staticmethod
    def _box_end(lines: list[str], index: int) -> int:
        depth = 0
        for end in range(index, len(lines)):
            stripped = lines[end].strip()
            if _BOX_START.fullmatch(stripped):
                depth += 1
            elif _BOX_END.fullmatch(stripped):
                depth -= 1
                if depth == 0:
                    return end
        return len(lines)

    @staticmethod
    def _closing(lines: list[str], index: int, opening: str, closing: str) -> int:
        depth = 0
        for end in range(index, len(lines)):
            stripped = lines[end].strip().lower()
            depth += stripped == opening
            depth -= stripped == closing
            if depth == 0:
                return end
        return len(lines)

    @staticmethod
    def _html_end(lines: list[str], index: int) -> int:
        """The last line of HTML blocks starting on ``index`` (their tags balance there)."""
        depth = 0
        for end in range(index, len(lines)):
            for match in re.finditer(
                r"<(/?)(pre|ul|ol|blockquote|table|h[1-6]|p)\b[^>]*?(/?)>", lines[end], re.I
            ):
                if match.group(3):
                    continue
                depth += -1 if match.group(1) else 1
            if depth <= 0:
                return end
        return len(lines) - 1

    # -- blocks ---------------------------------------------------------------------------

    def heading(self, level: int, wikitext: str) -> str:
        """A heading line; its wiki id is kept for :func:`.page.heading_ids`."""
        text, anchor = self.inline.heading(wikitext)
        # Without a <span id> the heading has MediaWiki's own id (a person's new heading, or one
        # whose Markdown anchor was that id): its Markdown slug will do.
        self.headings.append(anchor)
        self.wiki_ids.append(self.inline.plain(wikitext).replace(" ", "_"))
        # A closing run of # would be read as heading markup, not text.
        text = _HEADING_CLOSE.sub(lambda m: m.group(1) + "\\" + m.group(2), text)
        return f"{'#' * level} {text}{HEADING_END}"

    def html_blocks(self, text: str) -> list[Block]:
        """The blocks of text in HTML form."""
        return list(self.html(text))

    def _held(self, read: Callable[[], _T]) -> _T:
        """What ``read`` reads inside a box, a quote or a footnote."""
        self.inside += 1
        try:
            return read()
        finally:
            self.inside -= 1

    def admonition(self, start: str, inner: str) -> str:
        """``{{Box start|type=..|title=..|collapsible=..}}`` and its content as a box: GitHub's
        alert (``> [!NOTE] Title``, the recommended form) where one can stand, else ``!!!``."""
        params: dict[str, str] = {}
        for option in split_options(start.strip("{}"))[1:]:
            key, _, value = option.partition("=")
            params[key.strip()] = value
        kind = params.get("type", "note").strip() or "note"
        collapsible = params.get("collapsible", "").strip()
        top = self.depth == 0 and self.inside == 0 and not self.inline.links.box_markers
        if top and kind in ALERT_KINDS and params.get("title", "").strip() and not collapsible:
            title = self.inline.markdown(params["title"])
            head = f"> [!{kind.upper()}]" + ("" if title == kind.title() else f" {title}")
            body = [f"> {line}" if line else ">" for line in inner.split("\n")] if inner else []
            return "\n".join([head, *body])
        marker = {"closed": "???", "open": "???+"}.get(collapsible, "!!!")
        head = f"{marker} {kind}"
        if "title" not in params:
            head += ' ""'
        else:
            title = self.inline.markdown(params["title"])
            if not (" " not in kind and title == kind.title()):
                head += f' "{title}"'
        return head + ("\n" + indent(inner, "    ") if inner else "")

    def references(self) -> str:
        """The footnote definitions, where ``<references />`` was."""
        notes = self.inline.footnotes
        out = []
        done = self.defined
        while done < len(notes.bodies):  # a footnote may cite another: read until none is new
            number = done + 1
            body = notes.bodies[done]
            blocks = (
                self._held(partial(self.html_blocks, body))
                if _HTML_BLOCK.search(_without_refs(body))
                else []
            )
            text = join_blocks(blocks, "\n\n") if blocks else self.inline.markdown(body.strip())
            out.append(indent(text, "    ", f"[^{notes.label(number)}]: "))
            done += 1
        self.defined = done
        return "\n\n".join(out)

    def list_lines(self, lines: list[str]) -> str:
        """``*``/``#`` lines as a Markdown list (tight)."""
        return "\n".join(self._list_items(lines, 0))

    def _list_items(self, lines: list[str], depth: int) -> Iterator[str]:
        marker_char = lines[0][depth] if len(lines[0]) > depth else "*"
        number = 0
        index = 0
        while index < len(lines):
            size = _marks(lines[index])
            end = index + 1
            while end < len(lines) and _marks(lines[end]) > depth + 1:
                end += 1
            number += 1
            same = self.inline.links.same_numbers.get(self.depth + depth, False)
            marker = f"{1 if same else number}. " if marker_char == "#" else "- "
            text = self.inline.markdown(lines[index][size:].strip(), line_start=True)
            item = [text] if size == depth + 1 else [""]
            sub = lines[index + 1 : end] if size == depth + 1 else lines[index:end]
            if sub:
                item.append("\n".join(self._list_items(sub, depth + 1)))
            yield indent("\n".join(item), " " * len(marker), marker)
            index = end

    # -- HTML form ------------------------------------------------------------------------

    def html(self, text: str) -> Iterator[Block]:
        """Blocks written as HTML tags (inside list items, footnotes, HTML-form boxes)."""
        position, pending = 0, ""
        while position < len(text):
            match = _HTML_BLOCK.search(text, position)
            if match is None:
                pending += text[position:]
                break
            pending += text[position : match.start()]
            token = match.group(0)
            if token.lower().startswith("<ref"):
                end = match.end() if match.group(4) else _close(text, match.end(), "ref")
                pending += text[match.start() : end]
                position = end
                continue
            if pending.strip():
                yield Block(self.inline.markdown(pending.strip(), line_start=True))
            pending = ""
            element, position = self._html_element(text, match)
            if element is not None:
                yield element
        if pending.strip():
            yield Block(self.inline.markdown(pending.strip(), line_start=True))

    def _html_element(self, text: str, match: re.Match[str]) -> tuple[Block | None, int]:
        """The block an HTML tag opens and where it ends (None for a stray closing tag)."""
        token = match.group(0)
        name = (match.group(2) or "").lower()
        if _BOX_START.fullmatch(token):
            end = _box_close(text, match.end())
            inner = self._held(
                lambda: join_blocks(list(self.html(text[match.end() : end])), "\n\n")
            )
            closing = _BOX_END.search(text, end)
            return Block(self.admonition(token, inner)), closing.end() if closing else len(text)
        if name == "hr":
            return Block("---"), match.end()
        if name == "references":
            return Block(self.references()), match.end()
        if match.group(1) or not name:
            return None, match.end()
        end = _close(text, match.end(), name)
        inner = text[match.end() : end - len(f"</{name}>")]
        kind = {"ul": "bullet", "ol": "ordered"}.get(name, "")
        block = Block(
            self._element(name, match.group(3), inner), paragraph=name == "p", list_kind=kind
        )
        return block, end

    def _element(self, name: str, attributes: str, inner: str) -> str:
        if name == "p":
            return self.inline.markdown(inner, line_start=True)
        if name.startswith("h"):
            return self.heading(int(name[1]), inner)
        if name == "pre":  # HTML drops a new line just after <pre>; a person may write one
            code = html.unescape(inner)
            if code.startswith("\n"):
                code = code[1:].removesuffix("\n")
            # The wiki keeps no language: the document's own block with this code has it.
            return fence(code, self.inline.links.code.get(code, ""))
        if name == "blockquote":
            text = self._held(lambda: join_blocks(list(self.html(inner)), "\n\n"))
            return indent(text, "> ").replace("\n\n", "\n>\n")
        if name in ("ul", "ol"):
            start = re.search(r'start="?(\d+)', attributes)
            return self.html_list(name == "ol", int(start.group(1)) if start else 1, inner)
        if name == "table":
            return html_table(self.inline, inner)
        return self.inline.markdown(inner)

    def html_list(self, ordered: bool, start: int, inner: str) -> str:
        """``<li>`` items as a Markdown list, tight unless an item holds ``<p>`` paragraphs."""
        items = []
        position = 0
        while True:
            match = re.compile(r"<li\b[^>]*>", re.IGNORECASE).search(inner, position)
            if match is None:
                break
            end = _close(inner, match.end(), "li")
            self.depth += 1
            try:
                items.append(list(self.html(inner[match.end() : end - len("</li>")])))
            finally:
                self.depth -= 1
            position = end
        loose = any(block.paragraph for item in items for block in item)
        out = []
        same = self.inline.links.same_numbers.get(self.depth, False)
        for number, blocks in enumerate(items, start):
            marker = f"{start if same else number}. " if ordered else "- "
            separator = "\n\n" if loose else "\n"
            body = join_blocks(blocks, separator)
            out.append(indent(body, " " * len(marker), marker))
        return ("\n\n" if loose else "\n").join(out)


def _marks(line: str) -> int:
    """How many ``*``/``#`` start a list line (its depth)."""
    found = _LIST_LINE.match(line)
    return len(found.group(0)) if found else 0


def _without_refs(text: str) -> str:
    return re.sub(r"<ref\b.*?(?:/>|</ref>)", "", text, flags=re.DOTALL | re.IGNORECASE)


def _close(text: str, position: int, name: str) -> int:
    """The end of the element ``name`` opened just before ``position`` (nesting counted)."""
    pattern = re.compile(rf"<(/?){name}\b[^>]*?(/?)>", re.IGNORECASE)
    depth = 1
    for match in pattern.finditer(text, position):
        if match.group(2):
            continue
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return match.end()
    return len(text)


def _box_close(text: str, position: int) -> int:
    depth = 1
    for match in re.finditer(r"\{\{\s*Box (start|end)\b", text[position:]):
        depth += 1 if match.group(1) == "start" else -1
        if depth == 0:
            return position + match.start()
    return len(text)


def _starts_block(line: str) -> bool:
    stripped = line.strip()
    return bool(
        _HEADING.fullmatch(stripped)
        or _LIST_LINE.match(line)
        or line.startswith((" ", "{|", ";", ":"))
        or _BOX_START.match(stripped)
        or _BOX_END.match(stripped)
        or re.match(r"</?(pre|ul|ol|blockquote|table|h[1-6]|p)\b", stripped, re.IGNORECASE)
        or re.fullmatch(r"-{4,}", stripped)
        or _REFERENCES.fullmatch(stripped)
    )


def fence(code: str, info: str = "") -> str:
    """A fenced code block showing ``code`` literally, its language (``info``) after the fence."""
    longest = max((len(run) for run in re.findall(r"`{3,}", code)), default=2)
    marks = "`" * (longest + 1)
    return f"{marks}{info}\n{code}\n{marks}"


__all__ = ["Block", "BlockReader", "fence", "indent", "join_blocks"]
