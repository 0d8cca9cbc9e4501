"""``wikipk subscribers``: who may open premium documents on the static site."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from wikipk.cli.common import content_option, load_settings
from wikipk.config import Config
from wikipk.errors import UsageError
from wikipk.loading import load_knowledge_base
from wikipk.premium.subscribers import (
    ENV_FILE,
    Registry,
    Subscriber,
    derive,
    load_registry,
    new_code,
    registry_path,
    save_registry,
)
from wikipk.problems import did_you_mean


@click.group()
def subscribers() -> None:
    """Add, list and revoke the subscribers who open premium documents on the site."""


def _registry(config: Config) -> tuple[Path, Registry]:
    path = registry_path(config)
    if path is None:
        raise UsageError(
            "no subscriber registry is set: add 'premium: {subscribers_file: PATH}' to "
            f"wikipk.yml or set {ENV_FILE}, with a path outside git"
        )
    return path, load_registry(path)


def _expiry(value: str | None, today: date) -> date | None:
    if value is None:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--expires must be a date such as 2027-06-30, got '{value}'") from None
    if day < today:
        raise UsageError(f"--expires {value} has already passed")
    return day


def _premium_ids(config: Config) -> list[str]:
    knowledge = load_knowledge_base(config)
    return sorted(doc.id for doc in knowledge.documents if doc.is_premium)


def _docs(value: str | None, premium: list[str]) -> tuple[str, ...] | None:
    if value is None:
        return None
    ids = tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    if not ids:
        raise UsageError("--docs needs one or more document ids, separated by commas")
    for doc_id in ids:
        if doc_id not in premium:
            hint = did_you_mean(doc_id, premium)
            raise UsageError(
                f"'{doc_id}' is not a premium document of this knowledge base"
                + (f"; {hint}" if hint else "")
            )
    return ids


@subscribers.command()
@click.argument("name")
@click.option("--expires", metavar="DATE", help="The last day the code works (YYYY-MM-DD).")
@click.option(
    "--docs", metavar="ID,...", help="Only these premium documents (a one-time purchase)."
)
@content_option
def add(name: str, expires: str | None, docs: str | None, content: Path | None) -> None:
    """Add a subscriber and print their access code, once: it is never shown again."""
    config = load_settings(content)
    path, registry = _registry(config)
    today = date.today()
    if not name.strip():
        raise UsageError("the subscriber's name must not be empty")
    premium = _premium_ids(config)
    subscriber_docs = _docs(docs, premium)
    code = new_code()
    derived = derive(code)
    subscriber = Subscriber(
        name=name,
        created=today,
        expires=_expiry(expires, today),
        docs=subscriber_docs,
        key_file=derived.key_file,
        wrap_key=derived.wrap_key,
    )
    save_registry(path, registry.add(subscriber))
    opens = [doc for doc in premium if subscriber.may_open(doc)]
    click.echo(f"Added {name}: {_scope(subscriber)}.")
    click.echo("Access code (shown only this once; give it to the subscriber privately):")
    click.echo(f"  {code}")
    if opens:
        url = config.site.url + f"docs/{opens[0]}.html#code={code}"
        click.echo("Or this link, which keeps the code on the reader's device:")
        click.echo(f"  {url}")
    click.echo("The code works on the site from the next 'wikipk build'.")


def _scope(subscriber: Subscriber) -> str:
    what = "every premium document" if subscriber.docs is None else ", ".join(subscriber.docs)
    until = subscriber.expires.isoformat() if subscriber.expires else "revoked"
    return f"{what}, until {until}"


@subscribers.command("list")
@content_option
def list_(content: Path | None) -> None:
    """List every subscriber: what they may open, until when, and whether they still may."""
    config = load_settings(content)
    _path, registry = _registry(config)
    if not registry.subscribers:
        click.echo("No subscribers yet: add one with 'wikipk subscribers add NAME'.")
        return
    today = date.today()
    rows = [("name", "since", "opens", "status")]
    for s in registry.subscribers:
        rows.append((s.name, s.created.isoformat(), _scope(s), s.status(today)))
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        click.echo("  ".join([*cells, row[3]]))


@subscribers.command()
@click.argument("name")
@content_option
def revoke(name: str, content: Path | None) -> None:
    """Revoke a subscriber: from the next build their code opens nothing, old copies included."""
    config = load_settings(content)
    path, registry = _registry(config)
    save_registry(path, registry.revoke(name, date.today()))
    click.echo(
        f"Revoked {name}. From the next 'wikipk build' their code opens nothing, and the "
        "documents they could open get new keys, so pages and key files they kept stay shut."
    )
