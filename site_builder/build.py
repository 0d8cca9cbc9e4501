"""``wikipk build``: the knowledge base as a static website, top to bottom.

Everything is checked before the site goes live: the templates compile, every document loads,
validates and renders (the same problems as ``wikipk check`` stop the build), and the site is
written into a staging folder that replaces the output folder only when all of that passed.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import jinja2

from site_builder.assemble import SiteInput, Written, write_site
from site_builder.assets import AssetFiles, build_assets
from site_builder.budget import OverBudget
from site_builder.cache import SiteCache
from site_builder.collect import Collected, collect, failed, worker_environment
from site_builder.errors import SiteError
from site_builder.nav import build_navigation
from site_builder.premium import PremiumKeys, premium_keys, prune_bodies
from site_builder.records import DocMeta
from site_builder.templates import (
    check_templates,
    folder_digest,
    load_strings,
    template_folder,
)
from site_builder.theme import Theme
from site_builder.writer import staged_output
from site_builder.zim.writing import (
    Editions,
    ZimFile,
    editions_for,
    languages_with_documents,
    write_editions,
)
from wikipk.config import Config, SiteSettings
from wikipk.loading import DocumentWorkers, KnowledgeBase, document_workers
from wikipk.problems import Problem

log = logging.getLogger(__name__)

DEFAULT_OUT = Path("_site")


class ContentProblems(SiteError):
    """The knowledge base has problems: the site was not built."""

    def __init__(self, problems: tuple[Problem, ...]) -> None:
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


@dataclass(frozen=True)
class BuildReport:
    """What a build did."""

    out: Path
    documents: int
    pages: int
    rendered: int
    """Documents parsed and rendered afresh (the others came from the cache)."""
    reused: int
    search_records: int | None
    """Documents indexed for search; None without an index, -1 when the last one was reused."""
    over_budget: tuple[OverBudget, ...]
    budget_kb: int
    has_font: bool
    """False when the Urdu font was missing and Urdu pages use the reader's fonts."""
    seconds: float
    premium: tuple[int, int] | None = None
    """Premium documents sealed and subscribers given a key file; None without a registry."""
    zim: tuple[ZimFile, ...] = ()
    """The offline edition's files (``site: zim``), one per language."""


@dataclass(frozen=True)
class SharedLoad:
    """A run whose one load the site makes for every output (``wikipk plan``): the site loads
    every document in ``workers``, which keep them all (parsed) for the run's other outputs, and
    hands what it loaded to ``loaded`` before it writes anything (which may stop the run)."""

    workers: DocumentWorkers
    loaded: Callable[[KnowledgeBase], object]


def build_site(
    config: Config,
    out: Path = DEFAULT_OUT,
    search: bool | None = None,
    shared: SharedLoad | None = None,
    offline: bool | None = None,
) -> BuildReport:
    """Build the site into ``out``.

    Args:
        config: the knowledge base's settings.
        out: the output folder; replaced whole only when the build succeeds.
        search: build the search index (default: the ``site.search`` setting).
        shared: load for the whole run, in its workers (default: the site's own, stopped when
            the site is built).
        offline: write the offline edition's ZIM files too (default: the ``site.zim`` setting).

    Raises:
        ContentProblems: documents have problems (the output folder is untouched).
        SiteError: a template or the search index failed (the output folder is untouched).
        ConfigError: the ``site:`` settings are wrong.
    """
    started = time.perf_counter()
    settings = config.site
    env, theme, assets = site_theme(config, settings)
    pool: AbstractContextManager[DocumentWorkers] = (
        document_workers(config) if shared is None else nullcontext(shared.workers)
    )
    with pool as workers:
        indexed = settings.search if search is None else search
        collected = collect(config, theme, workers, indexed, everything=shared is not None)
        log.info("documents loaded, checked and rendered after %.1f s", _since(started))
        try:
            if shared is not None:
                shared.loaded(collected.knowledge)
            if failed(collected.file_problems):
                collected.save()
                raise ContentProblems(collected.problems())
            wanted = settings.zim if offline is None else offline
            editions = _editions(config, collected.records) if wanted else None
            keys = premium_keys(config, collected.records, date.today())
            source = site_input(config, (env, theme, assets), collected, keys)
            with staged_output(out) as guard:
                written = write_site(source, guard)
                log.info("site written after %.1f s", _since(started))
                checks_passed(collected, config)
        finally:
            if collected.indexing:
                collected.indexing.close()
    zim: tuple[ZimFile, ...] = ()
    if editions is not None:
        zim = write_editions(source, editions)
        log.info("offline edition written after %.1f s", _since(started))
    report = _report(out, collected, written, theme, time.perf_counter() - started)
    keys = source.premium
    premium = (len(keys.documents), len(keys.subscribers)) if keys else None
    return replace(report, premium=premium, zim=zim)


def site_input(
    config: Config,
    looks: tuple[jinja2.Environment, Theme, AssetFiles],
    collected: Collected,
    premium: PremiumKeys | None = None,
) -> SiteInput:
    """What the site (and the offline edition) is written from, once the documents are loaded
    (``looks``: :func:`site_theme`'s)."""
    env, theme, assets = looks
    return SiteInput(
        config=config,
        theme=theme,
        env=env,
        assets=assets,
        records=collected.records,
        scoreboard=collected.scoreboard,
        navigation=build_navigation(collected.records),
        indexing=collected.indexing,
        premium=premium,
    )


def _editions(config: Config, records: tuple[DocMeta, ...]) -> Editions:
    """The offline edition's files, checked before the site is written (so that a wrong setting
    stops the build with the site untouched)."""
    langs = languages_with_documents(config.languages, records)
    return editions_for(config, langs, config.zim.out)


def _since(started: float) -> float:
    return time.perf_counter() - started


def checks_passed(collected: Collected, config: Config) -> None:
    """Wait for the cross-document check (saving the caches meanwhile); problems stop the build
    before the site is swapped."""
    collected.save()
    problems = collected.problems()
    if failed(problems):
        raise ContentProblems(problems)
    cache = SiteCache(config.root)
    prune_bodies(cache.folder, collected.records)
    cache.save_state({**cache.load_state(), "clean": collected.digest})


def site_theme(
    config: Config, settings: SiteSettings
) -> tuple[jinja2.Environment, Theme, AssetFiles]:
    """The checked template environment, and everything pages are rendered with."""
    folder = template_folder(config.root)
    digest = folder_digest(folder)
    # The workers' environment: forked workers then inherit its compiled templates.
    env = worker_environment(folder, digest)
    check_templates(env, folder)
    strings = load_strings(folder, tuple(lang.code for lang in config.languages))
    assets = build_assets(folder, config.root)
    theme = Theme(settings, folder, config.languages, assets.assets, strings)
    return env, replace(theme, templates_digest=digest), assets


def _report(
    out: Path, collected: Collected, written: Written, theme: Theme, seconds: float
) -> BuildReport:
    return BuildReport(
        out=out,
        documents=len(collected.records),
        pages=written.pages,
        rendered=collected.rendered,
        reused=collected.reused,
        search_records=written.search_records,
        over_budget=written.over_budget,
        budget_kb=theme.settings.page_budget_kb,
        has_font=theme.assets.font is not None,
        seconds=seconds,
    )
