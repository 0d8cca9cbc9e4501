"""``wikipk wiki``: see documents as the wiki shows them.

``wikipk wiki preview FILE`` renders one document to wikitext, asks the wiki named by
``WIKIPK_WIKI_URL`` (default: the local dev wiki) to render it, and opens the result as a
standalone HTML page. Nothing is saved on the wiki.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from rich.console import Console

from sync.devwiki import instance as devwiki
from sync.wiki.corpus import Corpus
from sync.wiki.preview import DEFAULT_WIKI_URL, connect, parse, preview_html
from sync.wiki.render.page import render_page
from wikipk.cli.common import load_settings
from wikipk.config import Config
from wikipk.errors import UsageError
from wikipk.loading import KnowledgeBase, load_knowledge_base
from wikipk.model import Document
from wikipk.paths import display_path
from wikipk.problems import Severity, format_text

#: The environment variable naming the wiki that renders previews.
WIKI_URL_VARIABLE = "WIKIPK_WIKI_URL"
#: Where previews are written, below the knowledge base's root.
PREVIEW_DIR = Path(".wikipk") / "preview"


@click.group()
def wiki() -> None:
    """See documents as Wiki Pakistan shows them."""


@wiki.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--content",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="The content folder (default: content/ or the config file's 'content').",
)
@click.option("--no-open", is_flag=True, help="Write the preview but do not open it.")
def preview(file: Path, content: Path | None, no_open: bool) -> None:
    """Show FILE as the wiki renders it, in a standalone HTML page.

    The document is checked first (problems are reported as by 'wikipk check', exit 1). The
    wiki named by WIKIPK_WIKI_URL (default: the local dev wiki, where it runs, else
    http://127.0.0.1:8080/) renders it; nothing is saved there. The page is written to
    .wikipk/preview/<id>.html.
    """
    config = load_settings(content)
    knowledge = load_knowledge_base(config)
    doc = _document(file, config, knowledge)
    url = os.environ.get(WIKI_URL_VARIABLE) or devwiki.running_url() or DEFAULT_WIKI_URL
    text = render_page(doc, Corpus.of_knowledge_base(knowledge, config.languages))
    site = connect(url)
    try:
        parsed = parse(site, url, doc.title, text)
    finally:
        site.connection.close()
    language = config.language(doc.lang)
    page = preview_html(
        parsed,
        title=doc.title,
        lang=doc.lang,
        direction=language.direction if language else "ltr",
        wiki_url=url,
        source=display_path(file),
    )
    target = config.root / PREVIEW_DIR / f"{doc.id}.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(page, encoding="utf-8")
    click.echo(display_path(target))
    if not no_open:
        click.launch(str(target))


def _document(file: Path, config: Config, knowledge: KnowledgeBase) -> Document:
    """The valid document of ``file``; its problems are reported like 'wikipk check' (exit 1)."""
    content_dir = config.content_dir.resolve()
    path = file.resolve()
    if path.suffix != ".md" or content_dir not in path.parents:
        raise UsageError(
            f"{display_path(file)} is not a document: "
            f"documents are the *.md files of {display_path(config.content_dir)}/"
        )
    if not path.is_file():
        raise UsageError(f"{display_path(file)} does not exist")
    shown = display_path(path)
    problems = [problem for problem in knowledge.problems if problem.path == shown]
    if any(problem.severity is Severity.ERROR for problem in problems):
        console = Console(highlight=False, soft_wrap=True)
        console.print(format_text(problems), markup=False)
        noun = "problem" if len(problems) == 1 else "problems"
        console.print(f"{len(problems)} {noun} in {shown}; fix them to preview it", markup=False)
        sys.exit(1)
    relative = path.relative_to(content_dir).as_posix()
    found = next((doc for doc in knowledge.documents if doc.path.as_posix() == relative), None)
    if found is None:
        raise UsageError(f"{shown} could not be loaded; run 'wikipk check' to see why")
    return found
