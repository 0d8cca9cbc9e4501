"""Recognising wikipk's own writes whose answer was lost.

When the wiki did a write but its answer never arrived (a dropped connection, a proxy's 502),
the request is sent again, and the wiki refuses the repeat: a create with ``articleexists``, an
edit with ``editconflict``, a move with ``articleexists`` or ``missingtitle``, a delete with
``missingtitle``, an upload with ``exists`` or ``fileexists-no-change``. Such a refusal is the
write done, not a conflict, only when the wiki shows that it was this account's write of this
content on this base; anything else stays a conflict.
"""

from __future__ import annotations

import logging
from typing import Any

import mwclient

from sync.wiki.state import files_by_name, first_answer, first_page

log = logging.getLogger(__name__)


def _latest_revision(site: mwclient.Site, title: str) -> dict[str, Any]:
    page = first_page(site, titles=title, prop="revisions", rvprop="ids|user|sha1")
    return dict((page.get("revisions") or [{}])[0])


def own_revision(site: mwclient.Site, title: str, sha1: str, parent: int) -> int:
    """The page's latest revision when it is this account's, holds the text of ``sha1``, and
    was made on revision ``parent`` (0 for a page it created); else 0."""
    latest = _latest_revision(site, title)
    found = (
        latest.get("user") == site.username
        and latest.get("sha1") == sha1
        and int(latest.get("parentid", -1)) == parent
    )
    _say(found, "the edit of", title)
    return int(latest["revid"]) if found else 0


def _latest_log(site: mwclient.Site, kind: str, title: str) -> dict[str, Any]:
    events = first_answer(
        site, list="logevents", letype=kind, letitle=title, lelimit=1, leprop="user|details|type"
    ).get("logevents")
    return dict(events[0]) if events else {}


def own_move(site: mwclient.Site, old_title: str, title: str) -> bool:
    """Whether the latest move of ``old_title`` is this account's, to ``title``."""
    event = _latest_log(site, "move", old_title)
    target = event.get("params", {}).get("target_title")
    found = bool(event.get("user") == site.username and target == title)
    _say(found, "the move of", old_title)
    return found


def own_delete(site: mwclient.Site, title: str) -> bool:
    """Whether the latest deletion of ``title`` is this account's, and the page is gone."""
    event = _latest_log(site, "delete", title)
    found = event.get("user") == site.username and event.get("action") == "delete"
    found = found and bool(first_page(site, titles=title).get("missing"))
    _say(found, "the deletion of", title)
    return found


def own_upload(site: mwclient.Site, name: str, sha1: str) -> bool:
    """Whether the file's current version is this account's upload of the bytes of ``sha1``."""
    current = files_by_name(site, [name]).get(name)
    found = current is not None and current.user == site.username and current.sha1 == sha1
    _say(found, "the upload of", name)
    return found


def _say(found: bool, what: str, title: str) -> None:
    if found:
        log.info("%s %s was done by wikipk: its answer was lost", what, title)
