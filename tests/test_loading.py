"""The one loader: every command loads through it, and each document is parsed once a run."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

import site_builder.build
from site_builder.assemble import SiteInput, Written
from site_builder.build import build_site
from site_builder.writer import OutputGuard
from tests.site_fixtures import copy_knowledge_base
from wikipk import markdown
from wikipk.config import load_config
from wikipk.loading import load_knowledge_base
from wikipk.scorecards.board import compute


def _public_scorecards(content: Path) -> int:
    found = 0
    for path in content.rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        premium = re.search(r"(?m)^access: premium$", text)
        found += bool(re.search(r"(?m)^type: scorecard$", text)) and not premium
    return found


def test_a_build_parses_each_document_once_and_scores_the_loaded_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_knowledge_base(tmp_path / "kb")
    config = load_config(root)
    parsed: list[str] = []
    boards: list[Any] = []
    parse, write = markdown.parse, site_builder.build.write_site

    def counting(body: str) -> Any:
        parsed.append(body)
        return parse(body)

    def writing(source: SiteInput, guard: OutputGuard) -> Written:
        boards.append(source.scoreboard)
        return write(source, guard)

    monkeypatch.setattr(markdown, "parse", counting)
    monkeypatch.setattr(site_builder.build, "write_site", writing)
    first = build_site(config, root / "_site", search=False)
    assert len(parsed) == first.documents == first.rendered
    parsed.clear()
    again = build_site(config, root / "_site", search=False)
    assert again.rendered == 0
    # Only the public scorecard reports are loaded again, for the scoreboard (their pages are
    # reused): every other unchanged document is not parsed at all.
    scorecards = _public_scorecards(root / "content")
    assert scorecards and len(parsed) == scorecards
    monkeypatch.undo()
    knowledge = load_knowledge_base(config)
    expected = compute(knowledge.documents, knowledge.reference)
    assert expected is not None
    assert boards == [expected, expected]


def test_the_scoreboard_is_computed_once_from_the_loaded_documents(tmp_path: Path) -> None:
    root = copy_knowledge_base(tmp_path / "kb")
    knowledge = load_knowledge_base(load_config(root))
    board = knowledge.scoreboard
    assert board is not None and board is knowledge.scoreboard
    assert board == compute(knowledge.documents, knowledge.reference)
