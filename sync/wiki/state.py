"""Reading what is on the wiki now, in as few batched queries as the API allows.

The wiki is the state: no local file remembers what was published. The pages wikipk owns are
the members of a hidden tracking category, each filed under its document id as the sort key, so
one query (500 pages at a time with the bot's ``apihighlimits``) returns every owned page with
its id, its latest revision (id, user, sha1, timestamp) and its page language.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sync.wiki.provenance import sent_sha1

if TYPE_CHECKING:
    import mwclient

log = logging.getLogger(__name__)

TRACKING_CATEGORY = "Wikipk documents"
"""Hidden category of every page wikipk owns; each page's sort key is its document id."""
REMOVED_CATEGORY = "Wikipk removed documents"
"""Category of owned pages whose document is gone, for editors to review."""


@dataclass(frozen=True)
class PageState:
    """A wiki page's latest revision, as the API reports it."""

    title: str
    page_id: int
    revid: int
    user: str
    sha1: str
    timestamp: str
    language: str
    """The page language (``en``, ``ur``)."""
    doc_id: str | None = None
    """The document id filed in the tracking category, for pages wikipk owns."""
    sent_sha1: str = ""
    """The sha1 of the text the revision's edit summary says wikipk sent (empty when the
    summary says none: a person's revision, or one by an older wikipk)."""
    categories: frozenset[str] = frozenset()
    """Those of the tracking categories (``Wikipk documents``, ``Wikipk removed documents``)
    the page is in."""

    def drift(self, bot: str) -> str:
        """Why the page holds text wikipk did not write, or "" when its latest revision is the
        bot's own text.

        A revision by someone else is drift; so is a revision by the bot whose text is not the
        text its summary says it sent: MediaWiki merged another edit into it (a person saved
        between wikipk's read and its write, on other lines), or a move's null revision kept
        a text someone changed before the move. Either way the wiki holds a person's words.
        """
        if self.user != bot:
            return f"last edited by {self.user} at {self.timestamp}"
        if self.sent_sha1 and self.sent_sha1 != self.sha1:
            return (
                f"revision {self.revid} ({self.timestamp}) holds text wikipk did not send: "
                "another edit was merged into it"
            )
        return ""


@dataclass(frozen=True)
class FileState:
    """An uploaded file's current version."""

    name: str
    sha1: str
    user: str
    sent_sha1: str = ""
    """The sha1 the version's upload comment says wikipk stands behind (empty when it says
    none: a person's upload, or one by an older wikipk)."""

    def drift(self, bot: str) -> str:
        """Why the current version is not one wikipk uploaded, or "" when it is."""
        if self.user != bot:
            return f"the wiki's version was uploaded by {self.user}"
        if self.sent_sha1 and self.sent_sha1 != self.sha1:
            return "the wiki's version is one a person uploaded, restored by wikipk"
        return ""


@dataclass(frozen=True)
class WikiState:
    """Everything the plan needs to know about the wiki."""

    owned: dict[str, PageState]
    """Owned pages, by document id."""
    pages: dict[str, PageState | None]
    """Other pages looked up by title (templates, titles documents move or are created at);
    None when the page does not exist."""
    files: dict[str, FileState | None]
    """Files looked up by name (without ``File:``); None when missing."""
    created_by_bot: frozenset[str] = frozenset()
    """Titles outside the tracking category whose first revision is the bot's: pages wikipk
    made, whose category a person removed (their edit is drift, not someone else's page)."""


def batch_limit(site: mwclient.Site) -> int:
    """How many titles or ids one query may name: 500 with ``apihighlimits``, else 50."""
    return 500 if "apihighlimits" in site.rights else 50


def query(site: mwclient.Site, **params: Any) -> Iterator[dict[str, Any]]:
    """Run a query and follow its continuation, yielding each answer's ``query`` part."""
    params = {**params, "formatversion": 2}
    while True:
        answer = site.api("query", http_method="POST", **params)
        yield answer.get("query", {})
        more = answer.get("continue")
        if not more:
            return
        params.update(more)


def first_answer(site: mwclient.Site, **params: Any) -> dict[str, Any]:
    """The ``query`` part of one query's first answer (no continuation followed)."""
    return dict(next(query(site, **params)))


def first_page(site: mwclient.Site, **params: Any) -> dict[str, Any]:
    """The first page a query names (``{}`` when it names none), as ``formatversion=2``
    gives it: for one title, that title's page."""
    pages = first_answer(site, **params).get("pages") or [{}]
    return dict(pages[0])


def _page_state(page: dict[str, Any], tracking: Iterable[str]) -> PageState | None:
    if page.get("missing") or page.get("invalid") or not page.get("revisions"):
        return None
    revision = page["revisions"][0]
    doc_id = None
    cats = set()
    for cat in page.get("categories", ()):
        name = cat["title"].split(":", 1)[1]
        if name in tracking:
            cats.add(name)
        if name == TRACKING_CATEGORY:
            doc_id = cat.get("sortkeyprefix") or None
    return PageState(
        title=page["title"],
        page_id=int(page["pageid"]),
        revid=int(revision["revid"]),
        user=str(revision.get("user", "")),
        sha1=str(revision.get("sha1", "")),
        timestamp=str(revision.get("timestamp", "")),
        language=str(page.get("pagelanguage", "")),
        doc_id=doc_id,
        sent_sha1=sent_sha1(str(revision.get("comment", ""))),
        categories=frozenset(cats),
    )


_REVISION_PROPS = {
    "prop": "revisions|categories|info",
    "rvprop": "ids|user|sha1|timestamp|comment",
    "clprop": "sortkey",
    "clcategories": f"Category:{TRACKING_CATEGORY}|Category:{REMOVED_CATEGORY}",
    "cllimit": "max",
}


def owned_pages(site: mwclient.Site) -> dict[str, PageState]:
    """Every page in the tracking category, by document id."""
    owned: dict[str, PageState] = {}
    for answer in query(
        site,
        generator="categorymembers",
        gcmtitle=f"Category:{TRACKING_CATEGORY}",
        gcmlimit="max",
        **_REVISION_PROPS,
    ):
        for page in answer.get("pages", ()):
            state = _page_state(page, (TRACKING_CATEGORY, REMOVED_CATEGORY))
            if state is not None and state.doc_id:
                # A page can only come twice through continuation; the later answer is newer.
                owned[state.doc_id] = _merge(owned.get(state.doc_id), state)
    return owned


def _merge(old: PageState | None, new: PageState) -> PageState:
    if old is None or old.title != new.title:
        return new
    return PageState(**{**old.__dict__, "categories": old.categories | new.categories})


def pages_by_title(site: mwclient.Site, titles: Iterable[str]) -> dict[str, PageState | None]:
    """The latest revision of each title (None for missing pages), in batches."""
    wanted = sorted(set(titles))
    found: dict[str, PageState | None] = dict.fromkeys(wanted)
    for batch in _batches(wanted, batch_limit(site)):
        for answer in query(site, titles="|".join(batch), **_REVISION_PROPS):
            names = _normalised(answer)
            for page in answer.get("pages", ()):
                state = _page_state(page, (TRACKING_CATEGORY, REMOVED_CATEGORY))
                title = names.get(page["title"], page["title"])
                if state is not None:
                    found[title] = state
    return found


def texts_of(site: mwclient.Site, titles: Iterable[str]) -> dict[str, str]:
    """The current wikitext of pages (for diffs), 50 at a time."""
    texts: dict[str, str] = {}
    for batch in _batches(sorted(set(titles)), 50):
        for answer in query(
            site, titles="|".join(batch), prop="revisions", rvprop="content", rvslots="main"
        ):
            for page in answer.get("pages", ()):
                revisions = page.get("revisions")
                if revisions:
                    texts[page["title"]] = revisions[0]["slots"]["main"].get("content", "")
    return texts


def files_by_name(site: mwclient.Site, names: Iterable[str]) -> dict[str, FileState | None]:
    """The current version of each file (None when missing), in batches."""
    wanted = sorted(set(names))
    found: dict[str, FileState | None] = dict.fromkeys(wanted)
    titles = {f"File:{name}": name for name in wanted}
    for batch in _batches(sorted(titles), batch_limit(site)):
        for answer in query(
            site, titles="|".join(batch), prop="imageinfo", iiprop="sha1|user|comment"
        ):
            names = _normalised(answer)
            for page in answer.get("pages", ()):
                info = page.get("imageinfo")
                title = names.get(page["title"], page["title"])
                # Continuation walks into older versions: the first answer is the current one.
                if info and title in titles and found[titles[title]] is None:
                    found[titles[title]] = FileState(
                        titles[title],
                        info[0]["sha1"],
                        info[0].get("user", ""),
                        sent_sha1(str(info[0].get("comment", ""))),
                    )
    return found


def created_by(site: mwclient.Site, titles: Iterable[str], user: str) -> frozenset[str]:
    """Those titles whose first revision was made by ``user`` (one query per title)."""
    found = set()
    for title in sorted(set(titles)):
        for answer in query(
            site, titles=title, prop="revisions", rvprop="user", rvlimit=1, rvdir="newer"
        ):
            for page in answer.get("pages", ()):
                revisions = page.get("revisions") or [{}]
                if revisions[0].get("user") == user:
                    found.add(title)
            break  # the first answer holds the first revision
    return frozenset(found)


def _normalised(answer: dict[str, Any]) -> dict[str, str]:
    """Map the titles the wiki normalised back to the titles we asked for."""
    return {row["to"]: row["from"] for row in answer.get("normalized", ())}


def _batches(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
