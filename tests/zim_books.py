"""Reading a ZIM file back as Kiwix does, with python-libzim's reader and Debian's zimcheck."""

from __future__ import annotations

import posixpath
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from libzim.reader import Archive  # type: ignore[import-untyped]
from libzim.search import Query, Searcher  # type: ignore[import-untyped]
from libzim.suggestion import SuggestionSearcher  # type: ignore[import-untyped]

ZIMCHECK = Path("/usr/bin/zimcheck")
ZIMCHECK_TESTS = ["-0", "-C", "-M", "-F", "-P", "-R", "-U", "-X", "-L", "-D"]
"""Every test but -I: zimcheck 3.1.3 predates the title index current libzim writes."""
_LINK = re.compile(r'\s(?:href|src)="([^"]*)"')
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass(frozen=True)
class Book:
    """One ZIM file, read back whole."""

    path: Path
    archive: Archive
    items: dict[str, bytes]
    """Every entry that holds content, by path (metadata and search indexes too)."""
    mimetypes: dict[str, str]
    redirects: dict[str, str]
    """Every redirect, by path: the path it leads to."""

    def text(self, path: str) -> str:
        """A page of the file, read through a redirect."""
        return self.items[self.redirects.get(path, path)].decode("utf-8")

    def has(self, path: str) -> bool:
        return path in self.items or path in self.redirects

    def pages(self) -> dict[str, str]:
        """Every HTML page, by path."""
        return {
            path: data.decode("utf-8")
            for path, data in self.items.items()
            if self.mimetypes[path] == "text/html"
        }

    def metadata(self, name: str) -> str:
        return bytes(self.archive.get_metadata(name)).decode("utf-8")

    def search(self, words: str) -> list[str]:
        """The paths Kiwix's full-text search finds for ``words``."""
        found = Searcher(self.archive).search(Query().set_query(words))
        return list(found.getResults(0, 100))

    def suggest(self, words: str) -> list[str]:
        """The paths Kiwix's title search suggests for ``words``."""
        return list(SuggestionSearcher(self.archive).suggest(words).getResults(0, 100))


def read_book(path: Path) -> Book:
    """Every entry of a ZIM file, iterated by id as libzim stores them."""
    archive = Archive(str(path))
    items, mimetypes, redirects = {}, {}, {}
    for number in range(archive.all_entry_count):
        entry = archive._get_entry_by_id(number)
        if entry.is_redirect:
            redirects[entry.path] = entry.get_redirect_entry().path
            continue
        item = entry.get_item()
        items[entry.path] = bytes(item.content)
        mimetypes[entry.path] = item.mimetype
    return Book(path, archive, items, mimetypes, redirects)


def zimcheck(path: Path) -> subprocess.CompletedProcess[str]:
    """Debian's zimcheck (zim-tools) run on a file with every test but -I."""
    program = shutil.which("zimcheck") or str(ZIMCHECK)
    if not Path(program).is_file():
        pytest.fail(f"{ZIMCHECK} is missing: run scripts/install-system-packages (zim-tools)")
    return subprocess.run(
        [program, *ZIMCHECK_TESTS, str(path)], capture_output=True, text=True, check=False
    )


def links(page: str) -> list[str]:
    """Every ``href`` and ``src`` of a page."""
    return _LINK.findall(page)


def internal_target(page_path: str, address: str) -> str | None:
    """The entry a relative link of the page at ``page_path`` leads to (None: not relative)."""
    if not address or address.startswith(("#", "/")) or _SCHEME.match(address):
        return None
    path = re.split(r"[#?]", address, maxsplit=1)[0]
    return posixpath.normpath(posixpath.join(posixpath.dirname(page_path), path))
