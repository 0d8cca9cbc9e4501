"""Guards against a person's edit landing between wikipk's read of the wiki and its write.

An edit carries the revision it is based on (``baserevid``), so MediaWiki refuses it when a
person changed the same lines. But it does not always refuse: when a person's edit in between
touched other lines, it merges the two (diff3) and saves the result as the bot's revision,
which then holds a person's words under the bot's name. Each edit's answer says so when its
``oldrevid`` is not the ``baserevid`` sent; reading the saved revisions' sha1 back
(:func:`unsaved`) also catches a text the wiki changed on save, and a person's edit that
landed just before a move (whose null revision keeps the text it finds).

A move, a delete and an upload carry no base revision at all: each is checked against the
plan just before it, and a delete or an upload that replaced a person's work in the instant
after that check is undone at once (undelete, file revert).
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from sync.wiki.plan import FileChange, PageChange
from sync.wiki.provenance import marked
from sync.wiki.state import batch_limit, files_by_name, first_page, pages_by_title

if TYPE_CHECKING:
    import mwclient


class Conflict(Exception):
    """Someone changed the page or file after the plan read it; nothing of theirs was lost."""


def unsaved(
    site: mwclient.Site, sent: Mapping[int, tuple[str, str]], moved: Mapping[str, str]
) -> dict[str, str]:
    """Why each written page does not hold the text wikipk sent, by title.

    Args:
        site: the wiki.
        sent: revisions saved by this run: their title and the sha1 of the text sent.
        moved: pages this run moved, by new title: the sha1 of the text they should hold.
    """
    problems = {}
    for revid, sha1 in _revision_sha1s(site, list(sent)):
        title, wanted = sent[revid]
        if sha1 != wanted:
            problems[title] = (
                f"the wiki saved revision {revid} with other text than wikipk sent (another "
                "edit merged into it, or the wiki changed it on save): the page is drift until "
                "an editor reviews it"
            )
    for title, state in pages_by_title(site, moved).items():
        # The move's null revision names the text it should keep; a later edit is drift.
        if state is not None and state.sent_sha1 == moved[title] != state.sha1:
            problems[title] = (
                f"the page was edited just before it was moved: revision {state.revid} holds "
                "text wikipk did not write, and the page is drift until an editor reviews it"
            )
    return problems


def _revision_sha1s(site: mwclient.Site, revids: list[int]) -> Iterator[tuple[int, str]]:
    size = batch_limit(site)
    for start in range(0, len(revids), size):
        batch = revids[start : start + size]
        answer: dict[str, Any] = site.api(
            "query",
            http_method="POST",
            revids="|".join(map(str, batch)),
            prop="revisions",
            rvprop="ids|sha1",
            formatversion=2,
        )
        for page in answer.get("query", {}).get("pages", ()):
            for revision in page.get("revisions", ()):
                yield int(revision["revid"]), str(revision.get("sha1", ""))


def unchanged_since_plan(site: mwclient.Site, title: str, base_revid: int, what: str) -> None:
    """Refuse a write that has no base revision of its own (a move, a delete) when the
    page changed after the plan read it.

    Raises:
        Conflict: it changed.
    """
    current = pages_by_title(site, [title]).get(title)
    if current is None or current.revid != base_revid:
        raise Conflict(
            f"someone edited the page after the plan was made; it was not {what}: run "
            "the publish again to see the change"
        )


def file_unchanged_since_plan(site: mwclient.Site, change: FileChange) -> None:
    """Refuse a new version of a file when its current version is not the one the plan read.

    Raises:
        Conflict: it changed.
    """
    current = files_by_name(site, [change.name]).get(change.name)
    if current is None or current.sha1 != change.base_sha1:
        raise Conflict(
            "someone uploaded another version after the plan was made; nothing was "
            "replaced: run the publish again to see the change"
        )


def restore_unless_deleted_as_planned(
    site: mwclient.Site, change: PageChange, summary: str
) -> None:
    """A delete has no base revision: when the newest revision it deleted is not the one
    the plan read (a person saved just before it), the page is restored at once.

    Raises:
        Conflict: the page was restored.
    """
    page = first_page(site, titles=change.title, prop="deletedrevisions", drvprop="ids", drvlimit=1)
    newest = (page.get("deletedrevisions") or [{}])[0].get("revid")
    if newest == change.base_revid:
        return
    site.post(
        "undelete",
        title=change.title,
        reason=f"{summary}: restored, a person edited it just before the delete",
        token=site.get_token("csrf"),
    )
    raise Conflict(
        "someone edited the page just before it was deleted; it was restored with their "
        "edit: run the publish again to see the change"
    )


def restore_unless_replaced_as_planned(
    site: mwclient.Site, change: FileChange, summary: str
) -> None:
    """An upload has no base version: when the version it replaced is not the one the plan
    read (a person uploaded just before it), the person's version is restored at once.

    Raises:
        Conflict: the person's version was restored (or could not be).
    """
    page = first_page(
        site, titles=f"File:{change.name}", prop="imageinfo", iiprop="sha1|archivename", iilimit=2
    )
    versions = page.get("imageinfo") or []
    if len(versions) < 2 or versions[1].get("sha1") == change.base_sha1:
        return
    # The wiki names archived versions by the second: a revert in the same second as the
    # upload it undoes fails, so it waits for the next one.
    time.sleep(1.0)
    reverted = site.post(
        "filerevert",
        filename=change.name,
        archivename=versions[1]["archivename"],
        # Names the version wikipk stands behind, not this one: the file stays drift.
        comment=marked(f"{summary}: a person's version restored", change.base_sha1),
        token=site.get_token("csrf"),
    )
    if reverted.get("filerevert", {}).get("result") != "Success":
        raise Conflict(
            "someone uploaded another version just before wikipk's, and the wiki did not "
            "restore it: restore their version from the file's history"
        )
    raise Conflict(
        "someone uploaded another version just before wikipk's; theirs was restored: run "
        "the publish again to see the change"
    )
