"""Where a publish comes from: the tool's version and the git commit of the knowledge base.

Every edit summary on the wiki, and the JSON plan, carry it, so that any revision can be traced
to the commit that made it.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from wikipk import __version__


def provenance(root: Path) -> str:
    """The edit summary: the tool's version and the git commit the content comes from."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "."],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return f"wikipk {__version__}: published outside a git checkout"
    suffix = " with uncommitted changes" if dirty else ""
    return f"wikipk {__version__}: published from commit {commit}{suffix}"
