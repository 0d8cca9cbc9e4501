"""The YouTube plan: every call a run makes, priced, as data to print, diff or save as JSON."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields
from typing import Any, ClassVar

from sync.youtube.api import Call, Channel, VideoSnippet
from wikipk.config.youtube import Method, Privacy

OFFLINE_HEADLINE = (
    "Not signed in to YouTube: this plan assumes an empty channel and was not checked "
    "against it (sign in with 'wikipk youtube login')."
)
"""The first line of an offline plan."""
OFFLINE_TITLE = "YouTube plan for a first publish to an empty channel"


class VideoRule(enum.Enum):
    """Rule ids of the problems the publisher finds in cited videos."""

    UNAVAILABLE = "video-unavailable"
    NOT_EMBEDDABLE = "video-not-embeddable"


@dataclass(frozen=True)
class VideoProblem:
    """A cited video that readers cannot watch, located where the document cites it."""

    path: str
    line: int
    column: int
    rule: VideoRule
    message: str
    hint: str

    def to_text(self) -> str:
        """``path:line:col: rule: message`` and the hint, as ``wikipk check`` prints problems."""
        return (
            f"{self.path}:{self.line}:{self.column}: {self.rule.value}: {self.message}\n"
            f"    hint: {self.hint}"
        )

    def to_json(self) -> dict[str, Any]:
        """The problem as ``wikipk check --format json`` writes one."""
        return {**asdict(self), "rule": self.rule.value, "severity": "error"}


@dataclass(frozen=True)
class CreatePlaylist:
    """Create the playlist of a collection, with its marker in the description."""

    method: ClassVar[Method] = Method.PLAYLISTS_INSERT
    collection: str
    title: str
    description: str
    privacy: Privacy
    cost: int

    def summary(self) -> str:
        """One line for people."""
        return f"create {self.privacy.value} playlist '{self.title}' ({self.collection})"


@dataclass(frozen=True)
class AddVideo:
    """Append a video to a collection's playlist."""

    method: ClassVar[Method] = Method.PLAYLIST_ITEMS_INSERT
    collection: str
    playlist_title: str
    playlist_id: str | None
    """None when the playlist is created by the same plan."""
    video_id: str
    cited_at: str
    """``path:line`` of the first document that cites the video."""
    cost: int

    def summary(self) -> str:
        """One line for people."""
        return f"add {self.video_id} to '{self.playlist_title}' (cited at {self.cited_at})"


@dataclass(frozen=True)
class RemoveVideo:
    """Take an entry out of a managed playlist: no document cites it, or it is a duplicate."""

    method: ClassVar[Method] = Method.PLAYLIST_ITEMS_DELETE
    collection: str
    playlist_title: str
    item_id: str
    video_id: str
    why: str
    cost: int

    def summary(self) -> str:
        """One line for people."""
        return f"remove {self.video_id} from '{self.playlist_title}' ({self.why})"


@dataclass(frozen=True)
class DescribeVideo:
    """Write the block of links into the description of one of the channel's videos."""

    method: ClassVar[Method] = Method.VIDEOS_UPDATE
    video_id: str
    snippet: VideoSnippet
    """The whole snippet to send: only the description's block differs from YouTube's copy."""
    documents: int
    cost: int

    def summary(self) -> str:
        """One line for people."""
        noun = "document" if self.documents == 1 else "documents"
        return (
            f"update the description of {self.video_id} '{self.snippet.title}' "
            f"(links to {self.documents} {noun})"
        )


Change = CreatePlaylist | AddVideo | RemoveVideo | DescribeVideo


def change_json(change: Change) -> dict[str, Any]:
    """A change as JSON data, with its kind and API method."""
    data: dict[str, Any] = {"method": change.method.value, "summary": change.summary()}
    for item in fields(change):
        value = getattr(change, item.name)
        if isinstance(value, enum.Enum):
            value = value.value
        elif isinstance(value, VideoSnippet):
            value = value.to_body()
        data[item.name] = value
    return data


@dataclass(frozen=True)
class YouTubePlan:
    """What one run will do to the channel, priced in quota units."""

    channel: Channel
    budget: int
    reads: tuple[Call, ...]
    """The calls already made to read the channel (spent, whatever happens next)."""
    changes: tuple[Change, ...]
    """The writes, in the order they run: creates, adds, descriptions, removals."""
    playlists: tuple[tuple[str, str], ...]
    """Existing managed playlists: (collection, playlist id)."""
    problems: tuple[VideoProblem, ...] = ()
    notes: tuple[str, ...] = ()
    """What was left alone and why (orphans kept without ``--prune``, descriptions too long)."""
    possible: tuple[Call, ...] = ()
    """Description updates that may also be needed, which only the channel can tell: priced
    into the upper bound of an offline plan, never applied."""
    offline: bool = False
    """True when the channel was not read (no sign-in): the plan assumes an empty channel,
    ``channel`` and ``reads`` are what a first run would find and make, and it cannot be
    applied."""

    @property
    def read_units(self) -> int:
        """Units the reads cost."""
        return sum(call.cost for call in self.reads)

    @property
    def write_units(self) -> int:
        """Units the changes would cost."""
        return sum(change.cost for change in self.changes)

    @property
    def possible_units(self) -> int:
        """Units the possible description updates would cost, all of them."""
        return sum(call.cost for call in self.possible)

    def to_text(self) -> str:
        """The priced plan for people: one line per call, then the totals."""
        if self.offline:
            lines = [OFFLINE_HEADLINE, OFFLINE_TITLE]
        else:
            lines = [f"YouTube plan for channel '{self.channel.title}' ({self.channel.id})"]
        rows = [(call.method.value, call.detail, call.cost) for call in self.reads]
        rows += [(change.method.value, change.summary(), change.cost) for change in self.changes]
        rows += [(call.method.value, call.detail, call.cost) for call in self.possible]
        lines += _table(rows)
        lines += [f"note: {note}" for note in self.notes]
        lines.append(self.total_line())
        return "\n".join(lines)

    def total_line(self) -> str:
        """The last line: units read and to write, against the budget."""
        changes = f"{len(self.changes)} {'change' if len(self.changes) == 1 else 'changes'}"
        if self.possible:
            changes += f" and up to {len(self.possible)} description updates"
        write = self.write_units + self.possible_units
        return (
            f"total{' (upper bound)' if self.offline else ''}: {self.read_units} units read, "
            f"{write} units to write ({changes}); "
            f"{self.read_units + write} of the budget of {self.budget}"
        )

    def to_json(self) -> dict[str, Any]:
        """The plan as JSON data; ``channel`` is null when it was not read (``offline``)."""
        return {
            "offline": self.offline,
            "channel": None if self.offline else asdict(self.channel),
            "budget": self.budget,
            "reads": [_call_json(call) for call in self.reads],
            "changes": [change_json(change) for change in self.changes],
            "possible": [_call_json(call) for call in self.possible],
            "problems": [problem.to_json() for problem in self.problems],
            "notes": list(self.notes),
            "units": {
                "read": self.read_units,
                "write": self.write_units,
                "possible": self.possible_units,
            },
        }


def _call_json(call: Call) -> dict[str, Any]:
    """A call as JSON data."""
    return {"method": call.method.value, "detail": call.detail, "cost": call.cost}


def _table(rows: Sequence[tuple[str, str, int]]) -> list[str]:
    """Rows of ``method  what  units``, aligned."""
    if not rows:
        return []
    width = max(len(method) for method, _, _ in rows)
    return [f"  {method:<{width}}  {cost:>4}  {what}" for method, what, cost in rows]
