"""Scorecards on the site: a report's scores block, the tehsil overview pages, the CSV files.

Everything shown is computed once by :mod:`wikipk.scorecards.board`; this module only lays it out.
A report's block depends on other reports (its previous period, its tehsil's ranking), so it is
not part of the cached document page: the page holds a marker that is filled at every build.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import jinja2

from site_builder import charts, urls
from site_builder.listings import Page
from site_builder.pages import PageInfo, base_context
from site_builder.records import DocMeta
from site_builder.templates import render
from site_builder.theme import Theme
from wikipk.model import Labels
from wikipk.scorecards.board import Overview, Report, Scoreboard, signed
from wikipk.scorecards.palette import band_colour, band_tint


def overview_url(overview: Overview, lang: str) -> str:
    """A tehsil overview page: ``scorecards/<district>-<tehsil>-<period>[.ur].html``."""
    return f"scorecards/{overview.slug}{'' if lang == 'en' else '.' + lang}.html"


def data_url(name: str) -> str:
    """A CSV file of chart data."""
    return f"scorecards/data/{name}.csv"


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.0f}"


def _change(value: float | None) -> str:
    return signed(value)


@dataclass(frozen=True)
class Cell:
    """A score as shown: the number, its band's name and the band's index (for its colour)."""

    score: str
    band: str
    band_index: int


def _cell(board: Scoreboard, score: float | None, lang: str) -> Cell | None:
    if score is None:
        return None
    band = board.band(score)
    return Cell(_number(score), band.label.get(lang), board.framework.bands.index(band))


def _bars(board: Scoreboard, report: Report, lang: str, words: dict[str, str]) -> list[charts.Bar]:
    bars = []
    rows: list[tuple[Labels, float | None]] = [(s.service.label, s.score) for s in report.services]
    rows.append((Labels(words["sc_overall"], words["sc_overall"]), report.overall))
    for label, score in rows:
        cell = _cell(board, score, lang)
        text = f"{cell.score} · {cell.band}" if cell else words["sc_not_assessed"]
        colour = band_colour(cell.band_index) if cell else "#999"
        bars.append(charts.Bar(label.get(lang), score, text, colour))
    return bars


def report_context(
    board: Scoreboard, report: Report, lang: str, words: dict[str, str]
) -> dict[str, Any]:
    """What ``scorecard.html`` shows of one report."""
    place = report.place
    name = f"{place.union_council.get(lang)}, {report.period}"
    bars = _bars(board, report, lang, words)
    bar_text = "; ".join(f"{bar.label}: {bar.text}" for bar in bars)
    periods = tuple(point.period for point in report.history)
    series = [
        charts.Series(s.service.label.get(lang), tuple(p.services[i] for p in report.history))
        for i, s in enumerate(report.services)
    ]
    trend_text = "; ".join(
        f"{line.label}: "
        + ", ".join(
            f"{period} {_number(v) or '-'}" for period, v in zip(periods, line.values, strict=True)
        )
        for line in series
    )
    overview = board.overview(report)
    rank = board.rank(report)
    return {
        "report": report,
        "lang": lang,
        "place_name": name,
        "overall": _cell(board, report.overall, lang),
        "change": _change(report.change),
        "rows": list(_rows(board, report, lang)),
        "bars": charts.bar_chart(
            "bars-" + report.document.id,
            bars,
            words["sc_bar_title"].format(place=name),
            bar_text,
            rtl=lang == "ur",
        ),
        "trend": charts.trend_chart(
            "trend-" + report.document.id,
            periods,
            series,
            words["sc_trend_title"].format(place=place.union_council.get(lang)),
            trend_text,
            rtl=lang == "ur",
        ),
        "scores_csv": data_url(report.document.id),
        "trend_csv": data_url(report.document.id + "-trend"),
        "overview": overview,
        "overview_url": overview_url(overview, "ur" if lang == "ur" else "en") if overview else "",
        "rank": rank,
    }


def _rows(board: Scoreboard, report: Report, lang: str) -> Iterator[dict[str, Any]]:
    for service in report.services:
        yield {
            "service": True,
            "label": service.service.label.get(lang),
            "cell": _cell(board, service.score, lang),
            "mean": "",
            "answers": "",
            "missing": "",
            "change": _change(service.change),
        }
        for item in service.indicators:
            mean = item.score.mean
            yield {
                "service": False,
                "label": item.indicator.label.get(lang),
                "cell": _cell(board, item.percent, lang),
                "mean": "" if mean is None else f"{mean:g} / {item.indicator.high}",
                "answers": "" if item.score.answers is None else str(item.score.answers),
                "missing": "" if item.missing is None else f"{item.missing:.0%}",
                "change": "",
            }


def scorecard_block(
    env: jinja2.Environment, theme: Theme, board: Scoreboard | None, meta: DocMeta
) -> str:
    """The scores section of a scorecard report's page ("" for other documents)."""
    report = board.report(meta.id) if board else None
    if board is None or report is None or meta.premium:
        return ""
    words = theme.strings.get(meta.lang, theme.strings["en"])
    info = PageInfo(urls.document(meta.id), meta.lang, theme.language(meta.lang).direction, "", "")
    context = base_context(theme, info)
    context.update(report_context(board, report, meta.lang, words))
    return render(env, "scorecard.html", context)


def scorecard_pages(
    env: jinja2.Environment, theme: Theme, board: Scoreboard | None
) -> Iterator[Page]:
    """The tehsil overview pages (in every language) and their index."""
    if board is None:
        return
    for overview in board.overviews:
        for language in theme.languages:
            yield _overview_page(env, theme, board, overview, language.code)
    info = PageInfo(urls.SCORECARD_INDEX, "en", "ltr", theme.strings["en"]["sc_index_title"], "")
    context = base_context(theme, info)
    context.update(
        overviews=[(o, overview_url(o, "en"), overview_url(o, "ur")) for o in board.overviews]
    )
    yield Page(urls.SCORECARD_INDEX, render(env, "scorecard_index.html", context))


def _overview_page(
    env: jinja2.Environment, theme: Theme, board: Scoreboard, overview: Overview, lang: str
) -> Page:
    words = theme.strings.get(lang, theme.strings["en"])
    tehsil = overview.tehsil.name.get(lang)
    title = words["sc_overview_title"].format(tehsil=tehsil, period=overview.period)
    url = overview_url(overview, lang)
    info = PageInfo(url, lang, theme.language(lang).direction, title, title)
    context = base_context(theme, info)

    def scores(report: Report) -> list[float | None]:
        return [s.score for s in report.services]

    ranking = [
        {
            "rank": index + 1,
            "report": report,
            "name": report.place.union_council.get(lang),
            "url": urls.document(board.version(report, lang).document.id),
            "cells": [_cell(board, v, lang) for v in (report.overall, *scores(report))],
            "change": _change(report.change),
        }
        for index, report in enumerate(overview.ranking)
    ]
    context.update(
        title=title,
        overview=overview,
        ranking=ranking,
        services=[s.label.get(lang) for s in board.framework.services],
        unscored=[p.union_council.get(lang) for p in overview.unscored],
        map=_map(board, overview, lang, words, title),
        csv=data_url(overview.slug),
        other_url=overview_url(overview, "en" if lang != "en" else "ur"),
    )
    return Page(url, render(env, "scorecard_overview.html", context), lang=lang)


def _map(
    board: Scoreboard, overview: Overview, lang: str, words: dict[str, str], title: str
) -> str:
    shapes = overview.tehsil.shapes
    if not shapes:
        return ""
    scores = {r.place.union_council.en: r.overall for r in overview.ranking}
    names = {p.union_council.en: p.union_council.get(lang) for p in overview.tehsil.union_councils}
    areas = []
    for shape in shapes:
        cell = _cell(board, scores.get(shape.union_council), lang)
        text = f"{cell.score} · {cell.band}" if cell else words["sc_no_report"]
        fill = band_tint(cell.band_index) if cell else "#ffffff"
        areas.append(charts.Area(shape.rings, names[shape.union_council], text, fill))
    description = "; ".join(f"{area.label}: {area.text}" for area in areas)
    return charts.map_chart(
        f"map-{overview.slug}", areas, words["sc_map_title"].format(title=title), description
    )


def scorecard_data(board: Scoreboard | None) -> dict[str, str]:
    """The CSV file behind every chart and table, by URL."""
    if board is None:
        return {}
    files = {}
    for report in board.reports:
        rows = [["service", "indicator", "mean", "answers", "missing_share", "score_0_100"]]
        for service in report.services:
            rows.append([service.service.key, "", "", "", "", _round(service.score)])
            for item in service.indicators:
                rows.append(
                    [
                        service.service.key,
                        item.indicator.key,
                        "" if item.score.mean is None else f"{item.score.mean:g}",
                        "" if item.score.answers is None else str(item.score.answers),
                        "" if item.missing is None else f"{item.missing:.3f}",
                        _round(item.percent),
                    ]
                )
        rows.append(["overall", "", "", "", "", _round(report.overall)])
        files[data_url(report.document.id)] = _csv(rows)
        keys = [s.service.key for s in report.services]
        trend = [["period", *keys, "overall"]]
        for point in report.history:
            trend.append(
                [point.period, *(_round(v) for v in point.services), _round(point.overall)]
            )
        files[data_url(report.document.id + "-trend")] = _csv(trend)
    for overview in board.overviews:
        keys = [s.key for s in board.framework.services]
        table = [["rank", "union_council", "union_council_ur", "code", *keys, "overall", "change"]]
        for index, report in enumerate(overview.ranking, 1):
            place = report.place
            table.append(
                [
                    str(index),
                    place.union_council.en,
                    place.union_council.ur,
                    place.code,
                    *(_round(s.score) for s in report.services),
                    _round(report.overall),
                    _round(report.change),
                ]
            )
        files[data_url(overview.slug)] = _csv(table)
    return files


def _round(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()
