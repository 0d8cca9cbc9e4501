"""What can go wrong when publishing to YouTube; each kind carries its exit code, which the CLI
exits with."""

from __future__ import annotations

from wikipk.errors import EXIT_USAGE, WikipkError

EXIT_UNAVAILABLE = 69
"""YouTube could not be reached or kept failing (sysexits' EX_UNAVAILABLE)."""
EXIT_STOPPED = 75
"""Stopped at the budget or the daily quota; run again later (sysexits' EX_TEMPFAIL)."""


class YouTubeError(WikipkError):
    """Base of the YouTube publisher's errors; the message is one sentence for a user.

    Unless a kind says otherwise, YouTube could not be reached or kept failing (exit code 69).
    """

    exit_code = EXIT_UNAVAILABLE


class CredentialsError(YouTubeError):
    """The sign-in is missing, malformed, revoked or for the wrong channel (exit code 2)."""

    exit_code = EXIT_USAGE


class NotSignedIn(CredentialsError):
    """There is no sign-in at all: no token file and no ``$WIKIPK_YOUTUBE_CREDENTIALS``.

    ``--dry-run`` then prints the offline plan instead of failing.
    """


class LoginServerError(YouTubeError):
    """wikipk's own local sign-in server cannot start (the port is taken, or not allowed):
    neither Google nor the network is at fault (exit code 2)."""

    exit_code = EXIT_USAGE


class ApiError(YouTubeError):
    """YouTube could not be reached, or answered with an error the run cannot get past (exit
    code 69).

    Attributes:
        status: the HTTP status, or 0 when no answer came.
        reason: Google's error reason (``forbidden``, ``backendError``...), or "".
    """

    def __init__(self, message: str, status: int = 0, reason: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.reason = reason


class RunStopped(YouTubeError):
    """The run stopped cleanly before its end; the next run carries on (exit code 75)."""

    exit_code = EXIT_STOPPED

    def report(self) -> str:
        """Not an error: where the run stopped, and that the next one carries on."""
        return f"stopped: {self}; the next run carries on"


class BudgetExhausted(RunStopped):
    """The next call would spend more units than the run's budget allows."""


class QuotaExhausted(RunStopped):
    """YouTube answered ``quotaExceeded``: the project's daily quota is spent."""
