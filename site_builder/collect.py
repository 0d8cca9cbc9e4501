"""Loading, checking and rendering every document once, in parallel, reusing unchanged ones.

The site loads through the one loader (:func:`wikipk.loading.load_knowledge_base`): each worker
process reads, checks and parses its share of the files (the one parse) and renders each
document's page and listing entry at once, where it was parsed (:func:`render_page`), into the
cache; only small records and the check's facts and problems travel back, never the trees.
Public scorecard reports come back whole (without trees): the scoreboard is computed from them.
Unchanged files (same bytes, path and theme) are not parsed at all, except public scorecard
reports, whose cached page is reused. The problems are exactly those of ``wikipk check``: the
same loader, the same rules. The cross-document rules run in a worker while the site is written
(into a staging folder, swapped in only when they pass), and not at all when no file changed
since the last clean build. A run that plans several targets (``wikipk plan``) makes the site's
load its one load (``everything``): every file is loaded and every document kept in the workers,
for the wiki to render there.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
from collections.abc import Callable
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
from wikipk.cache import CheckCache, settings_key
from wikipk.config import Config
from wikipk.links import LinkKind, resolve
from wikipk.loading import (
    DocumentJob,
    DocumentWorkers,
    KnowledgeBase,
    Loaded,
    load_knowledge_base,
    survey,
)
from wikipk.model import DocType, Document
from wikipk.problems import Problem, Severity
from wikipk.scorecards.board import Scoreboard
from wikipk.sources import SourceFile

log = logging.getLogger(__name__)

PARALLEL_FROM = 64
"""Fewer files than this are rendered in this process: starting workers would cost more."""
CROSS_IN_WORKER_FROM = 1000
"""From this many documents the cross-document check is worth a worker of its own."""


@dataclass(frozen=True)
class Collected:
    """Every document's record, the problems found, and how much work was reused."""

    knowledge: KnowledgeBase
    """What the loader found: the problems, and the public scorecard reports."""
    records: tuple[DocMeta, ...]
    """Records of the valid documents, in path order."""
    rendered: int
    """Documents parsed and rendered afresh."""
    reused: int
    """Documents whose cached page was reused."""
    digest: str
    """A digest of every file of the content folder (equal digests, equal problems)."""
    save: Callable[[], None]
    """Write the site's records (called while the cross-document check runs)."""
    indexing: SearchIndexing | None = None
    """The search index, fed every document as it was rendered (None: no index)."""

    @property
    def file_problems(self) -> tuple[Problem, ...]:
        """Problems of single files (and of the scorecard reference, and links out)."""
        return self.knowledge.file_problems

    def problems(self) -> tuple[Problem, ...]:
        """Every problem ``wikipk check`` reports, sorted (waits for the cross-document check)."""
        return self.knowledge.problems

    @property
    def scoreboard(self) -> Scoreboard | None:
        """The computed scorecards, from the reports loaded in this run."""
        return self.knowledge.scoreboard


def failed(problems: tuple[Problem, ...]) -> bool:
    """True when a problem is an error: the site must not be built."""
    return any(problem.severity is Severity.ERROR for problem in problems)


@dataclass(frozen=True)
class RenderJob:
    """What a worker needs to render its share of the documents."""

    config: Config
    theme: Theme
    keys: dict[str, str]
    """The cache key of the page of every document to render, by path (the others' pages are
    reused)."""


def collect(
    config: Config,
    theme: Theme,
    workers: DocumentWorkers,
    search: bool = False,
    *,
    everything: bool = False,
) -> Collected:
    """Load, check and render the knowledge base, reusing every page whose file is unchanged.

    Args:
        config: the knowledge base's settings.
        theme: what pages are rendered with.
        workers: worker processes, started only when enough documents must be rendered.
        search: begin the search index, and feed it each document once it is rendered.
        everything: the run's one load, shared with its other outputs (``wikipk plan``):
            every file is loaded (unchanged pages are reused all the same), every document is
            kept in ``workers`` for the others to render there, and every rule runs.

    Raises:
        SearchError: Pagefind is missing.
    """
    check = CheckCache(config.root, settings_key(config))
    site = SiteCache(config.root)
    theme_key = theme.key
    previous = site.load_records(theme_key)
    reused: dict[PurePosixPath, DocMeta] = {}

    def reuse(source: SourceFile, key: str, cached: Loaded) -> bool:
        """A file's page may be reused when it is cached for the file's bytes; the file itself
        is loaded all the same when it is a public scorecard report (for the scoreboard)."""
        meta = previous.get(source.relative.as_posix())
        if meta is None or meta.key != page_key(theme_key, meta.path, key):
            return False
        if not _kept(site, meta):
            return False
        reused[source.relative] = meta
        facts = cached.facts
        return not everything and (facts is None or facts.scorecard is None or facts.premium)

    surveyed = survey(config, check, reuse)
    sources = surveyed.found.sources
    keys = dict(zip((source.relative for source in sources), surveyed.keys, strict=True))
    pages = sorted(
        (relative, page_key(theme_key, relative.as_posix(), key or ""))
        for relative, key in keys.items()
    )
    loading = {source.relative for source in surveyed.misses}
    render = {relative.as_posix(): key for relative, key in pages if relative not in reused}
    log.info("rendering %d documents (%d unchanged, from the cache)", len(render), len(reused))
    digest = _digest(
        config.content_dir, [settings_key(config), *(f"{r}:{k}" for r, k in keys.items())]
    )
    cross_needed = site.load_state().get("clean") != digest
    misses = len(surveyed.misses)
    fork = misses >= PARALLEL_FROM or (cross_needed and len(sources) >= CROSS_IN_WORKER_FROM)
    feed = _Feed([relative for relative, _ in pages], reused, loading)

    def begin() -> None:
        """Start the search index once the workers are forked (Pagefind runs threads)."""
        if search:
            feed.start(SearchIndexing(config.root, search_key(key for _, key in pages)))

    try:
        knowledge = load_knowledge_base(
            config,
            keep=True if everything else _scored,
            cache=check,
            workers=workers,
            surveyed=surveyed,
            job=DocumentJob(render_page, RenderJob(config, theme, render)),
            take=feed.take,
            chunk=max(16, min(64, -(-misses // (workers.count * 4)))),
            fork=fork,
            meanwhile=begin,
            cross=cross_needed or everything,
        )
    except BaseException:
        if feed.indexing:
            feed.indexing.close()
        raise
    records = [meta for item in knowledge.files if (meta := _meta(item, reused)) is not None]
    rendered = sum(item.made is not None for item in knowledge.files)

    def save() -> None:
        if rendered or len(records) != len(previous):
            site.save_records(theme_key, records)

    return Collected(
        knowledge=knowledge,
        records=tuple(records),
        rendered=rendered,
        reused=len(reused),
        digest=digest,
        save=save,
        indexing=feed.indexing,
    )


def _scored(document: Document) -> bool:
    """True for a document the scoreboard is computed from: it comes back from the worker."""
    return document.type is DocType.SCORECARD and not document.is_premium


def _meta(item: Loaded, reused: dict[PurePosixPath, DocMeta]) -> DocMeta | None:
    """A file's record: rendered now, or its cached page's (None when the file is invalid)."""
    if item.made is not None:
        meta: DocMeta = item.made
        return meta
    return reused.get(item.source.relative)


class _Feed:
    """Hands documents to the search index in path order, each as soon as its page is rendered
    and every document before it was handed over."""

    def __init__(
        self,
        order: list[PurePosixPath],
        reused: dict[PurePosixPath, DocMeta],
        loading: set[PurePosixPath],
    ) -> None:
        self.indexing: SearchIndexing | None = None
        self.order = order
        self.next = 0
        self.reused = reused
        self.ready: dict[PurePosixPath, DocMeta | None] = {
            relative: meta for relative, meta in reused.items() if relative not in loading
        }

    def start(self, indexing: SearchIndexing) -> None:
        """Begin feeding ``indexing`` (first the documents that are not loaded at all)."""
        self.indexing = indexing
        self.take([])

    def take(self, loaded: list[Loaded]) -> None:
        """Files just loaded (the pages of valid ones rendered into the cache)."""
        if self.indexing is None:
            return
        self.ready.update((item.source.relative, _meta(item, self.reused)) for item in loaded)
        while self.next < len(self.order) and self.order[self.next] in self.ready:
            meta = self.ready.pop(self.order[self.next])
            self.next += 1
            if meta is not None:
                self.indexing.add(meta)


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


@functools.cache
def worker_environment(folder: Path, digest: str) -> jinja2.Environment:
    """The template environment of a worker process, built once per process and template
    folder version (``digest``), as the core builds its Markdown parser once."""
    return make_environment(folder)


def render_page(doc: Document, job: RenderJob) -> DocMeta | None:
    """Render a document's page into the cache, in the process that parsed it; its record
    (None when its cached page is reused). A premium body is kept apart, to be sealed
    (:mod:`site_builder.premium`), and is never part of the page or its search text."""
    key = job.keys.get(doc.path.as_posix())
    if key is None:
        return None
    theme = job.theme
    env = worker_environment(theme.templates, theme.templates_digest)
    cache = SiteCache(job.config.root)
    context = RenderContext(doc.path, checklists=doc.type is DocType.SOP)
    tree = doc.tree
    body = SiteRenderer(context).html(tree)
    if doc.is_premium:
        store_body(cache.folder, key, body)
        body, text = SLOT, ""
    else:
        text = plain_text(tree)
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
