"""Everything a page's look depends on, gathered once per build: templates, words, assets."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from wikipk import __version__, markdown
from wikipk.config import Language, SiteSettings


@dataclass(frozen=True)
class Assets:
    """Root-relative URLs of the site's shared files (their names carry a content hash)."""

    css: str
    print_css: str
    script: str
    search_script: str
    premium_script: str
    """The script that opens premium documents with a subscriber's code (their pages only)."""
    font: str | None
    """The self-hosted Nastaliq font for Urdu, when the system has the font to subset."""


@dataclass(frozen=True)
class Theme:
    """What every page is rendered with."""

    settings: SiteSettings
    templates: Path
    """The Jinja template folder."""
    languages: tuple[Language, ...]
    assets: Assets
    strings: dict[str, dict[str, str]] = field(compare=False)
    """Interface words by language code, then by key."""
    templates_digest: str = ""
    """Digest of every file of the template folder."""

    @property
    def key(self) -> str:
        """A digest of the theme and the site builder's code: a cached page older than it is
        rendered again."""
        digest = hashlib.sha256()
        digest.update(__version__.encode())
        digest.update(code_digest().encode())
        digest.update(self.templates_digest.encode())
        payload = {
            "settings": asdict(self.settings),
            "languages": [asdict(lang) for lang in self.languages],
            "assets": asdict(self.assets),
        }
        digest.update(json.dumps(payload, sort_keys=True).encode())
        return digest.hexdigest()

    def language(self, code: str) -> Language:
        """The configured language of a code (left to right when it is unknown)."""
        return next((lang for lang in self.languages if lang.code == code), Language(code, code))


def code_digest() -> str:
    """A digest of the site builder's own modules and of the Markdown parser and HTML renderer
    it renders with (a changed renderer invalidates the cache)."""
    digest = hashlib.sha256()
    parser = Path(markdown.__file__).parent
    for path in [*sorted(Path(__file__).parent.glob("*.py")), *sorted(parser.glob("*.py"))]:
        digest.update(path.read_bytes())
    return digest.hexdigest()
