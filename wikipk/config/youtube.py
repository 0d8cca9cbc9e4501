"""The ``youtube:`` section of ``wikipk.yml``: costs, budget, playlists and the links to write.

The sign-in (a token file outside git, ``sync/youtube/login.py``) is not configuration: no
credential is read here.
"""

from __future__ import annotations

import enum
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from wikipk.config.file import Section, Setting, shown
from wikipk.model import DocType
from wikipk.problems import did_you_mean

TITLE_LIMIT = 100
"""YouTube's limit on a title, in characters."""


class Method(enum.Enum):
    """The YouTube Data API calls the publisher makes, named as Google's quota table names them."""

    CHANNELS_LIST = "channels.list"
    PLAYLISTS_LIST = "playlists.list"
    PLAYLIST_ITEMS_LIST = "playlistItems.list"
    VIDEOS_LIST = "videos.list"
    PLAYLISTS_INSERT = "playlists.insert"
    PLAYLIST_ITEMS_INSERT = "playlistItems.insert"
    PLAYLIST_ITEMS_DELETE = "playlistItems.delete"
    VIDEOS_UPDATE = "videos.update"


DEFAULT_COSTS: Mapping[Method, int] = MappingProxyType(
    {method: 1 if method.value.endswith(".list") else 50 for method in Method}
)
"""Units per call in Google's quota calculator (2026): 1 per list page, 50 per write."""


class Privacy(enum.Enum):
    """Who can see a playlist."""

    PUBLIC = "public"
    UNLISTED = "unlisted"
    PRIVATE = "private"


@dataclass(frozen=True)
class Collection:
    """A set of documents that gets one playlist on the channel."""

    key: str
    """Stable name, written into the playlist's description: ``type:sop`` or ``tag:water``."""
    title: str
    """The playlist's title when it is created (staff may rename it afterwards)."""
    description: str
    """The playlist's description when it is created, before the marker line."""
    privacy: Privacy = Privacy.PUBLIC

    @property
    def takes_premium(self) -> bool:
        """True when premium documents' videos may join (only private playlists)."""
        return self.privacy is Privacy.PRIVATE


@dataclass(frozen=True)
class YouTubeSettings:
    """Everything the YouTube publisher reads from ``wikipk.yml``."""

    wiki_page_url: str
    """A document's wiki page; ``{title}`` is the page title, encoded as MediaWiki does."""
    site_page_url: str
    """A document's site page; ``{id}``, ``{lang}`` and ``{type}`` are filled in."""
    types: Mapping[DocType, Collection]
    """The playlist of each document type that has one."""
    tags: Mapping[str, Collection]
    """The playlists of the tags configured to have one."""
    costs: Mapping[Method, int] = field(default_factory=lambda: DEFAULT_COSTS)
    """Units per call; Google changed them twice in a year, so they are configuration."""
    budget: int = 9000
    """Units a run may spend when ``--budget`` is not given (the daily quota is 10,000)."""
    retries: int = 3
    """Retries of a read or an update after a 5xx or a dropped connection."""
    channel_id: str | None = None
    """The channel the sign-in must belong to, when set."""

    def collections(self) -> tuple[Collection, ...]:
        """Every configured collection: types first, then tags, each in configuration order."""
        return (*self.types.values(), *self.tags.values())


_TYPE_NAMES = {
    DocType.SOP: "SOPs",
    DocType.GUIDELINE: "Guidelines",
    DocType.CASE_STUDY: "Case studies",
    DocType.SCORECARD: "Scorecards",
    DocType.REPORT: "Reports",
}

_KEYS = (
    "wiki_page_url",
    "site_page_url",
    "channel_id",
    "budget",
    "retries",
    "quota_costs",
    "playlists",
)
_PLAYLIST_KEYS = ("title", "description", "privacy")


def read_youtube(data: Section) -> YouTubeSettings:
    """Read and check the ``youtube:`` section of the configuration.

    Raises:
        ConfigError: a setting is missing or wrong; the message names it, its place and the fix.
    """
    data.known(_KEYS)
    playlists = data.section("playlists")
    playlists.known(("types", "tags"))
    channel = data["channel_id"]
    if channel.present and not isinstance(channel.value, str):
        raise channel.error("must be a channel id such as 'UC...'")
    return YouTubeSettings(
        wiki_page_url=_template(data["wiki_page_url"], {"title"}),
        site_page_url=_template(data["site_page_url"], {"id", "lang", "type"}),
        types=MappingProxyType(_type_collections(playlists["types"])),
        tags=MappingProxyType(_tag_collections(playlists["tags"])),
        costs=MappingProxyType(_costs(data.section("quota_costs"))),
        budget=data["budget"].whole_number(9000),
        retries=data["retries"].whole_number(3),
        channel_id=channel.optional_text(),
    )


def _template(setting: Setting, fields: set[str]) -> str:
    names = ", ".join("{" + name + "}" for name in sorted(fields))
    value = setting.value
    if not isinstance(value, str) or not value.startswith(("https://", "http://")):
        raise setting.error(
            f"must be set to a page address using {names}",
            f"such as https://example.org/{{{sorted(fields)[0]}}}",
        )
    try:
        used = {name for _, name, _, _ in string.Formatter().parse(value) if name is not None}
    except ValueError:
        raise setting.error("has an unmatched '{' or '}'") from None
    unknown = sorted(used - fields)
    if unknown:
        raise setting.error(f"uses {{{unknown[0]}}}; it may use {names}")
    return value


def _costs(given: Section) -> dict[Method, int]:
    costs = dict(DEFAULT_COSTS)
    names = [method.value for method in Method]
    for name in given.names():
        if name not in names:
            raise given[name].error(
                "is not a call the publisher makes", did_you_mean(name, names), at_key=True
            )
        cost = given[name]
        if not isinstance(cost.value, int) or isinstance(cost.value, bool) or cost.value < 1:
            raise cost.error(
                f"must be at least 1 unit, got {shown(cost.value)}",
                "write the units of Google's quota calculator, such as 50",
            )
        costs[Method(name)] = cost.value
    return costs


def _type_collections(setting: Setting) -> dict[DocType, Collection]:
    given = setting.section()
    given.known(tuple(kind.value for kind in DocType))
    collections = {}
    for kind in DocType:
        entry = given[kind.value]
        if entry.value is False:
            continue
        name = _TYPE_NAMES[kind]
        default = Collection(
            f"type:{kind.value}",
            f"Wiki Pakistan: {name}",
            f"Videos cited by the {name.lower()} of the Wiki Pakistan knowledge base.",
        )
        collections[kind] = _collection(entry, default)
    return collections


def _tag_collections(setting: Setting) -> dict[str, Collection]:
    named: list[tuple[Setting, object, Setting | None]]  # where, the tag, its own settings
    if isinstance(setting.value, list):
        named = [(entry, entry.value, None) for entry in setting.items()]
    else:
        given = setting.section()
        named = [(given[tag], tag, given[tag]) for tag in given.names()]
    collections = {}
    for where, tag, entry in named:
        if (
            not isinstance(tag, str)
            or not tag
            or tag.strip("abcdefghijklmnopqrstuvwxyz0123456789-")
        ):
            raise where.error(
                f"names {shown(tag)}, which is not a document tag",
                "write a tag as documents write it: lowercase letters, digits and '-'",
                at_key=True,
            )
        default = Collection(
            f"tag:{tag}",
            f"Wiki Pakistan: {tag.replace('-', ' ')}",
            f"Videos cited by the documents tagged '{tag}' in the Wiki Pakistan knowledge base.",
        )
        collections[tag] = _collection(entry, default)
    return collections


def _collection(entry: Setting | None, default: Collection) -> Collection:
    if entry is None:
        return default
    data = entry.section()
    data.known(_PLAYLIST_KEYS)
    title = data["title"].text(default.title)
    if len(title) > TITLE_LIMIT:
        raise data["title"].error(
            f"has {len(title)} characters; YouTube allows {TITLE_LIMIT}", "shorten it"
        )
    description = data["description"].value
    if description is None:
        description = default.description
    if not isinstance(description, str):
        raise data["description"].error(f"must be some text, got {shown(description)}")
    for text, name in ((title, "title"), (description, "description")):
        if "<" in text or ">" in text:
            raise data[name].error("contains '<' or '>', which YouTube refuses", "remove them")
    privacy = data["privacy"].choice([choice.value for choice in Privacy], default.privacy.value)
    return Collection(default.key, title, description, Privacy(privacy))
