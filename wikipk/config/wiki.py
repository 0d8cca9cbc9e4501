"""The ``wiki:`` section of ``wikipk.yml``: where the wiki is, how the publisher logs in, and the
wiki's own names.

The login in the file (``url``, ``user``, ``password_file``: a file outside git) can be
overridden by the environment (``WIKIPK_WIKI_URL``, ``WIKIPK_WIKI_USER``,
``WIKIPK_WIKI_PASSWORD``); the wiki publisher joins the two (``sync/wiki/client.py``). The
password itself is never part of the configuration: only the name of its file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from wikipk.config.file import Section, user_path

DEFAULT_SITE_NAME = "Wiki Pakistan"


@dataclass(frozen=True)
class WikiNaming:
    """The names a wiki gives pages besides MediaWiki's defaults (``wikipk.wiki_titles``)."""

    site_name: str = DEFAULT_SITE_NAME
    """The wiki's name, which is also its project namespace."""
    namespaces: tuple[str, ...] = ()
    """Extra namespaces (``$wgExtraNamespaces``), numbered from 100."""
    interwiki: tuple[str, ...] = ()
    """Extra interwiki prefixes."""


@dataclass(frozen=True)
class WikiSection:
    """The ``wiki:`` section as ``wikipk.yml`` gives it (the environment may override the login)."""

    url: str | None = None
    """The wiki's base URL (``https://wiki.example.org/w/``); ``api.php`` lives there."""
    user: str | None = None
    """The bot password login name (``PushBot@wikipk``)."""
    password_file: Path | None = None
    """The file that holds the bot password (outside git), relative to the knowledge base."""
    max_retries: int = 5
    """How often a failed request is retried (5xx, 429, timeouts, dropped connections, lag,
    rate limits)."""
    retry_timeout: int = 5
    """Seconds to wait before the n-th retry, times n - 1 (or what ``Retry-After`` asks)."""
    timeout: float = 30.0
    """Seconds before one request counts as timed out."""
    naming: WikiNaming = field(default_factory=WikiNaming)
    """The wiki's own names."""


_KEYS = (
    "url",
    "user",
    "password_file",
    "max_retries",
    "retry_timeout",
    "timeout",
    "site_name",
    "namespaces",
    "interwiki",
)


def read_wiki_naming(section: Section) -> WikiNaming:
    """The wiki's names from its section (every command checks page titles against them).

    Raises:
        ConfigError: ``site_name``, ``namespaces`` or ``interwiki`` has the wrong type (located).
    """
    return WikiNaming(
        site_name=section["site_name"].text(DEFAULT_SITE_NAME),
        namespaces=tuple(section["namespaces"].texts("[Portal, Portal talk]")),
        interwiki=tuple(section["interwiki"].texts("[osm]")),
    )


def read_wiki(section: Section, root: Path, naming: WikiNaming) -> WikiSection:
    """The whole ``wiki:`` section; every setting is checked, also those the environment
    overrides.

    Args:
        section: the section, as read from the file.
        root: the knowledge base's folder, which a relative ``password_file`` starts from.
        naming: the wiki's names, read already by :func:`read_wiki_naming`.

    Raises:
        ConfigError: a setting is unknown or of a wrong type (located in the file).
    """
    section.known(_KEYS)
    defaults = WikiSection()
    url = section["url"].optional_text()
    user = section["user"].optional_text()
    password_file = section["password_file"].optional_text()
    return WikiSection(
        url=url,
        user=user,
        password_file=None if password_file is None else user_path(root, password_file),
        max_retries=section["max_retries"].whole_number(defaults.max_retries),
        retry_timeout=section["retry_timeout"].whole_number(defaults.retry_timeout),
        timeout=section["timeout"].number(defaults.timeout),
        naming=naming,
    )
