"""``wikipk serve``: the built site on 127.0.0.1, rebuilt whenever a file changes.

The server is the standard library's; a watcher thread polls the content, templates and
configuration every half second and rebuilds (reusing the cache, so a one-file change is quick).
A build that fails, for any reason, prints one line (or its problems) and keeps the previous site
up; the watcher goes on watching. Only files inside the output folder are ever answered: a path
that leaves it (``..``, a symbolic link) is a 404. SIGTERM stops the server as Ctrl+C does, so a
parent that ignores SIGINT (and so makes its children ignore it) can still stop it cleanly.
"""

from __future__ import annotations

import functools
import logging
import os
import signal
import sys
import threading
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from site_builder.build import ContentProblems, build_site
from site_builder.templates import template_folder
from wikipk.config import CONFIG_FILE, Config
from wikipk.errors import ConfigError, WikipkError
from wikipk.paths import display_path
from wikipk.problems import format_text

log = logging.getLogger(__name__)

DEFAULT_PORT = 8000
POLL_SECONDS = 0.5


_INDEX_PAGES = ("index.html", "index.htm")


class _Handler(SimpleHTTPRequestHandler):
    """Serves the site folder quietly, with the site's own 404 page, and nothing outside it."""

    def send_head(self) -> Any:
        if not self._inside(Path(self.translate_path(self.path))) or self._climbs():
            self.send_error(404, "File not found")
            return None
        return super().send_head()

    def _climbs(self) -> bool:
        """True when the path names a parent folder (``..``, also encoded as ``%2e%2e``)."""
        path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
        return ".." in path.replace("\\", "/").split("/")

    def _inside(self, path: Path) -> bool:
        """True when ``path`` (and the index page a folder answers with) resolves inside the
        site folder, after following every symbolic link."""
        root = Path(self.directory).resolve()
        pages = [path, *(path / name for name in _INDEX_PAGES)] if path.is_dir() else [path]
        try:
            return all(
                page.resolve().is_relative_to(root)
                for page in pages
                if page.exists() or page.is_symlink()
            )
        except (OSError, RuntimeError):  # a link that leads to itself, an unreadable folder
            return False

    def handle(self) -> None:
        try:
            super().handle()
        except ConnectionError:  # the reader went away (a phone lost its signal): nothing to do
            log.debug("%s closed the connection", self.address_string())

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s %s", self.address_string(), format % args)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file() or not self._inside(page):
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    """The standard server, which says in one line (not a traceback) that a request failed."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        error = sys.exc_info()[1]
        log.debug("the request failed", exc_info=True)
        log.error(
            "a request from %s failed: %s (%s)", client_address[0], error, type(error).__name__
        )


def make_server(folder: Path, port: int) -> ThreadingHTTPServer:
    """An HTTP server for ``folder`` on 127.0.0.1 (port 0 picks a free one)."""
    handler = functools.partial(_Handler, directory=str(folder.absolute()))
    return _Server(("127.0.0.1", port), handler)


def snapshot(paths: list[Path]) -> dict[str, tuple[int, int]]:
    """Modification time and size of every file below ``paths``."""
    found = {}
    for path in _files(paths):
        try:
            stat = path.stat()
        except OSError:
            continue
        found[str(path)] = (stat.st_mtime_ns, stat.st_size)
    return found


def _files(paths: list[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_file():
            yield path
        for folder, _dirs, files in os.walk(path):
            for name in files:
                yield Path(folder) / name


def rebuild(config: Config, out: Path, echo: Callable[[str], None]) -> bool:
    """Build once, printing the outcome; True when the site was rebuilt.

    Never raises an ``Exception``: whatever stops the build is said in one line (a bug's
    traceback is logged for ``-v``), and the previous site stays.
    """
    try:
        report = build_site(config, out, offline=False)  # a preview; no ZIM files
    except ContentProblems as error:
        echo(format_text(error.problems))
        echo("the site was not rebuilt; fix the problems above and save again")
        return False
    except WikipkError as error:  # a template, a setting, a link leading out of the content
        echo(error.explained("the site was not rebuilt"))
        return False
    except OSError as error:
        place = f"{display_path(Path(error.filename))}: " if error.filename else ""
        echo(f"{place}{error.strerror or error}; the site was not rebuilt")
        return False
    except Exception as error:  # a bug must not stop the watcher: say it, keep the old site
        log.info("the rebuild failed", exc_info=True)
        echo(
            f"internal error while rebuilding ({type(error).__name__}); the site was not "
            "rebuilt. Run 'wikipk -v serve' to see the details, and please report it."
        )
        return False
    noun = "document" if report.rendered == 1 else "documents"
    echo(f"rebuilt in {report.seconds:.1f} s ({report.rendered} {noun} rendered)")
    return True


def watch(
    config: Config,
    out: Path,
    stop: threading.Event,
    echo: Callable[[str], None],
    reload: Callable[[], Config] | None = None,
) -> None:
    """Rebuild whenever the content, the templates or the configuration change, until ``stop``.

    ``reload`` reads the configuration again before each rebuild (so that a change to
    ``wikipk.yml`` takes effect); a wrong configuration is said in one line, and the watcher
    goes on with the last good one.
    """
    watched = [config.content_dir, template_folder(config.root), config.root / CONFIG_FILE]
    seen = snapshot(watched)
    while not stop.wait(POLL_SECONDS):
        now = snapshot(watched)
        if now != seen:
            seen = now
            try:
                config = reload() if reload else config
            except ConfigError as error:
                echo(error.explained("the site was not rebuilt"))
                continue
            rebuild(config, out, echo)


def serve_site(
    config: Config,
    out: Path,
    server: ThreadingHTTPServer,
    echo: Callable[[str], None],
    reload: Callable[[], Config] | None = None,
) -> None:
    """Build, serve on ``server`` (see :func:`make_server`) and rebuild on changes until
    interrupted (Ctrl+C) or terminated (SIGTERM)."""
    rebuild(config, out, echo)
    out.mkdir(parents=True, exist_ok=True)
    stop = threading.Event()
    watcher = threading.Thread(
        target=watch, args=(config, out, stop, echo, reload), name="wikipk-watch", daemon=True
    )
    with server, _stopped_by_sigterm(server):
        address = f"http://127.0.0.1:{server.server_address[1]}/"
        echo(f"Serving {display_path(out)}/ on {address} (Ctrl+C stops)")
        watcher.start()
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            stop.set()
            watcher.join()
    echo("stopped")


@contextmanager
def _stopped_by_sigterm(server: ThreadingHTTPServer) -> Iterator[None]:
    """Within the block, SIGTERM shuts the server down (from another thread: ``shutdown``
    waits for ``serve_forever`` to return). Only the main thread may set a signal handler."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def shut_down(_signal: int, _frame: object) -> None:
        threading.Thread(target=server.shutdown, name="wikipk-stop").start()

    previous = signal.signal(signal.SIGTERM, shut_down)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
