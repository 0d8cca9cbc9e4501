"""Loading, checking and rendering every document once, in parallel, reusing unchanged ones.

Each worker process reads, checks and parses its share of the files (the one parse), renders each
document's page and listing entry at once and keeps them in the cache; only small records and the
check's facts and problems travel back, never the tokens. Unchanged files (same bytes, path and
theme) are not parsed at all. The problems are exactly those of ``wikipk check``: the same
per-file rules, the same cross-document rules, sorted the same way. The cross-document rules run
in a worker while the site is written (into a staging folder, swapped in only when they pass),
and not at all when no file changed since the last clean build.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

import jinja2

from site_builder.cache import SiteCache, page_key
from site_builder.indexing import SearchIndexing, search_key
from site_builder.pages import render_card, render_document
from site_builder.premium import SLOT, body_file, store_body
from site_builder.records import DocMeta, doc_meta
from site_builder.render import RenderContext, SiteRenderer, plain_text
from site_builder.templates import make_environment
from site_builder.theme import Theme
from site_builder.workers import WorkerPool
from wikipk.cache import CheckCache, file_key, settings_key
from wikipk.config import Config
from wikipk.documents import Facts
from wikipk.links import LinkKind, resolve
from wikipk.loading import SourceFile, find_sources, load_source
from wikipk.model import DocType, Document
from wikipk.problems import Problem, Severity, sort_problems
from wikipk.validation import cross_document_problems
from wikipk.wiki_titles import wiki_names_of

log = logging.getLogger(__name__)

PARALLEL_FROM = 64
"""Fewer files than this are rendered in this process: starting workers would cost more."""
CROSS_IN_WORKER_FROM = 1000
"""From this many documents the cross-document check is worth a worker of its own."""


@dataclass(frozen=True)
class Collected:
    """Every document's record, the problems found so far, and how much work was reused."""

    records: tuple[DocMeta, ...]
    """Records of the valid documents, in path order."""
    file_problems: tuple[Problem, ...]
    """Problems of single files (and files refused before loading)."""
    cross: Future[list[Problem]] | list[Problem]
    """The cross-document problems, or the pending check that finds them."""
    rendered: int
    """Documents parsed and rendered afresh."""
    reused: int
    """Documents whose cached page was reused."""
    digest: str
    """A digest of every file of the content folder (equal digests, equal problems)."""
    save: Callable[[], None]
    """Write the check and site caches (called while the cross-document check runs)."""
    indexing: SearchIndexing | None = None
    """The search index, fed every document as it was rendered (None: no index)."""

    def problems(self) -> tuple[Problem, ...]:
        """Every problem ``wikipk check`` reports, sorted (waits for the cross-document check)."""
        cross = self.cross if isinstance(self.cross, list) else self.cross.result()
        return tuple(sort_problems([*self.file_problems, *cross]))


def failed(problems: tuple[Problem, ...]) -> bool:
    """True when a problem is an error: the site must not be built."""
    return any(problem.severity is Severity.ERROR for problem in problems)


@dataclass(frozen=True)
class RenderJob:
    """What a worker needs to render its share of the documents."""

    config: Config
    theme: Theme


@dataclass(frozen=True)
class Task:
    """One file to load and render."""

    source: SourceFile
    file_key: str | None
    """Content hash of the file (None when it cannot be read: loading reports why)."""
    key: str
    """Cache key of its page."""


@dataclass(frozen=True)
class Outcome:
    """One file's check result and, when it is valid, its record."""

    relative: PurePosixPath
    facts: Facts | None
    problems: tuple[Problem, ...]
    meta: DocMeta | None


def collect(config: Config, theme: Theme, pool: WorkerPool, search: bool = False) -> Collected:
    """Load, check and render the knowledge base, reusing every page whose file is unchanged.

    Args:
        config: the knowledge base's settings.
        theme: what pages are rendered with.
        pool: worker processes, started only when enough documents must be rendered.
        search: begin the search index, and feed it each document once it is rendered.

    Raises:
        SearchError: Pagefind is missing.
    """
    sources, refused, _ = find_sources(config.content_dir)
    check = CheckCache(config.root, settings_key(config))
    check.load()
    site = SiteCache(config.root)
    theme_key = theme.key
    previous = site.load_records(theme_key)
    reused, tasks, keys = _split(sources, check, site, previous, theme_key)
    log.info("rendering %d documents (%d unchanged, from the cache)", len(tasks), len(reused))
    pages = sorted(
        [(item.relative, item.meta.key if item.meta else "") for item in reused]
        + [(task.source.relative, task.key) for task in tasks]
    )
    digest = _digest(config.content_dir, [settings_key(config), *keys])
    cross_needed = site.load_state().get("clean") != digest
    if len(tasks) >= PARALLEL_FROM or (cross_needed and len(sources) >= CROSS_IN_WORKER_FROM):
        pool.start()  # forked now, before Pagefind's threads run (see WorkerPool)
    indexing = SearchIndexing(config.root, search_key(k for _, k in pages)) if search else None
    try:
        feed = _Feed(indexing, [relative for relative, _ in pages], reused)
        fresh = _run(tasks, RenderJob(config, theme), pool, feed.take)
    except BaseException:
        if indexing:
            indexing.close()
        raise
    for task, outcome in zip(tasks, fresh, strict=True):
        if task.file_key:
            check.put(task.source.relative, task.file_key, outcome.facts, list(outcome.problems))
    outcomes = sorted(reused + fresh, key=lambda item: item.relative)
    records = [item.meta for item in outcomes if item.meta is not None]

    def save() -> None:
        if fresh or len(check.used) != len(check.entries):
            check.save()
        if fresh or len(records) != len(previous):
            site.save_records(theme_key, records)

    return Collected(
        records=tuple(records),
        file_problems=(*refused, *(p for item in outcomes for p in item.problems)),
        cross=_cross_check(outcomes, config, pool) if cross_needed else [],
        rendered=len(fresh),
        reused=len(reused),
        digest=digest,
        save=save,
        indexing=indexing,
    )


class _Feed:
    """Hands documents to the search index in path order, each as soon as its page is rendered
    and every document before it was handed over."""

    def __init__(
        self,
        indexing: SearchIndexing | None,
        order: list[PurePosixPath],
        reused: list[Outcome],
    ) -> None:
        self.indexing = indexing
        self.order = order
        self.next = 0
        self.ready = {item.relative: item.meta for item in reused} if indexing else {}
        self.take([])

    def take(self, outcomes: list[Outcome]) -> None:
        """Documents just rendered (their pages and search texts are in the cache)."""
        if self.indexing is None:
            return
        self.ready.update((item.relative, item.meta) for item in outcomes)
        while self.next < len(self.order) and self.order[self.next] in self.ready:
            meta = self.ready.pop(self.order[self.next])
            self.next += 1
            if meta is not None:
                self.indexing.add(meta)


def _split(
    sources: list[SourceFile],
    check: CheckCache,
    site: SiteCache,
    previous: dict[str, DocMeta],
    theme_key: str,
) -> tuple[list[Outcome], list[Task], list[str]]:
    """Files whose page and check result are cached, tasks for the others, and every key."""
    reused: list[Outcome] = []
    tasks: list[Task] = []
    keys: list[str] = []
    for source in sources:
        content = file_key(source.path)
        relative = source.relative.as_posix()
        key = page_key(theme_key, relative, content or "")
        keys.append(f"{relative}:{content}")
        meta = previous.get(relative)
        cached = check.get(source.relative, content, source.display) if content else None
        if cached and meta and meta.key == key and _kept(site, meta):
            reused.append(Outcome(source.relative, cached[0], tuple(cached[1]), meta))
        else:
            tasks.append(Task(source, content, key))
    return reused, tasks, keys


def _kept(site: SiteCache, meta: DocMeta) -> bool:
    """True when the cache still has the document's page (and a premium document's body)."""
    found = site.has_page(meta.key)
    return found and (not meta.premium or body_file(site.folder, meta.key).is_file())


def _digest(content_dir: Path, keys: list[str]) -> str:
    """Documents by content hash, and the other files by name and size (images, PDFs)."""
    digest = hashlib.sha256("\n".join(keys).encode())
    for folder, dirs, files in os.walk(content_dir):
        dirs.sort()
        for name in sorted(files):
            if not name.endswith(".md"):
                path = Path(folder) / name
                digest.update(f"{path}:{path.stat().st_size}\n".encode())
    return digest.hexdigest()


def _cross_check(
    outcomes: list[Outcome], config: Config, pool: WorkerPool
) -> Future[list[Problem]] | list[Problem]:
    """The cross-document check: in a worker, while this process writes the site."""
    facts = [item.facts for item in outcomes if item.facts is not None]
    executor = pool.get() if pool.started or len(facts) >= CROSS_IN_WORKER_FROM else None
    names = wiki_names_of(config)
    if executor is None:
        return cross_document_problems(facts, config.content_dir, names)
    return executor.submit(cross_document_problems, facts, config.content_dir, names)


def _run(
    tasks: list[Task],
    job: RenderJob,
    workers: WorkerPool,
    take: Callable[[list[Outcome]], None],
) -> list[Outcome]:
    """Render the tasks, across the worker processes when there are enough of them; ``take``
    gets the outcomes in order, a chunk at a time, as they are ready."""
    pool = workers.get() if len(tasks) >= PARALLEL_FROM else None
    if pool is None:
        outcomes = render_tasks(tasks, job)
        take(outcomes)
        return outcomes
    # Small chunks keep both workers busy to the end; each worker builds its template
    # environment once (``worker_environment``), so a chunk costs almost nothing to start.
    size = max(16, min(64, -(-len(tasks) // (workers.size * 4))))
    chunks = [tasks[start : start + size] for start in range(0, len(tasks), size)]
    outcomes = []
    for chunk in pool.map(render_tasks, chunks, [job] * len(chunks)):
        take(chunk)
        outcomes.extend(chunk)
    return outcomes


@functools.cache
def worker_environment(folder: Path, digest: str) -> jinja2.Environment:
    """The template environment of a worker process, built once per process and template
    folder version (``digest``), as the core builds its Markdown parser once."""
    return make_environment(folder)


def render_tasks(tasks: list[Task], job: RenderJob) -> list[Outcome]:
    """Load, check and render files (in a worker process): pages go to the cache."""
    env = worker_environment(job.theme.templates, job.theme.templates_digest)
    renderer = SiteRenderer()
    cache = SiteCache(job.config.root)
    outcomes = []
    for task in tasks:
        loaded = load_source(task.source, job.config, keep=True)
        meta = None
        if loaded.document is not None:
            meta = _render(loaded.document, task.key, renderer, job.theme, cache, env)
        outcomes.append(Outcome(task.source.relative, loaded.facts, loaded.problems, meta))
    return outcomes


def _render(
    doc: Document,
    key: str,
    renderer: SiteRenderer,
    theme: Theme,
    cache: SiteCache,
    env: jinja2.Environment,
) -> DocMeta:
    """Render one document's page into the cache; a premium body is kept apart, to be sealed
    (:mod:`site_builder.premium`), and is never part of the page or its search text."""
    context = RenderContext(doc.path, checklists=doc.type is DocType.SOP)
    body = renderer.html(doc.tokens, context)
    if doc.is_premium:
        store_body(cache.folder, key, body)
        body, text = SLOT, ""
    else:
        text = plain_text(doc.tokens)
    meta = doc_meta(doc, key, _files(doc))
    meta = replace(meta, card=render_card(env, theme, meta))
    cache.store(key, render_document(env, theme, meta, body), text)
    return meta


def _files(doc: Document) -> tuple[str, ...]:
    """The content files (images, PDFs) a document's body points at."""
    found = []
    for link in doc.links:
        target = resolve(doc.path, link.target)
        if target.kind is LinkKind.FILE and target.path is not None:
            found.append(target.path.as_posix())
    return tuple(sorted(set(found)))
