"""The page-weight budget: a page with its stylesheets, scripts and web font, before images."""

from __future__ import annotations

from dataclasses import dataclass

FONT_ALLOWANCE = 120_000
"""Bytes a web font may add to the budget of the pages that load it: the Urdu Nastaliq subset
(112 KB) is loaded by Urdu pages only, once (its name never changes while its bytes do not),
and a page shows without it. A heavier font puts every Urdu page over budget."""


@dataclass(frozen=True)
class OverBudget:
    """A page heavier than the budget."""

    url: str
    """Root-relative URL of the page."""
    weight: int
    """Bytes of the page, its stylesheets, its scripts and the web font it loads."""
    font: bool = False
    """The page loads the web font (its limit is the budget plus ``FONT_ALLOWANCE``)."""


@dataclass(frozen=True)
class Budget:
    """The limit, and what every page loads besides its own HTML."""

    limit: int
    """Bytes allowed (a page that loads the web font: plus ``FONT_ALLOWANCE``)."""
    shared: int
    """Bytes of the stylesheets and scripts every page loads."""
    search: int
    """Bytes of the search page's own script."""
    font: int = 0
    """Bytes of the web font (0: none), which the pages that use it preload."""
    font_name: str = ""
    """The font's file name, as a page's preload link names it."""

    def loads_font(self, html: bytes) -> bool:
        """Whether a page loads the web font (Urdu pages preload it)."""
        name = self.font_name.encode()
        return bool(name) and b'rel="preload"' in html and name in html

    def check(
        self, url: str, html_size: int, is_search: bool = False, font: bool = False
    ) -> OverBudget | None:
        """The page's excess, or None when it fits (``font``: the page loads the web font)."""
        weight = html_size + self.shared + (self.search if is_search else 0)
        limit = self.limit
        if font and self.font:
            weight += self.font
            limit += FONT_ALLOWANCE
        return OverBudget(url, weight, font and bool(self.font)) if weight > limit else None
