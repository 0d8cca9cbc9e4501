"""The front-matter contract, as the JSON Schema files in ``wikipk/schemas/``.

The same files are published for editors' YAML language servers, so the autocompletion an editor
sees and the rules ``wikipk check`` enforces can never disagree. This module turns the schema
validator's errors into messages in the author's terms.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft7Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from wikipk.frontmatter import JsonPath
from wikipk.model import DocType
from wikipk.problems import did_you_mean

DOC_TYPES = ("sop", "guideline", "case-study", "scorecard", "report")

_TYPE_NAMES = {
    "string": "text",
    "array": "a list",
    "object": "a mapping of fields",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "a value",
}


@dataclass(frozen=True)
class SchemaIssue:
    """A front-matter field that breaks the contract."""

    path: JsonPath
    """Where in the front matter (``("videos", 0, "url")``)."""
    at_key: bool
    """True when the problem is best shown at the field's name rather than its value."""
    rule: str
    message: str
    hint: str


def schema_text(doc_type: str) -> str:
    """The published JSON Schema file of a document type."""
    return resources.files("wikipk").joinpath(f"schemas/{doc_type}.schema.json").read_text("utf-8")


@cache
def _schema(doc_type: str, languages: tuple[str, ...]) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(schema_text(doc_type))
    schema["properties"]["lang"]["enum"] = list(languages)
    return schema


@cache
def _any_type_schema(languages: tuple[str, ...]) -> dict[str, Any]:
    """Every type's fields at once: used when the type itself is wrong or missing."""
    merged = dict(_schema("report", languages))
    properties: dict[str, Any] = {}
    for doc_type in DOC_TYPES:
        properties.update(_schema(doc_type, languages)["properties"])
    properties["type"] = {key: value for key, value in properties["type"].items() if key != "const"}
    merged["properties"] = properties
    return merged


@cache
def _validator(doc_type: str | None, languages: tuple[str, ...]) -> Draft7Validator:
    schema = _schema(doc_type, languages) if doc_type else _any_type_schema(languages)
    return Draft7Validator(schema, format_checker=FormatChecker(["date"]))


def validate(data: dict[str, object], languages: Sequence[str]) -> list[SchemaIssue]:
    """Check front-matter data against its type's schema."""
    doc_type = data.get("type")
    known = doc_type if isinstance(doc_type, str) and doc_type in DOC_TYPES else None
    validator = _validator(known, tuple(languages))
    label = DocType(known).label if known else "a document"
    errors = list(validator.iter_errors(data))
    # A date in the wrong form also fails the date format: say only the first.
    malformed = {tuple(e.absolute_path) for e in errors if e.validator == "pattern"}
    issues: dict[SchemaIssue, None] = {}
    for error in errors:
        if error.validator == "format" and tuple(error.absolute_path) in malformed:
            continue
        issues.update(dict.fromkeys(_explain(error, label)))
    return list(issues)


def _explain(error: ValidationError, label: str) -> Iterator[SchemaIssue]:
    path: JsonPath = tuple(error.absolute_path)
    schema: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}
    field = _field_name(path)
    kind = error.validator
    if kind == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        assert isinstance(error.instance, dict)
        for key in sorted(set(error.instance) - set(allowed)):
            hint = did_you_mean(key, allowed) or _allowed_hint(path, allowed, label)
            yield SchemaIssue((*path, key), True, "unknown-field", f"unknown field '{key}'", hint)
        return
    if kind == "required":
        assert isinstance(error.instance, dict)
        where = f" in {field}" if path else ""
        for missing in _values(error):
            if missing in error.instance:
                continue
            about = schema.get("properties", {}).get(missing, {}).get("description", "")
            hint = f"add '{missing}:' to the front matter" + (f" ({about})" if about else "")
            yield SchemaIssue(
                path, False, "missing-field", f"{label} needs the field '{missing}'{where}", hint
            )
        return
    yield _explain_value(error, path, field, schema)


def _explain_value(
    error: ValidationError, path: JsonPath, field: str, schema: dict[str, Any]
) -> SchemaIssue:
    kind, value = error.validator, error.instance
    hint = ""
    if kind == "type":
        expected = _TYPE_NAMES.get(str(error.validator_value), str(error.validator_value))
        message = f"{field} must be {expected}, got {_describe(value)}"
        hint = str(schema.get("x-hint", ""))
    elif kind == "enum":
        choices = [str(choice) for choice in _values(error)]
        message = f"{field} '{value}' is not one of: {', '.join(choices)}"
        hint = did_you_mean(str(value), choices) or "use one of the values listed"
    elif kind == "pattern" and "x-message" in schema:
        message = str(schema["x-message"]).replace("{value}", str(value))
        hint = str(schema.get("x-hint", ""))
    elif kind == "format":
        message = f"{field} '{value}' is not a date that exists"
        hint = "check the day and the month"
    elif kind == "pattern" and schema.get("format") == "date":
        message = f"{field} '{value}' is not a date in the form YYYY-MM-DD"
        hint = str(schema.get("x-hint", ""))
    elif kind == "maxLength":
        limit = error.validator_value
        message = f"{field} is {len(str(value))} characters long; the limit is {limit}"
        hint = f"shorten it to {limit} characters or fewer"
    elif kind == "minimum":
        message = f"{field} must be at least {error.validator_value}, got {value}"
        hint = str(schema.get("x-hint", ""))
    elif kind == "minLength":
        message = f"{field} is empty"
        hint = "write a value or remove the field"
    elif kind == "uniqueItems":
        message = f"{field} lists the same item twice"
        hint = "remove the repeated item"
    else:
        message = f"{field} is not valid: {error.message}"
    return SchemaIssue(path, False, "invalid-field", message, hint)


def _values(error: ValidationError) -> list[Any]:
    value = error.validator_value
    return list(value) if isinstance(value, list | tuple) else []


def _field_name(path: JsonPath) -> str:
    if not path:
        return "front matter"
    parts = [str(path[0])]
    for part in path[1:]:
        parts.append(f"[{part + 1}]" if isinstance(part, int) else f".{part}")
    return "".join(parts)


def _allowed_hint(path: JsonPath, allowed: list[str], label: str) -> str:
    owner = _field_name(path) if path else label
    return f"the fields {owner} may have are: {', '.join(allowed)}"


def _describe(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"'{value}'"
