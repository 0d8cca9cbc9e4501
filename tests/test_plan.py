"""``wikipk plan``: one read-only plan of the wiki, the site and YouTube, for the change at hand.

The wiki is the session's real dev wiki, YouTube the local emulator (or the offline plan when
nobody is signed in), the site two real builds compared.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sync.devwiki import instance as dw
from tests.cli_helpers import run
from tests.test_devwiki import free_port
from tests.test_wiki_publish import bot_writes
from tests.wiki_fixtures import DevWikiHandle
from tests.youtube_emulator import YouTubeState
from tests.youtube_fixtures import seed_starter_videos
from wikipk import frontmatter, markdown

DATA = Path(__file__).parent / "data" / "plan"
AUDITS = """\
---
id: audits
type: guideline
title: Audit every scheme
lang: en
summary: How a committee audits a water scheme once a year.
updated: 2026-11-21
---

## Steps

- Read the ledger aloud.
"""


@pytest.fixture
def plan_kb(knowledge_base: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The plan corpus as the working directory, with no wiki login and no YouTube sign-in."""
    shutil.copytree(DATA, knowledge_base, dirs_exist_ok=True)
    for name in (
        "WIKIPK_WIKI_URL",
        "WIKIPK_WIKI_USER",
        "WIKIPK_WIKI_PASSWORD",
        "WIKIPK_YOUTUBE_CREDENTIALS",
        "WIKIPK_YOUTUBE_TOKEN_FILE",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    return knowledge_base


def login(monkeypatch: pytest.MonkeyPatch, wiki: DevWikiHandle, password: str = "") -> None:
    monkeypatch.setenv("WIKIPK_WIKI_URL", wiki.url)
    monkeypatch.setenv("WIKIPK_WIKI_USER", wiki.bot_user)
    monkeypatch.setenv("WIKIPK_WIKI_PASSWORD", password or wiki.bot_password)


def change_documents(root: Path) -> None:
    """The change at hand: one guideline edited and retitled, one removed, one added."""
    guidelines = root / "content" / "guidelines"
    edited = guidelines / "integrity.md"
    text = edited.read_text().replace("Verify before paying.", "Verify, then pay.")
    edited.write_text(text.replace("title: Integrity rules", "title: Rules of integrity"))
    (guidelines / "old-rules.md").unlink()
    (guidelines / "audits.md").write_text(AUDITS)


def tree_digest(folder: Path) -> str:
    """One digest of every file's name and bytes below ``folder``."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def build_baseline(root: Path) -> str:
    """Build the site as it is before the change (``_site/``); returns its digest."""
    result = run("build", "--no-search")
    assert result.exit_code == 0, result.output
    return tree_digest(root / "_site")


NO_WIKI = "not checked: no wiki login: set WIKIPK_WIKI_URL, WIKIPK_WIKI_USER and WIKIPK_WIKI_PASSWORD (or the wiki section of wikipk.yml) to compare with the wiki"
SITE_TEXT = """\
Site plan (compared with _site/): 1 added, 4 changed, 1 removed, 8 unchanged; 2 other files differ
added     docs/audits.html
changed   docs/integrity.html
changed   index.html
changed   languages/en.html
changed   types/guideline.html
removed   docs/old-rules.html"""
OFFLINE_YOUTUBE = """\
Not signed in to YouTube: this plan assumes an empty channel and was not checked against it (sign in with 'wikipk youtube login').
YouTube plan for a first publish to an empty channel
  channels.list            1  mine
  playlists.list           1  mine, page 1
  videos.list              1  1 video
  playlists.insert        50  create public playlist 'Wiki Pakistan: Guidelines' (type:guideline)
  playlistItems.insert    50  add Grv72hrLine to 'Wiki Pakistan: Guidelines' (cited at content/guidelines/integrity.md:9)
  videos.update           50  update the description of Grv72hrLine, if it is the channel's own (links to 1 document)
note: the cited videos were not checked: a signed-in run reports any that is missing, private or not embeddable, and leaves it out of the playlists
note: description updates cannot be known offline: which cited videos are the channel's own, and what their descriptions hold, was not read; each is priced as a possible update
total (upper bound): 3 units read, 150 units to write (2 changes and up to 1 description updates); 153 of the budget of 9000"""


MARKDOWN = """\
## What merging this change publishes

### Wiki Pakistan: 1 create, 1 move, 1 remove, 13 unchanged

| change | page | document |
|---|---|---|
| create | Audit every scheme | `guidelines/audits.md` |
| move | Integrity rules → Rules of integrity | `guidelines/integrity.md` |
| remove (mark for review) | Old rules |  |

<details><summary>move: Rules of integrity</summary>

```diff
--- wiki: Integrity rules
+++ wikipk: Rules of integrity
@@ -11,5 +11,5 @@
\x20
 * Post every payment publicly.
-* Verify before paying.
+* Verify, then pay.
\x20
 [[Category:Guidelines]]
```

</details>

### Site (compared with `_site/`): 1 added, 4 changed, 1 removed, 8 unchanged; 2 other files differ

| change | page |
|---|---|
| added | `docs/audits.html` |
| changed | `docs/integrity.html` |
| changed | `index.html` |
| changed | `languages/en.html` |
| changed | `types/guideline.html` |
| removed | `docs/old-rules.html` |
"""
YOUTUBE_MARKDOWN = """\
## What merging this change publishes

### YouTube plan for channel Wiki Pakistan (UCwikipakistan0000000001)

| call | what | units |
|---|---|---|
| `channels.list` | mine | 1 |
| `playlists.list` | mine, page 1 | 1 |
| `videos.list` | 1 video | 1 |
| `playlists.insert` | create public playlist 'Wiki Pakistan: Guidelines' (type:guideline) | 50 |
| `playlistItems.insert` | add Grv72hrLine to 'Wiki Pakistan: Guidelines' (cited at content/guidelines/integrity.md:9) | 50 |
| `videos.update` | update the description of Grv72hrLine 'Setting up a district grievance line' (links to 1 document) | 50 |

**total: 3 units read, 150 units to write (3 changes); 153 of the budget of 9000**
"""


def test_without_logins_it_says_what_it_could_not_check(plan_kb: Path) -> None:
    before = build_baseline(plan_kb)
    change_documents(plan_kb)
    result = run("plan")
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"== Wiki Pakistan\n{NO_WIKI}\n\n== Site\n{SITE_TEXT}\n\n== YouTube\n{OFFLINE_YOUTUBE}\n"
    )
    assert tree_digest(plan_kb / "_site") == before  # the plan never writes the site's output


def test_json_without_logins(plan_kb: Path) -> None:
    build_baseline(plan_kb)
    change_documents(plan_kb)
    result = run("plan", "--targets", "site,wiki", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {
        "site": {
            "checked": True,
            "plan": {
                "base": "_site/",
                "added": ["docs/audits.html"],
                "changed": [
                    "docs/integrity.html",
                    "index.html",
                    "languages/en.html",
                    "types/guideline.html",
                ],
                "removed": ["docs/old-rules.html"],
                "unchanged": 8,
                "other_files": 2,
            },
        },
        "wiki": {"checked": False, "reason": NO_WIKI.removeprefix("not checked: ")},
    }


@pytest.fixture
def running_devwiki(plan_kb: Path, devwiki: DevWikiHandle) -> Iterator[str]:
    """A dev wiki started in the knowledge base as a newcomer starts it (its URL), no login set."""
    dw.clone(devwiki.template, plan_kb / ".wikipk" / "devwiki")
    started = run("devwiki", "start", "--port", str(free_port()))
    assert started.exit_code == 0, started.output
    url = dw.running_url()
    assert url is not None
    yield url
    assert run("devwiki", "stop").exit_code == 0


def test_without_a_login_it_says_how_to_log_in_to_the_running_dev_wiki(
    running_devwiki: str,
) -> None:
    result = run("plan", "--targets", "wiki")
    assert (result.exit_code, result.output) == (
        0,
        f"== Wiki Pakistan\n{NO_WIKI}; the dev wiki runs at {running_devwiki}: "
        'eval "$(wikipk devwiki env)" logs in to it\n',
    )


def test_publish_without_a_login_says_how_to_log_in_to_the_running_dev_wiki(
    running_devwiki: str,
) -> None:
    result = run("publish", "wiki")
    assert (result.exit_code, result.output) == (
        2,
        "Error: no wiki is configured: set WIKIPK_WIKI_URL, WIKIPK_WIKI_USER and "
        f"WIKIPK_WIKI_PASSWORD (the dev wiki runs at {running_devwiki}: "
        'eval "$(wikipk devwiki env)" logs in to it)\n',
    )


def test_preview_without_a_wiki_url_asks_the_running_dev_wiki(
    running_devwiki: str, plan_kb: Path
) -> None:
    result = run("wiki", "preview", "content/guidelines/integrity.md", "--no-open")
    assert (result.exit_code, result.output) == (0, ".wikipk/preview/integrity.html\n")
    page = (plan_kb / ".wikipk/preview/integrity.html").read_text(encoding="utf-8")
    assert f'href="{running_devwiki}index.php' in page


def test_markdown_against_the_dev_wiki(
    plan_kb: Path, clean_devwiki: DevWikiHandle, monkeypatch: pytest.MonkeyPatch
) -> None:
    login(monkeypatch, clean_devwiki)
    assert run("publish", "wiki").exit_code == 0
    build_baseline(plan_kb)
    change_documents(plan_kb)
    writes = len(bot_writes(clean_devwiki))
    result = run("plan", "--targets", "wiki,site", "--format", "markdown")
    assert result.exit_code == 0, result.output
    assert result.output == MARKDOWN
    assert len(bot_writes(clean_devwiki)) == writes  # the plan never writes to the wiki


def test_text_against_the_dev_wiki(
    plan_kb: Path, clean_devwiki: DevWikiHandle, monkeypatch: pytest.MonkeyPatch
) -> None:
    login(monkeypatch, clean_devwiki)
    result = run("plan", "--targets", "wiki")
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"== Wiki Pakistan\nWiki plan for {clean_devwiki.url}: 15 create\n"
        "create    Category:Case studies\n"
        "create    Category:English\n"
        "create    Category:For subscribers\n"
        "create    Category:Guidelines\n"
        "create    Category:Reports\n"
        "create    Category:SOPs\n"
        "create    Category:Scorecards\n"
        "create    Category:Wikipk documents\n"
        "create    Category:Wikipk removed documents\n"
        "create    Category:اردو\n"
        "create    Template:Box end\n"
        "create    Template:Box start\n"
        "create    Template:Infobox document\n"
        "create    Integrity rules  [guidelines/integrity.md]\n"
        "create    Old rules  [guidelines/old-rules.md]\n"
    )
    assert bot_writes(clean_devwiki) == []


def test_a_plan_parses_each_document_once(
    plan_kb: Path, clean_devwiki: DevWikiHandle, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One load for every target: the site renders each page where the document was parsed,
    the wiki renders from the same parse, and YouTube reads the same documents."""
    login(monkeypatch, clean_devwiki)
    build_baseline(plan_kb)  # the site's pages are cached: the documents are loaded all the same
    change_documents(plan_kb)
    parsed: list[str] = []
    parse = markdown.parse

    def counting(body: str) -> Any:
        parsed.append(body)
        return parse(body)

    monkeypatch.setattr(markdown, "parse", counting)
    result = run("plan", "--targets", "wiki,site,youtube")
    assert result.exit_code == 0, result.output
    assert f"Wiki plan for {clean_devwiki.url}" in result.output
    files = sorted((plan_kb / "content").rglob("*.md"))
    bodies = [frontmatter.split(path.read_text(encoding="utf-8")).body for path in files]
    assert len(files) == 2 and sorted(parsed) == sorted(bodies)


def test_a_refused_wiki_login_is_reported_not_fatal(
    plan_kb: Path, devwiki: DevWikiHandle, monkeypatch: pytest.MonkeyPatch
) -> None:
    login(monkeypatch, devwiki, password="not-the-secret-9b2e")
    result = run("plan", "--targets", "wiki", "--format", "markdown")
    assert result.exit_code == 0, result.output
    assert "not-the-secret-9b2e" not in result.output
    assert result.output == (
        "## What merging this change publishes\n\n### Wiki Pakistan: not checked\n\n"
        f"> the wiki at {devwiki.url} refused the login of 'PushBot@wikipk': check the bot password's name and secret (WIKIPK_WIKI_USER, WIKIPK_WIKI_PASSWORD)\n"
    )


def test_youtube_plan_is_the_publishers_dry_run(
    plan_kb: Path, youtube_env: dict[str, str], youtube: YouTubeState
) -> None:
    seed_starter_videos(youtube)
    result = run("plan", "--targets", "youtube")
    assert result.exit_code == 0, result.output
    assert result.output == f"== YouTube\n{run('publish', 'youtube', '--dry-run').output}"
    assert result.output == (
        "== YouTube\n"
        "YouTube plan for channel 'Wiki Pakistan' (UCwikipakistan0000000001)\n"
        "  channels.list            1  mine\n"
        "  playlists.list           1  mine, page 1\n"
        "  videos.list              1  1 video\n"
        "  playlists.insert        50  create public playlist 'Wiki Pakistan: Guidelines' (type:guideline)\n"
        "  playlistItems.insert    50  add Grv72hrLine to 'Wiki Pakistan: Guidelines' (cited at content/guidelines/integrity.md:9)\n"
        "  videos.update           50  update the description of Grv72hrLine 'Setting up a district grievance line' (links to 1 document)\n"
        "total: 3 units read, 150 units to write (3 changes); 153 of the budget of 9000\n"
    )
    assert youtube.writes() == []


def test_youtube_markdown(
    plan_kb: Path, youtube_env: dict[str, str], youtube: YouTubeState
) -> None:
    seed_starter_videos(youtube)
    result = run("plan", "--targets", "youtube", "--format", "markdown")
    assert result.exit_code == 0, result.output
    assert result.output == YOUTUBE_MARKDOWN
    assert youtube.writes() == []


def test_documents_with_problems_get_no_plan(plan_kb: Path) -> None:
    path = plan_kb / "content" / "guidelines" / "integrity.md"
    path.write_text(path.read_text().replace("lang: en\n", ""))
    result = run("plan")
    assert result.exit_code == 1
    assert result.output == (
        "content/guidelines/integrity.md:2:1: missing-field: a guideline needs the field 'lang'\n"
        "    hint: add 'lang:' to the front matter (Language of the document: en or ur (ur is right to left).)\n"
        "1 problem in 1 file (2 documents checked)\n"
        "No plan was made: fix the problems above first.\n"
    )


def test_an_unknown_target_is_a_usage_error(plan_kb: Path) -> None:
    result = run("plan", "--targets", "wiki,facebook")
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        "Error: Invalid value for '--targets': unknown target 'facebook': choose from wiki, site, youtube"
    )


def test_without_an_earlier_build_every_page_is_added(plan_kb: Path) -> None:
    result = run("plan", "--targets", "site")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[:3] == [
        "== Site",
        "Site plan (no earlier build to compare with): 13 added; 10 other files differ",
        "added     404.html",
    ]
    assert len(lines) == 2 + 13
    assert not (plan_kb / "_site").exists()


def test_the_earlier_build_must_exist(plan_kb: Path) -> None:
    result = run("plan", "--base-site", "nowhere")
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        "Error: Invalid value for '--base-site': Directory 'nowhere' does not exist."
    )
