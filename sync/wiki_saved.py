"""Reading back what a publish saved: the wiki must hold the very text wikipk sent.

MediaWiki does not always refuse an edit based on an older revision: when a person's edit in
between touched other lines, it merges the two (diff3) and saves the result as the bot's
revision. Such a revision holds a person's words under the bot's name. Each edit's answer
already says so when its ``oldrevid`` is not the ``baserevid`` sent; reading the saved
revisions' sha1 back also catches a text the wiki changed on save, and a person's edit that
landed just before a move (whose null revision keeps the text it finds).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from sync.wiki_state import batch_limit, pages_by_title

if TYPE_CHECKING:
    import mwclient


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
