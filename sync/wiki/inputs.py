"""What a publish depends on: every input file, a digest of their bytes, and their sizes and times.

The inputs of a publish are the files of the content folder, the wiki templates, the settings
file and the source of the code that renders pages (so that a new wikipk, released or not,
never reuses an old rendering). :func:`read_inputs` reads them all for a digest of their bytes;
it first takes a *fingerprint* of their paths, sizes and modification times, which
:func:`inputs_untouched` can later compare without reading a byte.

This module imports nothing heavy, and its records are named tuples (quicker to define than
dataclasses): a publish with nothing to do checks its inputs through it.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import sync
import wikipk
from sync.wiki.templates import TEMPLATE_DIR
from wikipk import CONFIG_FILE

#: The packages whose code decides what a page says (the parser, the renderers, the planner).
CODE_DIRS = tuple(Path(package.__path__[0]) for package in (wikipk, sync))

RACY_NS = 2_000_000_000
"""A file modified this close to the moment its size and time were taken may change again
without its time changing (file times have a coarse tick): it is never trusted unread."""

_Entry = tuple[str, int, int]
"""One input file as the file system describes it: its label, size and time (ns)."""


class Inputs(NamedTuple):
    """The digest of every input's bytes, and the fingerprint of their sizes and times, taken
    before any was read."""

    digest: str
    fingerprint: str
    """A digest of every input file's path, size and modification time."""
    newest_ns: int
    """The newest modification time among the input files."""
    taken_ns: int
    """When the sizes and times were taken."""

    @property
    def settled(self) -> bool:
        """True when no input changed within :data:`RACY_NS` before the fingerprint was taken,
        so that a file's unchanged size and time later mean unchanged bytes."""
        return self.newest_ns < self.taken_ns - RACY_NS


def _files(folder: Path, suffix: tuple[str, ...]) -> list[tuple[str, os.DirEntry[str]]]:
    """Every file below ``folder`` whose name ends with a ``suffix``, by relative path (POSIX),
    and every link (to a file or a folder, never followed)."""
    found: list[tuple[str, os.DirEntry[str]]] = []
    pending = [(str(folder), "")]
    while pending:
        path, prefix = pending.pop()
        try:
            with os.scandir(path) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        pending.append((entry.path, f"{prefix}{entry.name}/"))
                    elif (entry.is_symlink() or entry.is_file()) and entry.name.endswith(suffix):
                        found.append((prefix + entry.name, entry))
        except OSError:
            continue
    found.sort(key=lambda item: item[0])
    return found


def _content_digest(entry: os.DirEntry[str]) -> bytes:
    """The sha1 of a file's bytes; for a link, the place it names. Links are never followed:
    the file a link inside the folder names is read at its own path, and one outside never."""
    if entry.is_symlink():
        return b"link\0" + os.fsencode(os.readlink(entry.path))
    with open(entry.path, "rb") as handle:
        return hashlib.sha1(handle.read(), usedforsecurity=False).digest()


def _input_groups(content_dir: Path) -> Iterator[tuple[str, list[tuple[str, os.DirEntry[str]]]]]:
    """Every file the pages depend on, by group: (name, [(relative path, entry)])."""
    for folder, suffix in (
        (content_dir, ("",)),
        (TEMPLATE_DIR, ("",)),
        *((code, (".py", ".json")) for code in CODE_DIRS),
    ):
        yield f"{folder.name}/*{'|'.join(suffix)}", _files(folder, suffix)


def _stat(label: str, path: Path | os.DirEntry[str]) -> _Entry:
    try:
        info = path.stat()
    except OSError:
        return (label, -1, -1)
    return (label, info.st_size, info.st_mtime_ns)


def _fingerprint(entries: list[_Entry]) -> tuple[str, int]:
    """The digest of the entries, and their newest time."""
    text = "\n".join(f"{label}\0{size}\0{mtime}" for label, size, mtime in entries)
    newest = max((mtime for _, _, mtime in entries), default=0)
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest(), newest


def read_inputs(root: Path, content_dir: Path, settings: dict[str, Any]) -> Inputs:
    """The digest of everything that decides the pages (files, templates, settings, code),
    with the fingerprint of their sizes and times taken just before they are read."""
    taken = time.time_ns()
    digest = hashlib.sha256(json.dumps(settings, sort_keys=True, default=str).encode())
    entries = [_stat(CONFIG_FILE, root / CONFIG_FILE)]
    for group, files in _input_groups(content_dir):
        digest.update(b"\1" + group.encode() + b"\0")
        for relative, entry in files:
            entries.append(_stat(f"{group}/{relative}", entry))
            digest.update(relative.encode() + b"\0")
            digest.update(_content_digest(entry))
    fingerprint, newest = _fingerprint(entries)
    return Inputs(digest.hexdigest(), fingerprint, newest, taken)


def inputs_digest(content_dir: Path, settings: dict[str, Any]) -> str:
    """A digest of everything that decides the pages: files, templates, settings, code."""
    return read_inputs(content_dir.parent, content_dir, settings).digest


def inputs_untouched(root: Path, content_dir: Path, fingerprint: str) -> bool:
    """True when every input file has the path, size and time it had when ``fingerprint`` was
    taken, and none was added or removed: a settled fingerprint's files need not be read."""
    entries = [_stat(CONFIG_FILE, root / CONFIG_FILE)]
    for group, files in _input_groups(content_dir):
        entries.extend(_stat(f"{group}/{relative}", entry) for relative, entry in files)
    return _fingerprint(entries)[0] == fingerprint
