"""The Pagefind search index, fed plain text straight from the records.

Pagefind's own crawler parses every HTML page; here each document is handed over as one record
of plain text (its title, summary and body, already extracted from the tree), which is far
lighter. The records go to ``pagefind --service`` over its documented pipe protocol, written and
read concurrently: the packaged Python wrapper waits 0.1 s between responses, which alone would
take 17 minutes at 10,000 documents. Premium documents give only their title and summary.

The index's files are asked for (``GetFiles``) and written here, not by Pagefind
(``WriteFiles``): Pagefind 1.5 acknowledges ``WriteFiles`` before its last writes reach the disk,
and a service that ends right after leaves a file cut short (Pagefind issue 1271).

One index holds both languages, so one search box finds English and Urdu words alike.
"""

from __future__ import annotations

import base64
import contextlib
import json
import logging
import os
import queue
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
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
    with IndexBuilder() as builder:
        for record in records:
            builder.add(record)
        return builder.write(out)


class IndexBuilder:
    """A Pagefind index that takes each record as soon as it is known (Pagefind indexes it
    meanwhile, on another core than the one rendering pages) and writes its files at the end.

    Raises:
        SearchError: Pagefind is missing (when created) or failed (from :meth:`write`).
    """

    def __init__(self) -> None:
        self._sent = 0
        self._broken = False
        self._written = False
        binary = pagefind_binary()
        self._errors = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())
        self._service = _Service(binary, self._errors)
        try:
            answer = self._service.check(self._service.call({"type": "NewIndex", "config": {}}))
        except BaseException:
            self.close()
            raise
        self._index = int(answer["index_id"])
        self._answers: queue.SimpleQueue[dict[str, Any] | None] = queue.SimpleQueue()
        self._reader = threading.Thread(target=self._read, name="pagefind-reader", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        """Take Pagefind's answers off its pipe as they come (a pipe that nobody reads would
        fill up and stall both sides); None says the service stopped."""
        try:
            while True:
                self._answers.put(self._service.receive())
        except (SearchError, OSError, ValueError):
            self._answers.put(None)

    def add(self, record: SearchRecord) -> None:
        """Send one record to the index."""
        if self._broken:
            return
        try:
            self._service.send(_add_request(record, self._index))
        except OSError:  # the service died; write() reports why
            self._broken = True
            return
        self._sent += 1

    def write(self, out: Path, leave_out: Iterable[str] = ()) -> int:
        """Wait for every record to be indexed, write the index into ``out`` (but the files
        whose name holds one of ``leave_out``); the record count.

        Raises:
            SearchError: Pagefind failed.
        """
        for _ in range(self._sent):
            self._service.check(self._answer())
        if self._broken:
            self._answer()  # the service died: its answer is the end of the pipe
        self._service.send({"type": "GetFiles", "index_id": self._index})
        files = self._service.check(self._answer()).get("files")
        if not isinstance(files, list) or not files:
            raise SearchError("Pagefind refused the index: it gave no files")
        self._written = True
        skipped = tuple(leave_out)
        folders: set[Path] = set()
        for file in files:
            path = PurePosixPath(file["path"])
            if path.is_absolute() or ".." in path.parts:
                raise SearchError(f"Pagefind refused the index: a file outside it ({path})")
            if any(part in path.name for part in skipped):
                continue
            target = out.joinpath(*path.parts)
            if target.parent not in folders:
                target.parent.mkdir(parents=True, exist_ok=True)
                folders.add(target.parent)
            target.write_bytes(base64.b64decode(file["content"]))
        return self._sent

    def _answer(self) -> dict[str, Any]:
        answer = self._answers.get()
        if answer is None:
            raise SearchError(f"Pagefind stopped: {self._service.stderr()}")
        return answer

    def close(self) -> None:
        """End the service (killed when the index was not written) and free its files."""
        self._service.close(kill=not self._written)
        self._errors.close()

    def __enter__(self) -> IndexBuilder:
        return self

    def __exit__(self, *error: object) -> None:
        self.close()


def _add_request(record: SearchRecord, index_id: int) -> dict[str, Any]:
    return {
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
        """Send one request and wait for its answer (before answers are read by a thread)."""
        self.send(payload)
        return self.receive()

    def send(self, payload: dict[str, Any]) -> None:
        """Send one request."""
        self._next_id += 1
        message = {"message_id": self._next_id, "payload": payload}
        assert self._process.stdin is not None
        self._process.stdin.write(base64.b64encode(json.dumps(message).encode()) + b",")

    def receive(self) -> dict[str, Any]:
        """The next answer.

        Raises:
            SearchError: the service stopped.
        """
        assert self._process.stdout is not None
        scanned = 0  # the index's files come as one message of megabytes: look at each byte once
        while True:
            end = self._buffer.find(b",", scanned)
            if end >= 0:
                message = bytes(self._buffer[:end])
                del self._buffer[: end + 1]
                data: dict[str, Any] = json.loads(base64.b64decode(message))
                return data
            scanned = len(self._buffer)
            more = os.read(self._process.stdout.fileno(), 1 << 20)
            if not more:
                raise SearchError(f"Pagefind stopped: {self.stderr()}")
            self._buffer += more

    def check(self, response: dict[str, Any]) -> dict[str, Any]:
        """The payload of an answer.

        Raises:
            SearchError: Pagefind refused the request.
        """
        payload: dict[str, Any] = response.get("payload") or {}
        if payload.get("type") == "Error":
            raise SearchError(f"Pagefind refused the index: {payload.get('message')}")
        return payload

    def stderr(self) -> str:
        """What the service wrote on its error stream."""
        self._errors.seek(0)
        return self._errors.read().decode("utf-8", "replace").strip() or "no message"

    def close(self, kill: bool = False) -> None:
        """End the service process (killed when asked, or when it does not end by itself)."""
        if kill:
            self._process.kill()
        if self._process.stdin:
            with contextlib.suppress(OSError):  # a dead service's pipe is already broken
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
