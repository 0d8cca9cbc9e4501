"""Escaping text so that MediaWiki shows it exactly as written.

Text in a document is text: nothing an author types may transclude a template, sign a name, add a
category, switch off the table of contents, open a table or a list, or become a magic link. Every
function here turns a plain string into wikitext that renders as that same string, using HTML
character references (which MediaWiki decodes only after it has looked for markup) rather than
``<nowiki>``, so escaped text can sit anywhere: in a table cell, a link label, a template
argument or a heading.
"""

from __future__ import annotations

import re

#: URL schemes that MediaWiki 1.39 turns into links (``$wgUrlProtocols`` without ``//``).
URL_PROTOCOLS = (
    "bitcoin:",
    "ftp://",
    "ftps://",
    "geo:",
    "git://",
    "gopher://",
    "http://",
    "https://",
    "irc://",
    "ircs://",
    "magnet:",
    "mailto:",
    "matrix:",
    "mms://",
    "news:",
    "nntp://",
    "redis://",
    "sftp://",
    "sip:",
    "sips:",
    "sms:",
    "ssh://",
    "svn://",
    "tel:",
    "telnet://",
    "urn:",
    "worldwind://",
    "xmpp:",
)

_SCHEMES = "|".join(sorted({p.split(":")[0] for p in URL_PROTOCOLS}, key=len, reverse=True))

# Characters that are markup wherever they appear. A line break in text (decoded from ``&#10;``,
# ``&NewLine;`` or ``&#13;``: MediaWiki reads a carriage return as a line break too) would end the
# line, so that the next could start a list, a heading, a table or a paragraph. MediaWiki shows
# ``&#13;`` as written (HTML forbids the reference), so a carriage return becomes the line feed's:
# both are white space to a reader. (U+2028, U+2029 and U+0085 are no line breaks to MediaWiki.)
_ALWAYS = {
    "\n": "&#10;",
    "\r": "&#10;",
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    "[": "&#91;",
    "]": "&#93;",
    "{": "&#123;",
    "}": "&#125;",
    "|": "&#124;",
}

# Characters that are markup only in runs: '' and ''' (italic, bold), ~~~ (signatures), __ (magic
# switches such as __NOTOC__), !! (table header cells). A quote also pairs with a quote of the
# markup next to the text, so one at either end of the text is escaped too.
_RUN_CHARS = {"'": "&#39;", "~": "&#126;", "_": "&#95;", "!": "&#33;"}

# MediaWiki's word boundaries are ASCII (PCRE without Unicode properties), so "اhttps://" is a
# link there: the look-behinds below are ASCII too.
_ESCAPES = re.compile(
    r"[\n\r&<>\[\]{}|]"
    rf"|(?<![A-Za-z0-9_])(?:{_SCHEMES}):"  # free external links: https://..., mailto:...
    r"|(?<![A-Za-z0-9_])(?:ISBN|RFC|PMID)(?=[\s\xa0])"  # magic links
    r"|'(?=')|(?<=')'|^'|'$"
    r"|~(?=~)|(?<=~)~|_(?=_)|(?<=_)_|!(?=!)|(?<=!)!",
    re.IGNORECASE,
)

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")

# Text with none of these needs no escape: a cheap test that spares most runs the full pattern.
_MAYBE_ESCAPED = re.compile(
    "[&<>\\[\\]{}|:'~_!\x00-\x1f\x7f\ufffe\uffff]|ISBN|RFC|PMID",
    re.IGNORECASE,
)

# A line starting with one of these is a list, definition, heading, table row, preformatted block
# or horizontal rule.
_LINE_START = {
    "*": "&#42;",
    "#": "&#35;",
    ":": "&#58;",
    ";": "&#59;",
    "=": "&#61;",
    " ": "&#32;",
    "!": "&#33;",
    "-": "&#45;",
}


def clean_controls(text: str) -> str:
    """Replace control characters (except tab and newline) with U+FFFD, as MediaWiki would."""
    return _CONTROL.sub("\ufffd", text)


def _replace(match: re.Match[str]) -> str:
    found = match.group(0)
    if found in _ALWAYS:
        return _ALWAYS[found]
    if found in _RUN_CHARS:
        return _RUN_CHARS[found]
    if found.endswith(":"):
        return found[:-1] + "&#58;"
    return f"&#{ord(found[0])};{found[1:]}"


def escape_text(text: str) -> str:
    """Escape a run of plain text so that it renders literally anywhere inside a line.

    Args:
        text: The text as the reader should see it; a line break in it stays text (a
            character reference), never the end of a wikitext line.

    Returns:
        Wikitext that renders as ``text``.
    """
    if _MAYBE_ESCAPED.search(text) is None:
        return text
    return _ESCAPES.sub(_replace, clean_controls(text))


def escape_line_start(line: str) -> str:
    """Escape the first character of rendered inline wikitext that will start a line.

    Only text can start with these characters (markup written by the renderer never does), so
    replacing the first one with its character reference is always safe.

    Args:
        line: Rendered inline wikitext.

    Returns:
        The same wikitext, unable to start a list, heading, table, rule or preformatted block.
    """
    if line and line[0] in _LINE_START:
        if line[0] == "-" and not line.startswith("----"):
            return line
        return _LINE_START[line[0]] + line[1:]
    return line


def escape_heading(content: str) -> str:
    """Escape ``=`` at either end of a heading's rendered content (it would change the level)."""
    if content.startswith("="):
        content = "&#61;" + content[1:]
    if content.endswith("="):
        content = content[:-1] + "&#61;"
    return content


def escape_pre(text: str) -> str:
    """Escape the content of a ``<pre>`` block (MediaWiki keeps it literal except for entities)."""
    return clean_controls(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_attribute(value: str) -> str:
    """Escape a value for a double-quoted HTML attribute in wikitext."""
    return escape_text(value).replace('"', "&quot;")


def linkable_url(url: str) -> bool:
    """True when MediaWiki makes an external link of ``url`` (its scheme is a URL protocol)."""
    lowered = url.lower()
    return any(lowered.startswith(protocol) for protocol in URL_PROTOCOLS)


_URL_ESCAPES = re.compile(r"[&'\s\[\]{}|<>\"]|~(?=~)|(?<=~)~|_(?=_)|(?<=_)_")


def escape_url(url: str) -> str:
    """Escape a URL for an external link ``[url text]``.

    Quotes would become italics, ``~~~`` a signature and ``__X__`` a magic switch even inside a
    URL, so they are percent-encoded (an equivalent URL); ``&`` becomes ``&amp;``.
    """

    def encode(match: re.Match[str]) -> str:
        found = match.group(0)
        return "&amp;" if found == "&" else "".join(f"%{byte:02X}" for byte in found.encode())

    return _URL_ESCAPES.sub(encode, clean_controls(url))
