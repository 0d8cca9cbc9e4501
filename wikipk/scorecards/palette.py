"""The scorecard charts' colours, shared by the site's SVG charts and the wiki's PNG charts so
that both outputs look alike."""

from __future__ import annotations

BAND_COLOURS = ("#b2182b", "#a05a00", "#2166ac", "#1b7837")
"""Bar and line colours of the bands, lowest first (each at least 4.5:1 on the page)."""
BAND_TINTS = ("#f9d3d3", "#fde0bf", "#d1e5f0", "#d9f0d3")
"""Light fills of the bands, under dark text (table cells, map areas)."""
SERIES_COLOURS = ("#1d1d1b", "#0b6b3a", "#6a3d9a", "#8c510a")
"""Line colours of a trend chart; each line also has its own marker, dashes and label."""


def band_colour(index: int) -> str:
    """The strong colour of the band with this index."""
    return BAND_COLOURS[index % len(BAND_COLOURS)]


def band_tint(index: int) -> str:
    """The light colour of the band with this index."""
    return BAND_TINTS[index % len(BAND_TINTS)]
