"""Pytest plugin for the YouTube publisher's tests: the emulator, a knowledge base, clients.

The emulator is started once per session on 127.0.0.1 and emptied before each test. The real
google-api-python-client talks to it, token endpoint included; nothing reaches Google.
"""

from __future__ import annotations

import json
import shutil
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from googleapiclient.http import HttpRequest

from sync.youtube.api import Meter, YouTubeApi
from sync.youtube.client import AuthorizedUser, Endpoints, build_service
from tests.youtube_emulator import (
    CHANNEL_ID,
    CLIENT_ID,
    CLIENT_SECRET,
    REFRESH_TOKEN,
    YouTubeEmulator,
    YouTubeState,
)
from wikipk.config.youtube import DEFAULT_COSTS

STARTER_CONTENT = Path(__file__).parent.parent / "content"

CONFIG = """\
youtube:
  wiki_page_url: https://wiki.example.pk/wiki/{title}
  site_page_url: https://site.example.pk/docs/{id}/
"""

SECRET_JSON = json.dumps(
    {
        "type": "authorized_user",
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "refresh_token": REFRESH_TOKEN,
    }
)


@pytest.fixture(scope="session")
def youtube_server() -> Iterator[YouTubeEmulator]:
    """The emulator, for the whole session."""
    emulator = YouTubeEmulator().start()
    try:
        yield emulator
    finally:
        emulator.stop()


@pytest.fixture
def youtube(youtube_server: YouTubeEmulator) -> YouTubeState:
    """An empty emulated YouTube for this test, to seed and inspect."""
    return youtube_server.reset()


@pytest.fixture
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any connection to an address other than the loopback."""
    connect = socket.socket.connect

    def guarded(sock: socket.socket, address: Any) -> Any:
        host = address[0] if isinstance(address, tuple) else ""
        if sock.family in (socket.AF_INET, socket.AF_INET6) and host not in (
            "127.0.0.1",
            "::1",
            "localhost",
        ):
            raise AssertionError(f"a test tried to connect to {host}")
        return connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    for proxy in (
        "http_proxy",
        "https_proxy",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "all_proxy",
        "ALL_PROXY",
    ):
        monkeypatch.delenv(proxy, raising=False)


@pytest.fixture
def youtube_env(
    youtube_server: YouTubeEmulator,
    youtube: YouTubeState,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    loopback_only: None,
) -> dict[str, str]:
    """The environment of a CI run pointed at the emulator; no real home folder is read."""
    env = {
        "WIKIPK_YOUTUBE_CREDENTIALS": SECRET_JSON,
        "WIKIPK_YOUTUBE_API_URL": youtube_server.base_url,
        "WIKIPK_YOUTUBE_TOKEN_URL": youtube_server.token_uri,
        "XDG_CONFIG_HOME": str(tmp_path / "xdg"),
    }
    monkeypatch.delenv("WIKIPK_YOUTUBE_TOKEN_FILE", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return env


@pytest.fixture
def youtube_kb(knowledge_base: Path, youtube_env: dict[str, str], youtube: YouTubeState) -> Path:
    """The starter content with a ``youtube:`` configuration, and its videos on the emulator."""
    shutil.rmtree(knowledge_base / "content")
    shutil.copytree(STARTER_CONTENT, knowledge_base / "content")
    (knowledge_base / "wikipk.yml").write_text(CONFIG, encoding="utf-8")
    seed_starter_videos(youtube)
    return knowledge_base


def seed_starter_videos(state: YouTubeState) -> None:
    """The videos the starter content cites: two of the channel's own, four of others."""
    state.add_video(
        "Grv72hrLine",
        channel_id=CHANNEL_ID,
        title="Setting up a district grievance line",
        description="How one district answers every complaint within 72 hours.",
        tags=["grievance", "district"],
    )
    state.add_video("Fix10Pts14d", channel_id=CHANNEL_ID, title="Ten repairs in fourteen days")
    state.add_video("ScoreCrd_UC", title="A scorecard session in one minute")
    state.add_video("WalkMapSrv1", title="Walking a union council", privacy="unlisted")
    state.add_video("PunjabCall1", title="Proactive citizen feedback")
    state.add_video("SmsLoop2012", title="From a service visit to a feedback report")


@pytest.fixture
def sleeps() -> list[float]:
    """The back-off sleeps the client library asked for (recorded instead of slept)."""
    return []


@pytest.fixture
def make_api(
    youtube_server: YouTubeEmulator, sleeps: list[float], loopback_only: None
) -> Iterator[Callable[..., YouTubeApi]]:
    """Build metered clients on the emulator through the production factory; closes them."""
    made: list[YouTubeApi] = []

    class RecordingRequest(HttpRequest):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._sleep = sleeps.append

    def make(budget: int = 10_000, retries: int = 3) -> YouTubeApi:
        user = AuthorizedUser(CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN)
        endpoints = Endpoints(youtube_server.base_url, youtube_server.token_uri)
        service = build_service(user, endpoints, request_builder=RecordingRequest)
        api = YouTubeApi(service, Meter(DEFAULT_COSTS, budget), retries)
        made.append(api)
        return api

    yield make
    for api in made:
        api.close()
