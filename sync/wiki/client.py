"""Connecting to the wiki: settings, credentials, and the one factory of ``mwclient.Site``.

Credentials come from the environment (``WIKIPK_WIKI_URL``, ``WIKIPK_WIKI_USER``,
``WIKIPK_WIKI_PASSWORD``) or from the ``wiki:`` section of ``wikipk.yml`` (``config.wiki``:
``url``, ``user``, and ``password_file``: a file outside git). The password never appears in a
message, a log line, an exception or a plan.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import mwclient
import mwclient.errors

from sync.wiki.errors import WikiError
from sync.wiki.transport import Site, WikiFault
from wikipk import __version__
from wikipk.config import Config

__all__ = [
    "USER_AGENT",
    "WikiError",
    "WikiFault",
    "WikiSettings",
    "check_rights",
    "connect",
    "is_http_url",
    "new_site",
    "wiki_settings",
]

log = logging.getLogger(__name__)

USER_AGENT = f"wikipk/{__version__} (Wiki Pakistan publisher)"
"""How every request of wikipk's to a wiki introduces itself."""


@dataclass(frozen=True)
class WikiSettings:
    """Where the wiki is and how the publisher logs in."""

    url: str
    """The wiki's base URL (``https://wiki.example.org/w/``); ``api.php`` lives there."""
    user: str
    """The bot password login name (``PushBot@wikipk``)."""
    password: str = field(repr=False)
    """The bot password; never shown."""
    max_retries: int = 5
    """How often a failed request is retried (5xx, 429, timeouts, dropped connections, lag,
    rate limits)."""
    retry_timeout: int = 5
    """Seconds to wait before the n-th retry, times n - 1 (or what ``Retry-After`` asks)."""
    timeout: float = 30.0
    """Seconds before one request counts as timed out."""

    @property
    def bot_name(self) -> str:
        """The account name that appears in page histories (the part before ``@``)."""
        return self.user.split("@", 1)[0]


def wiki_settings(config: Config, environ: dict[str, str] | None = None) -> WikiSettings | None:
    """Settings from the environment, else from ``wikipk.yml``; None when none are given.

    Raises:
        WikiError: settings are given but incomplete, or the password file cannot be read.
        ConfigError: a setting of the ``wiki:`` section is unknown or of a wrong type (located);
            every setting of the file is checked, also those the environment overrides.
    """
    env = os.environ if environ is None else environ
    section = config.wiki
    url = env.get("WIKIPK_WIKI_URL") or section.url
    user = env.get("WIKIPK_WIKI_USER") or section.user
    password = env.get("WIKIPK_WIKI_PASSWORD") or _password_file(section.password_file)
    if not (url or user or password):
        return None
    missing = [
        name
        for name, value in (
            ("WIKIPK_WIKI_URL", url),
            ("WIKIPK_WIKI_USER", user),
            ("WIKIPK_WIKI_PASSWORD", password),
        )
        if not value
    ]
    if missing:
        raise WikiError(
            f"the wiki login is incomplete: set {', '.join(missing)} "
            "(or url, user and password_file in the wiki section of wikipk.yml)"
        )
    return WikiSettings(
        str(url),
        str(user),
        str(password),
        section.max_retries,
        section.retry_timeout,
        section.timeout,
    )


def _password_file(path: Path | None) -> str | None:
    if path is None:
        return None
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError as error:
        raise WikiError(f"cannot read the wiki password file {path}: {error.strerror}") from None


def is_http_url(url: str) -> bool:
    """Whether ``url`` is an http:// or https:// address with a host."""
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def new_site(url: str, *, do_init: bool = True, timeout: float = 30.0, **retries: int) -> Site:
    """The one factory of the wiki's client: the wiki at ``url`` (an http(s) address, see
    :func:`is_http_url`; ``api.php`` lives there), with wikipk's user agent, not logged in.

    Args:
        do_init: read the wiki's site info now (a request; mwclient's ``do_init``).
        timeout: seconds before one request counts as timed out.
        retries: ``max_retries`` and ``retry_timeout`` (default: mwclient's).

    Raises:
        WikiFault: with ``do_init``, the wiki gave no usable answer.
    """
    parts = urlsplit(url)
    if not is_http_url(url):
        raise ValueError(f"not an http(s) address: {url!r}")
    return Site(
        parts.netloc,
        path=parts.path if parts.path.endswith("/") else parts.path + "/",
        scheme=parts.scheme,
        do_init=do_init,
        clients_useragent=USER_AGENT,
        connection_options={"timeout": timeout},
        **retries,
    )


def connect(settings: WikiSettings) -> mwclient.Site:
    """Log in to the wiki and return the client.

    Raises:
        WikiError: the wiki is unreachable, is not a MediaWiki, or refuses the login.
    """
    if not is_http_url(settings.url):
        raise WikiError(f"the wiki URL '{settings.url}' is not an http(s) address")
    try:
        site = new_site(
            settings.url,
            timeout=settings.timeout,
            max_retries=settings.max_retries,
            retry_timeout=settings.retry_timeout,
        )
        site.login(settings.user, settings.password)
    except mwclient.errors.LoginError:
        raise WikiError(
            f"the wiki at {settings.url} refused the login of '{settings.user}': check the bot "
            "password's name and secret (WIKIPK_WIKI_USER, WIKIPK_WIKI_PASSWORD)"
        ) from None
    except WikiFault as fault:
        raise WikiError(fault.sentence().replace(fault.url, settings.url, 1)) from None
    except mwclient.errors.MwClientError:
        raise WikiError(f"{settings.url} does not answer like a MediaWiki API") from None
    return site


def check_rights(site: mwclient.Site, needed: tuple[str, ...]) -> None:
    """Fail before any write when the account lacks a right the plan needs.

    Raises:
        WikiError: a right is missing.
    """
    rights = set(site.rights)
    missing = [right for right in needed if right not in rights]
    if missing:
        raise WikiError(
            f"the wiki account lacks the right(s) {', '.join(missing)}; give its bot password "
            "the grants for editing, creating and moving pages, uploading and deleting"
        )
