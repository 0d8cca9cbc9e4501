"""The root of every error wikipk reports to a user, and the kinds the core raises.

Each error carries the exit code of the command it ends (``exit_code``) and says in its message
what went wrong and how to fix it. The CLI turns any of them into output in one place
(``wikipk.cli.Wikipk.invoke``): ``Error: <message>`` on stderr, then exit with ``exit_code``.
The outputs derive their own errors from these (``site_builder/errors.py``,
``sync/wiki/errors.py``, ``sync/youtube/errors.py``, ``sync/devwiki/errors.py``).

Exit codes: 1 the work was not done (problems, a refusal, a failure on the way); 2 usage,
configuration or file system: the command line, ``wikipk.yml`` or a file must change; 3 a bug in
wikipk. The YouTube publisher adds 69 (unavailable) and 75 (stopped, the next run carries on).
"""

from __future__ import annotations

from pathlib import Path
from typing import Self

from wikipk.paths import display_path

EXIT_FAILED = 1
"""The work was not done: problems were reported, or something on the way refused or failed."""
EXIT_USAGE = 2
"""The command line, the configuration or a file must change (usage, config, file system)."""
EXIT_INTERNAL = 3
"""A bug in wikipk."""


class WikipkError(Exception):
    """Base of every error wikipk reports to a user: one sentence that says what to do."""

    exit_code: int = EXIT_FAILED
    """The exit code of the command this error ends."""
    outcome: str = ""
    """What did not happen because of the error ("the site was not built"), said after its
    message; set by the command that knows it (:meth:`with_outcome`)."""

    def explained(self, outcome: str = "") -> str:
        """The message, then what did not happen because of it (``outcome``)."""
        return f"{self}; {outcome}" if outcome else str(self)

    def with_outcome(self, outcome: str) -> Self:
        """This error, saying ``outcome`` after its message when it is reported."""
        self.outcome = outcome
        return self

    def report(self) -> str:
        """What the CLI prints on stderr before it exits with :attr:`exit_code`."""
        return f"Error: {self.explained(self.outcome)}"


class UsageError(WikipkError):
    """The command line or the situation asks for what cannot be done: the message says what
    to change (exit code 2)."""

    exit_code = EXIT_USAGE


class ConfigError(UsageError):
    """The configuration or the command line names something wrong (exit code 2)."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message, hint)  # both, so that a pickled error keeps its hint
        self.message = message
        """What is wrong, located (``wikipk.yml:LINE:COL: ...``) when it is in the file."""
        self.hint = hint
        """What to do about it ("" when the message says it)."""

    def __str__(self) -> str:
        return self.explained()

    def explained(self, outcome: str = "") -> str:
        """The message, then what did not happen because of it, then the hint on its own line."""
        text = f"{self.message}; {outcome}" if outcome else self.message
        return f"{text}\n    hint: {self.hint}" if self.hint else text


class FileSystemError(UsageError):
    """A file or folder a command needs cannot be used (not a folder, no space, no access):
    said with its path, exit code 2, not as a bug."""

    @classmethod
    def of(cls, error: OSError) -> FileSystemError:
        """The error of an :class:`OSError` that names its file."""
        return cls(f"{display_path(Path(error.filename))}: {error.strerror or error}")


class ContentError(WikipkError):
    """The knowledge base has problems; they were reported above (exit code 1)."""


class InternalError(WikipkError):
    """A bug in wikipk (exit code 3), or an error meant to be caught inside wikipk that reached
    the user: the CLI reports it as a bug, with how to see the details (``-v``)."""

    exit_code = EXIT_INTERNAL
