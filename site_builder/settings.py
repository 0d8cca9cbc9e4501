"""The ``site:`` section of ``wikipk.yml``: what the static site build may be told."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wikipk.config import CONFIG_FILE, Config
from wikipk.errors import ConfigError
from wikipk.problems import did_you_mean

DEFAULT_URL = "https://wikipakistan.example/"


@dataclass(frozen=True)
class SiteSettings:
    """How the static site is built."""

    url: str = DEFAULT_URL
    """The public address the site is served from, ending in ``/`` (feeds, sitemap, Open Graph)."""
    title: str = "Wiki Pakistan"
    """The site's name, shown in every page's header and title."""
    page_budget_kb: int = 50
    """Largest page, with its CSS and scripts but without images and fonts, in KB (1,000 bytes)."""
    listing_size: int = 50
    """Documents per listing page (listings are paginated so no page grows with the site)."""
    feed_size: int = 50
    """Entries in the Atom feed: the most recently updated documents."""
    image_widths: tuple[int, ...] = (320, 640, 960)
    """Widths raster images are resized to (never enlarged)."""
    search: bool = True
    """Build the Pagefind search index."""


_KEYS = ("url", "title", "page_budget_kb", "listing_size", "feed_size", "image_widths", "search")


def site_settings(config: Config) -> SiteSettings:
    """Read the ``site:`` section of the configuration (all defaults when it is absent).

    Raises:
        ConfigError: a setting is unknown or has a wrong value.
    """
    data = config.extra.get("site") or {}
    if not isinstance(data, dict):
        raise ConfigError(f"{CONFIG_FILE}: 'site' must be a mapping of settings")
    for key in data:
        if key not in _KEYS:
            hint = did_you_mean(str(key), _KEYS)
            raise ConfigError(
                f"{CONFIG_FILE}: unknown setting 'site.{key}'" + (f"; {hint}" if hint else "")
            )
    defaults = SiteSettings()
    return SiteSettings(
        url=_url(data.get("url", defaults.url)),
        title=_text(data, "title", defaults.title),
        page_budget_kb=_count(data, "page_budget_kb", defaults.page_budget_kb),
        listing_size=_count(data, "listing_size", defaults.listing_size),
        feed_size=_count(data, "feed_size", defaults.feed_size),
        image_widths=_widths(data.get("image_widths", list(defaults.image_widths))),
        search=_flag(data, "search", defaults.search),
    )


def _url(value: Any) -> str:
    if not isinstance(value, str) or not value.startswith(("http://", "https://")):
        raise ConfigError(
            f"{CONFIG_FILE}: 'site.url' must be an http:// or https:// address, got {value!r}"
        )
    return value if value.endswith("/") else value + "/"


def _text(data: dict[str, Any], key: str, default: str) -> str:
    value = data.get(key, default)
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{CONFIG_FILE}: 'site.{key}' must be some text, got {value!r}")
    return value


def _count(data: dict[str, Any], key: str, default: int) -> int:
    value = data.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ConfigError(
            f"{CONFIG_FILE}: 'site.{key}' must be a whole number above 0, got {value!r}"
        )
    return value


def _flag(data: dict[str, Any], key: str, default: bool) -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        raise ConfigError(f"{CONFIG_FILE}: 'site.{key}' must be true or false, got {value!r}")
    return value


def _widths(value: Any) -> tuple[int, ...]:
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in value)
    ):
        raise ConfigError(
            f"{CONFIG_FILE}: 'site.image_widths' must be a list of widths in pixels, "
            f"such as [320, 640, 960], got {value!r}"
        )
    return tuple(sorted(set(value)))
