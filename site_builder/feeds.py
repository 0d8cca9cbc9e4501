"""Machine-readable views of the site: the Atom feed, the sitemap and robots.txt."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit
from xml.sax.saxutils import escape, quoteattr

from site_builder import urls
from site_builder.records import DocMeta
from wikipk.config import SiteSettings


def atom_feed(recent: Iterable[DocMeta], settings: SiteSettings) -> str:
    """An Atom feed of the most recently updated documents, with summaries only."""
    entries = list(recent)[: settings.feed_size]
    updated = entries[0].updated if entries else "1970-01-01"
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"<title>{escape(settings.title)}</title>",
        f"<id>{escape(settings.url)}</id>",
        f"<link href={quoteattr(settings.url)}/>",
        f'<link rel="self" href={quoteattr(settings.url + urls.FEED)}/>',
        f"<updated>{updated}T00:00:00Z</updated>",
        f"<author><name>{escape(settings.title)}</name></author>",
    ]
    for meta in entries:
        address = settings.url + urls.document(meta.id)
        lines += [
            f"<entry xml:lang={quoteattr(meta.lang)}>",
            f"<title>{escape(meta.title)}</title>",
            f"<id>{escape(address)}</id>",
            f"<link href={quoteattr(address)}/>",
            f"<updated>{meta.updated}T00:00:00Z</updated>",
            *(f"<category term={quoteattr(tag)}/>" for tag in meta.tags),
            f"<summary>{escape(meta.summary)}</summary>",
            "</entry>",
        ]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def sitemap(pages: Iterable[tuple[str, str | None]], settings: SiteSettings) -> str:
    """A sitemap of every page: root-relative URL and, for documents, the date last updated."""
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for url, updated in pages:
        modified = f"<lastmod>{updated}</lastmod>" if updated else ""
        lines.append(f"<url><loc>{escape(settings.url + url)}</loc>{modified}</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots(settings: SiteSettings) -> str:
    """robots.txt: everything may be crawled but the search index; where the sitemap is."""
    base = urlsplit(settings.url).path or "/"
    return f"User-agent: *\nDisallow: {base}pagefind/\nSitemap: {settings.url}{urls.SITEMAP}\n"
