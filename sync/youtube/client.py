"""Signing in to YouTube and building the API client: the one place a client is made.

The sign-in is an OAuth "authorized user" (client id, client secret, refresh token) given once by
the channel's owner with ``wikipk youtube login``. Service accounts cannot act for a YouTube
channel, so there is no other way. Secrets never reach a message, a log line or an exception.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from google.oauth2.credentials import Credentials
from googleapiclient.discovery import build_from_document
from googleapiclient.discovery_cache import get_static_doc
from googleapiclient.http import HttpRequest

from sync.youtube.errors import CredentialsError, NotSignedIn

SCOPES = ("https://www.googleapis.com/auth/youtube",)
"""One scope that covers reading the channel, playlists and updating video descriptions."""
GOOGLE_API_ROOT = "https://youtube.googleapis.com/"
GOOGLE_TOKEN_URI = "https://oauth2.googleapis.com/token"

CREDENTIALS_ENV = "WIKIPK_YOUTUBE_CREDENTIALS"
"""Holds the authorized-user JSON in CI (a secret), instead of the token file."""
TOKEN_FILE_ENV = "WIKIPK_YOUTUBE_TOKEN_FILE"
API_URL_ENV = "WIKIPK_YOUTUBE_API_URL"
"""Another API root (a local emulator); Google's when unset."""
TOKEN_URL_ENV = "WIKIPK_YOUTUBE_TOKEN_URL"
"""Another OAuth token endpoint (a local emulator); Google's when unset."""


@dataclass(frozen=True)
class AuthorizedUser:
    """A stored sign-in: enough to get fresh access tokens, with the secrets kept out of repr."""

    client_id: str
    client_secret: str = field(repr=False)
    refresh_token: str = field(repr=False)

    def to_json(self) -> str:
        """The sign-in in Google's ``authorized_user`` file format."""
        return json.dumps(
            {
                "type": "authorized_user",
                "client_id": self.client_id,
                "client_secret": self.client_secret,
                "refresh_token": self.refresh_token,
            },
            indent=2,
        )


@dataclass(frozen=True)
class Endpoints:
    """Where the API and the OAuth token endpoint are."""

    api_root: str = GOOGLE_API_ROOT
    token_uri: str = GOOGLE_TOKEN_URI

    @classmethod
    def from_environment(cls, environ: Mapping[str, str]) -> Endpoints:
        """Google's endpoints, or those the environment names (for tests and emulators)."""
        return cls(
            environ.get(API_URL_ENV) or GOOGLE_API_ROOT,
            environ.get(TOKEN_URL_ENV) or GOOGLE_TOKEN_URI,
        )


def default_token_file(environ: Mapping[str, str]) -> Path:
    """``$WIKIPK_YOUTUBE_TOKEN_FILE``, else ``~/.config/wikipk/youtube-token.json`` (XDG aware)."""
    if environ.get(TOKEN_FILE_ENV):
        return Path(environ[TOKEN_FILE_ENV]).expanduser()
    base = environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "wikipk" / "youtube-token.json"


def parse_authorized_user(text: str, source: str) -> AuthorizedUser:
    """Read a sign-in from authorized-user JSON.

    Args:
        text: the JSON.
        source: how to name where it came from in a message (never its content).

    Raises:
        CredentialsError: it is not an authorized-user JSON.
    """
    login = "run 'wikipk youtube login' and use the file it writes"
    try:
        data = json.loads(text)
    except ValueError:
        raise CredentialsError(f"{source} is not JSON; {login}") from None
    if not isinstance(data, dict):
        raise CredentialsError(f"{source} is not an authorized-user JSON; {login}")
    if data.get("type") == "service_account":
        raise CredentialsError(
            f"{source} holds a service account key, and YouTube channels cannot be managed "
            f"with service accounts; {login} as the channel's owner"
        )
    for key in ("client_id", "client_secret", "refresh_token"):
        if not isinstance(data.get(key), str) or not data[key]:
            raise CredentialsError(f"{source} has no '{key}'; {login}")
    return AuthorizedUser(data["client_id"], data["client_secret"], data["refresh_token"])


def read_authorized_user(environ: Mapping[str, str], token_file: Path) -> AuthorizedUser:
    """The sign-in from ``$WIKIPK_YOUTUBE_CREDENTIALS`` (CI), else from the token file.

    Raises:
        NotSignedIn: there is neither the variable nor the token file.
        CredentialsError: the sign-in cannot be read or is not an authorized-user JSON.
    """
    if environ.get(CREDENTIALS_ENV):
        return parse_authorized_user(environ[CREDENTIALS_ENV], CREDENTIALS_ENV)
    try:
        text = token_file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise NotSignedIn(
            f"not signed in to YouTube: run 'wikipk youtube login' (or set {CREDENTIALS_ENV})"
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or "not UTF-8 text"
        raise CredentialsError(f"the token file {token_file} cannot be read: {reason}") from None
    return parse_authorized_user(text, f"the token file {token_file}")


def save_authorized_user(user: AuthorizedUser, path: Path) -> None:
    """Write the sign-in where only its owner can read it (folder 0700, file 0600)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
        os.fchmod(stream.fileno(), 0o600)  # an existing file keeps its mode otherwise
        stream.write(user.to_json() + "\n")


def build_service(
    user: AuthorizedUser,
    endpoints: Endpoints = Endpoints(),
    request_builder: type[HttpRequest] = HttpRequest,
) -> Any:
    """The YouTube Data API v3 client: the real google-api-python-client, with no network used.

    It is built from the discovery document bundled with the library, with its root URL replaced:
    unlike ``client_options.api_endpoint``, that also moves upload URLs. The access token is
    fetched from ``endpoints.token_uri`` on the first call.

    Args:
        user: the stored sign-in.
        endpoints: the API root and the token endpoint.
        request_builder: the library's request class (tests pass one that records back-off
            sleeps instead of sleeping).

    Returns:
        A ``googleapiclient`` resource; close it with ``.close()``.
    """
    credentials = Credentials(  # type: ignore[no-untyped-call]
        token=None,
        refresh_token=user.refresh_token,
        token_uri=endpoints.token_uri,
        client_id=user.client_id,
        client_secret=user.client_secret,
        scopes=list(SCOPES),
    )
    document = json.loads(get_static_doc("youtube", "v3"))
    document["rootUrl"] = endpoints.api_root.rstrip("/") + "/"
    return build_from_document(document, credentials=credentials, requestBuilder=request_builder)
