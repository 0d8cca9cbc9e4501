"""What a person did to a page since wikipk last wrote it, read from the page's history.

The drifted pages come from the same batched query the publisher plans with
(:func:`sync.wiki.state.owned_pages`: every owned page with its latest revision, 500 a
query), so an unchanged page costs nothing more. For each drifted page, one query reads its
recent revisions (ids, authors, summaries, sha1s) back to wikipk's last clean revision, and one
more reads the texts that are needed: that base revision's and the last of each author's run
of edits after it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sync.wiki.provenance import sent_sha1
from sync.wiki.state import PageState, query

if TYPE_CHECKING:
    import mwclient

#: How many revisions one history query reads (the API's limit for one page without content).
HISTORY_BATCH = 50
#: How many revision texts one query reads (the API's limit with ``rvprop=content``).
TEXT_BATCH = 50


@dataclass(frozen=True)
class Revision:
    """One revision of a page."""

    revid: int
    user: str
    timestamp: str
    comment: str
    sha1: str
    parent: int
    """The revision before it (0 for a page's first)."""
    sent_sha1: str = ""
    """The sha1 its summary says wikipk sent (bot revisions only)."""

    def clean(self, bot: str) -> bool:
        """True for a revision by the bot that holds exactly the text wikipk sent.

        A revision by a wikipk older than the sha1 in its summary is trusted as the bot's text,
        as :meth:`sync.wiki.state.PageState.drift` trusts it.
        """
        return self.user == bot and (not self.sent_sha1 or self.sent_sha1 == self.sha1)


@dataclass(frozen=True)
class Run:
    """Consecutive revisions by one author after wikipk's base revision."""

    user: str
    revisions: tuple[Revision, ...]
    """Oldest first."""

    @property
    def last(self) -> Revision:
        """The run's latest revision: its text is what the author left."""
        return self.revisions[-1]


@dataclass(frozen=True)
class PageHistory:
    """A drifted page: wikipk's last clean revision and what people did after it."""

    page: PageState
    base: Revision | None
    """wikipk's last revision holding exactly what it sent (None: none was found)."""
    runs: tuple[Run, ...]
    """The edits after ``base``, grouped into runs by author, oldest first."""
    texts: dict[int, str]
    """Wikitext by revision id: the base's and each run's last revision's."""

    @property
    def latest(self) -> Revision:
        """The page's latest revision."""
        return self.runs[-1].last

    @property
    def revisions(self) -> tuple[Revision, ...]:
        """Every revision after the base, oldest first."""
        return tuple(rev for run in self.runs for rev in run.revisions)


def drifted(owned: dict[str, PageState], bot: str) -> dict[str, PageState]:
    """The owned pages (by document id) whose latest revision holds text wikipk did not write."""
    return {doc_id: page for doc_id, page in owned.items() if page.drift(bot)}


def read_histories(
    site: mwclient.Site, pages: Sequence[PageState], bot: str
) -> dict[int, PageHistory]:
    """The history of each drifted page since wikipk's last clean revision, by page id.

    Costs one query per page for the revisions (more only for a page with more than
    :data:`HISTORY_BATCH` revisions after wikipk's) and one query per :data:`TEXT_BATCH` texts.
    """
    found: dict[int, tuple[PageState, Revision | None, tuple[Run, ...]]] = {}
    for page in pages:
        after, base = _since_clean(site, page.page_id, bot)
        found[page.page_id] = (page, base, _runs(after))
    wanted = sorted(
        {base.revid for _, base, _ in found.values() if base is not None}
        | {run.last.revid for _, _, runs in found.values() for run in runs}
    )
    texts = revision_texts(site, wanted)
    return {
        page_id: PageHistory(page, base, runs, texts)
        for page_id, (page, base, runs) in found.items()
        if runs
    }


def _since_clean(
    site: mwclient.Site, page_id: int, bot: str
) -> tuple[list[Revision], Revision | None]:
    """The revisions newer than wikipk's last clean one (newest first), and that one."""
    after: list[Revision] = []
    for revision in _revisions(site, page_id):
        if revision.clean(bot):
            return after, revision
        after.append(revision)
    return after, None


def _revisions(site: mwclient.Site, page_id: int) -> Iterator[Revision]:
    """A page's revisions, newest first, :data:`HISTORY_BATCH` a query, read as needed."""
    for answer in query(
        site,
        pageids=page_id,
        prop="revisions",
        rvprop="ids|user|timestamp|comment|sha1",
        rvlimit=HISTORY_BATCH,
    ):
        for page in answer.get("pages", ()):
            for row in page.get("revisions", ()):
                yield _revision(row)


def _revision(row: dict[str, Any]) -> Revision:
    comment = str(row.get("comment", ""))
    return Revision(
        revid=int(row["revid"]),
        user=str(row.get("user", "")),
        timestamp=str(row.get("timestamp", "")),
        comment=comment,
        sha1=str(row.get("sha1", "")),
        parent=int(row.get("parentid", 0)),
        sent_sha1=sent_sha1(comment),
    )


def _runs(newest_first: list[Revision]) -> tuple[Run, ...]:
    runs: list[Run] = []
    for revision in reversed(newest_first):
        if runs and runs[-1].user == revision.user:
            runs[-1] = Run(revision.user, (*runs[-1].revisions, revision))
        else:
            runs.append(Run(revision.user, (revision,)))
    return tuple(runs)


def revision_texts(site: mwclient.Site, revids: Sequence[int]) -> dict[int, str]:
    """The wikitext of revisions by id, :data:`TEXT_BATCH` a query (deleted texts are left out)."""
    texts: dict[int, str] = {}
    for start in range(0, len(revids), TEXT_BATCH):
        batch = revids[start : start + TEXT_BATCH]
        for answer in query(
            site,
            revids="|".join(str(revid) for revid in batch),
            prop="revisions",
            rvprop="ids|content",
            rvslots="main",
        ):
            for page in answer.get("pages", ()):
                for row in page.get("revisions", ()):
                    slot = row.get("slots", {}).get("main", {})
                    if "content" in slot:
                        texts[int(row["revid"])] = str(slot["content"])
    return texts
