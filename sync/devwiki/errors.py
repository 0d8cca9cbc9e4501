"""What can go wrong with the dev wiki; the CLI reports each with its exit code."""

from __future__ import annotations

from wikipk.errors import EXIT_FAILED, EXIT_USAGE, WikipkError


class DevWikiError(WikipkError):
    """A devwiki operation failed; ``str()`` is a one-sentence message for the user.

    Exit code 2 when the user can fix it with other arguments (``usage``, e.g. a taken port),
    else 1.

    Attributes:
        usage: True when the user can fix it with other arguments (e.g. a taken port).
    """

    def __init__(self, message: str, *, usage: bool = False) -> None:
        super().__init__(message)
        self.usage = usage
        self.exit_code = EXIT_USAGE if usage else EXIT_FAILED


class InstallError(DevWikiError):
    """A step of building the instance failed; ``str()`` says which and why (exit code 1)."""


class SettingsFixError(InstallError, ValueError):
    """The installer's LocalSettings.php did not look as expected (exit code 1)."""


class ServerStartError(DevWikiError):
    """The server process did not come up; ``port_in_use`` tells whether the port was taken
    (exit code 1: the dev wiki's start turns a taken port into a usage error)."""

    def __init__(self, message: str, *, port_in_use: bool = False) -> None:
        super().__init__(message)
        self.port_in_use = port_in_use
