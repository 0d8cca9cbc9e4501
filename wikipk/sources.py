"""The files of a knowledge base: every document file below the content folder, found without
following a link out of it, and read as UTF-8 text with LF line ends (every fix or refusal a
located :class:`Problem`)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from wikipk.boundary import is_inside, outside_problem
from wikipk.config import Config
from wikipk.paths import display_path
from wikipk.problems import Problem


@dataclass(frozen=True)
class SourceFile:
    """A document file found in the content folder."""

    path: Path
    """The file on disk."""
    relative: PurePosixPath
    """Path relative to the content folder."""
    display: str
    """The path shown in messages."""


class Found(NamedTuple):
    """The documents of a content folder, and the links found leading out of it."""

    sources: list[SourceFile]
    """Every document file inside the folder, in path order."""
    problems: list[Problem]
    """A ``symlink-outside`` problem per file or folder that is a link leading outside."""
    refused: int
    """How many of those files are documents (``*.md``)."""


def find_sources(content_dir: Path) -> Found:
    """Every ``*.md`` file below ``content_dir``, sorted; a file of any kind, or a folder, that
    is a link leading out of the folder is a problem (and is never read)."""
    root = content_dir.resolve()
    shown = display_path(content_dir)
    prefix = "" if shown == "." else f"{shown}/"
    sources, problems, refused = [], [], 0
    for folder, dirs, files in os.walk(content_dir):
        inner = PurePosixPath(Path(folder).relative_to(content_dir).as_posix())
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in dirs:
            if _leads_out(Path(folder, name), root):
                problems.append(outside_problem(f"{prefix}{inner / name}", folder=True))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = Path(folder, name)
            relative = inner / name
            document = name.endswith(".md")
            # The shown path is made by joining strings: display_path() per file costs more than
            # reading the file's bytes, at 10,000 files.
            if _leads_out(path, root):
                problems.append(outside_problem(f"{prefix}{relative}", document=document))
                refused += document
            elif document:
                sources.append(SourceFile(path, relative, f"{prefix}{relative}"))
    return Found(sources, problems, refused)


def _leads_out(path: Path, root: Path) -> bool:
    """True when ``path`` is a link whose target (followed to the end) is outside ``root``."""
    return path.is_symlink() and not is_inside(path.resolve(), root)


def read_source(source: SourceFile, config: Config) -> tuple[str | None, list[Problem]]:
    """Read a file as UTF-8 text with LF line ends, reporting what had to be fixed or refused."""
    problems: list[Problem] = []

    def problem(line: int, column: int, rule: str, message: str, hint: str) -> None:
        problems.append(Problem(source.display, line, column, rule, message, hint))

    try:
        size = source.path.stat().st_size
        if size > config.max_file_size:
            problem(
                1,
                1,
                "file-too-large",
                f"the file is {_size(size, config.max_file_size)}; "
                f"the limit is {_size(config.max_file_size)}",
                "split the document, or keep large media in content/media/ and link to it",
            )
            return None, problems
        raw = source.path.read_bytes()
    except OSError as error:
        problem(
            1,
            1,
            "unreadable",
            f"the file cannot be read: {error.strerror}",
            "check the file's permissions",
        )
        return None, problems
    if raw.startswith(b"\xef\xbb\xbf"):
        problem(
            1,
            1,
            "bom",
            "the file starts with a byte order mark (BOM)",
            "save the file as UTF-8 without BOM",
        )
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        problem(
            line,
            column,
            "encoding",
            "the file is not valid UTF-8 text",
            "save the file with UTF-8 encoding",
        )
        return None, problems
    if "\r" in text:
        line = text.count("\n", 0, text.index("\r")) + 1
        problem(
            line,
            len(text[: text.index("\r")].rsplit("\n", 1)[-1]) + 1,
            "line-endings",
            "the file has Windows (CRLF) or old Mac (CR) line ends",
            "save the file with Unix (LF) line ends",
        )
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        problem(
            1,
            1,
            "empty-file",
            "the file is empty",
            "write the document, or delete the file; 'wikipk new' makes a starting point",
        )
        return None, problems
    return text, problems


def _size(size: int, other: int | None = None) -> str:
    """A size in the unit people use, exact in bytes when rounding would hide a difference."""
    if size < 1024:
        return f"{size} bytes"
    unit, scale = ("MiB", 1024 * 1024) if size >= 1024 * 1024 else ("KiB", 1024)
    text = f"{size / scale:.1f} {unit}".replace(".0 ", " ")
    if other is not None and text == _size(other):
        return f"{size:,} bytes"
    return text
