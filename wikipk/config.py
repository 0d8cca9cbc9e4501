"""Project configuration: ``wikipk.yml`` at the root of a knowledge base (optional)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wikipk import CONFIG_FILE as CONFIG_FILE
from wikipk.errors import ConfigError
from wikipk.problems import did_you_mean


@dataclass(frozen=True)
class Language:
    """A language documents may be written in."""

    code: str
    """ISO 639-1 code used in front matter (``lang: ur``)."""
    name: str
    """The language's own name, shown to readers."""
    direction: str = "ltr"
    """Text direction: ``ltr`` or ``rtl``."""


DEFAULT_LANGUAGES = (
    Language("en", "English", "ltr"),
    Language("ur", "اردو", "rtl"),
)


@dataclass(frozen=True)
class Config:
    """Settings of one knowledge base."""

    root: Path
    """The knowledge base's root folder (where ``wikipk.yml`` lives)."""
    content_dir: Path
    """The folder of documents (``content/`` by default)."""
    languages: tuple[Language, ...] = DEFAULT_LANGUAGES
    """The languages documents may use; the first is the default for new documents."""
    max_file_size: int = 1024 * 1024
    """Largest document file accepted, in bytes."""
    workers: int = 0
    """Processes used to load documents; 0 means one per core."""
    extra: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    """Sections of the file owned by other components (``wiki``, ``site``, ``youtube``,
    ``premium``)."""

    def language(self, code: str) -> Language | None:
        """The configured language with this code, if any."""
        return next((lang for lang in self.languages if lang.code == code), None)


_KEYS = (
    "content",
    "languages",
    "max_file_size",
    "workers",
    "wiki",
    "site",
    "youtube",
    "premium",
)
_SECTIONS = ("wiki", "site", "youtube", "premium")


def load_config(root: Path, content: Path | None = None) -> Config:
    """Read ``wikipk.yml`` from ``root`` (all defaults when it is absent).

    Args:
        root: the knowledge base's root folder.
        content: a content folder given on the command line; overrides the file's ``content``.

    Raises:
        ConfigError: the file is not valid YAML or holds a wrong setting.
    """
    path = root / CONFIG_FILE
    data: dict[str, Any] = {}
    if path.is_file():
        data = _read(path)
    for key in data:
        if key not in _KEYS:
            hint = did_you_mean(key, _KEYS)
            raise ConfigError(
                f"{CONFIG_FILE}: unknown setting '{key}'" + (f"; {hint}" if hint else "")
            )
    content_dir = content if content is not None else root / str(data.get("content", "content"))
    if not content_dir.is_dir():
        raise ConfigError(f"content folder '{content_dir}' does not exist")
    config = Config(
        root=root,
        content_dir=content_dir,
        languages=_languages(data.get("languages")),
        max_file_size=_positive_int(data, "max_file_size", 1024 * 1024),
        workers=_positive_int(data, "workers", 0),
        extra={key: data[key] for key in _SECTIONS if key in data},
    )
    from wikipk.wiki_titles import wiki_names_of  # here, not above: it imports this module

    wiki_names_of(config)  # the wiki's names (site_name, namespaces, interwiki) are valid
    return config


def _read(path: Path) -> dict[str, Any]:
    import yaml  # only when there is a file to read: commands that need no settings start faster

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        raise ConfigError(f"{CONFIG_FILE}{where}: not valid YAML: {error.problem}") from None
    except (yaml.YAMLError, UnicodeDecodeError, OSError) as error:
        raise ConfigError(f"{CONFIG_FILE}: cannot be read: {error}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{CONFIG_FILE}: expected a mapping of settings")
    return data


def _positive_int(data: dict[str, Any], key: str, default: int) -> int:
    value = data.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ConfigError(f"{CONFIG_FILE}: '{key}' must be a whole number, got {value!r}")
    return value


def _languages(value: Any) -> tuple[Language, ...]:
    if value is None:
        return DEFAULT_LANGUAGES
    if not isinstance(value, list) or not value:
        raise ConfigError(f"{CONFIG_FILE}: 'languages' must be a list of {{code, name, dir}}")
    languages = []
    for item in value:
        if not isinstance(item, dict) or not isinstance(item.get("code"), str):
            raise ConfigError(f"{CONFIG_FILE}: each language needs a 'code', such as 'en'")
        direction = item.get("dir", "ltr")
        if direction not in ("ltr", "rtl"):
            raise ConfigError(
                f"{CONFIG_FILE}: language '{item['code']}' has dir '{direction}'; use ltr or rtl"
            )
        languages.append(Language(item["code"], str(item.get("name", item["code"])), direction))
    return tuple(languages)
