"""The service worker: pages are kept as they are read, so an SOP opened once opens offline."""

from __future__ import annotations

import json
from pathlib import Path

from site_builder.theme import Assets


def service_worker(templates: Path, assets: Assets, version: str) -> str:
    """The service worker script, with this build's version, the files to keep at once and
    those to carry over from an older version when a reader has them (the Urdu font)."""
    script = (templates / "assets" / "sw.js").read_text(encoding="utf-8")
    keep = [assets.css, assets.print_css, assets.script]
    carry = [assets.font] if assets.font else []
    return (
        script.replace("__VERSION__", version)
        .replace("__PRECACHE__", json.dumps(keep))
        .replace("__CARRY__", json.dumps(carry))
    )
