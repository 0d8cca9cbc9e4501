"""The content folder is a hard boundary: every file read from the knowledge base is inside it.

A link (symbolic link) inside the content folder is followed when what it points at is inside
the content folder too; one that leads outside it, a path that climbs out with ``..``, or a
folder that is such a link, is refused. Every reader of the knowledge base (documents, media,
scorecard CSV files, the scoring framework, the gazetteer and its maps) and every writer into it
(``wikipk new``, ``wikipk scorecard import``) goes through :func:`inside_content`, and what is
refused is reported as the problem :func:`outside_problem` makes.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from wikipk.errors import UsageError
from wikipk.paths import display_path
from wikipk.problems import Problem

OUTSIDE_RULE = "symlink-outside"


class OutsideContent(UsageError):
    """A path of the knowledge base leads outside its content folder (or templates folder);
    the link must change (exit code 2)."""

    def __init__(self, path: Path, folder: str = "the content folder") -> None:
        super().__init__(f"{display_path(path)} leads outside {folder}")
        self.path = path


def is_inside(path: Path, root: Path) -> bool:
    """True when ``path`` is ``root`` or below it (both already resolved)."""
    return path == root or root in path.parents


def inside_content(content_dir: Path, path: Path, name: str = "the content folder") -> Path:
    """``path`` (a file or folder at or below ``content_dir``) with every link followed.

    Args:
        content_dir: the content folder, or another folder of the knowledge base that is a
            boundary of its own (its site templates).
        path: the file or folder.
        name: how messages name ``content_dir``.

    Raises:
        OutsideContent: it, or a folder on its way, leads outside ``content_dir``.
    """
    real = path.resolve()
    if not is_inside(real, content_dir.resolve()):
        raise OutsideContent(path, name)
    return real


def read_content_bytes(content_dir: Path, path: Path) -> bytes:
    """The bytes of a file of the content folder, never of a file outside it.

    Raises:
        OutsideContent: the file leads outside the content folder.
        OSError: it cannot be read.
    """
    handle = os.open(inside_content(content_dir, path), os.O_RDONLY | os.O_NOFOLLOW)
    with os.fdopen(handle, "rb") as file:
        return file.read()


def create_content_file(content_dir: Path, path: Path, text: str, replace: bool = False) -> None:
    """Write a file of the content folder as UTF-8, never through a link.

    Args:
        content_dir: the content folder.
        path: the file, at or below ``content_dir``.
        text: what it holds (written as given: ``\r\n`` stays).
        replace: replace the file when it exists, at once: a killed run leaves the old file
            or the new one, never half of one (a link there is replaced, never followed; a
            replaced file keeps its permissions).

    Raises:
        OutsideContent: ``path``, or a folder on its way, leads outside the content folder.
        FileExistsError: the file (or a link of that name) exists, and ``replace`` is false.
    """
    inside_content(content_dir, path)
    path.parent.mkdir(parents=True, exist_ok=True)
    target = path
    if replace:
        path = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
    try:
        with os.fdopen(os.open(path, flags, 0o666), "w", encoding="utf-8", newline="") as file:
            file.write(text)
        if replace:
            if target.is_file() and not target.is_symlink():
                os.chmod(path, target.stat().st_mode & 0o7777)
            os.replace(path, target)
    except BaseException:
        if replace:
            path.unlink(missing_ok=True)
        raise


def outside_problem(display: str, folder: bool = False, document: bool = False) -> Problem:
    """The located problem of a file (or ``folder``) that is a link leading outside."""
    if folder:
        message = "the folder is a link to a place outside the content folder"
        hint = "put the folder itself in the content folder instead of a link"
    else:
        message = "the file is a link to a place outside the content folder"
        hint = f"copy the {'document' if document else 'file'} into the content folder instead"
    return Problem(display, 1, 1, OUTSIDE_RULE, message, hint)
