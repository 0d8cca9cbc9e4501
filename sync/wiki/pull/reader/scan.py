"""What a page holds that Markdown cannot say: found, located and quoted, never dropped.

A person's edit may add a template wikipk does not know, a parser function, a magic word, a
gallery or a link to a wiki page that is no document. The reader writes what it can of the rest;
this module lists each such construct with its exact wikitext and its 1-based line on the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import mwparserfromhell
from mwparserfromhell.nodes import Comment, Node, Tag, Template, Text, Wikilink

from sync.wiki.pull.reader.links import Links
from sync.wiki.templates import BOX_END, BOX_START

_KNOWN_TEMPLATES = frozenset({BOX_START, BOX_END})
_KNOWN_TAGS = frozenset(
    [
        "b",
        "i",
        "s",
        "del",
        "strike",
        "em",
        "strong",
        "code",
        "br",
        "ref",
        "references",
        "span",
        "nowiki",
        "pre",
        "blockquote",
        "ul",
        "ol",
        "li",
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "table",
        "tr",
        "th",
        "td",
        "hr",
        "dt",
        "dd",
        "dl",
    ]
)
_MAGIC_WORD = re.compile(r"__[A-Z]+__")
_MEDIA = re.compile(r"(?i):?(?:file|image|media)\s*:")


@dataclass(frozen=True)
class Unrepresentable:
    """A construct of a wiki page that has no Markdown form."""

    kind: str
    """What it is: ``template {{Foo}}``, ``parser function {{#if:}}``, ``<gallery>``,
    ``magic word __NOTOC__``, ``link to wiki page [[Help:Contents]]``, ``comment``."""
    wikitext: str
    """The construct exactly as written on the page."""
    line: int
    """1-based line in the page's wikitext."""


def _template_kind(node: Template) -> str | None:
    name = str(node.name).strip()
    if name in _KNOWN_TEMPLATES:
        return None
    if name.startswith("#"):
        return f"parser function {{{{{name.split(':', 1)[0]}:}}}}"
    head = name.split(":", 1)[0].strip()
    if ":" in name or head.isupper():
        return f"magic word {{{{{head}}}}}"
    return f"template {{{{{name}}}}}"


def _kind(node: Node, links: Links) -> str | None:
    if isinstance(node, Template):
        return _template_kind(node)
    if isinstance(node, Comment):
        return "comment"
    if isinstance(node, Tag):
        name = str(node.tag).lower().strip()
        return None if node.wiki_markup or name in _KNOWN_TAGS else f"<{name}>"
    if isinstance(node, Wikilink):
        title = str(node.title).strip()
        plain = title.lstrip(":")
        if re.match(r"(?i)category\s*:", plain):  # a category, or a link to its page
            return _page(plain) if title.startswith(":") else None
        if _MEDIA.match(title):
            return None
        return None if links.document(plain) is not None else _page(plain)
    return None


def _page(title: str) -> str:
    return f"link to wiki page [[{title}]]"


_KNOWN_MARKUP = re.compile(
    r"\{\{\s*Box (?:start\b[^{}]*|end\s*)\}\}|</?(?:"
    + "|".join(sorted(_KNOWN_TAGS))
    + r")\b[^<>]*>",
    re.IGNORECASE,
)
_LITERAL = re.compile(r"<(pre|nowiki)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_WIKILINK_TITLE = re.compile(r"\[\[([^\[\]|]*)")


def _suspect(wikitext: str, links: Links) -> bool:
    """A cheap test: could ``wikitext`` hold a construct without a Markdown form?"""
    rest = _KNOWN_MARKUP.sub("", wikitext)
    if "{{" in rest or "<" in rest or _MAGIC_WORD.search(rest):
        return True
    for title in _WIKILINK_TITLE.findall(rest):
        plain = title.strip().lstrip(":")
        if _MEDIA.match(title.strip()) or re.match(r"(?i)category\s*:", title.strip()):
            continue
        if links.document(plain) is None:
            return True
    return False


_TABLE_CAPTION = re.compile(r"\s*\|\+")
_MERGED_CELL = re.compile(r"\s*[|!].*\b(?:colspan|rowspan)\s*=", re.IGNORECASE)


def _table_parts(wikitext: str, first_line: int) -> list[Unrepresentable]:
    """Table captions and merged cells: a GFM table has neither."""
    found = []
    for number, line in enumerate(wikitext.split("\n"), first_line):
        if _TABLE_CAPTION.match(line):
            found.append(Unrepresentable("table caption", line.strip(), number))
        elif _MERGED_CELL.match(line):
            found.append(Unrepresentable("merged table cells", line.strip(), number))
    return found


def scan(wikitext: str, first_line: int, links: Links) -> list[Unrepresentable]:
    """The constructs of ``wikitext`` with no Markdown form.

    Args:
        wikitext: Part of a page.
        first_line: The page line on which ``wikitext`` starts.
        links: The documents and files links may name.
    """
    # Nothing inside <pre> or <nowiki> is markup (a code block may show "__NOTOC__").
    wikitext = _LITERAL.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), wikitext)
    found = _table_parts(wikitext, first_line)
    if not _suspect(wikitext, links):
        return found
    cursor: dict[str, int] = {}

    def locate(text: str) -> int:
        start = wikitext.find(text, cursor.get(text, 0))
        if start < 0:
            start = max(wikitext.find(text), 0)
        cursor[text] = start + len(text)
        return first_line + wikitext.count("\n", 0, start)

    for node in mwparserfromhell.parse(wikitext).filter(recursive=True):
        if isinstance(node, Text):
            for word in _MAGIC_WORD.findall(node.value):
                found.append(Unrepresentable(f"magic word {word}", word, locate(word)))
            continue
        kind = _kind(node, links)
        if kind is not None:
            text = str(node)
            found.append(Unrepresentable(kind, text, locate(text)))
    return sorted(found, key=lambda item: item.line)
