"""Applying a wiki plan: every write is based on the revision the plan read.

Edits send ``baserevid`` (and not ``basetimestamp``, which misses conflicts with the same account
or within the same second), so an edit racing a person's becomes a reported conflict, never a
lost edit. Creates send ``createonly``, so a rerun after a crash never makes a second page.
Each change succeeds or fails on its own; the report says which.
"""

from __future__ import annotations

import io
import logging
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO

import mwclient
import mwclient.errors

from sync.wiki.own import own_delete, own_move, own_revision, own_upload
from sync.wiki.plan import Action, FileChange, PageChange, WikiPlan, text_sha1
from sync.wiki.provenance import marked
from sync.wiki.races import (
    Conflict,
    file_unchanged_since_plan,
    restore_unless_deleted_as_planned,
    restore_unless_replaced_as_planned,
    unchanged_since_plan,
    unsaved,
)
from sync.wiki.report import Outcome, Progress, Result, WikiReport
from sync.wiki.state import REMOVED_CATEGORY
from sync.wiki.transport import WikiFault
from wikipk.boundary import OutsideContent, inside_content

log = logging.getLogger(__name__)


class Applier:
    """Makes the changes of one plan on one wiki."""

    def __init__(
        self, site: mwclient.Site, plan: WikiPlan, content_dir: Path, defer_purge: bool = False
    ) -> None:
        """
        Args:
            site: the logged-in wiki.
            plan: the changes to make.
            content_dir: where the plan's files are.
            defer_purge: purge only the pages saved a second ago or more; the caller calls
                :meth:`purge` later for the rest (and meanwhile need not wait).
        """
        self.site = site
        self.plan = plan
        self.content_dir = content_dir
        self.defer_purge = defer_purge
        self.unpurged: list[list[str]] = []
        """Batches of written pages still to purge, in the order they were saved."""
        self.unreachable = False
        """Set once the wiki stops answering: the remaining changes are not attempted."""
        self.saved: dict[str, float] = {}
        """When each page or file written was done (``time.monotonic``)."""
        self.sent: dict[int, tuple[str, str]] = {}
        """The revisions this run saved: their title and the sha1 of the text sent."""
        self.moved: dict[str, str] = {}
        """Pages this run moved, by new title: the sha1 of the text they should hold."""

    def run(self, progress: Progress | None = None) -> WikiReport:
        """Apply every change: files first (pages show them), then pages in plan order."""
        results = []
        steps: list[tuple[Action, str, Callable[[], str]]] = [
            (change.action, change.name, partial(self._upload, change))
            for change in self.plan.files
        ]
        for page in self.plan.pages:
            if page.action is not Action.UNCHANGED or page.language:
                steps.append((page.action, page.title, partial(self._page, page)))
        for action, title, step in steps:
            result = self._attempt(action, title, step)
            results.append(result)
            if result.outcome is Outcome.DONE:
                self.saved[title] = time.monotonic()
            if progress:
                progress(result)
        results = self._check_saved(results)
        self._refresh_links(results)
        return WikiReport(tuple(results))

    def _check_saved(self, results: list[Result]) -> list[Result]:
        """Each result whose page the wiki saved with other text than wikipk sent becomes a
        conflict: the page holds words wikipk did not write (:func:`sync.wiki.races.unsaved`)."""
        if self.unreachable or not (self.sent or self.moved):
            return results
        try:
            problems = unsaved(self.site, self.sent, self.moved)
        except mwclient.errors.MwClientError:
            log.info("could not read back the pages written; the next run checks them")
            return results
        return [
            Result(r.action, r.title, Outcome.CONFLICT, problems[r.title])
            if r.outcome is Outcome.DONE and r.title in problems
            else r
            for r in results
        ]

    def _refresh_links(self, results: list[Result]) -> None:
        """Purge the pages this run wrote, once it created or moved any.

        A page saved before the page it links to existed keeps a red link in its cached
        rendering: MediaWiki fixes that through its job queue, which API requests never run.
        """
        done = [r for r in results if r.outcome is Outcome.DONE]
        if self.unreachable or not any(r.action in (Action.CREATE, Action.MOVE) for r in done):
            return
        titles = [r.title for r in done if r.action in (Action.CREATE, Action.UPDATE, Action.MOVE)]
        self.unpurged = [titles[start : start + 50] for start in range(0, len(titles), 50)]
        self.purge(wait=not self.defer_purge)

    def purge(self, wait: bool = True) -> None:
        """Purge the written pages not purged yet, in batches in the order they were saved.

        MediaWiki compares a page's "touched" time with its cached rendering to the second: a
        purge within the same second as the save would leave the stale rendering valid. So a
        batch goes once its newest save is a second old; without ``wait``, the batches not yet
        that old are left for a later call.
        """
        while self.unpurged and not self.unreachable:
            batch = self.unpurged[0]
            delay = self.saved[batch[-1]] + 1.0 - time.monotonic()
            if delay > 0 and not wait:
                return
            time.sleep(max(0.0, delay))
            try:
                self.site.post("purge", titles="|".join(batch))
            except mwclient.errors.MwClientError:
                log.info("could not purge the pages written; their links refresh on next edit")
                self.unpurged = []
                return
            self.unpurged.pop(0)

    def _attempt(self, action: Action, title: str, step: Callable[[], str]) -> Result:
        if self.unreachable:
            return Result(
                action,
                title,
                Outcome.SKIPPED,
                "not attempted: the wiki stopped answering; run the publish again",
            )
        try:
            detail = step()
        except _Skip as skip:
            return Result(action, title, Outcome.SKIPPED, str(skip))
        except Conflict as conflict:
            return Result(action, title, Outcome.CONFLICT, str(conflict))
        except OutsideContent as error:
            return Result(action, title, Outcome.FAILED, str(error))
        except mwclient.errors.APIError as error:
            return Result(action, title, Outcome.FAILED, f"{error.code}: {error.info}")
        except WikiFault as fault:
            self.unreachable = True
            return Result(action, title, Outcome.FAILED, f"{fault.said()}; run the publish again")
        except mwclient.errors.MwClientError as error:
            return Result(action, title, Outcome.FAILED, type(error).__name__)
        log.info("%s %s: done", action.value, title)
        return Result(action, title, Outcome.DONE, detail)

    # Pages --------------------------------------------------------------------------------

    def _page(self, change: PageChange) -> str:
        if change.action is Action.BLOCKED:
            raise _Skip(change.reason)
        if change.action is Action.DRIFT and not self.plan.force:
            raise _Skip(f"{change.reason}; use --force to overwrite")
        # Forced drift makes the change it stood in for.
        action = change.intended or change.action
        if action is Action.CREATE:
            self._edit(change.title, change.text, createonly=1)
        elif action is Action.UPDATE:
            self._edit(change.title, change.text, baserevid=change.base_revid, nocreate=1)
        elif action is Action.MOVE:
            self._move(change)
        elif action is Action.REMOVE:
            return self._remove(change)
        if change.language:
            self._set_language(change.title, change.language)
        return ""

    def _edit(self, title: str, text: str, **extra: Any) -> None:
        """Save ``text``, its sha1 named in the summary; a merge with another edit is a
        conflict (MediaWiki merges edits to other lines instead of refusing them)."""
        sha1 = text_sha1(text)
        try:
            answer = self.site.post(
                "edit",
                title=title,
                text=text,
                summary=marked(self.plan.summary, sha1),
                bot=1,
                token=self.site.get_token("csrf"),
                **{"assert": "user"},
                **extra,
            )
        except mwclient.errors.APIError as error:
            if error.code in ("editconflict", "articleexists") and self._own_edit(
                title, text, extra
            ):
                return  # a retry of our own edit, whose answer was lost
            if error.code == "editconflict":
                raise Conflict(
                    "someone edited the page after the plan was made; nothing "
                    "was overwritten: run the publish again to see the change"
                ) from None
            if error.code == "articleexists":
                raise Conflict("the page was created by someone else meanwhile") from None
            raise
        edit = answer.get("edit", {})
        if edit.get("result") != "Success":
            raise mwclient.errors.APIError("editfailed", str(edit), None)
        if "newrevid" in edit:
            self.sent[int(edit["newrevid"])] = (title, sha1)
        base = extra.get("baserevid")
        if base and "nochange" not in edit and int(edit.get("oldrevid", base)) != base:
            raise Conflict(
                "someone edited the page after the plan was made, and the wiki merged their "
                f"edit into wikipk's (revision {edit.get('newrevid')}): nothing was lost; the "
                "page is drift until an editor brings the change into the document"
            )

    def _own_edit(self, title: str, text: str, extra: dict[str, Any]) -> bool:
        """Whether a refused edit is this run's own, done already (its answer was lost)."""
        sha1 = text_sha1(text)
        revid = own_revision(self.site, title, sha1, int(extra.get("baserevid", 0)))
        if revid:
            self.sent[revid] = (title, sha1)
        return bool(revid)

    def _move(self, change: PageChange) -> None:
        assert change.old_title is not None
        if change.text_changed:
            # Edit first, at the old title: the edit is checked against the planned revision.
            self._edit(change.old_title, change.text, baserevid=change.base_revid, nocreate=1)
        else:
            unchanged_since_plan(self.site, change.old_title, change.base_revid, "moved")
        # The move's null revision carries this summary: it names the text the page should
        # hold, so a person's edit that lands just before the move is drift, not laundered.
        sha1 = text_sha1(change.text)
        self.moved[change.title] = sha1
        try:
            self.site.post(
                "move",
                **{"from": change.old_title},
                to=change.title,
                reason=marked(self.plan.summary, sha1),
                movetalk=1,
                token=self.site.get_token("csrf"),
            )
        except mwclient.errors.APIError as error:
            repeated = error.code in ("articleexists", "missingtitle")
            if not (repeated and own_move(self.site, change.old_title, change.title)):
                raise

    def _remove(self, change: PageChange) -> str:
        if self.plan.prune:
            unchanged_since_plan(self.site, change.title, change.base_revid, "deleted")
            try:
                self.site.post(
                    "delete",
                    title=change.title,
                    reason=self.plan.summary,
                    token=self.site.get_token("csrf"),
                )
            except mwclient.errors.APIError as error:
                if not (error.code == "missingtitle" and own_delete(self.site, change.title)):
                    raise
            restore_unless_deleted_as_planned(self.site, change, self.plan.summary)
            return "deleted"
        if not change.text:
            raise _Skip("not marked: the plan did not read the page's text")
        self._edit(change.title, change.text, baserevid=change.base_revid, nocreate=1)
        return f"marked with Category:{REMOVED_CATEGORY}"

    def _set_language(self, title: str, language: str) -> None:
        try:
            self.site.post(
                "setpagelanguage",
                title=title,
                lang=language,
                reason=self.plan.summary,
                token=self.site.get_token("csrf"),
            )
        except mwclient.errors.APIError as error:
            if error.code != "pagelang-unchanged-language":  # a retry, or set meanwhile
                raise

    # Files --------------------------------------------------------------------------------

    def _upload(self, change: FileChange) -> str:
        if change.action is Action.DRIFT and not self.plan.force:
            raise _Skip(f"{change.reason}; use --force to replace it")
        if change.new_version:
            file_unchanged_since_plan(self.site, change)
        self._upload_whole(change)
        if change.new_version:
            restore_unless_replaced_as_planned(self.site, change, self.plan.summary)
        return "new version" if change.new_version else ""

    def _upload_whole(self, change: FileChange, again: bool = True) -> None:
        try:
            self._upload_once(change)
        except (Conflict, mwclient.errors.APIError) as error:
            # A retry of our own upload, whose answer was lost, is refused as existing.
            if own_upload(self.site, change.name, change.sha1):
                return
            # A retried chunk of a large file, whose answer was lost, finds the wiki's upload
            # stash moved on: the upload starts over, once.
            if not (again and _stash_lost(error)):
                raise
            log.info("the upload of %s lost its place in the wiki's stash; again", change.name)
            self._upload_whole(change, again=False)

    def _upload_once(self, change: FileChange) -> None:
        answer = self._send(change, ignore=change.new_version)
        if isinstance(answer, dict) and answer.get("result") == "Success":
            return
        warnings = (answer or {}).get("warnings", {}) if isinstance(answer, dict) else {}
        if "duplicate" in warnings or "was-deleted" in warnings or "duplicate-archive" in warnings:
            # The same bytes exist under another name, or the name was used before: our stable
            # name is still the one pages link to, so upload under it deliberately.
            answer = self._send(change, ignore=True)
            if isinstance(answer, dict) and answer.get("result") == "Success":
                return  # warnings, but uploaded
            warnings = (answer or {}).get("warnings", {}) if isinstance(answer, dict) else {}
        if warnings:
            raise mwclient.errors.APIError(
                "upload-warning", f"the wiki refused the file: {', '.join(sorted(warnings))}", None
            )

    def _send(self, change: FileChange, ignore: bool) -> Any:
        if change.data is not None:  # a generated chart
            handle: BinaryIO = io.BytesIO(change.data)
            description = f"Drawn by wikipk: the {change.source}."
        else:
            path = self.content_dir / change.source
            inside_content(self.content_dir, path)  # never upload a file outside the content
            handle = path.open("rb")
            description = _file_page(path.name)
        with handle:
            try:
                return self.site.upload(
                    handle,
                    filename=change.name,
                    comment=marked(self.plan.summary, change.sha1),
                    description=description,
                    ignore=ignore,
                )
            except mwclient.errors.FileExists:
                raise Conflict("a file of that name exists already") from None


class _Skip(Exception):
    pass


def _stash_lost(error: Exception) -> bool:
    """Whether a chunked upload failed because the wiki's upload stash moved on."""
    code = getattr(error, "code", None) or ""
    return code == "stashfailed" or code.startswith("uploadstash-")


def _file_page(name: str) -> str:
    return f"Published by wikipk from the knowledge base's media file {name}."
