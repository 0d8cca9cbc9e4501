"""What ``bench/bench_zim.py`` weighs: the ZIM files, and the site's pages and images compressed
with zstd.

"The site's pages and images" are the files of the built site a reader of its pages needs:
HTML, images, CSS and fonts. Left out: the Pagefind index (``pagefind/``; the ZIM file carries
libzim's own index instead), the scripts (``sw.js``, search, premium unlock), the feed, the
sitemap, ``robots.txt`` and the scorecards' CSV data. They are put in one tar stream (sorted
names, no owners, no time stamps) and compressed with Debian's ``zstd`` command at the given
levels, single-threaded.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tarfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

PAGE_SUFFIXES = {".html"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg"}
STYLE_SUFFIXES = {".css", ".woff2", ".woff", ".ttf", ".otf"}
LEFT_OUT = ("pagefind",)
"""Folders of the site left out whatever their files are."""
INDEXES = ("fulltext/xapian", "title/xapian")
"""The entries of a ZIM file that hold libzim's search indexes."""


@dataclass(frozen=True)
class SiteFiles:
    """The site's pages and images: how many files, their size, and compressed with zstd."""

    files: int
    raw: int
    """Bytes, uncompressed."""
    compressed: dict[int, int]
    """zstd level -> bytes of the tar stream compressed at that level."""
    site: int
    """Bytes of the whole built site, Pagefind and scripts included."""


@dataclass(frozen=True)
class ZimFiles:
    """The ZIM files of one export."""

    files: int
    size: int
    """Bytes, all files."""
    index: int
    """Bytes of libzim's full-text and title indexes, inside the files."""
    entries: int
    digest: str
    """The names and sizes of the files with a hash of their bytes: equal for equal exports."""


def pages_and_images(site: Path) -> list[Path]:
    """The site's pages, images, stylesheets and fonts, sorted by path."""
    keep = PAGE_SUFFIXES | IMAGE_SUFFIXES | STYLE_SUFFIXES
    return sorted(
        path
        for path in site.rglob("*")
        if path.is_file()
        and path.suffix.lower() in keep
        and path.relative_to(site).parts[0] not in LEFT_OUT
    )


def site_files(site: Path, levels: tuple[int, ...]) -> SiteFiles:
    """Weigh the site's pages and images, compressed at each of ``levels``."""
    files = pages_and_images(site)
    stream = _tar(site, files)
    return SiteFiles(
        len(files),
        sum(path.stat().st_size for path in files),
        {level: zstd_size(stream, level) for level in levels},
        sum(path.stat().st_size for path in site.rglob("*") if path.is_file()),
    )


def _tar(root: Path, files: list[Path]) -> bytes:
    """A tar stream of ``files`` (paths relative to ``root``) without owners or times."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.GNU_FORMAT) as archive:
        for path in files:
            info = tarfile.TarInfo(path.relative_to(root).as_posix())
            info.size, info.mode, info.mtime = path.stat().st_size, 0o644, 0
            with path.open("rb") as data:
                archive.addfile(info, data)
    return buffer.getvalue()


def zstd_size(data: bytes, level: int) -> int:
    """Bytes of ``data`` compressed by the ``zstd`` command at ``level``, one thread."""
    command = ["zstd", f"-{level}", "-T1", "-q", "-c", "--no-progress"]
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert process.stdin is not None and process.stdout is not None
    stdin = process.stdin

    def feed() -> None:
        with stdin:
            stdin.write(data)

    feeder = threading.Thread(target=feed)
    feeder.start()
    size = 0
    while block := process.stdout.read(1 << 20):
        size += len(block)
    feeder.join()
    if process.wait() != 0:
        sys.exit(f"{' '.join(command)} failed")
    return size


def zim_files(folder: Path) -> ZimFiles:
    """Weigh the ZIM files in ``folder``, with their search indexes read back with libzim."""
    import hashlib

    from libzim.reader import Archive

    paths = sorted(folder.glob("*.zim"))
    index = entries = 0
    digest = hashlib.sha256()
    for path in paths:
        with _silent_stderr():  # "No stemming for language 'ur'", as the index is opened
            archive = Archive(str(path))
        count = archive.all_entry_count
        entries += archive.entry_count
        for number in range(max(0, count - 8), count):
            entry = archive._get_entry_by_id(number)
            if entry.path in INDEXES:
                index += entry.get_item().size
        del archive
        digest.update(f"{path.name} {path.stat().st_size}\n".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return ZimFiles(
        len(paths),
        sum(path.stat().st_size for path in paths),
        index,
        entries,
        digest.hexdigest()[:16],
    )


@contextmanager
def _silent_stderr() -> Iterator[None]:
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def zstd_version() -> str:
    """The ``zstd`` command's version (``v1.5.4``), or stop: the benchmark needs it."""
    try:
        done = subprocess.run(["zstd", "--version"], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        sys.exit("the zstd command is missing: run scripts/setup-bench (Debian package zstd)")
    words = [word.rstrip(",") for word in done.stdout.split() if word.startswith("v")]
    return words[0] if words else done.stdout.strip()
