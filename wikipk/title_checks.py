"""The rules a document's title must meet to be the wiki page wikipk means it to be.

MediaWiki decides (``wikipk.wiki_titles``): a title it refuses, files in another namespace or
stores as other text is an error; one that only looks like another title is a warning.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import PurePosixPath

from wikipk.wiki_titles import (
    BIDI_MARKS,
    NS_FILE,
    NS_PROJECT,
    NS_PROJECT_TALK,
    InvalidTitle,
    WikiNames,
    WikiTitle,
    normal_form,
    parse_title,
    upload_name,
)

# The schema reports these (invalid-field); they are not judged twice.
_SCHEMA_FORBIDDEN = re.compile(r"[#<>\[\]{}|]")
_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")
_JOINERS = frozenset("\u200c\u200d")
_VIRAMA = 9  # canonical combining class of a virama
_SPACES = " _\t\u00a0"
_LEADING = _SPACES + "\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
_NAMESPACE_HINT = "reword the start of the title, or use a dash instead of the colon"

Finding = tuple[str, str, str]
"""A rule id, a message and a hint."""


def shown(text: str) -> str:
    """Text with its invisible characters written out (``<U+200E>``), so a message shows them."""
    return "".join(
        f"<U+{ord(char):04X}>"
        if char != " " and unicodedata.category(char) in ("Cf", "Cc", "Zs", "Zl", "Zp")
        else char
        for char in text
    )


def title_errors(title: str, names: WikiNames) -> Iterator[Finding]:
    """Why the wiki would refuse ``title``, file it outside the main namespace or store it as
    other text (nothing when the schema already refuses its characters)."""
    if _SCHEMA_FORBIDDEN.search(title):
        return
    try:
        parsed = parse_title(title, names)
    except InvalidTitle as error:
        yield _refused(title, error)
        return
    if parsed.namespace or parsed.interwiki:
        yield _namespace(title, parsed, names)
        return
    for reference, value in parsed.decoded:
        yield (
            "title-invalid",
            f"title contains '{reference}', which the wiki reads as '{shown(value)}'",
            f"write '{shown(value)}' itself"
            if value.isprintable()
            else "remove the reference: it stands for no visible character",
        )


def _refused(title: str, error: InvalidTitle) -> Finding:
    detail = error.detail
    if error.reason == "talk-namespace":
        return (
            "title-namespace",
            f"title starts with '{_written_prefix(title)}' and another namespace, "
            "which the wiki does not allow",
            _NAMESPACE_HINT,
        )
    if error.reason == "characters":
        if detail.startswith("%"):
            return (
                "title-invalid",
                f"title contains '{detail}', which the wiki refuses as a URL escape",
                "write the character itself, or put a space after the '%'",
            )
        if detail.startswith("&"):
            return (
                "title-invalid",
                f"title contains '{detail}', which the wiki refuses as an unknown HTML entity",
                "write the character itself, or put a space after the '&'",
            )
        return (
            "title-invalid",
            f"title contains '{shown(detail)}', a character the wiki does not allow in titles",
            "remove the character or write it in words",
        )
    return _REFUSALS[error.reason](detail)


_REFUSALS: dict[str, Callable[[str], Finding]] = {
    "relative": lambda part: (
        "title-invalid",
        f"title has the relative path '{part}', which the wiki does not allow",
        "reword it: a title cannot start with './' or '../', hold '/./' or '/../', "
        "or end with '/.' or '/..'",
    ),
    "magic-tilde": lambda _: (
        "title-invalid",
        "title contains '~~~', which the wiki does not allow (it makes signatures)",
        "remove the tildes",
    ),
    "too-long": lambda size: (
        "title-invalid",
        f"title is {size} bytes in UTF-8; the wiki allows at most 255",
        "shorten the title (a letter outside A-Z takes 2 to 4 bytes)",
    ),
    "empty": lambda _: (
        "title-invalid",
        "title names no page once the wiki drops its spaces, invisible marks and prefix",
        "write the title in words",
    ),
    "leading-colon": lambda _: (
        "title-invalid",
        "title starts with more than one ':', which the wiki does not allow",
        "remove the colons at the start",
    ),
    "utf8": lambda _: (
        "title-invalid",
        "title holds a code point that is not a character, which the wiki does not allow",
        "remove it (it may come from a '&#...;' reference)",
    ),
}


def _written_prefix(title: str) -> str:
    """The title up to the colon that ends its namespace prefix, as written (marks shown)."""
    body = title.lstrip(_SPACES)
    skip = 1 if body.startswith(":") else 0
    colon = body.find(":", skip)
    return shown(body[: colon + 1] if colon >= 0 else body)


def _namespace(title: str, parsed: WikiTitle, names: WikiNames) -> Finding:
    if parsed.interwiki:
        what = f"a link to the other wiki '{parsed.interwiki}'"
    elif parsed.namespace in (NS_PROJECT, NS_PROJECT_TALK):
        what = f"its own project namespace '{names.display[parsed.namespace]}'"
    else:
        what = f"the namespace '{names.display.get(parsed.namespace, '')}'"
    hint = _NAMESPACE_HINT
    body = title.lstrip(_LEADING)
    if body.startswith(":"):
        hint = "a leading ':' does not stop it: " + hint
    elif BIDI_MARKS.search(title):
        hint = "the wiki ignores invisible marks: " + hint
    return (
        "title-namespace",
        f"title starts with '{_written_prefix(title)}', which the wiki reads as {what}",
        hint,
    )


def title_warnings(title: str) -> Iterator[Finding]:
    """Ways ``title`` only looks like another title: invisible characters, mixed scripts."""
    for index, char in enumerate(title):
        if char in _ZERO_WIDTH and not _joins_letters(title, index):
            name = unicodedata.name(char).lower()
            yield (
                "title-lookalike",
                f"title holds the invisible character U+{ord(char):04X} ({name}), "
                "so it looks like another title",
                "remove it: readers can neither see nor type it",
            )
    for word in _words(title):
        scripts = sorted({_script(char) for char in word if unicodedata.category(char)[0] == "L"})
        if len(scripts) > 1:
            yield (
                "title-lookalike",
                f"the word '{word}' mixes {' and '.join(scripts)} letters, "
                "so it looks like another word",
                "write each word in one script (a Cyrillic 'а' looks like a Latin 'a')",
            )


def _joins_letters(title: str, index: int) -> bool:
    """A joiner where a script needs it: between two Arabic letters (Urdu), or after a virama
    (as IDNA allows, RFC 5892 appendix A.1 and A.2)."""
    if title[index] not in _JOINERS or index == 0:
        return False
    before = title[index - 1]
    after = title[index + 1 : index + 2]
    if unicodedata.combining(before) == _VIRAMA:
        return True
    return bool(after) and _script(before) == _script(after) == "Arabic"


def _words(title: str) -> Iterator[str]:
    """Runs of letters and marks."""
    word: list[str] = []
    for char in [*title, " "]:
        if unicodedata.category(char)[0] in ("L", "M"):
            word.append(char)
        elif word:
            yield "".join(word)
            word = []


def _script(char: str) -> str:
    """A letter's script, as the first word of its Unicode name says (``Latin``, ``Cyrillic``)."""
    return unicodedata.name(char, "unknown").split(" ", 1)[0].capitalize()


class ImageNames:
    """The wiki file each image becomes: names the wiki refuses or changes, and two images that
    would be one wiki file (the wiki keeps one file per name, whatever its folder)."""

    def __init__(self, names: WikiNames) -> None:
        self.names = names
        self._pages: dict[str, PurePosixPath] = {}
        self._judged: set[PurePosixPath] = set()

    def judge(self, path: PurePosixPath) -> Iterator[Finding]:
        """Findings for the image at ``path`` (relative to the content folder), once per file."""
        if path in self._judged:
            return
        self._judged.add(path)
        try:
            page = upload_name(path.name, self.names)
        except InvalidTitle as error:
            yield _image_refused(path.name, error)
            return
        if page != f"{self.names.display[NS_FILE]}:{normal_form(path.name)}":
            yield (
                "image-name",
                f"image file name '{shown(path.name)}' becomes '{page}' on the wiki",
                "rename the file with letters, digits, spaces, '-', '_' and '.'",
            )
            return
        first = self._pages.setdefault(page, path)
        if first != path:
            yield (
                "image-name",
                f"image '{path}' is the wiki file '{page}', as is '{first}'",
                "rename one of the two files: the wiki keeps one file per name, "
                "whatever its folder",
            )


def _image_refused(name: str, error: InvalidTitle) -> Finding:
    if error.reason == "too-long":
        message = f"image file name is {error.detail} bytes in UTF-8; the wiki allows at most 240"
    else:
        message = f"the wiki refuses the image file name '{shown(name)}'"
    return ("image-name", message, "rename the file with letters, digits, spaces, '-', '_' and '.'")
