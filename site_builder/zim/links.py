"""Links inside an offline edition: a link to a page the file holds stays relative; a link to
one it does not hold (another language's document, the search page) goes to the website.

A ZIM file has no broken links this way (``zimcheck -U``), and links to the wiki and the web
were absolute already.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote

_LINK = re.compile(r'(\s(?:href|src)=")([^"]*)(")')
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def external_beyond(page: str, page_path: str, paths: frozenset[str], site_url: str) -> str:
    """``page`` (at ``page_path``) with each relative link to a path outside ``paths`` made an
    absolute link into the site at ``site_url``."""
    folder = posixpath.dirname(page_path)

    def resolve(match: re.Match[str]) -> str:
        address = match.group(2)
        if not address or address.startswith(("#", "/")) or _SCHEME.match(address):
            return match.group(0)
        cut = min((i for i in (address.find("#"), address.find("?")) if i >= 0), default=-1)
        path, rest = (address, "") if cut < 0 else (address[:cut], address[cut:])
        target = posixpath.normpath(posixpath.join(folder, path))
        if target in paths or unquote(target) in paths:
            return match.group(0)
        return match.group(1) + site_url + target.lstrip("./") + rest + match.group(3)

    return _LINK.sub(resolve, page)
