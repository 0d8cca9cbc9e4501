"""Cache files: JSON written whole or not at all, read back as nothing when unreadable.

Every cache of wikipk (``.wikipk/cache/``) is only ever a shortcut: a file that cannot be
written, or read back, costs the work it would have saved and nothing else.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


def write_json(path: Path, data: Any, what: str) -> None:
    """Write ``data`` to ``path`` as compact JSON, atomically (best effort: a failure is logged).

    Args:
        path: the cache file.
        data: JSON-ready data.
        what: what the file is, for the log ("the check cache").
    """
    import tempfile  # here: a run that only reads its caches need not import it

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                # dumps, not dump: dump encodes piece by piece in Python, several times slower
                handle.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError as error:
        log.info("could not write %s %s: %s", what, path, error.strerror)


def read_json(path: Path) -> dict[str, Any] | None:
    """The JSON object in ``path``; None when it is missing, unreadable or not an object."""
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
