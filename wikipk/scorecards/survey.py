"""Field surveys (KoBoToolbox and ODK exports, one row per respondent) turned into scores.

The framework maps each indicator to the export column holding its answers; KoBoToolbox writes a
group prefix in front (``water/water_availability``), ODK Central another
(``water-water_availability``); both are accepted. Each indicator's score
is the mean of its answers; empty cells and the framework's ``missing_answers`` count as no
answer. A bad answer is reported at its row and column, and then nothing is written.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from wikipk.model import Place
from wikipk.problems import Problem, did_you_mean
from wikipk.scorecards.board import slugify
from wikipk.scorecards.checks import NOT_ASSESSED, csv_columns
from wikipk.scorecards.framework import Framework, Indicator, Service

_DELIMITERS = ",;\t"


@dataclass(frozen=True)
class Tally:
    """One indicator's answers in a survey."""

    service: Service
    indicator: Indicator
    mean: float | None
    """The mean answer, rounded to 2 decimals; None when nobody answered."""
    answers: int
    missing: float
    """The share (0-1) of respondents without an answer."""


@dataclass(frozen=True)
class Survey:
    """A survey's respondents and each indicator's tally, in the framework's order."""

    respondents: int
    tallies: tuple[Tally, ...]


def read_survey(
    path: Path, display: str, framework: Framework
) -> tuple[Survey | None, list[Problem]]:
    """Read a survey export and tally every indicator, or say what is wrong and where."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        reason = "it is not UTF-8 text" if isinstance(error, UnicodeDecodeError) else "unreadable"
        message = f"the survey cannot be read: {reason}"
        return None, [Problem(display, 1, 1, "survey-column", message, "export it as UTF-8 CSV")]
    lines = text.splitlines()
    delimiter = _delimiter(lines[0] if lines else "")
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [name.strip() for name in next(reader, [])]
    columns, problems = _columns(header, framework, display)
    if problems:
        return None, problems
    answers: dict[tuple[str, str], list[float]] = {
        (service.key, indicator.key): [] for service, indicator in framework.indicators()
    }
    respondents = 0
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        respondents += 1
        line = lines[reader.line_num - 1] if reader.line_num <= len(lines) else ""
        starts = csv_columns(line, delimiter)
        for (service, indicator), index in columns.items():
            cell = row[index].strip() if index < len(row) else ""
            if cell.casefold() in {"", *(m.casefold() for m in framework.missing)}:
                continue
            value, message = _answer(cell, service, indicator)
            if message:
                column = starts[index] if index < len(starts) else 1
                problems.append(
                    Problem(
                        display,
                        reader.line_num,
                        column,
                        "score-off-scale",
                        message,
                        f"fix the answer, or add '{cell}' to missing_answers in the framework "
                        "if it means no answer",
                    )
                )
            else:
                answers[(service.key, indicator.key)].append(value)
    if problems:
        return None, problems
    tallies = tuple(
        _tally(service, indicator, answers[(service.key, indicator.key)], respondents)
        for service, indicator in framework.indicators()
    )
    return Survey(respondents, tallies), []


def _tally(service: Service, indicator: Indicator, values: list[float], respondents: int) -> Tally:
    mean = round(sum(values) / len(values), 2) if values else None
    missing = 1 - len(values) / respondents if respondents else 1.0
    return Tally(service, indicator, mean, len(values), missing)


def _delimiter(header: str) -> str:
    """The export's separator: KoBoToolbox offers ';' and ',', some tools a tab."""
    counts = {char: header.count(char) for char in _DELIMITERS}
    return max(_DELIMITERS, key=lambda char: counts[char])


def _columns(
    header: list[str], framework: Framework, display: str
) -> tuple[dict[tuple[Service, Indicator], int], list[Problem]]:
    columns: dict[tuple[Service, Indicator], int] = {}
    problems = []
    for service, indicator in framework.indicators():
        found = [
            index
            for index, name in enumerate(header)
            if name == indicator.column
            or name.endswith(("/" + indicator.column, "-" + indicator.column))
        ]
        if found:
            columns[(service, indicator)] = found[0]
            continue
        hint = did_you_mean(indicator.column, header)
        problems.append(
            Problem(
                display,
                1,
                1,
                "survey-column",
                f"the survey has no column '{indicator.column}' for {service.key}.{indicator.key}",
                hint
                or "export the survey with its XML names as headers, or set the indicator's "
                "'column' in the framework",
            )
        )
    return columns, problems


def _answer(cell: str, service: Service, indicator: Indicator) -> tuple[float, str]:
    name = f"{service.key}.{indicator.key}"
    try:
        value = float(cell)
    except ValueError:
        return 0.0, (
            f"{name} answer '{cell}' is not a number on the scale {indicator.low}-{indicator.high}"
        )
    if not indicator.low <= value <= indicator.high:
        return 0.0, f"{name} answer {value:g} is outside its scale {indicator.low}-{indicator.high}"
    return value, ""


def report_path(content_dir: Path, place: Place, period: str) -> Path:
    """Where the report of a place and period is written: ``scorecards/<uc>-<period>.md``."""
    return content_dir / "scorecards" / f"{slugify(place.union_council.en)}-{period}.md"


def report_text(survey: Survey, place: Place, period: str, source: str, today: date) -> str:
    """A scorecard report holding a survey's scores, ready for ``wikipk check``."""
    council, tehsil, district = (
        place.union_council.en,
        place.tehsil.en,
        place.district.en,
    )
    names = list(dict.fromkeys(tally.service.label.en.lower() for tally in survey.tallies))
    services = ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]
    lines = [
        "---",
        f"id: {slugify(council)}-{period}",
        "type: scorecard",
        f"title: {council} union council scorecard, {period}",
        "lang: en",
        f"summary: Community scorecard for {services} in {council} union council "
        f"({tehsil} tehsil, {district}) for {period}, from a survey of "
        f"{survey.respondents} respondents.",
        f"updated: {today.isoformat()}",
        "tags: [scorecard]",
        f"district: {district}",
        f"tehsil: {tehsil}",
        f"union_council: {council}",
        f'period: "{period}"',
        f"respondents: {survey.respondents}",
        "scores:",
    ]
    current = ""
    for tally in survey.tallies:
        if tally.service.key != current:
            current = tally.service.key
            lines.append(f"  {current}:")
        value = (
            NOT_ASSESSED
            if tally.mean is None
            else f"{{mean: {tally.mean:g}, answers: {tally.answers}}}"
        )
        lines.append(f"    {tally.indicator.key}: {value}")
    lines += [
        "---",
        "",
        "## How the scores were gathered",
        "",
        f"Imported from the field survey `{source}` on {today.isoformat()} with "
        f"`wikipk scorecard import`: {survey.respondents} respondents. Each score is the mean of "
        "the answers given; an indicator nobody answered is marked not assessed.",
        "",
    ]
    return "\n".join(lines)
