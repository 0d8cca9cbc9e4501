"""Scorecards on the wiki: sortable tables, chart images, and a page per tehsil and period.

Everything shown is computed once by :mod:`wikipk.scorecards`. Charts are PNG files drawn by
:mod:`sync.wiki_charts` and uploaded through the publisher's ordinary file path (by sha1, so an
unchanged chart is never uploaded again).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

from sync import wiki_charts
from sync.wikitext_escape import escape_attribute, escape_text
from wikipk.scorecards import Overview, Report, Scoreboard, signed

OVERVIEW_TITLE = "{tehsil} tehsil union council scores, {period}"


@dataclass(frozen=True)
class Chart:
    """A chart image the wiki pages show."""

    name: str
    """Its wiki file name."""
    source: str
    """What it is drawn from, as the plan shows it."""
    data: bytes

    @property
    def sha1(self) -> str:
        return hashlib.sha1(self.data, usedforsecurity=False).hexdigest()


def _change(value: float | None) -> str:
    return signed(value, minus="-")


def _scored(board: Scoreboard, score: float | None) -> str:
    if score is None:
        return "not assessed"
    return f"{score:.0f} · {board.band(score).label.en}"


def _band_index(board: Scoreboard, score: float | None) -> int | None:
    return None if score is None else board.framework.bands.index(board.band(score))


def _band_cell(board: Scoreboard, score: float | None) -> str:
    """A table cell with the score and its band in words, tinted with the band's colour."""
    index = _band_index(board, score)
    if index is None:
        return "| not assessed"
    tint = wiki_charts.BAND_TINTS[index % len(wiki_charts.BAND_TINTS)]
    return (
        f'| style="background:{tint}" data-sort-value="{score:.1f}" | '
        f"{escape_text(_scored(board, score))}"
    )


def chart_names(report: Report) -> tuple[str, str]:
    """The wiki file names of a report's bar chart and trend chart."""
    doc_id = report.document.id
    return f"Scorecard {doc_id} services.png", f"Scorecard {doc_id} trend.png"


def map_name(overview: Overview) -> str:
    """The wiki file name of a tehsil overview's map."""
    return f"Scorecard map {overview.slug}.png"


def overview_title(overview: Overview) -> str:
    """The wiki page of a tehsil and period."""
    return OVERVIEW_TITLE.format(tehsil=overview.tehsil.name.en, period=overview.period)


def report_section(board: Scoreboard, report: Report) -> str:
    """The scores of a report: a lead line, a sortable table and its two charts."""
    place = report.place
    name = f"{place.union_council.en}, {report.period}"
    lead = f"{escape_text(name)}: {report.respondents} respondents."
    if report.overall is not None:
        lead += f" Overall: '''{escape_text(_scored(board, report.overall))}'''"
        if report.change is not None:
            lead += f" ({_change(report.change)} since {report.previous})"
        lead += "."
    overview = board.overview(report)
    if overview is not None:
        rank = overview.ranking.index(report) + 1
        lead += (
            f" [[{escape_text(overview_title(overview))}|Rank {rank} of "
            f"{len(overview.ranking)} union councils in {escape_text(place.tehsil.en)} tehsil]]."
        )
    rows = [
        '{| class="wikitable sortable"',
        f"|+ Scores of {escape_text(name)}, 0 (worst) to 100 (best)",
        "! Service or indicator !! Score (0-100) !! Mean answer !! Answers !! No answer !! Change",
    ]
    for service in report.services:
        rows += [
            "|-",
            f"| '''{escape_text(service.service.label.en)}'''",
            _band_cell(board, service.score),
            "| ",
            "| ",
            "| ",
            f"| {_change(service.change)}",
        ]
        for item in service.indicators:
            mean = item.score.mean
            rows += [
                "|-",
                f"| {escape_text(item.indicator.label.en)}",
                _band_cell(board, item.percent),
                f"| {'' if mean is None else f'{mean:g} / {item.indicator.high}'}",
                f"| {'' if item.score.answers is None else item.score.answers}",
                f"| {'' if item.missing is None else f'{item.missing:.0%}'}",
                "| ",
            ]
    rows.append("|}")
    bars, trend = chart_names(report)
    images = [
        _image(bars, f"Service scores of {name}: {_bar_text(board, report)}"),
        _image(trend, f"Service scores of {place.union_council.en} in every period scored"),
    ]
    return "\n".join(["== Scores ==", lead, "", *rows, "", *images])


def _image(name: str, text: str) -> str:
    return (
        f"[[File:{name}|thumb|none|upright=1.6|alt={escape_attribute(text)}|{escape_text(text)}]]"
    )


def _bar_text(board: Scoreboard, report: Report) -> str:
    parts = [f"{s.service.label.en} {_scored(board, s.score)}" for s in report.services]
    parts.append(f"overall {_scored(board, report.overall)}")
    return "; ".join(parts)


def overview_page(board: Scoreboard, overview: Overview, titles: dict[str, str]) -> str:
    """The page of a tehsil and period: the map (when there is one) and the ranking."""
    tehsil = overview.tehsil
    services = [s.label.en for s in board.framework.services]
    rows = [
        f"Union councils of {escape_text(tehsil.name.en)} tehsil ({escape_text(tehsil.name.ur)}), "
        f"{escape_text(tehsil.district.en)}, ranked by overall score for {overview.period} "
        "(0 worst, 100 best).",
        "",
        '{| class="wikitable sortable"',
        "! Rank !! Union council !! اردو !! Overall !! "
        + " !! ".join(escape_text(s) for s in services)
        + " !! Change",
    ]
    for index, report in enumerate(overview.ranking, 1):
        title = titles.get(report.document.id, "")
        name = escape_text(report.place.union_council.en)
        rows += [
            "|-",
            f"| {index}",
            f"| [[{escape_text(title)}|{name}]]" if title else f"| {name}",
            f"| {escape_text(report.place.union_council.ur)}",
            _band_cell(board, report.overall),
            *(_band_cell(board, s.score) for s in report.services),
            f"| {_change(report.change)}",
        ]
    rows.append("|}")
    if overview.unscored:
        names = ", ".join(escape_text(p.union_council.en) for p in overview.unscored)
        rows += ["", f"No report for this period: {names}."]
    if tehsil.shapes:
        text = "; ".join(
            f"{r.place.union_council.en} {_scored(board, r.overall)}" for r in overview.ranking
        )
        rows = [_image(map_name(overview), f"Map of {tehsil.name.en} tehsil: {text}"), "", *rows]
    return "\n".join([*rows, "", "[[Category:Scorecards]]"])


def charts(board: Scoreboard, doc_ids: set[str]) -> Iterator[Chart]:
    """Every chart image of the reports with these ids, and the tehsil maps."""
    for report in board.reports:
        if report.document.id not in doc_ids:
            continue
        bars, trend = chart_names(report)
        items = [
            wiki_charts.BarItem(
                s.service.label.en, s.score, _scored(board, s.score), _band_index(board, s.score)
            )
            for s in report.services
        ]
        items.append(
            wiki_charts.BarItem(
                "Overall",
                report.overall,
                _scored(board, report.overall),
                _band_index(board, report.overall),
            )
        )
        name = f"{report.place.union_council.en}, {report.period}"
        source = f"chart of {report.document.path}"
        yield Chart(bars, source, wiki_charts.bar_png(items, f"Service scores, {name}"))
        periods = tuple(point.period for point in report.history)
        series = [
            (s.service.label.en, tuple(p.services[i] for p in report.history))
            for i, s in enumerate(report.services)
        ]
        title = f"Service scores of {report.place.union_council.en} over time"
        yield Chart(trend, source, wiki_charts.trend_png(periods, series, title))
    for overview in board.overviews:
        if overview.tehsil.shapes:
            source = f"map of {overview_title(overview)}"
            yield Chart(map_name(overview), source, _map(board, overview))


def _map(board: Scoreboard, overview: Overview) -> bytes:
    scores = {r.place.union_council.en: r.overall for r in overview.ranking}
    items = []
    for shape in overview.tehsil.shapes:
        score = scores.get(shape.union_council)
        text = "no report" if shape.union_council not in scores else _scored(board, score)
        band = _band_index(board, score) if shape.union_council in scores else None
        items.append(wiki_charts.MapItem(shape.rings, shape.union_council, text, band))
    return wiki_charts.map_png(items, overview_title(overview))
