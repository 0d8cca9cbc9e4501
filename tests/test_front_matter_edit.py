"""A person's infobox and category edits become front-matter changes, written into the file
without touching a byte of the fields that did not change."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from sync.wiki.pull.front_matter import (
    FieldConflict,
    FrontMatterDiff,
    FrontMatterEditError,
    NotMerged,
    edit_front_matter,
    front_matter_changes,
)
from wikipk.frontmatter import split

FILE = """---
id: complaints-desk  # never changes
type: sop
title: 'Run the complaints desk'
summary: >
  How a union council's desk takes a complaint
  and answers it.
version: "1.0"
tags: [grievance, water]  # keep them short
authors:
  - Amina Khan
  - Bilal Ahmed
# the office that answers for it

owner: Union Council Secretary  # a post, not a person
updated: 2026-11-20
---

## Purpose
"""


def test_a_changed_value_keeps_its_line_comment_and_every_other_byte() -> None:
    edited = edit_front_matter(FILE, {"owner": "Tehsil Municipal Officer"})
    assert edited == FILE.replace(
        "owner: Union Council Secretary  #", "owner: Tehsil Municipal Officer  #"
    )


def test_a_value_that_reads_as_a_number_or_holds_a_colon_is_quoted() -> None:
    edited = edit_front_matter(FILE, {"version": "1.1", "owner": "Secretary: Water"})
    assert edited == FILE.replace('version: "1.0"', 'version: "1.1"').replace(
        "owner: Union Council Secretary", 'owner: "Secretary: Water"'
    )
    assert split(edited).data["version"] == "1.1"
    assert split(edited).data["owner"] == "Secretary: Water"


def test_a_single_quoted_value_stays_single_quoted() -> None:
    edited = edit_front_matter(FILE, {"title": "Run the people's desk"})
    assert edited == FILE.replace(
        "title: 'Run the complaints desk'", "title: 'Run the people''s desk'"
    )


def test_a_date_is_written_plain() -> None:
    edited = edit_front_matter(FILE, {"updated": "2026-12-01"})
    assert edited == FILE.replace("updated: 2026-11-20", "updated: 2026-12-01")


def test_a_flow_list_stays_a_flow_list_and_a_block_list_a_block_list() -> None:
    edited = edit_front_matter(
        FILE, {"tags": ["grievance", "solid-waste"], "authors": ["Amina Khan", "Sana, Jr."]}
    )
    assert edited == FILE.replace(
        "tags: [grievance, water]  #", "tags: [grievance, solid-waste]  #"
    ).replace("  - Bilal Ahmed\n", "  - Sana, Jr.\n")
    assert split(edited).data["authors"] == ["Amina Khan", "Sana, Jr."]


def test_a_block_list_written_at_the_margin_keeps_its_dashes_there() -> None:
    text = "---\nid: a\nauthors:\n- One\n- Two\nupdated: 2026-01-01\n---\n"
    edited = edit_front_matter(text, {"authors": ["One", "Two", "Three"]})
    assert edited == "---\nid: a\nauthors:\n- One\n- Two\n- Three\nupdated: 2026-01-01\n---\n"


def test_an_item_of_a_flow_list_with_a_comma_is_quoted() -> None:
    edited = edit_front_matter(FILE, {"tags": ["a, b", "c"]})
    assert 'tags: ["a, b", c]  # keep them short\n' in edited
    assert split(edited).data["tags"] == ["a, b", "c"]


def test_a_removed_field_takes_its_lines_and_leaves_the_comments_around() -> None:
    edited = edit_front_matter(FILE, {"authors": None, "owner": None})
    assert edited == FILE.replace("authors:\n  - Amina Khan\n  - Bilal Ahmed\n", "").replace(
        "owner: Union Council Secretary  # a post, not a person\n", ""
    )


def test_a_missing_field_is_added_at_the_end_of_the_front_matter() -> None:
    edited = edit_front_matter(
        FILE, {"review_by": "2027-06-30", "period": "2026", "sector": None, "tags": []}
    )
    assert edited == FILE.replace(
        "updated: 2026-11-20\n", 'updated: 2026-11-20\nreview_by: 2027-06-30\nperiod: "2026"\n'
    ).replace("tags: [grievance, water]", "tags: []")


def test_a_new_list_is_written_as_a_flow_list() -> None:
    text = "---\nid: a\n---\nBody\n"
    assert edit_front_matter(text, {"tags": ["water", "drains"]}) == (
        "---\nid: a\ntags: [water, drains]\n---\nBody\n"
    )


def test_a_folded_value_is_replaced_whole() -> None:
    edited = edit_front_matter(FILE, {"summary": "A shorter summary."})
    assert edited == FILE.replace(
        "summary: >\n  How a union council's desk takes a complaint\n  and answers it.\n",
        "summary: A shorter summary.\n",
    )


def test_urdu_text_is_written_as_it_reads() -> None:
    edited = edit_front_matter(FILE, {"owner": "یونین کونسل سیکرٹری"})
    assert "owner: یونین کونسل سیکرٹری  # a post, not a person\n" in edited


def test_nothing_to_change_gives_the_same_text() -> None:
    assert edit_front_matter(FILE, {}) == FILE
    assert edit_front_matter(FILE, {"sector": None}) == FILE


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("# No front matter\n", "the file does not start with front matter"),
        ("---\nid: a\n", "the front matter is never closed"),
        ("---\n- a\n---\n", "the front matter is not a mapping of fields"),
    ],
)
def test_a_file_without_front_matter_to_edit_is_refused(text: str, message: str) -> None:
    with pytest.raises(FrontMatterEditError) as caught:
        edit_front_matter(text, {"owner": "X"})
    assert str(caught.value) == message


CONTENT = Path(__file__).resolve().parent.parent / "content"


@pytest.mark.parametrize(
    "path", sorted(CONTENT.rglob("*.md")), ids=lambda path: path.relative_to(CONTENT).as_posix()
)
def test_every_content_file_given_its_own_values_is_unchanged(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    data = split(text).data
    own = {
        key: value
        for key, value in data.items()
        if isinstance(value, str | int)
        or (isinstance(value, list) and all(isinstance(item, str) for item in value))
    }
    assert {"id", "title", "updated"} <= own.keys()
    assert edit_front_matter(text, own) == text


@dataclass(frozen=True)
class Page:
    """The parts of a read page that the front matter draws on (as ``reader.PageParts``)."""

    infobox: dict[str, str] = field(default_factory=dict)
    categories: tuple[str, ...] = ("SOPs", "Tag: grievance", "Tag: water", "English")


BASE = Page(
    {
        "id": "complaints-desk",
        "type": "sop",
        "lang": "en",
        "owner": "Union Council Secretary",
        "version": "1.0",
        "updated": "2026-11-20",
        "authors": "Amina Khan, Bilal Ahmed",
        "tags": "grievance, water",
    }
)
FRONT = split(FILE).data


def edited(categories: tuple[str, ...] | None = None, **fields: str) -> Page:
    """The base page with the person's changes."""
    return Page({**BASE.infobox, **fields}, BASE.categories if categories is None else categories)


def test_changed_infobox_fields_become_front_matter_changes() -> None:
    theirs = edited(
        owner="Tehsil Municipal Officer",
        version="1.1",
        updated="2026-12-01",
        review_by="2027-06-30",
        authors="Amina Khan, Sana Riaz",
    )
    assert front_matter_changes(BASE, theirs, FRONT) == FrontMatterDiff(
        changes={
            "owner": "Tehsil Municipal Officer",
            "version": "1.1",
            "updated": "2026-12-01",
            "review_by": "2027-06-30",
            "authors": ["Amina Khan", "Sana Riaz"],
        }
    )


def test_a_field_the_person_emptied_is_removed_unless_it_is_required() -> None:
    theirs = edited(authors="", owner="")
    assert front_matter_changes(BASE, theirs, FRONT) == FrontMatterDiff(
        changes={"authors": None},
        not_merged=(NotMerged("field 'owner'", "", "the field 'owner' is required"),),
    )


def test_a_value_that_breaks_the_contract_is_reported() -> None:
    theirs = edited(updated="1 December 2026", version="v2")
    assert front_matter_changes(BASE, theirs, FRONT).not_merged == (
        NotMerged(
            "field 'version'",
            "v2",
            'it does not fit the field: SOPs: version of the procedure, as text such as "1.2".',
        ),
        NotMerged(
            "field 'updated'",
            "1 December 2026",
            "it does not fit the field: Date of the last meaningful change, as an ISO date (YYYY-MM-DD).",
        ),
    )


def test_a_field_changed_in_git_since_is_a_conflict() -> None:
    front = {**FRONT, "owner": "District Officer"}
    theirs = edited(owner="Tehsil Municipal Officer")
    assert front_matter_changes(BASE, theirs, front) == FrontMatterDiff(
        conflicts=(
            FieldConflict(
                "owner", "District Officer", "Union Council Secretary", "Tehsil Municipal Officer"
            ),
        )
    )


def test_the_same_change_in_git_and_on_the_wiki_is_a_conflict_only_when_it_differs() -> None:
    front = {**FRONT, "version": "1.1"}
    assert front_matter_changes(BASE, edited(version="1.1"), front).conflicts == (
        FieldConflict("version", "1.1", "1.0", "1.1"),
    )


def test_tags_added_and_removed_as_categories_or_in_the_infobox() -> None:
    theirs = edited(("SOPs", "Tag: grievance", "Tag: drains", "English"), tags="water, grievance")
    assert front_matter_changes(BASE, theirs, FRONT).changes == {"tags": ["grievance", "drains"]}
    listed = edited(tags="grievance, water, solid-waste")
    assert front_matter_changes(BASE, listed, FRONT).changes == {
        "tags": ["grievance", "water", "solid-waste"]
    }


def test_a_tag_that_is_not_a_slug_is_reported() -> None:
    theirs = edited((*BASE.categories, "Tag: Solid Waste"))
    assert front_matter_changes(BASE, theirs, FRONT) == FrontMatterDiff(
        not_merged=(
            NotMerged(
                "tag 'Solid Waste'",
                "Solid Waste",
                "it does not fit the field: Lowercase tags (a-z, 0-9, hyphens).",
            ),
        )
    )


def test_fields_and_categories_without_a_place_in_the_front_matter_are_reported() -> None:
    theirs = edited(
        ("Guidelines", "Tag: grievance", "Tag: water", "English", "Lahore District"),
        id="desk",
        location="Lahore",
        mood="calm",
    )
    assert front_matter_changes(BASE, theirs, FRONT) == FrontMatterDiff(
        not_merged=(
            NotMerged(
                "field 'id'",
                "desk",
                "the document's id never changes (the wiki and the site follow it)",
            ),
            NotMerged(
                "field 'location'",
                "Lahore",
                "the place of a case study is a mapping (location: district, tehsil, union_council) that the infobox shows as one line",
            ),
            NotMerged("field 'mood'", "calm", "the infobox has no such field"),
            NotMerged(
                "category 'Guidelines'",
                "Guidelines",
                "a document's categories come from its type, tags and language",
            ),
            NotMerged(
                "category 'Lahore District'",
                "Lahore District",
                "a document's categories come from its type, tags and language",
            ),
            NotMerged(
                "category 'SOPs' removed",
                "",
                "the category follows the document's type or language, set in git",
            ),
        )
    )


def test_a_field_another_type_of_document_has_is_reported() -> None:
    front = {**FRONT, "type": "case-study"}
    theirs = edited(owner="Tehsil Municipal Officer")
    assert front_matter_changes(BASE, theirs, front).not_merged == (
        NotMerged(
            "field 'owner'",
            "Tehsil Municipal Officer",
            "a case-study document has no field 'owner'",
        ),
    )


def test_changes_write_into_the_file() -> None:
    theirs = edited(("SOPs", "Tag: grievance", "Tag: water", "Tag: drains", "English"), authors="")
    diff = front_matter_changes(BASE, theirs, FRONT)
    assert edit_front_matter(FILE, diff.changes) == FILE.replace(
        "tags: [grievance, water]", "tags: [grievance, water, drains]"
    ).replace("authors:\n  - Amina Khan\n  - Bilal Ahmed\n", "")


def test_a_mapping_value_is_refused() -> None:
    with pytest.raises(FrontMatterEditError) as caught:
        edit_front_matter(FILE, {"location": {"district": "Lahore"}})
    assert str(caught.value) == "a mapping is not written by a line edit: give a scalar or a list"
