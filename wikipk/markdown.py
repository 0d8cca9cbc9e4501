"""The one Markdown parser that every output reads.

CommonMark with GFM tables and strikethrough, footnotes, admonitions (``!!! note``), heading ids
(``## مقصد {#purpose}``) and GitHub-style heading anchors. Raw HTML is off, so anything typed as
HTML in a document is shown as text and can never inject a script.

The site renders these tokens to HTML and the wiki publisher renders the same tokens to wikitext:
one parse, so both always say the same thing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin

_TEXT_TYPES = frozenset({"text", "code_inline"})
"""Inline tokens whose content is plain text."""
_HEADING_ID = re.compile(r"\s*\{#([A-Za-z0-9_][A-Za-z0-9_-]*)\}\s*$")


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


def _heading_ids(state: StateCore) -> None:
    """Take a trailing ``{#id}`` off a heading and make it the heading's id."""
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        inline = tokens[index + 1]
        match = _HEADING_ID.search(inline.content)
        if match:
            token.attrSet("id", match.group(1))
            token.meta["explicit_id"] = True
            inline.content = inline.content[: match.start()]


@cache
def parser() -> MarkdownIt:
    """The configured markdown-it-py parser (built once, on first use)."""
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    # With "html" off these two rules only ever answer "no", on every line and at every "<":
    # asking them is all they cost.
    md.disable(["html_block", "html_inline"])
    md.use(footnote_plugin)
    md.use(admon_plugin)
    md.core.ruler.after("block", "heading_ids", _heading_ids)
    md.use(anchors_plugin, min_level=1, max_level=6)
    return md


def parse(body: str) -> list[Token]:
    """Parse a document body (front matter already removed) into markdown-it tokens."""
    return parser().parse(body)


def render_html(tokens: list[Token]) -> str:
    """Render tokens to HTML with the shared parser's renderer."""
    md = parser()
    return str(md.renderer.render(tokens, md.options, {}))


def inline_text(token: Token) -> str:
    """The plain text of an inline token (text and code spans, no markup)."""
    if not token.children:
        return token.content
    return "".join([child.content for child in token.children if child.type in _TEXT_TYPES])


def headings(tokens: list[Token]) -> list[Heading]:
    """Every heading of a parsed body, in order."""
    found = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.map:
            inline = tokens[index + 1]
            found.append(
                Heading(
                    level=int(token.tag[1]),
                    text=inline_text(inline).strip(),
                    anchor=str(token.attrs.get("id") or ""),
                    explicit_id=bool(token.meta.get("explicit_id")),
                    line=token.map[0] + 1,
                )
            )
    return found


def links(tokens: list[Token], body_lines: list[str]) -> list[LinkRef]:
    """Every link and image target of a parsed body, located at its line and column.

    Args:
        tokens: the parsed body.
        body_lines: the body split into lines, used to find each address's column.
    """
    found = []
    for block in tokens:
        children = block.children
        if not children or block.type != "inline":
            continue
        for child in children:
            kind = child.type
            if kind == "link_open":
                target, is_image, alt = unquote(str(child.attrs.get("href") or "")), False, ""
            elif kind == "image":
                target, is_image = unquote(str(child.attrs.get("src") or "")), True
                alt = inline_text(child).strip()
            else:
                continue
            line, column = _locate(target, block.map, body_lines)
            found.append(
                LinkRef(target=target, line=line, column=column, is_image=is_image, alt=alt)
            )
    return found


def _locate(target: str, line_map: list[int] | None, body_lines: list[str]) -> tuple[int, int]:
    """Find the line and column where ``target`` is written inside a block's line range."""
    if not line_map:
        return 1, 1
    start, end = line_map
    for number in range(start, min(end, len(body_lines))):
        line = body_lines[number]
        column = line.find(f"]({target}")  # the address, not link text that reads the same
        column = column + 2 if column >= 0 else line.find(target)
        if column >= 0:
            return number + 1, column + 1
    return start + 1, 1


_NESTS = frozenset({"bullet_list_open", "ordered_list_open", "blockquote_open", "admonition_open"})
"""Blocks that count as one level of nesting in what a check says."""
_ONLY_MARKERS = re.compile(r"[\s>*+-]*(?:\d{1,9}[.)][\s>*+-]*)*")
"""A line holding nothing but list and quote markers (an empty item)."""


@dataclass(frozen=True)
class DeepNesting:
    """Where lists and quotes nest deeper than the parser follows (it drops what is inside)."""

    line: int
    """1-based line in the body of the first block whose content is dropped."""
    column: int
    """1-based column of that line's first character."""
    depth: int
    """How many lists, quotes and boxes hold that content, the dropped block's own included."""


def too_deep(tokens: list[Token], body_lines: list[str]) -> DeepNesting | None:
    """The first block whose content the parser dropped at its nesting limit, if any.

    markdown-it stops at ``maxNesting`` levels (20; a list counts two, its list and its item;
    a quote one) and silently skips the rest of the block it is in, which for a list item
    runs to the end of the document: such a block is opened and closed with nothing inside,
    though its lines hold text.
    """
    limit = int(parser().options["maxNesting"])
    depth = 0
    for token, after in pairwise(tokens):
        if token.type.replace("_close", "_open") in _NESTS:
            depth += token.nesting
        if token.nesting != 1 or token.level < limit - 1 or after.nesting != -1 or not token.map:
            continue
        start, end = token.map
        lines = body_lines[start:end]
        if any(not _ONLY_MARKERS.fullmatch(line) for line in lines):
            first = lines[0]
            return DeepNesting(start + 1, len(first) - len(first.lstrip()) + 1, depth)
    return None
