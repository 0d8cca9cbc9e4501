"""What applying a wiki plan did: one result per change, and the report of a run."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sync.wiki.plan import Action


class Outcome(enum.Enum):
    """What happened to one change."""

    DONE = "done"
    SKIPPED = "skipped"
    """Left alone on purpose: drift without --force, a blocked title."""
    CONFLICT = "conflict"
    """Someone edited the page after the plan read it; nothing was overwritten."""
    FAILED = "failed"


@dataclass(frozen=True)
class Result:
    """The outcome of one planned change."""

    action: Action
    title: str
    outcome: Outcome
    detail: str = ""


@dataclass(frozen=True)
class WikiReport:
    """What applying a plan did."""

    results: tuple[Result, ...]

    def count(self, outcome: Outcome) -> int:
        """How many changes ended this way."""
        return sum(1 for result in self.results if result.outcome is outcome)

    @property
    def ok(self) -> bool:
        """True when every change was made, or had nothing to do."""
        return all(result.outcome is Outcome.DONE for result in self.results)

    def to_text(self) -> str:
        """What applying did, for a terminal (:func:`sync.wiki.output.report_text`)."""
        from sync.wiki.output import report_text  # the printers import this module

        return report_text(self)

    def to_json(self) -> dict[str, Any]:
        """The report as JSON-ready data."""
        return {
            "results": [
                {
                    "action": r.action.value,
                    "title": r.title,
                    "outcome": r.outcome.value,
                    "detail": r.detail,
                }
                for r in self.results
            ]
        }


Progress = Callable[[Result], None]
