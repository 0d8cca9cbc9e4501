"""Every kind of setting in ``wikipk.yml``: a wrong type or value is located, with a hint, exit 2.

Each case runs the real command that reads the setting, as a user would, so a setting that some
component converts on its own (and would fail with an internal error) shows up here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli_helpers import run

QUOTES = "    hint: write it in quotes when it looks like a number, a date or true/false\n"
NOT_BUILT = "; the site was not built\n"
NO_ZIM = "; no ZIM file was written\n"

CASES = [
    # The wiki publisher's settings (wikipk/config/wiki.py).
    (
        "wiki:\n  max_retries: five\n",
        ("publish", "wiki", "--dry-run"),
        "Error: wikipk.yml:2:16: 'wiki.max_retries' must be a whole number, got 'five'\n"
        "    hint: write a number such as 5\n",
    ),
    (
        "wiki:\n  max_retries: five\n",
        ("plan", "--targets", "wiki"),
        "Error: wikipk.yml:2:16: 'wiki.max_retries' must be a whole number, got 'five'\n"
        "    hint: write a number such as 5\n",
    ),
    (
        "wiki:\n  timeout: soon\n",
        ("publish", "wiki", "--dry-run"),
        "Error: wikipk.yml:2:12: 'wiki.timeout' must be a number above 0, got 'soon'\n"
        "    hint: write a number such as 30\n",
    ),
    (
        "wiki:\n  retry_timeout: 2.5\n",
        ("publish", "wiki", "--dry-run"),
        "Error: wikipk.yml:2:18: 'wiki.retry_timeout' must be a whole number, got 2.5\n"
        "    hint: write a number such as 5\n",
    ),
    (
        "wiki: 5\n",
        ("publish", "wiki", "--dry-run"),
        "Error: wikipk.yml:1:7: 'wiki' must be a mapping of settings, got 5\n"
        "    hint: write one 'name: value' per line, indented under 'wiki:'\n",
    ),
    (
        "wiki:\n  max_retry: 3\n",
        ("plan", "--targets", "wiki"),
        "Error: wikipk.yml:2:3: unknown setting 'wiki.max_retry'\n"
        "    hint: did you mean 'max_retries'?\n",
    ),
    (
        "wiki:\n  password_file: [a]\n",
        ("publish", "wiki", "--dry-run"),
        "Error: wikipk.yml:2:18: 'wiki.password_file' must be some text, got a list\n"
        "    hint: write one text, not a list or a mapping\n",
    ),
    (
        "wiki:\n  namespaces: Portal\n",
        ("check",),
        "Error: wikipk.yml:2:15: 'wiki.namespaces' must be a list of names, got 'Portal'\n"
        "    hint: write a list such as [Portal, Portal talk]\n",
    ),
    # The site's settings (wikipk/config/site.py), read by build, serve, plan and publish.
    (
        "site:\n  title: 12\n",
        ("build",),
        "Error: wikipk.yml:2:10: 'site.title' must be some text, got 12" + NOT_BUILT + QUOTES,
    ),
    (
        "site:\n  image_widths: [320, big]\n",
        ("build",),
        "Error: wikipk.yml:2:23: 'site.image_widths[2]' must be a whole number above 0, got "
        "'big'" + NOT_BUILT + "    hint: write a number such as 320\n",
    ),
    (
        "site:\n  search: yes please\n",
        ("build",),
        "Error: wikipk.yml:2:11: 'site.search' must be true or false, got 'yes please'"
        + NOT_BUILT
        + "    hint: write true\n",
    ),
    (
        "site:\n  url: ftp://x/\n",
        ("publish", "wiki", "--dry-run"),
        "Error: wikipk.yml:2:8: 'site.url' must be an http:// or https:// address, got "
        "'ftp://x/'\n    hint: write the address readers open, such as "
        "https://wikipakistan.example/\n",
    ),
    (
        "site:\n  listing_size: 0\n",
        ("plan", "--targets", "site"),
        "Error: wikipk.yml:2:17: 'site.listing_size' must be a whole number above 0, got 0; "
        "the site plan was not made\n    hint: write a number such as 50\n",
    ),
    # The offline edition's settings (wikipk/config/zim.py).
    (
        "zim:\n  nmae: wiki\n",
        ("export", "zim"),
        "Error: wikipk.yml:2:3: unknown setting 'zim.nmae'"
        + NO_ZIM
        + "    hint: did you mean 'name'?\n",
    ),
    (
        "zim:\n  name: Wiki_Pakistan\n",
        ("export", "zim"),
        "Error: wikipk.yml:2:9: 'zim.name' must be lower-case letters, digits and hyphens, got "
        "'Wiki_Pakistan'" + NO_ZIM + "    hint: write a name such as wiki-pakistan (it begins "
        "every file's name)\n",
    ),
    (
        "zim:\n  image_width: 0\n",
        ("export", "zim"),
        "Error: wikipk.yml:2:16: 'zim.image_width' must be a whole number above 0, got 0"
        + NO_ZIM
        + "    hint: write a number such as 640\n",
    ),
    (
        "zim:\n  languages:\n    ur: urdu\n",
        ("export", "zim"),
        "Error: wikipk.yml:3:9: 'zim.languages.ur' must be a three-letter ISO 639-3 code, got "
        "'urdu'" + NO_ZIM + "    hint: write the language's code such as 'urd' for Urdu\n",
    ),
    (
        "zim: 5\n",
        ("export", "zim"),
        "Error: wikipk.yml:1:6: 'zim' must be a mapping of settings, got 5" + NO_ZIM + "    hint: "
        "write one 'name: value' per line, indented under 'zim:'\n",
    ),
    (
        "site:\n  zim: maybe\n",
        ("build",),
        "Error: wikipk.yml:2:8: 'site.zim' must be true or false, got 'maybe'"
        + NOT_BUILT
        + "    hint: write false\n",
    ),
    # The YouTube publisher's settings (wikipk/config/youtube.py).
    (
        "youtube:\n  budget: lots\n",
        ("plan", "--targets", "youtube"),
        "Error: wikipk.yml:1:1: 'youtube.wiki_page_url' must be set to a page address using "
        "{title}\n    hint: such as https://example.org/{title}\n",
    ),
    # Premium documents (wikipk/config/premium.py, wikipk/premium/subscribers.py).
    (
        "premium:\n  subscribers_file: 5\n",
        ("subscribers", "list"),
        "Error: wikipk.yml:2:21: 'premium.subscribers_file' must be some text, got 5\n" + QUOTES,
    ),
    # The core's own settings (wikipk/config/core.py), read by every command.
    (
        "max_file_size: 1MB\n",
        ("check",),
        "Error: wikipk.yml:1:16: 'max_file_size' must be a whole number above 0, got '1MB'\n"
        "    hint: write a number such as 1048576\n",
    ),
    (
        "workers: -1\n",
        ("check",),
        "Error: wikipk.yml:1:10: 'workers' must be a whole number, got -1\n"
        "    hint: write a number such as 0\n",
    ),
    (
        "languages: en\n",
        ("new", "sop", "A title"),
        "Error: wikipk.yml:1:12: 'languages' must be a list, got 'en'\n"
        "    hint: write one '- entry' per line, or [a, b]\n",
    ),
    (
        "languages:\n  - {name: English}\n",
        ("check",),
        "Error: wikipk.yml:2:5: 'languages[1]' needs a 'code', such as 'en'\n"
        "    hint: write each language as {code: ur, name: اردو, dir: rtl}\n",
    ),
    (
        "languages:\n  - {code: en, dir: up}\n",
        ("check",),
        "Error: wikipk.yml:2:21: 'languages[1].dir' must be ltr or rtl, got 'up'\n"
        "    hint: write one of ltr or rtl\n",
    ),
    (
        "content: docs\n",
        ("check",),
        "Error: wikipk.yml:1:10: 'content' names the folder 'docs', which does not exist\n"
        "    hint: write the folder of documents, relative to wikipk.yml, such as 'content'\n",
    ),
    (
        "content: ../elsewhere\n",
        ("check",),
        "Error: wikipk.yml:1:10: 'content' names '../elsewhere', a folder outside the knowledge "
        "base\n    hint: keep the content folder inside it (or name another with --content)\n",
    ),
    (
        "contnet: docs\n",
        ("check",),
        "Error: wikipk.yml:1:1: unknown setting 'contnet'\n    hint: did you mean 'content'?\n",
    ),
    # The file itself.
    (
        "content: content\ncontent: other\n",
        ("check",),
        "Error: wikipk.yml:2:1: 'content' is given twice (first on line 1)\n"
        "    hint: keep one of the two\n",
    ),
    (
        "content: !!python/object/apply:os.system [id]\n",
        ("check",),
        "Error: wikipk.yml:1:10: YAML tag '!!python/object/apply:os.system' is not allowed\n"
        "    hint: remove the tag: settings are plain text, numbers, true/false, lists and "
        "mappings\n",
    ),
    (
        "- content\n",
        ("check",),
        "Error: wikipk.yml:1:1: expected a mapping of settings\n"
        "    hint: write one 'name: value' per line, such as 'content: content'\n",
    ),
]


@pytest.mark.parametrize(("config", "command", "output"), CASES)
def test_a_wrong_setting_is_located_with_a_hint(
    knowledge_base: Path,
    monkeypatch: pytest.MonkeyPatch,
    config: str,
    command: tuple[str, ...],
    output: str,
) -> None:
    # A login in the environment: the file's settings are checked even where it overrides them,
    # and nothing is reached (the discard port) because the settings stop the command first.
    monkeypatch.setenv("WIKIPK_WIKI_URL", "http://127.0.0.1:9/")
    monkeypatch.setenv("WIKIPK_WIKI_USER", "PushBot@wikipk")
    monkeypatch.setenv("WIKIPK_WIKI_PASSWORD", "not-a-real-password")
    (knowledge_base / "wikipk.yml").write_text(config, encoding="utf-8")
    result = run(*command)
    assert result.output == output
    assert result.exit_code == 2
