"""One language's offline edition: the site's own pages and files, as the entries of a ZIM file.

The pages are the site's, filled from the same cached renders the site is written from (one
parse feeds both). What only a website can use is left out: the parts of a page the templates
mark ``<!--web-->``...``<!--/web-->`` (the search box, the feed, the scripts of the service
worker and of premium documents, the canonical address, video thumbnails from YouTube), and the
files behind them. Premium documents are their teaser page only: no sealed body, no key file.
"""

from __future__ import annotations

import html
import mimetypes
import re
from collections.abc import Iterator
from dataclasses import dataclass

from site_builder import urls
from site_builder.assemble import SiteInput
from site_builder.cache import SiteCache
from site_builder.images import publish_files
from site_builder.listings import other_pages, translations_block
from site_builder.markers import Resolver, fill
from site_builder.nav import build_navigation, source_changed
from site_builder.records import DocMeta
from site_builder.scorecards import scorecard_block, scorecard_data, scorecard_pages
from site_builder.zim.links import external_beyond

WEB_ONLY = re.compile(r"<!--web-->.*?<!--/web-->", re.DOTALL)
"""What a template marks as the website's alone."""

_TITLE = re.compile(r"<title>(.*?)</title>", re.DOTALL)
_LISTINGS = ("types/", "tags/", "languages/")
_NOT_SEARCHED = '<meta name="robots" content="noindex">'
"""Kept out of Kiwix's full-text search (libzim honours it): a search finds the documents, not
every listing that names them."""


@dataclass(frozen=True)
class Entry:
    """One entry of a ZIM file."""

    path: str
    """The site's root-relative URL (``docs/grievance-channel.html``)."""
    title: str
    """What Kiwix lists and finds by title (a page's own title; empty for other files)."""
    mimetype: str
    data: bytes
    front: bool = False
    """A page a reader looks for (documents and the home page): Kiwix shows and indexes it."""


@dataclass(frozen=True)
class Edition:
    """The entries of one language's file, and what they hold."""

    lang: str
    entries: tuple[Entry, ...]
    documents: tuple[DocMeta, ...]
    """The language's documents (premium ones as their teaser)."""

    @property
    def date(self) -> str:
        """The newest document's date (YYYY-MM-DD): the file's date, taken from the content
        so that an unchanged knowledge base gives the same file."""
        return max(meta.updated for meta in self.documents)[:10]


class _Files:
    """The files of an edition by path, as the site's writers hand them over."""

    def __init__(self) -> None:
        self.data: dict[str, bytes] = {}

    def write_bytes(self, relative: str, data: bytes) -> None:
        self.data[relative] = data

    def write_text(self, relative: str, text: str) -> None:
        self.data[relative] = text.encode("utf-8")


def build_edition(source: SiteInput, lang: str, image_width: int) -> Edition:
    """The offline edition of the documents in ``lang``: their pages, the listings, the
    scorecards (the tehsil overviews in ``lang``, and their index), the images at
    ``image_width``, the stylesheet, and the Urdu font when a page of the file loads it."""
    theme, env, config = source.theme, source.env, source.config
    documents = tuple(meta for meta in source.records if meta.lang == lang)
    navigation = build_navigation(documents)
    files = _Files()
    for url in (theme.assets.css, theme.assets.print_css):
        files.write_bytes(url, source.assets.files[url])
    public = {path for meta in documents if not meta.premium for path in meta.files}
    published = publish_files(public, config.content_dir, config.root, (image_width,), files)
    resolver = Resolver(
        theme.settings.url,
        {meta.path: urls.document(meta.id) for meta in source.records},
        published,
        frozenset(meta.path for meta in source.records if meta.premium),
    )
    cache = SiteCache(config.root)
    titles: dict[str, str] = {}
    for meta in documents:
        url = urls.document(meta.id)
        block = translations_block(
            env, theme, meta, source.navigation, source_changed(meta, source.navigation)
        )
        scores = scorecard_block(env, theme, source.scoreboard, meta)
        files.write_text(url, fill(cache.page(meta.key), url, resolver, block, scores))
        titles[url] = meta.title
    for url, text in scorecard_data(source.scoreboard).items():
        files.write_text(url, text)
    skipped = {urls.SEARCH, urls.NOT_FOUND}
    others = {language.code for language in theme.languages if language.code != lang}
    for page in [
        *other_pages(env, theme, navigation, lang, source.scoreboard is not None),
        *scorecard_pages(env, theme, source.scoreboard),
    ]:
        if page.url in skipped or _language_listing(page.url, others):
            continue
        if page.lang not in (None, lang):  # another language's tehsil overview: on the site
            continue
        files.write_text(page.url, page.html)
    font = theme.assets.font
    if font is not None and any(
        font.encode() in data for path, data in files.data.items() if path.endswith(".html")
    ):  # the Urdu pages preload it; an English file needs none
        files.write_bytes(font, source.assets.files[font])
    entries = tuple(_entries(files.data, titles, theme.settings.url, theme.settings.title))
    return Edition(lang, entries, documents)


def _language_listing(url: str, codes: set[str]) -> bool:
    """True for a listing of another language's documents (the edition has none of them)."""
    folder, _, name = url.partition("/")
    return folder == "languages" and name.split(".", 1)[0] in codes


def _entries(
    files: dict[str, bytes], titles: dict[str, str], site_url: str, site_title: str
) -> Iterator[Entry]:
    """Every file as an entry, pages without the website's parts and with every link to a page
    the edition lacks made a link to the website."""
    paths = frozenset(files)
    suffix = f" · {site_title}"
    for path in sorted(files):
        data = files[path]
        kind = _mimetype(path)
        if kind != "text/html":
            yield Entry(path, "", kind, data)
            continue
        page = WEB_ONLY.sub("", data.decode("utf-8"))
        page = external_beyond(page, path, paths, site_url)
        title = titles.get(path)
        front = title is not None or path == urls.HOME
        if path.startswith(_LISTINGS):
            page = page.replace("<head>", "<head>\n" + _NOT_SEARCHED, 1)
        if title is None:
            found = _TITLE.search(page)
            title = html.unescape(found.group(1)).removesuffix(suffix) if found else path
        yield Entry(path, title, kind, page.encode("utf-8"), front)


_TYPES = {".woff2": "font/woff2", ".csv": "text/csv", ".svg": "image/svg+xml"}


def _mimetype(path: str) -> str:
    suffix = "." + path.rpartition(".")[2].lower()
    return _TYPES.get(suffix) or mimetypes.guess_type(path)[0] or "application/octet-stream"
