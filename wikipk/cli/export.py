"""``wikipk export zim``: the offline edition as ZIM files for Kiwix (on the main group)."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console

from site_builder.build import ContentProblems
from site_builder.errors import SiteError
from site_builder.zim.export import ALL, export_zim
from wikipk.boundary import OutsideContent
from wikipk.cli.common import content_option, load_settings
from wikipk.cli.site import stop_on_problems, zim_lines
from wikipk.errors import ConfigError
from wikipk.paths import display_path


@click.group()
def export() -> None:
    """Export the knowledge base in another format."""


@export.command()
@content_option
@click.option(
    "--lang",
    default=ALL,
    show_default=True,
    metavar="CODE|all",
    help="The language to export (a file per language with 'all').",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="The folder the files are written to (default: the 'zim.out' setting, _zim).",
)
def zim(content: Path | None, lang: str, out: Path | None) -> None:
    """Write the public knowledge base as ZIM files, one per language, for Kiwix.

    Exits 0 when written, 1 when documents have problems (no file is written), 2 for usage or
    configuration errors.
    """
    config = load_settings(content)
    console = Console(highlight=False, soft_wrap=True)
    try:
        folder = out if out is not None else config.zim.out
        report = export_zim(config, folder, lang)
    except ContentProblems as error:
        stop_on_problems(console, error, "no ZIM file was written")
    except (SiteError, ConfigError, OutsideContent) as error:
        error.with_outcome("no ZIM file was written")
        raise
    for line in zim_lines(report.files):
        console.print(line, markup=False)
    console.print(
        f"Exported {len(report.files)} ZIM file{'s' if len(report.files) != 1 else ''} from "
        f"{report.documents} documents in {report.seconds:.1f} s; read them with the Kiwix app, "
        f"or serve them: kiwix-serve {display_path(folder)}/*.zim",
        markup=False,
    )
