"""The wiki's category pages: a short description on every category wikipk files pages in.

A published page names its type's category, one per tag, its language's, and for a premium
teaser the subscribers' category; the infobox links each tag to its category too. Each of them
gets a page of its own, so no category or tag link on the wiki is red, and so do the two hidden
tracking categories. They are owned by title, like the templates: created, kept in step with
this module, and left alone (drift) once a person edits one.

Type, language and subscriber categories exist whatever the documents are (the vocabulary is
fixed); a tag's category exists once a document uses the tag. A tag no document uses any more
keeps its page: it is harmless (MediaWiki lists it among the unused categories), old revisions
and pages people wrote may still name it, a person may have written on it, and the tag may
come back; deleting it would need a record of which category pages wikipk made, for no reader's
gain.
"""

from __future__ import annotations

from sync.wiki.corpus import Corpus
from sync.wiki.render.escape import escape_text
from sync.wiki.render.page import SUBSCRIBER_CATEGORY, TAG_CATEGORY, TYPE_CATEGORIES
from sync.wiki.state import REMOVED_CATEGORY, TRACKING_CATEGORY
from wikipk.model import DocType
from wikipk.wiki_titles import normal_form

#: The closing line of every category that holds published documents.
PUBLISHED_BY = (
    "Pages in this category are published by wikipk from the Wiki Pakistan knowledge base (the "
    "Markdown files of <code>content/</code>). wikipk keeps this description too; a change made "
    "here is left alone and reported to the knowledge base's editors."
)

_TYPES = {
    DocType.SOP: (
        "Standard operating procedures (SOPs): step-by-step procedures for running a service "
        "or a process, each with its purpose, scope, responsibilities and procedure."
    ),
    DocType.GUIDELINE: (
        "Guidelines: the principles and rules that shape how welfare work is done, with the "
        "reasons behind them."
    ),
    DocType.CASE_STUDY: (
        "Case studies: what was done in a real district, tehsil or union council, what came of "
        "it, and the lessons learned."
    ),
    DocType.SCORECARD: (
        "Scorecards: community scorecard reports, in which the residents of a union council "
        "score its public services for a period, and the pages that rank the union councils of "
        "a tehsil."
    ),
    DocType.REPORT: "Reports: findings and analysis of welfare work in Pakistan.",
}

# Urdu sentences where a category is mostly read by Urdu readers.
_URDU_LANGUAGE = "اردو میں لکھی گئی دستاویزات۔"
_URDU_SUBSCRIBERS = (
    "سبسکرائبرز کے لیے دستاویزات کے تعارفی صفحات؛ مکمل متن وکی پاکستان کی ویب سائٹ پر ہے۔"
)

_TRACKING = {
    TRACKING_CATEGORY: (
        "__HIDDENCAT__\nPages published by wikipk from the Wiki Pakistan knowledge base. Each page "
        "is filed under its document id; wikipk finds its pages through this category, so do not "
        "remove it from a page."
    ),
    REMOVED_CATEGORY: (
        "__HIDDENCAT__\nPages whose document was removed from the knowledge base. Editors: review "
        "each page, then delete it or restore its document. (A hidden category: readers do not "
        "see it on the pages.)"
    ),
}


def category_title(name: str) -> str:
    """The page title of a category (``Tag: water`` -> ``Category:Tag: water``)."""
    return f"Category:{normal_form(name)}"


def category_pages(corpus: Corpus) -> dict[str, str]:
    """The page of every category the corpus's pages name, and of the tracking categories.

    Args:
        corpus: Every document of the knowledge base (its tags, its configured languages).

    Returns:
        Page title (``Category:SOPs``) to wikitext.
    """
    pages = {category_title(name): text for name, text in _TRACKING.items()}
    for kind, name in TYPE_CATEGORIES.items():
        pages[category_title(name)] = _described(_TYPES[kind])
    tags = sorted({tag for doc in corpus.by_id.values() for tag in doc.tags})
    for tag in tags:
        pages[category_title(TAG_CATEGORY.format(tag=tag))] = _described(
            f"Documents tagged ''{escape_text(tag)}'': every SOP, guideline, case study, "
            "scorecard and report whose front matter lists this tag, in every language."
        )
    for language in corpus.languages:
        urdu = _URDU_LANGUAGE if language.code == "ur" else ""
        pages[category_title(language.name)] = _described(
            f"Documents written in <bdi>{escape_text(language.name)}</bdi> "
            f"(<code>{escape_text(language.code)}</code>).",
            urdu,
        )
    pages[category_title(SUBSCRIBER_CATEGORY)] = _described(
        "Teasers of premium documents: each page gives a document's title, summary and details, "
        "and subscribers read its full text on the Wiki Pakistan website.",
        _URDU_SUBSCRIBERS,
    )
    return pages


def _described(english: str, urdu: str = "") -> str:
    """A category's description: what it holds, in English (and Urdu), and who keeps it."""
    parts = [english]
    if urdu:
        parts.append(f'<div lang="ur" dir="rtl">{urdu}</div>')
    parts.append(PUBLISHED_BY)
    return "\n\n".join(parts)
