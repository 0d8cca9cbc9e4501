"""The ``site:`` section of ``wikipk.yml``: what the static site build may be told."""

from __future__ import annotations

from dataclasses import dataclass

from wikipk.config import Config
from wikipk.config_file import Setting, shown

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
        ConfigError: a setting is unknown or has a wrong value (located in the file).
    """
    section = config.section("site")
    section.known(_KEYS)
    defaults = SiteSettings()
    return SiteSettings(
        url=_url(section["url"], defaults.url),
        title=section["title"].text(defaults.title),
        page_budget_kb=section["page_budget_kb"].whole_number(defaults.page_budget_kb, 1),
        listing_size=section["listing_size"].whole_number(defaults.listing_size, 1),
        feed_size=section["feed_size"].whole_number(defaults.feed_size, 1),
        image_widths=_widths(section["image_widths"], defaults.image_widths),
        search=section["search"].flag(defaults.search),
    )


def _url(setting: Setting, default: str) -> str:
    value = setting.text(default)
    if not value.startswith(("http://", "https://")):
        raise setting.error(
            f"must be an http:// or https:// address, got {shown(value)}",
            "write the address readers open, such as https://wikipakistan.example/",
        )
    return value if value.endswith("/") else value + "/"


def _widths(setting: Setting, default: tuple[int, ...]) -> tuple[int, ...]:
    if not setting.present:
        return default
    entries = setting.items()
    if not entries:
        raise setting.error("must list at least one width", "write widths such as [320, 640, 960]")
    return tuple(sorted({entry.whole_number(default[0], minimum=1) for entry in entries}))
