"""What can go wrong talking to the wiki; the CLI reports it with its exit code."""

from __future__ import annotations

from wikipk.errors import EXIT_USAGE, WikipkError


class WikiError(WikipkError):
    """A problem talking to the wiki (its address, the login, its rights, its answers), said in
    one sentence a user can act on (exit code 2)."""

    exit_code = EXIT_USAGE
