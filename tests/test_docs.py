"""The docs and the published contract check themselves."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest

from wikipk.cli import main
from wikipk.rules import RULES
from wikipk.schema import DOC_TYPES, schema_text

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "wikipk") -> list[str]:
    names = []
    context = click.Context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        assert command is not None, name
        names.append(f"{prefix} {name}")
        if isinstance(command, click.Group):
            names.extend(_commands(command, f"{prefix} {name}"))
    return names


@pytest.mark.parametrize("command", _commands(main))
def test_every_cli_command_is_in_the_readme(command: str) -> None:
    assert f"`{command}" in README, f"README.md does not document `{command}`"


@pytest.mark.parametrize("doc_type", DOC_TYPES)
def test_every_front_matter_field_is_in_the_readme(doc_type: str) -> None:
    for field in json.loads(schema_text(doc_type))["properties"]:
        assert f"`{field}`" in README, f"README.md does not document the field `{field}`"


@pytest.mark.parametrize("rule", sorted(RULES))
def test_every_rule_is_in_the_readme(rule: str) -> None:
    assert f"`{rule}`" in README, f"README.md does not explain the rule `{rule}`"


def test_the_schemas_share_one_common_contract() -> None:
    schemas = {doc_type: json.loads(schema_text(doc_type)) for doc_type in DOC_TYPES}
    common = (
        "id",
        "title",
        "lang",
        "summary",
        "updated",
        "tags",
        "access",
        "translation_of",
        "authors",
        "videos",
    )
    for field in common:
        variants = {json.dumps(s["properties"][field], sort_keys=True) for s in schemas.values()}
        assert len(variants) == 1, f"field {field} differs between the schema files"
    for doc_type, schema in schemas.items():
        assert schema["properties"]["type"]["const"] == doc_type
        assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
        assert schema["additionalProperties"] is False
