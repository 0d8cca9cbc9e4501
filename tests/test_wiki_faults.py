"""Faults between wikipk and the wiki: retried whole, said as they happened, and converging.

A proxy of the tests' own (:mod:`tests.wiki_proxy`) stands in front of the real dev wiki and
answers 503, drops connections before or after the wiki did the work, and records what was sent.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import Result

from tests import test_wiki_publish
from tests.test_wiki_publish import publish
from tests.wiki_fixtures import DevWikiHandle
from tests.wiki_proxy import Rule, WikiProxy, wiki_proxy

SVG = Path("content") / "media" / "diagram.svg"
wiki_kb = test_wiki_publish.wiki_kb
UNCHANGED = "Wiki plan for {url}: 9 unchanged\nApplied: nothing to do\n"


@pytest.fixture
def proxy(
    wiki_kb: Path, clean_devwiki: DevWikiHandle, monkeypatch: pytest.MonkeyPatch
) -> Iterator[WikiProxy]:
    """A fault-injecting proxy in front of the dev wiki, as WIKIPK_WIKI_URL; retries don't wait."""
    (wiki_kb / "wikipk.yml").write_text("wiki:\n  max_retries: 2\n  retry_timeout: 0\n")
    with wiki_proxy(clean_devwiki.host) as running:
        monkeypatch.setenv("WIKIPK_WIKI_URL", running.url)
        yield running


def converged(proxy: WikiProxy) -> None:
    """A rerun finds nothing to do."""
    rerun = publish()
    assert rerun.output == UNCHANGED.format(url=proxy.url), rerun.output
    assert rerun.exit_code == 0


def applied(result: Result) -> str:
    return result.output.splitlines()[-1]


def test_an_upload_retried_after_a_503_resends_the_whole_file(proxy: WikiProxy) -> None:
    proxy.add(Rule("upload", "status", times=1))
    result = publish()
    assert result.exit_code == 0, result.output
    assert applied(result) == "Applied: 10 done"
    data = SVG.read_bytes()
    uploads = proxy.requests("upload")
    assert len(uploads) == 2
    assert all(data in seen.body for seen in uploads)
    converged(proxy)


def test_an_upload_retried_after_a_dropped_connection_resends_the_whole_file(
    proxy: WikiProxy,
) -> None:
    proxy.add(Rule("upload", "drop-before", times=1))
    result = publish()
    assert result.exit_code == 0, result.output
    assert all(SVG.read_bytes() in seen.body for seen in proxy.requests("upload"))
    converged(proxy)


def test_a_chunk_of_a_large_upload_retried_after_a_503_is_resent_whole(proxy: WikiProxy) -> None:
    svg = SVG.read_text()
    padding = "<!-- " + "wikipk " * 200_000 + "-->\n"  # over mwclient's 1 MiB chunks
    SVG.write_text(svg.replace("</svg>", f"{padding}</svg>"))
    second = ("offset", str(1024 * 1024))
    proxy.add(Rule("upload", "status", times=1, status=502, param=second))
    result = publish()
    assert result.exit_code == 0, result.output
    data = SVG.read_bytes()
    chunks = [
        seen.body for seen in proxy.requests("upload") if seen.params.get("offset") == second[1]
    ]
    assert len(chunks) == 2
    assert all(data[1024 * 1024 : 2 * 1024 * 1024] in body for body in chunks)
    converged(proxy)


def test_a_503_on_the_first_request_is_retried(proxy: WikiProxy) -> None:
    proxy.add(Rule("query", "status", times=2))
    result = publish()
    assert result.exit_code == 0, result.output
    assert [seen.fault for seen in proxy.seen[:3]] == ["status", "status", ""]
    converged(proxy)


def test_a_wiki_that_keeps_answering_503_says_so(proxy: WikiProxy) -> None:
    proxy.add(Rule("query", "status", times=3))
    result = publish()
    assert result.output == (
        f"Error: the wiki at {proxy.url} answered HTTP 503 Service Unavailable, 3 times; "
        "it may be down for maintenance or overloaded: run again later\n"
    )
    assert result.exit_code == 2


def test_a_429_is_retried_after_the_time_the_wiki_asks(proxy: WikiProxy) -> None:
    proxy.add(Rule("query", "status", status=429, headers={"Retry-After": "1"}))
    started = time.monotonic()
    result = publish()
    assert result.exit_code == 0, result.output
    assert time.monotonic() - started >= 1.0
    converged(proxy)


@pytest.mark.parametrize(
    ("rule", "answered"),
    [
        (
            Rule("query", "status", status=200),
            "HTTP 200 with an HTML page (“Down for maintenance”)",
        ),
        (
            Rule("query", "status", status=200, body=b"hello", content_type="text/plain"),
            "HTTP 200 with text/plain",
        ),
    ],
)
def test_an_answer_that_is_not_the_api_s_says_what_came(
    proxy: WikiProxy, rule: Rule, answered: str
) -> None:
    proxy.add(rule)
    result = publish()
    assert result.output == (
        f"Error: the wiki at {proxy.url} answered {answered} instead of the API's JSON; "
        "check the wiki's address: it must be the folder that holds api.php\n"
    )
    assert result.exit_code == 2


def test_a_404_says_what_the_wiki_answered(proxy: WikiProxy) -> None:
    proxy.add(Rule("query", "status", status=404))
    result = publish()
    assert result.output == (
        f"Error: the wiki at {proxy.url} answered HTTP 404 Not Found; "
        "check the wiki's address: it must be the folder that holds api.php\n"
    )
    assert result.exit_code == 2


def test_a_wiki_that_stops_answering_midway_stops_the_run_and_converges(
    proxy: WikiProxy,
) -> None:
    proxy.add(Rule("edit", "status", times=3, status=504))
    result = publish()
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert lines[12:14] == [
        "failed: create Category:Wikipk documents: the wiki answered HTTP 504 Gateway Timeout, "
        "3 times; run the publish again",
        "skipped: create Category:Wikipk removed documents: not attempted: the wiki stopped "
        "answering; run the publish again",
    ]
    assert lines[-1] == "Applied: 1 done, 8 skipped, 1 failed"
    assert publish().exit_code == 0
    converged(proxy)
