"""Scorecard charts as PNG images for the wiki, drawn with matplotlib, byte for byte repeatable.

The wiki shows images, not inline SVG, so its charts are PNG files uploaded once. Each is drawn
the same way every time (one bundled font, fixed size and resolution, no software name or date
in the file), so its sha1 only changes when its data does and a second publish uploads nothing.
An Urdu report's charts are in Urdu, in Noto Nastaliq Urdu (Debian's ``fonts-noto-core``, the
font of the site's Urdu pages): matplotlib 3.11 lays text out with libraqm, which joins the letters
and orders them right to left.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from wikipk.scorecards.gazetteer import Ring
from wikipk.scorecards.palette import SERIES_COLOURS, band_colour, band_tint

if TYPE_CHECKING:
    from matplotlib.axes import Axes

SERIES_STYLES = tuple(zip(SERIES_COLOURS[:3], ("o", "s", "^"), ("-", "--", "-"), strict=True))
"""Colour, marker and dashes of a trend chart's lines, in turn: the site's first three colours
(:mod:`wikipk.scorecards.palette`), so both outputs look alike."""


@dataclass(frozen=True)
class BarItem:
    """One bar: label, 0-100 value (None: no bar), text beside it, band index (None: grey)."""

    label: str
    value: float | None
    text: str
    band: int | None


@dataclass(frozen=True)
class MapItem:
    """One union council: outline rings, label, score text, band index (None: no report)."""

    rings: tuple[Ring, ...]
    label: str
    text: str
    band: int | None


NASTALIQ = Path("/usr/share/fonts/truetype/noto/NotoNastaliqUrdu-Regular.ttf")
"""The Urdu font (Debian's ``fonts-noto-core``), as the site uses it (``site_builder/fonts.py``)."""
NASTALIQ_FAMILY = "wikipk Noto Nastaliq Urdu"
"""The name the charts know :data:`NASTALIQ` by: Debian's NotoNastaliqUrdu-Bold.ttf says it
weighs 400 like the Regular, so matplotlib may pick either file for 'Noto Nastaliq Urdu'."""
FONTS = {"en": ["DejaVu Sans"], "ur": [NASTALIQ_FAMILY, "DejaVu Sans"]}
"""The fonts of each language's charts, first choice first (a glyph the first lacks comes from
the next)."""


def register_fonts() -> None:
    """Make :data:`NASTALIQ_FAMILY` known to matplotlib (once per process)."""
    from matplotlib import font_manager

    fonts = font_manager.fontManager.ttflist
    if NASTALIQ.is_file() and not any(font.name == NASTALIQ_FAMILY for font in fonts):
        fonts.append(
            font_manager.FontEntry(
                fname=str(NASTALIQ),
                name=NASTALIQ_FAMILY,
                style="normal",
                variant="normal",
                weight=400,
                stretch="normal",
                size="scalable",
            )
        )


def _draw(width: float, height: float, draw: Callable[[Axes], None], lang: str = "en") -> bytes:
    """A figure of this size (inches, at 100 dpi) drawn by ``draw``, as PNG bytes."""
    import matplotlib
    from matplotlib.figure import Figure

    register_fonts()
    fonts = FONTS.get(lang, FONTS["en"])
    language = None if lang == "en" else lang
    with matplotlib.rc_context({"font.family": fonts, "font.size": 9, "text.language": language}):
        bottom, top = 0.14, 0.86
        if lang == "ur":  # Nastaliq stands taller: half an inch more for the labels
            height += 0.5
            bottom, top = bottom + 0.4 / height, top - 0.1 / height
        figure = Figure(figsize=(width, height), layout=None)
        figure.subplots_adjust(left=0.2, right=0.97, top=top, bottom=bottom)
        draw(figure.add_subplot())
        out = io.BytesIO()
        figure.savefig(out, format="png", dpi=100, metadata={"Software": None})
    return out.getvalue()


def _title_side(lang: str) -> Literal["left", "right"]:
    return "right" if lang == "ur" else "left"


def bar_png(items: list[BarItem], title: str, lang: str = "en") -> bytes:
    """Horizontal bars on 0-100, each labelled with its value and band in words."""

    def draw(axes: Axes) -> None:
        _bars(axes, items, title, lang)

    return _draw(6, 0.5 + 0.45 * len(items), draw, lang)


def _bars(axes: Axes, items: list[BarItem], title: str, lang: str) -> None:
    labels = [item.label for item in items][::-1]
    values = [item.value or 0 for item in items][::-1]
    colours = ["#999999" if item.band is None else band_colour(item.band) for item in items][::-1]
    axes.barh(labels, values, color=colours)
    for row, item in enumerate(items[::-1]):
        axes.text((item.value or 0) + 1.5, row, item.text, va="center")
    axes.set_xlim(0, 130)
    axes.set_xticks([0, 25, 50, 75, 100])
    axes.set_title(title, loc=_title_side(lang))
    axes.spines[["top", "right"]].set_visible(False)


def trend_png(
    periods: tuple[str, ...],
    series: list[tuple[str, tuple[float | None, ...]]],
    title: str,
    axis: str = "score (0-100)",
    lang: str = "en",
) -> bytes:
    """One line per service across the periods, each with its own colour, marker and dashes."""

    def draw(axes: Axes) -> None:
        _lines(axes, periods, series, title, axis, lang)

    return _draw(6, 3, draw, lang)


def _lines(
    axes: Axes,
    periods: tuple[str, ...],
    series: list[tuple[str, tuple[float | None, ...]]],
    title: str,
    axis: str,
    lang: str,
) -> None:
    for index, (label, values) in enumerate(series):
        colour, marker, dashes = SERIES_STYLES[index % len(SERIES_STYLES)]
        points = [(p, v) for p, v in zip(periods, values, strict=True) if v is not None]
        axes.plot(
            [p for p, _ in points],
            [v for _, v in points],
            color=colour,
            marker=marker,
            linestyle=dashes,
            label=label,
        )
    axes.set_ylim(0, 100)
    axes.set_ylabel(axis)
    axes.set_title(title, loc=_title_side(lang))
    axes.legend(loc="upper left", frameon=False, ncols=3)
    axes.spines[["top", "right"]].set_visible(False)


def map_png(items: list[MapItem], title: str) -> bytes:
    """The union councils of a tehsil, shaded by band and labelled by name and score."""

    def draw(axes: Axes) -> None:
        _areas(axes, items, title)

    return _draw(6, 5, draw)


def _areas(axes: Axes, items: list[MapItem], title: str) -> None:
    from matplotlib.patches import Polygon

    for item in items:
        fill = "#ffffff" if item.band is None else band_tint(item.band)
        for ring in item.rings:
            axes.add_patch(Polygon(ring, closed=True, facecolor=fill, edgecolor="#1d1d1b"))
        ring = item.rings[0]
        x = sum(p[0] for p in ring) / len(ring)
        y = sum(p[1] for p in ring) / len(ring)
        axes.text(x, y, f"{item.label}\n{item.text}", ha="center", va="center")
    axes.autoscale_view()
    axes.set_aspect("equal")
    axes.set_axis_off()
    axes.set_title(title, loc="left")
