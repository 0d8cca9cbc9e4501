"""What the scorecard tests share: a knowledge base with the starter framework and gazetteer."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).parent.parent
REFERENCE = ROOT / "content" / "scorecards"
DATA = Path(__file__).parent / "data" / "scorecards"


def add_reference(knowledge_base: Path) -> Path:
    """Copy the starter framework, gazetteer and maps into ``content/scorecards/``; no reports."""
    folder = knowledge_base / "content" / "scorecards"
    folder.mkdir()
    for name in ("framework.yml", "gazetteer.yml", "nahar.geojson", "pahar.geojson"):
        shutil.copy(REFERENCE / name, folder)
    return folder
