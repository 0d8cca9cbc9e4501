"""The interface every publisher shares: plan what to change, then apply the plan.

A plan is data: it can be printed for a person, serialised to JSON for a tool or a review, and
compared with another plan. Nothing is written anywhere until :meth:`Publisher.apply` runs.

Every publisher (``sync.wiki.publish.WikiPublisher``, ``sync.youtube.publish.YouTubePublisher``)
ends its module with a ``_conforms`` function that returns it as a ``Publisher`` of its plan and
report, so that mypy checks that it fits this interface.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol, TypeVar

from wikipk.model import Document


class Printable(Protocol):
    """What plans and reports offer: a text for people and JSON-ready data for tools."""

    def to_text(self) -> str:
        """The plan or report as lines a person reads."""
        ...

    def to_json(self) -> dict[str, Any]:
        """The plan or report as data that ``json.dumps`` accepts."""
        ...


PlanT = TypeVar("PlanT", bound=Printable)
ReportT_co = TypeVar("ReportT_co", bound=Printable, covariant=True)


class Publisher(Protocol[PlanT, ReportT_co]):
    """Keeps one destination (the wiki, the YouTube channel) in step with the documents."""

    def plan(self, documents: Sequence[Document]) -> PlanT:
        """Read the destination and work out every change the documents call for."""
        ...

    def apply(self, plan: PlanT) -> ReportT_co:
        """Make the planned changes and report what was done and what was not."""
        ...
