"""``wikipk check`` reports conflict markers a merge left in a document, so none is published."""

from __future__ import annotations

from pathlib import Path

from sync.wiki.pull.merge import merge_body
from tests.cli_helpers import run, run_check
from wikipk.conflicts import conflict_problems
from wikipk.problems import Problem

FRONT = """---
id: complaints-desk
type: guideline
title: The complaints desk
lang: en
summary: How the desk answers a complaint.
updated: 2026-11-20
---
"""
BODY = "## Purpose\n\nCall 042-111 for help.\n\nThe desk opens at nine.\n"
HINT = (
    "    hint: keep the text that is right (git's version, the wiki's, or both combined), "
    "then delete the marker lines '<<<<<<<', '|||||||', '=======' and '>>>>>>>'"
)


def write(knowledge_base: Path, text: str) -> None:
    (knowledge_base / "content" / "desk.md").write_text(text, encoding="utf-8")


def test_a_conflict_the_merge_wrote_is_reported_at_its_first_marker(knowledge_base: Path) -> None:
    ours = BODY.replace("042-111", "042-333")
    merged = merge_body(
        ours,
        ours,
        BODY,
        BODY.replace("042-111", "042-222"),
        ("desk.md in git", "revision 12", "revision 15 by Amina"),
        body_line=10,
    )
    write(knowledge_base, FRONT + "\n" + merged.body)
    assert [conflict.line for conflict in merged.conflicts] == [12]
    result = run_check()
    assert result.output.splitlines() == [
        "content/desk.md:12:1: merge-conflict: a merge conflict is left on lines 12-18: both versions of the text are still there, between conflict markers",
        HINT,
        "1 problem in 1 file (1 document checked)",
    ]
    assert result.exit_code == 1


def test_a_conflict_in_the_front_matter_is_reported_beside_the_yaml_error(
    knowledge_base: Path,
) -> None:
    front = FRONT.replace(
        "updated: 2026-11-20\n",
        "<<<<<<< git\nupdated: 2026-11-21\n=======\nupdated: 2026-11-22\n>>>>>>> wiki\n",
    )
    write(knowledge_base, front + "\n" + BODY)
    result = run_check()
    assert result.output.splitlines() == [
        "content/desk.md:7:1: merge-conflict: a merge conflict is left on lines 7-11: both versions of the text are still there, between conflict markers",
        HINT,
        "content/desk.md:8:1: yaml-syntax: front matter is not valid YAML: could not find expected ':'",
        "    hint: check the indentation, and quote values that contain ': ' or start with a special character",
        "2 problems in 1 file (1 document checked)",
    ]


def test_a_marker_left_alone_is_reported(knowledge_base: Path) -> None:
    write(knowledge_base, FRONT + "\n" + BODY + "\n<<<<<<< desk.md in git\n\nMore text.\n")
    result = run_check()
    assert result.output.splitlines() == [
        "content/desk.md:16:1: merge-conflict: a conflict marker '<<<<<<<' is left here, without the '=======' and '>>>>>>>' after it",
        "    hint: finish resolving the conflict: keep the text that is right and delete the marker line",
        "1 problem in 1 file (1 document checked)",
    ]


def test_a_heading_underline_and_a_deep_quote_are_not_conflicts(knowledge_base: Path) -> None:
    body = (
        "Purpose\n=======\n\nText.\n\n>>>>>>> seven quotes deep\n\n"
        "=======\n\nA line of <<<<<<<< eight is text.\n"
    )
    write(knowledge_base, FRONT + "\n" + body)
    result = run_check()
    assert result.output.splitlines() == ["1 document checked: no problems"]
    assert result.exit_code == 0


def test_a_document_with_a_conflict_is_never_built(knowledge_base: Path) -> None:
    write(knowledge_base, FRONT + "\n<<<<<<< a\nOne.\n=======\nTwo.\n>>>>>>> b\n")
    result = run("build")
    assert result.output.splitlines()[-1] == (
        "1 problem in 1 file: the site was not built (_site is unchanged)"
    )
    assert result.exit_code == 1
    assert not (knowledge_base / "_site").exists()


def test_each_region_is_one_problem_and_the_base_section_is_optional() -> None:
    text = (
        "<<<<<<< a\nOne.\n=======\nTwo.\n>>>>>>> b\n\n"
        "<<<<<<< a\nThree.\n||||||| base\nFour.\n=======\n>>>>>>> b\n"
        "<<<<<<<\n<<<<<<< a\nx\n=======\n>>>>>>>\n"
    )
    found = conflict_problems("x.md", text)
    assert [(problem.line, problem.message) for problem in found] == [
        (
            1,
            "a merge conflict is left on lines 1-5: both versions of the text are still there, between conflict markers",
        ),
        (
            7,
            "a merge conflict is left on lines 7-12: both versions of the text are still there, between conflict markers",
        ),
        (
            13,
            "a conflict marker '<<<<<<<' is left here, without the '=======' and '>>>>>>>' after it",
        ),
        (
            14,
            "a merge conflict is left on lines 14-17: both versions of the text are still there, between conflict markers",
        ),
    ]
    assert all(isinstance(problem, Problem) and problem.column == 1 for problem in found)
    assert all(problem.rule == "merge-conflict" for problem in found)
