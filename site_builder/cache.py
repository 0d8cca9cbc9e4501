"""The site's cache in ``.wikipk/cache/site/``: rendered pages by content hash, and records.

A document's page (with markers for what other documents decide) and its search text depend only
on its file, its path and the theme, so they are kept under a key made of those, and a rebuild
renders only documents whose key is new. The cache is plain JSON and text (never pickle), written
atomically, and anything unreadable in it is simply rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from pathlib import Path
from typing import Any

from site_builder.records import DocMeta

log = logging.getLogger(__name__)

CACHE_DIR = Path(".wikipk") / "cache" / "site"
_SEARCH_TEXT = "\x01\x01search\x01\x01"
"""Separates a cached page from its search text (control characters never occur in pages)."""


def page_key(theme_key: str, path: str, file_key: str) -> str:
    """The cache key of a document's page."""
    return hashlib.sha1(
        f"{theme_key}\0{path}\0{file_key}".encode(), usedforsecurity=False
    ).hexdigest()


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file so that a reader never sees it half-written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temp.write_bytes(data)
    os.replace(temp, path)


def _write(path: str, data: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(data)


class SiteCache:
    """Cached pages, search texts and records of one knowledge base."""

    def __init__(self, root: Path) -> None:
        self.folder = root / CACHE_DIR
        self._pages = str(self.folder / "pages")

    def page_file(self, key: str) -> Path:
        """Where a document's rendered page and search text are kept (one file: half the
        file-system work of two)."""
        return Path(self._page_path(key))

    def _page_path(self, key: str) -> str:
        # A string, not a Path: pathlib's parsing costs more than the file's stat at 10,000 pages.
        return os.path.join(self._pages, key[:2], f"{key}.html")

    def has_page(self, key: str) -> bool:
        """True when a document's page is in the cache."""
        return os.path.isfile(self._page_path(key))

    def store(self, key: str, page: str, search_text: str) -> None:
        """Keep a freshly rendered page and its search text (written atomically, as
        :func:`write_atomic` does, with strings for paths and its folder made only when missing:
        pathlib's work and a ``mkdir`` per page were a good part of storing one)."""
        path = self._page_path(key)
        temp = os.path.join(self._pages, key[:2], f".{key}.html.{os.getpid()}.tmp")
        data = f"{page}{_SEARCH_TEXT}{search_text}".encode()
        try:
            _write(temp, data)
        except FileNotFoundError:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            _write(temp, data)
        os.replace(temp, path)

    def page(self, key: str) -> str:
        """A document's cached page (with its markers)."""
        return self._read(key).partition(_SEARCH_TEXT)[0]

    def search_text(self, key: str) -> str:
        """A document's cached search text."""
        return self._read(key).partition(_SEARCH_TEXT)[2]

    def _read(self, key: str) -> str:
        with open(self._page_path(key), encoding="utf-8") as handle:
            return handle.read()

    def load_records(self, theme_key: str) -> dict[str, DocMeta]:
        """The records of the last build by path (none when the theme changed since)."""
        data = self._read_json("records.json")
        if not data or data.get("theme") != theme_key or not isinstance(data.get("docs"), list):
            return {}
        records = {}
        for row in data["docs"]:
            try:
                meta = DocMeta.from_json(row)
            except (KeyError, TypeError, ValueError):
                continue
            records[meta.path] = meta
        return records

    def save_records(self, theme_key: str, records: list[DocMeta]) -> None:
        """Remember this build's records, and forget pages no document uses any more."""
        data = {"theme": theme_key, "docs": [meta.to_json() for meta in records]}
        self._write_json("records.json", data)
        self._prune({meta.key for meta in records})

    def load_state(self) -> dict[str, Any]:
        """What the last successful build left for the next one (its search index key)."""
        return self._read_json("state.json") or {}

    def save_state(self, state: dict[str, Any]) -> None:
        """Remember what the next build may reuse."""
        self._write_json("state.json", state)

    def _prune(self, keep: set[str]) -> None:
        folder = self.folder / "pages"
        if not folder.is_dir():
            return
        for shard in folder.iterdir():
            for entry in shard.iterdir():
                if entry.name.removesuffix(".html") not in keep:
                    entry.unlink(missing_ok=True)

    def _read_json(self, name: str) -> dict[str, Any] | None:
        try:
            data = json.loads((self.folder / name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def _write_json(self, name: str, data: dict[str, Any]) -> None:
        try:
            text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
            write_atomic(self.folder / name, text.encode("utf-8"))
        except OSError as error:
            log.info("could not write the site cache %s: %s", name, error.strerror)
