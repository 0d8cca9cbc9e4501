"""Project configuration: ``wikipk.yml`` at the root of a knowledge base (optional)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from wikipk import CONFIG_FILE as CONFIG_FILE
from wikipk.boundary import is_inside
from wikipk.config_file import ConfigFile, Section, Setting, read_config_file, shown
from wikipk.errors import ConfigError


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
    file: ConfigFile = field(default_factory=ConfigFile, compare=False, repr=False)
    """``wikipk.yml`` with the place of every value: the sections owned by other components
    (``wiki``, ``site``, ``youtube``, ``premium``) are read from it with located errors."""

    def language(self, code: str) -> Language | None:
        """The configured language with this code, if any."""
        return next((lang for lang in self.languages if lang.code == code), None)

    def section(self, name: str) -> Section:
        """A section of ``wikipk.yml`` (empty when absent), such as ``wiki``.

        Raises:
            ConfigError: the section is not a mapping of settings.
        """
        return self.file.root().section(name)


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


def load_config(root: Path, content: Path | None = None) -> Config:
    """Read ``wikipk.yml`` from ``root`` (all defaults when it is absent).

    Args:
        root: the knowledge base's root folder.
        content: a content folder given on the command line; overrides the file's ``content``.

    Raises:
        ConfigError: the file is not valid YAML or holds a wrong setting (located in the file).
    """
    path = root / CONFIG_FILE
    file = read_config_file(path) if path.is_file() else ConfigFile()
    settings = file.root()
    settings.known(_KEYS)
    config = Config(
        root=root,
        content_dir=_content_dir(root, content, settings["content"]),
        languages=_languages(settings["languages"]),
        max_file_size=settings["max_file_size"].whole_number(1024 * 1024, minimum=1),
        workers=settings["workers"].whole_number(0),
        file=file,
    )
    from wikipk.wiki_titles import wiki_names_of  # here, not above: it imports this module

    wiki_names_of(config)  # the wiki's names (site_name, namespaces, interwiki) are valid
    return config


def _content_dir(root: Path, content: Path | None, setting: Setting) -> Path:
    if content is not None:
        if not content.is_dir():
            raise ConfigError(f"content folder '{content}' does not exist")
        return content
    folder = root / setting.text("content")
    if not is_inside(folder.resolve(), root.resolve()):
        raise setting.error(
            f"names '{setting.value}', a folder outside the knowledge base",
            "keep the content folder inside it (or name another with --content)",
        )
    if not folder.is_dir():
        if setting.present:
            raise setting.error(
                f"names the folder '{setting.value}', which does not exist",
                "write the folder of documents, relative to wikipk.yml, such as 'content'",
            )
        raise ConfigError(f"content folder '{folder}' does not exist")
    return folder


def _languages(setting: Setting) -> tuple[Language, ...]:
    if not setting.present:
        return DEFAULT_LANGUAGES
    entries = setting.items()
    if not entries:
        raise setting.error("must list at least one language", _LANGUAGE_HINT)
    return tuple(_language(entry) for entry in entries)


_LANGUAGE_HINT = "write each language as {code: ur, name: اردو, dir: rtl}"


def _language(entry: Setting) -> Language:
    if not isinstance(entry.value, dict):
        raise entry.error(f"must be a language, got {shown(entry.value)}", _LANGUAGE_HINT)
    fields = entry.section()
    fields.known(("code", "name", "dir"))
    if not fields["code"].present:
        raise entry.error("needs a 'code', such as 'en'", _LANGUAGE_HINT)
    code = fields["code"].text("")
    name = fields["name"].text(code)
    return Language(code, name, fields["dir"].choice(("ltr", "rtl"), "ltr"))
