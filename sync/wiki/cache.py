"""Remembering what the last clean publish wanted, so a publish with nothing changed is cheap.

The cache holds, for one digest of every input (:mod:`sync.wiki.inputs`), the title, language
and text sha1 of every desired page and file. When the digest is unchanged, the publisher
skips loading and rendering and only compares those sha1s with the wiki's; any difference on
the wiki sends it down the full path (render, diff). The wiki stays the state: the cache only
saves local work, never a request that decides what to write.

A run that ends with the wiki matching every desired page also records where the wiki's recent
changes stood: :mod:`sync.wiki.unchanged` keeps that record, in a file of its own.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sync.wiki.inputs import Inputs
from sync.wiki.plan import DesiredFile, DesiredPage
from wikipk.cache_files import read_json, write_json

CACHE_FILE = Path(".wikipk") / "cache" / "wiki.json"


def load(root: Path, digest: str, wiki: str) -> tuple[list[DesiredPage], list[DesiredFile]] | None:
    """The desired pages and files saved for this digest and wiki, if any."""
    data = read_json(root / CACHE_FILE)
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


def save(
    root: Path,
    inputs: Inputs,
    wiki: str,
    pages: list[DesiredPage],
    files: list[DesiredFile],
) -> None:
    """Remember the desired pages and files of a clean publish (atomically, best effort)."""
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
    write_json(root / CACHE_FILE, data, "the publish cache")
