"""The core's exceptions. The CLI turns them into messages and exit codes."""


class WikipkError(Exception):
    """Base of every error wikipk reports to a user."""


class ConfigError(WikipkError):
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


class ContentError(WikipkError):
    """The knowledge base has problems; they were reported (exit code 1)."""


def explained(error: WikipkError, outcome: str) -> str:
    """Any error's message followed by ``outcome`` (before a configuration error's hint)."""
    return error.explained(outcome) if isinstance(error, ConfigError) else f"{error}; {outcome}"
