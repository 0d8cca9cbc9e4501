"""Markdown for plans and reports: table cells, tables and folded blocks.

Every plan (wiki, site, YouTube) renders itself as GitHub-flavoured Markdown for a pull-request
comment or a job summary through these few functions, so escaping is done in one place.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def cell(text: str | None) -> str:
    """Text that stays inside one table cell and is shown, never run, as HTML."""
    return ((text or "").replace("&", "&amp;").replace("<", "&lt;").replace("|", "\\|")).replace(
        "\n", " "
    )


def code(text: str) -> str:
    """Inline code (a path, an id), in a cell or a sentence."""
    return f"`{text.replace('`', '')}`" if text else ""


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """A table's lines; cells must already be escaped (:func:`cell`, :func:`code`)."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def details(summary: str, body: str, language: str = "") -> list[str]:
    """A folded block: ``summary`` shown, ``body`` (a fenced block) revealed on a click."""
    fence = "````" if "```" in body else "```"
    return [
        "",
        f"<details><summary>{cell(summary)}</summary>",
        "",
        f"{fence}{language}",
        body,
        fence,
        "",
        "</details>",
    ]
