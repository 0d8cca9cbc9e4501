"""Problems found in the knowledge base, and how they are reported."""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from difflib import get_close_matches

from wikipk.rules import RULES


class Severity(enum.Enum):
    """How bad a problem is: errors fail the check, warnings do not."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One problem, located where the author can find it."""

    path: str
    """The file as the user names it (relative to the working directory when inside it)."""
    line: int
    """1-based line in the file as the author sees it, front matter included."""
    column: int
    """1-based column."""
    rule: str
    """Stable rule id, such as ``broken-link``."""
    message: str
    """What is wrong, in the author's terms."""
    hint: str = ""
    """What to do about it."""
    severity: Severity = Severity.ERROR

    def __post_init__(self) -> None:
        if self.rule not in RULES:
            raise ValueError(f"unknown rule id {self.rule!r}: add it to wikipk.rules.RULES")

    def sort_key(self) -> tuple[str, int, int, str]:
        """Order problems by file, then position, then rule."""
        return (self.path, self.line, self.column, self.rule)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A "did you mean" hint for a misspelt ``word``, or "" when nothing is close."""
    matches = get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{matches[0]}'?" if matches else ""


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Problems sorted by path and position, each once (two readers may find one problem: the
    walk of the content folder and the reader of a data file both refuse a link leading out)."""
    return sorted(dict.fromkeys(problems), key=Problem.sort_key)


def format_text(problems: Sequence[Problem]) -> str:
    """``path:line:col: rule: message`` lines, each followed by an indented hint."""
    lines = []
    for problem in problems:
        prefix = "" if problem.severity is Severity.ERROR else "warning: "
        lines.append(
            f"{problem.path}:{problem.line}:{problem.column}: {problem.rule}: "
            f"{prefix}{problem.message}"
        )
        if problem.hint:
            lines.append(f"    hint: {problem.hint}")
    return "\n".join(lines)


def format_json(problems: Sequence[Problem]) -> str:
    """A JSON array of problems, one object each."""
    rows = []
    for problem in problems:
        row = asdict(problem)
        row["severity"] = problem.severity.value
        rows.append(row)
    return json.dumps(rows, ensure_ascii=False, indent=2)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(problems: Sequence[Problem]) -> str:
    """GitHub Actions workflow commands, so problems show inline on a pull request's lines."""
    lines = []
    for problem in problems:
        body = problem.message + (f"\n{problem.hint}" if problem.hint else "")
        lines.append(
            f"::{problem.severity.value} file={_escape_property(problem.path)},"
            f"line={problem.line},col={problem.column},"
            f"title={_escape_property(problem.rule)}::{_escape_data(body)}"
        )
    return "\n".join(lines)
