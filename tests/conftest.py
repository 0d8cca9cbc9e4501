"""Shared fixtures. Warnings fail the run (pyproject), and so do WARNING log records."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest_plugins = ["tests.wiki_fixtures", "tests.youtube_fixtures", "tests.site_fixtures"]


@pytest.fixture
def knowledge_base(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty knowledge base (``content/``) that is the working directory for the test."""
    root = tmp_path / "kb"
    (root / "content").mkdir(parents=True)
    monkeypatch.chdir(root)
    return root


class _FailOnWarnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(autouse=True)
def no_warning_logs(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail a test that logs a warning it did not ask for (mark it ``allow_warning_logs``)."""
    handler = _FailOnWarnings()
    logging.getLogger().addHandler(handler)
    try:
        yield
    finally:
        logging.getLogger().removeHandler(handler)
    if handler.records and not request.node.get_closest_marker("allow_warning_logs"):
        messages = "; ".join(record.getMessage() for record in handler.records)
        pytest.fail(f"unexpected warning logged: {messages}")
