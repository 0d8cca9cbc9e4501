"""Publishing the content files pages point at: raster images resized, everything else copied.

A phone on a metered connection should never download a 3,000-pixel photo to show it 360 pixels
wide: raster images are published at the configured widths (never enlarged) and pages offer them
with ``srcset``. Resized copies are cached by the source's content hash.
"""

from __future__ import annotations

import hashlib
import io
import logging
from pathlib import Path, PurePosixPath

from PIL import Image

from site_builder import urls
from site_builder.cache import CACHE_DIR, write_atomic
from site_builder.markers import FileInfo
from site_builder.writer import FileSink
from wikipk.boundary import read_content_bytes

log = logging.getLogger(__name__)

RASTER = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".webp": "WEBP"}
"""Formats that are resized (GIFs may be animated, so they are copied as they are)."""


def publish_files(
    paths: set[str], content_dir: Path, root: Path, widths: tuple[int, ...], guard: FileSink
) -> dict[str, FileInfo]:
    """Publish every content file in ``paths`` and say where each one went.

    Raises:
        OutsideContent: a file leads outside the content folder (the check reports it first).
    """
    published = {}
    cache = root / CACHE_DIR / "images"
    for relative in sorted(paths):
        source = content_dir / relative
        if not source.is_file():
            continue
        data = read_content_bytes(content_dir, source)  # the bytes, never a link, never outside
        url = urls.content_file(PurePosixPath(relative))
        if source.suffix.lower() in RASTER:
            published[relative] = _publish_image(data, source.suffix, url, widths, cache, guard)
        else:
            guard.write_bytes(url, data)
            published[relative] = FileInfo(url)
    return published


def _publish_image(
    data: bytes,
    source_suffix: str,
    url: str,
    widths: tuple[int, ...],
    cache: Path,
    guard: FileSink,
) -> FileInfo:
    with Image.open(io.BytesIO(data)) as image:
        width, height = image.size
    targets = sorted({min(target, width) for target in widths})
    digest = hashlib.sha1(data, usedforsecurity=False).hexdigest()
    variants = []
    stem, _, suffix = url.rpartition(".")
    for target in targets:
        if target == width:
            variant_url = url
            guard.write_bytes(variant_url, data)
        else:
            variant_url = f"{stem}.{target}.{suffix}"
            guard.write_bytes(variant_url, _resized(data, source_suffix, target, digest, cache))
        variants.append((variant_url, target))
    widest_url, widest = variants[-1]
    return FileInfo(widest_url, widest, round(height * widest / width), tuple(variants))


def _resized(data: bytes, suffix: str, width: int, digest: str, cache: Path) -> bytes:
    """An image scaled to ``width`` pixels, from the cache when it was made before."""
    cached = cache / f"{digest}.{width}{suffix.lower()}"
    if cached.is_file():
        return cached.read_bytes()
    with Image.open(io.BytesIO(data)) as image:
        height = max(1, round(image.height * width / image.width))
        resized = image.resize((width, height), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        image_format = RASTER[suffix.lower()]
        if image_format == "JPEG" and resized.mode not in ("RGB", "L"):
            resized = resized.convert("RGB")
        options = {"quality": 80} if image_format in ("JPEG", "WEBP") else {"optimize": True}
        resized.save(out, format=image_format, **options)
    result = out.getvalue()
    write_atomic(cached, result)
    return result
