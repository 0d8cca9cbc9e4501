"""The core's exceptions. The CLI turns them into messages and exit codes."""


class WikipkError(Exception):
    """Base of every error wikipk reports to a user."""


class ConfigError(WikipkError):
    """The configuration or the command line names something wrong (exit code 2)."""


class ContentError(WikipkError):
    """The knowledge base has problems; they were reported (exit code 1)."""
