"""``wikipk scorecard import``: a field-survey export becomes a checked scorecard report."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.cli_helpers import run, run_check
from tests.scorecard_helpers import DATA, add_reference

SURVEY = (DATA / "survey.csv").read_text(encoding="utf-8")


@pytest.fixture
def scorecards(knowledge_base: Path) -> Path:
    return add_reference(knowledge_base)


def _survey(knowledge_base: Path, text: str = SURVEY) -> None:
    (knowledge_base / "survey.csv").write_text(text, encoding="utf-8")


def test_a_survey_becomes_a_checked_report(knowledge_base: Path, scorecards: Path) -> None:
    _survey(knowledge_base)
    result = run(
        "scorecard", "import", "survey.csv", "--place", "Nahar/Nahar Bazar", "--period", "2026"
    )
    assert result.output.splitlines() == [
        "Wrote content/scorecards/nahar-bazar-2026.md: 4 respondents, 6 of 7 indicators scored.",
        "  water.availability      mean 3, 4 answers, 0% missing",
        "  water.quality           mean 4.33, 3 answers, 25% missing",
        "  water.repairs           not assessed, 0 answers, 100% missing",
        "  sanitation.drains       mean 2.5, 4 answers, 0% missing",
        "  sanitation.flooding     mean 2, 4 answers, 0% missing",
        "  solid_waste.collection  mean 4.75, 4 answers, 0% missing",
        "  solid_waste.streets     mean 1.25, 4 answers, 0% missing",
        "Checked: no problems.",
    ]
    assert result.exit_code == 0
    today = date.today().isoformat()
    assert (
        (scorecards / "nahar-bazar-2026.md").read_text(encoding="utf-8")
        == f"""---
id: nahar-bazar-2026
type: scorecard
title: Nahar Bazar union council scorecard, 2026
lang: en
summary: Community scorecard for water supply, sanitation and solid waste in Nahar Bazar union council (Nahar tehsil, Sample District) for 2026, from a survey of 4 respondents.
updated: {today}
tags: [scorecard]
district: Sample District
tehsil: Nahar
union_council: Nahar Bazar
period: "2026"
respondents: 4
scores:
  water:
    availability: {{mean: 3, answers: 4}}
    quality: {{mean: 4.33, answers: 3}}
    repairs: not assessed
  sanitation:
    drains: {{mean: 2.5, answers: 4}}
    flooding: {{mean: 2, answers: 4}}
  solid_waste:
    collection: {{mean: 4.75, answers: 4}}
    streets: {{mean: 1.25, answers: 4}}
---

## How the scores were gathered

Imported from the field survey `survey.csv` on {today} with `wikipk scorecard import`: 4 respondents. Each score is the mean of the answers given; an indicator nobody answered is marked not assessed.
"""
    )
    assert run_check().exit_code == 0


def test_a_kobo_export_with_semicolons_and_an_urdu_place_name(
    knowledge_base: Path, scorecards: Path
) -> None:
    _survey(knowledge_base, SURVEY.replace(",", ";"))
    result = run("scorecard", "import", "survey.csv", "--place", "پہاڑ بالا", "--period", "2026-05")
    assert result.exit_code == 0, result.output
    text = (scorecards / "pahar-bala-2026-05.md").read_text(encoding="utf-8")
    assert "union_council: Pahar Bala\n" in text
    assert "    quality: {mean: 4.33, answers: 3}\n" in text


def test_bad_answers_are_reported_at_their_row_and_column(
    knowledge_base: Path, scorecards: Path
) -> None:
    bad = SURVEY.replace("2026-05-02,4,4,,3", "2026-05-02,4,high,,3").replace(
        "2026-05-03,3,,99,3,1,5", "2026-05-03,3,,99,3,7,5"
    )
    _survey(knowledge_base, bad)
    result = run("scorecard", "import", "survey.csv", "--place", "Nahar Colony", "--period", "2026")
    hint = "    hint: fix the answer, or add '{}' to missing_answers in the framework if it means no answer"
    assert result.output.splitlines() == [
        "survey.csv:3:25: score-off-scale: water.quality answer 'high' is not a number on the scale 1-5",
        hint.format("high"),
        "survey.csv:5:31: score-off-scale: sanitation.flooding answer 7 is outside its scale 1-5",
        hint.format("7"),
        "2 problems in 1 file (1 document checked)",
        "Nothing was written: fix the survey first.",
    ]
    assert result.exit_code == 1
    assert not (scorecards / "nahar-colony-2026.md").exists()


def test_a_missing_column_is_named(knowledge_base: Path, scorecards: Path) -> None:
    _survey(knowledge_base, SURVEY.replace("waste_streets", "waste_street"))
    result = run("scorecard", "import", "survey.csv", "--place", "Nahar Colony", "--period", "2026")
    assert result.output.splitlines()[:2] == [
        "survey.csv:1:1: survey-column: the survey has no column 'waste_streets' for "
        "solid_waste.streets",
        "    hint: did you mean 'waste_street'?",
    ]
    assert result.exit_code == 1


def test_an_unknown_place_and_period_and_an_existing_report(
    knowledge_base: Path, scorecards: Path
) -> None:
    _survey(knowledge_base)
    result = run("scorecard", "import", "survey.csv", "--place", "Nahar Bazr", "--period", "2026")
    assert result.output == (
        "Error: no union council is called 'Nahar Bazr' in the gazetteer; "
        "did you mean 'Nahar Bazar'?\n"
    )
    assert result.exit_code == 2
    urdu = run("scorecard", "import", "survey.csv", "--place", "نہر بزار", "--period", "2026")
    assert (urdu.output, urdu.exit_code) == (
        "Error: no union council is called 'نہر بزار' in the gazetteer; "
        "did you mean 'نہر بازار'?\n",
        2,
    )
    result = run("scorecard", "import", "survey.csv", "--place", "Nahar Bazar", "--period", "26")
    assert result.output == "Error: period '26' must be a year (YYYY) or a month (YYYY-MM)\n"
    args = ("scorecard", "import", "survey.csv", "--place", "Nahar Bazar", "--period", "2026")
    assert run(*args).exit_code == 0
    result = run(*args)
    assert result.output == (
        "Error: content/scorecards/nahar-bazar-2026.md exists; use --force to replace it with "
        "this survey's scores\n"
    )
    assert result.exit_code == 2
    assert run(*args, "--force").exit_code == 0


def test_an_odk_central_export_with_hyphenated_group_names(
    knowledge_base: Path, scorecards: Path
) -> None:
    _survey(knowledge_base, SURVEY.replace("water/", "water-"))
    result = run("scorecard", "import", "survey.csv", "--place", "Pahar Payan", "--period", "2026")
    assert result.exit_code == 0, result.output
    text = (scorecards / "pahar-payan-2026.md").read_text(encoding="utf-8")
    assert "    availability: {mean: 3, answers: 4}\n" in text


def test_an_empty_survey_writes_nothing(knowledge_base: Path, scorecards: Path) -> None:
    _survey(knowledge_base, SURVEY.splitlines()[0] + "\n")
    result = run("scorecard", "import", "survey.csv", "--place", "Pahar Payan", "--period", "2026")
    assert (
        result.output == "Error: the survey 'survey.csv' has no answers: it holds only its header\n"
    )
    assert result.exit_code == 2
    assert not (scorecards / "pahar-payan-2026.md").exists()
