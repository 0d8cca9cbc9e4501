"""What scorecard reports add up to: service and overall scores, changes, tehsil rankings.

Computed once here, from the checked documents and the framework; the site and the wiki only
render the result. Every score is on 0-100: an indicator's mean is placed on its scale (the
lowest answer is 0, the highest 100), a service score is the weighted mean of its assessed
indicators, and the overall score the weighted mean of the services that have a score.
Weights of indicators marked ``not assessed`` are shared out among the rest.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from wikipk.model import Document, IndicatorScore, Place
from wikipk.scorecards.framework import Band, Framework, Indicator, Service
from wikipk.scorecards.gazetteer import Gazetteer, Tehsil
from wikipk.scorecards.reference import Reference


@dataclass(frozen=True)
class IndicatorResult:
    """One indicator of one report."""

    indicator: Indicator
    score: IndicatorScore
    percent: float | None
    """The mean on 0-100; None when not assessed."""
    missing: float | None
    """The share (0-1) of respondents who gave no answer, when the report says."""


@dataclass(frozen=True)
class ServiceResult:
    """One service of one report."""

    service: Service
    score: float | None
    """0-100; None when none of its indicators was assessed."""
    change: float | None
    """Points gained (or lost) since the place's previous period; None without one."""
    indicators: tuple[IndicatorResult, ...]


@dataclass(frozen=True)
class Point:
    """One period of a place's history, for trend lines."""

    period: str
    overall: float | None
    services: tuple[float | None, ...]
    """Service scores in the framework's order."""


@dataclass(frozen=True)
class Report:
    """A scorecard report with everything computed from it."""

    document: Document
    place: Place
    period: str
    respondents: int
    services: tuple[ServiceResult, ...]
    overall: float | None
    change: float | None
    """Overall points gained since the previous period."""
    previous: str | None
    """The place's previous period with a report, if any."""
    history: tuple[Point, ...]
    """Every period of the place up to this one, oldest first (this one last)."""


@dataclass(frozen=True)
class Overview:
    """A tehsil in one period: its union councils ranked by overall score."""

    tehsil: Tehsil
    period: str
    ranking: tuple[Report, ...]
    """Best first; reports without an overall score last."""
    unscored: tuple[Place, ...]
    """Union councils of the tehsil without a report in the period."""

    @property
    def slug(self) -> str:
        """A stable name for pages and files: ``sample-district-nahar-2025``."""
        return slugify(f"{self.tehsil.district.en} {self.tehsil.name.en} {self.period}")


@dataclass(frozen=True)
class Scoreboard:
    """Every scorecard report, computed, and the tehsil overviews."""

    framework: Framework
    gazetteer: Gazetteer
    reports: tuple[Report, ...]
    """Reports in document order (translations included)."""
    overviews: tuple[Overview, ...]
    """By district, tehsil and period (from the original reports, not translations)."""

    def report(self, document_id: str) -> Report | None:
        """The computed report of a document."""
        return next((r for r in self.reports if r.document.id == document_id), None)

    def overview(self, report: Report) -> Overview | None:
        """The tehsil overview a report's place and period are ranked in (a translation's is
        its original's)."""
        return next(
            (o for o in self.overviews if o.period == report.period and self._index(o, report)),
            None,
        )

    def version(self, report: Report, lang: str) -> Report:
        """The report's translation into ``lang`` when there is one, else the report itself."""
        return next(
            (
                r
                for r in self.reports
                if r.document.translation_of == report.document.id and r.document.lang == lang
            ),
            report,
        )

    def rank(self, report: Report) -> int | None:
        """The place of a report's union council in its tehsil overview (1 is the best)."""
        overview = self.overview(report)
        return self._index(overview, report) if overview else None

    @staticmethod
    def _index(overview: Overview, report: Report) -> int | None:
        places = [r.place.key for r in overview.ranking]
        return places.index(report.place.key) + 1 if report.place.key in places else None

    def band(self, score: float) -> Band:
        """The band of a 0-100 score."""
        return self.framework.band(score)


def slugify(text: str) -> str:
    """Lowercase ASCII words joined by hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def signed(change: float | None, minus: str = "−") -> str:
    """A change in whole points as people write it: ``+14``, ``0``, ``−3`` ("" for none)."""
    if change is None:
        return ""
    rounded = round(change)
    return f"+{rounded}" if rounded > 0 else ("0" if rounded == 0 else f"{minus}{-rounded}")


def weighted(pairs: Iterable[tuple[float, float | None]]) -> float | None:
    """The weighted mean of the values that exist, or None when none does."""
    present = [(weight, value) for weight, value in pairs if value is not None]
    total = sum(weight for weight, _ in present)
    if not present or total == 0:
        return None
    return sum(weight * value for weight, value in present) / total


def compute(documents: Iterable[Document], reference: Reference | None) -> Scoreboard | None:
    """Every public scorecard's scores and the tehsil overviews; None without scorecards.

    Premium reports are left out: their scores are part of what only subscribers read, so they
    appear in no table, chart, ranking or trend.
    """
    if reference is None or reference.framework is None or reference.gazetteer is None:
        return None
    framework, gazetteer = reference.framework, reference.gazetteer
    sheets = [
        d
        for d in documents
        if d.scores is not None and d.place is not None and d.period and not d.is_premium
    ]
    if not sheets:
        return None
    scored = {d.id: _services(d, framework) for d in sheets}
    originals: dict[tuple[str, str, str], list[Document]] = defaultdict(list)
    for document in sheets:
        if document.place is not None and document.translation_of is None:
            originals[document.place.key].append(document)
    reports = [
        _report(document, framework, scored, originals[document.place.key])
        for document in sheets
        if document.place is not None
    ]
    return Scoreboard(framework, gazetteer, tuple(reports), _overviews(gazetteer, reports))


def _services(document: Document, framework: Framework) -> list[tuple[ServiceResult, float]]:
    assert document.scores is not None
    sheet = document.scores
    by_key = {(s.service, s.indicator): s for s in sheet.scores}
    results = []
    for service in framework.services:
        indicators = []
        for indicator in service.indicators:
            score = by_key[(service.key, indicator.key)]
            percent = None if score.mean is None else indicator.percent(score.mean)
            missing = None
            if score.answers is not None and score.mean is not None:
                missing = 1 - score.answers / sheet.respondents
            indicators.append(IndicatorResult(indicator, score, percent, missing))
        value = weighted((item.indicator.weight, item.percent) for item in indicators)
        results.append((ServiceResult(service, value, None, tuple(indicators)), service.weight))
    return results


def _report(
    document: Document,
    framework: Framework,
    scored: dict[str, list[tuple[ServiceResult, float]]],
    originals: list[Document],
) -> Report:
    """A report, with its history from the place's original reports of earlier periods (a
    translation shares its original's history)."""
    assert document.place is not None and document.period is not None and document.scores
    period = document.period
    earlier = [
        *sorted((d for d in originals if str(d.period) < period), key=lambda d: str(d.period)),
        document,
    ]
    history = tuple(
        Point(
            str(d.period),
            weighted((weight, result.score) for result, weight in scored[d.id]),
            tuple(result.score for result, _ in scored[d.id]),
        )
        for d in earlier
    )
    previous = history[-2] if len(history) > 1 else None
    current = history[-1]
    services = tuple(
        ServiceResult(
            result.service,
            result.score,
            _change(result.score, previous.services[index] if previous else None),
            result.indicators,
        )
        for index, (result, _) in enumerate(scored[document.id])
    )
    return Report(
        document=document,
        place=document.place,
        period=document.period,
        respondents=document.scores.respondents,
        services=services,
        overall=current.overall,
        change=_change(current.overall, previous.overall if previous else None),
        previous=previous.period if previous else None,
        history=history,
    )


def _change(now: float | None, before: float | None) -> float | None:
    return None if now is None or before is None else now - before


def _overviews(gazetteer: Gazetteer, reports: list[Report]) -> tuple[Overview, ...]:
    groups: dict[tuple[str, str, str], list[Report]] = defaultdict(list)
    for report in reports:
        if report.document.translation_of is None:
            district, tehsil_name, _ = report.place.key
            groups[(district, tehsil_name, report.period)].append(report)
    overviews = []
    for (district, tehsil_name, period), members in sorted(groups.items()):
        tehsil = gazetteer.tehsil(district, tehsil_name)
        assert tehsil is not None
        ranking = sorted(
            members,
            key=lambda r: (r.overall is None, -(r.overall or 0), r.place.union_council.en),
        )
        present = {r.place.key for r in members}
        unscored = tuple(p for p in tehsil.union_councils if p.key not in present)
        overviews.append(Overview(tehsil, period, tuple(ranking), unscored))
    return tuple(overviews)
