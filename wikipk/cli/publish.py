"""``wikipk publish``: the group of publishers (``wikipk publish youtube``, ...)."""

from __future__ import annotations

import click

from wikipk.cli import LazyGroup


@click.group(
    "publish",
    cls=LazyGroup,
    lazy={
        "wiki": "wikipk.cli.publish_wiki:wiki_publish_command",
        "youtube": "wikipk.cli.youtube:youtube_publish_command",
    },
)
def publish() -> None:
    """Publish the knowledge base to its destinations."""
