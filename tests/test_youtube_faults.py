"""Faults: 5xx answers after a committed insert, retried reads, refusals, an unreachable API."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from sync.youtube.api import YouTubeApi
from sync.youtube.apply import Outcome
from sync.youtube.client import AuthorizedUser, Endpoints, build_service
from sync.youtube.publish import YouTubePublisher
from tests.cli_helpers import run
from tests.youtube_emulator import (
    CHANNEL_ID,
    CLIENT_ID,
    CLIENT_SECRET,
    REFRESH_TOKEN,
    Fault,
    YouTubeEmulator,
    YouTubeState,
)
from wikipk.config import load_config
from wikipk.loading import load_knowledge_base

pytestmark = pytest.mark.usefixtures("loopback_only")


def _video_counts(state: YouTubeState) -> list[dict[str, int]]:
    counts = []
    for playlist_id in state.playlists:
        videos = state.playlist_videos(playlist_id)
        counts.append({video: videos.count(video) for video in videos})
    return counts


def test_a_5xx_after_a_committed_item_insert_makes_no_duplicate(
    youtube_kb: Path, youtube: YouTubeState
) -> None:
    youtube.faults.append(Fault("playlistItems.insert", "commit_then_fail"))
    result = run("publish", "youtube")
    assert (
        "  found-done  add ScoreCrd_UC to 'Wiki Pakistan: SOPs' "
        "(cited at content/sops/community-scorecard.md:14)\n"
    ) in result.output
    assert result.output.endswith("10 changes made; 504 of the budget of 9000 units spent\n")
    assert result.exit_code == 0
    assert all(count == 1 for counts in _video_counts(youtube) for count in counts.values())
    assert len(youtube.calls("playlistItems.insert")) == 6  # the committed one was not sent again


def test_a_5xx_after_a_committed_playlist_insert_makes_no_second_playlist(
    youtube_kb: Path, youtube: YouTubeState
) -> None:
    youtube.faults.append(Fault("playlists.insert", "commit_then_fail", status=500))
    result = run("publish", "youtube")
    assert (
        "  found-done  create public playlist 'Wiki Pakistan: SOPs' (type:sop)\n" in result.output
    )
    assert result.exit_code == 0
    assert len(youtube.playlists) == 2
    assert sum(len(items) for items in youtube.items.values()) == 6


def test_a_5xx_before_the_commit_is_retried_after_checking(
    youtube_kb: Path, youtube: YouTubeState
) -> None:
    youtube.faults.append(Fault("playlistItems.insert", "respond", status=503))
    result = run("publish", "youtube")
    assert result.exit_code == 0
    assert len(youtube.calls("playlistItems.insert")) == 7
    assert all(count == 1 for counts in _video_counts(youtube) for count in counts.values())


def test_a_dropped_connection_after_a_read_is_retried_by_the_library(
    youtube_kb: Path,
    youtube: YouTubeState,
    make_api: Callable[..., YouTubeApi],
    sleeps: list[float],
) -> None:
    youtube.faults += [Fault("videos.list", "respond", status=503), Fault("videos.list", "drop")]
    config = load_config(youtube_kb)
    documents = load_knowledge_base(config).documents
    with make_api() as api:
        plan = YouTubePublisher(api, config.youtube, config.content_dir).plan(documents)
    assert len(plan.changes) == 10
    assert len(sleeps) == 1  # the 503's back-off, recorded instead of slept
    assert len(youtube.calls("videos.list")) == 3  # httplib2 itself resends after the drop


def test_the_library_alone_would_duplicate_a_committed_insert(
    youtube: YouTubeState, youtube_server: YouTubeEmulator, loopback_only: None
) -> None:
    """Why inserts are never retried by the library: it has no way to know the first one worked."""
    youtube.add_video("ScoreCrd_UC")
    youtube.faults.append(Fault("playlistItems.insert", "commit_then_fail"))
    playlist = {"snippet": {"title": "P"}, "status": {"privacyStatus": "private"}}
    user = AuthorizedUser(CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN)
    service = build_service(user, Endpoints(youtube_server.base_url, youtube_server.token_uri))
    try:
        playlist_id = (
            service.playlists().insert(part="snippet,status", body=playlist).execute()["id"]
        )
        body = {
            "snippet": {
                "playlistId": playlist_id,
                "resourceId": {"kind": "youtube#video", "videoId": "ScoreCrd_UC"},
            }
        }
        request = service.playlistItems().insert(part="snippet", body=body)
        request._sleep = lambda seconds: None
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr("googleapiclient.http.LOGGER.warning", lambda *args: None)
            request.execute(num_retries=2)
    finally:
        service.close()
    assert youtube.playlist_videos(playlist_id) == ["ScoreCrd_UC", "ScoreCrd_UC"]


def test_a_persistent_5xx_stops_the_run_with_exit_69(
    youtube_kb: Path, youtube: YouTubeState
) -> None:
    youtube.faults.append(Fault("playlists.insert", "respond", status=503, times=99))
    result = run("publish", "youtube")
    assert result.output == (
        f"YouTube channel 'Wiki Pakistan' ({CHANNEL_ID}):\n"
        "0 changes made, 10 left for the next run; 206 of the budget of 9000 units spent\n"
        "stopped: YouTube answered 503 backendError to playlists.insert\n"
    )
    assert result.exit_code == 69
    assert len(youtube.calls("playlists.insert")) == 4  # the first try and three checked retries
    assert youtube.playlists == {}


def test_a_refused_change_is_reported_and_the_run_goes_on(
    youtube_kb: Path, youtube: YouTubeState
) -> None:
    youtube.faults.append(Fault("videos.update", "respond", status=403, reason="forbidden"))
    result = run("publish", "youtube")
    assert (
        "  refused     update the description of Fix10Pts14d 'Ten repairs in fourteen days' "
        "(links to 1 document): YouTube answered 403 forbidden to videos.update\n"
    ) in result.output
    assert result.output.endswith(
        "9 changes made, 1 refused; 503 of the budget of 9000 units spent\n"
    )
    assert result.exit_code == 1


def test_an_unreachable_api_is_one_sentence(
    youtube_kb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (youtube_kb / "wikipk.yml").write_text(
        (youtube_kb / "wikipk.yml").read_text(encoding="utf-8") + "  retries: 0\n", encoding="utf-8"
    )
    monkeypatch.setenv("WIKIPK_YOUTUBE_API_URL", "http://127.0.0.1:9/")
    monkeypatch.setenv("WIKIPK_YOUTUBE_TOKEN_URL", "http://127.0.0.1:9/token")
    result = run("publish", "youtube", "--dry-run")
    assert result.output == (
        "Error: cannot reach YouTube (127.0.0.1:9): connection refused; check the network and run again\n"
    )
    assert result.exit_code == 69


def test_outcomes_are_reported_for_every_change(
    youtube_kb: Path, youtube: YouTubeState, make_api: Callable[..., YouTubeApi]
) -> None:
    youtube.faults.append(Fault("playlistItems.insert", "commit_then_fail"))
    config = load_config(youtube_kb)
    documents = load_knowledge_base(config).documents
    with make_api() as api:
        publisher = YouTubePublisher(api, config.youtube, config.content_dir)
        report = publisher.apply(publisher.plan(documents))
    assert [result.outcome for result in report.results].count(Outcome.FOUND_DONE) == 1
    assert report.to_json()["results"][1]["outcome"] == "found-done"


def test_a_connection_dropped_after_a_committed_insert_leaves_a_copy_the_next_run_reports(
    youtube_kb: Path, youtube: YouTubeState
) -> None:
    """httplib2 resends any request once when the connection drops before the answer, inserts
    included; no caller can stop it. The second copy is reported, and --prune removes it."""
    youtube.faults.append(Fault("playlistItems.insert", "commit_then_drop"))
    assert run("publish", "youtube").exit_code == 0
    assert youtube.playlist_videos(next(iter(youtube.playlists)))[:2] == [
        "ScoreCrd_UC",
        "ScoreCrd_UC",
    ]
    rerun = run("publish", "youtube")
    assert rerun.output.startswith(
        "note: 'Wiki Pakistan: SOPs' holds ScoreCrd_UC (a second copy); kept: run with --prune to remove it\n"
    )
    assert run("publish", "youtube", "--prune").exit_code == 0
    assert all(count == 1 for counts in _video_counts(youtube) for count in counts.values())
