"""``wikipk scorecard``: make scorecard reports from field surveys."""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path

import click

from wikipk.boundary import OutsideContent, create_content_file
from wikipk.cli.common import content_option, load_settings, report_problems
from wikipk.errors import UsageError
from wikipk.loading import load_knowledge_base
from wikipk.paths import display_path
from wikipk.problems import Severity
from wikipk.scorecards.reference import load_reference
from wikipk.scorecards.survey import read_survey, report_path, report_text

_PERIOD = re.compile(r"^[0-9]{4}(-(0[1-9]|1[0-2]))?$")


@click.group()
def scorecard() -> None:
    """Scorecard reports: service scores per union council."""


@scorecard.command(name="import")
@click.argument("survey", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--place", required=True, help="The union council: 'UC' or 'Tehsil/UC'.")
@click.option("--period", required=True, help="The period scored: YYYY or YYYY-MM.")
@click.option("--force", is_flag=True, help="Replace the report if it exists.")
@content_option
def import_survey(survey: Path, place: str, period: str, force: bool, content: Path | None) -> None:
    """Turn a field-survey export (KoBoToolbox or ODK CSV, one row per respondent) into a
    scorecard report, then check it.

    Each indicator's score is the mean of its answers (the framework maps columns to
    indicators). A bad answer is reported at its row and column and nothing is written.
    """
    config = load_settings(content)
    if not _PERIOD.match(period):
        raise UsageError(f"period '{period}' must be a year (YYYY) or a month (YYYY-MM)")
    if not survey.is_file():
        raise UsageError(f"the survey file '{survey}' does not exist")
    reference = load_reference(config.content_dir)
    if reference.problems:
        report_problems(reference.problems, 0)
        raise UsageError("the scoring framework or the gazetteer has problems: fix them first")
    if reference.framework is None or reference.gazetteer is None:
        raise UsageError(
            "scorecards need content/scorecards/framework.yml and gazetteer.yml "
            "(see README.md, Scorecards)"
        )
    found, why = reference.gazetteer.find(place)
    if found is None:
        raise UsageError(why)
    target = report_path(config.content_dir, found, period)
    if target.exists() and not force:
        raise UsageError(
            f"{display_path(target)} exists; use --force to replace it with this survey's scores"
        )
    tallied, problems = read_survey(survey, display_path(survey), reference.framework)
    if tallied is None:
        report_problems(tuple(problems), 1)
        click.echo("Nothing was written: fix the survey first.", err=True)
        sys.exit(1)
    if tallied.respondents == 0:
        raise UsageError(f"the survey '{survey}' has no answers: it holds only its header")
    text = report_text(tallied, found, period, survey.name, date.today())
    try:
        create_content_file(config.content_dir, target, text, replace=True)
    except OutsideContent as error:
        raise UsageError(f"{error}: nothing was written") from None
    shown = display_path(target)
    assessed = sum(1 for tally in tallied.tallies if tally.mean is not None)
    click.echo(
        f"Wrote {shown}: {tallied.respondents} respondents, "
        f"{assessed} of {len(tallied.tallies)} indicators scored."
    )
    width = max(len(f"{t.service.key}.{t.indicator.key}") for t in tallied.tallies)
    for tally in tallied.tallies:
        name = f"{tally.service.key}.{tally.indicator.key}".ljust(width)
        mean = "not assessed" if tally.mean is None else f"mean {tally.mean:g}"
        click.echo(f"  {name}  {mean}, {tally.answers} answers, {tally.missing:.0%} missing")
    knowledge = load_knowledge_base(config, keep=False)
    own = tuple(p for p in knowledge.problems if p.path == shown)
    if any(p.severity is Severity.ERROR for p in own):
        report_problems(own, 1)
        sys.exit(1)
    click.echo("Checked: no problems.")
