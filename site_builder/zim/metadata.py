"""What a ZIM file says about itself: openZIM's metadata, its name and its illustration.

The metadata comes from ``wikipk.yml`` (``site: title``, ``site: url`` and the ``zim:`` section)
and the site's interface words (``templates/site/strings.yml``); the date is the newest
document's, so the same content gives the same file.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from site_builder.errors import SiteError
from site_builder.theme import Theme
from site_builder.zim.edition import Edition
from wikipk.config import ZimSettings
from wikipk.paths import display_path

ILLUSTRATION = Path(__file__).with_name("illustration.png")
"""wikipk's own 48x48 illustration, when ``zim: illustration`` names none."""

TITLE_LIMIT = 30
DESCRIPTION_LIMIT = 80
"""openZIM's limits, in characters."""


def file_name(settings: ZimSettings, lang: str, date: str) -> str:
    """``wiki-pakistan_en_2026-12.zim``: openZIM's naming (name, language, month)."""
    return f"{settings.name}_{lang}_{date[:7]}.zim"


def metadata(
    settings: ZimSettings, theme: Theme, edition: Edition, language: str
) -> dict[str, str]:
    """openZIM's metadata of one language's file (``language``: its ISO 639-3 code)."""
    words = theme.strings.get(edition.lang, theme.strings["en"])
    return {
        "Name": f"{settings.name}_{edition.lang}",
        "Title": theme.settings.title[:TITLE_LIMIT],
        "Description": words["offline_description"][:DESCRIPTION_LIMIT],
        "LongDescription": words["description"],
        "Language": language,
        "Creator": settings.creator,
        "Publisher": settings.publisher,
        "Date": edition.date,
        "Tags": ";".join(settings.tags),
        "Source": theme.settings.url,
        "Scraper": "wikipk",
    }


class IllustrationError(SiteError):
    """``zim: illustration`` names a file that is not a readable PNG, JPEG or WebP image."""


def illustration(settings: ZimSettings) -> bytes:
    """The 48x48 PNG Kiwix shows for the file.

    Raises:
        IllustrationError: the configured image cannot be read.
    """
    if settings.illustration is None:
        return ILLUSTRATION.read_bytes()
    try:
        with Image.open(settings.illustration) as image:
            square = image.convert("RGBA").resize((48, 48), Image.Resampling.LANCZOS)
    except (OSError, UnidentifiedImageError) as error:
        reason = (
            "it is not an image"
            if isinstance(error, UnidentifiedImageError)
            else (error.strerror or str(error))
        )
        raise IllustrationError(
            f"cannot read the ZIM illustration '{display_path(settings.illustration)}' ({reason}): "
            "name a square PNG in 'zim: illustration' (Kiwix shows it 48x48 pixels)"
        ) from None
    out = io.BytesIO()
    square.save(out, format="PNG", optimize=True)
    return out.getvalue()
