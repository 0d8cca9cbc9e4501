"""CONTRIBUTING.md explains every rule a practitioner can meet, and what each check does."""

from __future__ import annotations

from pathlib import Path

import pytest

from wikipk.rules import RULES

CONTRIBUTING = (Path(__file__).parent.parent / "CONTRIBUTING.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("rule", sorted(RULES))
def test_every_rule_is_explained_with_a_fix(rule: str) -> None:
    rows = [line for line in CONTRIBUTING.splitlines() if line.startswith(f"| `{rule}` |")]
    assert len(rows) == 1, f"CONTRIBUTING.md has no row for the rule `{rule}`"
    cells = [cell.strip() for cell in rows[0].strip("|").split(" | ")]
    assert len(cells) == 3 and all(cells), f"the row of `{rule}` needs a meaning and a fix"


@pytest.mark.parametrize(
    "command",
    ["wikipk check --format github", "wikipk build", "wikipk plan --format markdown"],
)
def test_every_check_of_a_pull_request_is_explained(command: str) -> None:
    assert f"`{command}`" in CONTRIBUTING


@pytest.mark.parametrize(
    "heading",
    [
        "## Propose an SOP from GitHub's web editor",
        "## What the checks do",
        "## Translations",
        "## Premium case studies",
        "## What happens on merge",
    ],
)
def test_the_sections_practitioners_and_editors_need(heading: str) -> None:
    assert f"\n{heading}\n" in CONTRIBUTING
