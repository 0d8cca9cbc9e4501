"""Scorecards on the wiki: sortable tables, chart images, and a page per tehsil and period.

Everything shown is computed once by :mod:`wikipk.scorecards.board`. Charts are PNG files drawn by
:mod:`sync.wiki.charts` and uploaded through the publisher's ordinary file path (by sha1, so an
unchanged chart is never uploaded again).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

from sync.wiki import charts as wiki_charts
from sync.wiki.render.escape import escape_attribute, escape_text
from wikipk.scorecards.board import Overview, Report, Scoreboard, signed
from wikipk.scorecards.palette import band_tint

OVERVIEW_TITLE = "{tehsil} tehsil union council scores, {period}"
NOT_ASSESSED = {"en": "not assessed", "ur": "جائزہ نہیں لیا گیا"}


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


def _scored(board: Scoreboard, score: float | None, lang: str = "en") -> str:
    if score is None:
        return NOT_ASSESSED[lang]
    return f"{score:.0f} · {board.band(score).label.get(lang)}"


def _band_index(board: Scoreboard, score: float | None) -> int | None:
    return None if score is None else board.framework.bands.index(board.band(score))


def _band_cell(board: Scoreboard, score: float | None, lang: str = "en") -> str:
    """A table cell with the score and its band in words, tinted with the band's colour."""
    index = _band_index(board, score)
    if index is None:
        return f"| {NOT_ASSESSED[lang]}"
    tint = band_tint(index)
    return (
        f'| style="background:{tint}" data-sort-value="{score:.1f}" | '
        f"{escape_text(_scored(board, score, lang))}"
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


_WORDS = {
    "en": {
        "section": "Scores",
        "lead": "{place}: {respondents} respondents.",
        "overall": "Overall",
        "since": "{change} since {period}",
        "rank": "Rank {rank} of {count} union councils in {tehsil} tehsil",
        "caption": "Scores of {place}, 0 (worst) to 100 (best)",
        "headers": "Service or indicator !! Score (0-100) !! Mean answer !! Answers !! No answer "
        "!! Change",
        "bars": "Service scores of {place}: {scores}",
        "trend": "Service scores of {place} in every period scored",
        "bars_title": "Service scores, {place}",
        "trend_title": "Service scores of {place} over time",
        "axis": "score (0-100)",
    },
    "ur": {
        "section": "اسکور",
        "lead": "{place}: {respondents} جواب دہندگان۔",
        "overall": "مجموعی",
        "since": "{period} سے {change}",
        "rank": "تحصیل {tehsil} کی {count} یونین کونسلوں میں درجہ {rank}",
        "caption": "{place} کے اسکور، 0 (بدترین) سے 100 (بہترین)",
        "headers": "خدمت یا اشاریہ !! اسکور (0-100) !! اوسط جواب !! جوابات !! بغیر جواب !! تبدیلی",
        "bars": "{place} کی خدمات کے اسکور: {scores}",
        "trend": "{place} کی خدمات کے اسکور، ہر جائزے کی مدت میں",
        "bars_title": "خدمات کے اسکور، {place}",
        "trend_title": "{place} کی خدمات کے اسکور، وقت کے ساتھ",
        "axis": "اسکور (0-100)",
    },
}


def report_section(board: Scoreboard, report: Report) -> str:
    """The scores of a report, in its language: a lead line, a sortable table, two charts."""
    lang = report.document.lang if report.document.lang in _WORDS else "en"
    words = _WORDS[lang]
    place = report.place
    name = f"{place.union_council.get(lang)}, {report.period}"
    lead = words["lead"].format(place=escape_text(name), respondents=report.respondents)
    if report.overall is not None:
        overall = escape_text(_scored(board, report.overall, lang))
        lead += f" {words['overall']}: '''{overall}'''"
        if report.change is not None:
            since = words["since"].format(change=_change(report.change), period=report.previous)
            lead += f" ({since})"
    overview = board.overview(report)
    if overview is not None:
        rank = words["rank"].format(
            rank=board.rank(report),
            count=len(overview.ranking),
            tehsil=escape_text(place.tehsil.get(lang)),
        )
        lead += f" [[{escape_text(overview_title(overview))}|{rank}]]"
    rows = [
        '{| class="wikitable sortable"',
        f"|+ {words['caption'].format(place=escape_text(name))}",
        f"! {words['headers']}",
    ]
    for service in report.services:
        rows += [
            "|-",
            f"| '''{escape_text(service.service.label.get(lang))}'''",
            _band_cell(board, service.score, lang),
            "| ",
            "| ",
            "| ",
            f"| {_change(service.change)}",
        ]
        for item in service.indicators:
            mean = item.score.mean
            rows += [
                "|-",
                f"| {escape_text(item.indicator.label.get(lang))}",
                _band_cell(board, item.percent, lang),
                f"| {'' if mean is None else f'{mean:g} / {item.indicator.high}'}",
                f"| {'' if item.score.answers is None else item.score.answers}",
                f"| {'' if item.missing is None else f'{item.missing:.0%}'}",
                "| ",
            ]
    rows.append("|}")
    bars, trend = chart_names(report)
    scores = _bar_text(board, report, lang)
    images = [
        _image(bars, words["bars"].format(place=name, scores=scores)),
        _image(trend, words["trend"].format(place=place.union_council.get(lang))),
    ]
    return "\n".join([f"== {words['section']} ==", lead, "", *rows, "", *images])


def _image(name: str, text: str) -> str:
    return (
        f"[[File:{name}|thumb|none|upright=1.6|alt={escape_attribute(text)}|{escape_text(text)}]]"
    )


def _bar_text(board: Scoreboard, report: Report, lang: str) -> str:
    parts = [
        f"{s.service.label.get(lang)} {_scored(board, s.score, lang)}" for s in report.services
    ]
    parts.append(f"{_WORDS[lang]['overall']} {_scored(board, report.overall, lang)}")
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
        yield from _report_charts(board, report)
    for overview in board.overviews:
        if overview.tehsil.shapes:
            source = f"map of {overview_title(overview)}"
            yield Chart(map_name(overview), source, _map(board, overview))


def _report_charts(board: Scoreboard, report: Report) -> Iterator[Chart]:
    """A report's bar chart and trend chart, in its language."""
    lang = report.document.lang if report.document.lang in _WORDS else "en"
    words = _WORDS[lang]
    bars, trend = chart_names(report)
    items = [
        wiki_charts.BarItem(
            s.service.label.get(lang),
            s.score,
            _scored(board, s.score, lang),
            _band_index(board, s.score),
        )
        for s in report.services
    ]
    items.append(
        wiki_charts.BarItem(
            words["overall"],
            report.overall,
            _scored(board, report.overall, lang),
            _band_index(board, report.overall),
        )
    )
    place = report.place.union_council.get(lang)
    source = f"chart of {report.document.path}"
    title = words["bars_title"].format(place=f"{place}, {report.period}")
    yield Chart(bars, source, wiki_charts.bar_png(items, title, lang))
    periods = tuple(point.period for point in report.history)
    series = [
        (s.service.label.get(lang), tuple(p.services[i] for p in report.history))
        for i, s in enumerate(report.services)
    ]
    title = words["trend_title"].format(place=place)
    yield Chart(trend, source, wiki_charts.trend_png(periods, series, title, words["axis"], lang))


def _map(board: Scoreboard, overview: Overview) -> bytes:
    scores = {r.place.union_council.en: r.overall for r in overview.ranking}
    items = []
    for shape in overview.tehsil.shapes:
        score = scores.get(shape.union_council)
        text = "no report" if shape.union_council not in scores else _scored(board, score)
        band = _band_index(board, score) if shape.union_council in scores else None
        items.append(wiki_charts.MapItem(shape.rings, shape.union_council, text, band))
    return wiki_charts.map_png(items, overview_title(overview))
