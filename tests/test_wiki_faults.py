"""Faults between wikipk and the wiki: retried whole, said as they happened, and converging.

A proxy of the tests' own (:mod:`tests.wiki_proxy`) stands in front of the real dev wiki and
answers 503, drops connections before or after the wiki did the work, and records what was sent.
"""

from __future__ import annotations

import io
import logging
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import Result

from sync.wiki.report import Outcome
from sync.wiki.report import Result as Result_
from tests import test_wiki_publish
from tests.cli_helpers import run
from tests.test_wiki_publish import SOP, URDU, human_edit, page_text, plan_in_process, publish
from tests.wiki_fixtures import DevWikiHandle
from tests.wiki_proxy import Rule, WikiProxy, wiki_proxy

SVG = Path("content") / "media" / "diagram.svg"
wiki_kb = test_wiki_publish.wiki_kb
UNCHANGED = "Wiki plan for {url}: 18 unchanged\nApplied: nothing to do\n"


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
    assert applied(result) == "Applied: 19 done"
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
    assert lines[21:23] == [
        "failed: create Category:Case studies: the wiki answered HTTP 504 Gateway Timeout, "
        "3 times; run the publish again",
        "skipped: create Category:English: not attempted: the wiki stopped "
        "answering; run the publish again",
    ]
    assert lines[-1] == "Applied: 1 done, 17 skipped, 1 failed"
    assert publish().exit_code == 0
    converged(proxy)


# Lost answers: the wiki did the work, the answer never came, the retry finds it done --------

INTEGRITY = Path("content") / "guidelines" / "integrity.md"
WATER = Path("content") / "sops" / "water-scheme.md"


def lose_answer(proxy: WikiProxy, action: str, **param: str) -> Rule:
    """The wiki does the next ``action`` (with that parameter), and its answer is lost."""
    (pair,) = param.items()
    return proxy.add(Rule(action, "drop-after", param=pair))


def done_once(proxy: WikiProxy, rule: Rule, result: Result, line: str) -> None:
    """The run says the lost write is done (no conflict), and it was sent twice."""
    assert result.exit_code == 0, result.output
    assert line in result.output.splitlines()
    assert rule.times == 0
    assert "conflict" not in result.output
    converged(proxy)


def test_a_create_whose_answer_was_lost_is_recognised_as_ours(proxy: WikiProxy) -> None:
    rule = lose_answer(proxy, "edit", title=SOP)
    result = publish()
    done_once(proxy, rule, result, f"create: {SOP}")
    assert applied(result) == "Applied: 19 done"


def test_an_update_whose_answer_was_lost_is_recognised_as_ours(proxy: WikiProxy) -> None:
    publish()
    INTEGRITY.write_text(
        INTEGRITY.read_text().replace("Verify before paying.", "Verify, then pay.")
    )
    rule = lose_answer(proxy, "edit", title="Integrity rules")
    done_once(proxy, rule, publish(), "update: Integrity rules")


def test_a_move_whose_answer_was_lost_is_recognised_as_ours(proxy: WikiProxy) -> None:
    publish()
    INTEGRITY.write_text(INTEGRITY.read_text().replace("title: Integrity rules", "title: Rules"))
    rule = lose_answer(proxy, "move", to="Rules")
    done_once(proxy, rule, publish(), "move: Rules")


def _remove_integrity() -> None:
    INTEGRITY.unlink()
    text = WATER.read_text()
    WATER.write_text(
        text.replace(" See the [integrity rules](../guidelines/integrity.md#rules).", "")
    )


def test_a_mark_whose_answer_was_lost_is_recognised_as_ours(proxy: WikiProxy) -> None:
    publish()
    _remove_integrity()
    rule = lose_answer(proxy, "edit", title="Integrity rules")
    result = publish()
    assert result.exit_code == 0, result.output
    assert "remove: Integrity rules" in result.output.splitlines()
    assert rule.times == 0
    rerun = publish()
    assert rerun.output.splitlines()[0] == f"Wiki plan for {proxy.url}: 17 unchanged"


def test_a_delete_whose_answer_was_lost_is_recognised_as_ours(proxy: WikiProxy) -> None:
    publish()
    _remove_integrity()
    publish()
    rule = lose_answer(proxy, "delete", title="Integrity rules")
    result = publish("--prune")
    assert result.exit_code == 0, result.output
    assert "remove: Integrity rules" in result.output.splitlines()
    assert rule.times == 0
    assert publish("--prune").output.splitlines()[0] == f"Wiki plan for {proxy.url}: 17 unchanged"


def test_an_upload_whose_answer_was_lost_is_recognised_as_ours(proxy: WikiProxy) -> None:
    rule = lose_answer(proxy, "upload", filename="Diagram.svg")
    done_once(proxy, rule, publish(), "upload: Diagram.svg")


def test_a_new_version_whose_answer_was_lost_is_recognised_as_ours(proxy: WikiProxy) -> None:
    publish()
    SVG.write_text(SVG.read_text().replace("#4a7", "#47a"))
    rule = lose_answer(proxy, "upload", filename="Diagram.svg")
    done_once(proxy, rule, publish(), "upload: Diagram.svg")


def test_a_page_language_whose_answer_was_lost_is_recognised_as_ours(proxy: WikiProxy) -> None:
    rule = lose_answer(proxy, "setpagelanguage", lang="ur")
    done_once(proxy, rule, publish(), f"create: {URDU}")


def _race(wiki_kb: Path, person: Callable[[], None]) -> dict[str, Result_]:
    """Plan, let a person act, then apply: each change's result by title."""
    publisher, plan = plan_in_process(wiki_kb)
    person()
    return {result.title: result for result in publisher.apply(plan).results}


def test_a_page_or_file_a_person_made_meanwhile_stays_a_conflict(
    wiki_kb: Path, clean_devwiki: DevWikiHandle
) -> None:
    def person() -> None:
        human_edit(clean_devwiki, SOP, "A person's page.")
        admin = clean_devwiki.site(as_admin=True)
        admin.site_init()  # the rights of the account logged in
        answer = admin.upload(
            io.BytesIO(b"<svg xmlns='http://www.w3.org/2000/svg'/>"), "Diagram.svg"
        )
        assert answer["result"] == "Success"

    results = _race(wiki_kb, person)
    assert (results[SOP].outcome, results[SOP].detail) == (
        Outcome.CONFLICT,
        "the page was created by someone else meanwhile",
    )
    upload = results["Diagram.svg"]
    assert (upload.outcome, upload.detail) == (
        Outcome.CONFLICT,
        "a file of that name exists already",
    )
    assert page_text(clean_devwiki, SOP) == "A person's page."


# wikipk wiki preview, wikipk plan, and the no-op fast path -----------------------------------


def preview() -> Result:
    return run("wiki", "preview", str(WATER), "--no-open")


def test_preview_retries_a_503(proxy: WikiProxy) -> None:
    proxy.add(Rule("parse", "status", times=1))
    result = preview()
    assert result.output == ".wikipk/preview/water-scheme.html\n"
    assert result.exit_code == 0
    assert [seen.fault for seen in proxy.requests("parse")] == ["status", ""]


def test_preview_says_what_the_wiki_answered(proxy: WikiProxy) -> None:
    proxy.add(Rule("parse", "status", status=200))
    result = preview()
    assert result.output == (
        f"Error: the wiki at {proxy.url} answered HTTP 200 with an HTML page "
        "(“Down for maintenance”) instead of the API's JSON; check the wiki's address: it must "
        "be the folder that holds api.php\n"
    )
    assert result.exit_code == 2


def test_plan_says_what_the_wiki_answered(proxy: WikiProxy) -> None:
    proxy.add(Rule("query", "status", times=3, status=502))
    result = run("plan", "--targets", "wiki")
    assert (
        f"the wiki at {proxy.url} answered HTTP 502 Bad Gateway, 3 times; it may be down for "
        "maintenance or overloaded: run again later"
    ) in result.output, result.output


def test_plan_retries_a_503(proxy: WikiProxy) -> None:
    proxy.add(Rule("query", "status", times=2))
    result = run("plan", "--targets", "wiki")
    assert result.exit_code == 0, result.output
    assert "18 create, 1 upload" in result.output


def test_the_no_op_path_converges_through_a_503(
    proxy: WikiProxy, caplog: pytest.LogCaptureFixture
) -> None:
    assert publish().exit_code == 0
    converged(proxy)  # recorded: the next run asks only for the newest recent change
    proxy.add(Rule("query", "status", times=2, param=("list", "recentchanges")))
    with caplog.at_level(logging.INFO, logger="sync.wiki.unchanged"):
        converged(proxy)
    assert (
        "could not read the wiki's recent changes (the wiki answered HTTP 503 Service "
        "Unavailable); reading the wiki"
    ) in caplog.messages


@pytest.mark.parametrize(
    "rule",
    [
        Rule("upload", "drop-after", param=("offset", "0")),
        Rule("upload", "drop-after", param=("offset", str(1024 * 1024))),
        Rule("upload", "drop-after", param=("filekey", "*"), without="stash"),
    ],
    ids=["first chunk", "last chunk", "commit"],
)
def test_a_large_upload_whose_answer_was_lost_converges(proxy: WikiProxy, rule: Rule) -> None:
    svg = SVG.read_text()
    padding = "<!-- " + "wikipk " * 200_000 + "-->\n"  # over mwclient's 1 MiB chunks
    SVG.write_text(svg.replace("</svg>", f"{padding}</svg>"))
    done_once(proxy, proxy.add(rule), publish(), "upload: Diagram.svg")


def test_a_write_answered_too_late_is_retried_and_recognised(
    proxy: WikiProxy, wiki_kb: Path
) -> None:
    (wiki_kb / "wikipk.yml").write_text(
        "wiki:\n  max_retries: 2\n  retry_timeout: 0\n  timeout: 1\n"
    )
    rule = proxy.add(Rule("edit", "slow", delay=2.0, param=("title", SOP)))
    done_once(proxy, rule, publish(), f"create: {SOP}")


def test_a_wiki_too_slow_to_answer_says_so(proxy: WikiProxy, wiki_kb: Path) -> None:
    (wiki_kb / "wikipk.yml").write_text(
        "wiki:\n  max_retries: 1\n  retry_timeout: 0\n  timeout: 1\n"
    )
    proxy.add(Rule("query", "slow", times=2, delay=1.5))
    result = publish()
    assert result.output == (
        f"Error: the wiki at {proxy.url} gave no answer within 1 s, 2 times; it may be down for "
        "maintenance or overloaded: run again later\n"
    )
    assert result.exit_code == 2


def test_an_answer_cut_midway_is_retried_and_recognised(proxy: WikiProxy) -> None:
    rule = proxy.add(Rule("edit", "cut-after", param=("title", SOP)))
    done_once(proxy, rule, publish(), f"create: {SOP}")


def test_a_login_whose_answer_was_lost_is_retried(proxy: WikiProxy) -> None:
    proxy.add(Rule("login", "drop-after"))
    result = publish()
    assert result.exit_code == 0, result.output
    converged(proxy)
