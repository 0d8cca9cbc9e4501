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
import requests

from sync.wiki_plan import Action, FileChange, PageChange, WikiPlan
from sync.wiki_report import Outcome, Progress, Result, WikiReport
from sync.wiki_state import REMOVED_CATEGORY
from wikipk.boundary import OutsideContent, inside_content

log = logging.getLogger(__name__)


class _Conflict(Exception):
    pass


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
        self._refresh_links(results)
        return WikiReport(tuple(results))

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
            except (mwclient.errors.MwClientError, requests.exceptions.RequestException):
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
        except _Conflict as conflict:
            return Result(action, title, Outcome.CONFLICT, str(conflict))
        except OutsideContent as error:
            return Result(action, title, Outcome.FAILED, str(error))
        except mwclient.errors.APIError as error:
            return Result(action, title, Outcome.FAILED, f"{error.code}: {error.info}")
        except (requests.exceptions.RequestException, mwclient.errors.MaximumRetriesExceeded):
            self.unreachable = True
            return Result(
                action, title, Outcome.FAILED, "the wiki did not answer, even after retries"
            )
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
        if change.action is Action.CREATE:
            self._edit(change.title, change.text, createonly=1)
        elif change.action in (Action.UPDATE, Action.DRIFT):
            self._edit(change.title, change.text, baserevid=change.base_revid, nocreate=1)
        elif change.action is Action.MOVE:
            self._move(change)
        elif change.action is Action.REMOVE:
            return self._remove(change)
        if change.language:
            self._set_language(change.title, change.language)
        return ""

    def _edit(self, title: str, text: str, **extra: Any) -> None:
        try:
            answer = self.site.post(
                "edit",
                title=title,
                text=text,
                summary=self.plan.summary,
                bot=1,
                token=self.site.get_token("csrf"),
                **{"assert": "user"},
                **extra,
            )
        except mwclient.errors.APIError as error:
            if error.code == "editconflict":
                raise _Conflict(
                    "someone edited the page after the plan was made; nothing "
                    "was overwritten: run the publish again to see the change"
                ) from None
            if error.code == "articleexists":
                raise _Conflict("the page was created by someone else meanwhile") from None
            raise
        if answer.get("edit", {}).get("result") != "Success":
            raise mwclient.errors.APIError("editfailed", str(answer.get("edit")), None)

    def _move(self, change: PageChange) -> None:
        assert change.old_title is not None
        if change.text_changed:
            # Edit first, at the old title: the edit is checked against the planned revision.
            self._edit(change.old_title, change.text, baserevid=change.base_revid, nocreate=1)
        self.site.post(
            "move",
            **{"from": change.old_title},
            to=change.title,
            reason=self.plan.summary,
            movetalk=1,
            token=self.site.get_token("csrf"),
        )

    def _remove(self, change: PageChange) -> str:
        if self.plan.prune:
            self.site.post(
                "delete",
                title=change.title,
                reason=self.plan.summary,
                token=self.site.get_token("csrf"),
            )
            return "deleted"
        self.site.post(
            "edit",
            title=change.title,
            summary=self.plan.summary,
            bot=1,
            nocreate=1,
            appendtext=f"\n[[Category:{REMOVED_CATEGORY}]]",
            baserevid=change.base_revid,
            token=self.site.get_token("csrf"),
            **{"assert": "user"},
        )
        return f"marked with Category:{REMOVED_CATEGORY}"

    def _set_language(self, title: str, language: str) -> None:
        self.site.post(
            "setpagelanguage",
            title=title,
            lang=language,
            reason=self.plan.summary,
            token=self.site.get_token("csrf"),
        )

    # Files --------------------------------------------------------------------------------

    def _upload(self, change: FileChange) -> str:
        answer = self._send(change, ignore=change.new_version)
        if isinstance(answer, dict) and answer.get("result") == "Success":
            return "new version" if change.new_version else ""
        warnings = (answer or {}).get("warnings", {}) if isinstance(answer, dict) else {}
        if "duplicate" in warnings or "was-deleted" in warnings or "duplicate-archive" in warnings:
            # The same bytes exist under another name, or the name was used before: our stable
            # name is still the one pages link to, so upload under it deliberately.
            answer = self._send(change, ignore=True)
            if isinstance(answer, dict) and answer.get("result") == "Success":
                return "new version" if change.new_version else ""  # warnings, but uploaded
            warnings = (answer or {}).get("warnings", {}) if isinstance(answer, dict) else {}
        if warnings:
            raise mwclient.errors.APIError(
                "upload-warning", f"the wiki refused the file: {', '.join(sorted(warnings))}", None
            )
        return "new version" if change.new_version else ""

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
                    comment=self.plan.summary,
                    description=description,
                    ignore=ignore,
                )
            except mwclient.errors.FileExists:
                raise _Conflict("a file of that name exists already") from None


class _Skip(Exception):
    pass


def _file_page(name: str) -> str:
    return f"Published by wikipk from the knowledge base's media file {name}."
