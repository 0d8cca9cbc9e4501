"""Writing the offline editions of a loaded site: one ZIM file per language."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from site_builder import urls
from site_builder.assemble import SiteInput
from site_builder.errors import SiteError
from site_builder.zim.archive import write_archive
from site_builder.zim.edition import build_edition, languages_with_documents
from site_builder.zim.metadata import file_name, illustration, metadata

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


def check_editions(source: SiteInput, langs: tuple[str, ...]) -> tuple[bytes, dict[str, str]]:
    """What would stop the files of ``langs`` from being written, found before any file is:
    the illustration and each language's three-letter code.

    Raises:
        ConfigError: the ``zim:`` settings are wrong.
        SiteError: a language has no three-letter code, or the illustration cannot be read.
    """
    settings = source.config.zim
    picture = illustration(settings)
    codes = {}
    for lang in langs:
        code = settings.iso_639_3(lang)
        if code is None:
            raise SiteError(
                f"wikipk does not know the ISO 639-3 code of the language '{lang}', which a "
                f"ZIM file must name: add it under 'zim: languages:' in wikipk.yml "
                f"(such as '{lang}: urd')"
            )
        codes[lang] = code
    return picture, codes


def write_editions(source: SiteInput, out: Path, langs: tuple[str, ...]) -> tuple[ZimFile, ...]:
    """Write the ZIM file of each language in ``langs`` into ``out``; an older month's file of
    the same language is removed once the new one is in place.

    Raises:
        ConfigError: the ``zim:`` settings are wrong (no file is written).
        SiteError: a language has no three-letter code, or the illustration cannot be read (no
            file is written).
    """
    settings = source.config.zim
    picture, codes = check_editions(source, langs)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for lang, code in codes.items():
        edition = build_edition(source, lang, settings.image_width)
        target = out / file_name(settings, lang, edition.date)
        data = metadata(settings, source.theme, edition, code)
        changed = write_archive(target, edition.entries, data, picture, urls.HOME, code)
        for older in out.glob(f"{settings.name}_{lang}_*.zim"):
            if older != target:
                log.info("removing %s: %s replaces it", older, target.name)
                older.unlink(missing_ok=True)
        written.append(
            ZimFile(
                lang,
                target,
                len(edition.documents),
                len(edition.entries),
                target.stat().st_size,
                changed,
            )
        )
    return tuple(written)


def export_languages(source: SiteInput) -> tuple[str, ...]:
    """Every language with documents (each gets its file)."""
    return languages_with_documents(source)
