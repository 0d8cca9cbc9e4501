"""Writing the site: every page, file, feed and index, through the output guard."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain

import jinja2

from site_builder import urls
from site_builder.assets import AssetFiles
from site_builder.budget import Budget, OverBudget
from site_builder.cache import SiteCache
from site_builder.feeds import atom_feed, robots, sitemap
from site_builder.images import publish_files
from site_builder.indexing import SearchIndexing
from site_builder.listings import other_pages, translations_block
from site_builder.markers import Resolver, fill
from site_builder.nav import Navigation, source_changed
from site_builder.offline import service_worker
from site_builder.premium import PremiumKeys, Sealer, write_key_files
from site_builder.records import DocMeta
from site_builder.scorecards import (
    scorecard_block,
    scorecard_data,
    scorecard_pages,
)
from site_builder.theme import Theme
from site_builder.writer import OutputGuard
from wikipk.config import Config
from wikipk.scorecards.board import Scoreboard

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Written:
    """What was written."""

    pages: int
    over_budget: tuple[OverBudget, ...]
    search_records: int | None
    """Documents in the search index (None: no index; -1: the previous index was reused)."""


@dataclass(frozen=True)
class SiteInput:
    """Everything the site is written from."""

    config: Config
    theme: Theme
    env: jinja2.Environment
    assets: AssetFiles
    records: tuple[DocMeta, ...]
    navigation: Navigation
    indexing: SearchIndexing | None
    """The search index under way (None: no index)."""
    premium: PremiumKeys | None = None
    """The keys premium bodies are sealed with; None: premium pages are teasers only."""
    scoreboard: Scoreboard | None = None
    """The computed scorecards of the public reports (None: no scorecards)."""


def write_site(source: SiteInput, guard: OutputGuard) -> Written:
    """Write every output of the site (the search index is written meanwhile, by Pagefind)."""
    indexing = source.indexing
    if indexing:
        indexing.write()
    for url, data in source.assets.files.items():
        guard.write_bytes(url, data)
    budget = _budget(source.assets, source.theme.settings.page_budget_kb)
    board = source.scoreboard
    over = list(_document_pages(source, guard, budget, board))
    sitemap_pages: list[tuple[str, str | None]] = [
        (urls.document(m.id), m.updated) for m in source.records
    ]
    pages = len(source.records)
    for url, text in scorecard_data(board).items():
        guard.write_text(url, text)
    scorecards = scorecard_pages(source.env, source.theme, board)
    others = other_pages(source.env, source.theme, source.navigation, "en", board is not None)
    for page in chain(others, scorecards):
        pages += 1
        data = page.html.encode("utf-8")
        guard.write_bytes(page.url, data)
        if page.url != urls.NOT_FOUND:
            sitemap_pages.append((page.url, page.updated))
        problem = budget.check(
            page.url, len(data), page.url == urls.SEARCH, budget.loads_font(data)
        )
        if problem:
            over.append(problem)
    settings = source.theme.settings
    guard.write_text(urls.FEED, atom_feed(source.navigation.recent, settings))
    guard.write_text(urls.SITEMAP, sitemap(sitemap_pages, settings))
    guard.write_text(urls.ROBOTS, robots(settings))
    worker = service_worker(source.theme.templates, source.theme.assets, source.assets.digest)
    guard.write_text(urls.SERVICE_WORKER, worker)
    if source.premium is not None:
        write_key_files(source.premium, guard)
    indexed = indexing.finish(guard) if indexing else None
    return Written(pages, tuple(sorted(over, key=lambda o: o.url)), indexed)


def _budget(assets: AssetFiles, kilobytes: int) -> Budget:
    files, names = assets.files, assets.assets
    shared = sum(len(files[url]) for url in (names.css, names.print_css, names.script))
    font = len(files[names.font]) if names.font else 0
    name = names.font.rpartition("/")[2] if names.font else ""
    return Budget(kilobytes * 1000, shared, len(files[names.search_script]), font, name)


def _document_pages(
    source: SiteInput, guard: OutputGuard, budget: Budget, board: Scoreboard | None
) -> Iterator[OverBudget]:
    """Fill each cached document page and write it; yield the pages over budget."""
    config, theme, nav = source.config, source.theme, source.navigation
    cache = SiteCache(config.root)
    public = {path for meta in source.records if not meta.premium for path in meta.files}
    files = publish_files(
        public, config.content_dir, config.root, theme.settings.image_widths, guard
    )
    resolver = Resolver(
        theme.settings.url,
        {meta.path: urls.document(meta.id) for meta in source.records},
        files,
        frozenset(meta.path for meta in source.records if meta.premium),
    )
    sealer = Sealer(source.premium, cache.folder, config.content_dir, guard)
    unlock_script = len(source.assets.files[theme.assets.premium_script])
    for meta in source.records:
        url = urls.document(meta.id)
        block = translations_block(source.env, theme, meta, nav, source_changed(meta, nav))
        page = cache.page(meta.key)
        if meta.premium:
            page = sealer.page(meta, page, url, resolver)
        scores = scorecard_block(source.env, theme, board, meta)
        data = fill(page, url, resolver, block, scores).encode("utf-8")
        guard.write_bytes(url, data)
        size = len(data) + (unlock_script if meta.premium else 0)
        problem = budget.check(url, size, font=budget.loads_font(data))
        if problem:
            yield problem
