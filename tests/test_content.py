"""The real knowledge base in content/ stays clean, and keeps what the project promises."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli_helpers import run_check
from wikipk.config import load_config
from wikipk.loading import KnowledgeBase, load_knowledge_base
from wikipk.model import DocType

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def knowledge() -> KnowledgeBase:
    return load_knowledge_base(load_config(ROOT))


def test_content_is_clean(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = run_check("--no-cache")
    assert result.exit_code == 0, result.output
    assert result.output.endswith("checked: no problems\n")


def test_starter_content_covers_the_seeds(knowledge: KnowledgeBase) -> None:
    documents = knowledge.documents
    by_type = {t: [d for d in documents if d.type is t and d.lang == "en"] for t in DocType}
    assert len(by_type[DocType.SOP]) >= 6
    assert len(by_type[DocType.GUIDELINE]) >= 2
    assert len(by_type[DocType.CASE_STUDY]) >= 3
    assert any(d.is_premium for d in by_type[DocType.CASE_STUDY])
    urdu_sops = [d for d in documents if d.type is DocType.SOP and d.lang == "ur"]
    assert len(urdu_sops) >= 2
    assert all(d.translation_of for d in urdu_sops)
    assert sum(1 for d in documents if d.videos) >= 3


def test_ids_match_file_names(knowledge: KnowledgeBase) -> None:
    for document in knowledge.documents:
        stem = document.path.name.removesuffix(".md").replace(".", "-")
        assert document.id == stem, f"{document.path}: id {document.id} differs from its file"
