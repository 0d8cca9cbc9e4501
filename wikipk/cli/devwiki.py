"""``wikipk devwiki``: a throw-away local MediaWiki for the demo and the tests."""

from __future__ import annotations

import functools
import shlex
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from sync.devwiki import instance as dw
from sync.devwiki.errors import DevWikiError

F = TypeVar("F", bound=Callable[..., Any])


def _os_error(error: OSError) -> DevWikiError:
    """The dev wiki's error for a failed system call: its words and its file (exit code 1)."""
    where = f" ({error.filename})" if error.filename else ""
    return DevWikiError(f"{error.strerror or error}{where}.")


def _instance_options(command: F) -> F:
    """Add ``--dir`` and ``--port``; pass a :class:`sync.devwiki.instance.DevWiki` as ``wiki``."""

    @click.option(
        "--dir",
        "directory",
        type=click.Path(file_okay=False, path_type=Path),
        default=dw.DEFAULT_DIR,
        show_default=True,
        help="Instance directory (all of the wiki's state lives there).",
    )
    @click.option(
        "--port",
        type=click.IntRange(1, 65535),
        default=None,
        help=f"Port on {dw.HOST} [default: {dw.DEFAULT_PORT}; a running wiki keeps its own].",
    )
    @functools.wraps(command)
    def wrapper(directory: Path, port: int | None, **kwargs: Any) -> Any:
        try:
            return command(wiki=dw.instance(directory, port), **kwargs)
        except OSError as error:
            raise _os_error(error) from error

    return wrapper  # type: ignore[return-value]


@click.group()
def devwiki() -> None:
    """Run a throw-away local MediaWiki ("Wiki Pakistan" dev instance) on 127.0.0.1."""


@devwiki.command()
@_instance_options
def start(wiki: dw.DevWiki) -> None:
    """Start the wiki (creating it on first use); returns once its API answers."""
    created = not dw.exists(wiki)
    running, started = dw.start(wiki)
    if created:
        click.echo(f"Created a new devwiki in {wiki.dir}.")
    if started:
        click.echo(f"devwiki started at {running.url} ({wiki.dir}).")
    else:
        click.echo(f"devwiki is already running at {running.url} ({wiki.dir}).")


@devwiki.command()
@_instance_options
def stop(wiki: dw.DevWiki) -> None:
    """Stop the wiki's server and all its workers."""
    stopped = dw.stop(wiki)
    if stopped is None:
        click.echo(f"devwiki is not running ({wiki.dir}).")
    else:
        click.echo(f"devwiki stopped ({stopped.url}, {wiki.dir}).")


@devwiki.command()
@_instance_options
def status(wiki: dw.DevWiki) -> None:
    """Say whether the wiki is running, and at which URL."""
    current = dw.status(wiki)
    if current.running:
        click.echo(f"devwiki is running at {current.wiki.url} ({wiki.dir}, pid {current.pid}).")
    elif current.exists:
        click.echo(f"devwiki is stopped ({wiki.dir}); `start` would serve it at {wiki.url}")
    else:
        click.echo(f"devwiki is stopped and not created yet ({wiki.dir}).")


@devwiki.command()
@_instance_options
def reset(wiki: dw.DevWiki) -> None:
    """Return the wiki to empty (as freshly created); works while it runs."""
    dw.reset(wiki)
    click.echo(f"devwiki reset to an empty wiki ({wiki.dir}).")


@devwiki.command()
@_instance_options
def env(wiki: dw.DevWiki) -> None:
    """Print shell export lines for the wiki's URL and accounts: eval "$(wikipk devwiki env)"."""
    creds = dw.credentials(wiki)
    url = dw.status(wiki).wiki.url
    values = {
        "WIKIPK_WIKI_URL": url,
        "WIKIPK_WIKI_USER": creds.bot_user,
        "WIKIPK_WIKI_PASSWORD": creds.bot_password,
        "DEVWIKI_ADMIN_USER": creds.admin_user,
        "DEVWIKI_ADMIN_PASSWORD": creds.admin_password,
    }
    for name, value in values.items():
        click.echo(f"export {name}={shlex.quote(value)}")
