"""``wikipk publish youtube`` against the emulator: plans, runs, reruns, budget, quota, problems."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli_helpers import run
from tests.youtube_emulator import CHANNEL_ID, YouTubeState
from tests.youtube_fixtures import CONFIG

pytestmark = pytest.mark.usefixtures("loopback_only")

SOPS = "'Wiki Pakistan: SOPs'"
CASES = "'Wiki Pakistan: Case studies'"
SCORECARD = "content/sops/community-scorecard.md:14"
FIX = "content/sops/fix-ten-broken-points.md:14"
GRIEVANCE = "content/sops/grievance-channel.md:14"
WALK = "content/sops/pedestrian-service-mapping.md:14"
PUNJAB = "content/case-studies/punjab-proactive-governance.md"

PLAN = f"""\
YouTube plan for channel 'Wiki Pakistan' ({CHANNEL_ID})
  channels.list            1  mine
  playlists.list           1  mine, page 1
  videos.list              1  6 videos
  playlists.insert        50  create public playlist {SOPS} (type:sop)
  playlistItems.insert    50  add ScoreCrd_UC to {SOPS} (cited at {SCORECARD})
  playlistItems.insert    50  add Fix10Pts14d to {SOPS} (cited at {FIX})
  playlistItems.insert    50  add Grv72hrLine to {SOPS} (cited at {GRIEVANCE})
  playlistItems.insert    50  add WalkMapSrv1 to {SOPS} (cited at {WALK})
  playlists.insert        50  create public playlist {CASES} (type:case-study)
  playlistItems.insert    50  add PunjabCall1 to {CASES} (cited at {PUNJAB}:14)
  playlistItems.insert    50  add SmsLoop2012 to {CASES} (cited at {PUNJAB}:16)
  videos.update           50  update the description of Fix10Pts14d 'Ten repairs in fourteen days' (links to 1 document)
  videos.update           50  update the description of Grv72hrLine 'Setting up a district grievance line' (links to 2 documents)
total: 3 units read, 500 units to write (10 changes); 503 of the budget of 9000
"""

FIRST_RUN = f"""\
YouTube channel 'Wiki Pakistan' ({CHANNEL_ID}):
  done        create public playlist {SOPS} (type:sop)
  done        add ScoreCrd_UC to {SOPS} (cited at {SCORECARD})
  done        add Fix10Pts14d to {SOPS} (cited at {FIX})
  done        add Grv72hrLine to {SOPS} (cited at {GRIEVANCE})
  done        add WalkMapSrv1 to {SOPS} (cited at {WALK})
  done        create public playlist {CASES} (type:case-study)
  done        add PunjabCall1 to {CASES} (cited at {PUNJAB}:14)
  done        add SmsLoop2012 to {CASES} (cited at {PUNJAB}:16)
  done        update the description of Fix10Pts14d 'Ten repairs in fourteen days' (links to 1 document)
  done        update the description of Grv72hrLine 'Setting up a district grievance line' (links to 2 documents)
10 changes made; 503 of the budget of 9000 units spent
"""

IN_STEP = (
    f"YouTube channel 'Wiki Pakistan' ({CHANNEL_ID}) is in step: nothing to change; 5 units spent\n"
)

GRIEVANCE_BLOCK = """\
--- Wiki Pakistan: read more (updated automatically) ---
Run a single grievance channel with a 72-hour acknowledgement rule
Wiki: https://wiki.example.pk/wiki/Run_a_single_grievance_channel_with_a_72-hour_acknowledgement_rule
Site: https://site.example.pk/docs/grievance-channel/
ایک شکایتی چینل چلائیں اور ہر شکایت کی وصولی کی اطلاع 72 گھنٹے میں دیں
Wiki: https://wiki.example.pk/wiki/%D8%A7%DB%8C%DA%A9_%D8%B4%DA%A9%D8%A7%DB%8C%D8%AA%DB%8C_%DA%86%DB%8C%D9%86%D9%84_%DA%86%D9%84%D8%A7%D8%A6%DB%8C%DA%BA_%D8%A7%D9%88%D8%B1_%DB%81%D8%B1_%D8%B4%DA%A9%D8%A7%DB%8C%D8%AA_%DA%A9%DB%8C_%D9%88%D8%B5%D9%88%D9%84%DB%8C_%DA%A9%DB%8C_%D8%A7%D8%B7%D9%84%D8%A7%D8%B9_72_%DA%AF%DA%BE%D9%86%D9%B9%DB%92_%D9%85%DB%8C%DA%BA_%D8%AF%DB%8C%DA%BA
Site: https://site.example.pk/docs/grievance-channel-ur/
--- end of Wiki Pakistan links ---"""


def _playlists(state: YouTubeState) -> dict[str, list[str]]:
    """Playlist title: video ids, as the channel shows them."""
    return {
        playlist["snippet"]["title"]: state.playlist_videos(playlist_id)
        for playlist_id, playlist in state.playlists.items()
    }


def _in_step(state: YouTubeState) -> None:
    assert _playlists(state) == {
        "Wiki Pakistan: SOPs": ["ScoreCrd_UC", "Fix10Pts14d", "Grv72hrLine", "WalkMapSrv1"],
        "Wiki Pakistan: Case studies": ["PunjabCall1", "SmsLoop2012"],
    }


def test_dry_run_prints_the_priced_plan_and_writes_nothing(
    youtube_kb: Path, youtube: YouTubeState
) -> None:
    result = run("publish", "youtube", "--dry-run")
    assert result.output == PLAN
    assert result.exit_code == 0
    assert youtube.writes() == []
    assert youtube.quota_used == 3


def test_dry_run_as_json(youtube_kb: Path, youtube: YouTubeState) -> None:
    result = run("publish", "youtube", "--dry-run", "--format", "json")
    plan = json.loads(result.output)
    assert (plan["offline"], plan["channel"]["id"]) == (False, CHANNEL_ID)
    assert plan["units"] == {"read": 3, "write": 500, "possible": 0}
    assert plan["possible"] == []
    assert plan["reads"][0] == {"method": "channels.list", "detail": "mine", "cost": 1}
    assert [change["method"] for change in plan["changes"]].count("playlistItems.insert") == 6
    assert plan["changes"][1] == {
        "method": "playlistItems.insert",
        "summary": f"add ScoreCrd_UC to {SOPS} (cited at {SCORECARD})",
        "collection": "type:sop",
        "playlist_title": "Wiki Pakistan: SOPs",
        "playlist_id": None,
        "video_id": "ScoreCrd_UC",
        "cited_at": SCORECARD,
        "cost": 50,
    }
    assert plan["problems"] == []
    assert result.exit_code == 0


def test_first_publish_then_a_second_run_writes_nothing(
    youtube_kb: Path, youtube: YouTubeState
) -> None:
    first = run("publish", "youtube")
    assert first.output == FIRST_RUN
    assert first.exit_code == 0
    _in_step(youtube)
    markers = [playlist["snippet"]["description"] for playlist in youtube.playlists.values()]
    assert markers == [
        "Videos cited by the sops of the Wiki Pakistan knowledge base.\n\nwikipk:collection=type:sop",
        "Videos cited by the case studies of the Wiki Pakistan knowledge base.\n\nwikipk:collection=type:case-study",
    ]
    assert youtube.quota_used == 503

    writes, used = len(youtube.writes()), youtube.quota_used
    second = run("publish", "youtube")
    assert second.output == IN_STEP
    assert second.exit_code == 0
    assert len(youtube.writes()) == writes
    assert youtube.quota_used - used == 5


def test_owned_video_description_changes_between_the_markers_only(
    youtube_kb: Path, youtube: YouTubeState
) -> None:
    video = youtube.videos["Grv72hrLine"]
    video.description = (
        "Before the block, kept.\n\n"
        "--- Wiki Pakistan: read more (updated automatically) ---\nAn old title\n"
        "--- end of Wiki Pakistan links ---\n\nAfter the block, kept too. ۷۲ گھنٹے"
    )
    assert run("publish", "youtube").exit_code == 0
    assert video.description == (
        f"Before the block, kept.\n\n{GRIEVANCE_BLOCK}\n\nAfter the block, kept too. ۷۲ گھنٹے"
    )
    assert (video.title, video.category_id, video.tags) == (
        "Setting up a district grievance line",
        "27",
        ["grievance", "district"],
    )
    assert youtube.videos["Fix10Pts14d"].description == (
        "--- Wiki Pakistan: read more (updated automatically) ---\n"
        "Fix ten always-broken points in 14 days with community-verified micro-contracts\n"
        "Wiki: https://wiki.example.pk/wiki/Fix_ten_always-broken_points_in_14_days_with_community-verified_micro-contracts\n"
        "Site: https://site.example.pk/docs/fix-ten-broken-points/\n"
        "--- end of Wiki Pakistan links ---"
    )
    updated = {entry.query.get("part", [""])[0] for entry in youtube.calls("videos.update")}
    assert updated == {"snippet"}
    assert youtube.videos["ScoreCrd_UC"].description == ""  # another channel's video: untouched


def test_budget_stop_then_the_next_run_carries_on(youtube_kb: Path, youtube: YouTubeState) -> None:
    stopped = run("publish", "youtube", "--budget", "110")
    assert stopped.output == (
        f"YouTube channel 'Wiki Pakistan' ({CHANNEL_ID}):\n"
        f"  done        create public playlist {SOPS} (type:sop)\n"
        f"  done        add ScoreCrd_UC to {SOPS} (cited at {SCORECARD})\n"
        "2 changes made, 8 left for the next run; 103 of the budget of 110 units spent\n"
        "stopped: the budget of 110 units would be passed by playlistItems.insert "
        "(50 units, 103 spent); the next run carries on\n"
    )
    assert stopped.exit_code == 75

    resumed = run("publish", "youtube")
    assert resumed.output.endswith("8 changes made; 404 of the budget of 9000 units spent\n")
    assert resumed.exit_code == 0
    _in_step(youtube)
    assert run("publish", "youtube").output == IN_STEP


def test_a_budget_below_the_reads_stops_before_any_write(
    youtube_kb: Path, youtube: YouTubeState
) -> None:
    result = run("publish", "youtube", "--budget", "2")
    assert result.output == (
        "stopped: the budget of 2 units would be passed by videos.list (1 units, 2 spent); "
        "the next run carries on\n"
    )
    assert result.exit_code == 75
    assert youtube.writes() == []


def test_quota_exceeded_ends_the_run_cleanly_and_the_next_day_carries_on(
    youtube_kb: Path, youtube: YouTubeState
) -> None:
    youtube.quota_limit = 160
    stopped = run("publish", "youtube")
    assert stopped.output.endswith(
        "3 changes made, 7 left for the next run; 203 of the budget of 9000 units spent\n"
        "stopped: YouTube's daily quota for this project is used up (quotaExceeded); "
        "it resets at midnight Pacific Time; the next run carries on\n"
    )
    assert stopped.exit_code == 75
    assert len(youtube.calls("playlistItems.insert")) == 3  # the refused one was not retried

    youtube.quota_used, youtube.quota_limit = 0, 10_000  # the next day
    resumed = run("publish", "youtube")
    assert resumed.exit_code == 0
    _in_step(youtube)


def test_quota_exceeded_while_reading(youtube_kb: Path, youtube: YouTubeState) -> None:
    youtube.quota_limit = 1
    result = run("publish", "youtube", "--dry-run")
    assert result.output == (
        "stopped: YouTube's daily quota for this project is used up (quotaExceeded); "
        "it resets at midnight Pacific Time; the next run carries on\n"
    )
    assert result.exit_code == 75


def test_a_deleted_video_is_reported_where_the_document_cites_it(
    youtube_kb: Path, youtube: YouTubeState
) -> None:
    del youtube.videos["PunjabCall1"]
    youtube.videos["SmsLoop2012"].upload_status = "rejected"
    youtube.videos["WalkMapSrv1"].embeddable = False
    result = run("publish", "youtube")
    assert result.output.startswith(
        f"{PUNJAB}:14:10: video-unavailable: video 'PunjabCall1' does not exist on YouTube, "
        "was deleted, or is private\n"
        "    hint: check the URL; ask the video's owner to make it public or unlisted, "
        "or remove it from 'videos'\n"
        f"{PUNJAB}:16:10: video-unavailable: video 'SmsLoop2012' was removed from YouTube (rejected)\n"
        "    hint: cite another video, or remove it from 'videos'\n"
        "content/sops/pedestrian-service-mapping.md:14:10: video-not-embeddable: "
        "video 'WalkMapSrv1' may not be embedded in other sites\n"
        "    hint: turn on 'Allow embedding' in YouTube Studio, or cite another video\n"
    )
    assert result.output.endswith("6 changes made; 303 of the budget of 9000 units spent\n")
    assert result.exit_code == 1
    assert _playlists(youtube) == {
        "Wiki Pakistan: SOPs": ["ScoreCrd_UC", "Fix10Pts14d", "Grv72hrLine"]
    }


def test_a_private_video_of_the_channel_is_reported(
    youtube_kb: Path, youtube: YouTubeState
) -> None:
    youtube.videos["Fix10Pts14d"].privacy = "private"
    result = run("publish", "youtube", "--dry-run", "--format", "json")
    problems = json.loads(result.output)["problems"]
    assert problems == [
        {
            "path": "content/sops/fix-ten-broken-points.md",
            "line": 14,
            "column": 10,
            "rule": "video-unavailable",
            "message": "video 'Fix10Pts14d' is private",
            "hint": "make it public or unlisted in YouTube Studio, or remove it from 'videos'",
            "severity": "error",
        },
    ]
    assert result.exit_code == 1


def test_documents_with_problems_are_not_published(youtube_kb: Path, youtube: YouTubeState) -> None:
    broken = youtube_kb / "content" / "sops" / "grievance-channel.md"
    broken.write_text(
        broken.read_text(encoding="utf-8").replace("type: sop", "type: memo"), encoding="utf-8"
    )
    result = run("publish", "youtube")
    assert result.output.endswith(
        "Error: the documents have 1 problem; fix them before publishing\n"
    )
    assert result.exit_code == 1
    assert youtube.log == []


def _write_guideline(
    root: Path, doc_id: str, video: str, *, premium: bool = False, tags: str = "[]"
) -> None:
    access = "access: premium\n" if premium else ""
    (root / "content" / f"{doc_id}.md").write_text(
        f"---\nid: {doc_id}\ntype: guideline\ntitle: Guideline {doc_id}\nlang: en\n"
        f"summary: Secret summary of {doc_id}.\nupdated: 2026-11-20\ntags: {tags}\n{access}"
        f"videos:\n  - url: https://youtu.be/{video}\n    title: A video\n---\n\n"
        f"Premium body text of {doc_id}.\n",
        encoding="utf-8",
    )


def test_premium_videos_stay_out_of_public_playlists_and_their_text_out_of_descriptions(
    knowledge_base: Path, youtube_env: dict[str, str], youtube: YouTubeState
) -> None:
    (knowledge_base / "wikipk.yml").write_text(CONFIG, encoding="utf-8")
    _write_guideline(knowledge_base, "open-guide", "OpenVideo01")
    _write_guideline(knowledge_base, "paid-guide", "PaidVideo01", premium=True)
    youtube.add_video("OpenVideo01")
    youtube.add_video("PaidVideo01", channel_id=CHANNEL_ID, title="Paid", description="Intro.")
    assert run("publish", "youtube").exit_code == 0
    assert _playlists(youtube) == {"Wiki Pakistan: Guidelines": ["OpenVideo01"]}
    sent = "".join(entry.body for entry in youtube.writes())
    assert "PaidVideo01" in sent
    for text in ("Secret summary", "Premium body text"):
        assert text not in sent
    assert youtube.videos["PaidVideo01"].description == (
        "Intro.\n\n--- Wiki Pakistan: read more (updated automatically) ---\n"
        "Guideline paid-guide\nWiki: https://wiki.example.pk/wiki/Guideline_paid-guide\n"
        "Site: https://site.example.pk/docs/paid-guide/\n"
        "--- end of Wiki Pakistan links ---"
    )


def test_premium_videos_may_join_a_private_playlist(
    knowledge_base: Path, youtube_env: dict[str, str], youtube: YouTubeState
) -> None:
    config = CONFIG + "  playlists:\n    types:\n      guideline: {privacy: private}\n"
    (knowledge_base / "wikipk.yml").write_text(config, encoding="utf-8")
    _write_guideline(knowledge_base, "paid-guide", "PaidVideo01", premium=True)
    youtube.add_video("PaidVideo01")
    assert run("publish", "youtube").exit_code == 0
    assert _playlists(youtube) == {"Wiki Pakistan: Guidelines": ["PaidVideo01"]}
    assert [p["status"]["privacyStatus"] for p in youtube.playlists.values()] == ["private"]


def test_tag_playlists_where_configured(youtube_kb: Path, youtube: YouTubeState) -> None:
    config = (
        CONFIG
        + "  playlists:\n    types: {case-study: false}\n    tags:\n      water: {title: Water and sanitation}\n"
    )
    (youtube_kb / "wikipk.yml").write_text(config, encoding="utf-8")
    assert run("publish", "youtube").exit_code == 0
    assert _playlists(youtube) == {
        "Wiki Pakistan: SOPs": ["ScoreCrd_UC", "Fix10Pts14d", "Grv72hrLine", "WalkMapSrv1"],
        "Water and sanitation": ["Fix10Pts14d", "WalkMapSrv1"],
    }


def test_a_renamed_playlist_is_recognised_by_its_marker(
    youtube_kb: Path, youtube: YouTubeState
) -> None:
    assert run("publish", "youtube").exit_code == 0
    for playlist in youtube.playlists.values():
        playlist["snippet"]["title"] = "Renamed in Studio " + playlist["id"]
    assert run("publish", "youtube").output == IN_STEP
    assert len(youtube.playlists) == 2


def test_uncited_and_repeated_entries_are_kept_unless_pruned(
    youtube_kb: Path, youtube: YouTubeState
) -> None:
    assert run("publish", "youtube").exit_code == 0
    sops = next(iter(youtube.playlists))
    youtube.add_video("HandAdded01")
    youtube.items[sops].append({"id": "PLIextra1", "contentDetails": {"videoId": "HandAdded01"}})
    youtube.items[sops].append({"id": "PLIextra2", "contentDetails": {"videoId": "ScoreCrd_UC"}})
    kept = run("publish", "youtube")
    assert kept.output == (
        "note: 'Wiki Pakistan: SOPs' holds HandAdded01 (no document of the collection cites it); "
        "kept: run with --prune to remove it\n"
        "note: 'Wiki Pakistan: SOPs' holds ScoreCrd_UC (a second copy); kept: run with --prune to remove it\n"
        f"YouTube channel 'Wiki Pakistan' ({CHANNEL_ID}) is in step: nothing to change; 5 units spent\n"
    )
    pruned = run("publish", "youtube", "--prune")
    assert pruned.exit_code == 0
    assert (
        "  done        remove HandAdded01 from 'Wiki Pakistan: SOPs' (no document of the collection cites it)\n"
        in pruned.output
    )
    _in_step(youtube)
