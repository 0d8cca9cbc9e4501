"""Loading the knowledge base: find every document, read it safely, and build its model.

Loading never raises on bad content: every problem becomes a located :class:`Problem`, and a
document that cannot be modelled is left out of the result (its problems say why).
"""

from __future__ import annotations

import gc
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from wikipk import frontmatter, markdown, schema
from wikipk.boundary import is_inside, outside_problem
from wikipk.cache import CheckCache, file_key
from wikipk.config import Config
from wikipk.conflicts import conflict_problems
from wikipk.documents import Facts, build_document
from wikipk.model import Document
from wikipk.paths import display_path
from wikipk.problems import Problem, sort_problems
from wikipk.scorecards.reference import Reference, load_reference
from wikipk.validation import cross_document_problems
from wikipk.wiki_titles import wiki_names_of
from wikipk.workers import KeepingWorkers

log = logging.getLogger(__name__)

PARALLEL_FROM = 256
"""Fewer files than this are loaded in this process: starting workers would cost more."""
WORKER_GC_THRESHOLDS = (10_000, 20, 20)
"""Garbage-collection thresholds of worker processes (Python's are 700, 10, 10)."""


def prepare_worker() -> None:
    """Start a worker process that loads (and renders) documents: collect garbage less often.

    Parsing makes hundreds of short-lived objects a document, and with Python's default
    thresholds the collector ran every 700 of them and often walked the whole heap, about 7% of
    a worker's time. What the worker inherited is frozen (never walked again), and the young
    generation holds 10,000 objects before a collection: garbage is still collected, in fewer,
    equally cheap passes.
    """
    gc.freeze()
    gc.set_threshold(*WORKER_GC_THRESHOLDS)


@dataclass(frozen=True)
class SourceFile:
    """A document file found in the content folder."""

    path: Path
    """The file on disk."""
    relative: PurePosixPath
    """Path relative to the content folder."""
    display: str
    """The path shown in messages."""


@dataclass(frozen=True)
class Loaded:
    """One file's outcome: the document (when it could be modelled) and its problems."""

    source: SourceFile
    document: Document | None
    """The model, when the file is valid (and documents were asked for)."""
    facts: Facts | None
    """What cross-document rules need (None when the file could not be read)."""
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class KnowledgeBase:
    """Every document of the content folder, and every problem found while loading them."""

    documents: tuple[Document, ...]
    """The valid documents, in path order."""
    problems: tuple[Problem, ...]
    """Every problem, sorted by path and position."""
    facts: tuple[Facts, ...]
    """Cross-reference facts of every readable file."""
    file_count: int
    """How many document files were found."""
    reference: Reference | None = None
    """The scoring framework and gazetteer that scorecards were checked against."""


class Found(NamedTuple):
    """The documents of a content folder, and the links found leading out of it."""

    sources: list[SourceFile]
    """Every document file inside the folder, in path order."""
    problems: list[Problem]
    """A ``symlink-outside`` problem per file or folder that is a link leading outside."""
    refused: int
    """How many of those files are documents (``*.md``)."""


def find_sources(content_dir: Path) -> Found:
    """Every ``*.md`` file below ``content_dir``, sorted; a file of any kind, or a folder, that
    is a link leading out of the folder is a problem (and is never read)."""
    root = content_dir.resolve()
    shown = display_path(content_dir)
    prefix = "" if shown == "." else f"{shown}/"
    sources, problems, refused = [], [], 0
    for folder, dirs, files in os.walk(content_dir):
        inner = PurePosixPath(Path(folder).relative_to(content_dir).as_posix())
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in dirs:
            if _leads_out(Path(folder, name), root):
                problems.append(outside_problem(f"{prefix}{inner / name}", folder=True))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = Path(folder, name)
            relative = inner / name
            document = name.endswith(".md")
            # The shown path is made by joining strings: display_path() per file costs more than
            # reading the file's bytes, at 10,000 files.
            if _leads_out(path, root):
                problems.append(outside_problem(f"{prefix}{relative}", document=document))
                refused += document
            elif document:
                sources.append(SourceFile(path, relative, f"{prefix}{relative}"))
    return Found(sources, problems, refused)


def _leads_out(path: Path, root: Path) -> bool:
    """True when ``path`` is a link whose target (followed to the end) is outside ``root``."""
    return path.is_symlink() and not is_inside(path.resolve(), root)


def read_source(source: SourceFile, config: Config) -> tuple[str | None, list[Problem]]:
    """Read a file as UTF-8 text with LF line ends, reporting what had to be fixed or refused."""
    problems: list[Problem] = []

    def problem(line: int, column: int, rule: str, message: str, hint: str) -> None:
        problems.append(Problem(source.display, line, column, rule, message, hint))

    try:
        size = source.path.stat().st_size
        if size > config.max_file_size:
            problem(
                1,
                1,
                "file-too-large",
                f"the file is {_size(size, config.max_file_size)}; "
                f"the limit is {_size(config.max_file_size)}",
                "split the document, or keep large media in content/media/ and link to it",
            )
            return None, problems
        raw = source.path.read_bytes()
    except OSError as error:
        problem(
            1,
            1,
            "unreadable",
            f"the file cannot be read: {error.strerror}",
            "check the file's permissions",
        )
        return None, problems
    if raw.startswith(b"\xef\xbb\xbf"):
        problem(
            1,
            1,
            "bom",
            "the file starts with a byte order mark (BOM)",
            "save the file as UTF-8 without BOM",
        )
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        problem(
            line,
            column,
            "encoding",
            "the file is not valid UTF-8 text",
            "save the file with UTF-8 encoding",
        )
        return None, problems
    if "\r" in text:
        line = text.count("\n", 0, text.index("\r")) + 1
        problem(
            line,
            len(text[: text.index("\r")].rsplit("\n", 1)[-1]) + 1,
            "line-endings",
            "the file has Windows (CRLF) or old Mac (CR) line ends",
            "save the file with Unix (LF) line ends",
        )
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        problem(
            1,
            1,
            "empty-file",
            "the file is empty",
            "write the document, or delete the file; 'wikipk new' makes a starting point",
        )
        return None, problems
    return text, problems


def _size(size: int, other: int | None = None) -> str:
    """A size in the unit people use, exact in bytes when rounding would hide a difference."""
    if size < 1024:
        return f"{size} bytes"
    unit, scale = ("MiB", 1024 * 1024) if size >= 1024 * 1024 else ("KiB", 1024)
    text = f"{size / scale:.1f} {unit}".replace(".0 ", " ")
    if other is not None and text == _size(other):
        return f"{size:,} bytes"
    return text


def load_source(
    source: SourceFile, config: Config, keep: bool = True, reference: Reference | None = None
) -> Loaded:
    """Read, split, check and parse one file.

    Args:
        source: the file.
        config: the knowledge base's settings.
        keep: build the document model; a check that only reports problems skips it, so the
            parsed tokens need not travel back from worker processes.
        reference: the framework and gazetteer (read once per run) scorecards are checked by.
    """
    text, problems = read_source(source, config)
    if text is None:
        return Loaded(source, None, None, tuple(problems))
    problems.extend(conflict_problems(source.display, text))
    matter = frontmatter.split(text)
    for issue in matter.issues:
        problems.append(
            Problem(source.display, issue.line, issue.column, issue.rule, issue.message, issue.hint)
        )
    for found in _schema_issues(matter, config):
        positions = matter.key_positions if found.at_key else matter.positions
        line, column = positions.get(found.path) or matter.where(found.path)
        problems.append(
            Problem(source.display, line, column, found.rule, found.message, found.hint)
        )
    tokens = markdown.parse(matter.body)
    document, facts, more = build_document(
        source.relative,
        source.display,
        matter,
        tokens,
        valid=not problems,
        reference=(lambda: reference) if reference else partial(load_reference, config.content_dir),
    )
    problems.extend(more)
    return Loaded(source, document if keep else None, facts, tuple(problems))


def _schema_issues(matter: frontmatter.FrontMatter, config: Config) -> list[schema.SchemaIssue]:
    if not matter.readable:
        return []
    found = schema.validate(matter.data, [lang.code for lang in config.languages])
    return [
        issue for issue in found if not any(issue.path[: len(bad)] == bad for bad in matter.broken)
    ]


def _load_chunk(
    sources: list[SourceFile], config: Config, keep: bool, reference: Reference
) -> list[Loaded]:
    return [load_source(source, config, keep, reference) for source in sources]


DocumentWorkers = KeepingWorkers[SourceFile, Loaded, Document]
"""Worker processes that load documents and keep them, parsed, by path (``str(doc.path)``)."""


def document_workers(
    config: Config, meanwhile: Callable[[], object] | None = None
) -> DocumentWorkers:
    """Worker processes for the documents of ``config``: they load the documents, then render
    them (:meth:`KeepingWorkers.map`) from the one parse, where they were parsed. ``meanwhile``
    runs in this process while they load."""
    count = config.workers or os.cpu_count() or 1
    return KeepingWorkers(count, prepare_worker, PARALLEL_FROM, meanwhile)


def _load_keeping(
    sources: list[SourceFile], config: Config, keep: bool, reference: Reference
) -> tuple[list[Loaded], dict[str, Document]]:
    loaded = _load_chunk(sources, config, keep, reference)
    return loaded, {str(item.document.path): item.document for item in loaded if item.document}


def load_all(
    sources: list[SourceFile],
    config: Config,
    keep: bool = True,
    reference: Reference | None = None,
    workers: DocumentWorkers | None = None,
) -> list[Loaded]:
    """Load many files, in parallel across cores when there are enough to be worth it (in
    ``workers`` when given, which keep the documents they load for later work)."""
    reference = reference or load_reference(config.content_dir)
    load = partial(_load_keeping, config=config, keep=keep, reference=reference)
    if workers is not None:
        return workers.load(sources, load)
    with document_workers(config) as own:
        return own.load(sources, load)


def load_knowledge_base(
    config: Config,
    keep: bool = True,
    cache: CheckCache | None = None,
    workers: DocumentWorkers | None = None,
) -> KnowledgeBase:
    """Load every document of the configured content folder and run every rule.

    Args:
        config: the knowledge base's settings.
        keep: build the document models (False when only the problems are wanted).
        cache: reuse the results of unchanged files (only when ``keep`` is False: the cache
            holds facts and problems, not parsed documents).
        workers: load in these worker processes, which keep the documents for later work.
    """
    sources, problems, refused = find_sources(config.content_dir)
    reference = load_reference(config.content_dir)
    problems.extend(reference.problems)
    hits, misses, keys = (
        _split_by_cache(sources, cache) if cache and not keep else ([], sources, {})
    )
    log.info("checking %d files (%d unchanged, from the cache)", len(misses), len(hits))
    loaded = hits + load_all(misses, config, keep, reference, workers)
    if cache and not keep:
        for item in loaded[len(hits) :]:
            if item.source.relative in keys:
                cache.put(
                    item.source.relative,
                    keys[item.source.relative],
                    item.facts,
                    list(item.problems),
                )
        cache.save()
    loaded.sort(key=lambda item: item.source.relative)
    facts = tuple(item.facts for item in loaded if item.facts is not None)
    problems.extend(problem for item in loaded for problem in item.problems)
    names = wiki_names_of(config)
    problems.extend(cross_document_problems(facts, config.content_dir, names))
    documents = tuple(item.document for item in loaded if item.document is not None)
    return KnowledgeBase(
        documents, tuple(sort_problems(problems)), facts, len(sources) + refused, reference
    )


def _split_by_cache(
    sources: list[SourceFile], cache: CheckCache
) -> tuple[list[Loaded], list[SourceFile], dict[PurePosixPath, str]]:
    """Cached results for unchanged files, and the files that must be checked afresh."""
    cache.load()
    hits: list[Loaded] = []
    misses: list[SourceFile] = []
    keys: dict[PurePosixPath, str] = {}
    for source in sources:
        key = file_key(source.path)
        cached = cache.get(source.relative, key, source.display) if key else None
        if cached is None:
            misses.append(source)
            if key:
                keys[source.relative] = key
        else:
            hits.append(Loaded(source, None, cached[0], tuple(cached[1])))
    return hits, misses, keys
