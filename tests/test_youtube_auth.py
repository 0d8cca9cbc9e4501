"""Signing in: the refresh-token flow, bad and revoked sign-ins, the login flow, no leaked secrets."""

from __future__ import annotations

import json
import logging
import socket
import stat
import threading
import traceback
import urllib.request
import webbrowser
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sync.youtube.api import YouTubeApi
from sync.youtube.client import AuthorizedUser, save_authorized_user
from sync.youtube.errors import CredentialsError
from tests.cli_helpers import run
from tests.youtube_emulator import (
    CHANNEL_ID,
    CLIENT_ID,
    CLIENT_SECRET,
    REFRESH_TOKEN,
    YouTubeEmulator,
    YouTubeState,
)

pytestmark = pytest.mark.usefixtures("loopback_only")

LOGIN_AGAIN = "run 'wikipk youtube login' again and update the CI secret"


def test_the_refresh_token_buys_an_access_token_from_the_token_endpoint(
    youtube: YouTubeState, make_api: Callable[..., YouTubeApi]
) -> None:
    with make_api() as api:
        assert api.my_channel().id == CHANNEL_ID
        api.my_playlists()
    assert [entry.method for entry in youtube.log] == ["token", "channels.list", "playlists.list"]
    (access_token,) = youtube.access_tokens
    assert {entry.authorization for entry in youtube.log[1:]} == {f"Bearer {access_token}"}


def test_a_revoked_sign_in_is_one_sentence(youtube_kb: Path, youtube: YouTubeState) -> None:
    youtube.refresh_tokens.clear()
    result = run("publish", "youtube", "--dry-run")
    assert result.output == (
        "Error: Google refused the stored YouTube sign-in (invalid_grant): it was revoked, "
        f"has expired or belongs to another OAuth client; {LOGIN_AGAIN}\n"
    )
    assert result.exit_code == 2


def test_no_sign_in(
    youtube_kb: Path, youtube: YouTubeState, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("WIKIPK_YOUTUBE_CREDENTIALS")
    result = run("publish", "youtube")
    assert result.output == (
        "Error: not signed in to YouTube: run 'wikipk youtube login' "
        "(or set WIKIPK_YOUTUBE_CREDENTIALS)\n"
    )
    assert result.exit_code == 2
    assert youtube.log == []


def test_no_sign_in_with_dry_run_plans_offline(
    youtube_kb: Path, youtube: YouTubeState, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("WIKIPK_YOUTUBE_CREDENTIALS")
    result = run("publish", "youtube", "--dry-run")
    assert result.output.startswith("Not signed in to YouTube: this plan assumes an empty channel")
    assert result.exit_code == 0
    assert youtube.log == []  # tests/test_youtube_offline.py pins the plan itself


@pytest.mark.parametrize(
    ("secret", "message"),
    [
        (
            '{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----"}',
            "WIKIPK_YOUTUBE_CREDENTIALS holds a service account key, and YouTube channels cannot "
            "be managed with service accounts; run 'wikipk youtube login' and use the file it "
            "writes as the channel's owner",
        ),
        (
            "refresh-token-pasted-alone",
            "WIKIPK_YOUTUBE_CREDENTIALS is not JSON; run 'wikipk youtube login' and use the file "
            "it writes",
        ),
        (
            '{"client_id": "x", "client_secret": "y"}',
            "WIKIPK_YOUTUBE_CREDENTIALS has no 'refresh_token'; run 'wikipk youtube login' and "
            "use the file it writes",
        ),
    ],
)
def test_a_wrong_secret_is_named_but_never_shown(
    youtube_kb: Path, monkeypatch: pytest.MonkeyPatch, secret: str, message: str
) -> None:
    monkeypatch.setenv("WIKIPK_YOUTUBE_CREDENTIALS", secret)
    result = run("publish", "youtube", "--dry-run")
    assert result.output == f"Error: {message}\n"
    assert result.exit_code == 2


def test_the_token_file_is_read_when_no_secret_is_set(
    youtube_kb: Path, youtube: YouTubeState, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("WIKIPK_YOUTUBE_CREDENTIALS")
    token_file = tmp_path / "xdg" / "wikipk" / "youtube-token.json"
    save_authorized_user(AuthorizedUser(CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN), token_file)
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(token_file.parent.stat().st_mode) == 0o700
    assert run("publish", "youtube", "--dry-run").exit_code == 0


def test_the_sign_in_must_be_for_the_configured_channel(
    youtube_kb: Path, youtube: YouTubeState
) -> None:
    config = youtube_kb / "wikipk.yml"
    config.write_text(
        config.read_text(encoding="utf-8") + "  channel_id: UCanother\n", encoding="utf-8"
    )
    result = run("publish", "youtube", "--dry-run")
    assert result.output == (
        f"Error: the sign-in is for channel 'Wiki Pakistan' ({CHANNEL_ID}), but wikipk.yml names "
        "UCanother; run 'wikipk youtube login' as the right channel\n"
    )
    assert result.exit_code == 2


def test_an_api_401_after_refresh_is_a_sign_in_error(
    youtube_kb: Path, youtube: YouTubeState
) -> None:
    youtube.access_tokens.clear()
    youtube.refresh_tokens.clear()
    youtube.refresh_tokens.add(REFRESH_TOKEN)

    class Forgetful(set[str]):
        def add(self, token: str) -> None:  # issues tokens the API then refuses
            pass

    youtube.access_tokens = Forgetful()
    result = run("publish", "youtube", "--dry-run")
    assert result.output == f"Error: YouTube refused the sign-in (401); {LOGIN_AGAIN}\n"
    assert result.exit_code == 2


def _secrets(state: YouTubeState) -> list[str]:
    return [
        CLIENT_SECRET,
        REFRESH_TOKEN,
        *state.access_tokens,
        *state.refresh_tokens - {REFRESH_TOKEN},
    ]


def test_secrets_never_reach_output_logs_or_exceptions(
    youtube_kb: Path, youtube: YouTubeState, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    outputs = [
        run("-v", "publish", "youtube").output,
        run("-v", "publish", "youtube", "--format", "json").output,
    ]
    youtube.refresh_tokens.clear()
    revoked = run("-v", "publish", "youtube")
    outputs.append(revoked.output)
    assert revoked.exit_code == 2
    text = "\n".join(outputs) + caplog.text
    assert "channels.list" in caplog.text  # the log is there, without secrets
    for secret in _secrets(youtube):
        assert secret not in text
    assert CLIENT_SECRET not in repr(AuthorizedUser(CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN))
    assert REFRESH_TOKEN not in repr(AuthorizedUser(CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN))


def test_a_refused_sign_in_raises_an_error_without_secrets(
    youtube: YouTubeState, make_api: Callable[..., YouTubeApi]
) -> None:
    youtube.refresh_tokens.clear()
    with make_api() as api, pytest.raises(CredentialsError) as caught:
        api.my_channel()
    whole = "".join(traceback.format_exception(caught.value))
    assert "invalid_grant" in whole
    for secret in (CLIENT_SECRET, REFRESH_TOKEN):
        assert secret not in whole


class _Browser(webbrowser.BaseBrowser):
    """Plays the user: opens the consent page, which redirects to wikipk's loopback port."""

    def __init__(self) -> None:
        super().__init__("wikipk-test")
        self.threads: list[threading.Thread] = []
        self.pages: list[str] = []

    def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
        def visit() -> None:
            with urllib.request.urlopen(url, timeout=10) as page:
                self.pages.append(page.read().decode())

        thread = threading.Thread(target=visit)
        thread.start()
        self.threads.append(thread)
        return True


@pytest.fixture
def browser() -> Iterator[_Browser]:
    fake = _Browser()
    webbrowser.register("wikipk-test", None, fake)
    try:
        yield fake
    finally:
        for thread in fake.threads:
            thread.join(10)


def test_login_keeps_the_sign_in_in_a_private_file(
    youtube_kb: Path,
    youtube_server: YouTubeEmulator,
    youtube: YouTubeState,
    browser: _Browser,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")  # the emulator speaks plain HTTP
    client = {
        "installed": {
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "auth_uri": youtube_server.base_url + "auth",
            "token_uri": youtube_server.token_uri,
            "redirect_uris": ["http://localhost"],
        }
    }
    secrets = tmp_path / "client_secret.json"
    secrets.write_text(json.dumps(client), encoding="utf-8")
    token_file = tmp_path / "private" / "token.json"
    result = run(
        "youtube",
        "login",
        "--client-secrets",
        str(secrets),
        "--token-file",
        str(token_file),
        "--browser",
        "wikipk-test",
    )
    prompt, address, *rest = result.output.splitlines()
    assert prompt == "Open this address in a browser and sign in as the channel's owner:"
    assert address.startswith(youtube_server.base_url + "auth?response_type=code&client_id=")
    assert rest == [
        f"Signed in as the YouTube channel 'Wiki Pakistan' ({CHANNEL_ID}); the sign-in is saved in "
        f"{token_file} (readable by you only).",
        "For CI, store that file's content as the secret WIKIPK_YOUTUBE_CREDENTIALS.",
    ]
    assert result.exit_code == 0
    for thread in browser.threads:
        thread.join(10)
    assert browser.pages == ["Signed in. You may close this window and go back to wikipk."]
    (issued,) = youtube.refresh_tokens - {REFRESH_TOKEN}
    saved = json.loads(token_file.read_text(encoding="utf-8"))
    assert saved == {
        "type": "authorized_user",
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "refresh_token": issued,
    }
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    for secret in (CLIENT_SECRET, issued, *youtube.access_tokens):
        assert secret not in result.output


def test_login_with_a_wrong_client_file(youtube_env: dict[str, str], tmp_path: Path) -> None:
    secrets = tmp_path / "client_secret.json"
    secrets.write_text('{"web-ish": {}}', encoding="utf-8")
    result = run("youtube", "login", "--client-secrets", str(secrets))
    assert result.output == (
        f"Error: {secrets} is not an OAuth client of type 'Desktop app'; download one from the "
        "Google Cloud console (APIs & Services, Credentials)\n"
    )
    assert result.exit_code == 2


@pytest.mark.parametrize("family", [socket.AF_INET, socket.AF_INET6])
def test_login_says_when_its_own_sign_in_server_cannot_start(
    youtube_env: dict[str, str], tmp_path: Path, family: socket.AddressFamily
) -> None:
    client = {
        "installed": {
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "auth_uri": "https://accounts.google.com/o/oauth2/auth",
            "token_uri": "https://oauth2.googleapis.com/token",
            "redirect_uris": ["http://localhost"],
        }
    }
    secrets = tmp_path / "client_secret.json"
    secrets.write_text(json.dumps(client), encoding="utf-8")
    with socket.socket(family) as taken:  # another program holds the port on localhost
        taken.bind(("127.0.0.1" if family == socket.AF_INET else "::1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run(
            "youtube", "login", "--client-secrets", str(secrets), "--no-browser",
            "--port", str(port),
        )  # fmt: skip
    assert result.output == (
        f"Error: wikipk's sign-in server cannot listen on localhost:{port}: Address already in "
        "use; choose another --port, or leave it out to use any free port\n"
    )
    assert result.exit_code == 2
