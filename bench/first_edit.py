"""The pause before a first publish's first edit, and the checkout it is compared with.

Issue #18 asks the load-and-render pause before the first edit of a first ``wikipk publish
wiki`` to be at least halved. ``bench/bench_wiki.py`` measures it as the time from the start of
the command to the arrival of its first request that changes the wiki (an ``edit`` or an
``upload``: wikipk uploads its media files before it saves pages) at the wiki, by its request
log: everything a person waits before the wiki starts to change, that is Python's start, the
login, loading and checking the documents, rendering them and reading the wiki's state while
they render. With ``--before CHECKOUT`` the same first publish is made, in the same rounds, by the
wikipk of another checkout (the code before the parser swap), so both figures come from one run.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

BEFORE = "wikipk (before)"
"""The tool name of the other checkout's runs."""

Request = tuple[float, str, str]
"""An API request as the request log has it: arrival time, action, what a query asks for."""


WRITES = ("edit", "upload")
"""The API actions that change the wiki's pages or files."""


def seconds_to_first_edit(started: float, log: Sequence[Request]) -> float | None:
    """From the command's start to the arrival of its first request that changes the wiki
    (:data:`WRITES`); None without one."""
    return next((when - started for when, action, _ in log if action in WRITES), None)


def before_command(checkout: Path) -> tuple[list[str], dict[str, str]]:
    """The command that runs the wikipk of ``checkout`` (its own ``.venv`` when it has one, as
    its dependencies may differ from this one's), and the environment putting its code first.
    """
    python = checkout / ".venv" / "bin" / "python"
    if not python.exists():
        python = Path(sys.executable)
    return [str(python), "-m", "wikipk.cli"], {"PYTHONPATH": str(checkout)}


def before_corpus(corpus: Path) -> Path:
    """A copy of the corpus for the other checkout, without caches: the two wikipks keep
    their caches apart."""
    copy = corpus.with_name(corpus.name + "-before")
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(corpus, copy, ignore=shutil.ignore_patterns(".wikipk"))
    return copy


def checkout_commit(checkout: Path) -> str:
    """The short commit of a checkout, or its path when git cannot tell."""
    git = ["git", "-C", str(checkout), "rev-parse", "--short", "HEAD"]
    head = subprocess.run(git, capture_output=True, text=True, check=False).stdout.strip()
    return head or str(checkout)


def target_row(ours: float | None, before: float | None) -> tuple[str, str, bool | None]:
    """The target's row: its name, the figure, and whether it is met (None: not measured)."""
    name = "first publish: pause before the first edit at least halved (#18)"
    if ours is None:
        return name, "–", None
    if before is None:
        return name, f"{ours:.2f} s (no `--before` checkout measured)", None
    return (
        name,
        f"{ours:.2f} s, before {before:.2f} s ({before / ours:.2f}× shorter)",
        ours * 2 <= before,
    )


def note(ours: float | None, before: float | None, commit: str | None) -> str:
    """A sentence for the section's notes."""
    if ours is None:
        return ""
    text = (
        "The pause before the first edit (issue #18): the first request of wikipk's first "
        f"publish that changes the wiki (an upload or an edit) reached it "
        f"{ours:.2f} s after the command started, at best of the rounds (Python's start, the "
        "login, loading, checking and rendering the documents and reading the wiki's state all "
        "fall before it)"
    )
    if before is not None:
        text += f"; with the wikipk of {commit}, {before:.2f} s (the '{BEFORE}' rows)"
    return text + "."
