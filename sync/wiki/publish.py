"""The wiki publisher: documents in, a plan out, then the plan applied.

``WikiPublisher`` implements the shared :class:`sync.publishing.Publisher` interface. It works
out the pages and files the documents want (:mod:`sync.wiki.desired`), reads the wiki's state
(:mod:`sync.wiki.state`) while the pages are rendered, plans (:mod:`sync.wiki.plan`) and applies
(:mod:`sync.wiki.apply`). Given a :class:`~sync.wiki.record.RunRecord`, it plans from the
publish cache when it can, and keeps the records that make the next run with nothing to do cheap.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import mwclient

from sync.publishing import Publisher
from sync.wiki.apply import Applier
from sync.wiki.corpus import Corpus
from sync.wiki.desired import (
    chart_files,
    desired_files,
    desired_pages,
    fixed_pages,
    outline_page,
    scorecard_pages,
)
from sync.wiki.plan import (
    Action,
    DesiredFile,
    DesiredPage,
    PageChange,
    PlanInput,
    WikiPlan,
    add_diffs,
    claimed_titles,
    needs_text,
    plan_files,
    plan_pages,
)
from sync.wiki.record import RunRecord
from sync.wiki.report import Progress, WikiReport
from sync.wiki.state import (
    WikiState,
    created_by,
    files_by_name,
    owned_pages,
    pages_by_title,
    texts_of,
)
from sync.wiki.unchanged import RECENT_CHANGE, RecentChange, recent_change
from wikipk.config import Language
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

    def shaping(self) -> dict[str, object]:
        """The settings that change what a page says (besides the files themselves), as the
        digest of a run's inputs takes them (:func:`sync.wiki.inputs.read_inputs`)."""
        return {
            "languages": [asdict(lang) for lang in self.languages],
            "read_at": self.read_at,
            "bot": self.bot,
        }


class WikiPublisher:
    """Keeps Wiki Pakistan in step with the documents."""

    def __init__(
        self,
        site: mwclient.Site,
        options: PublishOptions,
        url: str,
        record: RunRecord | None = None,
    ) -> None:
        """Publish to the wiki at ``url`` through ``site``, logged in.

        Args:
            site: the logged-in wiki.
            options: how the run behaves.
            url: the wiki's URL.
            record: where the run finds the publish cache and keeps its records for the next
                run (:mod:`sync.wiki.record`); None (a plan, a test) keeps none.
        """
        self.site = site
        self.options = options
        self.url = url
        self.record = record
        self.wanted: PlanInput | None = None
        """What the last plan was worked out from (for the publish cache)."""
        self.seen_after: RecentChange | None = None
        """The wiki's newest recent change just before the last plan read its state."""

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
        outline = self._input([*fixed, *(outline_page(doc) for doc in documents)], files)
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

    def cached_plan(self) -> WikiPlan | None:
        """The plan from the publish cache, without loading a document: when the run's inputs
        are those of the last clean run, and the wiki still holds every page and file it saved.

        Returns:
            The all-unchanged plan, or None (no record, no cache, or anything differs): then
            :meth:`plan` must load and render the documents.
        """
        cached = None if self.record is None else self.record.cached(self.url)
        return self.quick_plan(*cached) if cached else None

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

    def apply(self, plan: WikiPlan, progress: Progress | None = None) -> WikiReport:
        """Make the planned changes; with a record, keep the run's records for the next run.

        With a :class:`~sync.wiki.record.RunRecord`, the no-op record is forgotten before the
        first write; a run that made every change of every document then saves the publish
        cache and, with a login from the environment, where the wiki was seen to match every
        page (:meth:`confirm`). The written pages are purged last, once their newest save is a
        second old: the records are kept meanwhile.

        Args:
            plan: the plan.
            progress: called with each change's result.
        """
        record = self.record
        if record is not None:
            record.forget()
        applier = Applier(self.site, plan, self.options.content_dir, defer_purge=True)
        report = applier.run(progress)
        if record is not None and report.ok and self.options.complete and self.wanted is not None:
            login = record.login
            confirmed = self.confirm(plan, report) if login and login[0] == self.url else None
            record.remember(self.url, self.wanted, confirmed, self.options.prune)
        applier.purge()
        return report

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


def _conforms(publisher: WikiPublisher) -> Publisher[WikiPlan, WikiReport]:
    return publisher  # mypy checks here that the publisher fits the shared interface
