"""Where a publish comes from: the tool's version and the git commit of the knowledge base.

Every edit summary on the wiki, and the JSON plan, carry it, so that any revision can be traced
to the commit that made it.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from wikipk import __version__


def provenance(root: Path) -> str:
    """The edit summary: the tool's version and the git commit the content comes from (and
    whether files below ``root`` differ from it), from one ``git status``."""
    try:
        status = subprocess.run(
            ["git", "status", "--porcelain=v2", "--branch", "--", "."],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.splitlines()
    except (OSError, subprocess.CalledProcessError):
        status = []
    commit = next((line[len(_OID) :] for line in status if line.startswith(_OID)), "")
    if not commit or commit == "(initial)":
        return f"wikipk {__version__}: published outside a git checkout"
    dirty = any(not line.startswith("#") for line in status)
    suffix = " with uncommitted changes" if dirty else ""
    return f"wikipk {__version__}: published from commit {commit[:12]}{suffix}"


_OID = "# branch.oid "
