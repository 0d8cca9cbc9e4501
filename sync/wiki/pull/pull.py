"""``wikipk pull wiki``'s publisher-shaped core: ``plan(documents)`` reads the wiki, ``apply``
writes the files.

A plan is data: for every page a person edited since wikipk wrote it, what its document's file
becomes (a diff) or why a person must look. Applying it writes the files (each one atomically);
a second pull finds the same edits already home and changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sync.wiki.corpus import Corpus
from sync.wiki.plan import canonical_title
from sync.wiki.pull.history import PageHistory, drifted, read_histories
from sync.wiki.pull.home import Outcome, Pulled, bring_home
from sync.wiki.state import (
    PageState,
    created_by,
    first_answer,
    owned_pages,
    pages_by_title,
    query,
)
from wikipk.boundary import create_content_file, read_content_bytes
from wikipk.model import Document

if TYPE_CHECKING:
    import mwclient


@dataclass(frozen=True)
class Deleted:
    """A document whose page a person deleted."""

    title: str
    path: str
    user: str
    timestamp: str
    comment: str
    logid: int


@dataclass(frozen=True)
class MadeEdit:
    """A person's edit of a page wikipk makes from something other than a document (a
    template, a category's description, a tehsil's scorecard overview)."""

    title: str
    source: str
    """Where wikipk makes the page from, for the editor who brings the change there."""
    user: str
    timestamp: str
    revid: int


def made_from(title: str) -> str:
    """Where wikipk makes a page that is not a document's from."""
    namespace, _, name = title.partition(":")
    if namespace == "Template":
        return f"templates/wiki/{name.replace(' ', '_')}.wikitext"
    if namespace == "Category":
        return "the category descriptions in sync/wiki/categories.py"
    return "the scorecard reports of its tehsil (content/scorecards/)"


@dataclass(frozen=True)
class PullPlan:
    """What a pull would bring home."""

    url: str
    """The wiki's address (``https://wiki.example.org/w``: ``index.php`` is below it)."""
    pages: tuple[Pulled, ...]
    deleted: tuple[Deleted, ...] = ()
    made: tuple[MadeEdit, ...] = ()
    """Edits of pages wikipk makes from templates, categories and scorecards: reported only."""
    checked: int = 0
    """How many owned pages were looked at."""

    @property
    def ok(self) -> bool:
        """True when every edit was brought home (or there was none)."""
        return not (self.deleted or self.made) and not any(p.needs_person for p in self.pages)

    @property
    def changed(self) -> tuple[Pulled, ...]:
        """The pages whose document's file changes."""
        return tuple(page for page in self.pages if page.changed)

    def count(self, outcome: Outcome) -> int:
        """How many pages ended this way."""
        return sum(1 for page in self.pages if page.outcome is outcome)

    def diff_url(self, page: Pulled) -> str:
        """The wiki's diff from wikipk's revision to the person's latest one."""
        history = page.history
        if history is None:
            return ""
        base = history.base.revid if history.base else history.revisions[0].parent
        return f"{self.url}/index.php?diff={history.latest.revid}&oldid={base}"

    def revision_url(self, revid: int) -> str:
        """A revision's diff with the one before it."""
        return f"{self.url}/index.php?diff={revid}&oldid=prev"

    def to_json(self) -> dict[str, Any]:
        """The plan as JSON-ready data."""
        return {
            "wiki": self.url,
            "checked": self.checked,
            "ok": self.ok,
            "pages": [self._page_json(page) for page in self.pages],
            "deleted": [deleted.__dict__ for deleted in self.deleted],
            "made": [{**made.__dict__, "url": self.revision_url(made.revid)} for made in self.made],
        }

    def _page_json(self, page: Pulled) -> dict[str, Any]:
        history = page.history
        return {
            "title": page.title,
            "id": page.doc_id,
            "path": page.path,
            "outcome": page.outcome.value,
            "needs_person": page.needs_person,
            "base_revision": history.base.revid if history and history.base else None,
            "diff_url": self.diff_url(page),
            "revisions": [
                {
                    "revid": rev.revid,
                    "user": rev.user,
                    "timestamp": rev.timestamp,
                    "comment": rev.comment,
                    "url": self.revision_url(rev.revid),
                }
                for rev in (history.revisions if history else ())
            ],
            "done": list(page.done),
            "notes": list(page.notes),
            "unknown": [item.__dict__ for item in page.unknown],
            "conflicts": page.conflicts,
            "diff": page.diff("content/"),
        }


class WikiPull:
    """Brings the edits people made on Wiki Pakistan home to the documents' files."""

    def __init__(self, site: mwclient.Site, bot: str, url: str, content_dir: Path) -> None:
        self.site = site
        self.bot = bot
        self.url = url.rstrip("/")
        self.content_dir = content_dir

    def plan(
        self, documents: Sequence[Document], corpus: Corpus, complete: bool = True
    ) -> PullPlan:
        """Read the wiki and work out, for each page a person edited, what its file becomes.

        Args:
            documents: the documents whose pages are pulled.
            corpus: every document of the knowledge base (for links).
            complete: False with ``--only``: the pages wikipk makes from templates, categories
                and scorecards are not looked at.
        """
        owned = owned_pages(self.site)
        by_id = {doc.id: doc for doc in documents}
        edited = {
            doc_id: page for doc_id, page in drifted(owned, self.bot).items() if doc_id in by_id
        }
        missing = [doc for doc in documents if doc.id not in owned]
        lost, gone = self._uncategorised(missing)
        edited.update(lost)
        histories = read_histories(self.site, list(edited.values()), self.bot)
        moves = self._moves([(page, by_id[doc_id]) for doc_id, page in edited.items()])
        pulled = []
        for doc_id, page in sorted(edited.items(), key=lambda item: str(by_id[item[0]].path)):
            history = histories.get(page.page_id)
            if history is None:
                continue  # the drift was the bot's own (no revision after its clean one)
            doc = by_id[doc_id]
            pulled.append(self._bring_home(history, doc, corpus, moves.get(page.page_id, "")))
        deleted = self._deleted(gone) if gone else ()
        made = self._made(corpus) if complete else ()
        return PullPlan(self.url, tuple(pulled), deleted, made, checked=len(owned) + len(lost))

    def _made(self, corpus: Corpus) -> tuple[MadeEdit, ...]:
        """The pages wikipk makes from templates, categories and scorecards that a person
        edited since (one batched query; one more per edited page, to tell a page wikipk made
        from one a person made before it, which is theirs)."""
        from sync.wiki.desired import fixed_pages, scorecard_pages

        titles = [page.title for page in (*fixed_pages(corpus), *scorecard_pages(corpus))]
        edited = {
            title: page
            for title, page in pages_by_title(self.site, titles).items()
            if page is not None and page.drift(self.bot)
        }
        ours = created_by(self.site, edited, self.bot) if edited else frozenset()
        return tuple(
            MadeEdit(title, made_from(title), page.user, page.timestamp, page.revid)
            for title, page in sorted(edited.items())
            if title in ours
        )

    def _uncategorised(
        self, missing: Sequence[Document]
    ) -> tuple[dict[str, PageState], list[Document]]:
        """Of documents without an owned page, those whose page wikipk made is there but out
        of the tracking category (a person blanked it or took the category off), by id; and
        those with no page at their title."""
        if not missing:
            return {}, []
        titles = {doc.id: canonical_title(doc.title) for doc in missing}
        found = {
            title: page
            for title, page in pages_by_title(self.site, titles.values()).items()
            if page is not None
        }
        ours = created_by(self.site, found, self.bot) if found else frozenset()
        lost = {
            doc.id: found[titles[doc.id]]
            for doc in missing
            if titles[doc.id] in found and found[titles[doc.id]].title in ours
        }
        gone = [doc for doc in missing if titles[doc.id] not in found]
        return lost, gone

    def _bring_home(
        self, history: PageHistory, doc: Document, corpus: Corpus, mover: str
    ) -> Pulled:
        text = file_text(self.content_dir, doc)
        return bring_home(history, doc, corpus, text, canonical_title(doc.title), mover)

    def _moves(self, pages: list[tuple[PageState, Document]]) -> dict[int, str]:
        """Who moved each page away from its document's title, when a person did (by page id)."""
        movers: dict[int, str] = {}
        for page, doc in pages:
            title = canonical_title(doc.title)
            if page.title == title:
                continue
            newest = first_answer(  # the newest events are enough
                self.site,
                list="logevents",
                letype="move",
                letitle=title,
                leprop="user|details|ids|timestamp",
                lelimit=10,
            )
            for event in newest.get("logevents", ()):
                target = event.get("params", {}).get("target_title", "")
                if event.get("user") != self.bot and target == page.title:
                    movers[page.page_id] = str(event["user"])
                    break
        return movers

    def _deleted(self, documents: Sequence[Document]) -> tuple[Deleted, ...]:
        """The documents whose page a person deleted (and nobody restored)."""
        wanted = {canonical_title(doc.title): doc for doc in documents}
        found: dict[str, Deleted] = {}
        seen: set[str] = set()
        for answer in query(
            self.site,
            list="logevents",
            letype="delete",
            leprop="type|title|user|timestamp|comment|ids",
            lelimit="max",
        ):
            for event in answer.get("logevents", ()):
                title = str(event.get("title", ""))
                if title not in wanted or title in seen:
                    continue
                seen.add(title)  # the newest event of a title says how it stands
                if event.get("action") == "delete" and event.get("user") != self.bot:
                    found[title] = Deleted(
                        title,
                        str(wanted[title].path),
                        str(event.get("user", "")),
                        str(event.get("timestamp", "")),
                        str(event.get("comment", "")),
                        int(event.get("logid", 0)),
                    )
        return tuple(found[title] for title in sorted(found))

    def apply(self, plan: PullPlan) -> list[Path]:
        """Write each changed file (atomically); return the files written."""
        written = []
        for page in plan.changed:
            path = self.content_dir / page.path
            create_content_file(self.content_dir, path, page.new_text, replace=True)
            written.append(path)
        return written


def file_text(content_dir: Path, doc: Document) -> str:
    """A document's source file as it is now (read inside the content folder only)."""
    return read_content_bytes(content_dir, content_dir / doc.path).decode("utf-8")


def already_home(
    site: mwclient.Site,
    bot: str,
    pages: Sequence[tuple[PageState, Document]],
    corpus: Corpus,
    content_dir: Path,
) -> set[str]:
    """The ids of documents whose drifted page holds nothing their file does not say already.

    Such a page's edits were brought home (a pull, merged in git): publishing writes it once,
    with the person's words, and it is no longer drift. A page with anything not brought home
    (wikitext with no Markdown form, a teaser edit, a change still to merge) stays drift.
    """
    histories = read_histories(site, [page for page, _ in pages], bot)
    home = set()
    for page, doc in pages:
        history = histories.get(page.page_id)
        if history is None:
            continue
        text = file_text(content_dir, doc)
        pulled = bring_home(history, doc, corpus, text, canonical_title(doc.title))
        if pulled.outcome is Outcome.HOME and not pulled.notes:
            home.add(doc.id)
    return home
