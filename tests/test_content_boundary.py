"""The content folder is a hard boundary: nothing outside it is read, published or written.

Each test plants a link (or a ``..`` path) leading out of ``content/`` to a file outside the
knowledge base that holds a marker, and shows that the command reports it where it is, reads
nothing from it and writes nothing through it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from sync.wiki.inputs import read_inputs
from tests.cli_helpers import run, run_check
from tests.scorecard_helpers import DATA as SCORECARD_DATA
from tests.scorecard_helpers import add_reference
from wikipk.boundary import OutsideContent, read_content_bytes

VALID = Path(__file__).parent / "data" / "valid" / "guideline.md"
PIXEL = Path(__file__).parent / "data" / "invalid" / "media" / "pixel.png"
MARKER = "OUTSIDE-THE-CONTENT-FOLDER-31f7"
REPORT = (SCORECARD_DATA / "nahar-bazar-2025.md").read_text(encoding="utf-8")
CSV = "service,indicator,mean,answers\n" + "".join(
    f"{row},40\n"
    for row in (
        "water,availability,3",
        "water,quality,4",
        "sanitation,drains,2.5",
        "sanitation,flooding,2",
        "solid_waste,collection,5",
        "solid_waste,streets,1",
    )
)


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder outside the knowledge base holding a file of every kind, each with the marker."""
    folder = tmp_path / "outside"
    folder.mkdir()
    for name in ("secret.svg", "secret.csv", "secret.yml", "secret.geojson", "secret.md"):
        (folder / name).write_text(f"{MARKER}\n", encoding="utf-8")
    return folder


def _document(content: Path, image: str) -> None:
    """A valid guideline showing ``image`` (a path relative to it)."""
    text = VALID.read_text(encoding="utf-8") + f"\n![What it shows]({image})\n"
    (content / "guideline.md").write_text(text, encoding="utf-8")


def _lines(*args: str) -> list[str]:
    result = run_check("--no-cache", *args)
    assert result.exit_code == 1, result.output
    return result.output.splitlines()


def test_a_media_file_linking_outside_is_located_and_refused(
    knowledge_base: Path, outside: Path
) -> None:
    content = knowledge_base / "content"
    (content / "media").mkdir()
    (content / "media" / "leak.svg").symlink_to(outside / "secret.svg")
    _document(content, "media/leak.svg")
    assert _lines() == [
        "content/media/leak.svg:1:1: symlink-outside: the file is a link to a place outside "
        "the content folder",
        "    hint: copy the file into the content folder instead",
        "1 problem in 1 file (1 document checked)",
    ]


def test_a_folder_linking_outside_is_located_and_never_walked(
    knowledge_base: Path, outside: Path
) -> None:
    content = knowledge_base / "content"
    (content / "media").symlink_to(outside)
    _document(content, "media/secret.svg")
    assert _lines() == [
        "content/guideline.md:12:18: missing-image: image target 'media/secret.svg' does not exist",
        "    hint: check the file name and folder",
        "content/media:1:1: symlink-outside: the folder is a link to a place outside the "
        "content folder",
        "    hint: put the folder itself in the content folder instead of a link",
        "2 problems in 2 files (1 document checked)",
    ]


def test_links_inside_the_content_folder_are_followed(knowledge_base: Path) -> None:
    """A link whose target is inside the content folder is allowed: it reads as its target."""
    content = knowledge_base / "content"
    (content / "media").mkdir()
    shutil.copy(PIXEL, content / "media" / "pixel.png")
    (content / "media" / "alias.png").symlink_to("pixel.png")
    _document(content, "media/alias.png")
    result = run_check("--no-cache")
    assert result.output == "1 document checked: no problems\n"


@pytest.mark.parametrize(
    "address",
    ["../../outside/secret.svg", "/../../outside/secret.svg", "media/../../../secret.svg"],
)
def test_a_path_climbing_out_of_the_content_folder_is_refused(
    knowledge_base: Path, address: str
) -> None:
    _document(knowledge_base / "content", address)
    assert _lines()[:2] == [
        f"content/guideline.md:12:18: broken-link: image '{address}' points outside the content "
        "folder",
        "    hint: link only to documents and files inside the content folder",
    ]


def test_scorecard_files_linking_outside_are_located(knowledge_base: Path, outside: Path) -> None:
    folder = add_reference(knowledge_base)
    text = REPORT.split("scores:")[0] + "---\n\nScores in the CSV file.\n"
    (folder / "nahar-bazar-2025.md").write_text(text, encoding="utf-8")
    (folder / "nahar-bazar-2025.csv").symlink_to(outside / "secret.csv")
    (folder / "pahar.geojson").unlink()
    (folder / "pahar.geojson").symlink_to(outside / "secret.geojson")
    gazetteer = folder / "gazetteer.yml"
    gazetteer.write_text(
        gazetteer.read_text(encoding="utf-8").replace(
            "map: nahar.geojson", "map: ../../../outside/secret.geojson"
        ),
        encoding="utf-8",
    )
    assert _lines() == [
        "content/scorecards/gazetteer.yml:14:14: gazetteer-invalid: map "
        "'content/scorecards/../../../outside/secret.geojson' is outside the content folder",
        "    hint: put the GeoJSON file itself beside the gazetteer (not a link to it)",
        "content/scorecards/gazetteer.yml:21:14: gazetteer-invalid: map "
        "'content/scorecards/pahar.geojson' is outside the content folder",
        "    hint: put the GeoJSON file itself beside the gazetteer (not a link to it)",
        "content/scorecards/nahar-bazar-2025.csv:1:1: symlink-outside: the file is a link to a "
        "place outside the content folder",
        "    hint: copy the file into the content folder instead",
        "content/scorecards/pahar.geojson:1:1: symlink-outside: the file is a link to a place "
        "outside the content folder",
        "    hint: copy the file into the content folder instead",
        "4 problems in 3 files (1 document checked)",
    ]


def test_a_framework_linking_outside_is_reported_once(knowledge_base: Path, outside: Path) -> None:
    """The walk of the folder and the framework's reader both refuse it: one problem shows."""
    folder = add_reference(knowledge_base)
    (folder / "framework.yml").unlink()
    (folder / "framework.yml").symlink_to(outside / "secret.yml")
    (folder / "nahar-bazar-2025.md").write_text(REPORT, encoding="utf-8")
    assert _lines() == [
        "content/scorecards/framework.yml:1:1: symlink-outside: the file is a link to a place "
        "outside the content folder",
        "    hint: copy the file into the content folder instead",
        "1 problem in 1 file (1 document checked)",
    ]


def test_the_reader_refuses_what_leads_outside(knowledge_base: Path, outside: Path) -> None:
    content = knowledge_base / "content"
    (content / "leak.svg").symlink_to(outside / "secret.svg")
    for path in (content / "leak.svg", content / ".." / ".." / "outside" / "secret.svg"):
        with pytest.raises(OutsideContent) as refused:
            read_content_bytes(content, path)
        assert str(refused.value).endswith(" leads outside the content folder")


def test_wikipk_new_never_writes_outside(knowledge_base: Path, tmp_path: Path) -> None:
    content = knowledge_base / "content"
    (content / "sops").mkdir()
    target = tmp_path / "written-outside.md"
    (content / "sops" / "dangling.md").symlink_to(target)
    result = run("new", "sop", "Dangling")
    assert result.output == (
        "Error: content/sops/dangling.md leads outside the content folder: nothing was written\n"
    )
    assert result.exit_code == 2
    result = run("new", "sop", "Up", "--id", "../../escaped")
    assert result.output == (
        "Error: content/sops/../../escaped.md leads outside the content folder: "
        "nothing was written\n"
    )
    assert result.exit_code == 2
    assert not target.exists() and not (knowledge_base / "escaped.md").exists()
    (content / "sops" / "inside.md").symlink_to("gone.md")
    result = run("new", "sop", "Inside")
    assert result.output == (
        "Error: content/sops/inside.md already exists; choose another title or --id\n"
    )
    assert not (content / "sops" / "gone.md").exists()


def test_scorecard_import_never_writes_outside(knowledge_base: Path, tmp_path: Path) -> None:
    folder = add_reference(knowledge_base)
    target = tmp_path / "report-outside.md"
    (folder / "nahar-bazar-2026.md").symlink_to(target)
    shutil.copy(SCORECARD_DATA / "survey.csv", knowledge_base / "survey.csv")
    result = run(
        "scorecard", "import", "survey.csv", "--place", "Nahar Bazar", "--period", "2026", "--force"
    )
    assert result.output == (
        "Error: content/scorecards/nahar-bazar-2026.md leads outside the content folder: "
        "nothing was written\n"
    )
    assert result.exit_code == 2
    assert not target.exists()


def test_the_publish_inputs_never_read_or_walk_outside(knowledge_base: Path, outside: Path) -> None:
    """The digest of a publish's inputs names links; it never reads or walks what they name."""
    content = knowledge_base / "content"
    shutil.copy(VALID, content)
    (content / "leak.svg").symlink_to(outside / "secret.svg")
    (content / "folder").symlink_to(outside)
    before = read_inputs(knowledge_base, content, {})
    for path in outside.iterdir():
        path.write_text("changed outside\n", encoding="utf-8")
    (outside / "new.md").write_text("a new file outside\n", encoding="utf-8")
    after = read_inputs(knowledge_base, content, {})
    assert after.digest == before.digest
    os.remove(content / "leak.svg")
    assert read_inputs(knowledge_base, content, {}).digest != before.digest


@pytest.mark.parametrize("setting", ["../outside", "/", "linked"])
def test_the_configured_content_folder_is_inside_the_knowledge_base(
    knowledge_base: Path, outside: Path, setting: str
) -> None:
    """A pull request's wikipk.yml cannot make the build read the machine's files: the content
    folder it names must be inside the knowledge base (--content stays the person's choice)."""
    (knowledge_base / "linked").symlink_to(outside)
    (knowledge_base / "wikipk.yml").write_text(f"content: {setting}\n", encoding="utf-8")
    result = run_check()
    assert result.output == (
        f"Error: wikipk.yml:1:10: 'content' names '{setting}', a folder outside the knowledge "
        "base\n    hint: keep the content folder inside it (or name another with --content)\n"
    )
    assert result.exit_code == 2
    assert run_check("--content", str(outside)).exit_code == 1  # secret.md has no front matter
