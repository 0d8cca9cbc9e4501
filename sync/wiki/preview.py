"""A document as the wiki renders it: MediaWiki parses the wikitext, we wrap it in a page.

Nothing is saved on the wiki: ``action=parse`` renders text without storing it, and needs no
login.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

import mwclient
import mwclient.errors

from sync.wiki.client import is_http_url, new_site
from sync.wiki.errors import WikiError
from sync.wiki.transport import WikiFault

#: The wiki asked when ``WIKIPK_WIKI_URL`` is not set: the local dev wiki.
DEFAULT_WIKI_URL = "http://127.0.0.1:8080/"

_URL_ATTRIBUTE = re.compile(r'(\s(?:href|src|srcset)=")([^"]*)(")')

_STYLE = """
body { font-family: sans-serif; max-width: 60em; margin: 1em auto; padding: 0 1em;
       line-height: 1.6; color: #202122; }
.wikipk-preview { background: #fef6e7; border: 1px solid #fc3; padding: 0.4em 0.8em;
                  font-size: 90%; }
h1 { font-family: serif; font-weight: normal; border-bottom: 1px solid #a2a9b1; }
h2 { font-family: serif; font-weight: normal; border-bottom: 1px solid #a2a9b1; }
table.wikitable { border-collapse: collapse; background: #f8f9fa; margin: 1em 0; }
table.wikitable th, table.wikitable td { border: 1px solid #a2a9b1; padding: 0.2em 0.4em; }
table.wikitable th { background: #eaecf0; }
pre, code { background: #f8f9fa; border: 1px solid #eaecf0; font-family: monospace; }
pre { padding: 1em; white-space: pre-wrap; }
blockquote { border-inline-start: 4px solid #eaecf0; margin-inline-start: 0;
             padding-inline-start: 1em; }
.catlinks { border: 1px solid #a2a9b1; background: #f8f9fa; padding: 0.4em 0.8em;
            margin-top: 2em; clear: both; }
"""


@dataclass(frozen=True)
class ParsedPage:
    """What MediaWiki made of a page's wikitext."""

    html: str
    """The page content's HTML (inside ``<div class="mw-parser-output">``)."""
    categories: tuple[str, ...]
    """The page's categories, without ``Category:``."""


def connect(url: str) -> mwclient.Site:
    """A client for the wiki at ``url`` (such as ``http://127.0.0.1:8080/``), without login.

    A 5xx, 429 or dropped connection is retried as when publishing (with the default
    ``max_retries`` and ``retry_timeout``); a refused connection is not.

    Raises:
        WikiError: The URL is not an http(s) address.
    """
    if not is_http_url(url):
        raise WikiError(f"the wiki address '{url}' is not an http:// or https:// URL")
    return new_site(url, do_init=False)


def parse(site: mwclient.Site, url: str, title: str, text: str) -> ParsedPage:
    """Ask the wiki to render ``text`` as the page ``title`` (nothing is saved).

    Args:
        site: The wiki's client.
        url: The wiki's address, for messages.
        title: The page title the text is rendered as.
        text: The page's wikitext.

    Raises:
        WikiError: The wiki is unreachable, is not a MediaWiki, or refused to parse.
    """
    try:
        result: dict[str, Any] = site.raw_api(
            "parse",
            "POST",
            retry_on_error=False,
            text=text,
            title=title,
            contentmodel="wikitext",
            prop="text|categories",
            pst=1,
            disableeditsection=1,
            disablelimitreport=1,
            formatversion=2,
        )
    except WikiFault as fault:
        if fault.unreachable:
            raise WikiError(
                f"cannot reach the wiki at {url}; start the dev wiki or set WIKIPK_WIKI_URL"
            ) from None
        raise WikiError(fault.sentence().replace(fault.url, url, 1)) from None
    except mwclient.errors.MwClientError:
        raise WikiError(f"{url} does not answer like a MediaWiki wiki (no api.php there)") from None
    if "error" in result:
        error = result["error"]
        raise WikiError(f"the wiki refused to render the page: {error.get('info', error)}")
    parsed = result["parse"]
    names = tuple(str(c["category"]).replace("_", " ") for c in parsed.get("categories", []))
    return ParsedPage(html=str(parsed["text"]), categories=names)


def absolute_urls(fragment: str, base: str) -> str:
    """Make the wiki's site-relative addresses (``/index.php/...``, ``/images/...``) absolute."""

    def fix(match: re.Match[str]) -> str:
        value = html.unescape(match.group(2))
        if match.group(1).strip().startswith("srcset"):
            urls = [_absolute(part.strip(), base) for part in value.split(",")]
            value = ", ".join(urls)
        else:
            value = _absolute(value, base)
        return match.group(1) + html.escape(value) + match.group(3)

    return _URL_ATTRIBUTE.sub(fix, fragment)


def _absolute(value: str, base: str) -> str:
    if value.startswith("/") and not value.startswith("//"):
        return urljoin(base, value)
    return value


def preview_html(
    parsed: ParsedPage, title: str, lang: str, direction: str, wiki_url: str, source: str
) -> str:
    """A standalone HTML page showing a parsed wiki page.

    Args:
        parsed: The wiki's rendering.
        title: The page title.
        lang: The document's language code.
        direction: ``ltr`` or ``rtl``.
        wiki_url: The wiki that rendered it (links and images point there).
        source: The document's file, for the banner.
    """
    categories = ", ".join(html.escape(name) for name in parsed.categories)
    banner = (
        f"Preview of {html.escape(source)} as {html.escape(wiki_url)} renders it. "
        "Nothing was saved on the wiki."
    )
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html.escape(lang)}" dir="{html.escape(direction)}">\n'
        '<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f'<p class="wikipk-preview" dir="ltr" lang="en">{banner}</p>\n'
        f'<h1 class="firstHeading">{html.escape(title)}</h1>\n'
        f"{absolute_urls(parsed.html, wiki_url)}\n"
        f'<div class="catlinks">Categories: {categories}</div>\n'
        "</body>\n</html>\n"
    )
