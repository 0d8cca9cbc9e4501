"""What a build changes on the site: its pages compared with those of an earlier build.

"The change at hand" is the site this checkout builds, compared with a baseline folder: the
site as it is now (``_site/`` from the last ``wikipk build``, or the build of a pull request's
base commit, which is what CI passes). Pages (``.html`` files) are listed by their address as
added, changed (bytes differ) or removed; other files (assets, feeds, the sitemap) are counted.
The search index (``pagefind/``) is left out: it is built from the pages.
"""

from __future__ import annotations

import filecmp
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wikipk.report_markdown import code, table

SEARCH_INDEX = "pagefind"
"""The search index's folder, left out of the comparison."""


@dataclass(frozen=True)
class SiteDiff:
    """The pages a build adds, changes and removes, compared with a baseline build."""

    base: str | None
    """The baseline folder as the user named it; None when there was none (all is added)."""
    added: tuple[str, ...]
    """Addresses of pages only the new build has (``docs/water.html``)."""
    changed: tuple[str, ...]
    removed: tuple[str, ...]
    unchanged: int
    """How many pages are the same."""
    other_files: int
    """Files that are not pages (assets, feeds, sitemap) added, changed or removed."""

    @property
    def counts_line(self) -> str:
        """``1 added, 2 changed, 1 removed, 60 unchanged`` for what occurs."""
        counts = [
            (len(self.added), "added"),
            (len(self.changed), "changed"),
            (len(self.removed), "removed"),
            (self.unchanged, "unchanged"),
        ]
        parts = [f"{number} {what}" for number, what in counts if number]
        pages = ", ".join(parts) if parts else "no pages"
        return f"{pages}; {self.other_files} other {_files(self.other_files)} differ"

    def _headline(self) -> str:
        base = f"compared with {self.base}" if self.base else "no earlier build to compare with"
        return f"Site plan ({base}): {self.counts_line}"

    def to_text(self) -> str:
        """One line per page that differs, under the counts."""
        lines = [self._headline()]
        for what, pages in self._groups():
            lines += [f"{what:9} {page}" for page in pages]
        return "\n".join(lines)

    def to_markdown(self) -> str:
        """A table of the pages that differ, for a pull-request comment or a job summary."""
        base = f"compared with {code(self.base)}" if self.base else "no earlier build"
        lines = [f"### Site ({base}): {self.counts_line}", ""]
        rows = [[what, code(page)] for what, pages in self._groups() for page in pages]
        if rows:
            lines += table(["change", "page"], rows)
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        """The comparison as JSON-ready data."""
        return {
            "base": self.base,
            "added": list(self.added),
            "changed": list(self.changed),
            "removed": list(self.removed),
            "unchanged": self.unchanged,
            "other_files": self.other_files,
        }

    def _groups(self) -> list[tuple[str, tuple[str, ...]]]:
        return [("added", self.added), ("changed", self.changed), ("removed", self.removed)]


def _files(count: int) -> str:
    return "file" if count == 1 else "files"


def compare_sites(new: Path, base: Path | None, base_name: str | None = None) -> SiteDiff:
    """Compare the build in ``new`` with the one in ``base`` (None: everything is added).

    Args:
        new: the folder of the build of the change at hand.
        base: the folder of the baseline build, or None when there is none.
        base_name: how to name the baseline in the plan (default: ``str(base)``).
    """
    new_files = _site_files(new)
    base_files = _site_files(base) if base is not None else set()
    added = new_files - base_files
    removed = base_files - new_files
    kept = new_files & base_files
    changed = {
        name
        for name in kept
        if base is not None and not filecmp.cmp(new / name, base / name, shallow=False)
    }
    return SiteDiff(
        base=None if base is None else (base_name or str(base)),
        added=_pages(added),
        changed=_pages(changed),
        removed=_pages(removed),
        unchanged=len(_pages(kept - changed)),
        other_files=sum(1 for name in added | removed | changed if not _is_page(name)),
    )


def _site_files(folder: Path) -> set[str]:
    """Every file of a built site, as its address relative to the site's root."""
    return {
        path.relative_to(folder).as_posix()
        for path in folder.rglob("*")
        if path.is_file() and path.relative_to(folder).parts[0] != SEARCH_INDEX
    }


def _is_page(name: str) -> bool:
    return name.endswith(".html")


def _pages(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(name for name in names if _is_page(name)))
