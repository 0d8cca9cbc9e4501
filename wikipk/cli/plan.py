"""``wikipk plan``: one read-only plan of what publishing the change at hand does, everywhere.

It reads the wiki and the YouTube channel and builds the site into a temporary folder; it never
writes to the wiki, the channel or the site's output folder (caches under ``.wikipk/`` are
reused and refreshed). A target it cannot check (no login, an unreachable service) is reported
in one sentence instead of failing the command, so the plan works on pull requests from forks,
which get no secrets.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import click

from site_builder.build import DEFAULT_OUT, SharedLoad, build_site
from site_builder.diff import SiteDiff, compare_sites
from site_builder.errors import SiteError
from sync.devwiki import instance as devwiki
from sync.wiki.client import WikiError, connect, wiki_settings
from sync.wiki.corpus import Corpus
from sync.wiki.plan import WikiPlan
from sync.wiki.publish import WikiPublisher
from sync.youtube.api import Meter, YouTubeApi
from sync.youtube.client import (
    Endpoints,
    build_service,
    default_token_file,
    read_authorized_user,
)
from sync.youtube.errors import NotSignedIn, YouTubeError
from sync.youtube.offline import offline_plan
from sync.youtube.plan import YouTubePlan
from sync.youtube.publish import YouTubePublisher
from wikipk.cli.common import (
    content_option,
    format_option,
    load_settings,
    load_valid_knowledge_base,
    refuse_invalid,
)
from wikipk.cli.plan_report import ChangePlan, Target, TargetPlan, Unchecked
from wikipk.cli.publish_wiki import publish_options
from wikipk.config import Config
from wikipk.errors import ConfigError
from wikipk.loading import DocumentWorkers, KnowledgeBase, document_workers
from wikipk.model import Document
from wikipk.paths import display_path

NO_PLAN = "No plan was made: fix the problems above first."
NO_WIKI_LOGIN = (
    "no wiki login: set WIKIPK_WIKI_URL, WIKIPK_WIKI_USER and WIKIPK_WIKI_PASSWORD "
    "(or the wiki section of wikipk.yml) to compare with the wiki"
)
NO_YOUTUBE_SECTION = (
    "no youtube section in wikipk.yml: add one (see the README) to plan the channel"
)


def _targets(_ctx: click.Context, _param: click.Parameter, value: str) -> tuple[Target, ...]:
    chosen: list[Target] = []
    known = ", ".join(target.value for target in Target)
    for name in (part.strip() for part in value.split(",")):
        try:
            target = Target(name)
        except ValueError:
            raise click.BadParameter(f"unknown target '{name}': choose from {known}") from None
        if target not in chosen:
            chosen.append(target)
    return tuple(chosen)


@click.command("plan")
@content_option
@click.option(
    "--targets",
    default="wiki,site,youtube",
    show_default=True,
    metavar="LIST",
    callback=_targets,
    help="The targets to plan, separated by commas.",
)
@format_option(
    ["text", "json", "markdown"],
    "text for people, json for tools, markdown for a pull-request comment or job summary.",
)
@click.option(
    "--base-site",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    default=None,
    help="The earlier build the site is compared with (default: _site/ when it exists).",
)
def plan(
    content: Path | None,
    targets: tuple[Target, ...],
    output_format: str,
    base_site: Path | None,
) -> None:
    """Show what publishing the knowledge base would change on every target; change nothing.

    Wiki pages to create, update (with a diff), move or mark; site pages added, changed and
    removed compared with an earlier build; playlist changes and their quota cost. A target
    without a login is reported as not checked (the YouTube plan is then made offline). Exits 0
    with a plan, 1 when documents have problems, 2 for usage or configuration errors.
    """
    config = load_settings(content)
    planned: dict[Target, TargetPlan | Unchecked] = {}
    with document_workers(config) as workers:
        # One load for every target: the site's, when it is planned (it renders its pages
        # where each document is parsed), else the wiki's.
        if Target.SITE in targets:
            planned[Target.SITE], knowledge = site_plan(config, base_site, workers)
        else:
            knowledge = load_valid_knowledge_base(config, NO_PLAN, workers)
        # The wiki is planned while the workers hold the parsed documents; then they stop.
        if Target.WIKI in targets:
            planned[Target.WIKI] = wiki_plan(config, knowledge, workers)
    if Target.YOUTUBE in targets:
        planned[Target.YOUTUBE] = youtube_plan(config, knowledge.documents)
    parts = tuple((target, planned[target]) for target in targets)
    change = ChangePlan(parts)
    if output_format == "json":
        click.echo(json.dumps(change.to_json(), ensure_ascii=False, indent=2))
    elif output_format == "markdown":
        click.echo(change.to_markdown())
    else:
        click.echo(change.to_text())


def wiki_plan(
    config: Config, knowledge: KnowledgeBase, workers: DocumentWorkers | None = None
) -> WikiPlan | Unchecked:
    """The wiki's plan, read from the wiki with the publisher's login; nothing is written.
    ``workers`` (that loaded the documents) render the pages."""
    try:
        settings = wiki_settings(config)
        if settings is None:
            return Unchecked(_no_wiki_login())
        options = publish_options(config, settings)
        publisher = WikiPublisher(connect(settings), options, settings.url)
        corpus = Corpus.of_knowledge_base(knowledge, config.languages)
        return publisher.plan(knowledge.documents, corpus, workers)
    except WikiError as error:
        return Unchecked(str(error))


def _no_wiki_login() -> str:
    """Why the wiki is not checked, and how to log in to the dev wiki when one runs here."""
    url = devwiki.running_url()
    return NO_WIKI_LOGIN if url is None else f"{NO_WIKI_LOGIN}; {devwiki.login_hint(url)}"


def site_plan(
    config: Config, base_site: Path | None, workers: DocumentWorkers
) -> tuple[SiteDiff, KnowledgeBase]:
    """Build the site into a temporary folder and compare it with the baseline build; and the
    run's knowledge base, which the site loaded in ``workers`` (they keep every document).

    The baseline is ``base_site``, else the output folder of ``wikipk build`` (``_site/``) when
    it exists; without one, every page counts as added. Documents with problems stop the plan
    (as every command, before anything is built).
    """
    base = base_site
    if base is None and (config.root / DEFAULT_OUT).is_dir():
        base = config.root / DEFAULT_OUT
    loads: list[KnowledgeBase] = []

    def loaded(knowledge: KnowledgeBase) -> None:
        loads.append(refuse_invalid(knowledge, NO_PLAN))

    with tempfile.TemporaryDirectory(prefix="wikipk-plan-") as scratch:
        new = Path(scratch) / "site"
        try:
            build_site(config, new, search=False, shared=SharedLoad(workers, loaded), offline=False)
        except (SiteError, ConfigError) as error:
            if not loads:  # the site stopped before loading: the documents' problems first
                load_valid_knowledge_base(config, NO_PLAN, workers)
            error.with_outcome("the site plan was not made")
            raise
        diff = compare_sites(new, base, None if base is None else display_path(base) + "/")
        return diff, loads[0]


def youtube_plan(config: Config, documents: Sequence[Document]) -> YouTubePlan | Unchecked:
    """The channel's plan, read with the stored sign-in; made offline when there is none."""
    if not config.configures("youtube"):
        return Unchecked(NO_YOUTUBE_SECTION)
    # The library logs a warning for every retry; the plan says the outcome in one sentence.
    logging.getLogger("googleapiclient.http").setLevel(logging.ERROR)
    settings = config.youtube
    try:
        user = read_authorized_user(os.environ, default_token_file(os.environ))
    except NotSignedIn:
        return offline_plan(documents, settings, config.content_dir, settings.budget)
    except YouTubeError as error:
        return Unchecked(str(error))
    try:
        service = build_service(user, Endpoints.from_environment(os.environ))
        with YouTubeApi(service, Meter(settings.costs, settings.budget), settings.retries) as api:
            return YouTubePublisher(api, settings, config.content_dir).plan(documents)
    except YouTubeError as error:
        return Unchecked(str(error))
