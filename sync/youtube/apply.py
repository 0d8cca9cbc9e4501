"""Carrying out a plan within the budget, without duplicates, and reporting every change's fate.

An insert that fails with a 5xx or a dropped connection may still have been saved by YouTube,
so it is never retried blindly: the playlist (or the list of playlists) is read again first, and
the insert is repeated only when the video (or playlist) is really missing.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from sync.youtube.api import Channel, YouTubeApi
from sync.youtube.diff import collection_of
from sync.youtube.errors import ApiError, BudgetExhausted, QuotaExhausted
from sync.youtube.plan import (
    AddVideo,
    Change,
    CreatePlaylist,
    DescribeVideo,
    RemoveVideo,
    VideoProblem,
    YouTubePlan,
    change_json,
)

log = logging.getLogger(__name__)


class Outcome(enum.Enum):
    """What became of a planned change."""

    DONE = "done"
    FOUND_DONE = "found-done"
    """YouTube failed the call but had made the change; it was not repeated."""
    REFUSED = "refused"
    """YouTube refused it (a 4xx); the rest of the run went on."""
    DEFERRED = "deferred"
    """Not attempted: the run stopped first. The next run plans it again."""


class Stop(enum.Enum):
    """Why a run ended before its last change."""

    BUDGET = "budget"
    QUOTA = "quota"
    ERROR = "error"


@dataclass(frozen=True)
class Result:
    """A planned change and what became of it."""

    change: Change
    outcome: Outcome
    note: str = ""


@dataclass(frozen=True)
class YouTubeReport:
    """What a run did to the channel and what it spent."""

    channel: Channel
    results: tuple[Result, ...]
    units: int
    """Units spent by the whole run, reads included."""
    budget: int
    problems: tuple[VideoProblem, ...] = ()
    notes: tuple[str, ...] = ()
    stop: Stop | None = None
    stop_message: str = ""

    def count(self, outcome: Outcome) -> int:
        """How many changes ended so."""
        return sum(1 for result in self.results if result.outcome is outcome)

    def to_text(self) -> str:
        """One line per change attempted, then a summary line."""
        head = f"YouTube channel '{self.channel.title}' ({self.channel.id})"
        notes = [f"note: {note}" for note in self.notes]
        if not self.results:
            return "\n".join(
                [*notes, f"{head} is in step: nothing to change; {self.units} units spent"]
            )
        lines = [head + ":"] + [
            f"  {result.outcome.value:<10}  {result.change.summary()}"
            + (f": {result.note}" if result.note else "")
            for result in self.results
            if result.outcome is not Outcome.DEFERRED
        ]
        made = self.count(Outcome.DONE) + self.count(Outcome.FOUND_DONE)
        summary = f"{made} {'change' if made == 1 else 'changes'} made"
        if self.count(Outcome.REFUSED):
            summary += f", {self.count(Outcome.REFUSED)} refused"
        if self.stop is not None:
            waiting = self.count(Outcome.DEFERRED)
            summary += f", {waiting} left for the next run"
        lines += notes
        lines.append(f"{summary}; {self.units} of the budget of {self.budget} units spent")
        if self.stop is not None:
            lines.append(f"stopped: {self.stop_message}")
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        """The report as JSON data."""
        return {
            "channel": asdict(self.channel),
            "results": [
                {**change_json(result.change), "outcome": result.outcome.value, "note": result.note}
                for result in self.results
            ],
            "units": self.units,
            "budget": self.budget,
            "problems": [problem.to_json() for problem in self.problems],
            "notes": list(self.notes),
            "stop": self.stop.value if self.stop else None,
            "stop_message": self.stop_message,
        }


def apply_plan(plan: YouTubePlan, api: YouTubeApi) -> YouTubeReport:
    """Make the plan's changes in order, stopping cleanly at the budget or the daily quota."""
    playlist_ids = dict(plan.playlists)
    results: list[Result] = []
    stop: Stop | None = None
    message = ""
    for change in plan.changes:
        try:
            outcome = _apply(change, api, playlist_ids)
        except BudgetExhausted as error:
            stop, message = Stop.BUDGET, f"{error}; the next run carries on"
        except QuotaExhausted as error:
            stop, message = Stop.QUOTA, f"{error}; the next run carries on"
        except ApiError as error:
            if not 400 <= error.status < 500:
                stop, message = Stop.ERROR, str(error)
            else:
                results.append(Result(change, Outcome.REFUSED, str(error)))
                continue
        if stop is not None:
            break
        results.append(Result(change, outcome))
    results += [Result(change, Outcome.DEFERRED) for change in plan.changes[len(results) :]]
    return YouTubeReport(
        plan.channel,
        tuple(results),
        api.meter.spent,
        api.meter.budget,
        plan.problems,
        plan.notes,
        stop,
        message,
    )


def _apply(change: Change, api: YouTubeApi, playlist_ids: dict[str, str]) -> Outcome:
    if isinstance(change, CreatePlaylist):
        return _create(change, api, playlist_ids)
    if isinstance(change, AddVideo):
        playlist_id = change.playlist_id or playlist_ids.get(change.collection)
        if playlist_id is None:
            raise ApiError(f"the playlist '{change.playlist_title}' was not created", 409)
        return _checked_insert(
            lambda: api.insert_item(playlist_id, change.video_id),
            lambda: any(
                item.video_id == change.video_id for item in api.playlist_items(playlist_id)
            ),
            api.retries,
        )
    if isinstance(change, DescribeVideo):
        api.update_snippet(change.video_id, change.snippet)
    elif isinstance(change, RemoveVideo):
        api.delete_item(change.item_id)
    return Outcome.DONE


def _create(change: CreatePlaylist, api: YouTubeApi, playlist_ids: dict[str, str]) -> Outcome:
    def find() -> bool:
        for playlist in api.my_playlists():
            if collection_of(playlist.description) == change.collection:
                playlist_ids[change.collection] = playlist.id
                return True
        return False

    def insert() -> None:
        playlist_ids[change.collection] = api.insert_playlist(
            change.title, change.description, change.privacy.value
        )

    return _checked_insert(insert, find, api.retries)


def _checked_insert(
    insert: Callable[[], object], exists: Callable[[], bool], retries: int
) -> Outcome:
    """Insert; after an uncertain failure, look before trying again (at most ``retries`` times)."""
    attempt = 0
    while True:
        try:
            insert()
            return Outcome.DONE
        except ApiError as error:
            if 0 < error.status < 500 or attempt >= retries:
                raise
            log.info("insert failed (%s); checking whether YouTube saved it anyway", error)
        attempt += 1
        if exists():
            return Outcome.FOUND_DONE
