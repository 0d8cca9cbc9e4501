"""The static site's exceptions; the CLI reports each with its exit code (``wikipk.errors``)."""

from __future__ import annotations

from wikipk.errors import EXIT_USAGE, WikipkError


class SiteError(WikipkError):
    """Base of every error the site build reports to a user: a template, a setting or a path
    must change (exit code 2)."""

    exit_code = EXIT_USAGE


class TemplateProblem(SiteError):
    """A site template cannot be compiled or rendered; the message names its file and line."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: template error: {message}")
        self.path = path
        self.line = line


class OutputRefused(SiteError):
    """The write guard refused an output path (outside the site, or written twice)."""
