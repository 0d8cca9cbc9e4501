"""A publish with nothing to do, known from one anonymous request: never at the cost of a change.

After a run that saw the wiki match every page, the next run with untouched inputs and the same
login asks the real dev wiki for its newest recent change; only when that is the one recorded
does it skip reading the wiki. These tests show that it does skip, that its answer is the one a
full read gives, and that every kind of change, there or here, still takes the full path.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sync.wiki.unchanged import _proxied, ask_recent_change
from tests.test_wiki_publish import bot_writes, human_edit, publish, wiki_kb
from tests.wiki_fixtures import DevWikiHandle

__all__ = ["wiki_kb"]  # the fixture, shared with the publish tests

QUICK = "nothing changed here or on the wiki since it was last seen to match"
GUIDELINE = Path("content") / "guidelines" / "integrity.md"


@pytest.fixture
def settled_kb(wiki_kb: Path, caplog: pytest.LogCaptureFixture) -> Path:
    """The publish corpus, its files last changed a minute ago: a file changed within the last
    two seconds is never trusted unread (it could change again within one tick of its time)."""
    past = time.time() - 60
    for path in wiki_kb.rglob("*"):
        os.utime(path, (past, past))
    caplog.set_level(logging.INFO, logger="sync.wiki.unchanged")
    return wiki_kb


def quick(caplog: pytest.LogCaptureFixture) -> bool:
    """True when the last run knew from one request that there was nothing to do."""
    taken = QUICK in caplog.messages
    caplog.clear()
    return taken


def test_nothing_changed_is_known_from_one_request_and_said_as_a_full_read_says_it(
    settled_kb: Path, clean_devwiki: DevWikiHandle, caplog: pytest.LogCaptureFixture
) -> None:
    assert publish().exit_code == 0
    assert not quick(caplog)
    writes = len(bot_writes(clean_devwiki))
    second = publish()
    assert quick(caplog)
    assert (second.output, second.exit_code) == (
        f"Wiki plan for {clean_devwiki.url}: 18 unchanged\nApplied: nothing to do\n",
        0,
    )
    assert len(bot_writes(clean_devwiki)) == writes
    for options in (
        ("--format", "json"),
        ("--format", "json", "--force", "--dry-run"),
        ("--format", "markdown"),
        ("--dry-run",),
    ):
        fast = publish(*options)
        assert quick(caplog), options
        full = publish(*options, "--no-cache")
        assert not quick(caplog)
        assert (fast.output, fast.exit_code) == (full.output, 0), options
    fast = publish("--format", "json", "--force")
    assert quick(caplog)
    plan = json.loads(fast.output.split("\n}\n", 1)[0] + "\n}")
    assert (plan["counts"]["unchanged"], plan["force"], plan["prune"]) == (18, True, False)
    assert plan["summary"].startswith("wikipk 0.1.0: published ")
    assert all(page["base_revid"] > 0 for page in plan["pages"])
    assert json.loads(fast.output.split("\n}\n", 1)[1]) == {"results": []}
    assert len(bot_writes(clean_devwiki)) == writes


def test_nothing_to_do_imports_neither_the_client_nor_the_publisher(
    settled_kb: Path, clean_devwiki: DevWikiHandle
) -> None:
    """The answer from one request costs little more than the request: of the outputs, the
    command imports only the no-op record and what it checks (not the MediaWiki client, the
    publisher, the parser or the renderers)."""
    assert publish().exit_code == 0
    script = (
        "import sys\n"
        "from wikipk.cli import main\n"
        "try:\n"
        "    main(['publish', 'wiki'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = {'sync', 'site_builder', 'mwclient', 'requests', 'pyromark', 'jinja2', 'rich'}\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.splitlines() == [
        f"Wiki plan for {clean_devwiki.url}: 18 unchanged",
        "Applied: nothing to do",
        str(
            ["sync", "sync.wiki", "sync.wiki.inputs", "sync.wiki.templates", "sync.wiki.unchanged"]
        ),
    ]


def test_a_person_s_edit_since_is_still_drift(
    settled_kb: Path, clean_devwiki: DevWikiHandle, caplog: pytest.LogCaptureFixture
) -> None:
    publish()
    human_edit(clean_devwiki, "Integrity rules", "A person rewrote this page.")
    caplog.clear()
    result = publish()
    assert not quick(caplog)
    assert result.exit_code == 1
    assert "drift     Integrity rules  [guidelines/integrity.md]" in result.output


def test_an_edit_elsewhere_on_the_wiki_costs_one_full_read(
    settled_kb: Path, clean_devwiki: DevWikiHandle, caplog: pytest.LogCaptureFixture
) -> None:
    publish()
    human_edit(clean_devwiki, "Notes of a person", "Nothing to do with the knowledge base.")
    caplog.clear()
    after = publish()
    assert not quick(caplog)
    assert after.output == (
        f"Wiki plan for {clean_devwiki.url}: 18 unchanged\nApplied: nothing to do\n"
    )
    publish()
    assert quick(caplog)


def test_an_edit_of_the_same_size_is_published(
    settled_kb: Path, clean_devwiki: DevWikiHandle, caplog: pytest.LogCaptureFixture
) -> None:
    publish()
    path = settled_kb / GUIDELINE
    text = path.read_text(encoding="utf-8")
    edited = text.replace("Verify before paying.", "Verify before buying.")
    assert len(edited) == len(text) and edited != text
    path.write_text(edited, encoding="utf-8")
    caplog.clear()
    result = publish()
    assert not quick(caplog)
    assert "update    Integrity rules  [guidelines/integrity.md]" in result.output


def test_a_touched_file_is_read_again_once(
    settled_kb: Path, clean_devwiki: DevWikiHandle, caplog: pytest.LogCaptureFixture
) -> None:
    publish()
    earlier = time.time() - 120
    os.utime(settled_kb / GUIDELINE, (earlier, earlier))
    caplog.clear()
    touched = publish()
    assert not quick(caplog)
    assert touched.output.splitlines()[0] == f"Wiki plan for {clean_devwiki.url}: 18 unchanged"
    publish()
    assert quick(caplog)


def test_a_file_changed_just_before_a_run_is_read_by_the_next(
    settled_kb: Path, clean_devwiki: DevWikiHandle, caplog: pytest.LogCaptureFixture
) -> None:
    os.utime(settled_kb / GUIDELINE)  # now: it could change again within its time's tick
    publish()
    caplog.clear()
    again = publish()
    assert not quick(caplog)
    assert again.output == (
        f"Wiki plan for {clean_devwiki.url}: 18 unchanged\nApplied: nothing to do\n"
    )


def test_a_changed_password_is_tried_not_trusted(
    settled_kb: Path,
    clean_devwiki: DevWikiHandle,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    publish()
    monkeypatch.setenv("WIKIPK_WIKI_PASSWORD", "not-the-bot-password-at-all-00000")
    caplog.clear()
    result = publish()
    assert not quick(caplog)
    assert (result.output, result.exit_code) == (
        f"Error: the wiki at {clean_devwiki.url} refused the login of "
        f"'{clean_devwiki.bot_user}': check the bot password's name and secret "
        "(WIKIPK_WIKI_USER, WIKIPK_WIKI_PASSWORD)\n",
        2,
    )
    caches = list((settled_kb / ".wikipk" / "cache").iterdir())
    assert {path.name for path in caches} >= {"wiki.json", "wiki-published.json"}
    for path in caches:
        assert clean_devwiki.bot_password not in path.read_text(encoding="utf-8")


def test_the_recent_change_is_read_anonymously_or_not_at_all(
    clean_devwiki: DevWikiHandle, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="sync.wiki.unchanged")
    human_edit(clean_devwiki, "Notes of a person", "A first change.")
    newest = ask_recent_change(clean_devwiki.url)
    assert newest is not None and newest.rcid > 0
    human_edit(clean_devwiki, "Notes of a person", "A second change.")
    later = ask_recent_change(clean_devwiki.url)
    assert later is not None and later.rcid > newest.rcid
    assert ask_recent_change("http://127.0.0.1:9/") is None
    assert "could not read the wiki's recent changes" in caplog.text


@pytest.mark.parametrize(
    ("environment", "host", "proxied"),
    [
        ({}, "127.0.0.1", False),
        ({"http_proxy": "http://proxy:3128"}, "127.0.0.1", True),
        ({"HTTP_PROXY": "http://proxy:3128", "NO_PROXY": "127.0.0.1"}, "127.0.0.1", False),
        ({"all_proxy": "http://proxy:3128", "no_proxy": ".wiki.pk"}, "www.wiki.pk", False),
        ({"all_proxy": "http://proxy:3128", "no_proxy": "wiki.pk"}, "notwiki.pk", True),
        ({"https_proxy": "http://proxy:3128", "no_proxy": "*"}, "wiki.pk", False),
        ({"https_proxy": "http://proxy:3128"}, "127.0.0.1", False),  # asked over http
    ],
)
def test_a_wiki_behind_a_proxy_is_left_to_the_ordinary_path(
    environment: dict[str, str],
    host: str,
    proxied: bool,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="sync.wiki.unchanged")
    for name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert _proxied("http", host) is proxied
    if host == "127.0.0.1":
        assert ask_recent_change("http://127.0.0.1:9/") is None
        asked = "could not read the wiki's recent changes" in caplog.text
        assert asked is not proxied
        assert ("the wiki is not asked directly (proxy or scheme)" in caplog.text) is proxied


def test_prune_still_deletes_the_pages_an_earlier_run_marked(
    settled_kb: Path, clean_devwiki: DevWikiHandle, caplog: pytest.LogCaptureFixture
) -> None:
    publish()
    (settled_kb / GUIDELINE).unlink()
    sop = settled_kb / "content" / "sops" / "water-scheme.md"
    text = sop.read_text(encoding="utf-8")
    sop.write_text(
        text.replace(" See the [integrity rules](../guidelines/integrity.md#rules).", ""),
        encoding="utf-8",
    )
    earlier = time.time() - 30
    os.utime(sop, (earlier, earlier))
    marked = publish()
    assert "remove    Integrity rules  (mark for review)" in marked.output
    publish()
    assert quick(caplog)
    pruned = publish("--prune")
    assert not quick(caplog)
    assert "remove    Integrity rules  (delete)" in pruned.output
    assert not clean_devwiki.site().pages["Integrity rules"].exists
    publish("--prune")
    assert quick(caplog)
