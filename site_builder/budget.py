"""The page-weight budget: a page with its stylesheets and scripts, before images and fonts."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OverBudget:
    """A page heavier than the budget."""

    url: str
    """Root-relative URL of the page."""
    weight: int
    """Bytes of the page, its stylesheets and its scripts."""


@dataclass(frozen=True)
class Budget:
    """The limit, and what every page loads besides its own HTML."""

    limit: int
    """Bytes allowed."""
    shared: int
    """Bytes of the stylesheets and scripts every page loads."""
    search: int
    """Bytes of the search page's own script."""

    def check(self, url: str, html_size: int, is_search: bool = False) -> OverBudget | None:
        """The page's excess, or None when it fits."""
        weight = html_size + self.shared + (self.search if is_search else 0)
        return OverBudget(url, weight) if weight > self.limit else None
