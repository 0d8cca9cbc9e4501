"""Plain text written as Markdown that reads back as the same text.

The inverse of :mod:`sync.wiki.render.escape`: once the reader has decoded a wiki page's character
references, the text must be written so that markdown-it shows it as text again. Escapes are
added only where Markdown would read markup (an author writes ``5 * 3`` and ``snake_case`` without
backslashes), so text written the way ``content/`` writes it comes back byte for byte.
"""

from __future__ import annotations

import re

_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_MAYBE_MARKUP = re.compile(r"[\\`*_~\[\]!<&|\n\r]")
# A line break in text (the wiki's &#10;) stays text: Markdown would end the line there.
_BREAKS = {"\n": "&#10;", "\r": "&#13;"}
_AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9.+-]{1,31}:[^\s<>]*|[^\s@<>]+@[^\s@<>]+)>")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")

# What a line of Markdown must not start with when it is text: a heading, a list item, a quote,
# a thematic break, an admonition, a link reference or footnote definition.
_HEADING_START = re.compile(r"#{1,6}(?:[ \t]|$)")
_BULLET_START = re.compile(r"[-+*](?:[ \t]|$)")
_ORDERED_START = re.compile(r"([0-9]{1,9})([.)])(?:[ \t]|$)")
_BREAK_LINE = re.compile(r"([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_ADMONITION_START = re.compile(r"(?:!!!|\?\?\?\+?)[ \t]")
_DEFINITION_START = re.compile(r"\[[^\]]*\]:")


def _balanced(text: str) -> bool:
    """True when every ``]`` of a label's text closes a ``[`` before it (Markdown nests them)."""
    depth = 0
    for char in text:
        depth += (char == "[") - (char == "]")
        if depth < 0:
            return False
    return depth == 0


def _spaced(char: str) -> bool:
    return char == "" or char.isspace()


def _needs_escape(
    text: str, index: int, before: str, after: str, in_cell: bool, in_label: bool
) -> bool:
    char = text[index]
    prev = text[index - 1] if index else before
    next_ = text[index + 1] if index + 1 < len(text) else after
    if char == "\\":
        return next_ in _ASCII_PUNCTUATION
    if char == "`":
        return True
    if char == "*":
        return not (_spaced(prev) and _spaced(next_))
    if char == "_":
        intraword = prev.isalnum() and next_.isalnum()
        return not (intraword or (_spaced(prev) and _spaced(next_)))
    if char == "~":
        return "~" in (prev, next_)
    if char == "[":
        return (in_label and not _balanced(text)) or next_ == "^"
    if char == "]":
        return (in_label and not _balanced(text)) or next_ in ("(", "[", ":")
    if char == "!":
        return next_ == "["
    if char == "<":
        return _AUTOLINK.match(text, index) is not None
    if char == "&":
        return _ENTITY.match(text, index) is not None
    return char == "|" and in_cell


def escape_markdown(
    text: str,
    before: str = "",
    after: str = "",
    line_start: bool = False,
    in_cell: bool = False,
    in_label: bool = False,
) -> str:
    """Write plain text as Markdown that markdown-it reads as that text.

    Args:
        text: The text as a reader sees it.
        before: The Markdown character just before the text ("" at the start of a line).
        after: The Markdown character just after it ("" at the end of a line).
        line_start: True when the text starts a line of Markdown (a paragraph, a list item).
        in_cell: True inside a table cell, where ``|`` ends the cell.
        in_label: True inside a link's label or an image's alt text, where brackets count.

    Returns:
        The text with backslash escapes where Markdown would otherwise read markup.
    """
    if _MAYBE_MARKUP.search(text) is None:
        return escape_line_start(text) if line_start else text
    out = [
        _BREAKS.get(char)
        or ("\\" + char if _needs_escape(text, index, before, after, in_cell, in_label) else char)
        for index, char in enumerate(text)
    ]
    escaped = "".join(out)
    return escape_line_start(escaped) if line_start else escaped


def escape_line_start(line: str) -> str:
    """Escape the start of a line of Markdown text that would otherwise begin a block."""
    if not line:
        return line
    ordered = _ORDERED_START.match(line)
    if ordered:
        return f"{ordered.group(1)}\\{line[len(ordered.group(1)) :]}"
    if line[0] in "#>+-*" and (
        _HEADING_START.match(line)
        or _BULLET_START.match(line)
        or _BREAK_LINE.match(line)
        or line[0] == ">"
    ):
        return "\\" + line
    if _ADMONITION_START.match(line) or _DEFINITION_START.match(line):
        return "\\" + line
    return line


def code_span(text: str, in_cell: bool = False) -> str:
    """A Markdown code span showing ``text`` literally (fenced with enough backticks); in a
    table cell ``|`` is escaped even there (GFM ends the cell at any unescaped ``|``)."""
    if in_cell:
        text = text.replace("|", "\\|")
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    padded = f" {text} " if text.startswith(("`", " ")) or text.endswith(("`", " ")) else text
    if text.strip() == "":
        padded = text
    return f"{fence}{padded}{fence}"
