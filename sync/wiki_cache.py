"""Remembering what the last clean publish wanted, so a publish with nothing changed is cheap.

The cache holds, for one digest of every input (the bytes of every file of the content folder,
the wiki templates, the settings that shape a page, and the source of the code that renders it,
so that a new wikipk, released or not, never reuses an old rendering), the title, language
and text sha1 of every desired page and file. When the digest is unchanged, the publisher
skips loading and rendering and only compares those sha1s with the wiki's; any difference on
the wiki sends it down the full path (render, diff). The wiki stays the state: the cache only
saves local work, never a request that decides what to write.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

import sync
import wikipk
from sync.wiki_plan import DesiredFile, DesiredPage
from sync.wiki_templates import TEMPLATE_DIR

log = logging.getLogger(__name__)

CACHE_FILE = Path(".wikipk") / "cache" / "wiki.json"


#: The packages whose code decides what a page says (the parser, the renderers, the planner).
CODE_DIRS = tuple(Path(package.__path__[0]) for package in (wikipk, sync))


def inputs_digest(content_dir: Path, settings: dict[str, Any]) -> str:
    """A digest of everything that decides the pages: files, templates, settings, code."""
    digest = hashlib.sha256(json.dumps(settings, sort_keys=True, default=str).encode())
    for folder, pattern in (
        (content_dir, "*"),
        (TEMPLATE_DIR, "*"),
        *((code, "*.py") for code in CODE_DIRS),
        *((code, "*.json") for code in CODE_DIRS),
    ):
        digest.update(b"\1" + folder.name.encode() + b"\0")
        for path in sorted(p for p in folder.rglob(pattern) if p.is_file()):
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(hashlib.sha1(path.read_bytes(), usedforsecurity=False).digest())
    return digest.hexdigest()


def load(root: Path, digest: str, wiki: str) -> tuple[list[DesiredPage], list[DesiredFile]] | None:
    """The desired pages and files saved for this digest and wiki, if any."""
    try:
        data = json.loads((root / CACHE_FILE).read_text(encoding="utf-8"))
        if data.get("digest") != digest or data.get("wiki") != wiki:
            return None
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
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return pages, files


def save(
    root: Path, digest: str, wiki: str, pages: list[DesiredPage], files: list[DesiredFile]
) -> None:
    """Remember the desired pages and files of a clean publish (atomically, best effort)."""
    data = {
        "digest": digest,
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
    path = root / CACHE_FILE
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".wiki-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False)
        os.replace(temp, path)
    except OSError as error:
        log.info("could not write the publish cache %s: %s", path, error.strerror)
