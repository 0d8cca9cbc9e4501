"""The configuration of a knowledge base: ``wikipk.yml`` at its root (optional), read once.

:func:`load_config` reads the file and checks the core's own settings (``content``,
``languages``, ``max_file_size``, ``workers``) and the wiki's names, which every command needs.
Each other section becomes its frozen dataclass the first time a command asks for it
(``config.wiki``, ``config.site``, ``config.youtube``, ``config.premium``) and is kept: a command
stops on a wrong setting of a section it uses, never on one of a section it does not.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from wikipk import CONFIG_FILE as CONFIG_FILE
from wikipk.boundary import is_inside
from wikipk.config.file import ConfigFile, Setting, read_config_file, shown
from wikipk.config.premium import PremiumSettings, read_premium
from wikipk.config.site import SiteSettings, read_site
from wikipk.config.wiki import WikiNaming, WikiSection, read_wiki, read_wiki_naming
from wikipk.config.zim import ZimSettings, read_zim
from wikipk.errors import ConfigError

if TYPE_CHECKING:
    from wikipk.config.youtube import YouTubeSettings


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
    wiki_naming: WikiNaming = field(default_factory=WikiNaming)
    """The wiki's own names (``wiki: site_name, namespaces, interwiki``), which page titles are
    checked against."""
    file: ConfigFile = field(default_factory=ConfigFile, compare=False, repr=False)
    """``wikipk.yml`` with the place of every value, from which each section is read (once, on
    first use) with located errors."""

    def language(self, code: str) -> Language | None:
        """The configured language with this code, if any."""
        return next((lang for lang in self.languages if lang.code == code), None)

    def configures(self, section: str) -> bool:
        """True when ``wikipk.yml`` has this section (``youtube``)."""
        return section in self.file.root()

    @cached_property
    def wiki(self) -> WikiSection:
        """The ``wiki:`` section: where the wiki is and how the publisher logs in.

        Raises:
            ConfigError: a setting is unknown or wrong (located in the file).
        """
        return read_wiki(self.file.root().section("wiki"), self.root, self.wiki_naming)

    @cached_property
    def site(self) -> SiteSettings:
        """The ``site:`` section: how the static site is built (all defaults when absent).

        Raises:
            ConfigError: a setting is unknown or wrong (located in the file).
        """
        return read_site(self.file.root())

    @property
    def site_address(self) -> str | None:
        """The site's public address when ``site: url:`` sets it (where subscribers read
        premium documents), else None; the ``site:`` section is checked when it does.

        Raises:
            ConfigError: a setting of the ``site:`` section is wrong (located in the file).
        """
        return self.site.url if "url" in self.file.root().section("site") else None

    @cached_property
    def youtube(self) -> YouTubeSettings:
        """The ``youtube:`` section: the links to write, playlists, costs and budget.

        Raises:
            ConfigError: a setting is missing (the section's page addresses are required),
                unknown or wrong (located in the file).
        """
        from wikipk.config.youtube import read_youtube  # the YouTube commands only

        return read_youtube(self.file.root().section("youtube"))

    @cached_property
    def premium(self) -> PremiumSettings:
        """The ``premium:`` section: where the subscriber registry is.

        Raises:
            ConfigError: a setting is unknown or wrong (located in the file).
        """
        return read_premium(self.file.root().section("premium"), self.root)

    @cached_property
    def zim(self) -> ZimSettings:
        """The ``zim:`` section: how the offline edition's ZIM files are named and described.

        Raises:
            ConfigError: a setting is unknown or wrong (located in the file).
        """
        return read_zim(self.file.root().section("zim"), self.root)

    def __getstate__(self) -> dict[str, object]:
        """The fields only, for a worker process: the sections read so far are not sent (they
        are read again there if ever needed)."""
        return {item.name: getattr(self, item.name) for item in fields(self)}


_KEYS = (
    "content",
    "languages",
    "max_file_size",
    "workers",
    "wiki",
    "site",
    "youtube",
    "premium",
    "zim",
)


def load_config(root: Path, content: Path | None = None) -> Config:
    """Read ``wikipk.yml`` from ``root`` (all defaults when it is absent).

    Args:
        root: the knowledge base's root folder.
        content: a content folder given on the command line; overrides the file's ``content``.

    Raises:
        ConfigError: the file is not valid YAML or holds a wrong setting (located in the file).
    """
    # Absolute, so that every path of the run stays right when a step changes its folder
    # (the search index is written from inside the site's cache).
    root = root.absolute()
    path = root / CONFIG_FILE
    file = read_config_file(path) if path.is_file() else ConfigFile()
    settings = file.root()
    settings.known(_KEYS)
    return Config(
        root=root,
        content_dir=_content_dir(root, content, settings["content"]),
        languages=_languages(settings["languages"]),
        max_file_size=settings["max_file_size"].whole_number(1024 * 1024, minimum=1),
        workers=settings["workers"].whole_number(0),
        wiki_naming=read_wiki_naming(settings.section("wiki")),
        file=file,
    )


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
