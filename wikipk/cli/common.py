"""What every command shares: the content option, loading a valid knowledge base, ``--only``."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click
from click.decorators import FC

from wikipk.errors import UsageError

if TYPE_CHECKING:  # the loaders are imported when called: a command's start-up stays light
    from wikipk.config import Config
    from wikipk.loading import DocumentWorkers, KnowledgeBase
    from wikipk.model import Document
    from wikipk.problems import Problem


def load_settings(content: Path | None) -> Config:
    """The knowledge base in the working directory, with ``--content`` applied.

    Raises:
        ConfigError: the configuration is wrong (located in the file).
    """
    from wikipk.config import load_config

    return load_config(Path.cwd(), content)


content_option = click.option(
    "--content",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="The content folder (default: content/ or the config file's 'content').",
)


def format_option(choices: Sequence[str], help_text: str) -> Callable[[FC], FC]:
    """``--format`` (as ``output_format``), the first choice being the default."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(list(choices)),
        default=choices[0],
        show_default=True,
        help=help_text,
    )


def documents_count(count: int) -> str:
    """``1 document``, ``2 documents``."""
    return f"{count} document" if count == 1 else f"{count} documents"


def count_problems(problems: tuple[Problem, ...]) -> str:
    """``2 problems``, ``1 warning`` or ``1 problem and 2 warnings`` (warnings do not fail)."""
    from wikipk.problems import Severity

    warnings = sum(1 for problem in problems if problem.severity is Severity.WARNING)
    errors = len(problems) - warnings
    parts = [
        f"{count} {noun}{'' if count == 1 else 's'}"
        for count, noun in ((errors, "problem"), (warnings, "warning"))
        if count
    ]
    return " and ".join(parts)


def report_problems(problems: tuple[Problem, ...], checked: int) -> None:
    """Print problems as ``wikipk check`` does, with the closing count line."""
    from rich.console import Console

    from wikipk.problems import format_text

    console = Console(highlight=False, soft_wrap=True)
    if problems:
        console.print(format_text(problems), markup=False)
        files = len({problem.path for problem in problems})
        console.print(
            f"{count_problems(problems)} in {files} {'file' if files == 1 else 'files'} "
            f"({documents_count(checked)} checked)",
            markup=False,
        )
    else:
        console.print(f"{documents_count(checked)} checked: no problems", markup=False)


def load_valid_knowledge_base(
    config: Config,
    refusal: str = "Nothing was published: fix the problems above first.",
    workers: DocumentWorkers | None = None,
) -> KnowledgeBase:
    """Load every document (in ``workers`` when given); on any error, report every problem,
    then ``refusal``, and exit 1."""
    from wikipk.loading import load_knowledge_base

    return refuse_invalid(load_knowledge_base(config, workers=workers), refusal)


def refuse_invalid(
    knowledge: KnowledgeBase,
    refusal: str = "Nothing was published: fix the problems above first.",
) -> KnowledgeBase:
    """The loaded ``knowledge``; on any error, report every problem, then ``refusal``, and
    exit 1."""
    from wikipk.problems import Severity

    if any(problem.severity is Severity.ERROR for problem in knowledge.problems):
        report_problems(knowledge.problems, knowledge.file_count)
        click.echo(refusal, err=True)
        sys.exit(1)
    return knowledge


def only_option(help_text: str) -> Callable[[FC], FC]:
    """``--only PATH`` (repeatable, as ``only``): the documents a command is limited to."""
    return click.option(
        "--only", "only", multiple=True, type=click.Path(path_type=Path), help=help_text
    )


def selected_documents(
    documents: tuple[Document, ...], only: tuple[Path, ...], content: Path
) -> list[Document]:
    """The documents ``--only`` names (all of them without it).

    Raises:
        UsageError: a path names no valid document.
    """
    if not only:
        return list(documents)
    wanted = {path.resolve() for path in only}
    chosen = [doc for doc in documents if (content / doc.path).resolve() in wanted]
    known = {(content / doc.path).resolve() for doc in chosen}
    missing = [str(path) for path in only if path.resolve() not in known]
    if missing:
        raise UsageError(f"--only names no valid document: {', '.join(missing)}")
    return chosen
