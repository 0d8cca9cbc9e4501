"""The figures each benchmark leaves behind, for the table of issue #18's targets.

``bench_check.py``, ``bench_site.py`` and ``bench_wiki.py`` each save what they measured as
JSON under ``bench/.work/results/`` (git-ignored), stamped with when they started and ended;
``bench/bench_issue18.py`` reads them back to compute the targets from one run's numbers.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

FOLDER = Path(__file__).resolve().parent / ".work" / "results"


def save(name: str, started: float, figures: dict[str, Any]) -> Path:
    """Write one benchmark's figures; ``started`` is when it began (``time.time()``)."""
    FOLDER.mkdir(parents=True, exist_ok=True)
    path = FOLDER / f"{name}.json"
    stamped = {"started": started, "ended": time.time(), **figures}
    path.write_text(json.dumps(stamped, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def load(name: str) -> dict[str, Any] | None:
    """One benchmark's figures, or None when it has left none."""
    path = FOLDER / f"{name}.json"
    if not path.is_file():
        return None
    figures: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return figures
