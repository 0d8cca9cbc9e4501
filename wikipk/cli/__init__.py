"""The ``wikipk`` command: the one place where the core, the site and the publishers meet."""

from __future__ import annotations

import importlib
import logging
import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from wikipk import __version__
from wikipk.cache import CheckCache, settings_key
from wikipk.cli.common import UsageError, content_option, load_settings, report_problems
from wikipk.errors import ConfigError
from wikipk.loading import load_knowledge_base
from wikipk.model import DocType
from wikipk.paths import display_path
from wikipk.problems import Severity, format_github, format_json
from wikipk.scaffold import new_document


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
        except Exception as error:  # the last guard: a bug must not print a traceback
            logging.getLogger("wikipk").debug("internal error", exc_info=True)
            raise InternalError(error) from None


class InternalError(click.ClickException):
    """A bug in wikipk: reported in one line, with how to see the details."""

    exit_code = 3

    def __init__(self, error: Exception) -> None:
        super().__init__(
            f"internal error ({type(error).__name__}); nothing was changed. "
            "Run again with -v to see the details, and please report it."
        )


#: The commands of the publishers and the site: imported only when they run (the one place
#: where ``wikipk`` reaches into ``sync`` and ``site_builder``).
COMMANDS = {
    "build": "wikipk.cli.site:build",
    "serve": "wikipk.cli.site:serve",
    "subscribers": "wikipk.cli.subscribers:subscribers",
    "devwiki": "wikipk.cli.devwiki:devwiki",
    "plan": "wikipk.cli.plan:plan",
    "publish": "wikipk.cli.publish:publish",
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


@main.command()
@content_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="text for people, json for tools, github for pull-request annotations.",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Check every file afresh instead of reusing results of unchanged files.",
)
def check(content: Path | None, output_format: str, no_cache: bool) -> None:
    """Check every document and report every problem with its place and a fix.

    Exits 0 when clean, 1 when documents have problems, 2 for usage or configuration errors.
    """
    config = load_settings(content)
    cache = None if no_cache else CheckCache(config.root, settings_key(config))
    knowledge = load_knowledge_base(config, keep=False, cache=cache)
    problems = knowledge.problems
    if output_format == "json":
        click.echo(format_json(problems))
    elif output_format == "github":
        if problems:
            click.echo(format_github(problems))
    else:
        report_problems(problems, knowledge.file_count)
    if any(problem.severity is Severity.ERROR for problem in problems):
        sys.exit(1)


@main.command()
@click.argument("doc_type", metavar="TYPE", type=click.Choice([t.value for t in DocType]))
@click.argument("title")
@click.option("--lang", default=None, help="Language code (default: the first configured, en).")
@click.option("--id", "doc_id", default=None, help="The document id (default: from the title).")
@click.option(
    "--translation-of", default=None, metavar="ID", help="Id of the document this one translates."
)
@content_option
def new(
    doc_type: str,
    title: str,
    lang: str | None,
    doc_id: str | None,
    translation_of: str | None,
    content: Path | None,
) -> None:
    """Write a new document of TYPE with valid front matter and its required sections."""
    config = load_settings(content)
    code = lang or config.languages[0].code
    if config.language(code) is None:
        codes = ", ".join(language.code for language in config.languages)
        raise UsageError(f"language '{code}' is not configured; use one of: {codes}")
    try:
        path = new_document(
            config.content_dir,
            DocType(doc_type),
            title,
            code,
            date.today(),
            doc_id=doc_id,
            translation_of=translation_of,
        )
    except ConfigError as error:
        raise UsageError(str(error)) from None
    click.echo(f"Created {display_path(path)}")
