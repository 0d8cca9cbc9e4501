"""Every bad input of the foundation issue: one scenario file each, with its exact message."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.cli_helpers import run_check
from wikipk.rules import RULES

DATA = Path(__file__).parent / "data" / "invalid"

EXPECTED = {
    "nesting-too-deep": [
        "content/nesting-too-deep.md:21:19: nesting-too-deep: lists, quotes and boxes are nested "
        "10 deep here, deeper than wikipk renders",
        "    hint: nest fewer lists, quotes or boxes (at most 9 lists, or 19 quotes or boxes); "
        "start a new list or paragraph for the deepest part",
    ],
    "nesting-too-deep-quotes": [
        "content/nesting-too-deep-quotes.md:12:1: nesting-too-deep: lists, quotes and boxes are "
        "nested 20 deep here, deeper than wikipk renders",
        "    hint: nest fewer lists, quotes or boxes (at most 9 lists, or 19 quotes or boxes); "
        "start a new list or paragraph for the deepest part",
    ],
    "raw-html": [
        "content/raw-html.md:16:1: raw-html: the HTML on this line runs on to the next blank "
        "line: the lines after it are shown as typed, so their links are not checked and their "
        "formatting is not applied",
        "    hint: put a blank line after the HTML line, or write it in Markdown "
        "(HTML is always shown as text)",
    ],
    "title-namespace": [
        "content/title-namespace.md:4:8: title-namespace: title starts with 'Help:', which the wiki reads as the namespace 'Help'",
        "    hint: reword the start of the title, or use a dash instead of the colon",
    ],
    "yaml-key": [
        "content/yaml-key.md:8:1: yaml-key: a field name must be plain text",
        "    hint: write the field as 'name: value'",
    ],
    "front-matter-empty": [
        "content/front-matter-empty.md:1:1: front-matter-empty: the front matter is empty",
        "    hint: add the required fields: id, type, title, lang, summary, updated",
        "content/front-matter-empty.md:1:1: missing-field: a document needs the field 'id'",
        "    hint: add 'id:' to the front matter (Stable identifier: lowercase a-z, 0-9 and hyphens; unique; never changes (renames keep it).)",
        "content/front-matter-empty.md:1:1: missing-field: a document needs the field 'type'",
        "    hint: add 'type:' to the front matter (The kind of document: sop, guideline, case-study, scorecard or report.)",
        "content/front-matter-empty.md:1:1: missing-field: a document needs the field 'title'",
        "    hint: add 'title:' to the front matter (Page title (also the wiki page title): at most 120 characters, none of # < > [ ] { } |.)",
        "content/front-matter-empty.md:1:1: missing-field: a document needs the field 'lang'",
        "    hint: add 'lang:' to the front matter (Language of the document: en or ur (ur is right to left).)",
        "content/front-matter-empty.md:1:1: missing-field: a document needs the field 'summary'",
        "    hint: add 'summary:' to the front matter (One to three sentences of plain text, used in listings, feeds, search snippets and premium teasers.)",
        "content/front-matter-empty.md:1:1: missing-field: a document needs the field 'updated'",
        "    hint: add 'updated:' to the front matter (Date of the last meaningful change, as an ISO date (YYYY-MM-DD).)",
    ],
    "yaml-too-complex": [
        "content/yaml-too-complex.md:8:1: unknown-field: unknown field 'a'",
        "    hint: the fields a guideline may have are: access, authors, id, lang, summary, tags, title, translation_of, type, updated, videos",
        "content/yaml-too-complex.md:8:20: yaml-too-complex: front matter is too large or expands too many aliases",
        "    hint: write the values out plainly instead of through anchors and aliases",
        "content/yaml-too-complex.md:9:1: unknown-field: unknown field 'b'",
        "    hint: the fields a guideline may have are: access, authors, id, lang, summary, tags, title, translation_of, type, updated, videos",
        "content/yaml-too-complex.md:10:1: unknown-field: unknown field 'c'",
        "    hint: the fields a guideline may have are: access, authors, id, lang, summary, tags, title, translation_of, type, updated, videos",
        "content/yaml-too-complex.md:11:1: unknown-field: unknown field 'd'",
        "    hint: did you mean 'id'?",
    ],
    "front-matter-unclosed": [
        "content/front-matter-unclosed.md:1:1: front-matter-unclosed: the front matter is never closed",
        "    hint: add a line '---' after the last front-matter field",
    ],
    "bom": [
        "content/bom.md:1:1: bom: the file starts with a byte order mark (BOM)",
        "    hint: save the file as UTF-8 without BOM",
    ],
    "broken-link": [
        "content/broken-link.md:10:25: broken-link: link target 'grievance-chanel.md' does not exist",
        "    hint: check the file name and folder",
    ],
    "date-does-not-exist": [
        "content/date-does-not-exist.md:7:10: invalid-field: updated '2026-02-30' is not a date that exists",
        "    hint: check the day and the month",
    ],
    "date-wrong-form": [
        "content/date-wrong-form.md:7:10: invalid-field: updated '20-11-2026' is not a date in the form YYYY-MM-DD",
        "    hint: write the date as YYYY-MM-DD, for example 2026-11-20",
    ],
    "duplicate-field": [
        "content/duplicate-field.md:8:1: duplicate-field: field 'title' is given twice (first on line 4)",
        "    hint: keep one of the two",
    ],
    "duplicate-video": [
        "content/duplicate-video.md:11:10: duplicate-video: video 'Gr1evAnce72' is listed twice (first as video 1)",
        "    hint: remove the repeated video",
    ],
    "empty-file": [
        "content/empty-file.md:1:1: empty-file: the file is empty",
        "    hint: write the document, or delete the file; 'wikipk new' makes a starting point",
    ],
    "encoding": [
        "content/encoding.md:10:4: encoding: the file is not valid UTF-8 text",
        "    hint: save the file with UTF-8 encoding",
    ],
    "front-matter-missing": [
        "content/front-matter-missing.md:1:1: front-matter-missing: the file does not start with front matter",
        "    hint: start the file with a line '---', the fields (id, type, title, lang, summary, updated), and another line '---'",
    ],
    "front-matter-not-mapping": [
        "content/front-matter-not-mapping.md:2:1: front-matter-not-mapping: front matter must be a mapping of fields, not a list",
        "    hint: write one 'field: value' per line",
    ],
    "image-alt": [
        "content/image-alt.md:10:5: image-alt: image 'media/pixel.png' has no alt text",
        "    hint: describe the image in the brackets: ![what the image shows](...)",
    ],
    "invalid-id": [
        "content/invalid-id.md:2:5: invalid-field: id 'Grievance_Channel' may only hold lowercase letters a-z, digits 0-9 and single hyphens between them",
        "    hint: use an id such as 'grievance-channel'; keep it once published, since the wiki and the site follow documents by id",
    ],
    "invalid-lang": [
        "content/invalid-lang.md:5:7: invalid-field: lang 'fr' is not one of: en, ur",
        "    hint: use one of the values listed",
    ],
    "invalid-type": [
        "content/invalid-type.md:3:7: invalid-field: type 'guidline' is not one of: sop, guideline, case-study, scorecard, report",
        "    hint: did you mean 'guideline'?",
    ],
    "invalid-video-url": [
        "content/invalid-video-url.md:9:10: invalid-field: 'https://www.youtube.com/watch?v=short' is not a YouTube video URL with an 11-character video id",
        "    hint: use a link such as https://www.youtube.com/watch?v=VIDEO_ID or https://youtu.be/VIDEO_ID",
    ],
    "line-endings": [
        "content/line-endings.md:1:4: line-endings: the file has Windows (CRLF) or old Mac (CR) line ends",
        "    hint: save the file with Unix (LF) line ends",
    ],
    "missing-anchor": [
        "content/missing-anchor.md:12:13: missing-anchor: anchor '#scope-of-wrok' does not exist in this document",
        "    hint: did you mean 'scope-of-work'?",
    ],
    "missing-field": [
        "content/missing-field.md:2:1: missing-field: an SOP needs the field 'owner'",
        "    hint: add 'owner:' to the front matter (SOPs: who keeps this procedure current.)",
    ],
    "missing-image": [
        "content/missing-image.md:10:31: missing-image: image target 'media/uc-map.png' does not exist",
        "    hint: did you mean 'media/pixel.png'?",
    ],
    "missing-section": [
        "content/missing-section.md:11:1: missing-section: an SOP needs a '## Procedure' section",
        "    hint: add '## Procedure', or give a translated heading the id: '## ... {#procedure}'",
    ],
    "placeholder": [
        "content/placeholder.md:6:10: placeholder: the field 'summary' still holds the placeholder 'TODO: say in one to three sentences wha…'",
        "    hint: replace it with the document's own value",
        "content/placeholder.md:12:1: placeholder: this paragraph is still the placeholder 'TODO'",
        "    hint: write the text that belongs here in its place",
    ],
    "summary-markup": [
        "content/summary-markup.md:6:10: summary-markup: summary must be plain text, without Markdown or HTML",
        "    hint: remove the formatting: listings and feeds show it as text",
    ],
    "summary-too-long": [
        "content/summary-too-long.md:6:10: summary-too-long: summary has 4 sentences; write 1 to 3",
        "    hint: keep the summary short: details belong in the body",
    ],
    "title-chars": [
        "content/title-chars.md:4:8: invalid-field: title has a character that MediaWiki forbids in page titles (# < > [ ] { } |)",
        "    hint: remove the character or write it in words",
    ],
    "title-too-long": [
        "content/title-too-long.md:4:8: invalid-field: title is 121 characters long; the limit is 120",
        "    hint: shorten it to 120 characters or fewer",
    ],
    "translation-missing": [
        "content/translation-missing.md:8:17: translation-missing: translation_of names 'no-such-document', but no document has that id",
        "    hint: give the id of the document this one translates",
    ],
    "unknown-field": [
        "content/unknown-field.md:8:1: unknown-field: unknown field 'titel'",
        "    hint: did you mean 'title'?",
    ],
    "version-number": [
        "content/version-number.md:9:10: invalid-field: version must be text, got the number 1.2",
        '    hint: write the version in quotes, such as version: "1.2"',
    ],
    "yaml-syntax": [
        "content/yaml-syntax.md:9:1: yaml-syntax: front matter is not valid YAML: did not find expected ',' or ']'",
        "    hint: check the indentation, and quote values that contain ': ' or start with a special character",
    ],
    "yaml-tag": [
        "content/yaml-tag.md:8:10: yaml-tag: YAML tag '!!python/object/apply:os.system' is not allowed",
        "    hint: remove the tag: front matter holds plain text, numbers, dates, lists and mappings",
    ],
}


MULTI_FILE = {
    "duplicate-id": [
        "content/b.md:2:5: duplicate-id: id 'water-guide' is already used by content/a.md",
        "    hint: give this document its own id",
    ],
    "duplicate-title": [
        "content/b.md:4:8: duplicate-title: title 'Water Guide' differs from 'Water guide' in "
        "content/a.md only in letter case",
        "    hint: two documents cannot share a wiki page title, even in two languages; "
        "make this one different",
    ],
    "translation-same-lang": [
        "content/translation.md:8:17: translation-same-lang: translation_of names 'water-guide', "
        "which is also in 'en'",
        "    hint: a translation must be in another language than its source",
    ],
    "missing-anchor-in-target": [
        "content/source.md:10:20: missing-anchor: anchor '#procedures' does not exist in target.md",
        "    hint: did you mean 'procedure'?",
    ],
}


def _summary(lines: list[str], documents: int) -> str:
    problems = sum(1 for line in lines if not line.startswith("    hint:"))
    noun = "problem" if problems == 1 else "problems"
    docs = "1 document" if documents == 1 else f"{documents} documents"
    return f"{problems} {noun} in 1 file ({docs} checked)"


@pytest.mark.parametrize("scenario", sorted(EXPECTED))
def test_single_file_scenario(scenario: str, knowledge_base: Path) -> None:
    shutil.copy(DATA / f"{scenario}.md", knowledge_base / "content")
    shutil.copytree(DATA / "media", knowledge_base / "content" / "media")
    result = run_check()
    expected = [*EXPECTED[scenario], _summary(EXPECTED[scenario], 1)]
    assert result.output.splitlines() == expected
    assert result.exit_code == 1


@pytest.mark.parametrize("scenario", sorted(MULTI_FILE))
def test_cross_document_scenario(scenario: str, knowledge_base: Path) -> None:
    for path in (DATA / scenario).iterdir():
        shutil.copy(path, knowledge_base / "content")
    result = run_check()
    expected = [*MULTI_FILE[scenario], _summary(MULTI_FILE[scenario], 2)]
    assert result.output.splitlines() == expected
    assert result.exit_code == 1


def test_every_scenario_file_has_a_pinned_message() -> None:
    files = {path.stem for path in DATA.glob("*.md")}
    folders = {path.name for path in DATA.iterdir() if path.is_dir() and path.name != "media"}
    assert files == set(EXPECTED)
    assert folders == set(MULTI_FILE)


def test_yaml_tag_is_never_executed(knowledge_base: Path, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = (DATA / "yaml-tag.md").read_text().replace("/tmp/wikipk-pwned", str(marker))
    (knowledge_base / "content" / "yaml-tag.md").write_text(text)
    result = run_check()
    assert "yaml-tag: YAML tag '!!python/object/apply:os.system' is not allowed" in result.output
    assert not marker.exists()


def test_file_over_the_size_limit(knowledge_base: Path) -> None:
    big = knowledge_base / "content" / "big.md"
    big.write_text("---\nid: big\n---\n" + "x" * (1024 * 1024 + 1))
    result = run_check()
    assert result.output.splitlines() == [
        "content/big.md:1:1: file-too-large: the file is 1,048,593 bytes; the limit is 1 MiB",
        "    hint: split the document, or keep large media in content/media/ and link to it",
        "1 problem in 1 file (1 document checked)",
    ]
    assert result.exit_code == 1


def test_size_limit_comes_from_the_config(knowledge_base: Path) -> None:
    (knowledge_base / "wikipk.yml").write_text("max_file_size: 100\n")
    shutil.copy(DATA.parent / "valid" / "guideline.md", knowledge_base / "content")
    result = run_check()
    assert result.output.splitlines()[0] == (
        "content/guideline.md:1:1: file-too-large: the file is 140 bytes; the limit is 100 bytes"
    )


def test_symlink_pointing_outside_the_tree(knowledge_base: Path, tmp_path: Path) -> None:
    outside = tmp_path / "secret.md"
    outside.write_text("---\nid: secret\n---\n")
    os.symlink(outside, knowledge_base / "content" / "linked.md")
    result = run_check()
    assert result.output.splitlines() == [
        "content/linked.md:1:1: symlink-outside: the file is a link to a place outside the "
        "content folder",
        "    hint: copy the document into the content folder instead",
        "1 problem in 1 file (1 document checked)",
    ]
    assert result.exit_code == 1


def test_symlink_inside_the_tree_is_fine(knowledge_base: Path) -> None:
    shutil.copy(DATA.parent / "valid" / "guideline.md", knowledge_base / "content")
    (knowledge_base / "content" / "more").mkdir()
    os.symlink("../guideline.md", knowledge_base / "content" / "more" / "alias.md")
    result = run_check()
    assert "symlink-outside" not in result.output


def test_dangling_link_inside_the_tree_is_unreadable(knowledge_base: Path) -> None:
    os.symlink("gone.md", knowledge_base / "content" / "dangling.md")
    result = run_check()
    assert result.output.splitlines() == [
        "content/dangling.md:1:1: unreadable: the file cannot be read: No such file or directory",
        "    hint: check the file's permissions",
        "1 problem in 1 file (1 document checked)",
    ]


def test_every_rule_has_a_scenario() -> None:
    pinned = "\n".join(
        line for lines in [*EXPECTED.values(), *MULTI_FILE.values()] for line in lines
    )
    tested_elsewhere = {
        "file-too-large",
        "symlink-outside",
        "unreadable",
        "video-unavailable",  # tests/test_youtube_*.py, against the emulator
        "video-not-embeddable",
        "title-invalid",  # tests/test_check_titles.py, each case also asked of the dev wiki
        "title-lookalike",
        "merge-conflict",  # tests/test_check_conflicts.py
        "image-name",
        *(  # tests/test_scorecard_check.py and tests/test_scorecard_import.py
            "scorecard-framework",
            "weights-inconsistent",
            "gazetteer-invalid",
            "unknown-place",
            "unknown-score",
            "score-missing",
            "score-off-scale",
            "score-answers",
            "scores-file",
            "duplicate-scorecard",
            "survey-column",
        ),
    }
    for rule in RULES:
        assert f": {rule}: " in pinned or rule in tested_elsewhere, f"no scenario for {rule}"
