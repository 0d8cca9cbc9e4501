"""A cache of per-file check results, keyed by each file's content hash.

Checking a document means parsing its Markdown, which dominates the time of ``wikipk check``.
A file whose bytes, and the settings and wikipk version that judged them, are unchanged gives
the same facts and problems, so they are kept in ``.wikipk/cache/check.json`` and reused. The
cache is plain JSON (never pickle), written atomically, and ignored when it cannot be read.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import asdict
from pathlib import Path, PurePosixPath
from typing import Any

from wikipk import __version__
from wikipk.cache_files import read_json, write_json
from wikipk.config import Config
from wikipk.documents import Facts
from wikipk.markdown import LinkRef
from wikipk.problems import Problem, Severity
from wikipk.schema import DOC_TYPES, schema_text
from wikipk.scorecards.reference import reference_digest
from wikipk.wiki_titles import wiki_names_of

log = logging.getLogger(__name__)

CACHE_FILE = Path(".wikipk") / "cache" / "check.json"
_FORMAT = 3


def settings_key(config: Config) -> str:
    """A digest of everything besides a file's bytes that decides its check result."""
    digest = hashlib.sha256()
    digest.update(f"{_FORMAT}:{__version__}:{config.max_file_size}:".encode())
    digest.update(json.dumps([asdict(lang) for lang in config.languages]).encode())
    for doc_type in DOC_TYPES:
        digest.update(schema_text(doc_type).encode())
    digest.update(Path(__file__).parent.joinpath("rules.py").read_bytes())
    digest.update(reference_digest(config.content_dir).encode())
    names = wiki_names_of(config)  # the cross-document check (titles) reads the wiki's names
    digest.update(
        json.dumps([names.site_name, sorted(names.namespaces), sorted(names.interwiki)]).encode()
    )
    return digest.hexdigest()


def file_key(path: Path) -> str | None:
    """The content hash of a file (and of a scorecard's CSV file beside it), or None when it
    cannot be read."""
    try:
        digest = hashlib.sha1(path.read_bytes(), usedforsecurity=False)
        scores = path.with_suffix(".csv")
        if scores.is_symlink():  # never followed here: it may lead outside the content folder
            digest.update(b"\0link\0" + os.fsencode(os.readlink(scores)))
        elif scores.is_file():
            digest.update(b"\0" + scores.read_bytes())
        return digest.hexdigest()
    except OSError:
        return None


class CheckCache:
    """Cached facts and problems of files, by relative path and content hash."""

    def __init__(self, root: Path, settings: str) -> None:
        self.path = root / CACHE_FILE
        self.settings = settings
        self.entries: dict[str, dict[str, Any]] = {}
        self.used: dict[str, dict[str, Any]] = {}

    def load(self) -> None:
        """Read the cache file; a missing, corrupt or outdated one is simply empty."""
        data = read_json(self.path)
        if data is not None and data.get("settings") == self.settings:
            entries = data.get("files")
            self.entries = entries if isinstance(entries, dict) else {}

    def get(
        self, relative: PurePosixPath, key: str, display: str
    ) -> tuple[Facts | None, list[Problem]] | None:
        """The cached result of a file whose content hash is ``key``, if any."""
        entry = self.entries.get(str(relative))
        if not entry or entry.get("key") != key:
            return None
        try:
            facts = entry["facts"] and _facts_from(entry["facts"], relative, display)
            problems = [_problem_from(row, display) for row in entry["problems"]]
        except (KeyError, TypeError, ValueError):
            return None
        self.used[str(relative)] = entry
        return facts or None, problems

    def put(
        self, relative: PurePosixPath, key: str, facts: Facts | None, problems: list[Problem]
    ) -> None:
        """Remember a freshly checked file."""
        self.used[str(relative)] = {
            "key": key,
            "facts": _facts_to(facts) if facts else None,
            "problems": [_problem_to(problem) for problem in problems],
        }

    def save(self) -> None:
        """Write the entries of this run (files gone since are dropped), atomically."""
        write_json(self.path, {"settings": self.settings, "files": self.used}, "the check cache")


def _facts_to(facts: Facts) -> dict[str, Any]:
    return {
        "id": facts.id,
        "title": facts.title,
        "lang": facts.lang,
        "translation_of": facts.translation_of,
        "positions": {key: list(value) for key, value in facts.positions.items()},
        "anchors": sorted(facts.anchors),
        "links": [
            [link.target, link.line, link.column, link.is_image, link.alt] for link in facts.links
        ],
        "body_line": facts.body_line,
        "premium": facts.premium,
        "scorecard": list(facts.scorecard) if facts.scorecard else None,
    }


def _facts_from(row: dict[str, Any], relative: PurePosixPath, display: str) -> Facts:
    return Facts(
        relative=relative,
        display=display,
        id=row["id"],
        title=row["title"],
        lang=row["lang"],
        translation_of=row["translation_of"],
        positions={key: (int(value[0]), int(value[1])) for key, value in row["positions"].items()},
        anchors=frozenset(row["anchors"]),
        links=tuple(
            LinkRef(str(t), int(line), int(col), bool(image), str(alt))
            for t, line, col, image, alt in row["links"]
        ),
        body_line=int(row["body_line"]),
        premium=bool(row["premium"]),
        scorecard=_scorecard_from(row["scorecard"]),
    )


def _scorecard_from(value: object) -> tuple[str, str, str, str] | None:
    if not isinstance(value, list) or len(value) != 4:
        return None
    district, tehsil, union_council, period = (str(item) for item in value)
    return district, tehsil, union_council, period


def _problem_to(problem: Problem) -> list[Any]:
    return [
        problem.line,
        problem.column,
        problem.rule,
        problem.message,
        problem.hint,
        problem.severity.value,
    ]


def _problem_from(row: list[Any], display: str) -> Problem:
    line, column, rule, message, hint, severity = row
    return Problem(
        display, int(line), int(column), str(rule), str(message), str(hint), Severity(severity)
    )
