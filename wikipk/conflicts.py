"""The conflict markers a merge leaves in a file, and the rule that finds them.

``wikipk pull wiki`` (and git itself) writes a change that both git and a person on the wiki made
to the same lines with git's markers: ``<<<<<<< ours``, ``||||||| base`` (optional),
``=======``, ``>>>>>>> theirs``, each on a line of its own. ``wikipk check`` reports each such
region, in the front matter or the body, so nothing with both versions in it is ever published.

A region is a ``<<<<<<<`` line, then a ``=======`` line, then a ``>>>>>>>`` line. A ``=======``
anywhere else is a heading's underline, and a ``>>>>>>>`` line may be a quote seven deep: neither
is reported alone.
"""

from __future__ import annotations

import re

from wikipk.problems import Problem

_START = re.compile(r"<{7}(?:[ \t].*)?")
_MIDDLE = re.compile(r"={7}[ \t]*")
_END = re.compile(r">{7}(?:[ \t].*)?")
_HINT = (
    "keep the text that is right (git's version, the wiki's, or both combined), "
    "then delete the marker lines '<<<<<<<', '|||||||', '=======' and '>>>>>>>'"
)


def conflict_problems(display: str, text: str) -> list[Problem]:
    """A ``merge-conflict`` problem for each region of conflict markers left in ``text``.

    Args:
        display: the file as messages name it.
        text: the whole file (front matter included), LF line ends.

    Returns:
        One problem per region, at its ``<<<<<<<`` line; a ``<<<<<<<`` line whose region never
        ends is reported too.
    """
    problems = []
    start: int | None = None
    middle = False
    for number, line in enumerate(text.split("\n"), start=1):
        if _START.fullmatch(line):
            if start is not None:
                problems.append(_unfinished(display, start))
            start, middle = number, False
        elif start is not None and _MIDDLE.fullmatch(line):
            middle = True
        elif start is not None and middle and _END.fullmatch(line):
            message = (
                f"a merge conflict is left on lines {start}-{number}: both versions of "
                "the text are still there, between conflict markers"
            )
            problems.append(Problem(display, start, 1, "merge-conflict", message, _HINT))
            start = None
    if start is not None:
        problems.append(_unfinished(display, start))
    return problems


def _unfinished(display: str, line: int) -> Problem:
    message = (
        "a conflict marker '<<<<<<<' is left here, without the '=======' and '>>>>>>>' after it"
    )
    hint = "finish resolving the conflict: keep the text that is right and delete the marker line"
    return Problem(display, line, 1, "merge-conflict", message, hint)
