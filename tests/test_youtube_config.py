"""The ``youtube:`` settings, the description block's limits, and the emulator's honesty."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from googleapiclient.discovery_cache import get_static_doc

from sync.youtube.describe import BEGIN, END, Outcome, Reference, describe, splice
from tests.cli_helpers import run
from tests.youtube_emulator import YouTubeState
from tests.youtube_fixtures import CONFIG
from wikipk.config import Config, load_config
from wikipk.errors import ConfigError

pytestmark = pytest.mark.usefixtures("loopback_only")

WIKI_URL = "  wiki_page_url: https://wiki.example.pk/wiki/{title}\n"
SITE_URL = "  site_page_url: https://site.example.pk/docs/{id}/\n"
URLS = WIKI_URL + SITE_URL


def _settings(root: Path, section: str) -> Config:
    """The configuration of a knowledge base whose ``wikipk.yml`` is ``youtube:`` + ``section``."""
    (root / "content").mkdir(exist_ok=True)
    (root / "wikipk.yml").write_text("youtube:\n" + section, encoding="utf-8")
    return load_config(root)


@pytest.mark.parametrize(
    ("section", "message"),
    [
        (
            "  wiki_page_url:\n" + SITE_URL,
            "wikipk.yml:2:3: 'youtube.wiki_page_url' must be set to a page address using {title}\n"
            "    hint: such as https://example.org/{title}",
        ),
        (
            WIKI_URL + "  site_page_url: https://site.example.pk/{slug}/\n",
            "wikipk.yml:3:18: 'youtube.site_page_url' uses {slug}; it may use {id}, {lang}, {type}",
        ),
        (
            URLS + "  budjet: 10\n",
            "wikipk.yml:4:3: unknown setting 'youtube.budjet'\n    hint: did you mean 'budget'?",
        ),
        (
            URLS + "  budget: -1\n",
            "wikipk.yml:4:11: 'youtube.budget' must be a whole number, got -1\n"
            "    hint: write a number such as 9000",
        ),
        (
            URLS + "  quota_costs: {videos.update: 0}\n",
            "wikipk.yml:4:32: 'youtube.quota_costs.videos.update' must be at least 1 unit, got 0\n"
            "    hint: write the units of Google's quota calculator, such as 50",
        ),
        (
            URLS + "  quota_costs:\n    search.list: 100\n",
            "wikipk.yml:5:5: 'youtube.quota_costs.search.list' is not a call the publisher makes",
        ),
        (
            URLS + f"  playlists: {{types: {{sop: {{title: {'x' * 101}}}}}}}\n",
            "wikipk.yml:4:36: 'youtube.playlists.types.sop.title' has 101 characters; "
            "YouTube allows 100\n    hint: shorten it",
        ),
        (
            URLS + '  playlists: {types: {sop: {description: "<b>SOPs</b>"}}}\n',
            "wikipk.yml:4:42: 'youtube.playlists.types.sop.description' contains '<' or '>', "
            "which YouTube refuses\n    hint: remove them",
        ),
        (
            URLS + "  playlists: {tags: {Water: {}}}\n",
            "wikipk.yml:4:22: 'youtube.playlists.tags.Water' names 'Water', which is not a "
            "document tag\n    hint: write a tag as documents write it: lowercase letters, "
            "digits and '-'",
        ),
        (
            URLS + "  playlists: {types: {sop: {privacy: secret}}}\n",
            "wikipk.yml:4:38: 'youtube.playlists.types.sop.privacy' must be public, unlisted or "
            "private, got 'secret'\n    hint: write one of public, unlisted or private",
        ),
        (
            URLS + "  playlists: {types: {sop: {privacy: pubic}}}\n",
            "wikipk.yml:4:38: 'youtube.playlists.types.sop.privacy' must be public, unlisted or "
            "private, got 'pubic'\n    hint: did you mean 'public'?",
        ),
        (
            URLS + "  playlists: [sop]\n",
            "wikipk.yml:4:14: 'youtube.playlists' must be a mapping of settings, got a list\n"
            "    hint: write one 'name: value' per line, indented under 'playlists:'",
        ),
        (
            URLS + "  channel_id: 42\n",
            "wikipk.yml:4:15: 'youtube.channel_id' must be a channel id such as 'UC...'",
        ),
    ],
)
def test_wrong_settings_are_located_with_a_hint(tmp_path: Path, section: str, message: str) -> None:
    config = _settings(tmp_path, section)
    with pytest.raises(ConfigError) as caught:
        _ = config.youtube
    assert str(caught.value) == message


def test_a_wrong_setting_stops_the_command_with_exit_2(
    youtube_kb: Path, youtube: YouTubeState
) -> None:
    (youtube_kb / "wikipk.yml").write_text(CONFIG + "  retries: many\n", encoding="utf-8")
    result = run("publish", "youtube", "--dry-run")
    assert result.output == (
        "Error: wikipk.yml:4:12: 'youtube.retries' must be a whole number, got 'many'\n"
        "    hint: write a number such as 3\n"
    )
    assert result.exit_code == 2
    assert youtube.log == []


def test_quota_costs_come_from_the_configuration(youtube_kb: Path, youtube: YouTubeState) -> None:
    config = CONFIG + "  quota_costs: {playlistItems.insert: 80, videos.list: 3}\n"
    (youtube_kb / "wikipk.yml").write_text(config, encoding="utf-8")
    result = run("publish", "youtube", "--dry-run")
    assert "  playlistItems.insert    80  add ScoreCrd_UC" in result.output
    assert result.output.endswith(
        "total: 5 units read, 680 units to write (10 changes); 685 of the budget of 9000\n"
    )


def test_tag_playlists_take_a_list(tmp_path: Path) -> None:
    section = URLS + "  playlists: {tags: [water], types: {report: false}}\n"
    settings = _settings(tmp_path, section).youtube
    assert [c.key for c in settings.collections()] == [
        "type:sop",
        "type:guideline",
        "type:case-study",
        "type:scorecard",
        "tag:water",
    ]


URDU = Reference("ضلعی شکایتی لائن", "https://site.example.pk/docs/a/", None)


def test_the_description_limit_is_counted_in_bytes() -> None:
    block_bytes = len(f"{BEGIN}\n{URDU.title}\nSite: {URDU.site_url}\n{END}".encode())
    room = 5000 - block_bytes - 2  # the blank line before the block
    exact = describe("ب" * (room // 2), [URDU])
    assert exact.outcome is Outcome.FITS
    assert len(exact.description.encode()) == 5000
    assert describe("ب" * (room // 2 + 1), [URDU]).outcome is Outcome.TOO_LONG


def test_documents_are_left_out_of_the_block_until_it_fits() -> None:
    references = [Reference(f"Document {n}", f"https://s/{n}", f"https://w/{n}") for n in range(99)]
    described = describe("Intro.", references)
    assert described.outcome is Outcome.FITS
    assert 0 < described.references < 99
    assert len(described.description.encode()) <= 5000


def test_broken_markers_leave_the_description_alone() -> None:
    assert splice(f"text\n{BEGIN}\nno end", "new") is None
    assert splice(f"{END}\n{BEGIN}", "new") is None
    assert describe(f"{BEGIN}\n{BEGIN}\n{END}", [URDU]).outcome is Outcome.BROKEN_MARKERS


def test_angle_brackets_never_reach_a_description(
    knowledge_base: Path, youtube_env: dict[str, str], youtube: YouTubeState
) -> None:
    (knowledge_base / "wikipk.yml").write_text(CONFIG, encoding="utf-8")
    youtube.add_video("OwnVideo001", channel_id="UCwikipakistan0000000001")
    (knowledge_base / "content" / "g.md").write_text(
        "---\nid: g\ntype: guideline\ntitle: Guide\nlang: en\nsummary: S.\nupdated: 2026-11-20\n"
        "videos:\n  - url: https://youtu.be/OwnVideo001\n    title: V\n---\n\nBody.\n",
        encoding="utf-8",
    )
    config = CONFIG.replace("{title}", "{title}?from=<yt>")
    (knowledge_base / "wikipk.yml").write_text(config, encoding="utf-8")
    result = run("publish", "youtube")
    assert result.output.endswith("3 changes made; 153 of the budget of 9000 units spent\n")
    assert "<" not in youtube.videos["OwnVideo001"].description


def _schema_fields(
    schemas: dict[str, Any], schema: dict[str, Any], value: Any, where: str
) -> list[str]:
    """Fields of ``value`` that the discovery schema does not know."""
    if "$ref" in schema:
        schema = schemas[schema["$ref"]]
    unknown = []
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        for key, item in value.items():
            if key not in properties:
                unknown.append(f"{where}.{key}")
            else:
                unknown += _schema_fields(schemas, properties[key], item, f"{where}.{key}")
    elif isinstance(value, list):
        for item in value:
            unknown += _schema_fields(schemas, schema.get("items", {}), item, f"{where}[]")
    return unknown


def test_the_emulator_answers_only_fields_the_real_api_has(
    youtube_kb: Path, youtube: YouTubeState, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Drift guard: compare what the emulator sends with the bundled discovery document."""
    answers: list[tuple[str, Any]] = []
    from tests import youtube_emulator

    for method, handler in list(youtube_emulator._METHODS.items()):

        def recorded(
            state: YouTubeState, query: Any, body: Any, _h: Any = handler, _m: str = method
        ) -> Any:
            answer = _h(state, query, body)
            answers.append((_m, answer))
            return answer

        monkeypatch.setitem(youtube_emulator._METHODS, method, recorded)
    assert run("publish", "youtube").exit_code == 0
    assert run("publish", "youtube").exit_code == 0
    document = json.loads(get_static_doc("youtube", "v3"))
    responses = {
        resource + "." + name: spec.get("response", {}).get("$ref")
        for resource, methods in document["resources"].items()
        for name, spec in methods.get("methods", {}).items()
    }
    checked = set()
    for method, answer in answers:
        if answer is not None:
            schema = {"$ref": responses[method]}
            assert _schema_fields(document["schemas"], schema, answer, method) == []
            checked.add(method)
    assert checked == {
        "channels.list",
        "playlists.list",
        "playlists.insert",
        "playlistItems.list",
        "playlistItems.insert",
        "videos.list",
        "videos.update",
    }
