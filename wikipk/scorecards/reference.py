"""The reference data scorecards are checked against: the framework and the gazetteer.

Both are read once per run, before the documents, and travel to the worker processes with them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from wikipk.boundary import OutsideContent, inside_content, outside_problem, read_content_bytes
from wikipk.paths import display_path
from wikipk.problems import Problem
from wikipk.scorecards.framework import FRAMEWORK_FILE, Framework, load_framework
from wikipk.scorecards.gazetteer import GAZETTEER_FILE, Gazetteer, load_gazetteer

SCORECARD_FOLDER = Path("scorecards")


@dataclass(frozen=True)
class Reference:
    """The framework and gazetteer of a content folder (None where missing or broken)."""

    content_dir: Path
    framework: Framework | None = None
    gazetteer: Gazetteer | None = None
    problems: tuple[Problem, ...] = field(default=(), compare=False)
    """Problems inside the two files (a missing file is reported by the scorecards needing it)."""


def load_reference(content_dir: Path) -> Reference:
    """Read ``scorecards/framework.yml`` and ``scorecards/gazetteer.yml`` when they exist."""
    framework_path = content_dir / FRAMEWORK_FILE
    gazetteer_path = content_dir / GAZETTEER_FILE
    framework, gazetteer = None, None
    problems: list[Problem] = []
    if _inside(content_dir, framework_path, problems):
        framework, found = load_framework(framework_path, display_path(framework_path))
        problems.extend(found)
    if _inside(content_dir, gazetteer_path, problems):
        gazetteer, found = load_gazetteer(gazetteer_path, display_path(gazetteer_path), content_dir)
        problems.extend(found)
    return Reference(content_dir, framework, gazetteer, tuple(problems))


def _inside(content_dir: Path, path: Path, problems: list[Problem]) -> bool:
    """True when ``path`` exists inside the content folder; a link out of it is a problem."""
    if not path.exists() and not path.is_symlink():
        return False
    try:
        inside_content(content_dir, path)
    except OutsideContent:
        problems.append(outside_problem(display_path(path)))
        return False
    return path.exists()


def reference_digest(content_dir: Path) -> str:
    """A digest of every data file in ``scorecards/`` (framework, gazetteer, maps, CSV files):
    a scorecard's check result depends on them, so the check cache is keyed by it too."""
    digest = hashlib.sha256()
    folder = content_dir / SCORECARD_FOLDER
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix != ".md":
                digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
                try:
                    digest.update(hashlib.sha256(read_content_bytes(content_dir, path)).digest())
                except OutsideContent:  # never read; reported by the check
                    digest.update(b"outside\0")
    return digest.hexdigest()
