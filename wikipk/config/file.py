"""``wikipk.yml`` as read: every value with its place, and the one way a setting is checked.

Every section of the file (``wiki``, ``site``, ``youtube``, ``premium``, and the core's own
settings) is read through :class:`Section` and :class:`Setting`, in this package only. Each
typed accessor returns a value of the right type or raises a
:class:`~wikipk.errors.ConfigError` that names the file, line and column, the setting, what is
wrong and what to write instead:
``wikipk.yml:3:16: 'wiki.max_retries' must be a whole number, got 'five'``. The places come
from PyYAML's node marks, as the front matter's do.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from wikipk import CONFIG_FILE
from wikipk.errors import ConfigError
from wikipk.problems import did_you_mean

if TYPE_CHECKING:
    from yaml.nodes import Node

KeyPath = tuple[str | int, ...]
Place = tuple[int, int]

_QUOTE_HINT = "write it in quotes when it looks like a number, a date or true/false"


@dataclass(frozen=True)
class ConfigFile:
    """The values of ``wikipk.yml`` and the place (1-based line and column) of each."""

    data: dict[str, object] = field(default_factory=dict)
    """The settings, as plain data (text, numbers, true/false, lists, mappings)."""
    places: dict[KeyPath, Place] = field(default_factory=dict)
    """Where each value is, by its path of keys and list positions."""
    key_places: dict[KeyPath, Place] = field(default_factory=dict)
    """Where each mapping key is, by the path of its value."""

    def root(self) -> Section:
        """The whole file, as a section."""
        return Section(self, ())

    def where(self, path: KeyPath, at_key: bool = False) -> str:
        """``wikipk.yml:LINE:COL`` of a value (of its key when it is empty or ``at_key``); for a
        missing setting, the key of the nearest section that is there."""
        while path:
            value, key = self.places.get(path), self.key_places.get(path)
            place = key or value if at_key or self.value(path) is None else value or key
            if place:
                return f"{CONFIG_FILE}:{place[0]}:{place[1]}"
            path, at_key = path[:-1], True
        return CONFIG_FILE

    def value(self, path: KeyPath) -> object:
        """The value at ``path``; None when it (or a parent) is absent."""
        found: object = self.data
        for step in path:
            if isinstance(step, int) and isinstance(found, list) and step < len(found):
                found = found[step]
            elif isinstance(step, str) and isinstance(found, dict):
                found = found.get(step)
            else:
                return None
        return found


@dataclass(frozen=True)
class Setting:
    """One value of the file, absent or not, read through typed accessors."""

    file: ConfigFile
    path: KeyPath

    @property
    def name(self) -> str:
        """The setting as a user names it: ``wiki.max_retries``, ``languages[1].dir``."""
        name = ""
        for step in self.path:
            name += f"[{step + 1}]" if isinstance(step, int) else ("." if name else "") + step
        return name

    @property
    def present(self) -> bool:
        """True when the file gives this setting a value."""
        return self.file.value(self.path) is not None

    @property
    def value(self) -> object:
        """The raw value (None when absent)."""
        return self.file.value(self.path)

    def error(self, problem: str, hint: str = "", at_key: bool = False) -> ConfigError:
        """A located error about this setting: ``wikipk.yml:L:C: 'name' problem``, at its value
        (at its name when ``at_key``)."""
        return ConfigError(f"{self.file.where(self.path, at_key)}: '{self.name}' {problem}", hint)

    def whole_number(self, default: int, minimum: int = 0) -> int:
        """A whole number of at least ``minimum``."""
        value = self.value
        if value is None:
            return default
        if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
            raise self.error(
                f"must be a whole number{_at_least(minimum)}, got {shown(value)}",
                f"write a number such as {max(default, minimum)}",
            )
        return value

    def number(self, default: float, above: float = 0.0) -> float:
        """A number (decimals allowed) greater than ``above``."""
        value = self.value
        if value is None:
            return default
        if not isinstance(value, int | float) or isinstance(value, bool) or value <= above:
            raise self.error(
                f"must be a number above {above:g}, got {shown(value)}",
                f"write a number such as {default:g}",
            )
        return float(value)

    def text(self, default: str) -> str:
        """Some text (not empty)."""
        value = self.value
        if value is None:
            return default
        if not isinstance(value, str) or not value.strip():
            single = not isinstance(value, list | dict)
            hint = _QUOTE_HINT if single else "write one text, not a list or a mapping"
            raise self.error(f"must be some text, got {shown(value)}", hint)
        return value

    def optional_text(self) -> str | None:
        """Some text, or None when the setting is absent."""
        return self.text("") or None if self.present else None

    def flag(self, default: bool) -> bool:
        """``true`` or ``false``."""
        value = self.value
        if value is None:
            return default
        if not isinstance(value, bool):
            raise self.error(
                f"must be true or false, got {shown(value)}", f"write {str(default).lower()}"
            )
        return value

    def choice(self, choices: Sequence[str], default: str) -> str:
        """One of ``choices``."""
        value = self.value
        if value is None:
            return default
        if value not in choices:
            listed = ", ".join(choices[:-1]) + " or " + choices[-1]
            hint = did_you_mean(str(value), choices) or f"write one of {listed}"
            raise self.error(f"must be {listed}, got {shown(value)}", hint)
        return str(value)

    def texts(self, example: str) -> list[str]:
        """A list of texts (none when absent), such as ``example``."""
        value = self.value
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self.error(
                f"must be a list of names, got {shown(value)}", f"write a list such as {example}"
            )
        return value

    def section(self) -> Section:
        """This setting as a mapping of settings (empty when absent)."""
        value = self.value
        if value is not None and not isinstance(value, dict):
            raise self.error(
                f"must be a mapping of settings, got {shown(value)}",
                f"write one 'name: value' per line, indented under '{self.path[-1]}:'",
            )
        return Section(self.file, self.path)

    def items(self) -> list[Setting]:
        """The entries of a list (none when absent)."""
        value = self.value
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.error(
                f"must be a list, got {shown(value)}", "write one '- entry' per line, or [a, b]"
            )
        return [Setting(self.file, (*self.path, index)) for index in range(len(value))]


@dataclass(frozen=True)
class Section:
    """A mapping of settings in the file (the whole file, or a section such as ``wiki:``)."""

    file: ConfigFile
    path: KeyPath

    def names(self) -> list[str]:
        """The settings given, in the file's order."""
        value = self.file.value(self.path)
        return [str(key) for key in value] if isinstance(value, dict) else []

    def __contains__(self, key: str) -> bool:
        return key in self.names()

    def __getitem__(self, key: str) -> Setting:
        return Setting(self.file, (*self.path, key))

    def section(self, key: str) -> Section:
        """The mapping of settings under ``key`` (empty when absent)."""
        return self[key].section()

    def known(self, allowed: Sequence[str]) -> None:
        """Refuse a setting not in ``allowed``, at its place, with "did you mean"."""
        for key in self.names():
            if key not in allowed:
                setting = self[key]
                hint = did_you_mean(key, allowed) or "the settings here are " + ", ".join(allowed)
                where = self.file.where(setting.path, at_key=True)
                raise ConfigError(f"{where}: unknown setting '{setting.name}'", hint)


def shown(value: object) -> str:
    """A value as the user wrote it, for "got ..." in a message."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "nothing" if value is None else str(value)


def user_path(root: Path, name: str) -> Path:
    """A path a setting names: ``~`` expanded, relative to the knowledge base's folder."""
    path = Path(name).expanduser()
    return path if path.is_absolute() else root / path


def _at_least(minimum: int) -> str:
    return {0: "", 1: " above 0"}.get(minimum, f" of at least {minimum}")


def read_config_file(path: Path) -> ConfigFile:
    """Read ``wikipk.yml`` with the place of every value.

    Raises:
        ConfigError: the file cannot be read, is not YAML, or is not a mapping of settings.
    """
    import yaml  # only when there is a file to read: commands that need no settings start faster

    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"{CONFIG_FILE}: is not UTF-8 text", "save it as UTF-8") from None
    except OSError as error:
        raise ConfigError(f"{CONFIG_FILE}: cannot be read: {error.strerror}") from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        raise ConfigError(
            f"{CONFIG_FILE}{where}: not valid YAML: {error.problem or error}",
            "check the indentation, and quote values that contain ': ' or start with a "
            "special character",
        ) from None
    except yaml.YAMLError as error:
        raise ConfigError(f"{CONFIG_FILE}: not valid YAML: {error}") from None
    if node is None:
        return ConfigFile()
    if not isinstance(node, yaml.MappingNode):
        raise ConfigError(
            f"{CONFIG_FILE}:{_place(node)[0]}:{_place(node)[1]}: expected a mapping of settings",
            "write one 'name: value' per line, such as 'content: content'",
        )
    places: dict[KeyPath, Place] = {}
    key_places: dict[KeyPath, Place] = {}
    data = _Reader(places, key_places).value(node, ())
    assert isinstance(data, dict)
    return ConfigFile(data, places, key_places)


def _place(node: Node) -> Place:
    return node.start_mark.line + 1, node.start_mark.column + 1


@dataclass
class _Reader:
    """Turns composed YAML nodes into plain data, recording the place of every value and key."""

    places: dict[KeyPath, Place]
    key_places: dict[KeyPath, Place]

    def value(self, node: Node, path: KeyPath) -> object:
        from yaml.constructor import ConstructorError, SafeConstructor
        from yaml.nodes import MappingNode, SequenceNode

        self.places[path] = _place(node)
        if isinstance(node, MappingNode) and node.tag == "tag:yaml.org,2002:map":
            return self._mapping(node, path)
        if isinstance(node, SequenceNode) and node.tag == "tag:yaml.org,2002:seq":
            return [self.value(item, (*path, index)) for index, item in enumerate(node.value)]
        try:
            return SafeConstructor().construct_object(node, deep=True)
        except (ConstructorError, ValueError):
            line, column = _place(node)
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            raise ConfigError(
                f"{CONFIG_FILE}:{line}:{column}: YAML tag '{tag}' is not allowed",
                "remove the tag: settings are plain text, numbers, true/false, lists and mappings",
            ) from None

    def _mapping(self, node: Node, path: KeyPath) -> dict[str, object]:
        data: dict[str, object] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            line, column = _place(key_node)
            if key in data:
                first = self.key_places[(*path, key)][0]
                raise ConfigError(
                    f"{CONFIG_FILE}:{line}:{column}: '{key}' is given twice (first on line "
                    f"{first})",
                    "keep one of the two",
                )
            self.key_places[(*path, key)] = (line, column)
            data[key] = self.value(value_node, (*path, key))
        return data
