"""Filling a cached page's markers with what the rest of the site decides.

A rendered page names other documents and images by content path; here they become relative
addresses of their pages and resized copies. This is a single regular-expression pass, so
reusing a cached page costs far less than rendering it.
"""

from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass

from site_builder import urls
from site_builder.render import DOC_LINK, FILE_LINK, IMAGE, SCORECARD, TRANSLATIONS

log = logging.getLogger(__name__)

_MARKER = re.compile("\x00([A-Z])([^\x00]*)\x00")


@dataclass(frozen=True)
class FileInfo:
    """A content file as published: its URL and, for raster images, its sizes."""

    url: str
    """Root-relative URL of the copy pages show (for images, the widest resized copy)."""
    width: int | None = None
    height: int | None = None
    variants: tuple[tuple[str, int], ...] = ()
    """Root-relative URL and width of each resized copy, narrowest first."""


@dataclass(frozen=True)
class Resolver:
    """Where documents and files are published."""

    site_url: str
    """The site's public address, for printed link addresses."""
    doc_urls: dict[str, str]
    """Root-relative page URL by document path."""
    files: dict[str, FileInfo]
    """Published file by content path."""
    premium: frozenset[str] = frozenset()
    """Paths of premium documents: their pages have no headings, so links lose the anchor."""


def fill(
    page: str, page_url: str, resolver: Resolver, translations: str = "", scorecard: str = ""
) -> str:
    """Replace every marker of a page rendered for ``page_url``."""

    def replace(match: re.Match[str]) -> str:
        kind, payload = match.group(1), match.group(2)
        if kind == DOC_LINK:
            return _doc_link(payload, page_url, resolver)
        if kind == FILE_LINK:
            info = resolver.files.get(payload)
            return _link_attrs(page_url, info.url if info else "", "", resolver)
        if kind == IMAGE:
            return _image_attrs(payload, page_url, resolver)
        if kind == TRANSLATIONS:
            return translations
        if kind == SCORECARD:
            return scorecard
        return ""

    return _MARKER.sub(replace, page)


def _doc_link(payload: str, page_url: str, resolver: Resolver) -> str:
    path, _, fragment = payload.partition("#")
    url = resolver.doc_urls.get(path)
    if url is None:
        log.info("a link to %s has no page; it points at the home page", path)
        url = urls.HOME
    keep = fragment and path not in resolver.premium
    return _link_attrs(page_url, url, f"#{fragment}" if keep else "", resolver)


def _link_attrs(page_url: str, url: str, fragment: str, resolver: Resolver) -> str:
    address = urls.href(page_url, url) + fragment
    printed = resolver.site_url + url + fragment
    return f'href="{html.escape(address)}" data-url="{html.escape(printed)}"'


def _image_attrs(path: str, page_url: str, resolver: Resolver) -> str:
    info = resolver.files.get(path)
    if info is None:
        return 'src=""'
    attrs = f'src="{html.escape(urls.href(page_url, info.url))}"'
    if info.width and info.height:
        attrs += f' width="{info.width}" height="{info.height}"'
    if len(info.variants) > 1:
        srcset = ", ".join(
            f"{html.escape(urls.href(page_url, url))} {width}w" for url, width in info.variants
        )
        attrs += f' srcset="{srcset}" sizes="(max-width: 42rem) 100vw, 42rem"'
    return attrs
