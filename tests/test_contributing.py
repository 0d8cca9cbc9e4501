"""CONTRIBUTING.md explains every rule a practitioner can meet, and what each check does."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from wikipk.rules import RULES

ROOT = Path(__file__).parent.parent
CONTRIBUTING = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")


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
        "## Edits made on Wiki Pakistan",
        "## What happens on merge",
    ],
)
def test_the_sections_practitioners_and_editors_need(heading: str) -> None:
    assert f"\n{heading}\n" in CONTRIBUTING


def test_editors_learn_the_names_the_wiki_edits_workflow_uses() -> None:
    path = ROOT / ".github" / "workflows" / "wiki-pull.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    env = data["jobs"]["pull"]["env"]
    section = CONTRIBUTING.split("\n## Edits made on Wiki Pakistan\n")[1].split("\n## ")[0]
    assert f"**Actions → {data['name']} → Run workflow**" in section
    assert f"`{path.relative_to(ROOT)}`" in section
    assert "`wikipk pull wiki --commit --format markdown`" in section
    assert f"branch `{env['BRANCH']}`" in section
    assert f"one pull request, **{env['TITLE']}**" in section
    assert "`wikipk check`" in section
