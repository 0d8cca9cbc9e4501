"""Writing the offline editions of a loaded site: one ZIM file per language.

What could stop a file (a language without a three-letter code, an unreadable illustration) is
found by :func:`editions_for` before anything is written, so ``wikipk build`` with
``site: zim`` stops before it replaces the site, not half-way.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from site_builder import urls
from site_builder.assemble import SiteInput
from site_builder.errors import SiteError
from site_builder.records import DocMeta
from site_builder.zim.archive import STAGING, write_archive
from site_builder.zim.edition import build_edition
from site_builder.zim.metadata import file_name, illustration, metadata
from wikipk.config import Config, Language

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ZimFile:
    """One ZIM file as an export left it."""

    lang: str
    path: Path
    documents: int
    entries: int
    size: int
    """In bytes."""
    written: bool
    """False when the file already held exactly these bytes (the content had not changed)."""


@dataclass(frozen=True)
class Editions:
    """The files to write: where, in which languages (with their ISO 639-3 codes), and the
    illustration they show."""

    out: Path
    languages: tuple[tuple[str, str], ...]
    illustration: bytes


def languages_with_documents(
    languages: Iterable[Language], records: Iterable[DocMeta]
) -> tuple[str, ...]:
    """The configured languages that have documents, in the configured order."""
    present = {meta.lang for meta in records}
    return tuple(language.code for language in languages if language.code in present)


def editions_for(config: Config, langs: tuple[str, ...], out: Path) -> Editions:
    """The editions of ``langs`` into ``out``, checked before anything is written.

    Raises:
        SiteError: a language has no three-letter code, or the illustration cannot be read.
        ConfigError: the ``zim:`` settings are wrong.
    """
    settings = config.zim
    codes = []
    for lang in langs:
        code = settings.iso_639_3(lang)
        if code is None:
            raise SiteError(
                f"wikipk does not know the ISO 639-3 code of the language '{lang}', which a "
                f"ZIM file must name: add it under 'zim: languages:' in wikipk.yml "
                f"(such as '{lang}: abc', the language's three-letter code)"
            )
        codes.append((lang, code))
    return Editions(out, tuple(codes), illustration(settings))


def write_editions(source: SiteInput, editions: Editions) -> tuple[ZimFile, ...]:
    """Write the ZIM file of each language into the editions' folder; an older month's file of
    the same language is removed once the new one is in place, and what an interrupted export
    left half-written is removed first."""
    settings = source.config.zim
    out = editions.out
    out.mkdir(parents=True, exist_ok=True)
    for leftover in out.glob(f".{settings.name}_*.zim.*{STAGING}"):
        log.info("removing %s, left by an interrupted export", leftover)
        leftover.unlink(missing_ok=True)
    written = []
    for lang, code in editions.languages:
        edition = build_edition(source, lang, settings.image_width)
        target = out / file_name(settings, lang, edition.date)
        data = metadata(settings, source.theme, edition, code)
        changed = write_archive(
            target, edition.entries, data, editions.illustration, urls.HOME, code
        )
        for older in out.glob(f"{settings.name}_{lang}_*.zim"):
            if older != target:
                log.info("removing %s: %s replaces it", older, target.name)
                older.unlink(missing_ok=True)
        size = target.stat().st_size
        entries = len(edition.entries)
        written.append(ZimFile(lang, target, len(edition.documents), entries, size, changed))
    return tuple(written)
