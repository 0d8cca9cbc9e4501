"""The pages that are not documents: home, listings by type, tag and language, search, 404."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any
from urllib.parse import urlsplit

import jinja2

from site_builder import urls
from site_builder.nav import Navigation, Translation, paginate
from site_builder.pages import TYPE_LABELS, PageInfo, base_context
from site_builder.records import DocMeta
from site_builder.templates import render
from site_builder.theme import Theme
from wikipk.model import DocType

HOME_GUIDES = 6
"""SOPs and guidelines the home page shows, the most recently updated first."""
HOME_CASES = 3
"""Case studies the home page shows, the most recently updated first."""
GUIDES = frozenset({DocType.SOP.value, DocType.GUIDELINE.value})
CASES = frozenset({DocType.CASE_STUDY.value})


@dataclass(frozen=True)
class Page:
    """A rendered page and where it goes."""

    url: str
    html: str
    updated: str | None = None
    """For the sitemap: the date of the newest document the page shows."""
    lang: str | None = None
    """The one language of a page made once per language (a tehsil overview); None for a page
    made once."""


def other_pages(
    env: jinja2.Environment,
    theme: Theme,
    nav: Navigation,
    lang: str = "en",
    scorecard_index: bool = False,
) -> Iterator[Page]:
    """Every page that is not a document page; the home page, the listings by type and tag and
    the tag index speak ``lang`` (the offline edition of another language speaks its own).
    ``scorecard_index``: the scorecards' index page is written, and the home page links it."""
    words = theme.strings.get(lang, theme.strings["en"])
    yield _home(env, theme, nav, lang, scorecard_index)
    for kind in DocType:
        title = words[TYPE_LABELS[kind]]
        items = nav.by_type.get(kind.value, ())
        yield from _listing(env, theme, items, lambda n, k=kind: urls.doc_type(k, n), title, lang)
    for name, items in nav.by_tag.items():
        title = words["tag_title"].format(tag=name)
        yield from _listing(env, theme, items, lambda n, t=name: urls.tag(t, n), title, lang)
    for language in theme.languages:
        words = theme.strings[language.code]
        title = words["language_title"].format(language=language.name)
        items = nav.by_lang.get(language.code, ())
        yield from _listing(
            env, theme, items, lambda n, c=language.code: urls.language(c, n), title, language.code
        )
    yield _tags(env, theme, nav, lang)
    yield _simple(env, theme, "search.html", urls.SEARCH, "search_title")
    yield _simple(env, theme, "404.html", urls.NOT_FOUND, "not_found_title", absolute=True)


def _context(
    theme: Theme, url: str, lang: str, title: str, base: str | None = None
) -> dict[str, Any]:
    words = theme.strings.get(lang, theme.strings["en"])
    info = PageInfo(url, lang, theme.language(lang).direction, title, words["description"])
    return base_context(theme, info, base)


def _home(
    env: jinja2.Environment, theme: Theme, nav: Navigation, lang: str, scorecard_index: bool
) -> Page:
    """The home page: what a reader comes for first (the newest SOPs and guidelines in its
    language), then case studies, then the scorecards; a fixed number of each, however large
    the site grows."""
    context = _context(theme, urls.HOME, lang, theme.settings.title)
    context.update(
        guides=_newest(nav, GUIDES, lang, HOME_GUIDES),
        cases=_newest(nav, CASES, lang, HOME_CASES),
        scorecard_index=scorecard_index,
        empty=not nav.recent,
        type_counts={kind: len(items) for kind, items in nav.by_type.items()},
        lang_counts={code: len(items) for code, items in nav.by_lang.items()},
        type_label=_type_label,
    )
    updated = nav.recent[0].updated if nav.recent else None
    return Page(urls.HOME, render(env, "home.html", context), updated)


def _newest(nav: Navigation, kinds: frozenset[str], lang: str, count: int) -> tuple[DocMeta, ...]:
    """The ``count`` most recently updated documents of ``kinds`` in ``lang``."""
    found = (meta for meta in nav.recent if meta.type in kinds and meta.lang == lang)
    return tuple(islice(found, count))


def _listing(
    env: jinja2.Environment,
    theme: Theme,
    items: tuple[DocMeta, ...],
    url_of: Any,
    title: str,
    lang: str,
) -> Iterator[Page]:
    for listing in paginate(items, theme.settings.listing_size):
        url = url_of(listing.number)
        context = _context(theme, url, lang, title)
        context.update(
            listing=listing,
            heading=title,
            type_label=_type_label,
            page_url=lambda n, f=url_of, here=url: urls.href(here, f(n)),
        )
        newest = max((item.updated for item in listing.items), default=None)
        yield Page(url, render(env, "listing.html", context), newest)


def _tags(env: jinja2.Environment, theme: Theme, nav: Navigation, lang: str) -> Page:
    words = theme.strings.get(lang, theme.strings["en"])
    context = _context(theme, urls.TAGS, lang, words["tags"])
    context.update(tags=[(name, len(items)) for name, items in nav.by_tag.items()])
    return Page(urls.TAGS, render(env, "tags.html", context))


def _simple(
    env: jinja2.Environment,
    theme: Theme,
    template: str,
    url: str,
    title: str,
    absolute: bool = False,
) -> Page:
    base = (urlsplit(theme.settings.url).path or "/") if absolute else None
    context = _context(theme, url, "en", theme.strings["en"][title], base)
    return Page(url, render(env, template, context))


def translations_block(
    env: jinja2.Environment, theme: Theme, doc: DocMeta, nav: Navigation, stale: DocMeta | None
) -> str:
    """The block of a document page that links its translations and warns of a stale one."""
    others: tuple[Translation, ...] = nav.translations.get(doc.id, ())
    if not others and stale is None:
        return ""
    context = _context(theme, urls.document(doc.id), doc.lang, doc.title)
    context.update(doc=doc, others=others, stale=stale)
    return render(env, "translations.html", context)


def _type_label(kind: str) -> str:
    return TYPE_LABELS[DocType(kind)]
