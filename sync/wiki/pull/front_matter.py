"""A person's infobox and category edits, as changes to a document's front matter.

:func:`front_matter_changes` says what the person changed between wikipk's revision and theirs
(an owner, a review date, a tag added as a category...), and :func:`edit_front_matter` writes
such changes into the file by editing only the lines of the fields that change: comments, the
order of fields, quoting, flow lists (``tags: [a, b]``) and block lists stay as the editor wrote
them. A YAML round trip cannot promise that: ruamel.yaml's (0.19, quotes preserved) rewrites
the list indentation of 6 of the 25 front matters of content/ with nothing changed, and moves
a changed value's line comment to another column.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Protocol

import yaml
from jsonschema import Draft7Validator, FormatChecker
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from sync.wiki.render.page import TAG_CATEGORY
from wikipk.errors import InternalError
from wikipk.schema import DOC_TYPES, schema_text

_FENCE = re.compile(r"^---[ \t]*$")
_CLOSE = re.compile(r"^(---|\.\.\.)[ \t]*$")
_DASH = re.compile(r"[ \t]*-[ \t]+")
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_TAG_PREFIX, _ = TAG_CATEGORY.split("{tag}")

#: Infobox fields that are front-matter fields of the same name, by kind of value.
TEXT_FIELDS = (
    *("owner", "version", "updated", "review_by", "sector"),
    *("district", "tehsil", "union_council", "period"),
)
LIST_FIELDS = ("authors",)
#: Infobox fields wikipk writes from other sources: a person's change to one is reported.
NO_HOME = {
    "id": "the document's id never changes (the wiki and the site follow it)",
    "type": "the type of a document is chosen in git",
    "lang": "the language of a document is chosen in git",
    "dir": "the direction of the text follows the document's language",
    "language": "the language name follows the document's language",
    "translations": "translations are linked from their own documents' translation_of",
    "location": "the place of a case study is a mapping (location: district, tehsil, "
    "union_council) that the infobox shows as one line",
    "videos": "videos are listed with their URLs in the front matter",
    "access": "whether a document is premium is decided in git",
}


class FrontMatterEditError(InternalError, ValueError):
    """The file has no front matter that can be edited (missing, unclosed, not a mapping)."""


class PageFields(Protocol):
    """What :func:`front_matter_changes` reads of a page (``reader.PageParts`` has it)."""

    @property
    def infobox(self) -> Mapping[str, str]:
        """Infobox parameters as plain text (tags as ``"a, b"``)."""
        ...

    @property
    def categories(self) -> Sequence[str]:
        """Category names, without ``Category:``."""
        ...


@dataclass(frozen=True)
class FieldConflict:
    """A field both git and the person changed since wikipk's revision, differently."""

    field: str
    ours: object
    """The value in git now (None: not set)."""
    base: object
    """The value wikipk last wrote."""
    theirs: object
    """The value the person wrote (None: removed)."""


@dataclass(frozen=True)
class NotMerged:
    """A change of the person's that has no place in the front matter, or does not fit it."""

    what: str
    """The infobox field or category, as the report names it (``field 'location'``)."""
    value: str
    """What the person wrote ("" when they removed it)."""
    reason: str
    """Why it was not brought home, in the editor's terms."""


@dataclass(frozen=True)
class FrontMatterDiff:
    """The person's infobox and category edits, as front-matter changes."""

    changes: dict[str, object | None] = field(default_factory=dict)
    """Field -> new value (None removes the field), for :func:`edit_front_matter`."""
    conflicts: tuple[FieldConflict, ...] = ()
    not_merged: tuple[NotMerged, ...] = ()


def front_matter_changes(
    base: PageFields, theirs: PageFields, front: Mapping[str, Any]
) -> FrontMatterDiff:
    """What a person changed in a page's infobox and categories, as front-matter changes.

    Args:
        base: the page as wikipk last wrote it.
        theirs: the page as the person left it.
        front: the document's front matter in git now (as read from the file).

    Returns:
        The changes to make; fields git also changed since (conflicts, not merged); and the
        changes that have no field to go to or do not fit the contract (reported).
    """
    diff = _Diff(str(front.get("type", "")), front)
    names = dict.fromkeys([*base.infobox, *theirs.infobox])
    for name in names:
        old, new = base.infobox.get(name, "").strip(), theirs.infobox.get(name, "").strip()
        if old != new and name != "tags":
            diff.field(name, old, new)
    diff.tags(_tags(base), _tags(theirs))
    diff.categories(base.categories, theirs.categories)
    return FrontMatterDiff(diff.changes, tuple(diff.conflicts), tuple(diff.not_merged))


def _tags(page: PageFields) -> tuple[set[str], set[str]]:
    """A page's tags in its infobox, and as its ``Tag: x`` categories."""
    listed = {tag.strip() for tag in page.infobox.get("tags", "").split(",") if tag.strip()}
    named = {name.removeprefix(_TAG_PREFIX).strip() for name in page.categories if _is_tag(name)}
    return listed, named


def _is_tag(category: str) -> bool:
    return category.startswith(_TAG_PREFIX)


class _Diff:
    """Gathers the changes, conflicts and reports of one page."""

    def __init__(self, doc_type: str, front: Mapping[str, Any]) -> None:
        self.doc_type = doc_type
        self.front = front
        self.changes: dict[str, object | None] = {}
        self.conflicts: list[FieldConflict] = []
        self.not_merged: list[NotMerged] = []

    def field(self, name: str, old: str, new: str) -> None:
        """One infobox field the person changed from ``old`` to ``new``."""
        if name not in TEXT_FIELDS and name not in LIST_FIELDS:
            reason = NO_HOME.get(name, "the infobox has no such field")
            self.not_merged.append(NotMerged(f"field '{name}'", new, reason))
            return
        value, before = _value(name, new), _value(name, old)
        problem = _unfit(self.doc_type, name, value)
        if problem:
            self.not_merged.append(NotMerged(f"field '{name}'", new, problem))
        elif _plain(self.front.get(name)) != before:
            ours = _plain(self.front.get(name))
            self.conflicts.append(FieldConflict(name, ours, before, value))
        else:
            self.changes[name] = value

    def tags(self, base: tuple[set[str], set[str]], theirs: tuple[set[str], set[str]]) -> None:
        """Tags the person added or removed, in the infobox's list or as categories."""
        added = (theirs[0] - base[0]) | (theirs[1] - base[1])
        removed = (base[0] - theirs[0]) | (base[1] - theirs[1])
        added, removed = added - removed, removed - added
        now = [str(tag) for tag in self.front.get("tags") or []]
        for tag in sorted(added):
            problem = _unfit(self.doc_type, "tags", [tag])
            if problem:
                self.not_merged.append(NotMerged(f"tag '{tag}'", tag, problem))
            elif tag not in now:
                now.append(tag)
        now = [tag for tag in now if tag not in removed]
        if now != [str(tag) for tag in self.front.get("tags") or []]:
            self.changes["tags"] = now or None

    def categories(self, base: Sequence[str], theirs: Sequence[str]) -> None:
        """Categories other than tags that the person added or removed (reported)."""
        for name in theirs:
            if name not in base and not _is_tag(name):
                reason = "a document's categories come from its type, tags and language"
                self.not_merged.append(NotMerged(f"category '{name}'", name, reason))
        for name in base:
            if name not in theirs and not _is_tag(name):
                reason = "the category follows the document's type or language, set in git"
                self.not_merged.append(NotMerged(f"category '{name}' removed", "", reason))


def _value(name: str, text: str) -> object | None:
    """The front-matter value of an infobox text (None when empty: the field is removed)."""
    if name in LIST_FIELDS:
        items = [item.strip() for item in text.split(",") if item.strip()]
        return items or None
    return text or None


def _plain(value: object) -> object | None:
    """A front-matter value in the form :func:`_value` gives (dates and numbers as text)."""
    if isinstance(value, list):
        return [str(item) for item in value] or None
    if value is None or value == "":
        return None
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


@cache
def _properties(doc_type: str) -> dict[str, Any]:
    properties: dict[str, Any] = json.loads(schema_text(doc_type))["properties"]
    return properties


def _unfit(doc_type: str, name: str, value: object | None) -> str:
    """Why ``value`` cannot be the field ``name`` of a document of this type ("" when it can)."""
    if doc_type not in DOC_TYPES:
        return f"the document's type '{doc_type}' is unknown"
    properties = _properties(doc_type)
    if name not in properties:
        return f"a {doc_type} document has no field '{name}'"
    if value is None:
        required = json.loads(schema_text(doc_type))["required"]
        return f"the field '{name}' is required" if name in required else ""
    checker = Draft7Validator(properties[name], format_checker=FormatChecker(["date"]))
    if checker.is_valid(value):
        return ""
    return f"it does not fit the field: {properties[name].get('description', '')}".strip()


def edit_front_matter(file_text: str, changes: Mapping[str, object | None]) -> str:
    """Set or remove top-level fields of a document's front matter, keeping every other byte.

    Args:
        file_text: the whole file (front matter and body, LF line ends).
        changes: field -> value (text, number, date, or a list of them); None removes the
            field. A field the front matter lacks is added at its end, a list in flow style.

    Returns:
        The file with the fields changed; the same text when ``changes`` changes nothing.

    Raises:
        FrontMatterEditError: the file has no readable front matter.
    """
    lines = file_text.split("\n")
    if not lines or not _FENCE.match(lines[0]):
        raise FrontMatterEditError("the file does not start with front matter")
    end = next((i for i in range(1, len(lines)) if _CLOSE.match(lines[i])), None)
    if end is None:
        raise FrontMatterEditError("the front matter is never closed")
    entries = _entries(lines[1:end])
    edits = [(entries[key], value) for key, value in changes.items() if key in entries]
    added = [
        f"{key}: {_render(value)}"
        for key, value in changes.items()
        if key not in entries and value is not None
    ]
    # Edits from the last field up, so the lines of the fields above do not move.
    for entry, value in sorted(edits, key=lambda item: -item[0].start):
        lines[entry.start + 1 : entry.end + 1] = entry.replaced(lines, value)
    end = next(i for i in range(1, len(lines)) if _CLOSE.match(lines[i]))
    lines[end:end] = added
    return "\n".join(lines)


@dataclass(frozen=True)
class _Entry:
    """The lines of one top-level field: ``[start, end)`` of the YAML text."""

    key: str
    start: int
    end: int
    node: Node

    def replaced(self, file_lines: list[str], value: object | None) -> list[str]:
        """The entry's file lines with ``value`` in place of its value (none to remove it)."""
        if value is None:
            return []
        own = file_lines[self.start + 1 : self.end + 1]
        node = self.node
        start, stop = node.start_mark, node.end_mark
        if isinstance(node, SequenceNode) and not node.flow_style and isinstance(value, list):
            if not value:
                return [f"{self.key}: []"]
            dash = _DASH.match(own[start.line - self.start])
            indent = dash.group(0) if dash else "  - "
            return [own[0], *(f"{indent}{_scalar(entry)}" for entry in value)]
        if start.line == stop.line == self.start and stop.column > start.column:
            line = own[0]
            style = node.style if isinstance(node, ScalarNode) else None
            rendered = _render(value, style)
            return [line[: start.column] + rendered + line[stop.column :], *own[1:]]
        return [f"{self.key}: {_render(value)}"]


def _entries(yaml_lines: list[str]) -> dict[str, _Entry]:
    """Each top-level field of the front matter with its lines (comments after it excluded)."""
    try:
        root = yaml.compose("\n".join(yaml_lines), Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        raise FrontMatterEditError(f"the front matter is not valid YAML: {error}") from error
    if not isinstance(root, MappingNode):
        raise FrontMatterEditError("the front matter is not a mapping of fields")
    entries: dict[str, _Entry] = {}
    for key, value in root.value:
        stop = value.end_mark
        end = stop.line + 1 if stop.column > 0 else stop.line
        start = key.start_mark.line
        while end - 1 > start and _blank_or_comment(yaml_lines[end - 1]):
            end -= 1
        entries[str(key.value)] = _Entry(str(key.value), start, end, value)
    return entries


def _blank_or_comment(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def _render(value: object, style: str | None = None) -> str:
    """A value as YAML on one line: a scalar, or a flow list ``[a, b]``."""
    if isinstance(value, Mapping):
        raise FrontMatterEditError(
            "a mapping is not written by a line edit: give a scalar or a list"
        )
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_scalar(item, flow=True) for item in value) + "]"
    return _scalar(value, style)


def _scalar(value: object, style: str | None = None, flow: bool = False) -> str:
    """One value, plain when YAML reads it back as the same text, else double-quoted (as
    content/ writes ``period: "2026"``) or in the style the file used."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool | int | float):
        return _dump(value)
    text = str(value)
    if _ISO_DATE.match(text) and style is None:
        return text  # front matter reads dates as text: written as people write them
    plain = _dump(text)
    needs_quotes = plain.startswith(("'", '"')) or (flow and any(c in text for c in ",[]{}#"))
    if style in ("'", '"') or needs_quotes:
        return _dump(text, "'" if style == "'" else '"')
    return plain


def _dump(value: object, quote: str | None = None) -> str:
    """PyYAML's writing of one scalar, on one line."""
    text = yaml.safe_dump(value, default_style=quote, allow_unicode=True, width=1_000_000)
    return text.removesuffix("\n...\n").removesuffix("\n")
