"""Pristine copy of a devwiki instance's content, kept at creation and restored by a reset.

``pristine/`` holds the main and job-queue SQLite databases and ``images/`` as they were right
after creation. Restoring works while the server runs: each database is replaced atomically
(copy, then ``os.replace``), so the next request sees the pristine state. ``wikicache.sqlite``
is not replaced (it holds the sessions, which survive); its other cached objects are deleted.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from pathlib import Path

from sync.devwiki.settings import RESET_DATABASES

PRISTINE = "pristine"
CACHE_DATABASE = "wikicache.sqlite"


def save(instance_dir: Path) -> None:
    """Keep pristine copies of the databases and uploads of a freshly created instance."""
    pristine = instance_dir / PRISTINE
    (pristine / "data").mkdir(parents=True)
    for name in RESET_DATABASES:
        shutil.copy2(instance_dir / "data" / name, pristine / "data" / name)
    shutil.copytree(instance_dir / "images", pristine / "images", symlinks=True)


def has_pristine(instance_dir: Path) -> bool:
    """Whether the instance has a complete pristine copy."""
    pristine = instance_dir / PRISTINE
    files = [pristine / "data" / name for name in RESET_DATABASES]
    return (pristine / "images").is_dir() and all(path.is_file() for path in files)


def restore(instance_dir: Path) -> None:
    """Return the instance's content to the pristine copy (see the module docstring)."""
    pristine = instance_dir / PRISTINE
    for name in RESET_DATABASES:
        _replace_file(pristine / "data" / name, instance_dir / "data" / name)
    _replace_tree(pristine / "images", instance_dir / "images")
    _drop_cached_objects(instance_dir / "data" / CACHE_DATABASE)


def _replace_file(source: Path, target: Path) -> None:
    temporary = target.with_name(f".{target.name}.reset")
    shutil.copy2(source, temporary)
    os.replace(temporary, target)


def _replace_tree(source: Path, target: Path) -> None:
    fresh = target.with_name(f".{target.name}.reset")
    old = target.with_name(f".{target.name}.old")
    for leftover in (fresh, old):
        shutil.rmtree(leftover, ignore_errors=True)
    shutil.copytree(source, fresh, symlinks=True)
    target.rename(old)
    fresh.rename(target)
    shutil.rmtree(old)


def _drop_cached_objects(path: Path) -> None:
    """Delete every object-cache entry but sessions: parser and message caches are now stale.

    Page and revision IDs are reused after a restore, so a cached parse of an old page could
    otherwise be served for a new page with the same ID.
    """
    if not path.is_file() or path.stat().st_size == 0:
        return
    with contextlib.closing(sqlite3.connect(path, timeout=10)) as db, db:
        has_table = db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'objectcache'"
        ).fetchone()
        if has_table:
            db.execute("DELETE FROM objectcache WHERE keyname NOT LIKE '%:MWSession:%'")
