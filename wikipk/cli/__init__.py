"""The ``wikipk`` command: the one place where the core, the site and the publishers meet."""

from __future__ import annotations

import importlib
import logging
import sys
import traceback
from pathlib import Path
from typing import Any

import click

from wikipk import __version__
from wikipk.cli.common import UsageError
from wikipk.errors import ConfigError
from wikipk.paths import display_path


class LazyGroup(click.Group):
    """A group whose subcommands are imported when they run, not when the program starts.

    The pattern of click's documentation ("Lazily Loading Subcommands"): ``wikipk check`` need
    not import the YouTube client, nor ``wikipk publish wiki`` the site builder.
    """

    def __init__(self, *args: Any, lazy: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = dict(lazy or {})
        """``module:attribute`` of each lazily loaded subcommand, by name."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy and cmd_name not in self.commands:
            module, _, attribute = self.lazy[cmd_name].partition(":")
            command = getattr(importlib.import_module(module), attribute)
            assert isinstance(command, click.Command), self.lazy[cmd_name]
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)


class Wikipk(LazyGroup):
    """The command group; it turns any unforeseen error into one line instead of a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            raise click.Abort() from None
        except ConfigError as error:  # a wrong setting read by any command: exit 2, located
            raise UsageError(str(error)) from None
        except Exception as error:  # the last guard: a bug prints a traceback only when asked
            verbose = bool(ctx.params.get("verbose"))
            if verbose:
                click.echo("".join(traceback.format_exception(error)).rstrip(), err=True)
            if isinstance(error, OSError) and error.filename:
                raise FileSystemError(error) from None  # the file system's word, not a bug
            raise InternalError(error, verbose) from None


class FileSystemError(UsageError):
    """A file or folder a command needs cannot be used (not a folder, no space, no access):
    said with its path, exit code 2, not as a bug."""

    def __init__(self, error: OSError) -> None:
        super().__init__(f"{display_path(Path(error.filename))}: {error.strerror or error}")


class InternalError(click.ClickException):
    """A bug in wikipk: reported in one line, with how to see the details (``-v``)."""

    exit_code = 3

    def __init__(self, error: Exception, shown: bool = False) -> None:
        name = type(error).__name__
        super().__init__(
            f"internal error ({name}: {error}); please report it with the details above."
            if shown
            else f"internal error ({name}); run again with -v to see the details, "
            "and please report it."
        )


#: Every command, imported only when it runs, so that none pays for another's imports (this is
#: the one place where ``wikipk`` reaches into ``sync`` and ``site_builder``).
COMMANDS = {
    "check": "wikipk.cli.check:check",
    "new": "wikipk.cli.new:new",
    "build": "wikipk.cli.site:build",
    "serve": "wikipk.cli.site:serve",
    "subscribers": "wikipk.cli.subscribers:subscribers",
    "devwiki": "wikipk.cli.devwiki:devwiki",
    "plan": "wikipk.cli.plan:plan",
    "publish": "wikipk.cli.publish:publish",
    "pull": "wikipk.cli.pull:pull",
    "scorecard": "wikipk.cli.scorecard:scorecard",
    "wiki": "wikipk.cli.wiki:wiki",
    "youtube": "wikipk.cli.youtube:youtube",
}


@click.group(cls=Wikipk, lazy=COMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="wikipk")
@click.option("-v", "--verbose", is_flag=True, help="Log what is being done.")
def main(verbose: bool) -> None:
    """Check, build and publish the Wiki Pakistan knowledge base."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s: %(message)s",
        stream=sys.stderr,
    )
