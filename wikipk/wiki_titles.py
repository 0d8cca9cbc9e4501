"""Page titles as MediaWiki reads them: which namespace, which page, or why it refuses one.

A port of ``Title::newFromText`` in MediaWiki 1.39 (``Sanitizer::decodeCharReferencesAndNormalize``
then ``MediaWikiTitleCodec::splitTitleString``) for the wiki's namespaces and interwiki prefixes,
which ship as data (``data/mediawiki-1.39.json``, MediaWiki's defaults) plus the site's own
names from ``wikipk.yml``. ``tests/test_wiki_titles.py`` asks the real dev wiki about every case
so this cannot drift from MediaWiki.
"""

from __future__ import annotations

import html.entities
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from wikipk.config import Config
from wikipk.config.wiki import DEFAULT_SITE_NAME
from wikipk.errors import InternalError

NS_MAIN = 0
NS_TALK = 1
NS_SPECIAL = -1
NS_PROJECT = 4
NS_PROJECT_TALK = 5
NS_FILE = 6
_MAX_FILE_NAME_BYTES = 240  # UploadBase: oi_archive_name holds a timestamp and "!" too
# $wgIllegalFileChars (":/\\") and the ASCII characters not in $wgLegalTitleChars.
_ILLEGAL_FILE_CHARS = re.compile(r"[\x00-\x1f\x7f#<>\[\]|{}:/\\]")
_DATA = Path(__file__).parent / "data" / "mediawiki-1.39.json"

# Sanitizer::CHAR_REFS_REGEX; MediaWiki decodes these before it reads a title.
_CHAR_REFS = re.compile(r"&([A-Za-z0-9\x80-\U0010ffff]+;)|&#([0-9]+);|&#[xX]([0-9A-Fa-f]+);")
_MW_ENTITY_ALIASES = {"רלמ;": "rlm;", "رلم;": "rlm;"}
_REPLACEMENT = "\ufffd"
# Bidi marks and overrides MediaWiki strips from titles (splitTitleString).
BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e]+")
# Whitespace MediaWiki turns into one underscore (splitTitleString).
_WHITESPACE = re.compile("[ _\xa0\u1680\u180e\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")
_PREFIX = re.compile(r"^(.+?)_*:_*(.*)$")
# Characters PHP's UTF-8 validation (UtfNormal) replaces by U+FFFD: surrogates, U+FFFE, U+FFFF.
_NOT_TEXT = re.compile("[\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class WikiNames:
    """The names a wiki reads as a prefix: its namespaces (with aliases) and interwiki links."""

    namespaces: dict[str, int]
    """Namespace index by lower-case name with underscores (``category``, ``image``)."""
    display: dict[int, str]
    """Each namespace's own name, as page titles show it (``Category``, ``Wiki Pakistan``)."""
    interwiki: frozenset[str]
    """Interwiki prefixes, lower case (``wikipedia``, ``google``)."""
    legal_chars: re.Pattern[str]
    """``getTitleInvalidRegex``: a character or sequence not allowed in a title."""
    site_name: str = DEFAULT_SITE_NAME
    """The wiki's name, which is also its project namespace."""

    def namespace(self, name: str) -> int | None:
        """The namespace a prefix names (``Language::getNsIndex``), or None."""
        return self.namespaces.get(name.lower().replace(" ", "_"))


@dataclass(frozen=True)
class WikiTitle:
    """A title MediaWiki accepts: where the page lives."""

    namespace: int
    interwiki: str
    """Interwiki prefix (lower case) when the title links to another wiki, else ""."""
    text: str
    """The page name within its namespace, as MediaWiki shows it (spaces, first letter capital)."""
    fragment: str
    """The part after ``#``, which names a section, not a page."""
    decoded: tuple[tuple[str, str], ...] = ()
    """Character references MediaWiki decoded (``&amp;`` -> ``&``)."""

    def full_text(self, names: WikiNames) -> str:
        """The title as the wiki names the page (``Category:Water rules``)."""
        if self.interwiki:
            return f"{self.interwiki}:{self.text}"
        prefix = names.display.get(self.namespace, "")
        return f"{prefix}:{self.text}" if prefix else self.text


class InvalidTitle(InternalError):
    """MediaWiki refuses the title; ``reason`` is its message key without ``title-invalid-``.

    The checks turn it into a problem with its fix; one that reaches the CLI is a bug."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason, detail)
        self.reason = reason
        """``characters``, ``relative``, ``magic-tilde``, ``too-long``, ``empty``,
        ``leading-colon``, ``talk-namespace`` or ``utf8``."""
        self.detail = detail
        """The offending text (``characters``), part (``relative``) or byte count (``too-long``)."""


def normal_form(title: str) -> str:
    """A main-namespace title as MediaWiki names its page: references decoded, NFC, bidi marks
    dropped, whitespace runs and underscores as one space, trimmed, first letter upper case.

    The wiki publisher names pages with this, and ``check`` compares titles with it.
    """
    text, _ = decode_references(title)
    return ucfirst(_clean_whitespace(text).replace("_", " "))


def decode_references(text: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """``Sanitizer::decodeCharReferencesAndNormalize`` after the request's own NFC: the text,
    and each reference decoded with what it became."""
    decoded: list[tuple[str, str]] = []

    def replace(match: re.Match[str]) -> str:
        name, decimal, hexadecimal = match.groups()
        if name is not None:
            name = _MW_ENTITY_ALIASES.get(name, name)
            value = html.entities.html5.get(name)
            if value is None:
                return match.group(0)
        else:
            value = _codepoint(int(decimal) if decimal else int(hexadecimal, 16))
        decoded.append((match.group(0), value))
        return value

    text = _NOT_TEXT.sub(_REPLACEMENT, unicodedata.normalize("NFC", text))
    text = _CHAR_REFS.sub(replace, text)
    return unicodedata.normalize("NFC", text), tuple(decoded)


def _codepoint(value: int) -> str:
    """``Sanitizer::decodeChar``: the character, or U+FFFD when HTML or XML forbid it."""
    valid = (
        value in (0x09, 0x0A)
        or 0x20 <= value <= 0x7E
        or 0xA0 <= value <= 0xD7FF
        or 0xE000 <= value <= 0xFFFD
        or 0x10000 <= value <= 0x10FFFF
    )
    return chr(value) if valid else _REPLACEMENT


def _clean_whitespace(text: str) -> str:
    """Bidi marks removed, whitespace runs as one underscore, trimmed (the dbkey form)."""
    text = BIDI_MARKS.sub("", text.replace(" ", "_"))
    return _WHITESPACE.sub("_", text).strip("_")


def ucfirst(text: str) -> str:
    """``Language::ucfirst``: the first character in upper case (``ß`` becomes ``SS``)."""
    return text[:1].upper() + text[1:]


def parse_title(title: str, names: WikiNames, references: bool = True) -> WikiTitle:
    """Where MediaWiki files ``title``, as ``Title::newFromText`` decides (``makeTitleSafe``,
    which reads ``&amp;`` as text, when ``references`` is False).

    Raises:
        InvalidTitle: MediaWiki refuses the title.
    """
    if references:
        text, decoded = decode_references(title)
    else:
        text, decoded = _NOT_TEXT.sub(_REPLACEMENT, unicodedata.normalize("NFC", title)), ()
    dbkey = _clean_whitespace(text)
    if _REPLACEMENT in dbkey:
        raise InvalidTitle("utf8")
    if dbkey.startswith(":"):
        dbkey = dbkey[1:].strip("_")
    if not dbkey:
        raise InvalidTitle("empty")
    namespace, interwiki, dbkey = _split_prefix(dbkey, names)
    dbkey, _, fragment = dbkey.partition("#")
    dbkey = dbkey.rstrip("_")
    _check_text(dbkey, names, 512 if namespace == NS_SPECIAL else 255)
    if not interwiki:
        dbkey = ucfirst(dbkey)
    if not dbkey and not interwiki and namespace != NS_MAIN:
        raise InvalidTitle("empty")
    if dbkey.startswith(":"):
        raise InvalidTitle("leading-colon")
    return WikiTitle(
        namespace, interwiki, dbkey.replace("_", " "), fragment.replace("_", " "), decoded
    )


def upload_name(name: str, names: WikiNames) -> str:
    """The page an upload under ``name`` becomes (``UploadBase::getTitle``): ``File:`` dropped,
    at most 240 bytes, ``:``, ``/``, ``\\`` and other characters not allowed in titles
    replaced by ``-``, then read as a title in the File namespace.

    Raises:
        InvalidTitle: MediaWiki refuses the name (``too-long`` past 240 bytes).
    """
    try:
        title = parse_title(name, names)
        if title.namespace == NS_FILE and not title.interwiki:
            name = title.text.replace(" ", "_")
    except InvalidTitle:
        pass
    size = len(name.encode("utf-8"))
    if size > _MAX_FILE_NAME_BYTES:
        raise InvalidTitle("too-long", str(size))
    name = _ILLEGAL_FILE_CHARS.sub("-", unicodedata.normalize("NFC", name))
    title = parse_title(f"File:{name}", names, references=False)
    return title.full_text(names)


def _split_prefix(dbkey: str, names: WikiNames) -> tuple[int, str, str]:
    """The namespace or interwiki prefix of a dbkey, and the rest."""
    match = _PREFIX.match(dbkey)
    if match is None:
        return NS_MAIN, "", dbkey
    prefix, rest = match.groups()
    namespace = names.namespace(prefix)
    if namespace is not None:
        inner = _PREFIX.match(rest)
        if namespace == NS_TALK and inner is not None:
            inner_prefix = inner.group(1)
            if names.namespace(inner_prefix) or inner_prefix.lower() in names.interwiki:
                raise InvalidTitle("talk-namespace")
        return namespace, "", rest
    if prefix.lower() in names.interwiki:
        if rest.startswith(":"):
            rest = rest[1:].strip("_")
        return NS_MAIN, prefix.lower(), rest
    return NS_MAIN, "", dbkey


def _check_text(dbkey: str, names: WikiNames, max_bytes: int) -> None:
    """Characters, relative paths, tildes and length (``splitTitleString``)."""
    invalid = names.legal_chars.search(dbkey)
    if invalid:
        raise InvalidTitle("characters", invalid.group(0))
    relative = _relative_part(dbkey)
    if relative:
        raise InvalidTitle("relative", relative)
    if "~~~" in dbkey:
        raise InvalidTitle("magic-tilde", "~~~")
    size = len(dbkey.encode("utf-8"))
    if size > max_bytes:
        raise InvalidTitle("too-long", str(size))


def _relative_part(dbkey: str) -> str:
    """The relative-path part MediaWiki forbids (``../``, ``/./``, a final ``/..``), or ""."""
    if dbkey in (".", ".."):
        return dbkey
    for start in ("./", "../"):
        if dbkey.startswith(start):
            return start
    for middle in ("/./", "/../"):
        if middle in dbkey:
            return middle
    for end in ("/..", "/."):
        if dbkey.endswith(end):
            return end
    return ""


def _invalid_regex(legal: str) -> re.Pattern[str]:
    """``getTitleInvalidRegex`` for text (PHP matches bytes: \\x80-\\xFF is any non-ASCII)."""
    legal = legal.replace("\\x80-\\xFF", "\\x80-\\U0010ffff")
    return re.compile(f"[^{legal}]|%[0-9A-Fa-f]{{2}}|&[A-Za-z0-9\\x80-\\U0010ffff]+;")


@cache
def _defaults() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(_DATA.read_text(encoding="utf-8"))
    return data


def wiki_names(
    site_name: str = DEFAULT_SITE_NAME,
    namespaces: Iterable[str] = (),
    interwiki: Iterable[str] = (),
) -> WikiNames:
    """MediaWiki 1.39's default names for a wiki called ``site_name``, plus extra namespaces
    (``$wgExtraNamespaces``) and interwiki prefixes."""
    data = _defaults()
    own = {name.replace("$1", site_name): index for name, index in data["namespaces"].items()}
    by_name = {**data["canonical"], **data["aliases"], **own}
    for offset, name in enumerate(namespaces):
        index = 100 + offset
        by_name[name] = index
        own[name] = index
    return WikiNames(
        namespaces={key.lower().replace(" ", "_"): index for key, index in by_name.items() if key},
        display={index: name for name, index in own.items()},
        interwiki=frozenset(
            prefix.lower() for prefix in [*data["interwiki"], *interwiki] if prefix
        ),
        legal_chars=_invalid_regex(data["legaltitlechars"]),
        site_name=site_name,
    )


def wiki_names_of(config: Config) -> WikiNames:
    """The names of the wiki that ``wikipk.yml``'s ``wiki`` section describes (checked by
    :func:`~wikipk.config.load_config`)."""
    naming = config.wiki_naming
    return wiki_names(naming.site_name, naming.namespaces, naming.interwiki)
