"""``wikipk youtube login`` and ``wikipk publish youtube``: the YouTube channel from the CLI.

Exit codes of ``publish youtube``: 0 the channel is in step; 1 the documents have problems
(including cited videos that cannot be watched) or YouTube refused a change; 2 usage,
configuration or sign-in errors; 69 YouTube could not be reached or kept failing; 75 the run
stopped at its budget or at YouTube's daily quota, and the next run carries on.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path

import click

from sync.youtube.api import Meter, YouTubeApi
from sync.youtube.apply import Outcome, Stop, YouTubeReport
from sync.youtube.client import (
    CREDENTIALS_ENV,
    AuthorizedUser,
    Endpoints,
    build_service,
    default_token_file,
    read_authorized_user,
    save_authorized_user,
)
from sync.youtube.errors import EXIT_STOPPED, EXIT_UNAVAILABLE, NotSignedIn
from sync.youtube.login import run_login_flow
from sync.youtube.offline import offline_plan
from sync.youtube.plan import YouTubePlan
from sync.youtube.publish import YouTubePublisher
from wikipk.config import Config, load_config
from wikipk.config.youtube import DEFAULT_COSTS, YouTubeSettings
from wikipk.errors import EXIT_FAILED, ContentError, UsageError
from wikipk.loading import load_knowledge_base
from wikipk.model import Document
from wikipk.paths import display_path
from wikipk.problems import Severity, format_text


def _quiet_library() -> None:
    # The library logs a warning for every retry and for quotaExceeded; the run reports the
    # outcome itself, in one sentence.
    logging.getLogger("googleapiclient.http").setLevel(logging.ERROR)


def _token_file(path: Path | None) -> Path:
    return path if path is not None else default_token_file(os.environ)


token_file_option = click.option(
    "--token-file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Where the sign-in is kept (default: $WIKIPK_YOUTUBE_TOKEN_FILE, "
    "else ~/.config/wikipk/youtube-token.json).",
)


@click.group("youtube")
def youtube() -> None:
    """Sign in to the organisation's YouTube channel."""


@youtube.command("login")
@click.option(
    "--client-secrets",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="The OAuth client JSON of type 'Desktop app' from the Google Cloud console.",
)
@token_file_option
@click.option("--no-browser", is_flag=True, help="Print the sign-in address instead of opening it.")
@click.option("--browser", default=None, help="The browser to open (a name Python knows).")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=0,
    help="The local port Google sends the browser back to (default: any free port; set one "
    "to forward it over SSH with --no-browser).",
)
def login(
    client_secrets: Path,
    token_file: Path | None,
    no_browser: bool,
    browser: str | None,
    port: int,
) -> None:
    """Sign in once as the channel's owner and keep the sign-in in a private file."""
    path = _token_file(token_file)
    _quiet_library()
    user = run_login_flow(client_secrets, open_browser=not no_browser, browser=browser, port=port)
    title, channel_id = _channel_of(user)
    try:
        save_authorized_user(user, path)
    except OSError as error:  # only the file: the sign-in's own errors are said above
        raise UsageError(f"the sign-in cannot be saved to {path}: {error.strerror}") from None
    click.echo(
        f"Signed in as the YouTube channel '{title}' ({channel_id}); "
        f"the sign-in is saved in {display_path(path)} (readable by you only)."
    )
    click.echo(f"For CI, store that file's content as the secret {CREDENTIALS_ENV}.")


def _channel_of(user: AuthorizedUser) -> tuple[str, str]:
    service = build_service(user, Endpoints.from_environment(os.environ))
    with YouTubeApi(service, Meter(DEFAULT_COSTS, budget=1)) as api:
        channel = api.my_channel()
    return channel.title, channel.id


@click.command("youtube")
@click.option(
    "--content",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="The content folder (default: content/ or the config file's 'content').",
)
@click.option(
    "--dry-run",
    is_flag=True,
    help="Read the channel and print the priced plan only; when not signed in, the plan of a "
    "first publish to an empty channel (an upper bound), made offline.",
)
@click.option(
    "--budget",
    type=click.IntRange(min=0),
    default=None,
    metavar="UNITS",
    help="Quota units this run may spend (default: youtube.budget in wikipk.yml, else 9000).",
)
@click.option("--prune", is_flag=True, help="Also remove videos no document cites any more.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people, json for tools (the plan with --dry-run, else the report).",
)
@token_file_option
def youtube_publish_command(
    content: Path | None,
    dry_run: bool,
    budget: int | None,
    prune: bool,
    output_format: str,
    token_file: Path | None,
) -> None:
    """Keep the YouTube channel's playlists and video descriptions in step with the documents.

    Exits 0 when in step, 1 for problems in documents or cited videos, 2 for usage,
    configuration or sign-in errors, 69 when YouTube cannot be reached, and 75 when the budget
    or the daily quota stopped the run (the next run carries on). With --dry-run and no sign-in,
    it prints the offline plan of a first publish and exits 0.
    """
    _quiet_library()
    config = load_config(Path.cwd(), content)
    settings = config.youtube
    documents = _documents(config)
    units = settings.budget if budget is None else budget
    user = _sign_in(token_file, offline_allowed=dry_run)
    if user is None:
        plan, report = offline_plan(documents, settings, config.content_dir, units, prune), None
    else:
        api = _connect(user, Meter(settings.costs, units), settings)
        publisher = YouTubePublisher(api, settings, config.content_dir, prune)
        plan, report = _publish(publisher, documents, dry_run)
    _show(plan, report, output_format)
    sys.exit(_exit_code(plan, report))


def _connect(user: AuthorizedUser, meter: Meter, settings: YouTubeSettings) -> YouTubeApi:
    """The metered client of the signed-in channel (no call is made yet)."""
    service = build_service(user, Endpoints.from_environment(os.environ))
    return YouTubeApi(service, meter, settings.retries)


def _publish(
    publisher: YouTubePublisher, documents: tuple[Document, ...], dry_run: bool
) -> tuple[YouTubePlan, YouTubeReport | None]:
    """Read the channel and plan, then apply the plan unless it is a dry run; closes the client."""
    with publisher.api:
        plan = publisher.plan(documents)
        return plan, None if dry_run else publisher.apply(plan)


def _sign_in(token_file: Path | None, offline_allowed: bool) -> AuthorizedUser | None:
    """The stored sign-in; None when there is none and an offline plan will do (``--dry-run``).

    Raises:
        NotSignedIn: there is no sign-in and the run would write.
        CredentialsError: the sign-in cannot be read or is malformed (even with ``--dry-run``).
    """
    try:
        return read_authorized_user(os.environ, _token_file(token_file))
    except NotSignedIn:
        if offline_allowed:
            return None
        raise


def _documents(config: Config) -> tuple[Document, ...]:
    """The documents, refused when any has a problem: nothing half-checked is published."""
    knowledge = load_knowledge_base(config)
    errors = [p for p in knowledge.problems if p.severity is Severity.ERROR]
    if errors:
        click.echo(format_text(knowledge.problems))
        noun = "problem" if len(errors) == 1 else "problems"
        raise ContentError(f"the documents have {len(errors)} {noun}; fix them before publishing")
    return knowledge.documents


def _show(plan: YouTubePlan, report: YouTubeReport | None, output_format: str) -> None:
    if output_format == "json":
        data = plan.to_json() if report is None else report.to_json()
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for problem in plan.problems:
        click.echo(problem.to_text())
    click.echo(plan.to_text() if report is None else report.to_text())


def _exit_code(plan: YouTubePlan, report: YouTubeReport | None) -> int:
    if report is not None and report.stop in (Stop.BUDGET, Stop.QUOTA):
        return EXIT_STOPPED
    if report is not None and report.stop is Stop.ERROR:
        return EXIT_UNAVAILABLE
    if plan.problems or (report is not None and report.count(Outcome.REFUSED)):
        return EXIT_FAILED
    return 0
