"""``wikipk check`` reuses the results of unchanged files, and never a stale one."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest

from tests.cli_helpers import run_check

DATA = Path(__file__).parent / "data"


def _messages(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "wikipk.loading"]


def test_unchanged_files_come_from_the_cache(
    knowledge_base: Path, caplog: pytest.LogCaptureFixture
) -> None:
    shutil.copy(DATA / "valid" / "guideline.md", knowledge_base / "content")
    shutil.copy(DATA / "invalid" / "broken-link.md", knowledge_base / "content")
    caplog.set_level(logging.INFO, logger="wikipk.loading")
    first = run_check()
    second = run_check()
    assert second.output == first.output
    assert second.exit_code == first.exit_code == 1
    assert _messages(caplog) == [
        "checking 2 files (0 unchanged, from the cache)",
        "checking 0 files (2 unchanged, from the cache)",
    ]


def test_a_changed_file_is_checked_again(knowledge_base: Path) -> None:
    path = knowledge_base / "content" / "guideline.md"
    shutil.copy(DATA / "valid" / "guideline.md", path)
    assert run_check().exit_code == 0
    path.write_text(path.read_text().replace("lang: en", "lang: fr"))
    result = run_check()
    assert "invalid-field: lang 'fr' is not one of: en, ur" in result.output
    path.write_text(path.read_text().replace("lang: fr", "lang: en"))
    assert run_check().exit_code == 0


def test_cross_document_rules_are_never_cached(knowledge_base: Path) -> None:
    shutil.copy(DATA / "invalid" / "duplicate-id" / "a.md", knowledge_base / "content")
    assert run_check().exit_code == 0
    shutil.copy(DATA / "invalid" / "duplicate-id" / "b.md", knowledge_base / "content")
    assert "duplicate-id" in run_check().output
    (knowledge_base / "content" / "b.md").unlink()
    assert run_check().exit_code == 0


def test_a_corrupt_cache_is_ignored(knowledge_base: Path) -> None:
    shutil.copy(DATA / "invalid" / "broken-link.md", knowledge_base / "content")
    expected = run_check().output
    (knowledge_base / ".wikipk" / "cache" / "check.json").write_text("{not json")
    assert run_check().output == expected


def test_no_cache_checks_every_file(knowledge_base: Path, caplog: pytest.LogCaptureFixture) -> None:
    shutil.copy(DATA / "valid" / "guideline.md", knowledge_base / "content")
    run_check()
    caplog.set_level(logging.INFO, logger="wikipk.loading")
    run_check("--no-cache")
    assert _messages(caplog) == ["checking 1 files (0 unchanged, from the cache)"]
