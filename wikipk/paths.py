"""How paths are shown to users."""

from __future__ import annotations

from pathlib import Path


def display_path(path: Path) -> str:
    """A path as users name it: relative to the working directory when it is inside it."""
    try:
        return path.absolute().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()
