"""The ``youtube:`` section of ``wikipk.yml``: costs, budget, playlists and the links to write."""

from __future__ import annotations

import enum
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from wikipk.config import CONFIG_FILE, Config
from wikipk.errors import ConfigError
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


def load_settings(config: Config) -> YouTubeSettings:
    """Read and check the ``youtube:`` section of the configuration.

    Raises:
        ConfigError: a setting is missing or wrong; the message names it and the fix.
    """
    data = _mapping(config.extra.get("youtube", {}), "youtube")
    _known(data, _KEYS, "youtube")
    playlists = _mapping(data.get("playlists", {}), "youtube.playlists")
    _known(playlists, ("types", "tags"), "youtube.playlists")
    channel = data.get("channel_id")
    if channel is not None and not isinstance(channel, str):
        raise _error("youtube.channel_id", "must be a channel id such as 'UC...'")
    return YouTubeSettings(
        wiki_page_url=_template(data, "wiki_page_url", {"title"}),
        site_page_url=_template(data, "site_page_url", {"id", "lang", "type"}),
        types=MappingProxyType(_type_collections(playlists.get("types", {}))),
        tags=MappingProxyType(_tag_collections(playlists.get("tags", {}))),
        costs=MappingProxyType(_costs(data.get("quota_costs", {}))),
        budget=_count(data, "budget", 9000),
        retries=_count(data, "retries", 3),
        channel_id=channel,
    )


def _error(key: str, problem: str) -> ConfigError:
    return ConfigError(f"{CONFIG_FILE}: '{key}' {problem}")


def _mapping(value: Any, key: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _error(key, "must be a mapping of settings")
    return value


def _known(data: dict[str, Any], keys: tuple[str, ...], where: str) -> None:
    for key in data:
        if key not in keys:
            hint = did_you_mean(str(key), keys)
            raise _error(f"{where}.{key}", "is not a setting" + (f"; {hint}" if hint else ""))


def _count(data: dict[str, Any], key: str, default: int) -> int:
    value = data.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise _error(f"youtube.{key}", f"must be a whole number, got {value!r}")
    return value


def _template(data: dict[str, Any], key: str, fields: set[str]) -> str:
    names = ", ".join("{" + name + "}" for name in sorted(fields))
    value = data.get(key)
    if not isinstance(value, str) or not value.startswith(("https://", "http://")):
        raise _error(f"youtube.{key}", f"must be set to a page address using {names}")
    try:
        used = {name for _, name, _, _ in string.Formatter().parse(value) if name is not None}
    except ValueError:
        raise _error(f"youtube.{key}", "has an unmatched '{' or '}'") from None
    unknown = sorted(used - fields)
    if unknown:
        raise _error(f"youtube.{key}", f"uses {{{unknown[0]}}}; it may use {names}")
    return value


def _costs(value: Any) -> dict[Method, int]:
    costs = dict(DEFAULT_COSTS)
    names = [method.value for method in Method]
    for name, cost in _mapping(value, "youtube.quota_costs").items():
        if name not in names:
            hint = did_you_mean(str(name), names)
            raise _error(
                f"youtube.quota_costs.{name}",
                "is not a call the publisher makes" + (f"; {hint}" if hint else ""),
            )
        if not isinstance(cost, int) or isinstance(cost, bool) or cost < 1:
            raise _error(f"youtube.quota_costs.{name}", f"must be at least 1 unit, got {cost!r}")
        costs[Method(name)] = cost
    return costs


def _type_collections(value: Any) -> dict[DocType, Collection]:
    given = _mapping(value, "youtube.playlists.types")
    _known(given, tuple(kind.value for kind in DocType), "youtube.playlists.types")
    collections = {}
    for kind in DocType:
        entry = given.get(kind.value, {})
        if entry is False:
            continue
        name = _TYPE_NAMES[kind]
        default = Collection(
            f"type:{kind.value}",
            f"Wiki Pakistan: {name}",
            f"Videos cited by the {name.lower()} of the Wiki Pakistan knowledge base.",
        )
        collections[kind] = _collection(entry, default, f"youtube.playlists.types.{kind.value}")
    return collections


def _tag_collections(value: Any) -> dict[str, Collection]:
    if isinstance(value, list):
        value = {tag: {} for tag in value}
    given = _mapping(value, "youtube.playlists.tags")
    collections = {}
    for tag, entry in given.items():
        if (
            not isinstance(tag, str)
            or not tag
            or tag.strip("abcdefghijklmnopqrstuvwxyz0123456789-")
        ):
            raise _error("youtube.playlists.tags", f"names {tag!r}, which is not a document tag")
        default = Collection(
            f"tag:{tag}",
            f"Wiki Pakistan: {tag.replace('-', ' ')}",
            f"Videos cited by the documents tagged '{tag}' in the Wiki Pakistan knowledge base.",
        )
        collections[tag] = _collection(entry or {}, default, f"youtube.playlists.tags.{tag}")
    return collections


def _collection(entry: Any, default: Collection, key: str) -> Collection:
    data = _mapping(entry, key)
    _known(data, _PLAYLIST_KEYS, key)
    title = data.get("title", default.title)
    description = data.get("description", default.description)
    privacy = data.get("privacy", default.privacy.value)
    if not isinstance(title, str) or not title.strip():
        raise _error(f"{key}.title", "must be a text")
    if len(title) > TITLE_LIMIT:
        raise _error(f"{key}.title", f"has {len(title)} characters; YouTube allows {TITLE_LIMIT}")
    if not isinstance(description, str):
        raise _error(f"{key}.description", "must be a text")
    for text, name in ((title, "title"), (description, "description")):
        if "<" in text or ">" in text:
            raise _error(f"{key}.{name}", "contains '<' or '>', which YouTube refuses")
    if privacy not in [choice.value for choice in Privacy]:
        raise _error(f"{key}.privacy", "must be public, unlisted or private")
    return Collection(default.key, title, description, Privacy(privacy))
