"""A publish with nothing to do, known from one anonymous request to the wiki.

A run that ends with the wiki matching every desired page records (:class:`Published`) where
the wiki's recent changes stood just before it read that state, a fingerprint of its input
files (:mod:`sync.wiki.inputs`), a salted digest of its login, and its all-unchanged plan as
printed in each format. The next run may skip logging in, loading, rendering and reading every
page when three things hold: no input file was touched since (sizes and times, not contents,
are compared), the login is the one recorded, and the wiki's newest recent change is still the
one recorded, so nothing on the wiki was edited, created, moved, deleted, uploaded or
relabelled since. Its plan is then the recorded one, printed as it was. Whatever is not so, or
cannot be asked (a wiki that refuses anonymous reads, one that does not answer), sends the run
down the ordinary path, which logs in and reads the wiki; nothing here ever decides a write.

This module is imported before anything heavy (no HTTP library beyond the standard one, no
MediaWiki client, no plan model, no Markdown), and its records are named tuples (quicker to
define than dataclasses), so that such a run costs little more than the request.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import logging
import os
import secrets
import urllib.parse
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from sync.wiki.inputs import Inputs, inputs_untouched
from wikipk import __version__
from wikipk.cache_files import read_json, write_json

log = logging.getLogger(__name__)

PUBLISHED_FILE = Path(".wikipk") / "cache" / "wiki-published.json"

RECENT_CHANGE = {
    "action": "query",
    "list": "recentchanges",
    "rctype": "edit|new|log",
    "rcprop": "ids|timestamp",
    "rclimit": "1",
    "format": "json",
    "formatversion": "2",
}
"""The question: the newest edit, page creation or logged action (moves, deletions, uploads,
page languages). Category-membership entries are left out: the job queue adds them later."""

TIMEOUT = 10.0

PLAN_HEAD = ("wiki", "summary", "force", "prune")
"""The first keys of a plan's JSON: what a run with nothing to do fills in afresh."""


class RecentChange(NamedTuple):
    """The newest entry of the wiki's recent changes (edits, creations, logged actions)."""

    rcid: int
    timestamp: str


class Printed(NamedTuple):
    """A plan with nothing to do and its empty report, as a run prints them in each format."""

    plans: dict[str, str]
    """The plan by format; for ``json``, its JSON after the head (:data:`PLAN_HEAD`)."""
    reports: dict[str, str]
    """The report by format, for the formats that print one."""

    def plan(self, output_format: str, head: Mapping[str, object]) -> str:
        """The plan in ``output_format`` (text, markdown, json), the JSON with ``head``."""
        if output_format == "json":
            return join_json(json_text(dict(head)), self.plans["json"])
        return self.plans[output_format]

    def report(self, output_format: str) -> str | None:
        """The empty report in ``output_format`` (None: that format prints no report)."""
        return self.reports.get(output_format)


class Published(NamedTuple):
    """The wiki was seen to match every desired page, after its recent changes stood here."""

    wiki: str
    change: RecentChange
    login: str
    """A salted digest of the wiki's URL, user and password (never the password itself)."""
    salt: str
    content_option: str | None
    """``--content`` as given (None when not given)."""
    content_dir: str
    inputs: str
    """The fingerprint of the input files' paths, sizes and times."""
    settled: bool
    """Whether no input file had changed just before the fingerprint was taken."""
    prune: bool
    """Whether the run deleted the pages of removed documents (else it may have marked some,
    which a run with ``--prune`` must still delete)."""
    printed: Printed


def json_text(data: object) -> str:
    """JSON as ``wikipk publish wiki --format json`` prints it."""
    return json.dumps(data, ensure_ascii=False, indent=2)


def split_json(data: Mapping[str, object], head: tuple[str, ...]) -> str:
    """The JSON text of an object's keys after ``head``, to :func:`join_json` to a new head."""
    return json_text({key: value for key, value in data.items() if key not in head})


def join_json(head: str, tail: str) -> str:
    """Two objects' JSON texts (:func:`json_text`) as the JSON text of one with both's keys."""
    return f"{head[:-2]},\n{tail[2:]}"


def recent_change(answer: Mapping[str, Any]) -> RecentChange | None:
    """The newest recent change in an API answer to :data:`RECENT_CHANGE` (None when empty)."""
    changes = answer["query"]["recentchanges"]
    if not changes:
        return None
    return RecentChange(int(changes[0]["rcid"]), str(changes[0]["timestamp"]))


def ask_recent_change(url: str) -> RecentChange | None:
    """Ask the wiki at ``url`` anonymously for its newest recent change (None: cannot tell).

    One GET with the standard HTTP client, not urllib's opener (a tenth of the run's start-up):
    a wiki behind a proxy set in the environment, or one that answers with a redirect or an
    error, is left to the ordinary path, which the MediaWiki client takes.
    """
    parts = urllib.parse.urlsplit(f"{url.rstrip('/')}/api.php")
    if parts.scheme not in ("http", "https") or _proxied(parts.scheme, parts.hostname or ""):
        log.info("the wiki is not asked directly (proxy or scheme); reading the wiki")
        return None
    client = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = client(parts.netloc, timeout=TIMEOUT)
    headers = {"User-Agent": f"wikipk/{__version__} (Wiki Pakistan publisher)"}
    try:
        connection.request(
            "GET", f"{parts.path}?{urllib.parse.urlencode(RECENT_CHANGE)}", None, headers
        )
        response = connection.getresponse()
        if response.status != 200:
            raise ValueError(f"the wiki answered HTTP {response.status} {response.reason}")
        return recent_change(json.load(response))
    except (
        OSError,
        ValueError,
        KeyError,
        TypeError,
        IndexError,
        http.client.HTTPException,
    ) as error:
        log.info("could not read the wiki's recent changes (%s); reading the wiki", error)
        return None
    finally:
        connection.close()


def _proxied(scheme: str, host: str) -> bool:
    """Whether the environment sends requests to ``host`` through a proxy (``http_proxy``,
    ``https_proxy``, ``all_proxy``, unless ``no_proxy`` names the host or a domain of it)."""
    names = (f"{scheme}_proxy", "all_proxy")
    if not any(os.environ.get(name) or os.environ.get(name.upper()) for name in names):
        return False
    bypass = os.environ.get("no_proxy") or os.environ.get("NO_PROXY") or ""
    for entry in (item.strip().lstrip(".").lower() for item in bypass.split(",")):
        if entry == "*" or (entry and (host == entry or host.endswith(f".{entry}"))):
            return False
    return True


def login_digest(salt: str, url: str, user: str, password: str) -> str:
    """A keyed digest that tells whether a login is the one recorded, without holding it."""
    message = "\0".join((url, user, password)).encode("utf-8")
    return hmac.new(bytes.fromhex(salt), message, hashlib.sha256).hexdigest()


def seen_matching(
    change: RecentChange,
    printed: Printed,
    login: tuple[str, str, str],
    content: Path | None,
    content_dir: Path,
    inputs: Inputs,
    prune: bool,
) -> Published:
    """The record of a run that saw the wiki match every page after its recent changes stood
    at ``change``, with a fresh salt for the login's digest."""
    salt = secrets.token_hex(16)
    return Published(
        wiki=login[0],
        change=change,
        login=login_digest(salt, *login),
        salt=salt,
        content_option=None if content is None else str(content),
        content_dir=str(content_dir),
        inputs=inputs.fingerprint,
        settled=inputs.settled,
        prune=prune,
        printed=printed,
    )


def save_published(root: Path, published: Published | None) -> None:
    """Record where the wiki was seen to match (None: forget any earlier record)."""
    path = root / PUBLISHED_FILE
    if published is None:
        path.unlink(missing_ok=True)
        return
    printed = published.printed
    write_json(
        path,
        {
            "wiki": published.wiki,
            "rcid": published.change.rcid,
            "timestamp": published.change.timestamp,
            "login": published.login,
            "salt": published.salt,
            "content_option": published.content_option,
            "content_dir": published.content_dir,
            "inputs": published.inputs,
            "settled": published.settled,
            "prune": published.prune,
            "plans": printed.plans,
            "reports": printed.reports,
        },
        "the publish record",
    )


def load_published(root: Path) -> Published | None:
    """What the last clean publish saw on the wiki, if it saw every page match."""
    record = read_json(root / PUBLISHED_FILE)
    if record is None:
        return None
    try:
        return Published(
            wiki=str(record["wiki"]),
            change=RecentChange(int(record["rcid"]), str(record["timestamp"])),
            login=str(record["login"]),
            salt=str(record["salt"]),
            content_option=record["content_option"],
            content_dir=str(record["content_dir"]),
            inputs=str(record["inputs"]),
            settled=record["settled"] is True,
            prune=record["prune"] is True,
            printed=Printed(_texts(record["plans"]), _texts(record["reports"])),
        )
    except (KeyError, TypeError, ValueError):
        return None


def _texts(value: object) -> dict[str, str]:
    """A recorded mapping of format to printed text (ValueError when it is not one)."""
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise ValueError("not texts by format")
    return {str(key): text for key, text in value.items()}


def unchanged(
    root: Path,
    content: Path | None,
    login: tuple[str, str, str] | None,
    prune: bool = False,
) -> Printed | None:
    """The printed plan of a publish with nothing to do, when that is known without reading
    the wiki.

    Args:
        root: the knowledge base's root (where the cache is).
        content: ``--content`` as given.
        login: the wiki's URL, user and password, from the environment.
        prune: ``--prune``: pages of removed documents are deleted, even those marked before.

    Returns:
        The all-unchanged plan and its report as printed, or None when the ordinary path must
        find out.
    """
    published = load_published(root)
    if published is None or login is None or not published.settled:
        return None
    url, user, password = login
    if (
        url != published.wiki
        or login_digest(published.salt, url, user, password) != published.login
        or (None if content is None else str(content)) != published.content_option
        or (prune and not published.prune)
    ):
        return None
    if not inputs_untouched(root, Path(published.content_dir), published.inputs):
        return None
    if ask_recent_change(url) != published.change:
        return None
    log.info("nothing changed here or on the wiki since it was last seen to match")
    return published.printed


def answer_unchanged(
    root: Path,
    content: Path | None,
    login: tuple[str, str, str] | None,
    output_format: str,
    force: bool = False,
    prune: bool = False,
    dry_run: bool = False,
) -> list[str] | None:
    """What ``wikipk publish wiki`` prints for a publish with nothing to do, when that is known
    from one request (:func:`unchanged`): the recorded plan with this run's head, then its
    empty report (none for a dry run or a format that prints none).

    Returns:
        The texts to print in order, or None when the ordinary path must find out.
    """
    printed = unchanged(root, content, login, prune)
    if printed is None or login is None:
        return None
    summary = ""
    if output_format == "json":
        from sync.wiki.provenance import provenance

        summary = provenance(root)
    head = {"wiki": login[0], "summary": summary, "force": force, "prune": prune}
    texts = [printed.plan(output_format, head)]
    report = None if dry_run else printed.report(output_format)
    if report is not None:
        texts.append(report)
    return texts


LOGIN_VARIABLES = ("WIKIPK_WIKI_URL", "WIKIPK_WIKI_USER", "WIKIPK_WIKI_PASSWORD")
"""The environment's wiki login: the only login a publish with nothing to do knows (it reads no
settings file); a run whose login is in ``wikipk.yml`` takes the ordinary path."""


def environment_login() -> tuple[str, str, str] | None:
    """The wiki's URL, user and password when the environment gives all three."""
    url, user, password = (os.environ.get(name, "") for name in LOGIN_VARIABLES)
    return (url, user, password) if url and user and password else None
