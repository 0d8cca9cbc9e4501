"""``wikipk publish wiki``: plan, show and apply the knowledge base on Wiki Pakistan.

The command parses its options, asks the wiki publisher (:mod:`sync.wiki.publish`) for a plan,
prints it, has it applied and prints the report; the publisher keeps the run's records.

The module imports little: a publish with nothing to do since the last one is answered by
:mod:`sync.wiki.unchanged` from one request, and only a run that must read the wiki loads the
MediaWiki client, the documents and the renderers.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import click

from sync.wiki.unchanged import answer_unchanged, environment_login
from wikipk.cli.common import content_option, format_option, only_option
from wikipk.errors import UsageError

if TYPE_CHECKING:
    from sync.wiki.client import WikiSettings
    from sync.wiki.plan import WikiPlan
    from sync.wiki.publish import PublishOptions, WikiPublisher
    from sync.wiki.report import Result, WikiReport
    from wikipk.config import Config

_RIGHTS = ("edit", "createpage", "move", "upload", "reupload", "pagelang")


@click.command("wiki")
@content_option
@click.option("--dry-run", is_flag=True, help="Show the plan; change nothing.")
@click.option("--force", is_flag=True, help="Overwrite pages a person edited since (drift).")
@click.option("--prune", is_flag=True, help="Delete pages whose document is gone (default: mark).")
@only_option("Publish only this document (repeatable); nothing is marked removed.")
@click.option(
    "--no-cache",
    is_flag=True,
    help="Load, render and read everything afresh, as a first publish does.",
)
@format_option(["text", "json", "markdown"], "How the plan is printed.")
def wiki_publish_command(
    content: Path | None,
    dry_run: bool,
    force: bool,
    prune: bool,
    only: tuple[Path, ...],
    no_cache: bool,
    output_format: str,
) -> None:
    """Publish the knowledge base to Wiki Pakistan: only what changed, never over a person's edit.

    The wiki is named by WIKIPK_WIKI_URL, and the bot password by WIKIPK_WIKI_USER and
    WIKIPK_WIKI_PASSWORD (or the wiki section of wikipk.yml). Exits 0 when everything is
    published, 1 when pages were left alone (drift, conflicts, blocked titles, failures), 2 for
    usage, configuration or connection errors.
    """
    login = environment_login()
    quick = not (only or no_cache)
    if quick:
        texts = answer_unchanged(Path.cwd(), content, login, output_format, force, prune, dry_run)
        if texts is not None:
            for text in texts:
                click.echo(text)
            return
    report = _publish(content, dry_run, force, prune, only, quick, output_format, login)
    if report is None:
        return
    _print_report(report, output_format)
    if not report.ok:
        sys.exit(1)


def _publish(
    content: Path | None,
    dry_run: bool,
    force: bool,
    prune: bool,
    only: tuple[Path, ...],
    quick: bool,
    output_format: str,
    login: tuple[str, str, str] | None,
) -> WikiReport | None:
    """Read the wiki, plan, show the plan and apply it (None: a dry run, nothing applied)."""
    from sync.wiki.client import check_rights, connect, wiki_settings
    from sync.wiki.corpus import Corpus
    from sync.wiki.output import plan_output
    from sync.wiki.publish import WikiPublisher
    from sync.wiki.record import run_record
    from wikipk.cli.common import load_settings, load_valid_knowledge_base, selected_documents
    from wikipk.loading import document_workers

    config = load_settings(content)
    settings = wiki_settings(config)
    if settings is None:
        raise UsageError(no_wiki_configured())
    options = publish_options(config, settings, force=force, prune=prune, complete=not only)
    record = run_record(config.root, content, options, login)

    @cache
    def log_in() -> WikiPublisher:
        """The publisher, logged in (the first call logs in and checks the rights)."""
        site = connect(settings)
        check_rights(site, _RIGHTS)
        return WikiPublisher(site, options, settings.url, record)

    plan = log_in().cached_plan() if quick else None
    if plan is None:
        # The login happens while the worker processes load the documents.
        with document_workers(config, meanwhile=log_in) as workers:
            knowledge = load_valid_knowledge_base(config, workers=workers)
            documents = selected_documents(knowledge.documents, only, config.content_dir)
            corpus = Corpus.of_knowledge_base(knowledge, config.languages)
            plan = log_in().plan(documents, corpus, workers)
    click.echo(plan_output(plan, output_format))
    if dry_run:
        return None
    with _progress(plan) as step:
        report = log_in().apply(plan, step)
    return report


def no_wiki_configured() -> str:
    """The error without a wiki login, saying how to log in to the dev wiki."""
    from sync.devwiki import instance as devwiki

    url = devwiki.running_url()
    hint = 'for the local dev wiki: eval "$(wikipk devwiki env)"'
    return (
        "no wiki is configured: set WIKIPK_WIKI_URL, WIKIPK_WIKI_USER and WIKIPK_WIKI_PASSWORD "
        f"({hint if url is None else devwiki.login_hint(url)})"
    )


def _print_report(report: WikiReport, output_format: str) -> None:
    from sync.wiki.output import report_output

    printed = report_output(report, output_format)
    if printed is not None:
        click.echo(printed)


def publish_options(
    config: Config,
    settings: WikiSettings,
    force: bool = False,
    prune: bool = False,
    complete: bool = True,
) -> PublishOptions:
    """How a run publishes (or plans) the knowledge base of ``config`` as the login's bot."""
    from sync.wiki.provenance import provenance
    from sync.wiki.publish import PublishOptions

    return PublishOptions(
        content_dir=config.content_dir,
        languages=config.languages,
        bot=settings.bot_name,
        summary=provenance(config.root),
        read_at=config.site_address,
        force=force,
        prune=prune,
        complete=complete,
    )


@contextmanager
def _progress(plan: WikiPlan) -> Iterator[Callable[[Result], None]]:
    """A progress bar with counts on a terminal; a plain line per change elsewhere (CI)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from sync.wiki.plan import Action

    total = plan.writes + plan.count(Action.DRIFT) + plan.count(Action.BLOCKED)
    console = Console(stderr=True)
    if not console.is_terminal or total == 0:
        yield _plain
        return
    columns = (
        TextColumn("publishing"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("", total=total)

        def step(result: Result) -> None:
            bar.update(task, advance=1, description=result.title)

        yield step


def _plain(result: Result) -> None:
    from sync.wiki.report import Outcome

    if result.outcome is Outcome.DONE:
        click.echo(f"{result.action.value}: {result.title}", err=True)
