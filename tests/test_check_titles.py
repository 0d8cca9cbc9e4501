"""``wikipk check`` judges a title as MediaWiki does: its exact messages, hints and exit codes.

Which title MediaWiki itself refuses, files elsewhere or merges is pinned against the real dev
wiki in tests/test_wiki_titles.py; this file pins what a person reads.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli_helpers import run, run_check

_NAMESPACE_HINT = "reword the start of the title, or use a dash instead of the colon"
_RELATIVE_HINT = (
    "    hint: reword it: a title cannot start with './' or '../', hold '/./' or '/../', "
    "or end with '/.' or '/..'"
)

ERRORS = {
    "Category\u200e:Water rules": [
        "title-namespace: title starts with 'Category<U+200E>:', which the wiki reads as the "
        "namespace 'Category'",
        f"    hint: the wiki ignores invisible marks: {_NAMESPACE_HINT}",
    ],
    ":Category:Water news": [
        "title-namespace: title starts with ':Category:', which the wiki reads as the "
        "namespace 'Category'",
        f"    hint: a leading ':' does not stop it: {_NAMESPACE_HINT}",
    ],
    "Mediawiki\u200f:Common.css": [
        "title-namespace: title starts with 'Mediawiki<U+200F>:', which the wiki reads as the "
        "namespace 'MediaWiki'",
        f"    hint: the wiki ignores invisible marks: {_NAMESPACE_HINT}",
    ],
    "Wiki Pakistan:About": [
        "title-namespace: title starts with 'Wiki Pakistan:', which the wiki reads as its own "
        "project namespace 'Wiki Pakistan'",
        f"    hint: {_NAMESPACE_HINT}",
    ],
    "Image: a water tank": [
        "title-namespace: title starts with 'Image:', which the wiki reads as the namespace 'File'",
        f"    hint: {_NAMESPACE_HINT}",
    ],
    "RFC: water tariffs": [
        "title-namespace: title starts with 'RFC:', which the wiki reads as a link to the other "
        "wiki 'rfc'",
        f"    hint: {_NAMESPACE_HINT}",
    ],
    "Talk:Help:Wells": [
        "title-namespace: title starts with 'Talk:' and another namespace, which the wiki does "
        "not allow",
        f"    hint: {_NAMESPACE_HINT}",
    ],
    "50%AB": [
        "title-invalid: title contains '%AB', which the wiki refuses as a URL escape",
        "    hint: write the character itself, or put a space after the '%'",
    ],
    "../Up one": [
        "title-invalid: title has the relative path '../', which the wiki does not allow",
        _RELATIVE_HINT,
    ],
    "A/./B": [
        "title-invalid: title has the relative path '/./', which the wiki does not allow",
        _RELATIVE_HINT,
    ],
    "Guide/..": [
        "title-invalid: title has the relative path '/..', which the wiki does not allow",
        _RELATIVE_HINT,
    ],
    "\U0001d54e" * 70: [
        "title-invalid: title is 280 bytes in UTF-8; the wiki allows at most 255",
        "    hint: shorten the title (a letter outside A-Z takes 2 to 4 bytes)",
    ],
    "Tips &amp; tricks": [
        "title-invalid: title contains '&amp;', which the wiki reads as '&'",
        "    hint: write '&' itself",
    ],
    "Tips &nosuch; tricks": [
        "title-invalid: title contains '&nosuch;', which the wiki refuses as an unknown HTML "
        "entity",
        "    hint: write the character itself, or put a space after the '&'",
    ],
    "Sign here ~~~": [
        "title-invalid: title contains '~~~', which the wiki does not allow (it makes signatures)",
        "    hint: remove the tildes",
    ],
    "::Twice": [
        "title-invalid: title starts with more than one ':', which the wiki does not allow",
        "    hint: remove the colons at the start",
    ],
    "Tab\there": [
        "title-invalid: title contains '<U+0009>', a character the wiki does not allow in titles",
        "    hint: remove the character or write it in words",
    ],
    "\u200e ": [
        "title-invalid: title names no page once the wiki drops its spaces, invisible marks "
        "and prefix",
        "    hint: write the title in words",
    ],
}

WARNINGS = {
    "Water\u200bguide": [
        "title-lookalike: warning: title holds the invisible character U+200B (zero width "
        "space), so it looks like another title",
        "    hint: remove it: readers can neither see nor type it",
    ],
    "W\u0430ter guide": [  # a Cyrillic a
        "title-lookalike: warning: the word 'W\u0430ter' mixes Cyrillic and Latin letters, "
        "so it looks like another word",
        "    hint: write each word in one script (a Cyrillic 'а' looks like a Latin 'a')",
    ],
}

# Titles that are fine: spaces, underscores, NFD, a colon that names no namespace, Urdu with a
# zero-width non-joiner between Arabic letters, a '%' and a '&' that are plain text.
CLEAN = [
    "Water_guide",
    "  Water   guide ",
    "Cafe\u0301 hygiene",
    "Water: a guide",
    "Percent 50% & more",
    "\u0635\u0641\u0627\u0626\u06cc\u200c\u06a9\u0627 \u0646\u0638\u0627\u0645",
    "Lower case start",
]


def _yaml_string(text: str) -> str:
    """A YAML double-quoted string, with every character outside printable ASCII escaped."""
    escaped = "".join(
        ("\\" + char if char in '"\\' else char)
        if " " <= char <= "~"
        else (f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}")
        for char in text
    )
    return f'"{escaped}"'


def _id(title: str) -> str:
    return ascii(title)[1:41]


def _document(root: Path, name: str, title: str, lang: str = "en") -> None:
    (root / "content" / f"{name}.md").write_text(
        f"---\nid: {name}\ntype: guideline\ntitle: {_yaml_string(title)}\nlang: {lang}\n"
        "summary: A short summary.\nupdated: 2026-11-20\n---\n\nBody.\n",
        encoding="utf-8",
    )


@pytest.mark.parametrize("title", sorted(ERRORS), ids=_id)
def test_a_title_the_wiki_refuses_or_files_elsewhere_is_an_error(
    title: str, knowledge_base: Path
) -> None:
    _document(knowledge_base, "doc", title)
    result = run_check()
    first, hint = ERRORS[title]
    assert result.output.splitlines() == [
        f"content/doc.md:4:8: {first}",
        hint,
        "1 problem in 1 file (1 document checked)",
    ]
    assert result.exit_code == 1


@pytest.mark.parametrize("title", sorted(WARNINGS), ids=_id)
def test_a_lookalike_title_is_a_warning_that_does_not_fail(
    title: str, knowledge_base: Path
) -> None:
    _document(knowledge_base, "doc", title)
    result = run_check()
    first, hint = WARNINGS[title]
    assert result.output.splitlines() == [
        f"content/doc.md:4:8: {first}",
        hint,
        "1 warning in 1 file (1 document checked)",
    ]
    assert result.exit_code == 0


def test_warnings_and_problems_are_counted_apart(knowledge_base: Path) -> None:
    _document(knowledge_base, "a", "Water\u200bguide")
    _document(knowledge_base, "b", "Help:Wells")
    result = run_check()
    assert (
        result.output.splitlines()[-1] == "1 problem and 1 warning in 2 files (2 documents checked)"
    )
    assert result.exit_code == 1


def test_warnings_in_json_and_github_formats(knowledge_base: Path) -> None:
    _document(knowledge_base, "doc", "Water\u200bguide")
    rows = json.loads(run_check("--format", "json").output)
    assert [(row["rule"], row["severity"]) for row in rows] == [("title-lookalike", "warning")]
    github = run_check("--format", "github")
    assert github.output.startswith("::warning file=content/doc.md,line=4,col=8,")
    assert github.exit_code == 0


@pytest.mark.parametrize("title", CLEAN, ids=_id)
def test_a_title_the_wiki_keeps_in_the_main_namespace_passes(
    title: str, knowledge_base: Path
) -> None:
    _document(knowledge_base, "doc", title)
    result = run_check()
    assert result.output.splitlines() == ["1 document checked: no problems"]
    assert result.exit_code == 0


SAME_PAGE = {
    "underscore": (
        ("Water guide", "en"),
        ("Water_guide", "en"),
        "title 'Water_guide' is the wiki page 'Water guide', as is 'Water guide' in content/a.md",
    ),
    "double space": (
        ("Water guide", "en"),
        ("Water  guide", "en"),
        "title 'Water  guide' is the wiki page 'Water guide', as is 'Water guide' in content/a.md",
    ),
    "NFC and NFD": (
        ("Caf\u00e9 hygiene", "en"),
        ("Cafe\u0301 hygiene", "en"),
        "title 'Cafe\u0301 hygiene' is the wiki page 'Caf\u00e9 hygiene', as is "
        "'Caf\u00e9 hygiene' in content/a.md",
    ),
    "first letter": (
        ("Water guide", "en"),
        ("water guide", "en"),
        "title 'water guide' is the wiki page 'Water guide', as is 'Water guide' in content/a.md",
    ),
    "invisible mark": (
        ("Water guide", "en"),
        ("Water\u200e guide", "en"),
        "title 'Water<U+200E> guide' is the wiki page 'Water guide', as is 'Water guide' in "
        "content/a.md",
    ),
    "two languages": (
        ("Water guide", "en"),
        ("Water guide", "ur"),
        "title 'Water guide' is already used by content/a.md",
    ),
}


@pytest.mark.parametrize("case", sorted(SAME_PAGE))
def test_two_titles_that_are_one_wiki_page_are_a_duplicate(case: str, knowledge_base: Path) -> None:
    (first, first_lang), (second, second_lang), message = SAME_PAGE[case]
    _document(knowledge_base, "a", first, first_lang)
    _document(knowledge_base, "b", second, second_lang)
    result = run_check()
    assert result.output.splitlines() == [
        f"content/b.md:4:8: duplicate-title: {message}",
        "    hint: two documents cannot share a wiki page title, even in two languages; "
        "make this one different",
        "1 problem in 1 file (2 documents checked)",
    ]
    assert result.exit_code == 1


def test_the_project_namespace_follows_the_configured_site_name(knowledge_base: Path) -> None:
    (knowledge_base / "wikipk.yml").write_text(
        "wiki:\n  site_name: Water Wiki\n  namespaces: [Portal, Portal talk]\n  interwiki: [osm]\n",
        encoding="utf-8",
    )
    _document(knowledge_base, "a", "Wiki Pakistan: about us")
    _document(knowledge_base, "b", "Water Wiki: about us")
    _document(knowledge_base, "c", "Portal: water")
    _document(knowledge_base, "d", "OSM: wells")
    result = run_check()
    assert result.output.splitlines() == [
        "content/b.md:4:8: title-namespace: title starts with 'Water Wiki:', which the wiki "
        "reads as its own project namespace 'Water Wiki'",
        f"    hint: {_NAMESPACE_HINT}",
        "content/c.md:4:8: title-namespace: title starts with 'Portal:', which the wiki reads "
        "as the namespace 'Portal'",
        f"    hint: {_NAMESPACE_HINT}",
        "content/d.md:4:8: title-namespace: title starts with 'OSM:', which the wiki reads as "
        "a link to the other wiki 'osm'",
        f"    hint: {_NAMESPACE_HINT}",
        "3 problems in 3 files (4 documents checked)",
    ]


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        (
            "site_name: [a]",
            "Error: wikipk.yml:2:14: 'wiki.site_name' must be some text, got a list\n"
            "    hint: write one text, not a list or a mapping\n",
        ),
        (
            "namespaces: Portal",
            "Error: wikipk.yml:2:15: 'wiki.namespaces' must be a list of names, got 'Portal'\n"
            "    hint: write a list such as [Portal, Portal talk]\n",
        ),
    ],
)
def test_a_wrong_wiki_name_setting_is_a_configuration_error(
    setting: str, message: str, knowledge_base: Path
) -> None:
    (knowledge_base / "wikipk.yml").write_text(f"wiki:\n  {setting}\n", encoding="utf-8")
    _document(knowledge_base, "a", "Water guide")
    result = run_check()
    assert result.output == message
    assert result.exit_code == 2


def test_an_image_the_wiki_would_rename_refuse_or_merge_is_an_error(knowledge_base: Path) -> None:
    media = knowledge_base / "content" / "media"
    for name in (
        "a:b.png",
        "x/logo.png",
        "y/Logo.png",
        "~~~.png",
        "ok.png",
        "\u00e4" * 119 + ".png",
    ):
        (media / name).parent.mkdir(parents=True, exist_ok=True)
        (media / name).write_bytes(b"png")
    long_name = "\u00e4" * 119 + ".png"
    (knowledge_base / "content" / "doc.md").write_text(
        "---\nid: doc\ntype: guideline\ntitle: Images\nlang: en\nsummary: A short summary.\n"
        "updated: 2026-11-20\n---\n\n"
        "![one](media/a:b.png) ![two](media/x/logo.png) ![three](media/y/Logo.png)\n\n"
        f"![four](media/~~~.png) ![five](media/ok.png) ![six](media/x/logo.png)\n\n"
        f"![seven](media/{long_name})\n",
        encoding="utf-8",
    )
    result = run_check()
    rename = "    hint: rename the file with letters, digits, spaces, '-', '_' and '.'"
    assert result.output.splitlines() == [
        "content/doc.md:10:8: image-name: image file name 'a:b.png' becomes 'File:A-b.png' on "
        "the wiki",
        rename,
        "content/doc.md:10:57: image-name: image 'media/y/Logo.png' is the wiki file "
        "'File:Logo.png', as is 'media/x/logo.png'",
        "    hint: rename one of the two files: the wiki keeps one file per name, whatever its "
        "folder",
        "content/doc.md:12:9: image-name: the wiki refuses the image file name '~~~.png'",
        rename,
        "content/doc.md:14:10: image-name: image file name is 242 bytes in UTF-8; the wiki "
        "allows at most 240",
        rename,
        "4 problems in 1 file (1 document checked)",
    ]
    assert result.exit_code == 1


@pytest.mark.parametrize(
    ("title", "message"),
    [
        (
            "Category\u200e:Water rules",
            "Error: title starts with 'Category<U+200E>:', which the wiki reads as the namespace "
            "'Category'; the wiki ignores invisible marks: reword the start of the title, or use "
            "a dash instead of the colon",
        ),
        (
            "Tips &amp; tricks",
            "Error: title contains '&amp;', which the wiki reads as '&'; write '&' itself",
        ),
    ],
)
def test_new_refuses_a_title_the_check_would_refuse(
    title: str, message: str, knowledge_base: Path
) -> None:
    result = run("new", "guideline", title)
    assert result.output.splitlines() == [message]
    assert result.exit_code == 2
    assert not list((knowledge_base / "content").rglob("*.md"))
