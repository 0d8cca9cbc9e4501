"""The offline plan: what a first publish would do, worked out without signing in.

With no sign-in, ``wikipk publish youtube --dry-run`` cannot read the channel. It still shows
the plan, computed by the same code as a signed-in plan (:func:`sync.youtube.diff.plan_changes`)
against an assumed empty channel: every configured playlist that gets a video is created, and
every cited video is added, as if all of them could be watched. Two things only the channel can
tell are stated instead: which cited videos are missing or private (not checked), and which are
the channel's own and need their block of links (each priced as a possible update, so the total
is an upper bound).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sync.youtube.api import BATCH, Call, Channel, videos_label
from sync.youtube.diff import Citation, Inputs, State, citations, plan_changes
from sync.youtube.plan import YouTubePlan
from wikipk.config.youtube import Method, YouTubeSettings
from wikipk.model import Document

UNREAD = Channel(id="", title="")
"""Stands for the channel that was not read."""

NOTES = (
    "the cited videos were not checked: a signed-in run reports any that is missing, private "
    "or not embeddable, and leaves it out of the playlists",
    "description updates cannot be known offline: which cited videos are the channel's own, "
    "and what their descriptions hold, was not read; each is priced as a possible update",
)


def offline_plan(
    documents: Sequence[Document],
    settings: YouTubeSettings,
    content_dir: Path,
    budget: int,
    prune: bool = False,
) -> YouTubePlan:
    """The plan of a first publish to an empty channel, priced, with no call to YouTube.

    Args:
        documents: the checked documents.
        settings: the ``youtube:`` section of ``wikipk.yml``, for playlists and quota costs.
        content_dir: the content folder, to name the documents citing each video.
        budget: the run's budget, to compare the total with.
        prune: ``--prune`` (an empty channel has nothing to remove, so no change follows).
    """
    cited = citations(documents, content_dir)
    state = State(UNREAD, playlists={}, items={}, videos={})
    inputs = Inputs(tuple(documents), settings, state, frozenset(cited), content_dir, prune)
    notes = list(NOTES)
    changes = plan_changes(inputs, cited, notes)
    return YouTubePlan(
        channel=UNREAD,
        budget=budget,
        reads=first_reads(settings, len(cited)),
        changes=changes,
        playlists=(),
        notes=tuple(notes),
        possible=possible_updates(cited, settings),
        offline=True,
    )


def first_reads(settings: YouTubeSettings, videos: int) -> tuple[Call, ...]:
    """The reads of a run on an empty channel: the channel, one page of playlists, the videos.

    They match what :func:`sync.youtube.diff.read_state` makes through
    :class:`sync.youtube.api.YouTubeApi` when no managed playlist exists yet.
    """
    reads = [
        Call(Method.CHANNELS_LIST, "mine", settings.costs[Method.CHANNELS_LIST]),
        Call(Method.PLAYLISTS_LIST, "mine, page 1", settings.costs[Method.PLAYLISTS_LIST]),
    ]
    for start in range(0, videos, BATCH):
        count = min(BATCH, videos - start)
        reads.append(
            Call(Method.VIDEOS_LIST, videos_label(count), settings.costs[Method.VIDEOS_LIST])
        )
    return tuple(reads)


def possible_updates(
    cited: dict[str, list[Citation]], settings: YouTubeSettings
) -> tuple[Call, ...]:
    """One possible ``videos.update`` per cited video, in case it is the channel's own."""
    cost = settings.costs[Method.VIDEOS_UPDATE]
    updates = []
    for vid, cites in cited.items():
        count = len({cite.document.id for cite in cites})
        noun = "document" if count == 1 else "documents"
        detail = (
            f"update the description of {vid}, if it is the channel's own (links to {count} {noun})"
        )
        updates.append(Call(Method.VIDEOS_UPDATE, detail, cost))
    return tuple(updates)
