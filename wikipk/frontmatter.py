"""Front matter: split it from the body and read its YAML safely, keeping every value's line.

The YAML is composed into nodes (never constructed as Python objects from tags), so a tag such as
``!!python/object/apply`` is reported, never executed. Values become plain JSON data (text,
numbers, booleans, lists, mappings; dates stay text) that the JSON Schema validates, and each
value's position is kept so every problem points at its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # PyYAML built without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

JsonPath = tuple[str | int, ...]

_FENCE = re.compile(r"^---[ \t]*$")
_CLOSE = re.compile(r"^(---|\.\.\.)[ \t]*$")
_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_MAX_NODES = 10_000  # alias expansion ("billion laughs") stops here


@dataclass(frozen=True)
class Issue:
    """A front-matter problem, located in the file (1-based)."""

    line: int
    column: int
    rule: str
    message: str
    hint: str = ""


@dataclass
class FrontMatter:
    """The front matter of one file, as data plus the position of every value."""

    data: dict[str, object] = field(default_factory=dict)
    positions: dict[JsonPath, tuple[int, int]] = field(default_factory=dict)
    """Line and column (1-based, in the file) of each value, by JSON path."""
    key_positions: dict[JsonPath, tuple[int, int]] = field(default_factory=dict)
    """Line and column of each mapping key, by the JSON path of its value."""
    body_line: int = 1
    """1-based line on which the body starts."""
    body: str = ""
    issues: list[Issue] = field(default_factory=list)
    readable: bool = True
    """False when the front matter is missing or not YAML: its fields cannot be checked."""
    broken: set[JsonPath] = field(default_factory=set)
    """Values that were refused (bad tags and the like): the schema says nothing more of them."""
    first_line: int = 2
    """The file line of the YAML's first line (2 in front matter, after the opening '---')."""

    def where(self, path: JsonPath) -> tuple[int, int]:
        """Best position for a problem about ``path``: the value, else its key, else its parent."""
        while True:
            if path in self.positions:
                return self.positions[path]
            if path in self.key_positions:
                return self.key_positions[path]
            if not path:
                return (1, 1)
            path = path[:-1]


def split(text: str) -> FrontMatter:
    """Split ``text`` (LF line ends, no BOM) into front matter and body, and read the YAML."""
    lines = text.split("\n")
    if not lines or not _FENCE.match(lines[0]):
        result = FrontMatter(body=text, readable=False)
        result.issues.append(
            Issue(
                1,
                1,
                "front-matter-missing",
                "the file does not start with front matter",
                "start the file with a line '---', the fields (id, type, title, lang, summary, "
                "updated), and another line '---'",
            )
        )
        return result
    end = next((i for i in range(1, len(lines)) if _CLOSE.match(lines[i])), None)
    if end is None:
        result = FrontMatter(body="", readable=False)
        result.issues.append(
            Issue(
                1,
                1,
                "front-matter-unclosed",
                "the front matter is never closed",
                "add a line '---' after the last front-matter field",
            )
        )
        return result
    result = FrontMatter(body="\n".join(lines[end + 1 :]), body_line=end + 2)
    _read_yaml("\n".join(lines[1:end]), result)
    return result


def read_data_file(text: str) -> FrontMatter:
    """Read a whole YAML data file (a framework, a gazetteer) with every value's position.

    Problems are the same as in front matter (tags refused, duplicate keys, aliases limited);
    positions are lines of the file itself.
    """
    result = FrontMatter(first_line=1)
    _read_yaml(text, result)
    return result


def _read_yaml(source: str, result: FrontMatter) -> None:
    try:
        node = yaml.compose(source, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        first = result.first_line
        line, column = (mark.line + first, mark.column + 1) if mark else (first, 1)
        problem = error.problem or "invalid YAML"
        result.issues.append(
            Issue(
                line,
                column,
                "yaml-syntax",
                f"front matter is not valid YAML: {problem}",
                "check the indentation, and quote values that contain ': ' or start with "
                "a special character",
            )
        )
        result.readable = False
        return
    except yaml.YAMLError as error:
        result.issues.append(
            Issue(result.first_line, 1, "yaml-syntax", f"front matter is not valid YAML: {error}")
        )
        result.readable = False
        return
    if node is None:
        result.issues.append(
            Issue(
                1,
                1,
                "front-matter-empty",
                "the front matter is empty",
                "add the required fields: id, type, title, lang, summary, updated",
            )
        )
        return
    if not isinstance(node, MappingNode):
        line, column = _position(node, result.first_line)
        result.issues.append(
            Issue(
                line,
                column,
                "front-matter-not-mapping",
                f"front matter must be a mapping of fields, not {_kind(node)}",
                "write one 'field: value' per line",
            )
        )
        result.readable = False
        return
    data = _Converter(result).value(node, ())
    if isinstance(data, dict):
        result.data = data


def _position(node: Node, first_line: int = 2) -> tuple[int, int]:
    # In front matter the YAML text starts on the file's line 2 (line 1 is the opening '---').
    return node.start_mark.line + first_line, node.start_mark.column + 1


def _kind(node: Node) -> str:
    if isinstance(node, SequenceNode):
        return "a list"
    if isinstance(node, ScalarNode):
        return "a single value"
    return "a mapping"


def _short_tag(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:") :] if tag.startswith("tag:yaml.org,2002:") else tag


class _Converter:
    """Turn composed YAML nodes into JSON data, recording positions and reporting bad nodes."""

    def __init__(self, result: FrontMatter) -> None:
        self.result = result
        self.constructor = SafeConstructor()
        self.count = 0

    def value(self, node: Node, path: JsonPath) -> object:
        self.count += 1
        if self.count > _MAX_NODES:
            self.result.broken.add(path)
            if self.count == _MAX_NODES + 1:
                self._issue(
                    node,
                    "yaml-too-complex",
                    "front matter is too large or expands too many aliases",
                    "write the values out plainly instead of through anchors and aliases",
                )
            return None
        self.result.positions[path] = _position(node, self.result.first_line)
        if isinstance(node, MappingNode):
            return self._mapping(node, path) if self._tag_ok(node, "map", path) else None
        if isinstance(node, SequenceNode):
            if not self._tag_ok(node, "seq", path):
                return None
            return [self.value(item, (*path, i)) for i, item in enumerate(node.value)]
        return self._scalar(node, path)

    def _tag_ok(self, node: Node, expected: str, path: JsonPath) -> bool:
        if node.tag == f"tag:yaml.org,2002:{expected}":
            return True
        self._bad_tag(node, path)
        return False

    def _bad_tag(self, node: Node, path: JsonPath) -> None:
        self.result.broken.add(path)
        self._issue(
            node,
            "yaml-tag",
            f"YAML tag '{_short_tag(node.tag)}' is not allowed",
            "remove the tag: front matter holds plain text, numbers, dates, lists and mappings",
        )

    def _mapping(self, node: MappingNode, path: JsonPath) -> dict[str, object]:
        data: dict[str, object] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag not in _PLAIN_TAGS:
                self._issue(
                    key_node,
                    "yaml-key",
                    "a field name must be plain text",
                    "write the field as 'name: value'",
                )
                continue
            key = str(key_node.value)
            if key in data:
                first = self.result.key_positions[(*path, key)]
                self._issue(
                    key_node,
                    "duplicate-field",
                    f"field '{key}' is given twice (first on line {first[0]})",
                    "keep one of the two",
                )
                continue
            self.result.key_positions[(*path, key)] = _position(key_node, self.result.first_line)
            data[key] = self.value(value_node, (*path, key))
        return data

    def _scalar(self, node: Node, path: JsonPath) -> object:
        if node.tag not in _PLAIN_TAGS:
            self._bad_tag(node, path)
            return None
        if node.tag in ("tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp"):
            return str(node.value)  # dates stay text; the schema checks they exist
        try:
            return self.constructor.construct_object(node, deep=True)
        except (ConstructorError, ValueError):
            return str(node.value)

    def _issue(self, node: Node, rule: str, message: str, hint: str = "") -> None:
        line, column = _position(node, self.result.first_line)
        self.result.issues.append(Issue(line, column, rule, message, hint))
