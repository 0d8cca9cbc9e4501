"""``wikipk pull``: bring what people wrote elsewhere home to the documents (``pull wiki``)."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import click

from wikipk.cli import LazyGroup
from wikipk.cli.common import content_option, format_option, only_option
from wikipk.errors import UsageError

if TYPE_CHECKING:
    import mwclient


@click.group("pull", cls=LazyGroup, lazy={"wiki": "wikipk.cli.pull:wiki_pull_command"})
def pull() -> None:
    """Bring edits made on the knowledge base's destinations home as Markdown changes."""


@click.command("wiki")
@content_option
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@only_option("Pull only this document's page (repeatable).")
@click.option(
    "--commit",
    is_flag=True,
    help="Commit the edits in git, one commit per wiki author (for the pull request).",
)
@format_option(["text", "json", "markdown"], "How the report is printed.")
def wiki_pull_command(
    content: Path | None,
    dry_run: bool,
    only: tuple[Path, ...],
    commit: bool,
    output_format: str,
) -> None:
    """Bring the edits people made on Wiki Pakistan home to the Markdown documents.

    Every page wikipk publishes whose latest revisions are not wikipk's is read back: the
    person's changes since wikipk's revision are merged into the document's file (body and
    front matter), keeping every other byte. A change made in git since on the same lines is
    written with conflict markers; wikitext with no Markdown form is reported, never dropped.
    Exits 0 when every edit was brought home, 1 when some need a person, 2 for usage,
    configuration or connection errors.
    """
    from sync.wiki.client import check_rights, connect, wiki_settings
    from sync.wiki.corpus import Corpus
    from sync.wiki.pull.commits import commit_plan
    from sync.wiki.pull.pull import WikiPull
    from sync.wiki.pull.report import pull_output
    from wikipk.cli.common import load_settings, load_valid_knowledge_base, selected_documents
    from wikipk.cli.publish_wiki import no_wiki_configured
    from wikipk.loading import document_workers

    config = load_settings(content)
    settings = wiki_settings(config)
    if settings is None:
        raise UsageError(no_wiki_configured())

    @cache
    def log_in() -> mwclient.Site:
        """The wiki, logged in (while the worker processes load the documents)."""
        site = connect(settings)
        check_rights(site, ("edit",))
        return site

    with document_workers(config, meanwhile=log_in) as workers:
        knowledge = load_valid_knowledge_base(
            config, "Nothing was pulled: fix the problems above first.", workers
        )
    site = log_in()
    documents = selected_documents(knowledge.documents, only, config.content_dir)
    corpus = Corpus.of_knowledge_base(knowledge, config.languages)
    puller = WikiPull(site, settings.bot_name, settings.url, config.content_dir)
    plan = puller.plan(documents, corpus, complete=not only)
    if not dry_run:
        if commit:
            commit_plan(plan, config.content_dir, config.root)
        else:
            puller.apply(plan)
    click.echo(pull_output(plan, output_format, dry_run))
    if not plan.ok:
        sys.exit(1)
