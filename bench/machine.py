"""Where and when a benchmark ran: the words every section of ``bench/README.md`` opens with."""

from __future__ import annotations

import os
import platform
import subprocess
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def measured_on(loads: tuple[float, float], how: str = "") -> str:
    """``Measured 2026-12-07 on Linux x86_64, nproc 2, load average 0.9 at the start and 1.0 at
    the end (how)``: ``loads`` is the one-minute load average before and after the runs."""
    said = (
        f"Measured {date.today()} on Linux {platform.machine()}, nproc {os.cpu_count()}, load "
        f"average {loads[0]:.1f} at the start and {loads[1]:.1f} at the end"
    )
    return f"{said} ({how})" if how else said


def short_commit() -> str:
    """The repository's short commit, or ``?`` when git cannot tell."""
    found = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
    ).stdout.strip()
    return found or "?"
