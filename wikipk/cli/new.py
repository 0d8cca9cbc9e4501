"""``wikipk new``: a new document with valid front matter and its type's required sections."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from wikipk.cli.common import content_option, load_settings
from wikipk.errors import UsageError
from wikipk.model import DocType
from wikipk.paths import display_path
from wikipk.scaffold import new_document
from wikipk.title_checks import title_errors
from wikipk.wiki_titles import wiki_names_of


@click.command("new")
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
    for _, message, hint in title_errors(title, wiki_names_of(config)):  # what check would say
        raise UsageError(f"{message}; {hint}")
    path = new_document(
        config.content_dir,
        DocType(doc_type),
        title,
        code,
        date.today(),
        doc_id=doc_id,
        translation_of=translation_of,
        default_lang=config.languages[0].code,
    )
    click.echo(f"Created {display_path(path)}")
    click.echo("Next: write its text in place of each TODO; wikipk check lists those left.")
