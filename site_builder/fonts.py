"""The self-hosted Nastaliq font for Urdu pages: subset to Urdu's letters, as WOFF2.

Nastaliq is how Urdu readers expect their language to look, and few cheap phones ship such a
font. The site serves its own copy (never a font CDN), made from Debian's Noto Nastaliq Urdu:
subset to the Urdu alphabet, digits, diacritics and punctuation, with every shaping feature kept,
and compressed as WOFF2. The result is cached, as subsetting takes seconds.
"""

from __future__ import annotations

import hashlib
import io
import logging
from pathlib import Path

from site_builder.cache import CACHE_DIR, write_atomic

log = logging.getLogger(__name__)

NASTALIQ = Path("/usr/share/fonts/truetype/noto/NotoNastaliqUrdu-Regular.ttf")
"""Debian package ``fonts-noto-core``."""

URDU_TEXT = (
    "ءآأؤإئابپتٹثجچحخدڈذرڑزژسشصضطظعغفقکگلمنںوہھیےۃۓۀۂ"
    "كيى"
    "،؛؟۔٪٫٬٭۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩"
    "ؐؑؒؓؔؕ"
    "ًٌٍَُِّْٰٓٔٗ"
    "ﷲﷺ"
    " \u00a0\u200c\u200d\u200e\u200f()[]«»!-.:/"
)
"""Every character the subset keeps (Latin text falls back to the reader's own fonts)."""


_FORMAT = b"reproducible"
"""Part of the cached subset's key: a subset cached before it kept the source's time stamp
is made again, so every build makes the same font."""


def urdu_font(root: Path, source: Path = NASTALIQ) -> bytes | None:
    """The subset WOFF2 font, or None when the system has no Nastaliq font to subset."""
    if not source.is_file():
        log.info("no Nastaliq font at %s (Debian package fonts-noto-core)", source)
        return None
    data = source.read_bytes()
    digest = hashlib.sha1(data + URDU_TEXT.encode() + _FORMAT, usedforsecurity=False).hexdigest()
    cached = root / CACHE_DIR / "fonts" / f"nastaliq-{digest}.woff2"
    if cached.is_file():
        return cached.read_bytes()
    result = _subset(data)
    write_atomic(cached, result)
    return result


def _subset(data: bytes) -> bytes:
    # Imported here: fontTools takes a fifth of a second to import and is needed only when
    # the cached font is missing.
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.notdef_outline = True
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]
    # The source font's time stamp, not the moment of the build: the same file (and name)
    # on every build, so a reader's phone keeps the font it already has.
    font = TTFont(io.BytesIO(data), recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted({ord(char) for char in URDU_TEXT}))
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff2"
    font.save(out)
    font.close()
    return out.getvalue()
