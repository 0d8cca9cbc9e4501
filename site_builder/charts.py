"""Small SVG charts for scorecards, written by hand: a bar chart, a trend chart and a map.

Hand-written SVG is a few kilobytes where matplotlib's SVG of the same chart is tens (it draws
every glyph as a path, so the text cannot be read by screen readers, searched, or set in the
page's Urdu font). Every chart carries a ``<title>`` and ``<desc>`` as its text alternative,
labels every mark in words (never colour alone), and mirrors itself for right-to-left pages.
The colours are the core's (:mod:`wikipk.scorecards.palette`), which the wiki's charts share.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from wikipk.scorecards.gazetteer import Ring
from wikipk.scorecards.palette import SERIES_COLOURS

WIDTH = 320
_MARKERS = ("circle", "square", "triangle", "diamond")


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its 0-100 value (None: no bar), the text beside it, its colour."""

    label: str
    value: float | None
    text: str
    colour: str


@dataclass(frozen=True)
class Series:
    """One line of a trend chart: a label and a 0-100 value (or None) per period."""

    label: str
    values: tuple[float | None, ...]


@dataclass(frozen=True)
class Area:
    """One union council on a map: its outline, its label and score text, its fill."""

    rings: tuple[Ring, ...]
    label: str
    text: str
    fill: str


def _svg(chart_id: str, height: int, title: str, description: str, rtl: bool, inner: str) -> str:
    direction = ' direction="rtl"' if rtl else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-labelledby="{chart_id}-t {chart_id}-d" class="chart"{direction}>'
        f'<title id="{chart_id}-t">{escape(title)}</title>'
        f'<desc id="{chart_id}-d">{escape(description)}</desc>{inner}</svg>'
    )


def _x(x: float, width: float, rtl: bool) -> float:
    """An x position (of something ``width`` wide), mirrored on right-to-left pages."""
    return WIDTH - x - width if rtl else x


def _text(x: float, y: float, text: str, anchor: str, rtl: bool, extra: str = "") -> str:
    # On a right-to-left chart the position is mirrored; the anchor is not swapped, because
    # the svg's direction="rtl" already turns "start" into the right-hand end of the text.
    if rtl:
        x = WIDTH - x
    return f'<text x="{x:g}" y="{y:g}" text-anchor="{anchor}"{extra}>{escape(text)}</text>'


def bar_chart(
    chart_id: str, bars: list[Bar], title: str, description: str, rtl: bool = False
) -> str:
    """Horizontal bars on 0-100, each labelled with its name and its value in words."""
    row, label_width, bar_width = 30, 112, 120
    inner = ['<g font-size="12" fill="#1d1d1b">']
    for index, bar in enumerate(bars):
        y = 8 + index * row
        inner.append(_text(label_width - 6, y + 15, bar.label, "end", rtl))
        inner.append(
            f'<rect x="{_x(label_width, bar_width, rtl):g}" y="{y + 3}" width="{bar_width}" '
            f'height="16" fill="#eeece6"/>'
        )
        width = 0.0 if bar.value is None else max(bar.value, 0.5) / 100 * bar_width
        if width:
            inner.append(
                f'<rect x="{_x(label_width, width, rtl):g}" y="{y + 3}" width="{width:.1f}" '
                f'height="16" fill="{bar.colour}"/>'
            )
        inner.append(_text(label_width + bar_width + 6, y + 15, bar.text, "start", rtl))
    inner.append("</g>")
    height = 16 + len(bars) * row
    return _svg(chart_id, height, title, description, rtl, "".join(inner))


def trend_chart(
    chart_id: str,
    periods: tuple[str, ...],
    series: list[Series],
    title: str,
    description: str,
    rtl: bool = False,
) -> str:
    """One line per series across the periods, on 0-100, each with its own marker shape and
    its name written at its last point."""
    left, right, top, bottom = 34, 200, 12, 132
    height = bottom + 30

    def y_of(value: float) -> float:
        return bottom - value / 100 * (bottom - top)

    def x_of(index: int) -> float:
        if len(periods) == 1:
            return (left + right) / 2
        return left + index * (right - left) / (len(periods) - 1)

    inner = ['<g font-size="11" fill="#1d1d1b">']
    labels: list[tuple[float, float, str, str]] = []
    for value in (0, 50, 100):
        y = y_of(value)
        inner.append(
            f'<line x1="{_x(left, 0, rtl):g}" x2="{_x(right, 0, rtl):g}" y1="{y:g}" y2="{y:g}" '
            'stroke="#d8d6cf"/>'
        )
        inner.append(_text(left - 4, y + 4, str(value), "end", rtl))
    for index, period in enumerate(periods):
        inner.append(_text(x_of(index), bottom + 18, period, "middle", rtl))
    for number, line in enumerate(series):
        colour = SERIES_COLOURS[number % len(SERIES_COLOURS)]
        points = [
            (_x(x_of(i), 0, rtl), y_of(v)) for i, v in enumerate(line.values) if v is not None
        ]
        if not points:
            continue
        dash = ' stroke-dasharray="4 3"' if number % 2 else ""
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        inner.append(
            f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>'
        )
        inner.extend(_marker(_MARKERS[number % len(_MARKERS)], x, y, colour) for x, y in points)
        last_x, last_y = points[-1]
        labels.append((last_y, (WIDTH - last_x) if rtl else last_x, line.label, colour))
    inner.extend(
        _text(x + 8, y + 4, label, "start", rtl, f' fill="{colour}"')
        for y, x, label, colour in _spread(labels, 15)
    )
    inner.append("</g>")
    return _svg(chart_id, height, title, description, rtl, "".join(inner))


def _spread(
    labels: list[tuple[float, float, str, str]], gap: float
) -> list[tuple[float, float, str, str]]:
    """Line-end labels moved apart vertically (top to bottom) so none overlaps another."""
    placed: list[tuple[float, float, str, str]] = []
    for y, x, label, colour in sorted(labels):
        if placed and y < placed[-1][0] + gap:
            y = placed[-1][0] + gap
        placed.append((y, x, label, colour))
    return placed


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"/>'
    if shape == "square":
        return f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" fill="{colour}"/>'
    if shape == "triangle":
        return (
            f'<path d="M{x:.1f} {y - 4.5:.1f}L{x + 4.5:.1f} {y + 3.5:.1f}'
            f'L{x - 4.5:.1f} {y + 3.5:.1f}Z" fill="{colour}"/>'
        )
    return (
        f'<path d="M{x:.1f} {y - 4.5:.1f}L{x + 4.5:.1f} {y:.1f}L{x:.1f} {y + 4.5:.1f}'
        f'L{x - 4.5:.1f} {y:.1f}Z" fill="{colour}"/>'
    )


def map_chart(chart_id: str, areas: list[Area], title: str, description: str) -> str:
    """The union councils of a tehsil, each filled by its band and labelled by name and score.

    A map is not mirrored on right-to-left pages: north stays up and east stays right.
    """
    points = [point for area in areas for ring in area.rings for point in ring]
    min_x, max_x = min(p[0] for p in points), max(p[0] for p in points)
    min_y, max_y = min(p[1] for p in points), max(p[1] for p in points)
    pad = 8
    scale = min((WIDTH - 2 * pad) / ((max_x - min_x) or 1), 260 / ((max_y - min_y) or 1))
    height = round((max_y - min_y) * scale + 2 * pad)

    def project(point: tuple[float, float]) -> tuple[float, float]:
        return pad + (point[0] - min_x) * scale, pad + (max_y - point[1]) * scale

    inner = ['<g font-size="11" fill="#1d1d1b" stroke-linejoin="round">']
    for area in areas:
        paths = []
        for ring in area.rings:
            projected = [project(point) for point in ring]
            paths.append("M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in projected) + "Z")
        first = [project(point) for point in area.rings[0]]
        cx = sum(x for x, _ in first) / len(first)
        cy = sum(y for _, y in first) / len(first)
        inner.append(
            f"<g><title>{escape(area.label)}: {escape(area.text)}</title>"
            f'<path d="{"".join(paths)}" fill="{area.fill}" stroke="#1d1d1b"/>'
            f'<text x="{cx:.1f}" y="{cy - 2:.1f}" text-anchor="middle">{escape(area.label)}'
            f'</text><text x="{cx:.1f}" y="{cy + 12:.1f}" text-anchor="middle">'
            f"{escape(area.text)}</text></g>"
        )
    inner.append("</g>")
    return _svg(chart_id, height, title, description, False, "".join(inner))
