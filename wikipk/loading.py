"""Loading the knowledge base: the one way every command gets its documents and their problems.

A run surveys the content folder (:func:`survey`): every document file, its content hash, and
which files are unchanged since the check cache was written (their results stand in for them).
The others are read, checked and parsed once each (:func:`load_source`), in worker processes
when there are enough (:mod:`wikipk.workers`); an output may do its own work on each document
in the process that parsed it (the site renders its page there), so tokens never travel. Then
the rules across documents run, in a worker while this process goes on when one is running.

Loading never raises on bad content: every problem becomes a located :class:`Problem`, and a
document that cannot be modelled is left out of the result (its problems say why).
"""

from __future__ import annotations

import copyreg
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from functools import cached_property, partial
from typing import Any

from wikipk import frontmatter, markdown, schema
from wikipk.cache import CheckCache, file_key
from wikipk.config import Config
from wikipk.conflicts import conflict_problems
from wikipk.documents import Facts, build_document
from wikipk.model import Document
from wikipk.problems import Problem, sort_problems
from wikipk.scorecards.board import Scoreboard, compute
from wikipk.scorecards.reference import Reference, load_reference
from wikipk.sources import Found, SourceFile, find_sources, read_source
from wikipk.validation import cross_document_problems
from wikipk.wiki_titles import wiki_names_of
from wikipk.workers import KeepingWorkers, Pending, prepare_worker

log = logging.getLogger(__name__)

PARALLEL_FROM = 256
"""Fewer files than this are loaded in this process: starting workers would cost more."""

Keep = bool | Callable[[Document], bool]
"""Which documents come back to this process: all, none (a check wants only the problems), or
those a module-level function picks."""


@dataclass(frozen=True)
class Loaded:
    """One file's outcome: the document (when it could be modelled) and its problems."""

    source: SourceFile
    document: Document | None
    """The model, when the file is valid (and documents were asked for)."""
    facts: Facts | None
    """What cross-document rules need (None when the file could not be read)."""
    problems: tuple[Problem, ...]
    made: Any = None
    """What an output's :class:`DocumentJob` made of the document, where it was parsed."""


@dataclass(frozen=True)
class DocumentJob:
    """An output's own work on each valid document it loads, done in the process that parsed
    it (the site renders the document's page there): ``make(document, shared)``, a
    module-level function, gives the file's :attr:`Loaded.made`."""

    make: Callable[[Document, Any], object]
    shared: Any = None


@dataclass(frozen=True)
class Survey:
    """What a run loads: every document file of the content folder, and which of them are
    unchanged since the check cache was written (their cached results stand in for them)."""

    found: Found
    reference: Reference
    """The framework and gazetteer, read once per run."""
    keys: tuple[str | None, ...]
    """The content hash of every file, in path order (None: unreadable, or no cache)."""
    hits: tuple[Loaded, ...]
    """Cached results of unchanged files (no document: it is not loaded)."""
    misses: tuple[SourceFile, ...]
    """The files to load."""


Reuse = Callable[[SourceFile, str, Loaded], bool]
"""Whether an output may use a file's cached result (given its content hash) instead of loading
the file."""


@dataclass(frozen=True)
class KnowledgeBase:
    """Every document of the content folder, and every problem found while loading them."""

    documents: tuple[Document, ...]
    """The valid documents loaded (and asked for), in path order."""
    file_problems: tuple[Problem, ...]
    """The problems of single files, of the framework and gazetteer, and of links out."""
    facts: tuple[Facts, ...]
    """Cross-reference facts of every readable file."""
    file_count: int
    """How many document files were found."""
    reference: Reference | None = None
    """The scoring framework and gazetteer that scorecards were checked against."""
    files: tuple[Loaded, ...] = ()
    """Every file's outcome, in path order (from the cache for unchanged files)."""
    cross: Pending[list[Problem]] | None = field(default=None, compare=False)
    """The cross-document problems, perhaps still being found in a worker (None: not asked)."""

    @cached_property
    def problems(self) -> tuple[Problem, ...]:
        """Every problem, sorted by path and position (waits for the cross-document rules)."""
        cross = self.cross.result() if self.cross is not None else []
        return tuple(sort_problems([*self.file_problems, *cross]))

    @cached_property
    def scoreboard(self) -> Scoreboard | None:
        """The scores of every public scorecard, computed once for every output."""
        return compute(self.documents, self.reference)


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
    tree = markdown.parse(matter.body)
    document, facts, more = build_document(
        source.relative,
        source.display,
        matter,
        tree,
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


def _without_tokens(document: Document) -> tuple[Callable[..., Document], tuple[Any, ...]]:
    """Pickle a document without its tokens: the process that renders it parses it again.

    Documents travel from the loader's worker processes to the parent, which needs their
    metadata; the workers keep their own parsed copies to render (:mod:`wikipk.workers`).
    Pickling a body's tokens and unpickling them costs about five times as much as parsing
    the body again, and the parse is deterministic (the same body, the same tokens).
    """
    state = {f.name: getattr(document, f.name) for f in fields(document) if f.name != "parsed"}
    return _unpickle_document, (state,)


def _unpickle_document(state: dict[str, Any]) -> Document:
    """A pickled document, its tokens parsed again from its body when first used."""
    return Document(**state)


copyreg.pickle(Document, _without_tokens)


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
    sources: list[SourceFile],
    config: Config,
    keep: Keep,
    reference: Reference,
    job: DocumentJob | None,
) -> tuple[list[Loaded], dict[str, Document]]:
    """Load a share of the files (in a worker process): their outcomes, with the documents
    asked for, and those documents, which the worker keeps for later work."""
    loaded: list[Loaded] = []
    kept: dict[str, Document] = {}
    for source in sources:
        item = load_source(source, config, True, reference)
        document = item.document
        if document is not None:
            made = job.make(document, job.shared) if job is not None else None
            if keep if isinstance(keep, bool) else keep(document):
                kept[str(document.path)] = document
            else:
                document = None
            item = Loaded(source, document, item.facts, item.problems, made)
        loaded.append(item)
    return loaded, kept


def survey(config: Config, cache: CheckCache | None = None, reuse: Reuse | None = None) -> Survey:
    """Find every document file and split them: unchanged files, whose cached result stands in
    for them, and the files to load. This is the one place the check cache is consulted.

    Args:
        config: the knowledge base's settings.
        cache: the check cache (None: every file is loaded, and no content hash is made).
        reuse: whether the output may use a cached result (default: always).
    """
    found = find_sources(config.content_dir)
    reference = load_reference(config.content_dir)
    if cache is None:
        return Survey(found, reference, (None,) * len(found.sources), (), tuple(found.sources))
    cache.load()
    hits: list[Loaded] = []
    misses: list[SourceFile] = []
    keys: list[str | None] = []
    for source in found.sources:
        key = file_key(source.path)
        keys.append(key)
        cached = cache.get(source.relative, key, source.display) if key else None
        hit = None if cached is None else Loaded(source, None, cached[0], tuple(cached[1]))
        if hit is None or (key and reuse is not None and not reuse(source, key, hit)):
            misses.append(source)
        else:
            hits.append(hit)
    return Survey(found, reference, tuple(keys), tuple(hits), tuple(misses))


def load_knowledge_base(
    config: Config,
    keep: Keep = True,
    cache: CheckCache | None = None,
    workers: DocumentWorkers | None = None,
    *,
    surveyed: Survey | None = None,
    job: DocumentJob | None = None,
    take: Callable[[list[Loaded]], object] | None = None,
    chunk: int | None = None,
    fork: bool | None = None,
    meanwhile: Callable[[], object] | None = None,
    cross: bool = True,
) -> KnowledgeBase:
    """Load every document of the configured content folder and run every rule: the one way
    every command loads the knowledge base.

    Args:
        config: the knowledge base's settings.
        keep: the documents wanted back (False when only the problems are wanted).
        cache: the check cache: results of unchanged files stand in for them when ``keep`` is
            False (it holds facts and problems, not documents) or ``surveyed`` chose them, and
            the results of the files loaded are written to it.
        workers: load in these worker processes, which keep the documents they send back for
            later work, and find the cross-document problems while this process goes on.
        surveyed: the files found and split by :func:`survey` (default: surveyed here).
        job: the output's own work on each document, where it is parsed.
        take: gets the loaded files in path order, a chunk at a time, as soon as they are ready.
        chunk: how many files a worker loads before it sends them back (default: all its share).
        fork: load in worker processes (default: when there are enough files).
        meanwhile: run once in this process while the workers load.
        cross: run the cross-document rules (an output that knows nothing changed skips them).
    """
    if surveyed is None:
        surveyed = survey(config, cache if keep is False else None)
    found, reference = surveyed.found, surveyed.reference
    misses = list(surveyed.misses)
    log.info("checking %d files (%d unchanged, from the cache)", len(misses), len(surveyed.hits))
    load = partial(_load_keeping, config=config, keep=keep, reference=reference, job=job)
    options: dict[str, Any] = {"chunk": chunk, "take": take, "fork": fork, "meanwhile": meanwhile}
    if workers is not None:
        fresh = workers.load(misses, load, **options)
    else:
        with document_workers(config) as own:
            fresh = own.load(misses, load, **options)
    loaded = sorted([*surveyed.hits, *fresh], key=lambda item: item.source.relative)
    facts = tuple(item.facts for item in loaded if item.facts is not None)
    pending = None
    if cross:
        names = wiki_names_of(config)
        if workers is not None:  # in a worker, when one runs
            pending = workers.call(cross_document_problems, facts, config.content_dir, names)
        else:
            pending = Pending.done(cross_document_problems(facts, config.content_dir, names))
    if cache is not None:
        _remember(cache, surveyed, fresh)
    problems = [*found.problems, *reference.problems]
    problems.extend(problem for item in loaded for problem in item.problems)
    return KnowledgeBase(
        documents=tuple(item.document for item in loaded if item.document is not None),
        file_problems=tuple(problems),
        facts=facts,
        file_count=len(found.sources) + found.refused,
        reference=reference,
        files=tuple(loaded),
        cross=pending,
    )


def _remember(cache: CheckCache, surveyed: Survey, fresh: list[Loaded]) -> None:
    """Put the results of the files just loaded into the check cache, and write it when it
    changed."""
    keys = dict(zip((s.relative for s in surveyed.found.sources), surveyed.keys, strict=True))
    for item in fresh:
        key = keys.get(item.source.relative)
        if key:
            cache.put(item.source.relative, key, item.facts, list(item.problems))
    if fresh or len(cache.used) != len(cache.entries):
        cache.save()
