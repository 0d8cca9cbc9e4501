"""The ``php -S`` process of a devwiki instance: spawn it in its own process group, wait until
it listens and the API answers, stop the whole group.

Linux only (reads ``/proc``). The server runs in a new session, so its process group ID equals
its PID and stopping the group also ends the ``PHP_CLI_SERVER_WORKERS`` workers.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import logging
import os
import re
import signal
import time
import urllib.error
import urllib.request
from pathlib import Path

from sync.devwiki.errors import ServerStartError

log = logging.getLogger(__name__)

_POLL_SECONDS = 0.02
_LISTEN_FAILED = re.compile(r"Failed to listen on (\S+) \(reason: ([^)]*)\)")

#: PHP settings for the built-in server; PHP's CLI defaults limit uploads to 2 MB.
PHP_FLAGS = (
    "-d",
    "upload_max_filesize=64M",
    "-d",
    "post_max_size=64M",
    "-d",
    "memory_limit=512M",
)


def spawn(
    php: str, docroot: str, router: Path, host: str, port: int, env: dict[str, str], log_path: Path
) -> int:
    """Start ``php -S`` detached in a new session, with output going to ``log_path``.

    Args:
        php: Absolute path of the PHP binary.
        docroot: Document root (the MediaWiki installation).
        router: Router script of the instance.
        host: Address to listen on.
        port: Port to listen on.
        env: Full environment of the server process.
        log_path: Server log, truncated first.

    Returns:
        The PID of the server, which is also its process group ID.
    """
    argv = [php, *PHP_FLAGS, "-q", "-S", f"{host}:{port}", "-t", docroot, str(router)]
    file_actions = [
        (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
        (os.POSIX_SPAWN_OPEN, 1, str(log_path), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644),
        (os.POSIX_SPAWN_DUP2, 1, 2),
    ]
    pid = os.posix_spawn(php, argv, env, file_actions=file_actions, setsid=True)
    log.debug("spawned php -S on %s:%d as pid %d", host, port, pid)
    return pid


def wait_listening(pid: int, log_path: Path, address: str, timeout: float) -> None:
    """Wait until the server's own log says it started listening on ``address`` (host:port).

    A probe of the port alone is not enough: another server on the same port would answer it.

    Raises:
        ServerStartError: The server exited (port taken or other error) or timed out.
    """
    started = f"Development Server (http://{address}) started"
    deadline = time.monotonic() + timeout
    while True:
        alive = group_alive(pid)  # before reading: a server that just exited has its last words
        text = log_path.read_text(encoding="utf-8", errors="replace")
        if started in text:
            return
        failed = _LISTEN_FAILED.search(text)
        if failed:
            raise ServerStartError(failed.group(0), port_in_use="in use" in failed.group(2))
        if not alive:
            last = text.strip().splitlines()[-1:] or ["no output"]
            raise ServerStartError(f"php -S exited: {last[0]}")
        if time.monotonic() > deadline:
            raise ServerStartError(f"php -S did not start listening within {timeout:.0f} s")
        time.sleep(_POLL_SECONDS)


def wait_api(api_url: str, timeout: float) -> None:
    """Wait until ``api.php`` answers a siteinfo query with JSON.

    Raises:
        ServerStartError: No valid answer within ``timeout`` seconds.
    """
    query = f"{api_url}?action=query&meta=siteinfo&format=json"
    deadline = time.monotonic() + timeout
    last_error = "no answer"
    while time.monotonic() < deadline:
        try:
            remaining = max(0.5, deadline - time.monotonic())
            with urllib.request.urlopen(query, timeout=remaining) as response:
                if "query" in json.loads(response.read()):
                    return
                last_error = "unexpected answer"
        except (OSError, http.client.HTTPException, ValueError) as error:
            last_error = _describe(error)
        time.sleep(_POLL_SECONDS * 5)
    raise ServerStartError(f"the wiki API did not answer within {timeout:.0f} s ({last_error})")


def _describe(error: Exception) -> str:
    if isinstance(error, urllib.error.HTTPError):
        error.close()
        return f"HTTP {error.code}"
    return str(error)


def group_members(pgid: int) -> list[int]:
    """PIDs of the live (non-zombie) processes in process group ``pgid``."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text(encoding="ascii", errors="replace")
        except OSError:
            continue
        # Fields after the ")" that ends the command name: state, ppid, pgrp, ...
        fields = stat[stat.rfind(")") + 2 :].split()
        if len(fields) > 2 and fields[0] != "Z" and int(fields[2]) == pgid:
            members.append(int(entry.name))
    return members


def group_alive(pgid: int) -> bool:
    """Whether any non-zombie process remains in process group ``pgid``."""
    return bool(group_members(pgid))


def is_server(pid: int, router: Path) -> bool:
    """Whether ``pid`` is a live ``php -S`` serving ``router`` (guards against PID reuse)."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return b"-S" in cmdline and os.fsencode(router) in cmdline and group_alive(pid)


def stop_group(pgid: int, timeout: float = 5.0) -> None:
    """Terminate process group ``pgid`` (SIGTERM, then SIGKILL) and reap it if it is our child."""
    _signal_group(pgid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while group_alive(pgid):
        _reap(pgid)
        if time.monotonic() > deadline:
            log.warning("process group %d ignored SIGTERM; sending SIGKILL", pgid)
            _signal_group(pgid, signal.SIGKILL)
            deadline = time.monotonic() + timeout
        time.sleep(_POLL_SECONDS / 2)
    _reap(pgid)


def _signal_group(pgid: int, signum: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signum)


def _reap(pid: int) -> None:
    """Collect the exit status of ``pid`` if it is a finished child of this process."""
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
