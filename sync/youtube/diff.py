"""Working out the plan: read the channel, compare it with what the documents cite, price it.

The channel itself holds the publisher's state: a playlist belongs to a collection when its
description carries the marker line, and an owned video's links sit between markers in its
description. So every run starts from what YouTube shows and needs no state file.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from sync.youtube.api import Channel, RemoteItem, RemotePlaylist, RemoteVideo, YouTubeApi
from sync.youtube.describe import Described, Outcome, describe, reference
from sync.youtube.errors import CredentialsError
from sync.youtube.plan import (
    AddVideo,
    Change,
    CreatePlaylist,
    DescribeVideo,
    RemoveVideo,
    VideoProblem,
    VideoRule,
    YouTubePlan,
)
from wikipk.config.youtube import Collection, Method, YouTubeSettings
from wikipk.model import Document, Video
from wikipk.paths import display_path

log = logging.getLogger(__name__)

MARKER = "wikipk:collection="
"""Start of the line that ties a playlist to its collection: ``wikipk:collection=type:sop``."""


@dataclass(frozen=True)
class Citation:
    """A document citing a video."""

    document: Document
    video: Video
    path: str
    """The document's file, as users name it."""

    @property
    def where(self) -> str:
        """``path:line`` of the citation."""
        return f"{self.path}:{self.video.line}"


@dataclass(frozen=True)
class State:
    """What the channel holds, as read for this plan."""

    channel: Channel
    playlists: dict[str, RemotePlaylist]
    """Managed playlists by collection key."""
    items: dict[str, list[RemoteItem]]
    """Entries of each managed playlist, by collection key."""
    videos: dict[str, RemoteVideo]
    """Every cited video YouTube shows, by id."""


@dataclass(frozen=True)
class Inputs:
    """Everything the changes are worked out from."""

    documents: tuple[Document, ...]
    settings: YouTubeSettings
    state: State
    usable: frozenset[str]
    """The cited videos readers can watch: only these are added or described."""
    content_dir: Path
    prune: bool

    def cost(self, method: Method) -> int:
        """Units one call of ``method`` costs."""
        return self.settings.costs[method]


def marker_line(collection: str) -> str:
    """The line that marks a playlist as the collection's."""
    return MARKER + collection


def collection_of(description: str) -> str | None:
    """The collection a playlist's description marks it for, if any."""
    for line in description.splitlines():
        if line.strip().startswith(MARKER):
            return line.strip()[len(MARKER) :]
    return None


def build_plan(
    documents: Sequence[Document],
    api: YouTubeApi,
    settings: YouTubeSettings,
    content_dir: Path,
    prune: bool = False,
) -> YouTubePlan:
    """Read the channel and plan every change the documents call for.

    Raises:
        CredentialsError: the sign-in is for another channel than the configured one.
        RunStopped: the reads alone would pass the budget, or the quota is spent.
        ApiError: YouTube could not be reached.
    """
    cited = citations(documents, content_dir)
    notes: list[str] = []
    state = read_state(api, settings, list(cited), notes)
    usable = {vid for vid in cited if _usable(state.videos.get(vid))}
    inputs = Inputs(tuple(documents), settings, state, frozenset(usable), content_dir, prune)
    changes = plan_changes(inputs, cited, notes)
    problems = [p for vid, cites in cited.items() for p in _problems(state.videos.get(vid), cites)]
    return YouTubePlan(
        channel=state.channel,
        budget=api.meter.budget,
        reads=tuple(api.meter.calls),
        changes=changes,
        playlists=tuple((key, playlist.id) for key, playlist in state.playlists.items()),
        problems=tuple(sorted(problems, key=lambda p: (p.path, p.line, p.column))),
        notes=tuple(notes),
    )


def plan_changes(
    inputs: Inputs, cited: dict[str, list[Citation]], notes: list[str]
) -> tuple[Change, ...]:
    """The writes that bring ``inputs.state`` in step, in the order they run.

    Creates and adds come first, then description updates, then removals. The state may be
    read from the channel (:func:`build_plan`) or assumed (:mod:`sync.youtube.offline`).
    Notes on what is left alone are appended to ``notes``.
    """
    changes = _playlist_changes(inputs, notes) + _describe_changes(cited, inputs, notes)
    return tuple(sorted(changes, key=lambda change: isinstance(change, RemoveVideo)))


def citations(documents: Sequence[Document], content_dir: Path) -> dict[str, list[Citation]]:
    """Every cited video with the documents citing it, in document path order."""
    found: dict[str, list[Citation]] = {}
    for document in sorted(documents, key=lambda doc: doc.path):
        path = display_path(content_dir / document.path)
        for video in document.videos:
            found.setdefault(video.video_id, []).append(Citation(document, video, path))
    return found


def read_state(
    api: YouTubeApi, settings: YouTubeSettings, video_ids: list[str], notes: list[str]
) -> State:
    """Read the channel, its managed playlists and their entries, and the cited videos."""
    channel = api.my_channel()
    if settings.channel_id and channel.id != settings.channel_id:
        raise CredentialsError(
            f"the sign-in is for channel '{channel.title}' ({channel.id}), but wikipk.yml names "
            f"{settings.channel_id}; run 'wikipk youtube login' as the right channel"
        )
    playlists = managed_playlists(api.my_playlists(), settings, notes)
    items = {key: api.playlist_items(playlist.id) for key, playlist in playlists.items()}
    return State(channel, playlists, items, api.videos(video_ids))


def managed_playlists(
    playlists: Sequence[RemotePlaylist], settings: YouTubeSettings, notes: list[str]
) -> dict[str, RemotePlaylist]:
    """The channel's playlists that carry a configured collection's marker, by collection."""
    keys = {collection.key for collection in settings.collections()}
    managed: dict[str, RemotePlaylist] = {}
    for playlist in playlists:
        key = collection_of(playlist.description)
        if key is None:
            continue
        if key not in keys:
            notes.append(
                f"playlist '{playlist.title}' is marked for {key}, "
                "which is not configured; left alone"
            )
        elif key in managed:
            notes.append(
                f"playlists {managed[key].id} and {playlist.id} are both marked for {key}; "
                f"using the first: remove the marker line from the other"
            )
        else:
            managed[key] = playlist
    return managed


def _usable(video: RemoteVideo | None) -> bool:
    return (
        video is not None
        and video.privacy in ("public", "unlisted")
        and video.upload_status in ("processed", "uploaded")
        and video.embeddable
    )


def _problems(video: RemoteVideo | None, cites: list[Citation]) -> list[VideoProblem]:
    if _usable(video):
        return []
    vid = cites[0].video.video_id
    rule = VideoRule.UNAVAILABLE
    if video is None:
        message = f"video '{vid}' does not exist on YouTube, was deleted, or is private"
        hint = (
            "check the URL; ask the video's owner to make it public or unlisted, "
            "or remove it from 'videos'"
        )
    elif video.upload_status not in ("processed", "uploaded"):
        message = f"video '{vid}' was removed from YouTube ({video.upload_status})"
        hint = "cite another video, or remove it from 'videos'"
    elif video.privacy not in ("public", "unlisted"):
        message = f"video '{vid}' is {video.privacy}"
        hint = "make it public or unlisted in YouTube Studio, or remove it from 'videos'"
    else:
        rule = VideoRule.NOT_EMBEDDABLE
        message = f"video '{vid}' may not be embedded in other sites"
        hint = "turn on 'Allow embedding' in YouTube Studio, or cite another video"
    return [
        VideoProblem(cite.path, cite.video.line, _column(cite), rule, message, hint)
        for cite in cites
    ]


def _column(cite: Citation) -> int:
    """The column of the cited URL on its line (1 when the file cannot be read again)."""
    try:
        with open(cite.path, encoding="utf-8") as stream:
            for number, text in enumerate(stream, 1):
                if number == cite.video.line:
                    return text.find(cite.video.url) + 1 or 1
    except OSError:
        pass
    return 1


def wanted(
    documents: Sequence[Document], collection: Collection, settings: YouTubeSettings
) -> list[tuple[str, Document, Video]]:
    """The videos a collection's playlist should hold: document path order, no duplicates."""
    seen: set[str] = set()
    found = []
    for document in sorted(documents, key=lambda doc: doc.path):
        if document.is_premium and not collection.takes_premium:
            continue
        in_collection = settings.types.get(document.type) is collection or any(
            settings.tags.get(tag) is collection for tag in document.tags
        )
        if not in_collection:
            continue
        for video in document.videos:
            if video.video_id not in seen:
                seen.add(video.video_id)
                found.append((video.video_id, document, video))
    return found


def _playlist_changes(inputs: Inputs, notes: list[str]) -> list[Change]:
    """Playlists to create, videos to add, and entries to remove (with ``--prune``)."""
    changes: list[Change] = []
    for collection in inputs.settings.collections():
        want = wanted(inputs.documents, collection, inputs.settings)
        playlist = inputs.state.playlists.get(collection.key)
        add = [entry for entry in want if entry[0] in inputs.usable]
        if playlist is None and not add:
            continue
        title = playlist.title if playlist else collection.title
        if playlist is None:
            description = f"{collection.description}\n\n{marker_line(collection.key)}".strip()
            cost = inputs.cost(Method.PLAYLISTS_INSERT)
            changes.append(
                CreatePlaylist(collection.key, title, description, collection.privacy, cost)
            )
        items = inputs.state.items.get(collection.key, [])
        present = {item.video_id for item in items}
        for vid, document, video in add:
            if vid not in present:
                where = f"{display_path(inputs.content_dir / document.path)}:{video.line}"
                changes.append(
                    AddVideo(
                        collection.key,
                        title,
                        playlist.id if playlist else None,
                        vid,
                        where,
                        inputs.cost(Method.PLAYLIST_ITEMS_INSERT),
                    )
                )
        orphans = _orphans(collection, title, items, {entry[0] for entry in want})
        changes += _prune(orphans, inputs, notes)
    return changes


def _prune(orphans: list[RemoveVideo], inputs: Inputs, notes: list[str]) -> list[Change]:
    """Removals with ``--prune``; otherwise a note per orphan, and no change."""
    if inputs.prune:
        return [
            replace(orphan, cost=inputs.cost(Method.PLAYLIST_ITEMS_DELETE)) for orphan in orphans
        ]
    notes += [
        f"'{orphan.playlist_title}' holds {orphan.video_id} ({orphan.why}); "
        "kept: run with --prune to remove it"
        for orphan in orphans
    ]
    return []


def _orphans(
    collection: Collection, title: str, items: list[RemoteItem], wanted_ids: set[str]
) -> list[RemoveVideo]:
    """Entries of a managed playlist that no document wants there, or that repeat a video."""
    seen: set[str] = set()
    orphans = []
    for item in items:
        if item.video_id in seen:
            why = "a second copy"
        elif item.video_id not in wanted_ids:
            why = "no document of the collection cites it"
        else:
            why = ""
        seen.add(item.video_id)
        if why:
            orphans.append(RemoveVideo(collection.key, title, item.id, item.video_id, why, 0))
    return orphans


def _describe_changes(
    cited: dict[str, list[Citation]], inputs: Inputs, notes: list[str]
) -> list[Change]:
    """Description updates for the channel's own videos whose block of links is out of date."""
    changes: list[Change] = []
    for vid, cites in cited.items():
        video = inputs.state.videos.get(vid)
        if vid not in inputs.usable or video is None or video.channel_id != inputs.state.channel.id:
            continue
        documents = {cite.document.id: cite.document for cite in cites}.values()
        references = [reference(document, inputs.settings) for document in documents]
        described = describe(video.snippet.description, references)
        note = _describe_note(vid, described, len(references))
        if note:
            notes.append(note)
        if described.outcome is Outcome.FITS and described.description != video.snippet.description:
            snippet = replace(video.snippet, description=described.description)
            cost = inputs.cost(Method.VIDEOS_UPDATE)
            changes.append(DescribeVideo(vid, snippet, described.references, cost))
    return changes


def _describe_note(video_id: str, described: Described, wanted_count: int) -> str:
    """Why a description is left alone or holds fewer documents, or "" when all is well."""
    if described.outcome is Outcome.BROKEN_MARKERS:
        return (
            f"the description of {video_id} has its link markers broken or repeated; "
            "left alone: fix or delete the marker lines in YouTube Studio"
        )
    if described.outcome is Outcome.TOO_LONG:
        return (
            f"the description of {video_id} leaves no room for links within YouTube's "
            "5000 bytes; left alone: shorten it in YouTube Studio"
        )
    if described.references < wanted_count:
        return (
            f"the description of {video_id} has room for {described.references} of "
            f"{wanted_count} documents' links"
        )
    return ""
