"""The ``wikipk`` command as users run it: formats, exit codes, ``new``, configuration errors."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from tests.cli_helpers import run, run_check
from wikipk.cli import main

DATA = Path(__file__).parent / "data"


def _broken_link_kb(root: Path) -> None:
    shutil.copy(DATA / "invalid" / "broken-link.md", root / "content")


def test_clean_knowledge_base_exits_zero(knowledge_base: Path) -> None:
    shutil.copy(DATA / "valid" / "guideline.md", knowledge_base / "content")
    result = run_check()
    assert result.output == "1 document checked: no problems\n"
    assert result.exit_code == 0


def test_json_format(knowledge_base: Path) -> None:
    _broken_link_kb(knowledge_base)
    result = run_check("--format", "json")
    assert json.loads(result.output) == [
        {
            "path": "content/broken-link.md",
            "line": 10,
            "column": 25,
            "rule": "broken-link",
            "message": "link target 'grievance-chanel.md' does not exist",
            "hint": "check the file name and folder",
            "severity": "error",
        }
    ]
    assert result.exit_code == 1


def test_github_format_annotates_the_line(knowledge_base: Path) -> None:
    _broken_link_kb(knowledge_base)
    result = run_check("--format", "github")
    assert result.output == (
        "::error file=content/broken-link.md,line=10,col=25,title=broken-link::"
        "link target 'grievance-chanel.md' does not exist%0Acheck the file name and folder\n"
    )
    assert result.exit_code == 1


def test_content_option_overrides_the_folder(knowledge_base: Path) -> None:
    other = knowledge_base / "elsewhere"
    other.mkdir()
    shutil.copy(DATA / "valid" / "guideline.md", other)
    assert run_check("--content", "elsewhere").output == "1 document checked: no problems\n"


def test_missing_content_folder_is_a_usage_error(knowledge_base: Path) -> None:
    result = run_check("--content", "nowhere")
    assert result.output == "Error: content folder 'nowhere' does not exist\n"
    assert result.exit_code == 2


def test_bad_config_is_a_usage_error(knowledge_base: Path) -> None:
    (knowledge_base / "wikipk.yml").write_text("contnet: docs\n")
    result = run_check()
    assert result.output == (
        "Error: wikipk.yml:1:1: unknown setting 'contnet'\n    hint: did you mean 'content'?\n"
    )
    assert result.exit_code == 2


def test_config_yaml_error_is_located(knowledge_base: Path) -> None:
    (knowledge_base / "wikipk.yml").write_text("languages: [en\n")
    result = run_check()
    assert result.output.startswith("Error: wikipk.yml:2:1: not valid YAML: ")
    assert result.exit_code == 2


def test_unknown_format_is_a_usage_error(knowledge_base: Path) -> None:
    result = run_check("--format", "xml")
    assert result.exit_code == 2
    assert "Invalid value for '--format'" in result.output


NEW_SOP_PLACEHOLDERS = """\
content/sops/run-a-single-grievance-channel.md:6:10: placeholder: the field 'summary' still holds the placeholder 'TODO: say in one to three sentences wha…'
    hint: replace it with the document's own value
content/sops/run-a-single-grievance-channel.md:9:8: placeholder: the field 'owner' still holds the placeholder 'TODO: the team that keeps this procedur…'
    hint: replace it with the document's own value
content/sops/run-a-single-grievance-channel.md:15:1: placeholder: this paragraph is still the placeholder 'TODO'
    hint: write the text that belongs here in its place
content/sops/run-a-single-grievance-channel.md:19:1: placeholder: this paragraph is still the placeholder 'TODO'
    hint: write the text that belongs here in its place
content/sops/run-a-single-grievance-channel.md:23:1: placeholder: this paragraph is still the placeholder 'TODO'
    hint: write the text that belongs here in its place
content/sops/run-a-single-grievance-channel.md:27:1: placeholder: this paragraph is still the placeholder 'TODO'
    hint: write the text that belongs here in its place
content/sops/run-a-single-grievance-channel.md:30:3: placeholder: this paragraph is still the placeholder 'TODO: a tip for whoever follows these s…'
    hint: write the text that belongs here in its place
7 problems in 1 file (1 document checked)
"""


def _fill_placeholders(path: Path) -> None:
    """Write text where ``wikipk new`` left its placeholders, as the author does."""
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"'?TODO(: [^'\n]*)?'?", "Written", text), encoding="utf-8")


def test_new_sop_passes_the_check_once_its_placeholders_are_written(
    knowledge_base: Path,
) -> None:
    result = run("new", "sop", "Run a single grievance channel")
    assert result.output == (
        "Created content/sops/run-a-single-grievance-channel.md\n"
        "Next: write its text in place of each TODO; wikipk check lists those left.\n"
    )
    path = knowledge_base / "content/sops/run-a-single-grievance-channel.md"
    text = path.read_text()
    assert "## Purpose\n" in text and "## Procedure\n" in text
    assert text.endswith(  # a box in GitHub's alert syntax, which its pull requests show as one
        "\n## Procedure\n\nTODO\n\n"
        "> [!TIP]\n> TODO: a tip for whoever follows these steps, or delete this box.\n"
    )
    assert 'version: "0.1"' in text or "version: '0.1'" in text
    check = run_check()
    assert (check.output, check.exit_code) == (NEW_SOP_PLACEHOLDERS, 1)
    _fill_placeholders(path)
    assert run_check().output == "1 document checked: no problems\n"


def test_new_urdu_translation_is_named_as_the_knowledge_base_names_translations(
    knowledge_base: Path,
) -> None:
    run("new", "case-study", "Feedback model")
    result = run(
        "new", "case-study", "فیڈبیک ماڈل", "--lang", "ur", "--translation-of", "feedback-model"
    )
    assert result.output.splitlines()[0] == "Created content/case-studies/feedback-model.ur.md"
    path = knowledge_base / "content/case-studies/feedback-model.ur.md"
    text = path.read_text()
    assert "## سیاق و سباق {#context}" in text
    assert "id: feedback-model-ur\n" in text and "translation_of: feedback-model" in text
    check = run_check("--format", "json")
    placeholders = {(p["path"], p["line"], p["rule"]) for p in json.loads(check.output)}
    assert {(path, rule) for path, _, rule in placeholders} == {
        ("content/case-studies/feedback-model.md", "placeholder"),
        ("content/case-studies/feedback-model.ur.md", "placeholder"),
    }
    assert len(placeholders) == 12  # summary, location.district and four sections, each
    for written in (knowledge_base / "content/case-studies").iterdir():
        _fill_placeholders(written)
    assert run_check().output == "2 documents checked: no problems\n"


def test_new_names_an_urdu_document_by_its_id_without_the_language(
    knowledge_base: Path,
) -> None:
    assert run("new", "sop", "شکایات", "--lang", "ur", "--id", "channel-ur").output.startswith(
        "Created content/sops/channel.ur.md\n"
    )
    text = (knowledge_base / "content/sops/channel.ur.md").read_text()
    assert "id: channel-ur\n" in text
    assert "\n> [!TIP] مشورہ\n> TODO: " in text  # the box's title in the document's language
    assert run("new", "sop", "چینل", "--lang", "ur", "--id", "other").output.startswith(
        "Created content/sops/other.ur.md\n"
    )
    assert "id: other-ur\n" in (knowledge_base / "content/sops/other.ur.md").read_text()


def test_new_refuses_to_overwrite(knowledge_base: Path) -> None:
    run("new", "guideline", "Procurement integrity")
    path = knowledge_base / "content/guidelines/procurement-integrity.md"
    path.write_text("edited by hand")
    result = run("new", "guideline", "Procurement integrity")
    assert result.output == (
        "Error: content/guidelines/procurement-integrity.md already exists; "
        "choose another title or --id\n"
    )
    assert result.exit_code == 2
    assert path.read_text() == "edited by hand"


def test_new_needs_an_id_for_a_title_without_latin_letters(knowledge_base: Path) -> None:
    result = run("new", "sop", "شکایات", "--lang", "ur")
    assert result.output == (
        "Error: cannot make an id from this title; give one with --id, such as "
        "--id grievance-channel-ur\n"
    )
    assert result.exit_code == 2


def test_new_rejects_an_unconfigured_language(knowledge_base: Path) -> None:
    result = run("new", "sop", "Titre", "--lang", "fr")
    assert result.output == "Error: language 'fr' is not configured; use one of: en, ur\n"
    assert result.exit_code == 2


def test_abbreviations_do_not_end_a_summary_sentence(knowledge_base: Path) -> None:
    text = (DATA / "valid" / "guideline.md").read_text()
    text = text.replace("A guideline with nothing wrong.", "Tools, e.g. forms, help. Done. Yes.")
    (knowledge_base / "content" / "guideline.md").write_text(text)
    assert run_check().output == "1 document checked: no problems\n"


def test_a_command_imports_only_what_it_runs(knowledge_base: Path) -> None:
    shutil.copy(DATA / "valid" / "guideline.md", knowledge_base / "content")
    script = (
        "import sys\n"
        "from wikipk.cli import main\n"
        "try:\n"
        "    main(['check'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'sync', 'site_builder', 'googleapiclient', 'mwclient', 'jinja2'}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.splitlines() == ["1 document checked: no problems", "[]"]


def _listed(*args: str) -> list[str]:
    """The commands a help page lists."""
    return [line.split()[0] for line in run(*args).output.split("Commands:\n")[1].splitlines()]


def test_every_command_is_listed_in_the_help(knowledge_base: Path) -> None:
    assert _listed("--help") == [
        "build",
        "check",
        "devwiki",
        "export",
        "new",
        "plan",
        "publish",
        "pull",
        "scorecard",
        "serve",
        "subscribers",
        "wiki",
        "youtube",
    ]
    assert _listed("publish", "--help") == ["wiki", "youtube"]
    assert _listed("pull", "--help") == ["wiki"]


@pytest.fixture
def failing_command() -> Iterator[None]:
    """A command with a bug (it raises an exception no command expects), for the last guard."""

    @click.command("fail")
    def fail() -> None:
        raise ValueError("the details of the bug")

    main.add_command(fail)
    try:
        yield
    finally:
        main.commands.pop("fail")


@pytest.mark.usefixtures("failing_command", "knowledge_base")
def test_an_internal_error_is_one_line_and_minus_v_shows_its_details() -> None:
    result = run("fail")
    assert result.output == (
        "Error: internal error (ValueError); run again with -v to see the details, "
        "and please report it.\n"
    )
    assert result.exit_code == 3
    verbose = run("-v", "fail")
    assert verbose.output.startswith("Traceback (most recent call last):\n")
    assert 'raise ValueError("the details of the bug")\n' in verbose.output
    assert verbose.output.endswith(
        "ValueError: the details of the bug\n"
        "Error: internal error (ValueError: the details of the bug); please report it with the "
        "details above.\n"
    )
    assert verbose.exit_code == 3


def test_a_file_system_error_names_its_path_and_is_not_called_a_bug(knowledge_base: Path) -> None:
    shutil.copy(DATA / "valid" / "guideline.md", knowledge_base / "content")
    (knowledge_base / ".wikipk").write_text("a file where the cache folder should be\n")
    result = run("build", "--no-search")
    assert result.output == "Error: .wikipk/cache/site/fonts: Not a directory\n"
    assert result.exit_code == 2
