"""The site's address scheme: every URL is derived from stable facts (ids, types, tags, codes).

URLs here are paths relative to the site root without a leading slash
(``docs/grievance-channel.html``). Every page is a plain ``.html`` file, so the site works on any
static host without directory-index settings, and even opened from a folder on a USB stick. Pages
link to each other with relative addresses, so the site can live in any folder of a host.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from wikipk.model import DocType

HOME = "index.html"
SEARCH = "search.html"
NOT_FOUND = "404.html"
FEED = "feed.xml"
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
SERVICE_WORKER = "sw.js"
TAGS = "tags/index.html"
SCORECARD_INDEX = "scorecards/index.html"


def document(doc_id: str) -> str:
    """A document's page: from its id, so renames and retitling keep the address."""
    return f"docs/{doc_id}.html"


def doc_type(kind: DocType, page: int = 1) -> str:
    """A page of the listing of one type of document."""
    return _paged("types", kind.value, page)


def tag(name: str, page: int = 1) -> str:
    """A page of the listing of one tag."""
    return _paged("tags", name, page)


def language(code: str, page: int = 1) -> str:
    """A page of the listing of one language."""
    return _paged("languages", code, page)


def content_file(path: PurePosixPath) -> str:
    """A file of the content folder (an image, a PDF), at its content-relative path."""
    return f"files/{path.as_posix()}"


def _paged(folder: str, name: str, page: int) -> str:
    # A dot cannot occur in a tag, type or language code, so "water.2" never meets a tag.
    return f"{folder}/{name}.html" if page == 1 else f"{folder}/{name}.{page}.html"


def href(from_url: str, to_url: str) -> str:
    """The relative address of ``to_url`` from the page at ``from_url``."""
    return "../" * from_url.count("/") + to_url
