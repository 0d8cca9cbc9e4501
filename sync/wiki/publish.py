"""The wiki publisher: documents in, a plan out, then the plan applied.

``WikiPublisher`` implements the shared :class:`sync.publishing.Publisher` interface. Each
document is rendered once from its parse (``sync.wiki.render.page``); the page text carries the
document's id as its sort key in the hidden tracking category, which is how the publisher finds
the page again after a retitle (a move, never a delete and a create).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

import mwclient

from sync.publishing import Publisher
from sync.wiki.apply import Applier
from sync.wiki.categories import category_pages
from sync.wiki.corpus import Corpus
from sync.wiki.plan import (
    Action,
    DesiredFile,
    DesiredPage,
    PageChange,
    PlanInput,
    WikiPlan,
    add_diffs,
    canonical_title,
    claimed_titles,
    needs_text,
    normalise_wikitext,
    plan_files,
    plan_pages,
)
from sync.wiki.render.page import render_page
from sync.wiki.render.scorecards import charts, overview_page, overview_title
from sync.wiki.report import Progress, WikiReport
from sync.wiki.state import (
    TRACKING_CATEGORY,
    WikiState,
    created_by,
    files_by_name,
    owned_pages,
    pages_by_title,
    texts_of,
)
from sync.wiki.templates import wiki_templates
from sync.wiki.unchanged import RECENT_CHANGE, RecentChange, recent_change
from wikipk.boundary import read_content_bytes
from wikipk.config import Language
from wikipk.links import LinkKind, resolve
from wikipk.loading import DocumentWorkers
from wikipk.model import Document

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PublishOptions:
    """How one publish run behaves."""

    content_dir: Path
    languages: tuple[Language, ...]
    bot: str
    """The account name edits are made as."""
    summary: str
    """The edit summary (commit and version)."""
    read_at: str | None = None
    """Where subscribers read premium documents (the site's URL), for teasers."""
    force: bool = False
    prune: bool = False
    complete: bool = True
    """False with ``--only``: pages of other documents are neither checked nor removed."""


class WikiPublisher:
    """Keeps Wiki Pakistan in step with the documents."""

    def __init__(self, site: mwclient.Site, options: PublishOptions, url: str) -> None:
        self.site = site
        self.options = options
        self.url = url
        self.wanted: PlanInput | None = None
        """What the last plan was worked out from (for the publish cache)."""
        self.seen_after: RecentChange | None = None
        """The wiki's newest recent change just before the last plan read its state."""
        self._applier: Applier | None = None

    def plan(
        self,
        documents: Sequence[Document],
        corpus: Corpus | None = None,
        workers: DocumentWorkers | None = None,
    ) -> WikiPlan:
        """Read the wiki and work out every change.

        Args:
            documents: the documents to publish.
            corpus: every document of the knowledge base (for links); defaults to ``documents``.
            workers: the worker processes that loaded the documents, to render them.
        """
        corpus = corpus or Corpus.of(documents, self.options.languages)
        read_at = self.options.read_at
        files = desired_files(documents, self.options.content_dir, corpus)
        files += chart_files(documents, corpus)
        fixed = [*fixed_pages(corpus), *scorecard_pages(corpus)]
        # Reading the wiki needs the pages' titles and ids, not their texts: it is done while
        # the pages are rendered.
        outline = self._input([*fixed, *(_outline(doc) for doc in documents)], files)
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="wikipk-read") as reader:
            reading = reader.submit(self._read, outline)
            pages = desired_pages(documents, corpus, read_at, workers)
        state = reading.result()
        wanted = self._input([*fixed, *pages], files)
        self.wanted = wanted
        changes = self._brought_home(plan_pages(wanted, state), state, documents, corpus)
        prune = self.options.prune
        changes = add_diffs(changes, texts_of(self.site, needs_text(changes, prune)), prune)
        uploads = plan_files(wanted, state)
        return WikiPlan(
            self.url,
            tuple(changes),
            tuple(uploads),
            self.options.summary,
            self.options.force,
            self.options.prune,
        )

    def _brought_home(
        self,
        changes: list[PageChange],
        state: WikiState,
        documents: Sequence[Document],
        corpus: Corpus,
    ) -> list[PageChange]:
        """The changes, with drift whose edits are already in the documents made updates.

        A person's edit brought home by ``wikipk pull wiki`` (and merged in git) leaves the
        page drift until wikipk writes it: the document says everything the person wrote, so
        publishing writes the page once, with their words, and it is no longer drift.
        """
        from sync.wiki.pull.pull import already_home

        by_id = {doc.id: doc for doc in documents}
        drifted = [
            (state.owned[change.doc_id], by_id[change.doc_id])
            for change in changes
            if change.action is Action.DRIFT
            and change.intended in (Action.UPDATE, Action.MOVE)
            and change.doc_id in by_id
            and change.doc_id in state.owned
        ]
        if not drifted:
            return changes
        bot, content = self.options.bot, self.options.content_dir
        home = already_home(self.site, bot, drifted, corpus, content)
        return [
            replace(change, action=change.intended, intended=None, reason="")
            if change.action is Action.DRIFT and change.doc_id in home and change.intended
            else change
            for change in changes
        ]

    def quick_plan(
        self, pages: Sequence[DesiredPage], files: Sequence[DesiredFile]
    ) -> WikiPlan | None:
        """A plan from remembered page sha1s, when the wiki already holds every one of them.

        Returns:
            The all-unchanged plan, or None when anything differs (then :meth:`plan` must
            render the documents to show and make the changes).
        """
        wanted = self._input(pages, files)
        state = self._read(wanted)
        changes = plan_pages(wanted, state)
        if plan_files(wanted, state) or any(
            change.action is not Action.UNCHANGED or change.language for change in changes
        ):
            return None
        self.wanted = wanted
        return WikiPlan(
            self.url,
            tuple(changes),
            (),
            self.options.summary,
            self.options.force,
            self.options.prune,
        )

    def _input(self, pages: Sequence[DesiredPage], files: Sequence[DesiredFile]) -> PlanInput:
        return PlanInput(
            documents=tuple(page for page in pages if not page.fixed),
            fixed=tuple(page for page in pages if page.fixed),
            files=tuple(files),
            bot=self.options.bot,
            complete=self.options.complete,
            prune=self.options.prune,
        )

    def _read(self, wanted: PlanInput) -> WikiState:
        self.seen_after = self._recent_change()
        owned = owned_pages(self.site)
        titles = [page.title for page in wanted.fixed] + [
            page.title
            for page in wanted.documents
            if page.doc_id not in owned or owned[page.doc_id].title != page.title
        ]
        state = WikiState(
            owned=owned,
            pages=pages_by_title(self.site, titles),
            files=files_by_name(self.site, [f.name for f in wanted.files]),
        )
        claimed = claimed_titles(wanted, state)
        if not claimed:
            return state
        return replace(state, created_by_bot=created_by(self.site, claimed, wanted.bot))

    def apply(
        self, plan: WikiPlan, progress: Progress | None = None, finish_later: bool = False
    ) -> WikiReport:
        """Make the planned changes.

        Args:
            plan: the plan.
            progress: called with each change's result.
            finish_later: leave the pages saved within the last second unpurged, so that
                the caller can do other work before :meth:`finish` (instead of waiting now).
        """
        self._applier = Applier(self.site, plan, self.options.content_dir, finish_later)
        return self._applier.run(progress)

    def finish(self) -> None:
        """Purge what :meth:`apply` left for later (waiting until the last save is a second old)."""
        if self._applier is not None:
            self._applier.purge()

    def confirm(self, plan: WikiPlan, report: WikiReport) -> tuple[RecentChange, WikiPlan] | None:
        """Where the wiki's recent changes stood when it was last seen to match every page.

        For a plan with nothing to do, that is the plan itself; after changes were made, the
        wiki is read again (after noting its newest recent change) to see that they all hold.

        Returns:
            The recent change and the all-unchanged plan, or None when the wiki does not match
            (drift kept, a blocked title, a change that failed) or cannot tell.
        """
        if not report.ok or self.wanted is None:
            return None
        if not _nothing_to_do(plan):
            state = self._read(self.wanted)
            changes = plan_pages(self.wanted, state)
            if plan_files(self.wanted, state):
                return None
            plan = replace(plan, pages=tuple(changes), files=())
        if self.seen_after is None or not _nothing_to_do(plan):
            return None
        return self.seen_after, plan

    def _recent_change(self) -> RecentChange | None:
        params = {k: v for k, v in RECENT_CHANGE.items() if k not in ("action", "format")}
        return recent_change(self.site.api("query", http_method="GET", **params))


def _nothing_to_do(plan: WikiPlan) -> bool:
    """True when the plan changes nothing and leaves nothing behind (drift, a blocked title)."""
    return not plan.files and all(
        change.action is Action.UNCHANGED and not change.language for change in plan.pages
    )


def _outline(doc: Document) -> DesiredPage:
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


def _conforms(publisher: WikiPublisher) -> Publisher[WikiPlan, WikiReport]:
    return publisher  # mypy checks here that the publisher fits the shared interface
