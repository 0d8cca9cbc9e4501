"""Scorecard reports in ``wikipk check``: every rule with its exact message, and the arithmetic."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli_helpers import run_check
from tests.scorecard_helpers import DATA, add_reference
from wikipk.config import load_config
from wikipk.loading import load_knowledge_base
from wikipk.scorecards.board import compute

BASE = (DATA / "nahar-bazar-2025.md").read_text(encoding="utf-8")


@pytest.fixture
def scorecards(knowledge_base: Path) -> Path:
    """A knowledge base with the starter framework, gazetteer and maps, and no reports."""
    return add_reference(knowledge_base)


def _write(folder: Path, *edits: tuple[str, str], name: str = "nahar-bazar-2025.md") -> Path:
    text = BASE
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def _problems(documents: int = 1) -> list[str]:
    result = run_check("--no-cache")
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert lines[-1].endswith(f"({documents} document{'s' if documents > 1 else ''} checked)")
    return lines[:-1]


def test_a_valid_scorecard_passes(scorecards: Path) -> None:
    _write(scorecards)
    result = run_check("--no-cache")
    assert result.output == "1 document checked: no problems\n"
    assert result.exit_code == 0


def test_place_names_are_checked_with_a_did_you_mean(scorecards: Path) -> None:
    _write(scorecards, ("tehsil: Nahar", "tehsil: Nahr"))
    assert _problems() == [
        "content/scorecards/nahar-bazar-2025.md:9:9: unknown-place: tehsil 'Nahr' is not in the "
        "gazetteer under Sample District",
        "    hint: did you mean 'Nahar'?",
    ]


def test_places_may_be_named_in_urdu_and_misspelt_urdu_is_caught(scorecards: Path) -> None:
    _write(
        scorecards,
        ("tehsil: Nahar", "tehsil: نہر"),
        ("union_council: Nahar Bazar", "union_council: نہر بازر"),
    )
    assert _problems() == [
        "content/scorecards/nahar-bazar-2025.md:10:16: unknown-place: union council 'نہر بازر' is "
        "not in the gazetteer under Nahar tehsil",
        "    hint: did you mean 'نہر بازار'?",
    ]


def test_unknown_service_and_indicator(scorecards: Path) -> None:
    _write(scorecards, ("  solid_waste:", "  solid_wast:"), ("    flooding: 2", "    floding: 2"))
    assert _problems() == [
        "content/scorecards/nahar-bazar-2025.md:13:1: score-missing: service solid_waste is not "
        "in the scores",
        "    hint: score its indicators (collection, streets) or mark them 'not assessed'",
        "content/scorecards/nahar-bazar-2025.md:18:3: score-missing: sanitation.flooding is not "
        "in the scores",
        "    hint: give its mean on the scale 1-5, or write 'not assessed'",
        "content/scorecards/nahar-bazar-2025.md:20:5: unknown-score: indicator 'floding' is not "
        "in the framework's sanitation service",
        "    hint: did you mean 'flooding'?",
        "content/scorecards/nahar-bazar-2025.md:21:3: unknown-score: service 'solid_wast' is not "
        "in the framework",
        "    hint: did you mean 'solid_waste'?",
    ]


def test_values_off_the_scale_and_answers_over_the_respondents(scorecards: Path) -> None:
    _write(
        scorecards,
        ("quality: 4", "quality: 7"),
        ("flooding: 2", "flooding: high"),
        ("answers: 38", "answers: 41"),
    )
    assert _problems() == [
        "content/scorecards/nahar-bazar-2025.md:16:14: score-off-scale: water.quality is 7, "
        "outside its scale 1-5",
        "    hint: check the value: a mean answer lies between the lowest and highest answer",
        "content/scorecards/nahar-bazar-2025.md:19:34: score-answers: sanitation.drains has 41 "
        "answers, more than the 40 respondents",
        "    hint: check the count, or the report's 'respondents'",
        "content/scorecards/nahar-bazar-2025.md:20:15: score-off-scale: sanitation.flooding must "
        "be a number from 1 to 5 or 'not assessed', got 'high'",
        "    hint: write the mean answer, such as 3.4",
    ]


def test_scores_are_required(scorecards: Path) -> None:
    text = BASE.split("scores:")[0] + "---\n\nNo scores.\n"
    (scorecards / "nahar-bazar-2025.md").write_text(text, encoding="utf-8")
    assert _problems() == [
        "content/scorecards/nahar-bazar-2025.md:3:7: score-missing: a scorecard needs its scores",
        "    hint: write 'scores:' in the front matter, or put them in nahar-bazar-2025.csv beside "
        "it ('wikipk scorecard import' makes one from a survey)",
    ]


CSV = """service,indicator,mean,answers
water,availability,3,40
water,quality,4,39
water,repairs,not assessed,
sanitation,drains,2.5,38
sanitation,flooding,2,40
solid_waste,collection,5,40
solid_waste,streets,1,40
"""


def _csv_report(folder: Path, csv_text: str) -> None:
    text = BASE.split("scores:")[0] + "---\n\nScores in the CSV file.\n"
    (folder / "nahar-bazar-2025.md").write_text(text, encoding="utf-8")
    (folder / "nahar-bazar-2025.csv").write_text(csv_text, encoding="utf-8")


def test_scores_may_come_from_a_csv_file_beside_the_report(scorecards: Path) -> None:
    _csv_report(scorecards, CSV)
    assert run_check("--no-cache").exit_code == 0
    knowledge = load_knowledge_base(load_config(scorecards.parent.parent))
    (document,) = knowledge.documents
    assert document.scores is not None
    assert document.scores.source == "scorecards/nahar-bazar-2025.csv"
    assert [s.answers for s in document.scores.scores] == [40, 39, None, 38, 40, 40, 40]


def test_a_bad_csv_row_is_reported_at_its_row_and_column(scorecards: Path) -> None:
    _csv_report(
        scorecards,
        CSV.replace("water,quality,4,39", "water,quality,4..,39").replace(
            "sanitation,flooding,2,40", '"sanitation","flooding",9,40'
        ),
    )
    assert _problems() == [
        "content/scorecards/nahar-bazar-2025.csv:3:15: score-off-scale: water.quality must be a "
        "number from 1 to 5 or 'not assessed', got '4..'",
        "    hint: write the mean answer, such as 3.4",
        "content/scorecards/nahar-bazar-2025.csv:6:25: score-off-scale: sanitation.flooding is 9, "
        "outside its scale 1-5",
        "    hint: check the value: a mean answer lies between the lowest and highest answer",
    ]


def test_a_csv_without_its_columns_and_scores_given_twice(scorecards: Path) -> None:
    _csv_report(scorecards, CSV.replace("mean,answers", "score,answers"))
    assert _problems() == [
        "content/scorecards/nahar-bazar-2025.csv:1:1: scores-file: the header lacks the column "
        "mean",
        "    hint: start the file with the line 'service,indicator,mean,answers'",
    ]
    _write(scorecards)
    assert _problems() == [
        "content/scorecards/nahar-bazar-2025.md:13:1: scores-file: scores are given twice: here "
        "and in nahar-bazar-2025.csv",
        "    hint: keep one: the scores inline, or the CSV file",
    ]


def test_one_report_per_place_and_period(scorecards: Path) -> None:
    _write(scorecards)
    _write(
        scorecards,
        ("id: nahar-bazar-2025", "id: nahar-bazar-again"),
        ("title: Nahar Bazar scorecard, 2025", "title: Nahar Bazar again"),
        name="again.md",
    )
    assert _problems(2) == [
        "content/scorecards/nahar-bazar-2025.md:11:9: duplicate-scorecard: Nahar Bazar (Nahar) "
        "for 2025 is already scored by content/scorecards/again.md",
        "    hint: merge the two reports, or correct the place or the period",
    ]


def test_a_missing_framework_is_named_by_the_scorecard(scorecards: Path) -> None:
    _write(scorecards)
    (scorecards / "framework.yml").unlink()
    assert _problems() == [
        "content/scorecards/nahar-bazar-2025.md:3:7: scorecard-framework: a scorecard needs the "
        "scoring framework scorecards/framework.yml",
        "    hint: create it in the content folder (see README.md, Scorecards)",
    ]


def test_a_malformed_framework_is_located(scorecards: Path) -> None:
    _write(scorecards)
    _edit(
        scorecards / "framework.yml",
        "        scale: [1, 5]\n        weight: 0.35",
        "        scale: [5, 1]\n        weight: 0.35",
    )
    lines = _problems()
    assert lines == [
        "content/scorecards/framework.yml:29:16: scorecard-framework: "
        "services.water.indicators.quality.scale must be [lowest, highest], two whole numbers",
        "    hint: write the scale such as [1, 5], the worst answer first",
    ]


def test_weights_must_add_up(scorecards: Path) -> None:
    _write(scorecards)
    _edit(scorecards / "framework.yml", "weight: 0.6", "weight: 0.7")
    assert _problems() == [
        "content/scorecards/framework.yml:54:5: weights-inconsistent: the weights of the "
        "indicators of solid_waste add up to 1.1, not 1",
        "    hint: give each a share so that together they make 1, such as 0.5, 0.3 and 0.2",
    ]


def test_a_map_naming_an_unknown_union_council(scorecards: Path) -> None:
    _write(scorecards)
    _edit(scorecards / "pahar.geojson", '"Pahar Payan"', '"Pahar Payn"')
    assert _problems() == [
        "content/scorecards/gazetteer.yml:21:14: gazetteer-invalid: map "
        "'content/scorecards/pahar.geojson' feature 2 names 'Pahar Payn', not a union council "
        "here",
        "    hint: did you mean 'Pahar Payan'?",
    ]


def test_the_cache_rechecks_a_scorecard_when_the_framework_or_its_csv_changes(
    scorecards: Path,
) -> None:
    _csv_report(scorecards, CSV)
    assert run_check().exit_code == 0
    _edit(
        scorecards / "framework.yml",
        "scale: [1, 5]\n        weight: 0.4",
        "scale: [1, 3]\n        weight: 0.4",
    )
    assert "water.availability is 3" not in run_check().output
    _edit(scorecards / "nahar-bazar-2025.csv", "water,availability,3,40", "water,availability,4,40")
    result = run_check()
    assert (
        "nahar-bazar-2025.csv:2:20: score-off-scale: water.availability is 4, outside its scale 1-3"
        in result.output
    )


def test_scores_are_weighted_and_changes_computed(scorecards: Path) -> None:
    _write(scorecards)
    _write(
        scorecards,
        ("id: nahar-bazar-2025", "id: nahar-bazar-2026"),
        ('period: "2025"', 'period: "2026"'),
        ("collection: 5", "collection: 3"),
        name="nahar-bazar-2026.md",
    )
    knowledge = load_knowledge_base(load_config(scorecards.parent.parent))
    board = compute(knowledge.documents, knowledge.reference)
    assert board is not None
    first, second = board.report("nahar-bazar-2025"), board.report("nahar-bazar-2026")
    assert first is not None and second is not None
    # water: (0.4 * 50 + 0.35 * 75) / 0.75, repairs not assessed; sanitation: 37.5 and 25.
    assert [round(s.score or 0, 3) for s in first.services] == [61.667, 31.25, 60.0]
    assert round(first.overall or 0, 3) == 50.604
    assert first.previous is None and first.change is None
    assert second.previous == "2025"
    assert [s.change for s in second.services] == [0.0, 0.0, pytest.approx(-30.0)]
    assert second.change == pytest.approx(-7.5)
    assert [p.period for p in second.history] == ["2025", "2026"]
    (overview,) = [o for o in board.overviews if o.period == "2025"]
    assert overview.slug == "sample-district-nahar-2025"
    assert [r.document.id for r in overview.ranking] == ["nahar-bazar-2025"]
    assert [p.union_council.en for p in overview.unscored] == ["Nahar Colony", "Nahar Mandi"]
    assert board.band(50.604).label.en == "Fair"
    first_water = first.services[0].indicators[0]
    assert first_water.missing == 0.0 and first_water.percent == 50.0


def test_premium_reports_are_left_out_of_every_computed_table(scorecards: Path) -> None:
    _write(scorecards, ("updated: 2026-11-23", "updated: 2026-11-23\naccess: premium"))
    knowledge = load_knowledge_base(load_config(scorecards.parent.parent))
    assert [d.id for d in knowledge.documents] == ["nahar-bazar-2025"]
    assert compute(knowledge.documents, knowledge.reference) is None


def test_a_framework_that_is_not_yaml_is_reported_in_its_own_terms(scorecards: Path) -> None:
    _write(scorecards)
    (scorecards / "framework.yml").write_text("services: [water\n", encoding="utf-8")
    assert _problems() == [
        "content/scorecards/framework.yml:2:1: yaml-syntax: the file is not valid YAML: "
        "did not find expected ',' or ']'",
        "    hint: check the indentation, and quote values that contain ': ' or start with a "
        "special character",
    ]


def test_a_new_scorecard_asks_for_its_respondents(scorecards: Path) -> None:
    _write(scorecards, ("respondents: 40", "respondents: 0"))
    assert _problems() == [
        "content/scorecards/nahar-bazar-2025.md:12:14: invalid-field: respondents must be at "
        "least 1, got 0",
        "    hint: write the number of respondents, such as respondents: 40",
    ]


def test_a_map_feature_without_an_outline_is_refused(scorecards: Path) -> None:
    _write(scorecards)
    _edit(scorecards / "pahar.geojson", '"type": "Polygon"', '"type": "Point"')
    lines = _problems()
    assert lines[0] == (
        "content/scorecards/gazetteer.yml:21:14: gazetteer-invalid: map "
        "'content/scorecards/pahar.geojson' feature 1 is not a Polygon or MultiPolygon"
    )


def test_a_map_that_cannot_be_read_is_not_called_malformed(scorecards: Path) -> None:
    _write(scorecards)
    (scorecards / "pahar.geojson").unlink()
    (scorecards / "pahar.geojson").mkdir()
    lines = _problems()
    assert lines[:2] == [
        "content/scorecards/gazetteer.yml:21:14: gazetteer-invalid: map "
        "'content/scorecards/pahar.geojson' cannot be read: Is a directory",
        "    hint: make it a readable file",
    ]
