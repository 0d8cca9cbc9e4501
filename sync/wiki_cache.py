"""Remembering what the last clean publish wanted, so a publish with nothing changed is cheap.

The cache holds, for one digest of every input (the bytes of every file of the content folder,
the wiki templates, the settings that shape a page, and the source of the code that renders it,
so that a new wikipk, released or not, never reuses an old rendering), the title, language
and text sha1 of every desired page and file. When the digest is unchanged, the publisher
skips loading and rendering and only compares those sha1s with the wiki's; any difference on
the wiki sends it down the full path (render, diff). The wiki stays the state: the cache only
saves local work, never a request that decides what to write.

A run that ends with the wiki matching every desired page also records where the wiki's recent
changes stood just before it read that state (:class:`Published`), with the size and time of
every input file. The next run whose inputs have not been touched since, with the same login,
asks the wiki one anonymous question, its newest recent change: when that is still the one
recorded, nothing anywhere on the wiki changed since it was seen to match, so there is nothing to
publish (:mod:`sync.wiki_unchanged`). Anything else, there or here, takes the paths above.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import secrets
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sync
import wikipk
from sync.wiki_plan import DesiredFile, DesiredPage, PageChange
from sync.wiki_templates import TEMPLATE_DIR
from wikipk.config import CONFIG_FILE

log = logging.getLogger(__name__)

CACHE_FILE = Path(".wikipk") / "cache" / "wiki.json"

#: The packages whose code decides what a page says (the parser, the renderers, the planner).
CODE_DIRS = tuple(Path(package.__path__[0]) for package in (wikipk, sync))

RACY_NS = 2_000_000_000
"""A file modified this close to the moment its size and time were taken may change again
without its time changing (file times have a coarse tick): it is never trusted unread."""


@dataclass(frozen=True)
class InputFile:
    """One input file as the file system describes it, without reading it."""

    path: str
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class Inputs:
    """The digest of every input, and the size and time of each input file before it was read."""

    digest: str
    files: tuple[InputFile, ...]
    taken_ns: int
    """When the sizes and times were taken (before the files were read)."""


def _files(folder: Path, suffix: str) -> list[tuple[str, os.DirEntry[str]]]:
    """Every file below ``folder`` whose name ends with ``suffix``, by relative path (POSIX)."""
    found: list[tuple[str, os.DirEntry[str]]] = []
    pending = [(str(folder), "")]
    while pending:
        path, prefix = pending.pop()
        try:
            with os.scandir(path) as entries:
                for entry in entries:
                    if entry.is_dir():
                        pending.append((entry.path, f"{prefix}{entry.name}/"))
                    elif entry.is_file() and entry.name.endswith(suffix):
                        found.append((prefix + entry.name, entry))
        except OSError:
            continue
    found.sort(key=lambda item: item[0])
    return found


def _input_groups(content_dir: Path) -> Iterator[tuple[str, list[tuple[str, os.DirEntry[str]]]]]:
    """Every file the pages depend on, by group: (name, [(relative path, entry)])."""
    for folder, suffix in (
        (content_dir, ""),
        (TEMPLATE_DIR, ""),
        *((code, ".py") for code in CODE_DIRS),
        *((code, ".json") for code in CODE_DIRS),
    ):
        yield f"{folder.name}/*{suffix}", _files(folder, suffix)


def _stat(label: str, path: Path | os.DirEntry[str]) -> InputFile:
    try:
        info = path.stat()
    except OSError:
        return InputFile(label, -1, -1)
    return InputFile(label, info.st_size, info.st_mtime_ns)


def read_inputs(root: Path, content_dir: Path, settings: dict[str, Any]) -> Inputs:
    """The digest of everything that decides the pages (files, templates, settings, code),
    with each file's size and time taken just before it is read."""
    taken = time.time_ns()
    digest = hashlib.sha256(json.dumps(settings, sort_keys=True, default=str).encode())
    files = [_stat(CONFIG_FILE, root / CONFIG_FILE)]
    for group, entries in _input_groups(content_dir):
        digest.update(b"\1" + group.encode() + b"\0")
        for relative, entry in entries:
            files.append(_stat(f"{group}/{relative}", entry))
            digest.update(relative.encode() + b"\0")
            with open(entry.path, "rb") as handle:
                digest.update(hashlib.sha1(handle.read(), usedforsecurity=False).digest())
    return Inputs(digest.hexdigest(), tuple(files), taken)


def inputs_digest(content_dir: Path, settings: dict[str, Any]) -> str:
    """A digest of everything that decides the pages: files, templates, settings, code."""
    return read_inputs(content_dir.parent, content_dir, settings).digest


def inputs_untouched(
    root: Path, content_dir: Path, files: tuple[InputFile, ...], taken_ns: int
) -> bool:
    """True when every input file has the size and time it had when ``files`` were taken (and
    none was added or removed), and none had changed just before: they need not be read."""
    now = [_stat(CONFIG_FILE, root / CONFIG_FILE)]
    for group, entries in _input_groups(content_dir):
        now.extend(_stat(f"{group}/{relative}", entry) for relative, entry in entries)
    if len(now) != len(files):
        return False
    return all(
        current == before and current.mtime_ns < taken_ns - RACY_NS
        for current, before in zip(now, files, strict=True)
    )


@dataclass(frozen=True)
class RecentChange:
    """The newest entry of the wiki's recent changes (edits, creations, logged actions)."""

    rcid: int
    timestamp: str


@dataclass(frozen=True)
class PublishedPage:
    """A page of a plan with nothing to do: as the plan shows it."""

    title: str
    doc_id: str | None
    path: str
    revid: int


@dataclass(frozen=True)
class Published:
    """The wiki was seen to match every desired page, after its recent changes stood here."""

    wiki: str
    change: RecentChange
    pages: tuple[PublishedPage, ...]
    login: str
    """A salted digest of the wiki's URL, user and password (never the password itself)."""
    salt: str
    content_option: str | None
    """``--content`` as given (None when not given)."""
    content_dir: str
    inputs: tuple[InputFile, ...]
    inputs_taken_ns: int
    prune: bool = False
    """Whether the run deleted the pages of removed documents (else it may have marked some,
    which a run with ``--prune`` must still delete)."""


def seen_matching(
    change: RecentChange,
    pages: Iterable[PageChange],
    login: tuple[str, str, str],
    content: Path | None,
    content_dir: Path,
    inputs: Inputs,
    prune: bool,
) -> Published:
    """The record of a run that saw the wiki match every page (its all-unchanged ``pages``)
    after its recent changes stood at ``change``, with a fresh salt for the login's digest."""
    salt = new_salt()
    return Published(
        wiki=login[0],
        change=change,
        pages=tuple(PublishedPage(p.title, p.doc_id, p.path, p.base_revid) for p in pages),
        login=login_digest(salt, *login),
        salt=salt,
        content_option=None if content is None else str(content),
        content_dir=str(content_dir),
        inputs=inputs.files,
        inputs_taken_ns=inputs.taken_ns,
        prune=prune,
    )


def login_digest(salt: str, url: str, user: str, password: str) -> str:
    """A keyed digest that tells whether a login is the one recorded, without holding it."""
    message = "\0".join((url, user, password)).encode("utf-8")
    return hmac.new(bytes.fromhex(salt), message, hashlib.sha256).hexdigest()


def new_salt() -> str:
    """A fresh random salt for :func:`login_digest`."""
    return secrets.token_hex(16)


def _read(root: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((root / CACHE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def load(root: Path, digest: str, wiki: str) -> tuple[list[DesiredPage], list[DesiredFile]] | None:
    """The desired pages and files saved for this digest and wiki, if any."""
    data = _read(root)
    if data is None or data.get("digest") != digest or data.get("wiki") != wiki:
        return None
    try:
        pages = [
            DesiredPage(
                row["title"],
                "",
                row["language"],
                row["doc_id"],
                row["path"],
                sha1=row["sha1"],
                fixed=row["fixed"],
            )
            for row in data["pages"]
        ]
        files = [DesiredFile(row["name"], row["sha1"], row["source"]) for row in data["files"]]
    except (KeyError, TypeError):
        return None
    return pages, files


def load_published(root: Path) -> Published | None:
    """What the last clean publish saw on the wiki, if it saw every page match."""
    data = _read(root)
    record = data.get("published") if data else None
    if not isinstance(record, dict):
        return None
    try:
        return Published(
            wiki=str(record["wiki"]),
            change=RecentChange(int(record["rcid"]), str(record["timestamp"])),
            pages=tuple(PublishedPage(*row) for row in record["pages"]),
            login=str(record["login"]),
            salt=str(record["salt"]),
            content_option=record["content_option"],
            content_dir=str(record["content_dir"]),
            inputs=tuple(InputFile(*row) for row in record["inputs"]),
            inputs_taken_ns=int(record["inputs_taken_ns"]),
            prune=bool(record["prune"]),
        )
    except (KeyError, TypeError, ValueError):
        return None


def save(
    root: Path,
    inputs: Inputs,
    wiki: str,
    pages: list[DesiredPage],
    files: list[DesiredFile],
    published: Published | None = None,
) -> None:
    """Remember the desired pages and files of a clean publish, and what it saw on the wiki
    when that matched them (atomically, best effort)."""
    data: dict[str, Any] = {
        "digest": inputs.digest,
        "wiki": wiki,
        "pages": [
            {
                "title": p.title,
                "language": p.language,
                "doc_id": p.doc_id,
                "path": p.path,
                "sha1": p.text_sha1,
                "fixed": p.fixed,
            }
            for p in pages
        ],
        "files": [{"name": f.name, "sha1": f.sha1, "source": f.source} for f in files],
    }
    if published is not None:
        data["published"] = {
            "wiki": published.wiki,
            "rcid": published.change.rcid,
            "timestamp": published.change.timestamp,
            "pages": [[p.title, p.doc_id, p.path, p.revid] for p in published.pages],
            "login": published.login,
            "salt": published.salt,
            "content_option": published.content_option,
            "content_dir": published.content_dir,
            "inputs": [[f.path, f.size, f.mtime_ns] for f in published.inputs],
            "inputs_taken_ns": published.inputs_taken_ns,
            "prune": published.prune,
        }
    path = root / CACHE_FILE
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".wiki-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False)
        os.replace(temp, path)
    except OSError as error:
        log.info("could not write the publish cache %s: %s", path, error.strerror)
