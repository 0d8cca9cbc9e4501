"""``wikipk publish youtube --dry-run`` with no sign-in: the offline plan of a first publish."""

from __future__ import annotations

import json
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sync.youtube.api import YouTubeApi
from sync.youtube.offline import first_reads, offline_plan
from sync.youtube.publish import YouTubePublisher
from tests.cli_helpers import run
from tests.youtube_emulator import YouTubeEmulator, YouTubeState
from tests.youtube_fixtures import CONFIG, SECRET_JSON
from wikipk.config.youtube import YouTubeSettings

COSTS = "  quota_costs: {videos.list: 2, playlistItems.insert: 40, videos.update: 45}\n"
PLAYLISTS = "  playlists:\n    tags:\n      water: {title: Water and sanitation}\n"

AUDITS = "content/guidelines/water-audits.md"
PUMPS = "content/guidelines/hand-pumps.md"
GUIDES = "'Wiki Pakistan: Guidelines'"
WATER = "'Water and sanitation'"

OFFLINE_PLAN = f"""\
Not signed in to YouTube: this plan assumes an empty channel and was not checked against it (sign in with 'wikipk youtube login').
YouTube plan for a first publish to an empty channel
  channels.list            1  mine
  playlists.list           1  mine, page 1
  videos.list              2  3 videos
  playlists.insert        50  create public playlist {GUIDES} (type:guideline)
  playlistItems.insert    40  add PumpRepair1 to {GUIDES} (cited at {PUMPS}:10)
  playlistItems.insert    40  add WaterAudit1 to {GUIDES} (cited at {AUDITS}:10)
  playlists.insert        50  create public playlist {WATER} (tag:water)
  playlistItems.insert    40  add WaterAudit1 to {WATER} (cited at {AUDITS}:10)
  playlistItems.insert    40  add PumpRepair1 to {WATER} (cited at {AUDITS}:12)
  videos.update           45  update the description of PumpRepair1, if it is the channel's own (links to 2 documents)
  videos.update           45  update the description of PaidVideo01, if it is the channel's own (links to 1 document)
  videos.update           45  update the description of WaterAudit1, if it is the channel's own (links to 1 document)
note: the cited videos were not checked: a signed-in run reports any that is missing, private or not embeddable, and leaves it out of the playlists
note: description updates cannot be known offline: which cited videos are the channel's own, and what their descriptions hold, was not read; each is priced as a possible update
total (upper bound): 4 units read, 395 units to write (6 changes and up to 3 description updates); 399 of the budget of 9000
"""


def _guideline(
    root: Path, name: str, videos: list[str], tags: str = "[water]", extra: str = ""
) -> None:
    """A guideline citing ``videos`` (the first URL on line 10, then every second line)."""
    cited = "".join(f"  - url: https://youtu.be/{vid}\n    title: Video {vid}\n" for vid in videos)
    (root / "content" / "guidelines").mkdir(parents=True, exist_ok=True)
    (root / "content" / "guidelines" / f"{name}.md").write_text(
        f"---\nid: {name}\ntype: guideline\ntitle: Guideline {name}\nlang: en\n"
        f"summary: How to {name}.\nupdated: 2026-11-20\ntags: {tags}\n{extra}"
        f"videos:\n{cited}---\n\nBody of {name}.\n",
        encoding="utf-8",
    )


@pytest.fixture
def connections(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every connection attempted (each one also fails the run at once)."""
    attempts: list[Any] = []

    def refuse(sock: socket.socket, address: Any) -> Any:
        attempts.append(address)
        raise AssertionError(f"the offline plan tried to connect to {address}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    return attempts


@pytest.fixture
def offline_kb(
    knowledge_base: Path,
    youtube_server: YouTubeEmulator,
    youtube: YouTubeState,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> Path:
    """Three guidelines (two tagged water, one premium) citing three videos, no sign-in anywhere, YouTube set to the emulator.

    The API and token addresses point at the emulator, so a call that slipped through would be
    in its log; the XDG folder is empty, so no real home's token file is read.
    """
    config = CONFIG + COSTS + PLAYLISTS
    (knowledge_base / "wikipk.yml").write_text(config, encoding="utf-8")
    _guideline(knowledge_base, "water-audits", ["WaterAudit1", "PumpRepair1"])
    _guideline(knowledge_base, "hand-pumps", ["PumpRepair1"], tags="[]")
    _guideline(knowledge_base, "paid-guide", ["PaidVideo01"], extra="access: premium\n")
    monkeypatch.delenv("WIKIPK_YOUTUBE_CREDENTIALS", raising=False)
    monkeypatch.delenv("WIKIPK_YOUTUBE_TOKEN_FILE", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("WIKIPK_YOUTUBE_API_URL", youtube_server.base_url)
    monkeypatch.setenv("WIKIPK_YOUTUBE_TOKEN_URL", youtube_server.token_uri)
    return knowledge_base


def _missing_token(tmp_path: Path) -> str:
    token = tmp_path / "nowhere" / "youtube-token.json"
    assert not token.exists()
    return str(token)


def test_dry_run_without_sign_in_prints_the_offline_plan(
    offline_kb: Path, youtube: YouTubeState, connections: list[Any], tmp_path: Path
) -> None:
    result = run("publish", "youtube", "--dry-run", "--token-file", _missing_token(tmp_path))
    assert result.output == OFFLINE_PLAN
    assert result.exit_code == 0
    assert connections == []
    assert youtube.log == []


def test_the_offline_plan_as_json(
    offline_kb: Path, youtube: YouTubeState, connections: list[Any], tmp_path: Path
) -> None:
    token = _missing_token(tmp_path)
    result = run("publish", "youtube", "--dry-run", "--format", "json", "--token-file", token)
    plan = json.loads(result.output)
    assert (plan["offline"], plan["channel"], plan["problems"]) == (True, None, [])
    assert plan["units"] == {"read": 4, "write": 260, "possible": 135}
    assert plan["changes"][1] == {
        "method": "playlistItems.insert",
        "summary": f"add PumpRepair1 to {GUIDES} (cited at {PUMPS}:10)",
        "collection": "type:guideline",
        "playlist_title": "Wiki Pakistan: Guidelines",
        "playlist_id": None,
        "video_id": "PumpRepair1",
        "cited_at": f"{PUMPS}:10",
        "cost": 40,
    }
    assert plan["possible"][1] == {
        "method": "videos.update",
        "detail": "update the description of PaidVideo01, if it is the channel's own "
        "(links to 1 document)",
        "cost": 45,
    }
    assert len(plan["notes"]) == 2
    assert result.exit_code == 0
    assert connections == []
    assert youtube.log == []


def test_without_dry_run_a_missing_sign_in_is_still_an_error(
    offline_kb: Path, youtube: YouTubeState, connections: list[Any], tmp_path: Path
) -> None:
    result = run("publish", "youtube", "--token-file", _missing_token(tmp_path))
    assert result.output == (
        "Error: not signed in to YouTube: run 'wikipk youtube login' "
        "(or set WIKIPK_YOUTUBE_CREDENTIALS)\n"
    )
    assert result.exit_code == 2
    assert connections == []
    assert youtube.log == []


def test_an_unreadable_sign_in_is_an_error_even_with_dry_run(
    offline_kb: Path, connections: list[Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    monkeypatch.setenv("WIKIPK_YOUTUBE_TOKEN_FILE", str(folder))
    result = run("publish", "youtube", "--dry-run")
    assert result.output == f"Error: the token file {folder} cannot be read: Is a directory\n"
    assert result.exit_code == 2


def test_the_default_token_file_counts_as_a_sign_in(
    offline_kb: Path, connections: list[Any], tmp_path: Path
) -> None:
    token = tmp_path / "xdg" / "wikipk" / "youtube-token.json"
    token.parent.mkdir(parents=True)
    token.write_text("not json", encoding="utf-8")
    result = run("publish", "youtube", "--dry-run")
    assert result.output.startswith("Error: the token file ")
    assert result.exit_code == 2


def test_the_offline_plan_is_what_a_signed_in_run_plans_for_an_empty_channel(
    offline_kb: Path, youtube: YouTubeState, loopback_only: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    offline = json.loads(run("publish", "youtube", "--dry-run", "--format", "json").output)
    for vid in ("WaterAudit1", "PumpRepair1", "PaidVideo01"):
        youtube.add_video(vid)  # watchable, and another channel's
    monkeypatch.setenv("WIKIPK_YOUTUBE_CREDENTIALS", SECRET_JSON)
    online = json.loads(run("publish", "youtube", "--dry-run", "--format", "json").output)
    assert online["offline"] is False
    assert offline["reads"] == online["reads"]
    assert offline["changes"] == online["changes"]
    assert offline["units"]["write"] == online["units"]["write"]


def test_reads_of_many_videos_are_priced_per_batch_of_50() -> None:
    settings = YouTubeSettings("https://w/{title}", "https://s/{id}/", types={}, tags={})
    reads = first_reads(settings, 51)
    assert [(call.method.value, call.detail, call.cost) for call in reads] == [
        ("channels.list", "mine", 1),
        ("playlists.list", "mine, page 1", 1),
        ("videos.list", "50 videos", 1),
        ("videos.list", "1 video", 1),
    ]


def test_an_offline_plan_cannot_be_applied(
    make_api: Callable[..., YouTubeApi], youtube: YouTubeState, tmp_path: Path
) -> None:
    settings = YouTubeSettings("https://w/{title}", "https://s/{id}/", types={}, tags={})
    plan = offline_plan((), settings, tmp_path, budget=100)
    publisher = YouTubePublisher(make_api(), settings, tmp_path)
    with pytest.raises(ValueError, match="offline plan"):
        publisher.apply(plan)
    assert youtube.log == []
