"""Running the real ``wikipk`` command in-process, as a user would type it."""

from __future__ import annotations

from click.testing import CliRunner, Result

from wikipk.cli import main


def run(*args: str) -> Result:
    """Run ``wikipk ARGS`` in the working directory; output is stdout and stderr together."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def run_check(*args: str) -> Result:
    """Run ``wikipk check ARGS``."""
    return run("check", *args)
