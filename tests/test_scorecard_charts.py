"""The site's hand-written SVG charts: text alternatives, words beside colours, right to left."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from site_builder.charts import Area, Bar, Series, bar_chart, map_chart, trend_chart

SVG = "{http://www.w3.org/2000/svg}"


def _texts(svg: str) -> list[tuple[float, str, str]]:
    root = ET.fromstring(svg)
    return [
        (float(t.get("x", "0")), t.get("text-anchor", ""), t.text or "")
        for t in root.iter(f"{SVG}text")
    ]


def test_a_bar_chart_names_every_bar_and_escapes_its_text() -> None:
    svg = bar_chart(
        "c1",
        [
            Bar("Water <supply>", 44.0, "44 · Fair", "#a05a00"),
            Bar("Sanitation", None, "not assessed", "#999"),
        ],
        "Scores & bands",
        "Water 44 Fair; Sanitation not assessed",
    )
    root = ET.fromstring(svg)  # well-formed despite < > &
    assert root.get("role") == "img" and root.get("aria-labelledby") == "c1-t c1-d"
    assert root.findtext(f"{SVG}title") == "Scores & bands"
    assert [text for _, _, text in _texts(svg)] == [
        "Water <supply>",
        "44 · Fair",
        "Sanitation",
        "not assessed",
    ]
    assert len(root.findall(f".//{SVG}rect")) == 3  # two tracks, one bar: none for "not assessed"


def test_right_to_left_charts_are_mirrored() -> None:
    bars = [Bar("پانی", 50.0, "50 · درمیانہ", "#a05a00")]
    ltr, rtl = bar_chart("a", bars, "t", "d"), bar_chart("b", bars, "t", "d", rtl=True)
    assert 'direction="rtl"' in rtl and "direction" not in ltr
    (label_x, label_anchor, _), _ = _texts(ltr)
    (mirrored_x, mirrored_anchor, _), _ = _texts(rtl)
    assert (label_anchor, mirrored_anchor) == ("end", "end")  # direction="rtl" flips "end"
    assert label_x + mirrored_x == 320
    bar = re.findall(r'<rect x="([\d.]+)"[^>]*fill="#a05a00"', rtl)
    assert bar == ["148"]  # 320 - 112 - 60: it grows from the right


def test_a_trend_chart_labels_each_line_and_skips_missing_points() -> None:
    svg = trend_chart(
        "t",
        ("2025", "2026"),
        [Series("Water", (40.0, 60.0)), Series("Waste", (None, 20.0))],
        "t",
        "d",
    )
    assert [text for _, _, text in _texts(svg)][-2:] == ["Water", "Waste"]
    points = re.findall(r'<polyline points="([^"]+)"', svg)
    assert len(points) == 2 and len(points[1].split()) == 1


def test_a_map_keeps_north_up_and_writes_each_score() -> None:
    south = Area((((0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)),), "South", "20 · Poor", "#fff")
    north = Area((((0.0, 1.0), (1.0, 1.0), (1.0, 2.0), (0.0, 2.0)),), "North", "80 · Good", "#fff")
    svg = map_chart("m", [south, north], "t", "South 20; North 80")
    labels = re.findall(r'<text x="[\d.]+" y="([\d.]+)" text-anchor="middle">(\w+)</text>', svg)
    heights = {name: float(y) for y, name in labels}
    assert heights["North"] < heights["South"]
    assert "<title>North: 80 · Good</title>" in svg
    assert len(svg.encode()) < 15_000
