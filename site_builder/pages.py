"""What every page is rendered with, and the document pages themselves."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import jinja2
from markupsafe import Markup

from site_builder import urls
from site_builder.edit_link import wiki_edit_url
from site_builder.records import DocMeta
from site_builder.render import SCORECARD, TRANSLATIONS, marker
from site_builder.templates import render
from site_builder.theme import Theme
from wikipk.config import SiteSettings
from wikipk.model import DocType

TYPE_LABELS = {
    DocType.SOP: "type_sop",
    DocType.GUIDELINE: "type_guideline",
    DocType.CASE_STUDY: "type_case_study",
    DocType.SCORECARD: "type_scorecard",
    DocType.REPORT: "type_report",
}
"""The key in ``strings.yml`` of each type's plural name."""


@dataclass(frozen=True)
class PageInfo:
    """One page of the site, as its ``<head>`` describes it."""

    url: str
    """Root-relative URL (``docs/grievance-channel/``)."""
    lang: str
    direction: str
    """``ltr`` or ``rtl``."""
    title: str
    description: str
    kind: str = "website"
    """The Open Graph type: ``article`` for documents."""


@dataclass(frozen=True)
class Links:
    """Relative addresses from one page to the others, for templates."""

    page: str
    """The URL of the page the links are written on."""
    base: str | None = None
    """An absolute path of the site root, for pages served at any address (the 404 page)."""

    def to(self, url: str) -> str:
        """Any root-relative URL."""
        return self.base + url if self.base is not None else urls.href(self.page, url)

    def doc(self, doc_id: str) -> str:
        """A document's page."""
        return self.to(urls.document(doc_id))

    def type(self, kind: str, page: int = 1) -> str:
        """A type's listing."""
        return self.to(urls.doc_type(DocType(kind), page))

    def tag(self, name: str, page: int = 1) -> str:
        """A tag's listing."""
        return self.to(urls.tag(name, page))

    def language(self, code: str, page: int = 1) -> str:
        """A language's listing."""
        return self.to(urls.language(code, page))


def base_context(theme: Theme, info: PageInfo, base: str | None = None) -> dict[str, Any]:
    """What the base template needs on every page (``base``: see :attr:`Links.base`)."""
    return {
        "page": info,
        "t": theme.strings.get(info.lang, theme.strings["en"]),
        "theme": theme,
        "site": theme.settings,
        "links": Links(info.url, base),
        "absolute": theme.settings.url + info.url,
        "types": [(kind.value, TYPE_LABELS[kind]) for kind in DocType],
        "languages": theme.languages,
        "lang_of": theme.language,
        "strings_of": lambda code: theme.strings.get(code, theme.strings["en"]),
        "urls": urls,
    }


def render_document(env: jinja2.Environment, theme: Theme, doc: DocMeta, body: str) -> str:
    """A document's page, with markers where other documents and images are named.

    A public document's page links to its page on the wiki's editor when the site is set to
    (``site: edit_on_wiki``); a premium one never does (its wiki page is a teaser only).
    """
    info = PageInfo(
        url=urls.document(doc.id),
        lang=doc.lang,
        direction=theme.language(doc.lang).direction,
        title=doc.title,
        description=doc.summary,
        kind="article",
    )
    context = base_context(theme, info)
    context.update(
        doc=doc,
        body=Markup(body),
        type_label=TYPE_LABELS[DocType(doc.type)],
        translations=Markup(marker(TRANSLATIONS)),
        scorecard=Markup(marker(SCORECARD)),
        edit_url=_edit_url(theme.settings, doc),
    )
    return render(env, "document.html", context)


def _edit_url(settings: SiteSettings, doc: DocMeta) -> str:
    """Where a reader improves the document on the wiki ("" when the page offers no link)."""
    if not settings.edit_on_wiki or doc.premium:
        return ""
    return wiki_edit_url(settings.wiki_url, doc.title)


LISTING_DEPTH_URL = urls.doc_type(DocType.SOP)
"""A listing page's URL: every listing is one folder deep, so one card serves them all."""


def render_card(env: jinja2.Environment, theme: Theme, doc: DocMeta) -> str:
    """A document's entry in the listings (type, tag and language pages), in its language."""
    direction = theme.language(doc.lang).direction
    info = PageInfo(LISTING_DEPTH_URL, doc.lang, direction, doc.title, doc.summary)
    context = base_context(theme, info)
    context.update(doc=doc, type_label=lambda kind: TYPE_LABELS[DocType(kind)])
    return render(env, "card.html", context).strip()
