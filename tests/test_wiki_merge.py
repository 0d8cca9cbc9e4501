"""The three-way merge of a document's body: a person's wiki edit applied to the source file,
keeping the bytes of everything nobody changed."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from sync.wiki.pull.merge import BodyMerge, Conflict, merge_body
from wikipk.frontmatter import split
from wikipk.markdown import parse, render_html

LABELS = (
    "content/sops/x.md in git",
    "Wiki Pakistan revision 12 (wikipk)",
    "Wiki Pakistan revision 15 by Amina",
)
CANONICAL = """## Purpose

Residents report a problem once and get an answer.

## Procedure

1. Write the complaint down.
2. Give the resident a number.

Call 042-111 for help.
"""


def merge(source: str, theirs: str, canonical: str | None = None, base: str | None = None) -> str:
    """The merged body when git has not changed the page since wikipk wrote it."""
    canonical = source if canonical is None else canonical
    result = merge_body(source, canonical, canonical if base is None else base, theirs, LABELS)
    assert result.conflicts == ()
    assert result.changed == (result.body != source)
    return result.body


def test_a_changed_word_in_a_paragraph() -> None:
    theirs = CANONICAL.replace("042-111", "042-222")
    assert merge(CANONICAL, theirs) == theirs


def test_a_new_paragraph() -> None:
    theirs = CANONICAL.replace(
        "get an answer.\n", "get an answer.\n\nThe desk opens at nine in the morning.\n"
    )
    assert merge(CANONICAL, theirs) == theirs


def test_a_list_item_added_and_another_removed() -> None:
    added = CANONICAL.replace("number.\n", "number.\n3. Reply within a week.\n")
    assert merge(CANONICAL, added) == added
    removed = CANONICAL.replace("1. Write the complaint down.\n", "")
    assert merge(CANONICAL, removed) == removed


def test_a_new_section_at_the_end() -> None:
    theirs = CANONICAL + "\n## Lessons\n\nAnswer within a week.\n"
    assert merge(CANONICAL, theirs) == theirs


def test_a_renamed_heading() -> None:
    theirs = CANONICAL.replace("## Procedure", "## Steps {#procedure}")
    assert merge(CANONICAL, theirs) == theirs


def test_an_unchanged_page_gives_the_source_back_byte_for_byte() -> None:
    source = "Residents  report\na problem.   \n\n\n* one\n* two\r\n\n__done__"
    canonical = "Residents report a problem.\n\n- one\n- two\n\n**done**\n"
    result = merge_body(source, canonical, canonical, canonical, LABELS)
    assert result == BodyMerge(source, (), False)
    assert result.body is source


def test_a_change_made_in_git_since_and_one_by_the_person_in_another_paragraph() -> None:
    base = CANONICAL
    ours = CANONICAL.replace("get an answer.", "get an answer within a week.")
    theirs = CANONICAL.replace("042-111", "042-222")
    result = merge_body(ours, ours, base, theirs, LABELS)
    assert result == BodyMerge(
        ours.replace("042-111", "042-222"), conflicts=(), changed=True, blanked=False
    )


def test_the_same_paragraph_changed_in_git_and_on_the_wiki_is_a_conflict() -> None:
    ours = CANONICAL.replace("042-111", "042-333")
    theirs = CANONICAL.replace("042-111", "042-222").replace("## Purpose", "## Aim {#purpose}")
    result = merge_body(ours, ours, CANONICAL, theirs, LABELS, body_line=9)
    assert result.body == (
        "## Aim {#purpose}\n"
        "\n"
        "Residents report a problem once and get an answer.\n"
        "\n"
        "## Procedure\n"
        "\n"
        "1. Write the complaint down.\n"
        "2. Give the resident a number.\n"
        "\n"
        "<<<<<<< content/sops/x.md in git\n"
        "Call 042-333 for help.\n"
        "||||||| Wiki Pakistan revision 12 (wikipk)\n"
        "Call 042-111 for help.\n"
        "=======\n"
        "Call 042-222 for help.\n"
        ">>>>>>> Wiki Pakistan revision 15 by Amina\n"
    )
    assert result.conflicts == (
        Conflict(
            line=18,
            ours="Call 042-333 for help.\n",
            base="Call 042-111 for help.\n",
            theirs="Call 042-222 for help.\n",
        ),
    )
    assert result.changed


def test_the_same_change_in_git_and_on_the_wiki_is_no_conflict() -> None:
    both = CANONICAL.replace("042-111", "042-222")
    result = merge_body(both, both, CANONICAL, both, LABELS)
    assert result == BodyMerge(both, (), changed=False)


def test_a_conflict_where_both_added_at_the_same_place() -> None:
    ours = CANONICAL + "\nFrom git.\n"
    theirs = CANONICAL + "\nFrom the wiki.\n"
    result = merge_body(ours, ours, CANONICAL, theirs, LABELS)
    assert result.body == CANONICAL + (
        "\n"
        "<<<<<<< content/sops/x.md in git\n"
        "From git.\n"
        "||||||| Wiki Pakistan revision 12 (wikipk)\n"
        "=======\n"
        "From the wiki.\n"
        ">>>>>>> Wiki Pakistan revision 15 by Amina\n"
    )
    assert [conflict.line for conflict in result.conflicts] == [12]


def test_a_blanked_page_is_not_merged() -> None:
    result = merge_body(CANONICAL, CANONICAL, CANONICAL, "", LABELS)
    assert result == BodyMerge(CANONICAL, (), changed=False, blanked=True)
    assert merge_body(CANONICAL, CANONICAL, CANONICAL, "\n  \n", LABELS).blanked


def test_an_empty_page_given_a_body_on_the_wiki_is_not_blanked() -> None:
    result = merge_body("", "", "", "A first paragraph.\n", LABELS)
    assert result == BodyMerge("A first paragraph.\n", (), changed=True)


def test_a_source_without_its_last_line_end_keeps_it_missing() -> None:
    source = CANONICAL.removesuffix("\n")
    assert merge(source, CANONICAL.replace("042-111", "042-222"), canonical=CANONICAL) == (
        source.replace("042-111", "042-222")
    )
    added = merge(source, CANONICAL + "\nMore.\n", canonical=CANONICAL)
    assert added == CANONICAL + "\nMore."


def test_crlf_lines_stay_crlf_and_new_lines_follow_the_file() -> None:
    """A file with CRLF line ends (``wikipk check`` reports them) keeps them: every line the
    merge writes ends as the file's first line does."""
    source = CANONICAL.replace("\n", "\r\n")
    theirs = CANONICAL.replace("042-111", "042-222") + "\nNew.\n"
    assert merge(source, theirs, canonical=CANONICAL) == theirs.replace("\n", "\r\n")


def test_an_urdu_edit() -> None:
    canonical = "## مقصد {#purpose}\n\nشکایت ایک بار درج کریں۔\n\n## طریقۂ کار {#procedure}\n\n1. شکایت لکھیں۔\n"
    theirs = canonical.replace("ایک بار", "صرف ایک بار")
    assert merge(canonical, theirs) == theirs


WRAPPED = """Residents report a problem
once and get an answer.

*  Write the   complaint
   down.
*  Give the resident a __number__.

Call 042-111
for help.   
"""  # noqa: W291 (trailing spaces are the point)
WRAPPED_CANONICAL = """Residents report a problem once and get an answer.

- Write the complaint down.
- Give the resident a **number**.

Call 042-111 for help.
"""


def test_a_wrapped_source_keeps_its_wrapping_where_the_person_changed_nothing() -> None:
    theirs = WRAPPED_CANONICAL.replace("042-111", "042-222")
    assert merge(WRAPPED, theirs, canonical=WRAPPED_CANONICAL) == (
        "Residents report a problem\n"
        "once and get an answer.\n"
        "\n"
        "*  Write the   complaint\n"
        "   down.\n"
        "*  Give the resident a __number__.\n"
        "\n"
        "Call 042-222 for help.\n"
    )


def test_a_changed_item_of_a_list_written_with_other_bullets_rewrites_that_list_only() -> None:
    """Mixing ``-`` into a ``*`` list would split it in two lists: the whole list is written
    in canonical style instead; the paragraphs around keep their bytes."""
    theirs = WRAPPED_CANONICAL.replace("complaint down", "complaint down in the register")
    assert merge(WRAPPED, theirs, canonical=WRAPPED_CANONICAL) == (
        "Residents report a problem\n"
        "once and get an answer.\n"
        "\n"
        "- Write the complaint down in the register.\n"
        "- Give the resident a **number**.\n"
        "\n"
        "Call 042-111\n"
        "for help.   \n"
    )


def test_an_item_added_to_a_wrapped_list_of_canonical_bullets_keeps_the_other_items() -> None:
    source = "- Write the complaint\n  down.\n- Give a number.\n"
    canonical = "- Write the complaint down.\n- Give a number.\n"
    theirs = canonical + "- Reply within a week.\n"
    assert merge(source, theirs, canonical=canonical) == source + "- Reply within a week.\n"


def test_extra_blank_lines_and_a_setext_heading_are_kept() -> None:
    source = "Purpose\n=======\n\n\n\nText one.\n\n\nText two.\n"
    canonical = "# Purpose\n\nText one.\n\nText two.\n"
    theirs = canonical.replace("two", "2")
    assert merge(source, theirs, canonical=canonical) == source.replace("two", "2")


def test_a_table_row_changed_in_a_padded_table() -> None:
    source = "| Step | Days |\n|------|-----:|\n| Log  |    1 |\n| Fix  |    7 |\n"
    canonical = "| Step | Days |\n|---|---:|\n| Log | 1 |\n| Fix | 7 |\n"
    theirs = canonical.replace("| 7 |", "| 5 |")
    assert merge(source, theirs, canonical=canonical) == (
        "| Step | Days |\n|------|-----:|\n| Log  |    1 |\n| Fix | 5 |\n"
    )


def test_a_changed_paragraph_in_an_admonition() -> None:
    source = '!!! note "Before you start"\n    Bring the\n    register.\n\n    Sign it.\n'
    canonical = '!!! note "Before you start"\n    Bring the register.\n\n    Sign it.\n'
    theirs = canonical.replace("Sign it.", "Sign and date it.")
    assert merge(source, theirs, canonical=canonical) == (
        '!!! note "Before you start"\n    Bring the\n    register.\n\n    Sign and date it.\n'
    )


def test_a_change_whose_blocks_a_mixed_text_would_break_is_written_in_canonical_style() -> None:
    """An ordered list numbered ``1)`` takes a new item only in its own style: with ``1.``
    it would be a second list, so the list is rewritten."""
    source = "1) Log it.\n2) Fix it.\n\nDone.\n"
    canonical = "1. Log it.\n2. Fix it.\n\nDone.\n"
    theirs = canonical.replace("2. Fix it.\n", "2. Fix it.\n3. Close it.\n")
    assert merge(source, theirs, canonical=canonical) == (
        "1. Log it.\n2. Fix it.\n3. Close it.\n\nDone.\n"
    )


CONTENT = Path(__file__).resolve().parent.parent / "content"


@pytest.mark.parametrize(
    "path", sorted(CONTENT.rglob("*.md")), ids=lambda path: path.relative_to(CONTENT).as_posix()
)
def test_every_content_document_takes_a_new_last_paragraph_and_keeps_its_bytes(
    path: Path,
) -> None:
    body = split(path.read_text(encoding="utf-8")).body
    theirs = body + "\nA paragraph a person added.\n"
    assert merge(body, theirs) == theirs
    assert merge_body(body, body, body, body, LABELS) == BodyMerge(body, (), False)


def test_a_long_document_with_many_blank_lines_merges_one_paragraph_each_side() -> None:
    """Over 200 lines, difflib by default takes the blank line for junk (the merge turns that
    off): paragraphs far apart still merge as two clean changes."""
    paragraphs = [f"Paragraph {number} says something." for number in range(300)]
    base = "\n\n".join(paragraphs) + "\n"
    ours = base.replace("Paragraph 10 says", "Paragraph ten says")
    theirs = base.replace("Paragraph 250 says", "Paragraph 250 now says")
    result = merge_body(ours, ours, base, theirs, LABELS)
    assert result == BodyMerge(
        ours.replace("Paragraph 250 says", "Paragraph 250 now says"), (), changed=True
    )


def test_a_conflict_in_a_wrapped_source_is_located_on_the_lines_written() -> None:
    source = "Intro line one\nand line two.\n\n\nCall 042-111.\n"
    canonical = "Intro line one and line two.\n\nCall 042-111.\n"
    ours_now = canonical.replace("111", "333")
    result = merge_body(
        source.replace("111", "333"),
        ours_now,
        canonical,
        canonical.replace("111", "222"),
        LABELS,
        body_line=7,
    )
    assert result.body == (
        "Intro line one\nand line two.\n\n\n"
        "<<<<<<< content/sops/x.md in git\n"
        "Call 042-333.\n"
        "||||||| Wiki Pakistan revision 12 (wikipk)\n"
        "Call 042-111.\n"
        "=======\n"
        "Call 042-222.\n"
        ">>>>>>> Wiki Pakistan revision 15 by Amina\n"
    )
    assert result.conflicts == (
        Conflict(11, "Call 042-333.\n", "Call 042-111.\n", "Call 042-222.\n"),
    )


def test_a_changed_line_of_code_rewrites_its_code_block_only() -> None:
    source = "Run:\n\n~~~sh\nwikipk check\nwikipk build\n~~~\n\nThen publish.\n"
    canonical = "Run:\n\n```sh\nwikipk check\nwikipk build\n```\n\nThen publish.\n"
    theirs = canonical.replace("wikipk build", "wikipk build --strict")
    assert merge(source, theirs, canonical=canonical) == (
        "Run:\n\n```sh\nwikipk check\nwikipk build --strict\n```\n\nThen publish.\n"
    )
    other = canonical.replace("Then publish.", "Then publish the wiki.")
    assert merge(source, other, canonical=canonical) == source.replace(
        "Then publish.", "Then publish the wiki."
    )


def test_a_footnote_changed_by_the_person() -> None:
    canonical = "Answer within a week.[^1]\n\n[^1]: Punjab Local Government Act, 2022.\n"
    theirs = canonical.replace("2022", "2022, section 5")
    assert merge(canonical, theirs) == theirs


def test_a_setext_heading_renamed_is_written_as_an_atx_heading() -> None:
    source = "Purpose\n-------\n\nText.\n"
    canonical = "## Purpose\n\nText.\n"
    theirs = "## Aim {#purpose}\n\nText.\n"
    assert merge(source, theirs, canonical=canonical) == "## Aim {#purpose}\n\nText.\n"


def test_a_nested_item_that_would_change_its_parent_in_the_source_rewrites_the_list() -> None:
    """Under ``-   Parent`` a nested item needs four spaces: the canonical two would make it a
    sibling of its parent, so the list is written in canonical style instead."""
    source = "-   Parent item.\n    - Child one.\n    - Child two.\n\nAfter\nthe list.\n"
    canonical = "- Parent item.\n  - Child one.\n  - Child two.\n\nAfter the list.\n"
    theirs = canonical.replace("Child two", "Child 2")
    assert merge(source, theirs, canonical=canonical) == (
        "- Parent item.\n  - Child one.\n  - Child 2.\n\nAfter\nthe list.\n"
    )


def test_a_rewritten_list_keeps_the_blank_lines_around_it() -> None:
    source = "First.\n\n\n* one\n* two\n\n\n\nLast.\n"
    canonical = "First.\n\n- one\n- two\n\nLast.\n"
    theirs = canonical.replace("two", "three")
    assert merge(source, theirs, canonical=canonical) == (
        "First.\n\n\n- one\n- three\n\n\n\nLast.\n"
    )


def _html(body: str) -> str:
    """The HTML of a body, its runs of white space as one space (a wrapped line is a space)."""
    return " ".join(render_html(parse(body)).split())


def _rewrapped(body: str) -> tuple[str, list[str]]:
    """The body with each top-level paragraph wrapped at 60 columns (where wrapping keeps its
    meaning), and the wrapped paragraphs' texts."""
    lines = body.split("\n")
    wrapped = []
    tree = parse(body)
    for node in tree.children:
        if node.kind != "paragraph":
            continue
        line = tree.lines(node)[0]
        text = textwrap.fill(lines[line], 60, break_long_words=False, break_on_hyphens=False)
        trial = [*lines[:line], text, *lines[line + 1 :]]
        if _html("\n".join(trial)) == _html("\n".join(lines)):
            lines[line] = text
            wrapped.append(text)
    return "\n".join(lines), [text for text in wrapped if "\n" in text]


@pytest.mark.parametrize(
    "path", sorted(CONTENT.rglob("*.md")), ids=lambda path: path.relative_to(CONTENT).as_posix()
)
def test_a_wrapped_content_document_takes_an_edit_and_keeps_its_other_paragraphs(
    path: Path,
) -> None:
    canonical = split(path.read_text(encoding="utf-8")).body
    source, wrapped = _rewrapped(canonical)
    tree = parse(canonical)
    first = next(node for node in tree.walk() if node.kind == "paragraph")
    edited_line = canonical.split("\n")[tree.lines(first)[0]]
    theirs = canonical.replace(edited_line, edited_line + " A person added this.", 1)
    merged = merge(source, theirs, canonical=canonical)
    assert _html(merged) == _html(theirs)
    kept = [text for text in wrapped if text.replace("\n", " ") != edited_line]
    assert kept, "the document should have a wrapped paragraph the person did not edit"
    assert all(text in merged for text in kept)
