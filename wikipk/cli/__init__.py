"""The ``wikipk`` command: the one place where the core, the site and the publishers meet."""

from __future__ import annotations

import importlib
import logging
import sys
import traceback
from typing import IO, Any

import click

from wikipk import __version__
from wikipk.errors import FileSystemError, InternalError, WikipkError


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
    """The command group, and the one place where an error becomes what the user sees."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            raise click.Abort() from None
        except Exception as error:
            raise Reported(reported(error, bool(ctx.params.get("verbose")))) from None


def reported(error: Exception, verbose: bool) -> WikipkError:
    """The error the user is told about: a :class:`WikipkError` as it is, an :class:`OSError`
    that names its file as a :class:`FileSystemError`, anything else as a bug (exit code 3).
    ``verbose``: print a bug's traceback first (on stderr)."""
    if isinstance(error, WikipkError) and not isinstance(error, InternalError):
        return error
    if verbose:  # the last guard: a bug prints a traceback only when asked
        click.echo("".join(traceback.format_exception(error)).rstrip(), err=True)
    if isinstance(error, OSError) and error.filename:
        return FileSystemError.of(error)  # the file system's word, not a bug
    name = type(error).__name__
    return InternalError(
        f"internal error ({name}: {error}); please report it with the details above."
        if verbose
        else f"internal error ({name}); run again with -v to see the details, and please report it."
    )


class Reported(click.ClickException):
    """A :class:`WikipkError` on its way out: click prints its report, then exits with its code.
    The only ``ClickException`` of the CLI (commands raise a ``WikipkError``)."""

    def __init__(self, error: WikipkError) -> None:
        super().__init__(error.report())
        self.exit_code = error.exit_code  # type: ignore[misc]  # click's is a ClassVar
        self.error = error

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(self.message, file=file, err=True)


#: Every command, imported only when it runs, so that none pays for another's imports (this is
#: the one place where ``wikipk`` reaches into ``sync`` and ``site_builder``).
COMMANDS = {
    "check": "wikipk.cli.check:check",
    "new": "wikipk.cli.new:new",
    "build": "wikipk.cli.site:build",
    "serve": "wikipk.cli.site:serve",
    "subscribers": "wikipk.cli.subscribers:subscribers",
    "devwiki": "wikipk.cli.devwiki:devwiki",
    "export": "wikipk.cli.export:export",
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
