"""The site's shared files: stylesheets, scripts and the Urdu font, named by content hash.

A name that changes whenever the content changes lets browsers and the service worker keep each
file for good, so a reader on a metered connection downloads the stylesheet once.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from site_builder.fonts import urdu_font
from site_builder.theme import Assets

FONT_PLACEHOLDER = "__NASTALIQ_URL__"
"""Written in ``site.css`` where the font's address goes."""
_FONT_BLOCK = re.compile(r"/\* nastaliq:start \*/.*?/\* nastaliq:end \*/\n?", re.DOTALL)
"""The ``@font-face`` rule, left out when there is no font to serve."""


@dataclass(frozen=True)
class AssetFiles:
    """The shared files of a build: their URLs, and their bytes by URL."""

    assets: Assets
    files: dict[str, bytes]

    @property
    def digest(self) -> str:
        """A digest of every shared file (the service worker's cache version)."""
        digest = hashlib.sha256()
        for url in sorted(self.files):
            digest.update(url.encode())
        return digest.hexdigest()[:12]


def _hashed(name: str, data: bytes) -> str:
    stem, _, suffix = name.rpartition(".")
    return f"assets/{stem}.{hashlib.sha256(data).hexdigest()[:10]}.{suffix}"


def build_assets(templates: Path, root: Path) -> AssetFiles:
    """Read the stylesheets and scripts of the template folder and make the Urdu font."""
    folder = templates / "assets"
    files: dict[str, bytes] = {}
    font = urdu_font(root)
    font_url = None
    if font is not None:
        font_url = _hashed("fonts/noto-nastaliq-urdu.woff2", font)
        files[font_url] = font
    css = (folder / "site.css").read_text(encoding="utf-8")
    if font_url:
        css = css.replace(FONT_PLACEHOLDER, font_url.removeprefix("assets/"))
    else:
        css = _FONT_BLOCK.sub("", css)
    urls = {}
    for name, data in (
        ("site.css", css.encode("utf-8")),
        ("print.css", (folder / "print.css").read_bytes()),
        ("site.js", (folder / "site.js").read_bytes()),
        ("search.js", (folder / "search.js").read_bytes()),
        ("premium.js", (folder / "premium.js").read_bytes()),
    ):
        url = _hashed(name, data)
        files[url] = data
        urls[name] = url
    assets = Assets(
        css=urls["site.css"],
        print_css=urls["print.css"],
        script=urls["site.js"],
        search_script=urls["search.js"],
        premium_script=urls["premium.js"],
        font=font_url,
    )
    return AssetFiles(assets, files)
