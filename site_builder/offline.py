"""The service worker: pages are kept as they are read, so an SOP opened once opens offline."""

from __future__ import annotations

import json
from pathlib import Path

from site_builder.theme import Assets


def service_worker(templates: Path, assets: Assets, version: str) -> str:
    """The service worker script, with this build's version and the files to keep at once."""
    script = (templates / "assets" / "sw.js").read_text(encoding="utf-8")
    keep = [assets.css, assets.print_css, assets.script]
    return script.replace("__VERSION__", version).replace("__PRECACHE__", json.dumps(keep))
