"""Sending requests to the wiki: every retry resends the whole request, and a fault says what
the wiki answered.

:class:`Site` is mwclient's ``Site`` with its request loop (``raw_call``) replaced, keeping its
settings and its sleeper (``max_retries``, ``retry_timeout``: the n-th retry waits
``retry_timeout * (n - 1)`` seconds, or longer when the wiki says so). mwclient's own loop
retried an upload with the file object it had already read to its end, so the wiki received an
empty file; it did not retry 429 nor honour ``Retry-After``; and after its last retry it raised
an HTTP error that said nothing of what the wiki answered.

Retried: connections refused or dropped, answers not received in time or cut midway, HTTP
5xx, HTTP 429, and database lag. Not retried: other HTTP errors, and an answer that is not the
API's JSON (the address is not the API's). Either way the request ends in :class:`WikiFault`,
whose message says what the wiki answered.
"""

from __future__ import annotations

import email.utils
import html
import http
import logging
import re
import time
from typing import Any

import mwclient
import mwclient.errors
import requests
import urllib3.exceptions

from sync.wiki.errors import WikiError

log = logging.getLogger(__name__)

MAX_WAIT = 120.0
"""The longest wait between retries, in seconds, whatever ``Retry-After`` asks."""

_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)


class WikiFault(WikiError, mwclient.errors.MwClientError):  # type: ignore[misc]
    """The wiki gave no usable answer to a request, after the retries it deserved."""

    def __init__(self, url: str, answer: str, tries: int = 1, transient: bool = True) -> None:
        """
        Args:
            url: the wiki's address.
            answer: what it did, after "the wiki" ("answered HTTP 503 Service Unavailable").
            tries: how many times the request was sent.
            transient: whether a later run may well succeed (else the address is wrong).
        """
        self.url = url
        self.answer = answer
        self.tries = tries
        self.transient = transient
        super().__init__(self.sentence())

    @property
    def unreachable(self) -> bool:
        """Whether nothing answered at the wiki's address at all."""
        return self.answer == _UNREACHABLE

    def said(self) -> str:
        """What happened, as a clause: "the wiki answered HTTP 503 ..., 3 times"."""
        times = f", {self.tries} times" if self.tries > 1 else ""
        return f"the wiki {self.answer}{times}"

    def sentence(self) -> str:
        """The fault in one sentence for the user, with what to do."""
        if self.unreachable:
            return f"cannot reach the wiki at {self.url}; is it running?"
        times = f", {self.tries} times" if self.tries > 1 else ""
        if self.transient:
            hint = "it may be down for maintenance or overloaded: run again later"
        else:
            hint = "check the wiki's address: it must be the folder that holds api.php"
        return f"the wiki at {self.url} {self.answer}{times}; {hint}"


_UNREACHABLE = "could not be reached"


class Site(mwclient.Site):  # type: ignore[misc]
    """mwclient's Site with whole retries, described faults, and ``ratelimited`` retried."""

    def handle_api_result(
        self, info: dict[str, Any], kwargs: Any = None, sleeper: Any = None
    ) -> bool:
        error = info.get("error") if isinstance(info, dict) else None
        if isinstance(error, dict) and error.get("code") == "ratelimited":
            log.info("the wiki asked to slow down (ratelimited); waiting")
            (sleeper or self.sleepers.make()).sleep()
            return False
        return bool(super().handle_api_result(info, kwargs, sleeper))

    @property
    def address(self) -> str:
        """The wiki's address, as messages name it."""
        return f"{self.scheme}://{self.host}{self.path}"

    def raw_call(
        self,
        script: str,
        data: Any,
        files: Any = None,
        retry_on_error: bool = True,
        http_method: str = "POST",
    ) -> str:
        """Send a request until the wiki answers it, and return the answer's text.

        mwclient asks for its first request (``site_init``) not to be retried, so that a wrong
        address fails at once: here only a refused connection fails at once, and a 503 or a
        dropped connection is retried as on any other request.

        Raises:
            WikiFault: the wiki gave no usable answer (after the retries, for transient faults).
        """
        whole = _whole(files)
        sleeper = self.sleepers.make((script, data))
        while True:
            try:
                return self._send(script, data, whole, http_method)
            except _Retry as retry:
                fault = retry.fault
                fault.tries = sleeper.retries + 1
                if not fault.transient or (fault.unreachable and not retry_on_error):
                    raise WikiFault(
                        self.address, fault.answer, fault.tries, fault.transient
                    ) from None
                try:
                    sleeper.sleep(retry.wait)
                except mwclient.errors.MaximumRetriesExceeded:
                    raise WikiFault(self.address, fault.answer, fault.tries) from None
                log.info("%s; tried again (retry %d)", fault.said(), sleeper.retries)

    def _send(self, script: str, data: Any, files: Any, http_method: str) -> str:
        url = f"{self.address}{script}{self.ext}"
        args = dict(self.requests)
        args["headers"] = {"Accept-Encoding": "gzip"} if self.compress else {}
        args["files"] = files
        args["params" if http_method == "GET" else "data"] = data
        try:
            answer = self.connection.request(http_method, url, **args)
        except requests.exceptions.Timeout:
            raise self._retry(f"gave no answer within {self.requests['timeout']:g} s") from None
        except requests.exceptions.ConnectionError as error:
            raise self._retry(_connection_fault(error)) from None
        except (requests.exceptions.ChunkedEncodingError, requests.exceptions.ContentDecodingError):
            raise self._retry("closed the connection in the middle of its answer") from None
        except requests.exceptions.TooManyRedirects:
            raise self._retry("sent redirects without end", transient=False) from None
        if answer.headers.get("x-database-lag"):
            raise self._retry("is lagging behind its database", _retry_after(answer))
        status = answer.status_code
        if status == 200 and (script != "api" or "json" in answer.headers.get("content-type", "")):
            return str(answer.text)
        said = f"answered HTTP {status} {_reason(answer)}"
        if status == 200:
            said = f"answered {_not_json(answer)} instead of the API's JSON"
        transient = status >= 500 or status == 429
        raise self._retry(said, _retry_after(answer), transient)

    def _retry(self, answer: str, wait: float = 0.0, transient: bool = True) -> _Retry:
        return _Retry(WikiFault(self.address, answer, transient=transient), wait)


class _Retry(Exception):
    def __init__(self, fault: WikiFault, wait: float) -> None:
        super().__init__(fault.answer)
        self.fault = fault
        self.wait = wait


def _whole(files: Any) -> Any:
    """The parts of an upload as bytes, so that every retry sends all of them again."""
    if not files:
        return files
    return {name: _whole_part(part) for name, part in files.items()}


def _whole_part(part: Any) -> Any:
    if isinstance(part, tuple):
        return (part[0], _bytes(part[1]), *part[2:])
    return _bytes(part)


def _bytes(body: Any) -> Any:
    """A file object's bytes from its start (mwclient hands in files at their start, and may
    hand in the same file again when it retries an upload the wiki refused for a while)."""
    if not hasattr(body, "read"):
        return body
    if body.seekable():
        body.seek(0)
    return body.read()


def _connection_fault(error: requests.exceptions.ConnectionError) -> str:
    reason = getattr(error.args[0] if error.args else None, "reason", None)
    if isinstance(reason, urllib3.exceptions.NewConnectionError):
        return _UNREACHABLE
    return "closed the connection without an answer"


def _reason(answer: requests.Response) -> str:
    try:
        return http.HTTPStatus(answer.status_code).phrase
    except ValueError:
        return str(answer.reason or "")


def _not_json(answer: requests.Response) -> str:
    kind = answer.headers.get("content-type", "").split(";")[0].strip() or "no content type"
    if "html" not in kind:
        return f"HTTP 200 with {kind}"
    match = _TITLE.search(answer.text)
    title = " ".join(html.unescape(match.group(1)).split())[:80] if match else ""
    return f"HTTP 200 with an HTML page (“{title}”)" if title else "HTTP 200 with an HTML page"


def _retry_after(answer: requests.Response) -> float:
    """The wait the answer asks for (``Retry-After``: seconds or a date), at most MAX_WAIT."""
    value = answer.headers.get("retry-after", "").strip()
    if not value:
        return 0.0
    if value.isdigit():
        return min(float(value), MAX_WAIT)
    try:
        when = email.utils.parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError):
        return 0.0
    return min(max(0.0, when - time.time()), MAX_WAIT)
