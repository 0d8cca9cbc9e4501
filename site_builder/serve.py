"""``wikipk serve``: the built site on 127.0.0.1, rebuilt whenever a file changes.

The server is the standard library's; a watcher thread polls the content, templates and
configuration every half second and rebuilds (reusing the cache, so a one-file change is quick).
A build that fails prints its problems and keeps the previous site up.
"""

from __future__ import annotations

import functools
import logging
import os
import threading
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from site_builder.build import ContentProblems, build_site
from site_builder.errors import SiteError
from site_builder.templates import template_folder
from wikipk.config import CONFIG_FILE, Config
from wikipk.errors import ConfigError, explained
from wikipk.problems import format_text

log = logging.getLogger(__name__)

DEFAULT_PORT = 8000
POLL_SECONDS = 0.5


class _Handler(SimpleHTTPRequestHandler):
    """Serves the site folder quietly, with the site's own 404 page."""

    def handle(self) -> None:
        try:
            super().handle()
        except ConnectionError:  # the reader went away (a phone lost its signal): nothing to do
            log.debug("%s closed the connection", self.address_string())

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s %s", self.address_string(), format % args)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def make_server(folder: Path, port: int) -> ThreadingHTTPServer:
    """An HTTP server for ``folder`` on 127.0.0.1 (port 0 picks a free one)."""
    handler = functools.partial(_Handler, directory=str(folder.absolute()))
    return ThreadingHTTPServer(("127.0.0.1", port), handler)


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
    """Build once, printing the outcome; True when the site was rebuilt."""
    try:
        report = build_site(config, out)
    except ContentProblems as error:
        echo(format_text(error.problems))
        echo("the site was not rebuilt; fix the problems above and save again")
        return False
    except (SiteError, ConfigError) as error:
        echo(explained(error, "the site was not rebuilt"))
        return False
    noun = "document" if report.rendered == 1 else "documents"
    echo(f"rebuilt in {report.seconds:.1f} s ({report.rendered} {noun} rendered)")
    return True


def watch(config: Config, out: Path, stop: threading.Event, echo: Callable[[str], None]) -> None:
    """Rebuild whenever the content, the templates or the configuration change, until ``stop``."""
    watched = [config.content_dir, template_folder(config.root), config.root / CONFIG_FILE]
    seen = snapshot(watched)
    while not stop.wait(POLL_SECONDS):
        now = snapshot(watched)
        if now != seen:
            seen = now
            rebuild(config, out, echo)


def serve_site(config: Config, out: Path, port: int, echo: Callable[[str], None]) -> None:
    """Build, serve on 127.0.0.1 and rebuild on changes until interrupted."""
    rebuild(config, out, echo)
    out.mkdir(parents=True, exist_ok=True)
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(config, out, stop, echo), daemon=True)
    with make_server(out, port) as server:
        echo(f"Serving {out}/ on http://127.0.0.1:{server.server_address[1]}/ (Ctrl+C stops)")
        watcher.start()
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            echo("stopped")
        finally:
            stop.set()
            watcher.join()
