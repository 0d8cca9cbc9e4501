"""Pytest plugin: a real local MediaWiki per test session (``devwiki`` fixture).

A template instance is built once per machine (cached under ``~/.cache/wikipk``, keyed by the
devwiki code and the MediaWiki version; ``WIKIPK_DEVWIKI_TEMPLATE_CACHE=off`` builds it once per
session instead, any other value is the cache directory). Each session copies the template to a
temporary directory (about 10 ms) and serves it on a free port. If Debian's MediaWiki is not
installed the fixture fails (never skips) and says to run ``scripts/install-system-packages``.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import socket
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import mwclient
import pytest
import requests

from sync.devwiki import install as devwiki_install
from sync.devwiki import instance as dw
from sync.devwiki import server as devwiki_server
from sync.devwiki import settings as devwiki_settings
from sync.devwiki import snapshot as devwiki_snapshot

_CACHE_ENV = "WIKIPK_DEVWIKI_TEMPLATE_CACHE"
_START_ATTEMPTS = 3
_STALE_SECONDS = 24 * 3600


class DevWikiHandle:
    """A running devwiki for tests: URL, accounts, logged-in clients and a cheap reset.

    ``template`` is the pristine, never-started instance it was copied from; tests may
    :func:`sync.devwiki.instance.clone` it to get more instances cheaply.
    """

    def __init__(self, wiki: dw.DevWiki, template: Path) -> None:
        self.wiki = wiki
        self.template = template
        creds = dw.credentials(wiki)
        self.url = wiki.url
        self.api_url = wiki.api_url
        self.host = f"{dw.HOST}:{wiki.port}"
        self.bot_user = creds.bot_user
        self.bot_password = creds.bot_password
        self.admin_user = creds.admin_user
        self.admin_password = creds.admin_password
        self._sessions: list[requests.Session] = []

    def site(self, as_admin: bool = False) -> Any:
        """A logged-in ``mwclient.Site``: the bot (bot password) or the admin (an editor).

        The bot logs in with ``site.login`` (bot password); the admin with ``site.clientlogin``,
        since a main-account ``action=login`` makes the API (and mwclient) warn.
        """
        session = requests.Session()
        self._sessions.append(session)
        site = mwclient.Site(
            self.host,
            path="/",
            scheme="http",
            pool=session,
            max_retries=2,
            retry_timeout=1,
        )
        if as_admin:  # a human account: clientlogin, as action=login is deprecated for it
            site.clientlogin(username=self.admin_user, password=self.admin_password)
        else:
            site.login(self.bot_user, self.bot_password)
        return site

    def reset(self) -> None:
        """Return the wiki to empty; logged-in clients stay logged in."""
        dw.reset(self.wiki)

    def close(self) -> None:
        """Close the HTTP sessions of every client handed out."""
        for session in self._sessions:
            session.close()
        self._sessions.clear()


def _template_key() -> str:
    digest = hashlib.sha256()
    for module in (dw, devwiki_install, devwiki_server, devwiki_settings, devwiki_snapshot):
        digest.update(Path(str(module.__file__)).read_bytes())
    defines = Path(devwiki_settings.MEDIAWIKI_DIR, "includes", "Defines.php")
    digest.update(defines.read_bytes())
    return digest.hexdigest()[:16]


def _cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    setting = os.environ.get(_CACHE_ENV, "")
    if setting.lower() in ("off", "0", "no", "false"):
        return tmp_path_factory.mktemp("devwiki-template-cache")
    if setting:
        return Path(setting).expanduser()
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "wikipk"


def _template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The template instance, built if it is not cached yet (safe against parallel sessions)."""
    cache = _cache_dir(tmp_path_factory)
    template = cache / f"devwiki-template-{_template_key()}"
    if dw.exists(dw.instance(template)):
        os.utime(template)  # marks it as in use for _prune
        return template
    cache.mkdir(parents=True, exist_ok=True)
    build = cache / f".devwiki-build-{uuid.uuid4().hex}"
    try:
        dw.create(dw.instance(build))
        with contextlib.suppress(OSError):  # another session may have won the race
            build.rename(template)
    finally:
        shutil.rmtree(build, ignore_errors=True)
    _prune(cache, keep=template)
    return template


def _prune(cache: Path, keep: Path) -> None:
    """Remove templates of other code versions unused for a day (other checkouts may use them)."""
    for other in cache.glob("devwiki-template-*"):
        with contextlib.suppress(OSError):
            if other != keep and time.time() - other.stat().st_mtime > _STALE_SECONDS:
                shutil.rmtree(other, ignore_errors=True)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((dw.HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def _start_on_free_port(directory: Path) -> dw.DevWiki:
    for attempt in range(_START_ATTEMPTS):
        try:
            wiki, _ = dw.start(dw.instance(directory, _free_port()))
            return wiki
        except dw.DevWikiError as error:
            if not error.usage or attempt == _START_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def _start_session_wiki(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dw.DevWiki]:
    dw.check_system()
    template = _template(tmp_path_factory)
    directory = tmp_path_factory.mktemp("devwiki") / "wiki"
    dw.clone(template, directory)
    return template, _start_on_free_port(directory)


@pytest.fixture(scope="session")
def devwiki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevWikiHandle]:
    """A running throw-away MediaWiki for the whole test session (stopped at the end)."""
    problem = ""
    try:
        template, wiki = _start_session_wiki(tmp_path_factory)
    except dw.DevWikiError as error:
        problem = f"devwiki fixture: {error}"
    if problem:  # failed outside the except block: no chained traceback
        pytest.fail(problem, pytrace=False)
    handle = DevWikiHandle(wiki, template)
    try:
        yield handle
    finally:
        handle.close()
        dw.stop(wiki)


@pytest.fixture
def clean_devwiki(devwiki: DevWikiHandle) -> DevWikiHandle:
    """The session's wiki, reset to empty before the test."""
    devwiki.reset()
    return devwiki
