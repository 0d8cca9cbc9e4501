"""One error tree: every error a user can meet is a ``WikipkError`` with its exit code, and the
CLI turns it into output in one place (``wikipk.cli.Wikipk.invoke``)."""

from __future__ import annotations

import importlib
import inspect
import pickle
import pkgutil
import re
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import click
import pytest

from sync.devwiki.errors import DevWikiError, InstallError, ServerStartError
from sync.wiki.client import USER_AGENT, new_site
from sync.wiki.errors import WikiError
from sync.wiki.preview import connect as preview_connect
from sync.wiki.pull.commits import GitError
from sync.youtube.errors import ApiError, CredentialsError, QuotaExhausted
from tests.cli_helpers import run
from wikipk.cli import main
from wikipk.errors import ConfigError, ContentError, InternalError, UsageError, WikipkError
from wikipk.workers import WorkerError

ROOT = Path(__file__).parent.parent
PACKAGES = ("wikipk", "sync", "site_builder")

#: Public exception classes that are not WikipkErrors, each with the reason.
NOT_WIKIPK_ERRORS = {
    "sync.wiki.races.Conflict": "control flow of apply: caught there, the page is reported as "
    "changed by someone else; it never leaves sync.wiki",
    "wikipk.cli.Reported": "the one conversion of a WikipkError into click's exit (a "
    "click.ClickException); commands never raise it",
}


def _modules() -> Iterator[ModuleType]:
    for package in PACKAGES:
        root = importlib.import_module(package)
        yield root
        for info in pkgutil.walk_packages(root.__path__, f"{package}."):
            if info.name.rsplit(".", 1)[-1] == "__main__":  # running it is its import
                continue
            yield importlib.import_module(info.name)


def _exception_classes() -> dict[str, type[BaseException]]:
    found: dict[str, type[BaseException]] = {}
    for module in _modules():
        for name, value in vars(module).items():
            if (
                inspect.isclass(value)
                and issubclass(value, BaseException)
                and value.__module__ == module.__name__
            ):
                found[f"{module.__name__}.{name}"] = value
    return found


def test_every_public_error_is_a_wikipk_error_with_an_exit_code() -> None:
    classes = _exception_classes()
    assert "wikipk.errors.WikipkError" in classes  # the walk found the packages
    assert len(classes) > 20
    public = {
        name: cls for name, cls in classes.items() if not name.rsplit(".", 1)[-1].startswith("_")
    }
    strays = [
        name
        for name, cls in public.items()
        if not issubclass(cls, WikipkError) and name not in NOT_WIKIPK_ERRORS
    ]
    assert strays == []
    for name, cls in public.items():
        if issubclass(cls, WikipkError):
            assert isinstance(cls.exit_code, int), name
            assert cls.__doc__, f"{name} says what it means"
    assert set(NOT_WIKIPK_ERRORS) <= set(public), "the allow-list names only existing classes"


def test_the_cli_converts_errors_in_one_place() -> None:
    """Only ``wikipk.cli`` (its ``__init__``) knows click's exceptions; commands raise
    WikipkErrors, which it reports."""
    converters = [
        name for name, cls in _exception_classes().items() if issubclass(cls, click.ClickException)
    ]
    assert converters == ["wikipk.cli.Reported"]
    for path in sorted((ROOT / "wikipk" / "cli").glob("*.py")):
        if path.name != "__init__.py":
            assert "ClickException" not in path.read_text(encoding="utf-8"), path.name
    for package in ("sync", "site_builder"):
        for path in sorted((ROOT / package).rglob("*.py")):
            assert "ClickException" not in path.read_text(encoding="utf-8"), path


def test_the_exit_codes_of_the_tree() -> None:
    assert WikipkError.exit_code == ContentError.exit_code == 1
    assert UsageError.exit_code == ConfigError.exit_code == 2
    assert WikiError.exit_code == GitError.exit_code == CredentialsError.exit_code == 2
    assert InternalError.exit_code == WorkerError.exit_code == 3
    assert ApiError("no answer").exit_code == 69
    assert QuotaExhausted("quota").exit_code == 75
    assert DevWikiError("failed").exit_code == 1
    assert DevWikiError("port taken", usage=True).exit_code == 2
    assert InstallError("install.php failed").exit_code == 1
    assert ServerStartError("php -S exited", port_in_use=True).exit_code == 1


def test_a_configuration_error_survives_pickling_with_its_hint() -> None:
    error = pickle.loads(pickle.dumps(ConfigError("wikipk.yml:1:1: wrong", "write it right")))
    assert str(error) == "wikipk.yml:1:1: wrong\n    hint: write it right"


@pytest.fixture
def raising() -> Iterator[list[BaseException]]:
    """A command ``raise`` that raises the error the test puts in the list."""
    errors: list[BaseException] = []

    @click.command("raise")
    def raise_() -> None:
        raise errors[0]

    main.add_command(raise_)
    try:
        yield errors
    finally:
        main.commands.pop("raise")


@pytest.mark.parametrize(
    ("error", "output", "code"),
    [
        (
            GitError("git commit failed: nothing added"),
            "Error: git commit failed: nothing added",
            2,
        ),
        (ContentError("the documents have 2 problems"), "Error: the documents have 2 problems", 1),
        (
            ConfigError("wikipk.yml:2:3: wrong", "write it right").with_outcome("not built"),
            "Error: wikipk.yml:2:3: wrong; not built\n    hint: write it right",
            2,
        ),
        (
            WikiError("the wiki said no").with_outcome("nothing"),
            "Error: the wiki said no; nothing",
            2,
        ),
        (DevWikiError("Port 1 is taken.", usage=True), "Error: Port 1 is taken.", 2),
        (ApiError("YouTube answered HTTP 500"), "Error: YouTube answered HTTP 500", 69),
        (
            QuotaExhausted("at the daily quota"),
            "stopped: at the daily quota; the next run carries on",
            75,
        ),
        (
            WorkerError("a worker process stopped without answering"),
            "Error: internal error (WorkerError); run again with -v to see the details, "
            "and please report it.",
            3,
        ),
        (
            PermissionError(13, "Permission denied", "out/index.html"),
            "Error: out/index.html: Permission denied",
            2,
        ),
    ],
)
def test_the_cli_reports_each_error_with_its_exit_code(
    raising: list[BaseException], error: BaseException, output: str, code: int
) -> None:
    raising.append(error)
    result = run("raise")
    assert result.output == output + "\n"
    assert result.exit_code == code


def test_minus_v_shows_the_traceback_of_an_error_meant_to_be_caught(
    raising: list[BaseException],
) -> None:
    raising.append(WorkerError("a worker process failed:\nValueError: no such thing"))
    result = run("-v", "raise")
    assert result.output.startswith("Traceback (most recent call last):\n")
    assert result.output.endswith(
        "Error: internal error (WorkerError: a worker process failed:\nValueError: no such "
        "thing); please report it with the details above.\n"
    )
    assert result.exit_code == 3


def test_one_factory_and_one_user_agent_for_the_wiki() -> None:
    """Every client of the wiki comes from ``sync.wiki.client.new_site``."""
    site = preview_connect("http://127.0.0.1:9/w")
    assert site.connection.headers["User-Agent"].startswith(USER_AGENT + " ")
    assert site.path == "/w/"
    assert new_site("https://wiki.example.org/", do_init=False).host == "wiki.example.org"
    calls = re.compile(r"(?<!class )\b(?:mwclient\.)?Site\(")
    makers = [
        str(path.relative_to(ROOT))
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        if calls.search(path.read_text(encoding="utf-8"))
    ]
    assert makers == ["sync/wiki/client.py"]
