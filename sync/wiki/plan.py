"""The wiki plan: what publishing would change, worked out from the documents and the wiki's state.

A plan is data. It says, page by page, whether it is created, updated (with a diff), moved,
unchanged, drifted (a person edited it last: left alone), or removed (its document is gone),
and which files are uploaded. It is printed, serialised and reviewed before anything is applied.
"""

from __future__ import annotations

import difflib
import enum
import hashlib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from sync.wiki.state import REMOVED_CATEGORY, PageState, WikiState
from wikipk.wiki_titles import normal_form


class Action(enum.Enum):
    """What happens to one page or file."""

    CREATE = "create"
    UPDATE = "update"
    MOVE = "move"
    UNCHANGED = "unchanged"
    DRIFT = "drift"
    """A person edited the page last: it is left alone unless ``--force``."""
    BLOCKED = "blocked"
    """The title the page needs is taken by a page wikipk does not own."""
    REMOVE = "remove"
    """The document is gone: the page is marked for editors (or deleted with ``--prune``)."""
    UPLOAD = "upload"


@dataclass(frozen=True)
class DesiredPage:
    """A page as the documents want it."""

    title: str
    text: str
    """The wikitext, normalised as MediaWiki stores it."""
    language: str
    """The page language to set (``en``, ``ur``)."""
    doc_id: str | None = None
    """The document's id (None for templates and other pages owned by title)."""
    path: str = ""
    """The document's file, for messages."""
    sha1: str = ""
    """The text's sha1, when only that is known (a cached plan input, with no text)."""
    fixed: bool = False
    """True for pages owned by title (templates, categories)."""

    @property
    def text_sha1(self) -> str:
        """The sha1 MediaWiki would report for this page's text."""
        return self.sha1 or text_sha1(self.text)


@dataclass(frozen=True)
class DesiredFile:
    """A media file as the documents want it on the wiki."""

    name: str
    """The file's wiki name, without ``File:``."""
    sha1: str
    source: str
    """The file in the content folder (or what a generated file is drawn from)."""
    data: bytes | None = field(default=None, compare=False, repr=False)
    """A generated file's bytes (a chart); None for a file of the content folder."""


@dataclass(frozen=True)
class PageChange:
    """One planned change to one page."""

    action: Action
    title: str
    doc_id: str | None = None
    path: str = ""
    old_title: str | None = None
    """The current title, for moves."""
    text: str = field(default="", repr=False)
    """The wikitext to write (creates, updates, moves with a changed text, forced drift)."""
    base_revid: int = 0
    """The revision the change is based on; an edit racing a person becomes a conflict."""
    diff: str = ""
    """Unified diff from the wiki's text to ours (updates and drift)."""
    language: str = ""
    """The page language to set, when it differs from the wiki's."""
    reason: str = ""
    """Why (for drift and blocked pages: who edited, what holds the title)."""
    text_changed: bool = False
    """For moves: the text changes too."""
    intended: Action | None = None
    """For drift: what the change would be on a page wikipk wrote last (update, move or
    remove); ``--force`` makes it over the person's edit."""


@dataclass(frozen=True)
class FileChange:
    """One planned upload."""

    action: Action
    name: str
    source: str
    sha1: str
    new_version: bool = False
    """True when a different version of the file exists already."""
    data: bytes | None = field(default=None, compare=False, repr=False)
    """A generated file's bytes (a chart); None for a file of the content folder."""
    base_sha1: str = ""
    """The sha1 of the version on the wiki the plan read (new versions)."""
    reason: str = ""
    """For drift: who uploaded the wiki's version."""


@dataclass(frozen=True)
class WikiPlan:
    """Every change publishing would make, in the order it is applied."""

    wiki: str
    """The wiki's URL."""
    pages: tuple[PageChange, ...]
    files: tuple[FileChange, ...]
    summary: str
    """The edit summary (names the git commit and the wikipk version)."""
    force: bool = False
    prune: bool = False

    def count(self, action: Action) -> int:
        """How many pages and files have this action."""
        return sum(1 for c in self.pages if c.action is action) + sum(
            1 for f in self.files if f.action is action
        )

    @property
    def writes(self) -> int:
        """How many changes applying the plan makes."""
        pages = sum(1 for c in self.pages if self.writes_page(c))
        files = sum(1 for f in self.files if f.action is not Action.DRIFT or self.force)
        return pages + files

    def writes_page(self, change: PageChange) -> bool:
        """Whether applying the plan touches this page."""
        if change.action is Action.DRIFT:
            return self.force
        if change.action is Action.UNCHANGED:
            return bool(change.language)
        return change.action is not Action.BLOCKED

    def to_text(self) -> str:
        """The plan for a terminal (:func:`sync.wiki.output.plan_text`)."""
        from sync.wiki.output import plan_text  # the printers import this module

        return plan_text(self)

    def to_json(self) -> dict[str, Any]:
        """The plan as JSON-ready data (page texts left out, diffs kept)."""
        return {
            "wiki": self.wiki,
            "summary": self.summary,
            "force": self.force,
            "prune": self.prune,
            "pages": [_page_json(change) for change in self.pages],
            "files": [
                {
                    "action": f.action.value,
                    "name": f.name,
                    "source": f.source,
                    "sha1": f.sha1,
                    "new_version": f.new_version,
                    **({"reason": f.reason} if f.reason else {}),
                }
                for f in self.files
            ],
            "counts": {action.value: self.count(action) for action in Action},
        }


def _page_json(change: PageChange) -> dict[str, Any]:
    row: dict[str, Any] = {"action": change.action.value, "title": change.title}
    for key in ("doc_id", "path", "old_title", "diff", "language", "reason"):
        value = getattr(change, key)
        if value:
            row[key] = value
    if change.base_revid:
        row["base_revid"] = change.base_revid
    if change.intended is not None:
        row["intended"] = change.intended.value
    return row


def normalise_wikitext(text: str) -> str:
    """Text as MediaWiki stores it: LF line ends, NFC, trailing whitespace removed."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n")).rstrip()


def text_sha1(text: str) -> str:
    """The sha1 MediaWiki reports for a revision with this (normalised) text."""
    return hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()


def canonical_title(title: str) -> str:
    """A title as MediaWiki names the page (``check`` judges titles by the same function)."""
    return normal_form(title)


def unified_diff(old: str, new: str, title: str, old_title: str | None = None) -> str:
    """A unified diff of two wikitexts (from the page at ``old_title`` when it moves)."""
    lines = difflib.unified_diff(
        old.splitlines(),
        new.splitlines(),
        f"wiki: {old_title or title}",
        f"wikipk: {title}",
        lineterm="",
        n=2,
    )
    return "\n".join(lines)


@dataclass(frozen=True)
class PlanInput:
    """What the plan is worked out from."""

    documents: tuple[DesiredPage, ...]
    """Document pages (owned by id)."""
    fixed: tuple[DesiredPage, ...]
    """Pages owned by title: templates and the tracking categories."""
    files: tuple[DesiredFile, ...]
    bot: str
    """The account wikipk edits as; a latest revision by anyone else is drift."""
    complete: bool = True
    """False when only some documents were given (``--only``): nothing is marked removed."""
    prune: bool = False
    """Delete the pages of removed documents, even those already marked."""


def plan_pages(given: PlanInput, state: WikiState) -> list[PageChange]:
    """Every page change: fixed pages first, then documents, then removed documents.

    Diffs are added afterwards by :func:`add_diffs`, once the texts of the pages that change
    have been fetched.
    """
    changes = [_by_title(page, state.pages.get(page.title), given.bot) for page in given.fixed]
    for page in given.documents:
        changes.append(_document(page, state, given.bot))
    if given.complete:
        wanted = {page.doc_id for page in given.documents}
        for doc_id, current in sorted(state.owned.items()):
            marked = REMOVED_CATEGORY in current.categories
            if doc_id not in wanted and (given.prune or not marked):
                changes.append(_removal(doc_id, current, given.bot))
    return changes


def _removal(doc_id: str, current: PageState, bot: str) -> PageChange:
    """Mark (or with ``--prune`` delete) the page of a removed document, unless a person's
    text is on it: then it is drift, left alone unless ``--force``.

    Marking writes the page's text with the category added (see :func:`add_diffs`), as any
    edit does, so its summary can name the text it sends.
    """
    drift = current.drift(bot)
    return PageChange(
        Action.DRIFT if drift else Action.REMOVE,
        current.title,
        doc_id=doc_id,
        base_revid=current.revid,
        reason=drift and f"{drift}; its document was removed",
        intended=Action.REMOVE if drift else None,
    )


def removes(change: PageChange) -> bool:
    """Whether the change removes a page (marks or deletes it), forced drift included."""
    return Action.REMOVE in (change.action, change.intended)


REMOVED_MARK = f"\n[[Category:{REMOVED_CATEGORY}]]"
"""What marking a removed document's page appends to its text."""


def _document(page: DesiredPage, state: WikiState, bot: str) -> PageChange:
    current = state.owned.get(page.doc_id or "")
    if current is None:
        holder = state.pages.get(page.title)
        if holder is not None and holder.title in state.created_by_bot:
            return _by_title(page, holder, bot)  # ours; a person removed its category
        if holder is not None:
            return _blocked(page, holder)
        return _by_title(page, None, bot)  # a create
    if current.title != page.title:
        holder = state.pages.get(page.title)
        if holder is not None and holder.page_id != current.page_id:
            return _blocked(page, holder)
        drift = current.drift(bot)
        return PageChange(
            Action.DRIFT if drift else Action.MOVE,
            page.title,
            page.doc_id,
            page.path,
            old_title=current.title,
            text=page.text,
            base_revid=current.revid,
            language=_language(page, current),
            text_changed=page.text_sha1 != current.sha1,
            reason=drift,
            intended=Action.MOVE if drift else None,
        )
    return _by_title(page, current, bot)


def _by_title(page: DesiredPage, current: PageState | None, bot: str) -> PageChange:
    if current is None:
        return PageChange(
            Action.CREATE,
            page.title,
            page.doc_id,
            page.path,
            text=page.text,
            language=_language(page, None),
        )
    language = _language(page, current)
    if page.text_sha1 == current.sha1:
        return PageChange(
            Action.UNCHANGED,
            page.title,
            page.doc_id,
            page.path,
            base_revid=current.revid,
            language=language,
        )
    drift = current.drift(bot)
    return PageChange(
        Action.DRIFT if drift else Action.UPDATE,
        page.title,
        page.doc_id,
        page.path,
        text=page.text,
        base_revid=current.revid,
        language=language,
        reason=drift,
        intended=Action.UPDATE if drift else None,
    )


def claimed_titles(given: PlanInput, state: WikiState) -> list[str]:
    """Titles a document wants that hold a page outside the tracking category."""
    return [
        page.title
        for page in given.documents
        if page.doc_id not in state.owned and state.pages.get(page.title) is not None
    ]


def _blocked(page: DesiredPage, holder: PageState) -> PageChange:
    return PageChange(
        Action.BLOCKED,
        page.title,
        page.doc_id,
        page.path,
        reason=f"the title is taken by a page wikipk does not own (last edited by {holder.user})",
    )


def _language(page: DesiredPage, current: PageState | None) -> str:
    wiki_language = current.language if current else "en"
    return page.language if page.language != wiki_language else ""


def needs_text(changes: Iterable[PageChange], prune: bool) -> list[str]:
    """Titles whose current text the plan needs: for diffs, and to mark removed pages."""
    return [
        change.old_title or change.title
        for change in changes
        if (removes(change) and not prune) or _shows_diff(change)
    ]


def _shows_diff(change: PageChange) -> bool:
    if removes(change):
        return False  # a marked page only gains its category: the plan says so in words
    return change.action in (Action.UPDATE, Action.DRIFT) or (
        change.action is Action.MOVE and change.text_changed
    )


def add_diffs(
    changes: Iterable[PageChange], texts: Mapping[str, str], prune: bool
) -> list[PageChange]:
    """The changes with a unified diff from the wiki's text to ours where the text changes
    (and, for a page marked as removed, the text that marks it)."""
    result = []
    for change in changes:
        old = texts.get(change.old_title or change.title, "")
        if removes(change) and not prune:
            change = replace(change, text=normalise_wikitext(old + REMOVED_MARK))
        elif _shows_diff(change):
            change = replace(
                change, diff=unified_diff(old, change.text, change.title, change.old_title)
            )
        result.append(change)
    return result


def plan_files(given: PlanInput, state: WikiState) -> list[FileChange]:
    """Uploads for files that are missing, or whose bytes differ from the wiki's version.

    A differing version that someone other than the bot uploaded is drift: a person's file is
    never replaced unless ``--force``.
    """
    changes = []
    for wanted in given.files:
        current = state.files.get(wanted.name)
        if current is None:
            changes.append(
                FileChange(Action.UPLOAD, wanted.name, wanted.source, wanted.sha1, data=wanted.data)
            )
        elif current.sha1 != wanted.sha1:
            drift = current.drift(given.bot)
            changes.append(
                FileChange(
                    Action.DRIFT if drift else Action.UPLOAD,
                    wanted.name,
                    wanted.source,
                    wanted.sha1,
                    new_version=True,
                    data=wanted.data,
                    base_sha1=current.sha1,
                    reason=drift,
                )
            )
    return changes
