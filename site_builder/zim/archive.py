"""Writing one ZIM file with python-libzim, openZIM's own library, byte for byte repeatable.

libzim draws three random identifiers for every file it writes: the file's UUID and one in
each of its two search indexes (Xapian databases). Everything else is a function of the entries
when one worker compresses and indexes them in path order. So the file is written with one
worker, and the three identifiers are then replaced by ones derived from the file's own bytes,
and its checksum is computed again: the same content gives the same file, which distributors
need not copy again.

The file is written beside its final name and moved there only when it is complete, so a
killed export leaves the previous file in place (and the next export removes what it left:
``writing.py``).
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import struct
import sys
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from libzim.reader import Archive  # type: ignore[import-untyped]
from libzim.writer import (  # type: ignore[import-untyped]
    Creator,
    Hint,
    Item,
    StringProvider,
)

from site_builder.zim.edition import Entry

_XAPIAN = b"\x0f\rXapian Glass"
"""The start of a Xapian database's version block, which its UUID follows (after 2 bytes)."""
_INDEXES = frozenset({"fulltext/xapian", "title/xapian"})
_C = ctypes.CDLL(None)
STAGING = ".writing"
"""The end of the name a file has while it is written, beside its final name."""
_CHECKSUM_POSITION = 72
"""Where the header keeps the offset of the MD5 checksum (the file's last 16 bytes)."""


class _Page(Item):  # type: ignore[misc]
    def __init__(self, entry: Entry) -> None:
        super().__init__()
        self.entry = entry

    def get_path(self) -> str:
        return self.entry.path

    def get_title(self) -> str:
        return self.entry.title

    def get_mimetype(self) -> str:
        return self.entry.mimetype

    def get_contentprovider(self) -> StringProvider:
        return StringProvider(self.entry.data)

    def get_hints(self) -> dict[Hint, bool]:
        return {Hint.FRONT_ARTICLE: self.entry.front, Hint.COMPRESS: _compressed(self.entry)}


def _compressed(entry: Entry) -> bool:
    return not entry.mimetype.startswith(("image/", "font/woff2"))


def write_archive(
    target: Path,
    entries: tuple[Entry, ...],
    metadata: Mapping[str, str],
    illustration: bytes,
    main_path: str,
    language: str,
) -> bool:
    """Write the ZIM file ``target``; False when it already held exactly these bytes.

    Args:
        entries: the entries, written in path order (an entry with the same bytes as an
            earlier one is a redirect to it, as openZIM asks).
        metadata: openZIM's metadata (``Title``, ``Language``, ...).
        illustration: a 48x48 PNG.
        main_path: the entry Kiwix opens first.
        language: the ISO 639-3 code the full text is indexed in.
    """
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=STAGING, dir=target.parent)
    os.close(handle)
    staging = Path(name)
    try:
        staging.unlink()  # libzim creates the file itself
        with _quiet():
            creator = Creator(str(staging)).config_indexing(True, language).config_nbworkers(1)
            with creator:
                creator.set_mainpath(main_path)
                creator.add_illustration(48, illustration)
                for key, value in metadata.items():
                    creator.add_metadata(key, value)
                first: dict[bytes, str] = {}
                for entry in sorted(entries, key=lambda e: e.path):
                    digest = hashlib.sha256(entry.data).digest()
                    if digest in first:  # the same bytes twice: one entry, and a redirect
                        hints = {Hint.FRONT_ARTICLE: False}
                        creator.add_redirection(entry.path, entry.title, first[digest], hints)
                        continue
                    first[digest] = entry.path
                    creator.add_item(_Page(entry))
            _settle(staging)
        if target.is_file() and _same(target, staging):
            staging.unlink()
            return False
        staging.chmod(0o644)
        os.replace(staging, target)
        return True
    except BaseException:
        staging.unlink(missing_ok=True)
        raise


@contextmanager
def _quiet() -> Iterator[None]:
    """libzim prints its progress on standard output, and on standard error that it cannot stem
    a language's words; its failures are exceptions, and the command's own report is all a user
    should see."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = [os.dup(1), os.dup(2)]
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 1)
            os.dup2(null.fileno(), 2)
        yield
    finally:
        _C.fflush(None)  # what libzim printed may still be in the C library's buffer
        for number, fd in enumerate(saved, 1):
            os.dup2(fd, number)
            os.close(fd)


def _settle(path: Path) -> None:
    """Replace the file's random identifiers by ones derived from its bytes, and checksum it
    again."""
    with path.open("r+b") as file:
        data = bytearray(file.read())
        places = [8, *_index_uuids(path, data)]
        (checksum_at,) = struct.unpack_from("<Q", data, _CHECKSUM_POSITION)
        for place in places:
            data[place : place + 16] = bytes(16)
        digest = hashlib.sha256(data[:checksum_at]).digest()
        for number, place in enumerate(places):
            data[place : place + 16] = hashlib.sha256(digest + bytes([number])).digest()[:16]
        data[checksum_at : checksum_at + 16] = hashlib.md5(
            data[:checksum_at], usedforsecurity=False
        ).digest()
        file.seek(0)
        file.write(data)


def _index_uuids(path: Path, data: bytearray) -> list[int]:
    """Where, in the file, each search index keeps its UUID (the indexes are among its last
    entries, stored uncompressed)."""
    archive = Archive(str(path))
    count = archive.all_entry_count
    heads = []
    for number in range(max(0, count - 8), count):
        entry = archive._get_entry_by_id(number)
        if entry.path in _INDEXES:
            heads.append(bytes(entry.get_item().content[:64]))
    del archive
    places = []
    for head in heads:
        place = data.rfind(head)
        if head.startswith(_XAPIAN) and place >= 0:
            places.append(place + len(_XAPIAN) + 2)
    return places


def _same(one: Path, other: Path) -> bool:
    if one.stat().st_size != other.stat().st_size:
        return False
    with one.open("rb") as a, other.open("rb") as b:
        while True:
            block = a.read(1 << 20)
            if block != b.read(1 << 20):
                return False
            if not block:
                return True
