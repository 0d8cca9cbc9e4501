"""A wiki page wikipk owns, read back as the parts of its document.

The inverse of :func:`sync.wiki.render.page.render_page`: the infobox becomes plain-text fields,
the body becomes Markdown in the style of ``content/``, the category links become category names, a
scorecard report's generated scores section is set apart, and anything with no Markdown form
(an unknown template, a parser function, a gallery, a link to a wiki page that is no document)
is listed with its wikitext and line, never silently dropped. For every document ``d`` written
the way ``content/`` is written, ``read_page(render_page(d, corpus), d, corpus).body == d.body``.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import mwparserfromhell
from mwparserfromhell.nodes import Template

from sync.wiki.corpus import Corpus
from sync.wiki.pull.reader.blocks import HEADING_END, BlockReader
from sync.wiki.pull.reader.inline import Footnotes, InlineReader
from sync.wiki.pull.reader.links import Links
from sync.wiki.pull.reader.scan import Unrepresentable, scan
from sync.wiki.render.body import BodyRenderer
from sync.wiki.render.page import SUBSCRIBER_CATEGORY
from sync.wiki.state import REMOVED_CATEGORY, TRACKING_CATEGORY
from sync.wiki.templates import INFOBOX
from wikipk.markdown import parse, slugify, unique_slug
from wikipk.model import Document

__all__ = ["PageParts", "Unrepresentable", "read_page"]

_CATEGORY_LINE = re.compile(r"\s*(?:\[\[\s*Category\s*:[^\[\]]*\]\]\s*)+", re.IGNORECASE)
_CATEGORY_LINK = re.compile(r"\[\[\s*[Cc]ategory\s*:([^\[\]|]*)(?:\|[^\[\]]*)?\]\]")
_SCORES_HEADINGS = frozenset({"Scores", "اسکور"})
_EXPLICIT_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*")


@dataclass(frozen=True)
class PageParts:
    """What a wiki page says, in the terms of its document."""

    infobox: dict[str, str]
    """The infobox parameters as plain text (links reduced to their label); {} without one."""
    body: str
    """The body as Markdown in canonical style, "" when empty, else ending with one newline
    and starting with the blank line that follows the front matter (as ``Document.body``)."""
    categories: tuple[str, ...]
    """Category names without ``Category:``, in page order (not wikipk's tracking ones)."""
    generated: str
    """Wikitext wikipk generates that is not the body (a report's scores section), or ""."""
    unknown: tuple[Unrepresentable, ...]
    """Constructs with no Markdown form, with their wikitext and line."""
    teaser: bool
    """True when the page is a premium teaser (category "For subscribers")."""


def read_page(wikitext: str, doc: Document, corpus: Corpus) -> PageParts:
    """Read a page wikipk owns as its document's infobox, body and categories.

    Args:
        wikitext: The page's wikitext (as wikipk wrote it, or as a person edited it).
        doc: The page's document (links are written relative to its path).
        corpus: The documents links may point at, and the wiki names of media files.

    Returns:
        The page's parts.
    """
    lines = wikitext.split("\n")
    inline = InlineReader(Links(doc, corpus), Footnotes(known=footnote_names(doc, corpus)))
    infobox, first = _infobox(wikitext, inline)
    board = corpus.scoreboard
    report = board is not None and board.report(doc.id) is not None
    last = _body_end(lines, first) if report else _categories_start(lines, len(lines))
    tail = _categories_start(lines, len(lines))
    generated = "\n".join(lines[last:tail]).strip() if last < tail else ""
    body_lines = ["" if _CATEGORY_LINE.fullmatch(line) else line for line in lines[first:last]]
    reader = BlockReader(inline)
    markdown = reader.read("\n".join(body_lines))
    notes = reader.references()  # Cite lists references a page never placed at its end
    markdown = f"{markdown}\n\n{notes}" if markdown and notes else markdown or notes
    markdown, anchors = heading_ids(markdown, reader.headings)
    markdown = _same_page_links(markdown, reader, anchors)
    names = tuple(_categories(wikitext))
    unknown = scan("\n".join(body_lines), first + 1, inline.links)
    unknown += scan("\n".join(lines[tail:]), tail + 1, inline.links)
    return PageParts(
        infobox=infobox,
        body=f"\n{markdown}\n" if markdown else "",
        categories=names,
        generated=generated,
        unknown=tuple(unknown),
        teaser=SUBSCRIBER_CATEGORY in names,
    )


def _infobox(wikitext: str, inline: InlineReader) -> tuple[dict[str, str], int]:
    """The infobox's plain-text parameters and the line after it (0 without an infobox)."""
    stripped = wikitext.lstrip()
    if not re.match(r"\{\{\s*" + re.escape(INFOBOX) + r"\s*[|\n}]", stripped):
        return {}, 0
    end = re.search(r"\n\}\}(?:\n|$)", stripped)
    code = mwparserfromhell.parse(stripped[: end.end()] if end else stripped)
    template = code.nodes[0]
    if not isinstance(template, Template):
        return {}, 0
    params = {str(param.name).strip(): inline.plain(str(param.value)) for param in template.params}
    consumed = len(wikitext) - len(stripped) + len(str(template))
    return params, wikitext[:consumed].count("\n") + 1


def _body_end(lines: list[str], first: int) -> int:
    """Where a scorecard report's body ends: at its scores section (a heading with the text on
    the next line, which the body's headings never have), or where the categories start."""
    for index in range(first, len(lines) - 1):
        match = re.fullmatch(r"==\s*(.*?)\s*==", lines[index].strip())
        if (
            match
            and match.group(1) in _SCORES_HEADINGS
            and lines[index + 1].strip()
            and any(line.startswith('{| class="wikitable sortable"') for line in lines[index:])
        ):
            return index
    return _categories_start(lines, len(lines))


def _categories_start(lines: list[str], end: int) -> int:
    """The first of the category lines (and blank lines) that end ``lines[:end]``."""
    start = end
    while start > 0 and (
        not lines[start - 1].strip() or _CATEGORY_LINE.fullmatch(lines[start - 1])
    ):
        start -= 1
    return start


def _categories(wikitext: str) -> list[str]:
    names = []
    for title in _CATEGORY_LINK.findall(wikitext):
        name = html.unescape(title).replace("_", " ").strip()
        name = name[:1].upper() + name[1:]
        if name not in (TRACKING_CATEGORY, REMOVED_CATEGORY) and name not in names:
            names.append(name)
    return names


def heading_ids(markdown: str, wanted: list[str | None]) -> tuple[str, list[str]]:
    """Add ``{#id}`` to the headings whose GitHub-style slug is not the id they have on the wiki.

    The slugs are worked out as the parser makes them (explicit ids reserved first, then
    ``-1``, ``-2``... for repeats), and an id is added only where the slug differs:
    first to headings whose id is no form of their own slug, then one at a time in order.

    Args:
        markdown: The body without ids.
        wanted: The wiki id of each heading, in order (None: any).

    Returns:
        The body with the ids it needs, and the Markdown anchor of each heading.
    """
    lines = markdown.split("\n")
    marked = [index for index, line in enumerate(lines) if line.endswith(HEADING_END)]
    # Only headings make slugs: parsing them alone gives the slugs the whole body would.
    # (Footnote references make no slug text; alone they would read as text.)
    alone = "\n\n".join(
        _FOOTNOTE_REFERENCE.sub("", _HEADING_TEXT.sub(r"\1", lines[index])) for index in marked
    )
    titles = [node.plain() for node in parse(alone).walk() if node.kind == "heading"]
    lines = [line.removesuffix(HEADING_END) for line in lines]
    if len(titles) != len(wanted) or len(marked) != len(wanted):
        return "\n".join(lines), []
    found = list(zip(marked, titles, strict=True))
    explicit: set[int] = set()
    for _ in range(len(found) + 1):
        slugs = {str(wanted[i]) for i in explicit}
        generated = {
            i: unique_slug(slugify(title), slugs)
            for i, (_, title) in enumerate(found)
            if i not in explicit
        }
        mismatched = [
            i for i, slug in generated.items() if wanted[i] is not None and slug != wanted[i]
        ]
        if not mismatched:
            break
        foreign = [i for i in mismatched if not _slug_form(str(wanted[i]), slugify(found[i][1]))]
        explicit.update(foreign or mismatched[:1])
    for index in sorted(explicit):
        anchor = str(wanted[index])
        if _EXPLICIT_ID.fullmatch(anchor):
            line = found[index][0]
            lines[line] = f"{lines[line].rstrip()} {{#{anchor}}}"
    slugs = {str(wanted[i]) for i in explicit}
    anchors = [
        str(wanted[i]) if i in explicit else unique_slug(slugify(title), slugs)
        for i, (_, title) in enumerate(found)
    ]
    return "\n".join(lines), anchors


_HEADING_TEXT = re.compile(r"^(?:\s|>|[-*+] |\d+[.)] )*?(#{1,6} .*)\x00$")
_FOOTNOTE_REFERENCE = re.compile(r"(?<!\\)\[\^[^\]\s]+\]")
_SAME_PAGE_LINK = re.compile(r"\]\((<?)#([^)>]*)(>?)\)")


def _same_page_links(markdown: str, reader: BlockReader, anchors: list[str]) -> str:
    """Point ``[[#Heading]]`` links of a person's (MediaWiki's own heading ids) at the anchors
    the headings have in Markdown."""
    moved = {
        wiki_id: anchor
        for wanted, wiki_id, anchor in zip(reader.headings, reader.wiki_ids, anchors, strict=False)
        if wanted is None and wiki_id != anchor
    }
    if not moved:
        return markdown

    def point(match: re.Match[str]) -> str:
        fragment = match.group(2).replace(" ", "_")
        if fragment in moved:
            return f"](#{moved[fragment]})"
        return match.group(0)

    return _SAME_PAGE_LINK.sub(point, markdown)


def _slug_form(anchor: str, slug: str) -> bool:
    """True when ``anchor`` is ``slug`` or one of its repeats (``slug-2``)."""
    return anchor == slug or re.fullmatch(re.escape(slug) + r"-\d+", anchor) is not None


def footnote_names(doc: Document, corpus: Corpus) -> dict[str, list[str]]:
    """The labels the document gives its footnotes, in order, by the wikitext the renderer
    writes for a footnote's body (``{}`` for a document without footnotes)."""
    tree = doc.tree
    if not any(block.kind == "footnote_block" for block in tree.children):
        return {}
    labels = {
        int(node.attrs["number"]): str(node.attrs["label"])
        for node in tree.walk()
        if node.kind == "footnote_ref" and node.attrs.get("label")
    }
    bodies = BodyRenderer(doc, corpus, tree).inline.footnotes
    names: dict[str, list[str]] = {}
    for number, body in sorted(bodies.bodies.items() if bodies else ()):
        if number in labels:
            names.setdefault(body.strip(), []).append(labels[number])
    return names
