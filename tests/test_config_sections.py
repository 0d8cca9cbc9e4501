"""The typed sections of ``wikipk.yml``: read once, each when a command first needs it, with no
secret in them or in their repr, and a configuration a worker process can be sent."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from sync.wiki.client import wiki_settings
from tests.cli_helpers import run
from wikipk.config import Config, PremiumSettings, WikiNaming, WikiSection, load_config
from wikipk.errors import ConfigError

YOUTUBE = (
    "youtube:\n"
    "  wiki_page_url: https://wiki.example.pk/wiki/{title}\n"
    "  site_page_url: https://site.example.pk/docs/{id}/\n"
)


def _config(root: Path, text: str) -> Config:
    (root / "content").mkdir(exist_ok=True)
    (root / "wikipk.yml").write_text(text, encoding="utf-8")
    return load_config(root)


def test_every_section_has_its_defaults_without_a_file(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    config = load_config(tmp_path)
    assert config.wiki == WikiSection()
    assert config.wiki_naming == WikiNaming()
    assert config.premium == PremiumSettings()
    assert config.site.url == "https://wikipakistan.example/"
    assert config.site_address is None
    assert not config.configures("youtube")


def test_a_section_is_read_once_and_typed(tmp_path: Path) -> None:
    config = _config(
        tmp_path,
        "wiki:\n  url: https://wiki.example.org/w/\n  password_file: secrets/bot\n"
        "  timeout: 10\n  namespaces: [Portal]\n"
        "site:\n  url: https://site.example.org\n"
        "premium:\n  subscribers_file: ~/subscribers.json\n" + YOUTUBE,
    )
    assert config.wiki is config.wiki
    assert config.wiki.url == "https://wiki.example.org/w/"
    assert config.wiki.password_file == tmp_path / "secrets" / "bot"
    assert config.wiki.timeout == 10.0
    assert config.wiki.naming == WikiNaming(namespaces=("Portal",))
    assert config.site is config.site
    assert config.site_address == "https://site.example.org/"
    assert config.premium.subscribers_file == Path("~/subscribers.json").expanduser()
    assert config.configures("youtube")
    assert config.youtube is config.youtube
    assert config.youtube.budget == 9000


def test_a_wrong_section_fails_when_it_is_read_not_before(tmp_path: Path) -> None:
    config = _config(tmp_path, "site:\n  title: 12\nyoutube:\n  budget: lots\n")
    assert config.content_dir == tmp_path / "content"
    with pytest.raises(ConfigError, match=r"^wikipk.yml:2:10: 'site.title' must be some text"):
        _ = config.site
    with pytest.raises(ConfigError, match=r"^wikipk.yml:3:1: 'youtube.wiki_page_url'"):
        _ = config.youtube


def test_a_command_is_not_stopped_by_a_section_it_does_not_read(knowledge_base: Path) -> None:
    (knowledge_base / "wikipk.yml").write_text(
        "site:\n  title: 12\nyoutube:\n  budget: lots\npremium:\n  subscribers_file: 5\n"
        "wiki:\n  max_retries: five\n",
        encoding="utf-8",
    )
    assert run("check").exit_code == 0


def test_the_password_is_in_no_section_and_no_repr(tmp_path: Path) -> None:
    (tmp_path / "bot-password").write_text("hunter2-not-shown\n", encoding="utf-8")
    config = _config(
        tmp_path,
        "wiki:\n  url: https://wiki.example.org/w/\n  user: PushBot@wikipk\n"
        "  password_file: bot-password\n",
    )
    settings = wiki_settings(config, environ={})
    assert settings is not None
    assert settings.password == "hunter2-not-shown"
    for shown in (repr(config), repr(config.wiki), repr(settings)):
        assert "hunter2" not in shown
    from_env = wiki_settings(config, environ={"WIKIPK_WIKI_PASSWORD": "from-the-env"})
    assert from_env is not None
    assert "from-the-env" not in repr(from_env)


def test_a_config_is_sent_to_a_worker_without_the_sections_read(tmp_path: Path) -> None:
    config = _config(tmp_path, "site:\n  title: A title\n" + YOUTUBE)
    assert config.youtube.costs  # a read-only mapping, which pickle cannot send
    assert config.site.title == "A title"
    copy = pickle.loads(pickle.dumps(config))
    assert copy == config
    assert "youtube" not in vars(copy)
    assert copy.youtube == config.youtube
    assert copy.site.title == "A title"
