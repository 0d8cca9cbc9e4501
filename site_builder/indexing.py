"""The search index of one build: fed to Pagefind while documents render, or reused.

Pagefind needs every record before it writes its files, and writing them is most of its work. So
the index is begun as soon as the build knows which documents it has: each document's record goes
to Pagefind the moment its page is rendered (in path order, so the index is the same as when fed
all at once), Pagefind indexes it on one core while the workers render on the others, and its
files are written while the site's pages are. When no document changed since the last index, that
index is reused and Pagefind does not run at all.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import threading
from collections.abc import Iterable
from pathlib import Path

from site_builder import urls
from site_builder.cache import SiteCache
from site_builder.records import DocMeta
from site_builder.search import IndexBuilder, SearchRecord
from site_builder.writer import OutputGuard

SEARCH_FOLDER = "pagefind"
_UNUSED_SEARCH_FILES = ("-ui.", "-ui-", "highlight")
"""Pagefind's ready-made interfaces: the site has its own, far smaller one."""
_INDEX_MAKING = b"files asked of Pagefind and written by wikipk\0"
"""How the index is made, in its key: an index that Pagefind wrote itself, as wikipk's did
before, may hold a file cut short, and is made again."""


def search_key(pages: Iterable[str]) -> str:
    """A digest of everything the search index is made from: the cache key of every document's
    page (made of its file, its path and the theme), in path order."""
    digest = hashlib.sha256(_INDEX_MAKING)
    for key in pages:
        digest.update(f"{key}\0".encode())
    return digest.hexdigest()


class SearchIndexing:
    """One build's search index: records are added as documents are rendered, the files are
    written in a thread while the pages are, and the last index is reused when nothing changed.

    Raises:
        SearchError: Pagefind is missing.
    """

    def __init__(self, root: Path, key: str) -> None:
        self.cache = SiteCache(root)
        self.kept = self.cache.folder / SEARCH_FOLDER
        self.key = key
        self.count = -1
        self.error: BaseException | None = None
        self.thread: threading.Thread | None = None
        self.builder: IndexBuilder | None = None
        if self.cache.load_state().get("search") != key or not self.kept.is_dir():
            self.builder = IndexBuilder()

    def add(self, meta: DocMeta) -> None:
        """Index a document (its page is rendered, so its search text is in the cache)."""
        if self.builder is not None:
            self.builder.add(search_record(meta, self.cache))

    def write(self) -> None:
        """Start writing the index's files (every document has been added)."""
        if self.builder is not None:
            self.thread = threading.Thread(target=self._write, name="search-index")
            self.thread.start()

    def _write(self) -> None:
        assert self.builder is not None
        fresh = self.cache.folder / f"{SEARCH_FOLDER}.new-{os.getpid()}"
        try:
            shutil.rmtree(fresh, ignore_errors=True)
            self.count = self.builder.write(fresh, leave_out=_UNUSED_SEARCH_FILES)
            shutil.rmtree(self.kept, ignore_errors=True)
            fresh.rename(self.kept)
            self.cache.save_state({**self.cache.load_state(), "search": self.key})
        except BaseException as error:  # re-raised by finish(), in the building thread
            shutil.rmtree(fresh, ignore_errors=True)
            self.error = error

    def finish(self, guard: OutputGuard) -> int:
        """Wait for the index and put it into the site; the number of documents indexed
        (-1 when the last index was reused)."""
        if self.thread is not None:
            self.thread.join()
        self.close()
        if self.error is not None:
            raise self.error
        guard.adopt_tree(SEARCH_FOLDER, self.kept)
        return self.count

    def close(self) -> None:
        """End Pagefind (at once when the build failed before the index was written)."""
        if self.builder is not None:
            self.builder.close()
            self.builder = None


def search_record(meta: DocMeta, cache: SiteCache) -> SearchRecord:
    """A document as the search index sees it (a premium document by its title and summary)."""
    body = "" if meta.premium else cache.search_text(meta.key)
    text = f"{meta.title}\n{meta.summary}\n{body}"
    return SearchRecord(urls.document(meta.id), meta.title, meta.lang, text)
