"""The placeholder text ``wikipk new`` writes, and the rule that finds it left in a document.

``wikipk new`` fills every field and section it cannot know with ``TODO`` (alone, or followed by
a colon and what to write there), in English and Urdu documents alike. ``wikipk check`` reports
each one still there, so a document cannot be published with its placeholders.
"""

from __future__ import annotations

from collections.abc import Iterator

from wikipk.frontmatter import FrontMatter, JsonPath
from wikipk.markdown import Body
from wikipk.problems import Problem

PLACEHOLDER = "TODO"


def placeholder(what: str = "") -> str:
    """The placeholder for a value: ``TODO``, or ``TODO: what`` saying what belongs there."""
    return f"{PLACEHOLDER}: {what}" if what else PLACEHOLDER


def is_placeholder(text: str) -> bool:
    """True for text that is a placeholder ``wikipk new`` writes."""
    text = text.strip()
    return text == PLACEHOLDER or text.startswith(f"{PLACEHOLDER}:")


def placeholder_problems(display: str, matter: FrontMatter, tree: Body) -> list[Problem]:
    """A ``placeholder`` problem for each field value and body paragraph still a placeholder."""
    problems = []
    for path, text in _texts(matter.data, ()):
        if is_placeholder(text):
            line, column = matter.where(path)
            field = ".".join(str(part) for part in path)
            message = f"the field '{field}' still holds the placeholder '{_short(text)}'"
            hint = "replace it with the document's own value"
            problems.append(Problem(display, line, column, "placeholder", message, hint))
    for line, column, text in _paragraphs(tree):
        message = f"this paragraph is still the placeholder '{_short(text)}'"
        hint = "write the text that belongs here in its place"
        line = matter.body_line + line - 1
        problems.append(Problem(display, line, column, "placeholder", message, hint))
    return problems


def _paragraphs(tree: Body) -> Iterator[tuple[int, int, str]]:
    """(1-based body line and column, text) of each paragraph that is a placeholder."""
    if PLACEHOLDER.encode() not in tree.source:
        return
    for node in tree.walk():
        if node.kind == "paragraph" and node.children:
            text = tree.slice(node).strip()
            if is_placeholder(text):
                yield (*tree.position(node.start), text)


def _texts(value: object, path: JsonPath) -> Iterator[tuple[JsonPath, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, (*path, str(key)))
    elif isinstance(value, list):
        for number, item in enumerate(value):
            yield from _texts(item, (*path, number))


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:39] + "…"
