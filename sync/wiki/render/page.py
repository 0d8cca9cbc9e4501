"""Whole wiki pages: the metadata infobox, the body, categories, and premium teasers.

:func:`render_page` is what the publisher puts on the wiki for any document: the full page for a
public document, and for a premium one only its teaser (title, summary, infobox and a notice
saying where subscribers read it), never a word of the body.
"""

from __future__ import annotations

import re

from sync.wiki.corpus import Corpus
from sync.wiki.render.body import render_body
from sync.wiki.render.escape import escape_text, escape_url, linkable_url
from sync.wiki.render.scorecards import report_section
from sync.wiki.templates import BOX_END, BOX_START, INFOBOX
from wikipk.model import DocType, Document

#: The category of each type of document.
TYPE_CATEGORIES = {
    DocType.SOP: "SOPs",
    DocType.GUIDELINE: "Guidelines",
    DocType.CASE_STUDY: "Case studies",
    DocType.SCORECARD: "Scorecards",
    DocType.REPORT: "Reports",
}
#: The category of a tag (``Tag: grievance``).
TAG_CATEGORY = "Tag: {tag}"
#: The category of every premium teaser.
SUBSCRIBER_CATEGORY = "For subscribers"

# Words of the teaser, by language; English when the language has none.
_KINDS = {
    "en": {
        DocType.SOP: "SOP",
        DocType.GUIDELINE: "guideline",
        DocType.CASE_STUDY: "case study",
        DocType.SCORECARD: "scorecard",
        DocType.REPORT: "report",
    },
    "ur": {
        DocType.SOP: "ایس او پی",
        DocType.GUIDELINE: "رہنما اصول",
        DocType.CASE_STUDY: "کیس اسٹڈی",
        DocType.SCORECARD: "اسکور کارڈ",
        DocType.REPORT: "رپورٹ",
    },
}
_NOTICE = {
    "en": "This {kind} is for subscribers",
    "ur": "یہ {kind} سبسکرائبرز کے لیے ہے",
}
_READ_AT = {
    "en": "Subscribers read the full {kind} at {link}.",
    "ur": "سبسکرائبرز مکمل {kind} یہاں پڑھتے ہیں: {link}",
}
_READ_ON_SITE = {
    "en": "Subscribers read the full {kind} on the Wiki Pakistan website.",
    "ur": "سبسکرائبرز مکمل {kind} وکی پاکستان کی ویب سائٹ پر پڑھتے ہیں۔",
}
_LINK_LABEL = {"en": "Wiki Pakistan for subscribers", "ur": "وکی پاکستان برائے سبسکرائبرز"}

_INFOBOX_ID = re.compile(
    r"\{\{\s*" + re.escape(INFOBOX) + r"\s*\n(?:[^\n]*\n)*?\|\s*id\s*=\s*([a-z0-9-]+)\s*\n"
)


def render_page(doc: Document, corpus: Corpus, read_at: str | None = None) -> str:
    """The wiki page of a document: infobox, body and categories, or the teaser if premium.

    Args:
        doc: The document.
        corpus: The documents it links to.
        read_at: Where subscribers read premium documents (a URL), for the teaser.

    Returns:
        The page's wikitext, without a trailing newline (as MediaWiki stores it).
    """
    if doc.is_premium:
        return render_teaser(doc, corpus, read_at)
    parts = [
        infobox(doc, corpus),
        render_body(doc, corpus),
        _scores(doc, corpus),
        category_links(categories(doc, corpus)),
    ]
    return "\n\n".join(part for part in parts if part)


def _scores(doc: Document, corpus: Corpus) -> str:
    """A scorecard report's scores, tables and charts ("" for other documents)."""
    board = corpus.scoreboard
    report = board.report(doc.id) if board else None
    return report_section(board, report) if board and report else ""


def render_teaser(doc: Document, corpus: Corpus, read_at: str | None = None) -> str:
    """The public teaser of a premium document: nothing of its body.

    Args:
        doc: The document.
        corpus: The documents (for the infobox's language versions).
        read_at: Where subscribers read it (a URL); without it the notice names the website.
    """
    lang = doc.lang if doc.lang in _NOTICE else "en"
    kind = _KINDS[lang][doc.type]
    if read_at and linkable_url(read_at):
        link = f"[{escape_url(read_at)} {escape_text(_LINK_LABEL[lang])}]"
        where = _READ_AT[lang].format(kind=escape_text(kind), link=link)
    else:
        where = _READ_ON_SITE[lang].format(kind=escape_text(kind))
    notice = escape_text(_NOTICE[lang].format(kind=kind))
    names = (*categories(doc, corpus), SUBSCRIBER_CATEGORY)
    return "\n\n".join(
        [
            infobox(doc, corpus),
            f"'''{escape_text(doc.title)}'''",
            escape_text(doc.summary),
            f"{{{{{BOX_START}|type=note|title={notice}}}}}\n{where}\n{{{{{BOX_END}}}}}",
            category_links(names),
        ]
    )


def infobox(doc: Document, corpus: Corpus) -> str:
    """The call of the infobox template with the document's metadata (and its id)."""
    lines = [f"{{{{{INFOBOX}"]
    lines.extend(f"| {name} = {value}" for name, value in infobox_params(doc, corpus))
    lines.append("}}")
    return "\n".join(lines)


def infobox_params(doc: Document, corpus: Corpus) -> list[tuple[str, str]]:
    """The infobox's parameters, as wikitext values; empty ones are left out."""
    direction = next((lang.direction for lang in corpus.languages if lang.code == doc.lang), "")
    location = doc.location
    place = (location.district, location.tehsil, location.union_council) if location else ()
    params = [
        ("id", doc.id),
        ("type", doc.type.value),
        ("lang", doc.lang),
        ("dir", "rtl" if direction == "rtl" else ""),
        ("language", escape_text(corpus.language_name(doc.lang))),
        ("translations", _translations(doc, corpus)),
        ("owner", escape_text(doc.owner or "")),
        ("version", escape_text(doc.version or "")),
        ("updated", doc.updated.isoformat()),
        ("review_by", doc.review_by.isoformat() if doc.review_by else ""),
        ("location", escape_text(", ".join(part for part in place if part))),
        ("sector", escape_text(doc.sector or "")),
        ("district", escape_text(doc.district or "")),
        ("tehsil", escape_text(doc.tehsil or "")),
        ("union_council", escape_text(doc.union_council or "")),
        ("period", escape_text(doc.period or "")),
        ("authors", escape_text(", ".join(doc.authors))),
        ("tags", ", ".join(_tag_link(tag) for tag in doc.tags)),
        ("videos", "<br />".join(_video_link(v.video_id, v.title) for v in doc.videos)),
        ("access", "premium" if doc.is_premium else ""),
    ]
    return [(name, value) for name, value in params if value]


def _translations(doc: Document, corpus: Corpus) -> str:
    others = [version for version in corpus.versions(doc) if version.id != doc.id]
    return ", ".join(
        f"[[:{escape_text(other.title)}|{escape_text(corpus.language_name(other.lang))}]]"
        for other in others
    )


def _tag_link(tag: str) -> str:
    return f"[[:Category:{escape_text(TAG_CATEGORY.format(tag=tag))}|{escape_text(tag)}]]"


def _video_link(video_id: str, title: str | None) -> str:
    url = escape_url(f"https://www.youtube.com/watch?v={video_id}")
    return f"[{url} {escape_text(title or video_id)}]"


def categories(doc: Document, corpus: Corpus) -> tuple[str, ...]:
    """The categories of a document's page (without ``Category:``): type, tags, language."""
    return (
        TYPE_CATEGORIES[doc.type],
        *(TAG_CATEGORY.format(tag=tag) for tag in doc.tags),
        corpus.language_name(doc.lang),
    )


def category_links(names: tuple[str, ...]) -> str:
    """``[[Category:...]]`` lines for category names."""
    return "\n".join(f"[[Category:{escape_text(name)}]]" for name in names)


def document_id(wikitext: str) -> str | None:
    """The document id in a page's infobox call, as :func:`render_page` writes it.

    Args:
        wikitext: A page's wikitext, as stored on the wiki.

    Returns:
        The id, or None when the page has no infobox written by wikipk.
    """
    match = _INFOBOX_ID.search(wikitext)
    return match.group(1) if match else None
