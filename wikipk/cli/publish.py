"""``wikipk publish``: the group of publishers (``wikipk publish youtube``, ...)."""

from __future__ import annotations

import click

from wikipk.cli.publish_wiki import wiki_publish_command
from wikipk.cli.youtube import youtube_publish_command


@click.group("publish")
def publish() -> None:
    """Publish the knowledge base to its destinations."""


publish.add_command(wiki_publish_command)
publish.add_command(youtube_publish_command)
