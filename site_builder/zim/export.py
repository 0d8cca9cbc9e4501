"""``wikipk export zim``: the knowledge base as ZIM files for Kiwix, from the site's own load.

The documents are loaded, checked and rendered exactly as for the site (and the site's cache
serves both), without the search index: Kiwix indexes the file itself.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

from site_builder.build import ContentProblems, checks_passed, site_input, site_theme
from site_builder.collect import collect, failed
from site_builder.zim.writing import (
    ZimFile,
    editions_for,
    languages_with_documents,
    write_editions,
)
from wikipk.config import Config
from wikipk.errors import UsageError
from wikipk.loading import document_workers

log = logging.getLogger(__name__)

ALL = "all"
"""``--lang all``: a file for every language that has documents."""


@dataclass(frozen=True)
class ExportReport:
    """What an export did."""

    out: Path
    files: tuple[ZimFile, ...]
    documents: int
    """The documents in the files (a file holds one language's)."""
    seconds: float


def export_zim(config: Config, out: Path, lang: str = ALL) -> ExportReport:
    """Write the ZIM file of ``lang`` (or of every language) into ``out``.

    Raises:
        UsageError: ``lang`` is not a configured language, or it has no documents.
        ContentProblems: documents have problems (no file is written).
        SiteError: a template, the illustration or a language's code is wrong.
    """
    started = time.perf_counter()
    if lang != ALL and config.language(lang) is None:
        codes = ", ".join(language.code for language in config.languages)
        raise UsageError(f"'{lang}' is not a language of this knowledge base (it has {codes})")
    looks = site_theme(config, config.site)
    with document_workers(config) as workers:
        collected = collect(config, looks[1], workers, False)
        log.info("documents loaded, checked and rendered after %.1f s", _since(started))
        if failed(collected.file_problems):
            collected.save()
            raise ContentProblems(collected.problems())
        source = site_input(config, looks, collected)
        checks_passed(collected, config)
    present = languages_with_documents(config.languages, collected.records)
    if lang != ALL and lang not in present:
        raise UsageError(f"there are no documents in '{lang}': no ZIM file was written")
    if not present:
        raise UsageError("there are no documents to export: no ZIM file was written")
    editions = editions_for(config, present if lang == ALL else (lang,), out)
    files = write_editions(source, editions)
    documents = sum(file.documents for file in files)
    return ExportReport(out, files, documents, _since(started))


def _since(started: float) -> float:
    return time.perf_counter() - started
