"""The pages and files the documents want on the wiki: each document's page, rendered once from
its parse; the pages owned by title (templates, categories, scorecard overviews); the images
documents show and the scorecards' charts.

A document's page text ends with its id as its sort key in the hidden tracking category, which
is how the publisher finds the page again after a retitle (a move, never a delete and a create).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from sync.wiki.categories import category_pages
from sync.wiki.corpus import Corpus
from sync.wiki.plan import DesiredFile, DesiredPage, canonical_title, normalise_wikitext
from sync.wiki.render.page import render_page
from sync.wiki.render.scorecards import charts, overview_page, overview_title
from sync.wiki.state import TRACKING_CATEGORY
from sync.wiki.templates import wiki_templates
from wikipk.boundary import read_content_bytes
from wikipk.links import LinkKind, resolve
from wikipk.loading import DocumentWorkers
from wikipk.model import Document


def outline_page(doc: Document) -> DesiredPage:
    """A document's page before it is rendered: its title, language, id and file."""
    return DesiredPage(canonical_title(doc.title), "", doc.lang, doc.id, str(doc.path))


def desired_page(doc: Document, corpus: Corpus, read_at: str | None) -> DesiredPage:
    """The page a document should be: its rendering plus its place in the tracking category."""
    text = render_page(doc, corpus, read_at) + f"\n[[Category:{TRACKING_CATEGORY}|{doc.id}]]"
    return DesiredPage(
        canonical_title(doc.title), normalise_wikitext(text), doc.lang, doc.id, str(doc.path)
    )


def desired_pages(
    documents: Sequence[Document],
    corpus: Corpus,
    read_at: str | None,
    workers: DocumentWorkers | None = None,
) -> list[DesiredPage]:
    """The page of every document, in order: rendered by ``workers``, the processes that
    loaded the documents, from their own parse (only the page texts travel back), or else
    here."""
    if workers is None:
        return [desired_page(doc, corpus, read_at) for doc in documents]
    return workers.map(_render_kept, (corpus, read_at), [str(doc.path) for doc in documents])


def _render_kept(doc: Document, shared: tuple[Corpus, str | None]) -> DesiredPage:
    corpus, read_at = shared
    return desired_page(doc, corpus, read_at)


def fixed_pages(corpus: Corpus) -> tuple[DesiredPage, ...]:
    """Pages owned by title: the templates pages use, and the categories they are filed in
    (types, tags, languages, subscribers, and the hidden tracking categories)."""
    pages = {**wiki_templates(), **category_pages(corpus)}
    return tuple(
        DesiredPage(title, normalise_wikitext(text), "en", fixed=True)
        for title, text in sorted(pages.items())
    )


def desired_files(
    documents: Sequence[Document], content_dir: Path, corpus: Corpus
) -> list[DesiredFile]:
    """Images of public documents, under their stable wiki names. Premium images stay off."""
    paths: set[PurePosixPath] = set()
    for doc in documents:
        if doc.is_premium:
            continue
        for link in doc.links:
            target = resolve(doc.path, link.target)
            if link.is_image and target.kind is LinkKind.FILE and target.path is not None:
                paths.add(target.path)
    files = []
    for path in sorted(paths):
        data = read_content_bytes(content_dir, content_dir / path)  # never a file outside
        sha1 = hashlib.sha1(data, usedforsecurity=False).hexdigest()
        files.append(DesiredFile(canonical_title(corpus.file_name(path)), sha1, str(path)))
    return files


def scorecard_pages(corpus: Corpus) -> tuple[DesiredPage, ...]:
    """A page per tehsil and period that ranks its union councils (owned by title)."""
    board = corpus.scoreboard
    if board is None:
        return ()
    titles = {doc_id: canonical_title(doc.title) for doc_id, doc in corpus.by_id.items()}
    return tuple(
        DesiredPage(
            canonical_title(overview_title(overview)),
            normalise_wikitext(overview_page(board, overview, titles)),
            "en",
            fixed=True,
        )
        for overview in board.overviews
    )


def chart_files(documents: Sequence[Document], corpus: Corpus) -> list[DesiredFile]:
    """The chart images of the public scorecards being published, and the tehsil maps."""
    board = corpus.scoreboard
    if board is None:
        return []
    public = {doc.id for doc in documents if not doc.is_premium}
    return [
        DesiredFile(canonical_title(chart.name), chart.sha1, chart.source, chart.data)
        for chart in charts(board, public)
    ]
