"""A fault-injecting HTTP proxy in front of the dev wiki, for the tests of wikipk's retries.

Each :class:`Rule` picks requests by their API action (and optionally by a parameter) and, for
its next ``times`` matches, answers with an HTTP status of its own, or drops the connection
before forwarding (the wiki never saw the request) or after (the wiki did the work, the answer
is lost). Every request's body is recorded, so a test can check what a retry resent.
"""

from __future__ import annotations

import contextlib
import http.client
import re
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

_HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "host"}
_MULTIPART_FIELD = re.compile(rb'name="([^"]+)"\r\n\r\n([^\r]{0,200})\r\n')


@dataclass
class Rule:
    """What to do to the next ``times`` requests of API action ``action``."""

    action: str
    fault: str
    """``status`` (answer ``status`` with ``body``), ``drop-before``, ``drop-after``,
    ``cut-after`` (forward, then send half the answer and close), or ``slow`` (forward, then
    wait ``delay`` seconds before answering)."""
    times: int = 1
    status: int = 503
    body: bytes = b"<html><head><title>Down for maintenance</title></head></html>"
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    param: tuple[str, str] | None = None
    """Only requests whose parameter (name, value) is this (value ``*``: any value)."""
    without: str = ""
    """Only requests without this parameter."""


@dataclass(frozen=True)
class Seen:
    """One request the proxy received."""

    method: str
    params: dict[str, str]
    body: bytes
    fault: str = ""
    """The fault injected into it ("" when forwarded untouched)."""


class WikiProxy:
    """A proxy on 127.0.0.1 that forwards to ``upstream`` (host:port) and injects faults."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream
        self.rules: list[Rule] = []
        self.seen: list[Seen] = []
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        """The proxy's address, to use as ``WIKIPK_WIKI_URL``."""
        return f"http://127.0.0.1:{self._server.server_address[1]}/"

    def add(self, rule: Rule) -> Rule:
        """Inject ``rule``'s fault into the next requests it matches."""
        with self._lock:
            self.rules.append(rule)
        return rule

    def requests(self, action: str) -> list[Seen]:
        """The requests seen for an API action, in order."""
        return [seen for seen in self.seen if seen.params.get("action") == action]

    def close(self) -> None:
        """Stop serving."""
        self._server.shutdown()
        self._server.server_close()

    def _take(self, params: dict[str, str]) -> Rule | None:
        with self._lock:
            for rule in self.rules:
                if rule.times <= 0 or params.get("action") != rule.action:
                    continue
                name, value = rule.param or ("", "*")
                if name and (params.get(name) is None or value not in ("*", params[name])):
                    continue
                if rule.without and rule.without in params:
                    continue
                rule.times -= 1
                return rule
        return None


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        """A client that gave up on a slow answer is expected: say nothing."""


def _params(path: str, body: bytes, content_type: str) -> dict[str, str]:
    query = urllib.parse.urlsplit(path).query
    params = dict(urllib.parse.parse_qsl(query))
    if content_type.startswith("application/x-www-form-urlencoded"):
        params.update(urllib.parse.parse_qsl(body.decode("utf-8", "replace")))
    elif content_type.startswith("multipart/form-data"):
        for name, value in _MULTIPART_FIELD.findall(body):
            params.setdefault(name.decode(), value.decode("utf-8", "replace"))
    return params


def _handler(proxy: WikiProxy) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version: ClassVar[str] = "HTTP/1.1"  # type: ignore[misc]

        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            self._relay()

        def do_POST(self) -> None:
            self._relay()

        def _relay(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            params = _params(self.path, body, self.headers.get("Content-Type", ""))
            rule = proxy._take(params)
            proxy.seen.append(Seen(self.command, params, body, rule.fault if rule else ""))
            if rule and rule.fault == "status":
                headers = [("Content-Type", rule.content_type), *rule.headers.items()]
                self._answer(rule.status, rule.body, headers)
                return
            if rule and rule.fault == "drop-before":
                self.close_connection = True
                return
            status, headers, answer = self._forward(body)
            if rule and rule.fault == "drop-after":
                self.close_connection = True
                return
            if rule and rule.fault == "cut-after":
                self.close_connection = True
                self._answer(status, answer, headers, cut=True)
                return
            if rule and rule.fault == "slow":
                time.sleep(rule.delay)
            self._answer(status, answer, headers)

        def _forward(self, body: bytes) -> tuple[int, list[tuple[str, str]], bytes]:
            upstream = http.client.HTTPConnection(proxy.upstream, timeout=60)
            headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
            headers.pop("Accept-Encoding", None)
            headers["Content-Length"] = str(len(body))
            try:
                upstream.request(self.command, self.path, body if body else None, headers)
                response = upstream.getresponse()
                answer = response.read()
                kept = [(k, v) for k, v in response.getheaders() if k.lower() not in _HOP_BY_HOP]
                return response.status, kept, answer
            finally:
                upstream.close()

        def _answer(
            self, status: int, body: bytes, headers: list[tuple[str, str]], cut: bool = False
        ) -> None:
            self.send_response(status)
            for name, value in headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2] if cut else body)

    return Handler


@contextlib.contextmanager
def wiki_proxy(upstream: str) -> Iterator[WikiProxy]:
    """A running proxy in front of ``upstream`` (host:port), stopped afterwards."""
    proxy = WikiProxy(upstream)
    try:
        yield proxy
    finally:
        proxy.close()
