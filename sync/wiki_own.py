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

log = logging.getLogger(__name__)


def _query(site: mwclient.Site, **params: Any) -> dict[str, Any]:
    answer: dict[str, Any] = site.api("query", http_method="POST", formatversion=2, **params)
    return dict(answer.get("query") or {})


def _latest_revision(site: mwclient.Site, title: str) -> dict[str, Any]:
    pages = _query(site, titles=title, prop="revisions", rvprop="ids|user|sha1")["pages"]
    revisions = pages[0].get("revisions") if pages else None
    return dict(revisions[0]) if revisions else {}


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
    events = _query(
        site, list="logevents", letype=kind, letitle=title, lelimit=1, leprop="user|details|type"
    )["logevents"]
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
    pages = _query(site, titles=title)["pages"]
    found = found and bool(pages and pages[0].get("missing"))
    _say(found, "the deletion of", title)
    return found


def own_upload(site: mwclient.Site, name: str, sha1: str) -> bool:
    """Whether the file's current version is this account's upload of the bytes of ``sha1``."""
    pages = _query(site, titles=f"File:{name}", prop="imageinfo", iiprop="user|sha1")["pages"]
    info = (pages[0].get("imageinfo") or [{}])[0] if pages else {}
    found = info.get("user") == site.username and info.get("sha1") == sha1
    _say(found, "the upload of", name)
    return found


def _say(found: bool, what: str, title: str) -> None:
    if found:
        log.info("%s %s was done by wikipk: its answer was lost", what, title)
