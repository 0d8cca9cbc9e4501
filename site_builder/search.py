"""The Pagefind search index, fed plain text straight from the records.

Pagefind's own crawler parses every HTML page; here each document is handed over as one record
of plain text (its title, summary and body, already extracted from the tokens), which is far
lighter. The records go to ``pagefind --service`` over its documented pipe protocol, written and
read concurrently: the packaged Python wrapper waits 0.1 s between responses, which alone would
take 17 minutes at 10,000 documents. Premium documents give only their title and summary.

One index holds both languages, so one search box finds English and Urdu words alike.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from site_builder.errors import SiteError

log = logging.getLogger(__name__)

_INDEX_LANGUAGE = "en"
"""Every record is indexed under one language, so one index serves both."""


@dataclass(frozen=True)
class SearchRecord:
    """One document as the search index sees it."""

    url: str
    """Root-relative page URL."""
    title: str
    lang: str
    text: str
    """Title, summary and (public documents only) body, as plain text."""


class SearchError(SiteError):
    """Pagefind is missing or refused the index."""


def pagefind_binary() -> Path:
    """The Pagefind executable shipped by the ``pagefind[bin]`` package.

    Raises:
        SearchError: the package is not installed.
    """
    try:
        from pagefind_bin import get_executable  # type: ignore[import-untyped]
    except ImportError:
        raise SearchError(
            "the search index needs Pagefind: pip install 'pagefind[bin]' "
            "(or set 'site: {search: false}' in wikipk.yml)"
        ) from None
    return Path(get_executable())


def build_index(records: Iterable[SearchRecord], out: Path) -> int:
    """Index the records and write Pagefind's files into ``out``; return the record count.

    Raises:
        SearchError: Pagefind failed.
    """
    with tempfile.TemporaryFile() as errors:
        service = _Service(pagefind_binary(), errors)
        try:
            index_id = int(service.call({"type": "NewIndex", "config": {}})["index_id"])
            count = service.call_many(_add_requests(records, index_id))
            service.call({"type": "WriteFiles", "index_id": index_id, "output_path": str(out)})
        finally:
            service.close()
    return count


def _add_requests(records: Iterable[SearchRecord], index_id: int) -> Iterable[dict[str, Any]]:
    for record in records:
        yield {
            "type": "AddRecord",
            "index_id": index_id,
            "url": record.url,
            "content": record.text,
            "language": _INDEX_LANGUAGE,
            "meta": {"title": record.title, "lang": record.lang},
            "filters": None,
            "sort": None,
        }


class _Service:
    """A ``pagefind --service`` process: base64 JSON messages, each ended by a comma."""

    def __init__(self, binary: Path, errors: IO[bytes]) -> None:
        self._process = subprocess.Popen(
            [str(binary), "--service"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=errors,
            bufsize=0,
            cwd=tempfile.gettempdir(),
        )
        self._errors = errors
        self._next_id = 0
        self._buffer = bytearray()

    def call(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Send one request and wait for its answer."""
        self._send(payload)
        return self._check(self._receive())

    def call_many(self, payloads: Iterable[dict[str, Any]]) -> int:
        """Send many requests from a thread while this one reads the answers (a pipe that
        nobody reads would fill up and stall both sides); return how many were sent."""
        requests = list(payloads)

        def write() -> None:
            try:
                for payload in requests:
                    self._send(payload)
            except OSError:  # the service died; the reading side reports why
                return

        writer = threading.Thread(target=write, name="pagefind-writer", daemon=True)
        writer.start()
        try:
            for _ in requests:
                self._check(self._receive())
        except BaseException:
            self._process.kill()
            raise
        finally:
            writer.join()
        return len(requests)

    def _send(self, payload: dict[str, Any]) -> None:
        self._next_id += 1
        message = {"message_id": self._next_id, "payload": payload}
        assert self._process.stdin is not None
        self._process.stdin.write(base64.b64encode(json.dumps(message).encode()) + b",")
        self._process.stdin.flush()

    def _receive(self) -> dict[str, Any]:
        assert self._process.stdout is not None
        while True:
            end = self._buffer.find(b",")
            if end >= 0:
                message = bytes(self._buffer[:end])
                del self._buffer[: end + 1]
                data: dict[str, Any] = json.loads(base64.b64decode(message))
                return data
            more = os.read(self._process.stdout.fileno(), 65536)
            if not more:
                raise SearchError(f"Pagefind stopped: {self._stderr()}")
            self._buffer += more

    def _check(self, response: dict[str, Any]) -> dict[str, Any]:
        payload: dict[str, Any] = response.get("payload") or {}
        if payload.get("type") == "Error":
            raise SearchError(f"Pagefind refused the index: {payload.get('message')}")
        return payload

    def _stderr(self) -> str:
        self._errors.seek(0)
        return self._errors.read().decode("utf-8", "replace").strip() or "no message"

    def close(self) -> None:
        """End the service process."""
        if self._process.stdin:
            self._process.stdin.close()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        if self._process.stdout:
            self._process.stdout.close()


def adopt(source: Path, target: Path) -> None:
    """Move a freshly written index into place (replacing an older one)."""
    if target.exists():
        shutil.rmtree(target)
    source.rename(target)
