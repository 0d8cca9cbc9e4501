"""Throw-away local MediaWiki ("Wiki Pakistan" dev instance) for the demo and the tests.

Debian's MediaWiki 1.39 with SQLite, served by ``php -S`` on 127.0.0.1. The whole state of an
instance lives in one directory (``.wikipk/devwiki`` by default): ``LocalSettings.php`` (used
through ``MW_CONFIG_FILE``), ``data/`` (SQLite), ``images/``, ``cache/``, ``logs/``,
``pristine/`` (copies restored by :func:`reset`), ``credentials.json`` (mode 0600) and, while
running, ``server.json``. Instances are relocatable: a copy works in any directory on any port.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from sync.devwiki import install, server, settings, snapshot
from sync.devwiki.errors import DevWikiError as DevWikiError  # raised by every function
from sync.devwiki.errors import InstallError, ServerStartError

log = logging.getLogger(__name__)

DEFAULT_DIR = Path(".wikipk/devwiki")
DEFAULT_PORT = 8080
HOST = "127.0.0.1"
INSTALL_HINT = "run scripts/install-system-packages as root"

RSVG_CONVERT = "/usr/bin/rsvg-convert"
_PHP_MODULES = ("pdo_sqlite", "intl", "mbstring", "dom", "xml", "fileinfo")
_RUNTIME_FILES = ("server.json", "server.log")


@dataclasses.dataclass(frozen=True)
class DevWiki:
    """A devwiki instance: its directory and the port it is (to be) served on."""

    dir: Path
    port: int = DEFAULT_PORT

    @property
    def url(self) -> str:
        """Base URL of the wiki, e.g. ``http://127.0.0.1:8080/``."""
        return f"http://{HOST}:{self.port}/"

    @property
    def api_url(self) -> str:
        """URL of ``api.php``."""
        return f"{self.url}api.php"

    @property
    def settings_file(self) -> Path:
        """The instance's ``LocalSettings.php`` (``MW_CONFIG_FILE``)."""
        return self.dir / "LocalSettings.php"


@dataclasses.dataclass(frozen=True)
class Credentials:
    """Accounts of an instance. ``bot_user`` is the bot-password login (``PushBot@wikipk``)."""

    admin_user: str
    admin_password: str
    bot_user: str
    bot_password: str


@dataclasses.dataclass(frozen=True)
class Status:
    """What :func:`status` found. ``wiki.port`` is the live port while running."""

    wiki: DevWiki
    exists: bool
    running: bool
    pid: int | None = None


def instance(directory: Path | str | None = None, port: int | None = None) -> DevWiki:
    """Describe the instance in ``directory`` (default ``.wikipk/devwiki``), made absolute."""
    path = Path(directory) if directory is not None else DEFAULT_DIR
    return DevWiki(path.expanduser().resolve(), DEFAULT_PORT if port is None else port)


def exists(wiki: DevWiki) -> bool:
    """Whether ``wiki.dir`` holds a created instance."""
    return (wiki.dir / install.CREDENTIALS_FILE).is_file() and wiki.settings_file.is_file()


def check_system(*, php_modules: bool = False) -> str:
    """Check that PHP and Debian's MediaWiki are installed.

    Args:
        php_modules: Also check the PHP extensions MediaWiki needs (runs ``php -m``).

    Returns:
        The absolute path of the PHP binary.

    Raises:
        DevWikiError: Something is missing; the message says how to install it.
    """
    php = shutil.which("php")
    needed = [Path(settings.MEDIAWIKI_DIR, "maintenance/install.php"), Path(RSVG_CONVERT)]
    missing = [str(path) for path in needed if not path.exists()]
    if php is None:
        missing.insert(0, "php")
    elif php_modules:
        missing += _missing_php_modules(php)
    if php is None or missing:
        raise DevWikiError(
            f"The devwiki needs MediaWiki, PHP and librsvg ({', '.join(missing)} not found); "
            f"{INSTALL_HINT}."
        )
    return php


def _missing_php_modules(php: str) -> list[str]:
    result = subprocess.run([php, "-m"], capture_output=True, text=True, check=False)
    loaded = set(result.stdout.lower().split())
    return [f"PHP module {name}" for name in _PHP_MODULES if name not in loaded]


def credentials(wiki: DevWiki) -> Credentials:
    """Read the accounts of an instance from its ``credentials.json``.

    Raises:
        DevWikiError: The instance does not exist or its credentials file is damaged.
    """
    _require_exists(wiki)
    path = wiki.dir / install.CREDENTIALS_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Credentials(
            **{field.name: data[field.name] for field in dataclasses.fields(Credentials)}
        )
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise DevWikiError(f"{path} is unreadable ({error}); delete the instance.") from error


def status(wiki: DevWiki) -> Status:
    """Tell whether the instance exists and runs; a stale ``server.json`` is removed."""
    record = _read_server_record(wiki)
    if record is None:
        return Status(wiki, exists(wiki), running=False)
    pid, port = record
    if server.is_server(pid, wiki.dir / "router.php"):
        return Status(dataclasses.replace(wiki, port=port), True, running=True, pid=pid)
    log.debug("removing stale server record of pid %d", pid)
    (wiki.dir / "server.json").unlink(missing_ok=True)
    return Status(wiki, exists(wiki), running=False)


def running_url(directory: Path | str | None = None) -> str | None:
    """The URL of the dev wiki in ``directory`` (default ``.wikipk/devwiki``) when it runs."""
    try:
        current = status(instance(directory))
    except (DevWikiError, OSError):
        return None
    return current.wiki.url if current.running else None


def login_hint(url: str) -> str:
    """How to log in to the dev wiki running at ``url``."""
    return f'the dev wiki runs at {url}: eval "$(wikipk devwiki env)" logs in to it'


def create(wiki: DevWiki) -> None:
    """Create a fresh instance in ``wiki.dir`` (which must not exist yet).

    Built in a temporary sibling directory and renamed into place, so an interrupted
    creation leaves nothing half-made behind.

    Raises:
        DevWikiError: Missing system packages, existing directory or a failing installer.
    """
    php = check_system(php_modules=True)
    if wiki.dir.exists() and (not wiki.dir.is_dir() or any(wiki.dir.iterdir())):
        raise DevWikiError(f"{wiki.dir} exists and is not a devwiki instance.", usage=True)
    wiki.dir.parent.mkdir(parents=True, exist_ok=True)
    build = Path(tempfile.mkdtemp(prefix=f".{wiki.dir.name}.creating-", dir=wiki.dir.parent))
    try:
        install.build(php, build, HOST)
        with contextlib.suppress(FileNotFoundError):
            wiki.dir.rmdir()  # an empty directory given by the user
        build.rename(wiki.dir)
    except InstallError as error:
        raise DevWikiError(f"Creating the devwiki failed: {error}.") from error
    finally:
        shutil.rmtree(build, ignore_errors=True)
    log.info("created devwiki in %s", wiki.dir)


def start(wiki: DevWiki, *, workers: int = 2, timeout: float = 30.0) -> tuple[DevWiki, bool]:
    """Start the server (creating the instance first if needed); return once the API answers.

    Args:
        wiki: The instance and the port to serve it on.
        workers: ``PHP_CLI_SERVER_WORKERS`` (1 means a single process).
        timeout: Seconds to wait for the server and the API.

    Returns:
        The running instance (with its live port) and whether this call started it
        (False if it was already running).

    Raises:
        DevWikiError: The port is taken (``usage=True``) or the server failed.
    """
    current = status(wiki)
    if current.running:
        return current.wiki, False
    php = check_system()
    if not current.exists:
        create(wiki)
    pid = _spawn(php, wiki, workers)
    try:
        server.wait_listening(pid, wiki.dir / "logs" / "server.log", f"{HOST}:{wiki.port}", timeout)
        server.wait_api(wiki.api_url, timeout)
    except ServerStartError as error:
        _stop_pid(wiki, pid)
        if error.port_in_use:
            raise DevWikiError(
                f"Port {wiki.port} on {HOST} is already in use by another process; "
                "stop it or choose another port with --port.",
                usage=True,
            ) from error
        raise DevWikiError(f"The devwiki server failed to start: {error}.") from error
    except BaseException:  # e.g. Ctrl-C while waiting: leave no server behind
        _stop_pid(wiki, pid)
        raise
    log.info("devwiki running at %s (pid %d)", wiki.url, pid)
    return wiki, True


def _spawn(php: str, wiki: DevWiki, workers: int) -> int:
    env = {**os.environ, "MW_CONFIG_FILE": str(wiki.settings_file)}
    env.pop("PHP_CLI_SERVER_WORKERS", None)
    if workers > 1:
        env["PHP_CLI_SERVER_WORKERS"] = str(workers)
    (wiki.dir / "logs").mkdir(exist_ok=True)
    log_path = wiki.dir / "logs" / "server.log"
    router = wiki.dir / "router.php"
    pid = server.spawn(php, settings.MEDIAWIKI_DIR, router, HOST, wiki.port, env, log_path)
    record = json.dumps({"pid": pid, "port": wiki.port})
    (wiki.dir / "server.json").write_text(record + "\n", encoding="utf-8")
    return pid


def stop(wiki: DevWiki) -> DevWiki | None:
    """Stop the server and all its workers.

    Returns:
        The instance as it was running (with its port), or None if it was not running.
    """
    current = status(wiki)
    if not current.running or current.pid is None:
        return None
    _stop_pid(wiki, current.pid)
    log.info("devwiki at %s stopped", wiki.dir)
    return current.wiki


def _stop_pid(wiki: DevWiki, pid: int) -> None:
    server.stop_group(pid)
    (wiki.dir / "server.json").unlink(missing_ok=True)


def reset(wiki: DevWiki) -> None:
    """Return the wiki to its freshly created state, running or not.

    The databases and ``images/`` are replaced from ``pristine/`` (each database atomically).
    Cached data is dropped from ``wikicache.sqlite`` but sessions are kept, so logged-in
    clients stay logged in. Page and revision IDs are reused afterwards.

    Raises:
        DevWikiError: The instance does not exist or has no pristine copy.
    """
    _require_exists(wiki)
    if not snapshot.has_pristine(wiki.dir):
        raise DevWikiError(
            f"{wiki.dir} has no pristine copy to reset to; delete it and start again."
        )
    snapshot.restore(wiki.dir)
    log.info("devwiki at %s reset", wiki.dir)


def clone(source: Path, target: Path) -> None:
    """Copy the instance in ``source`` to the new directory ``target`` (without runtime files)."""
    ignore = shutil.ignore_patterns(*_RUNTIME_FILES)
    shutil.copytree(source, target, symlinks=True, ignore=ignore)


def _require_exists(wiki: DevWiki) -> None:
    if not exists(wiki):
        raise DevWikiError(
            f"There is no devwiki in {wiki.dir}; create it with `wikipk devwiki start`.", usage=True
        )


def _read_server_record(wiki: DevWiki) -> tuple[int, int] | None:
    try:
        data = json.loads((wiki.dir / "server.json").read_text(encoding="utf-8"))
        return int(data["pid"]), int(data["port"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
