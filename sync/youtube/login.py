"""The one-time sign-in of the channel's owner: Google's installed-app flow on a loopback port."""

from __future__ import annotations

import logging
import webbrowser
from pathlib import Path

import requests
from google_auth_oauthlib.flow import InstalledAppFlow, WSGITimeoutError
from oauthlib.oauth2 import OAuth2Error

from sync.youtube.client import SCOPES, AuthorizedUser
from sync.youtube.errors import ApiError, CredentialsError, LoginServerError

log = logging.getLogger(__name__)

PROMPT = "Open this address in a browser and sign in as the channel's owner:\n{url}"
SUCCESS = "Signed in. You may close this window and go back to wikipk."
TIMEOUT_SECONDS = 300
LOGIN_HOST = "localhost"
"""Where the local sign-in server listens; Google sends the browser back to it."""


def run_login_flow(
    client_secrets: Path, open_browser: bool = True, browser: str | None = None, port: int = 0
) -> AuthorizedUser:
    """Ask the channel's owner for offline access to the channel, through their browser.

    Args:
        client_secrets: the OAuth client of type "Desktop app", downloaded from the Google
            Cloud console.
        open_browser: open the consent page; otherwise only print its address.
        browser: a browser name Python's ``webbrowser`` knows (the default browser if None).
        port: the port of the local server Google's sign-in page sends the browser back to
            (0: any free port).

    Raises:
        CredentialsError: the client file is wrong, or the owner did not give access.
        LoginServerError: the local sign-in server cannot start on ``port``.
        ApiError: Google's sign-in service could not be reached.
    """
    flow = _flow(client_secrets)
    try:
        credentials = flow.run_local_server(
            host=LOGIN_HOST,
            port=port,
            open_browser=open_browser,
            browser=browser,
            authorization_prompt_message=PROMPT,
            success_message=SUCCESS,
            timeout_seconds=TIMEOUT_SECONDS,
            access_type="offline",
            prompt="consent",
        )
    except webbrowser.Error:
        raise CredentialsError(
            "no web browser could be opened here; run again with --no-browser "
            "and open the printed address in a browser on this machine"
        ) from None
    except WSGITimeoutError:
        raise CredentialsError(
            f"no sign-in arrived within {TIMEOUT_SECONDS // 60} minutes; "
            "run 'wikipk youtube login' again"
        ) from None
    except OAuth2Error as error:
        raise CredentialsError(f"Google did not give access ({error.error})") from None
    except requests.exceptions.RequestException:  # an OSError too: caught before the others
        raise ApiError("cannot reach Google's sign-in service; check the network") from None
    except OSError as error:  # the only other OSError: the local server's socket
        raise LoginServerError(
            f"wikipk's sign-in server cannot listen on {LOGIN_HOST}:{port}: {error.strerror}; "
            "choose another --port, or leave it out to use any free port"
        ) from None
    if not credentials.refresh_token:
        raise CredentialsError(
            "Google gave no refresh token; remove wikipk's access in your Google account's "
            "security settings and run 'wikipk youtube login' again"
        )
    return AuthorizedUser(
        credentials.client_id, credentials.client_secret, credentials.refresh_token
    )


def _flow(client_secrets: Path) -> InstalledAppFlow:
    try:
        return InstalledAppFlow.from_client_secrets_file(str(client_secrets), scopes=list(SCOPES))
    except OSError as error:
        raise CredentialsError(
            f"the OAuth client file {client_secrets} cannot be read: {error.strerror}"
        ) from None
    except (ValueError, KeyError):
        raise CredentialsError(
            f"{client_secrets} is not an OAuth client of type 'Desktop app'; download one "
            "from the Google Cloud console (APIs & Services, Credentials)"
        ) from None
