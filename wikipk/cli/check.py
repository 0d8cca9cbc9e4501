"""``wikipk check``: every problem of every document, located, with a fix."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from wikipk.cache import CheckCache, settings_key
from wikipk.cli.common import content_option, load_settings, report_problems
from wikipk.loading import load_knowledge_base
from wikipk.problems import Severity, format_github, format_json


@click.command("check")
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
