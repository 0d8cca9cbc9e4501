"""A publish with nothing to do, known from one anonymous request to the wiki.

After a run that saw every desired page on the wiki (:class:`sync.wiki_cache.Published`), the
next run may skip logging in, loading, rendering and reading every page when three things hold:
no input file was touched since (sizes and times, not contents, are compared), the login is the
one recorded, and the wiki's newest recent change is still the one recorded, so nothing on the
wiki was edited, created, moved, deleted, uploaded or relabelled since. Its plan is then the
recorded one: every page unchanged. Whatever is not so, or cannot be asked (a wiki that refuses
anonymous reads, one that does not answer), sends the run down the ordinary path, which logs in
and reads the wiki; nothing here ever decides a write.

This module is imported before anything heavy (no HTTP library beyond the standard one, no
MediaWiki client, no Markdown), so that such a run costs little more than the request.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sync import wiki_cache
from sync.wiki_cache import RecentChange
from sync.wiki_plan import Action, PageChange, WikiPlan
from wikipk import __version__

log = logging.getLogger(__name__)

RECENT_CHANGE = {
    "action": "query",
    "list": "recentchanges",
    "rctype": "edit|new|log",
    "rcprop": "ids|timestamp",
    "rclimit": "1",
    "format": "json",
    "formatversion": "2",
}
"""The question: the newest edit, page creation or logged action (moves, deletions, uploads,
page languages). Category-membership entries are left out: the job queue adds them later."""

TIMEOUT = 10.0


def recent_change(answer: Mapping[str, Any]) -> RecentChange | None:
    """The newest recent change in an API answer to :data:`RECENT_CHANGE` (None when empty)."""
    changes = answer["query"]["recentchanges"]
    if not changes:
        return None
    return RecentChange(int(changes[0]["rcid"]), str(changes[0]["timestamp"]))


def ask_recent_change(url: str) -> RecentChange | None:
    """Ask the wiki at ``url`` anonymously for its newest recent change (None: cannot tell)."""
    address = f"{url.rstrip('/')}/api.php?{urllib.parse.urlencode(RECENT_CHANGE)}"
    request = urllib.request.Request(
        address, headers={"User-Agent": f"wikipk/{__version__} (Wiki Pakistan publisher)"}
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            answer = json.load(response)
        return recent_change(answer)
    except (OSError, ValueError, KeyError, TypeError, IndexError) as error:
        log.info("could not read the wiki's recent changes (%s); reading the wiki", error)
        return None


def unchanged_plan(
    root: Path,
    content: Path | None,
    login: tuple[str, str, str] | None,
    force: bool = False,
    prune: bool = False,
) -> WikiPlan | None:
    """The plan of a publish with nothing to do, when that is known without reading the wiki.

    Args:
        root: the knowledge base's root (where the cache is).
        content: ``--content`` as given.
        login: the wiki's URL, user and password, from the environment.
        force: ``--force`` (kept in the plan).
        prune: ``--prune``: pages of removed documents are deleted, even those marked before.

    Returns:
        The all-unchanged plan (its ``summary`` left empty), or None when the ordinary path
        must find out.
    """
    published = wiki_cache.load_published(root)
    if published is None or login is None:
        return None
    url, user, password = login
    if (
        url != published.wiki
        or wiki_cache.login_digest(published.salt, url, user, password) != published.login
        or (None if content is None else str(content)) != published.content_option
        or (prune and not published.prune)
    ):
        return None
    untouched = wiki_cache.inputs_untouched(
        root, Path(published.content_dir), published.inputs, published.inputs_taken_ns
    )
    if not untouched or ask_recent_change(url) != published.change:
        return None
    log.info("nothing changed here or on the wiki since it was last seen to match")
    pages = tuple(
        PageChange(Action.UNCHANGED, p.title, p.doc_id, p.path, base_revid=p.revid)
        for p in published.pages
    )
    return WikiPlan(url, pages, (), "", force, prune)
