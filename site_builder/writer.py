"""The one way output reaches disk: a guard around a staging folder that is swapped in whole.

Every file of the site is written through :class:`OutputGuard`, which refuses any path outside
the output folder and any path written twice. The build writes into a fresh staging folder beside
the output folder and, only when everything succeeded, swaps it in; a failed or killed build leaves
the previous site untouched. A file whose bytes equal those of the same file in the previous site
is hard-linked from it rather than written again: a rebuild creates (and the swap deletes) only
the files that changed, which is most of a rebuild's time on a large site.
"""

from __future__ import annotations

import logging
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Protocol

from site_builder.errors import OutputRefused

log = logging.getLogger(__name__)

_STAGING = ".{name}.building-"
_RETIRED = ".{name}.old-"


class FileSink(Protocol):
    """Where a site's files go: the guard of the site's folder, or an offline edition's entries
    (``site_builder.zim``)."""

    def write_bytes(self, relative: str, data: bytes) -> None:
        """Keep one file at its root-relative path."""


class OutputGuard:
    """Writes files below one folder, refusing paths outside it and paths written twice."""

    def __init__(self, root: Path, previous: Path | None = None) -> None:
        self.root = root
        self._root = str(root)
        self._folders: set[str] = set()
        self._written: set[str] = set()
        self._previous = str(previous) if previous is not None else None
        """The site being replaced, whose unchanged files are linked rather than written."""

    @property
    def written(self) -> frozenset[str]:
        """Every path written so far, relative to the root."""
        return frozenset(self._written)

    def claim(self, relative: str) -> Path:
        """Reserve an output path and return where it is on disk.

        Raises:
            OutputRefused: the path leaves the output folder or was already written.
        """
        return Path(self._claim(relative))

    def _claim(self, relative: str) -> str:
        """:meth:`claim`, as a string (pathlib's parsing is a good part of writing a page)."""
        path = PurePosixPath(relative)
        if path.is_absolute() or not path.parts or ".." in path.parts or "\\" in relative:
            raise OutputRefused(f"refused to write '{relative}': it is outside the site folder")
        key = path.as_posix()
        if key in self._written:
            raise OutputRefused(f"refused to write '{relative}' twice: two outputs share a path")
        self._written.add(key)
        folder = os.path.join(self._root, *path.parts[:-1])
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)
        return os.path.join(folder, path.parts[-1])

    def write_bytes(self, relative: str, data: bytes) -> None:
        """Write a file of the site (a link to the previous site's file when it is the same)."""
        target = self._claim(relative)
        if self._previous is not None:
            old = self._previous + target[len(self._root) :]
            if _holds(old, data):
                try:
                    os.link(old, target)
                    return
                except OSError:
                    pass
        with open(target, "wb") as handle:
            handle.write(data)

    def write_text(self, relative: str, text: str) -> None:
        """Write a text file of the site as UTF-8."""
        self.write_bytes(relative, text.encode("utf-8"))

    def copy(self, relative: str, source: Path) -> None:
        """Copy a file's bytes into the site; a link (which would put whatever it points at in
        the site) is refused: the site holds files, never links."""
        try:
            handle = os.open(source, os.O_RDONLY | os.O_NOFOLLOW)
        except OSError as error:
            raise OutputRefused(
                f"refused to copy '{source}' into the site: {error.strerror}"
            ) from None
        with os.fdopen(handle, "rb") as file:
            self.write_bytes(relative, file.read())

    def adopt_tree(self, relative: str, source: Path) -> None:
        """Copy a whole folder of a previous build into the site, file by file."""
        for folder, _dirs, files in os.walk(source):
            for name in files:
                path = Path(folder) / name
                inner = path.relative_to(source).as_posix()
                self.copy(f"{relative}/{inner}", path)


def _holds(path: str, data: bytes) -> bool:
    """True when ``path`` is a regular file (not a link) holding exactly ``data``."""
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return False
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode) or info.st_size != len(data):
            return False
        with os.fdopen(handle, "rb", closefd=False) as file:
            return file.read(len(data) + 1) == data
    except OSError:
        return False
    finally:
        os.close(handle)


@contextmanager
def staged_output(out: Path) -> Iterator[OutputGuard]:
    """A guard on a fresh staging folder that replaces ``out`` when the block succeeds.

    On any error the staging folder is removed and ``out`` is left as it was.
    """
    out = out.absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(out)
    staging = Path(tempfile.mkdtemp(prefix=_STAGING.format(name=out.name), dir=out.parent))
    try:
        yield OutputGuard(staging, out if out.is_dir() else None)
        staging.chmod(0o755)
        swap_in(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def swap_in(staging: Path, out: Path) -> None:
    """Replace ``out`` by ``staging`` with two renames, then delete the old site."""
    if not out.exists():
        staging.rename(out)
        return
    retired = Path(tempfile.mkdtemp(prefix=_RETIRED.format(name=out.name), dir=out.parent))
    retired.rmdir()
    out.rename(retired)
    staging.rename(out)
    shutil.rmtree(retired, ignore_errors=True)


def remove_stale(out: Path) -> None:
    """Delete staging and retired folders that a killed build left beside ``out``."""
    for prefix in (_STAGING, _RETIRED):
        for leftover in out.parent.glob(prefix.format(name=out.name) + "*"):
            log.info("removing %s, left by an interrupted build", leftover)
            shutil.rmtree(leftover, ignore_errors=True)
