"""Where a publish comes from: the tool's version and the git commit of the knowledge base.

Every edit summary on the wiki, and the JSON plan, carry it, so that any revision can be traced
to the commit that made it.
"""

from __future__ import annotations

import re
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


_MARK = re.compile(r"\[text sha1 ([0-9a-f]{40})\]")


def marked(summary: str, sha1: str) -> str:
    """An edit summary that also says the sha1 of the text the edit sends.

    A revision by the bot whose content is not that text holds something wikipk did not write
    (MediaWiki merged a person's edit into it): the publisher treats the page as drift.
    """
    return f"{summary} [text sha1 {sha1}]"


def sent_sha1(comment: str) -> str:
    """The sha1 a revision's edit summary says the bot sent (empty when it says none)."""
    found = _MARK.findall(comment)
    return found[-1] if found else ""
