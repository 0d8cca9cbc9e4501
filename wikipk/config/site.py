"""The ``site:`` section of ``wikipk.yml``: what the static site build may be told.

One setting reads outside the section: ``edit_on_wiki`` links each public document to its page
on the wiki named by ``wiki: url:`` (the address the publisher writes to). The environment's
``WIKIPK_WIKI_URL`` is never read here: a build must not change with the shell it runs in (the
dev wiki's login would put 127.0.0.1 links in a public site).
"""

from __future__ import annotations

from dataclasses import dataclass

from wikipk.config.file import Section, Setting, shown

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
    edit_on_wiki: bool = False
    """Offer "Improve this page on Wiki Pakistan" (its edit link on the wiki) on the page of
    every public document."""
    zim: bool = False
    """Write the offline edition's ZIM files too (``zim:`` names and describes them)."""
    wiki_url: str = ""
    """The wiki's folder (of ``index.php`` and ``api.php``), ending in ``/``: ``wiki: url:``,
    read when :attr:`edit_on_wiki` is on (else empty)."""


_KEYS = (
    "url",
    "title",
    "page_budget_kb",
    "listing_size",
    "feed_size",
    "image_widths",
    "search",
    "edit_on_wiki",
    "zim",
)


def read_site(settings: Section) -> SiteSettings:
    """The ``site:`` section of the whole file ``settings`` (all defaults when it is absent).

    Raises:
        ConfigError: a setting is unknown or has a wrong value (located in the file).
    """
    section = settings.section("site")
    section.known(_KEYS)
    defaults = SiteSettings()
    edit = section["edit_on_wiki"].flag(defaults.edit_on_wiki)
    return SiteSettings(
        url=_url(section["url"], defaults.url),
        title=section["title"].text(defaults.title),
        page_budget_kb=section["page_budget_kb"].whole_number(defaults.page_budget_kb, 1),
        listing_size=section["listing_size"].whole_number(defaults.listing_size, 1),
        feed_size=section["feed_size"].whole_number(defaults.feed_size, 1),
        image_widths=_widths(section["image_widths"], defaults.image_widths),
        search=section["search"].flag(defaults.search),
        edit_on_wiki=edit,
        zim=section["zim"].flag(defaults.zim),
        wiki_url=_wiki_url(settings, section["edit_on_wiki"]) if edit else "",
    )


def _url(setting: Setting, default: str, example: str = "https://wikipakistan.example/") -> str:
    value = setting.text(default)
    if not value.startswith(("http://", "https://")):
        raise setting.error(
            f"must be an http:// or https:// address, got {shown(value)}",
            f"write the address readers open, such as {example}",
        )
    return value if value.endswith("/") else value + "/"


def _wiki_url(settings: Section, edit_on_wiki: Setting) -> str:
    """The wiki's address for edit links: ``wiki: url:`` of the file (never the environment),
    checked as an address; the rest of the ``wiki:`` section is the wiki publisher's."""
    setting = settings.section("wiki")["url"]
    if not setting.present:
        raise edit_on_wiki.error(
            "needs the wiki's address, and 'wiki.url' is not set",
            "add 'url:' under 'wiki:': the wiki's folder that holds index.php and api.php, "
            "such as https://wiki.example.org/w/",
        )
    return _url(setting, "", "https://wiki.example.org/w/")


def _widths(setting: Setting, default: tuple[int, ...]) -> tuple[int, ...]:
    if not setting.present:
        return default
    entries = setting.items()
    if not entries:
        raise setting.error("must list at least one width", "write widths such as [320, 640, 960]")
    return tuple(sorted({entry.whole_number(default[0], minimum=1) for entry in entries}))
