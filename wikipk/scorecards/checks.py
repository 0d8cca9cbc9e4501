"""A scorecard report's own rules: its place is in the gazetteer, its scores fit the framework.

Scores are given inline (``scores:`` in the front matter) or in a CSV file beside the report with
the same name (``x.md`` and ``x.csv``; columns ``service,indicator,mean,answers``). Either way
every framework indicator is scored or marked ``not assessed``, every value lies on its scale,
and each problem is located in the file that holds it: a CSV problem at its row and column.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from wikipk.boundary import OutsideContent, outside_problem, read_content_bytes
from wikipk.frontmatter import FrontMatter, JsonPath
from wikipk.model import IndicatorScore, Place, ScoreSheet
from wikipk.paths import display_path
from wikipk.problems import Problem, did_you_mean
from wikipk.scorecards.framework import FRAMEWORK_FILE, Framework
from wikipk.scorecards.gazetteer import GAZETTEER_FILE
from wikipk.scorecards.reference import Reference

NOT_ASSESSED = "not assessed"
CSV_COLUMNS = ("service", "indicator", "mean", "answers")

_At = Callable[[JsonPath, str, str, str], None]
"""Reports a problem at a front-matter value: (path, rule, message, hint)."""


@dataclass(frozen=True)
class Entry:
    """One score as written, with where it was written."""

    service: str
    indicator: str
    value: object
    """The mean as written: a number, ``not assessed``, or anything wrong."""
    answers: object
    display: str
    position: tuple[int, int]
    service_position: tuple[int, int]
    indicator_position: tuple[int, int]
    answers_position: tuple[int, int]


def check_scorecard(
    display: str, relative: PurePosixPath, matter: FrontMatter, reference: Reference
) -> tuple[Place | None, ScoreSheet | None, list[Problem]]:
    """Resolve a scorecard's place and read its scores; every problem is located."""
    problems: list[Problem] = []

    def at(path: JsonPath, rule: str, message: str, hint: str) -> None:
        # What is missing from a mapping of scores is shown at that mapping's key.
        line, column = (path[:1] == ("scores",) and matter.key_positions.get(path)) or matter.where(
            path
        )
        problems.append(Problem(display, line, column, rule, message, hint))

    place = _place(matter, reference, at)
    framework = reference.framework
    if framework is None:
        if not (reference.content_dir / FRAMEWORK_FILE).exists():
            at(
                ("type",),
                "scorecard-framework",
                f"a scorecard needs the scoring framework {FRAMEWORK_FILE.as_posix()}",
                "create it in the content folder (see README.md, Scorecards)",
            )
        return place, None, problems
    csv_path = reference.content_dir / relative.with_suffix(".csv")
    entries = _entries(display, matter, (csv_path, reference.content_dir), problems, at)
    if entries is None:
        return place, None, problems
    sheet = _sheet(matter, framework, entries, csv_path, reference.content_dir, problems, at)
    return place, sheet, problems


def _place(matter: FrontMatter, reference: Reference, at: _At) -> Place | None:
    gazetteer = reference.gazetteer
    names = [matter.data.get(key) for key in ("district", "tehsil", "union_council")]
    if not all(isinstance(name, str) for name in names):
        return None
    if gazetteer is None:
        if not (reference.content_dir / GAZETTEER_FILE).exists():
            at(
                ("district",),
                "unknown-place",
                f"a scorecard needs the gazetteer {GAZETTEER_FILE.as_posix()} to know its place",
                "create it in the content folder (see README.md, Scorecards)",
            )
        return None
    place, wrong = gazetteer.resolve(str(names[0]), str(names[1]), str(names[2]))
    for field, message, hint in wrong:
        at((field,), "unknown-place", message, hint)
    return place


def _entries(
    display: str,
    matter: FrontMatter,
    csv_file: tuple[Path, Path],
    problems: list[Problem],
    at: _At,
) -> list[Entry] | None:
    """The scores of a report; ``csv_file`` is the CSV file beside it and the content folder."""
    inline = matter.data.get("scores")
    csv_path, content_dir = csv_file
    if csv_path.exists() or csv_path.is_symlink():
        if inline is not None:
            at(
                ("scores",),
                "scores-file",
                f"scores are given twice: here and in {csv_path.name}",
                "keep one: the scores inline, or the CSV file",
            )
            return None
        return _csv_entries(csv_path, content_dir, problems)
    if not isinstance(inline, dict):
        at(
            ("type",),
            "score-missing",
            "a scorecard needs its scores",
            f"write 'scores:' in the front matter, or put them in {csv_path.name} beside it "
            "('wikipk scorecard import' makes one from a survey)",
        )
        return None
    return list(_inline_entries(display, matter, inline))


def _inline_entries(
    display: str, matter: FrontMatter, scores: dict[str, object]
) -> Iterator[Entry]:
    for service, indicators in scores.items():
        service_at = matter.key_positions.get(("scores", service), (1, 1))
        if not isinstance(indicators, dict):
            continue  # the schema reports it
        for indicator, value in indicators.items():
            path: JsonPath = ("scores", service, indicator)
            mean, answers = value, None
            answers_path: JsonPath = path
            if isinstance(value, dict):
                mean, answers = value.get("mean"), value.get("answers")
                answers_path = (*path, "answers")
                path = (*path, "mean")
            yield Entry(
                service,
                indicator,
                mean,
                answers,
                display,
                matter.where(path),
                service_at,
                matter.key_positions.get(("scores", service, indicator), service_at),
                matter.where(answers_path),
            )


def _csv_entries(path: Path, content_dir: Path, problems: list[Problem]) -> list[Entry] | None:
    display = display_path(path)
    try:
        text = read_content_bytes(content_dir, path).decode("utf-8-sig")
    except OutsideContent:
        problems.append(outside_problem(display))
        return None
    except (OSError, UnicodeDecodeError):
        problems.append(
            Problem(display, 1, 1, "scores-file", "the file cannot be read as UTF-8 text", "")
        )
        return None
    lines = text.splitlines()
    reader = csv.reader(io.StringIO(text))
    header = next(reader, [])
    missing = [name for name in CSV_COLUMNS if name not in header]
    if missing:
        problems.append(
            Problem(
                display,
                1,
                1,
                "scores-file",
                f"the header lacks the column{'s' if len(missing) > 1 else ''} "
                f"{', '.join(missing)}",
                f"start the file with the line '{','.join(CSV_COLUMNS)}'",
            )
        )
        return None
    where = {name: header.index(name) for name in CSV_COLUMNS}
    entries = []
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        cells = {name: row[index] if index < len(row) else "" for name, index in where.items()}
        starts = csv_columns(lines[line - 1] if line <= len(lines) else "")
        column = {name: starts[min(index, len(starts) - 1)] for name, index in where.items()}
        entries.append(
            Entry(
                cells["service"].strip(),
                cells["indicator"].strip(),
                _csv_number(cells["mean"]),
                _csv_number(cells["answers"]) if cells["answers"].strip() else None,
                display,
                (line, column["mean"]),
                (line, column["service"]),
                (line, column["indicator"]),
                (line, column["answers"]),
            )
        )
    return entries


def csv_columns(line: str, delimiter: str = ",") -> list[int]:
    """The 1-based character column where each field of a CSV line starts (quotes respected)."""
    starts, quoted = [1], False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            starts.append(index + 2)
    return starts


def _csv_number(cell: str) -> object:
    text = cell.strip()
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return text


def _sheet(
    matter: FrontMatter,
    framework: Framework,
    entries: list[Entry],
    csv_path: Path,
    content_dir: Path,
    problems: list[Problem],
    at: _At,
) -> ScoreSheet | None:
    before = len(problems)
    respondents = matter.data.get("respondents")
    limit = respondents if isinstance(respondents, int) else None
    given: dict[tuple[str, str], IndicatorScore] = {}
    written = {(entry.service, entry.indicator) for entry in entries}
    unknown: set[str] = set()
    for entry in entries:
        if entry.service in unknown:
            continue
        if framework.service(entry.service) is None:
            unknown.add(entry.service)
        score = _score(entry, framework, limit, problems)
        if score is not None:
            if (entry.service, entry.indicator) in given:
                problems.append(
                    _problem(
                        entry,
                        entry.position,
                        "scores-file",
                        f"{entry.service}.{entry.indicator} is scored twice",
                        "keep one score per indicator",
                    )
                )
            given[(entry.service, entry.indicator)] = score
    _missing(matter, framework, written, csv_path, at)
    if len(problems) > before or limit is None:
        return None
    ordered = tuple(given[(s.key, i.key)] for s, i in framework.indicators())
    source = csv_path.relative_to(content_dir).as_posix() if csv_path.exists() else ""
    return ScoreSheet(limit, ordered, source)


def _missing(
    matter: FrontMatter,
    framework: Framework,
    written: set[tuple[str, str]],
    csv_path: Path,
    at: _At,
) -> None:
    """Report each framework indicator that is neither scored nor marked not assessed."""
    shown = csv_path.name if csv_path.exists() else "the scores"
    services = {service for service, _ in written}
    where: JsonPath = ("scores",) if ("scores",) in matter.key_positions else ("type",)
    for service in framework.services:
        if service.key not in services:
            at(
                where,
                "score-missing",
                f"service {service.key} is not in {shown}",
                "score its indicators ("
                + ", ".join(i.key for i in service.indicators)
                + f") or mark them '{NOT_ASSESSED}'",
            )
            continue
        for indicator in service.indicators:
            if (service.key, indicator.key) not in written:
                at(
                    (*where[:1], service.key) if where == ("scores",) else where,
                    "score-missing",
                    f"{service.key}.{indicator.key} is not in {shown}",
                    f"give its mean on the scale {indicator.low}-{indicator.high}, "
                    f"or write '{NOT_ASSESSED}'",
                )


def _problem(
    entry: Entry, position: tuple[int, int], rule: str, message: str, hint: str
) -> Problem:
    return Problem(entry.display, position[0], position[1], rule, message, hint)


def _score(
    entry: Entry, framework: Framework, respondents: int | None, problems: list[Problem]
) -> IndicatorScore | None:
    service = framework.service(entry.service)
    if service is None:
        hint = did_you_mean(entry.service, [s.key for s in framework.services])
        problems.append(
            _problem(
                entry,
                entry.service_position,
                "unknown-score",
                f"service '{entry.service}' is not in the framework",
                hint
                or "score the framework's services: "
                + ", ".join(s.key for s in framework.services),
            )
        )
        return None
    indicator = service.indicator(entry.indicator)
    name = f"{entry.service}.{entry.indicator}"
    if indicator is None:
        keys = [i.key for i in service.indicators]
        problems.append(
            _problem(
                entry,
                entry.indicator_position,
                "unknown-score",
                f"indicator '{entry.indicator}' is not in the framework's {entry.service} service",
                did_you_mean(entry.indicator, keys) or f"use one of: {', '.join(keys)}",
            )
        )
        return None
    if entry.value == NOT_ASSESSED:
        return IndicatorScore(entry.service, entry.indicator, None, None)
    value = entry.value
    if value is None:
        value = "nothing"
    if not isinstance(value, int | float) or isinstance(value, bool):
        problems.append(
            _problem(
                entry,
                entry.position,
                "score-off-scale",
                f"{name} must be a number from {indicator.low} to {indicator.high} "
                f"or '{NOT_ASSESSED}', got '{value}'",
                "write the mean answer, such as 3.4",
            )
        )
        return None
    if not indicator.low <= value <= indicator.high:
        problems.append(
            _problem(
                entry,
                entry.position,
                "score-off-scale",
                f"{name} is {value:g}, outside its scale {indicator.low}-{indicator.high}",
                "check the value: a mean answer lies between the lowest and highest answer",
            )
        )
        return None
    answers = _answers(entry, name, respondents, problems)
    return IndicatorScore(entry.service, entry.indicator, float(value), answers)


def _answers(
    entry: Entry, name: str, respondents: int | None, problems: list[Problem]
) -> int | None:
    answers = entry.answers
    if answers is None:
        return None
    if not isinstance(answers, int) or isinstance(answers, bool) or answers < 0:
        problems.append(
            _problem(
                entry,
                entry.answers_position,
                "score-answers",
                f"{name} answers must be a whole number, got '{answers}'",
                "write how many respondents answered",
            )
        )
        return None
    if respondents is not None and answers > respondents:
        problems.append(
            _problem(
                entry,
                entry.answers_position,
                "score-answers",
                f"{name} has {answers} answers, more than the {respondents} respondents",
                "check the count, or the report's 'respondents'",
            )
        )
        return None
    return answers
