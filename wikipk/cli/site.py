"""``wikipk build`` and ``wikipk serve``: the static website (registered on the main group)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import click
from rich.console import Console

from site_builder.budget import FONT_ALLOWANCE
from site_builder.build import DEFAULT_OUT, BuildReport, ContentProblems, build_site
from site_builder.errors import SiteError
from site_builder.serve import DEFAULT_PORT, make_server, serve_site
from site_builder.zim.writing import ZimFile
from wikipk.boundary import OutsideContent
from wikipk.cli.common import content_option, load_settings
from wikipk.config import Config, load_config
from wikipk.errors import ConfigError, UsageError
from wikipk.paths import display_path
from wikipk.problems import Severity, format_text

out_option = click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=DEFAULT_OUT,
    show_default=True,
    help="The folder the site is written to (replaced whole when the build succeeds).",
)
search_option = click.option(
    "--search/--no-search",
    default=None,
    help="Build the search index (default: the 'site.search' setting, on).",
)


@click.command()
@content_option
@out_option
@search_option
@click.option(
    "--strict", is_flag=True, help="Fail (exit 1) when a page is over the page-weight budget."
)
def build(content: Path | None, out: Path, search: bool | None, strict: bool) -> None:
    """Build the static website from every document.

    Exits 0 when built, 1 when documents have problems (nothing is written), 2 for usage or
    configuration errors.
    """
    config = load_settings(content)
    report = run_build(config, out, search)
    if strict and report.over_budget:
        sys.exit(1)


def run_build(config: Config, out: Path, search: bool | None) -> BuildReport:
    """Build and print the outcome; content problems and site errors end the command."""
    console = Console(highlight=False, soft_wrap=True)
    try:
        report = build_site(config, out, search)
    except ContentProblems as error:
        stop_on_problems(
            console, error, f"the site was not built ({display_path(out)} is unchanged)"
        )
    except (SiteError, ConfigError, OutsideContent) as error:
        error.with_outcome("the site was not built")
        raise
    for line in report_lines(report):
        console.print(line, markup=False)
    return report


def stop_on_problems(console: Console, error: ContentProblems, outcome: str) -> NoReturn:
    """Print the documents' problems and what did not happen, and exit 1."""
    console.print(format_text(error.problems), markup=False)
    errors = [p for p in error.problems if p.severity is Severity.ERROR]
    files = len({problem.path for problem in errors})
    console.print(
        f"{_count(len(errors), 'problem')} in {_count(files, 'file')}: {outcome}", markup=False
    )
    sys.exit(1)


def report_lines(report: BuildReport) -> list[str]:
    """What a build prints: where the site is, what was reused, what is too heavy."""
    search = {None: "no search index", -1: "search index unchanged"}.get(
        report.search_records, f"{report.search_records} documents indexed for search"
    )
    lines = [
        f"Built {_count(report.pages, 'page')} from {_count(report.documents, 'document')} "
        f"into {display_path(report.out)}/ in {report.seconds:.1f} s "
        f"({report.rendered} rendered, {report.reused} unchanged; {search})"
    ]
    if not report.has_font:
        lines.append(
            "note: no Nastaliq font to serve (Debian package fonts-noto-core); "
            "Urdu pages use the reader's fonts"
        )
    if report.premium is not None:
        documents, subscribers = report.premium
        lines.append(
            f"premium: {_count(documents, 'document')} sealed, "
            f"key files for {_count(subscribers, 'active subscriber')}"
        )
    lines.extend(zim_lines(report.zim))
    for page in report.over_budget:
        loads = "CSS, scripts and Urdu font" if page.font else "CSS and scripts"
        allowance = f" + {FONT_ALLOWANCE // 1000} KB for the font" if page.font else ""
        lines.append(
            f"over budget: {page.url or '/'} weighs {page.weight / 1000:.1f} KB with its "
            f"{loads} (budget {report.budget_kb} KB{allowance})"
        )
    return lines


def zim_lines(files: tuple[ZimFile, ...]) -> list[str]:
    """One line per ZIM file: where it is, what it holds, and whether it changed."""
    return [
        f"{'wrote' if file.written else 'unchanged'} {display_path(file.path)}: "
        f"{_count(file.documents, 'document')} in {file.lang}, {file.size / 1e6:.1f} MB"
        for file in files
    ]


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


@click.command()
@content_option
@out_option
@click.option(
    "--port", type=int, default=DEFAULT_PORT, show_default=True, help="Port on 127.0.0.1."
)
def serve(content: Path | None, out: Path, port: int) -> None:
    """Preview the site on http://127.0.0.1:PORT/, rebuilding it when a file changes."""
    config = load_settings(content)
    try:
        server = make_server(out, port)
    except OSError as error:  # only the port: the build's own errors are said by the watcher
        raise UsageError(f"cannot serve on 127.0.0.1:{port}: {error.strerror}") from None
    serve_site(
        config, out, server, echo=click.echo, reload=lambda: load_config(Path.cwd(), content)
    )
