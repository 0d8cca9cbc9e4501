"""YAML data files beside the documents (the scoring framework, the gazetteer), read with care.

Each value keeps its line, so a wrong value is reported where it is; a wrong value never stops
the reading: it is reported and a neutral value stands in, so every problem shows in one run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from wikipk import frontmatter
from wikipk.frontmatter import FrontMatter, JsonPath
from wikipk.model import Labels
from wikipk.problems import Problem


def dotted(path: JsonPath) -> str:
    """A path as an author reads it: ``services.water.weight``, ``bands[2].min``."""
    text = ""
    for part in path:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _in_file_terms(text: str) -> str:
    """A front-matter message reworded for a whole YAML file."""
    return text.replace("the front matter", "the file").replace("front matter", "the file")


@dataclass
class DataFile:
    """One YAML data file: its values, their positions, and the problems found so far."""

    display: str
    rule: str
    """The rule id of problems with this file's shape."""
    matter: FrontMatter = field(default_factory=FrontMatter)
    problems: list[Problem] = field(default_factory=list)
    root: dict[str, object] | None = None

    @classmethod
    def read(cls, path: Path, display: str, rule: str) -> DataFile:
        """Read ``path``; when it is missing, unreadable or not a mapping, ``root`` is None."""
        result = cls(display, rule)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            result.problems.append(
                Problem(
                    display,
                    1,
                    1,
                    rule,
                    "the file does not exist",
                    f"create {path.name}: scorecards need it (see README.md, Scorecards)",
                )
            )
            return result
        except (OSError, UnicodeDecodeError):
            result.problems.append(
                Problem(display, 1, 1, rule, "the file cannot be read as UTF-8 text", "")
            )
            return result
        result.matter = frontmatter.read_data_file(text)
        for issue in result.matter.issues:
            message, hint = _in_file_terms(issue.message), _in_file_terms(issue.hint)
            if issue.rule == "front-matter-empty":
                hint = "write the file's entries, or delete it"
            result.problems.append(
                Problem(display, issue.line, issue.column, issue.rule, message, hint)
            )
        if result.matter.readable and not result.matter.issues:
            result.root = result.matter.data
        return result

    def where(self, path: JsonPath) -> tuple[int, int]:
        """The position of the value at ``path`` (or of the nearest parent that exists)."""
        return self.matter.where(path)

    def problem(self, path: JsonPath, message: str, hint: str, rule: str = "") -> None:
        """Report a problem at the value ``path``."""
        line, column = self.where(path)
        self.problems.append(Problem(self.display, line, column, rule or self.rule, message, hint))

    def value(self, path: JsonPath) -> object:
        """The value at ``path``, or None when it or a parent is absent."""
        node: object = self.root
        for part in path:
            if isinstance(part, int) and isinstance(node, list) and part < len(node):
                node = node[part]
            elif isinstance(part, str) and isinstance(node, dict):
                node = node.get(part)
            else:
                return None
        return node

    def keys(self, path: JsonPath) -> list[str]:
        """The keys of the mapping at ``path`` (reported when it is missing or empty)."""
        found = self.value(path)
        if isinstance(found, dict) and found:
            return [str(key) for key in found]
        self.problem(path, f"{dotted(path)} must be a mapping with at least one entry", "")
        return []

    def items(self, path: JsonPath, optional: bool = False) -> list[object]:
        """The list at ``path`` (reported when it is missing, unless optional)."""
        found = self.value(path)
        if isinstance(found, list) and (found or optional):
            return found
        if found is None and optional:
            return []
        self.problem(path, f"{dotted(path)} must be a list with at least one entry", "")
        return []

    def text(self, path: JsonPath, optional: bool = False) -> str:
        """The text at ``path`` ("" when absent and optional)."""
        found = self.value(path)
        if isinstance(found, str) and found.strip():
            return found
        if isinstance(found, int | float) and not isinstance(found, bool):
            return str(found)
        if found is not None or not optional:
            self.problem(path, f"{dotted(path)} must be text", "")
        return ""

    def number(self, path: JsonPath) -> float:
        """The number at ``path`` (0 when it is not one, reported)."""
        found = self.value(path)
        if isinstance(found, int | float) and not isinstance(found, bool) and found >= 0:
            return float(found)
        self.problem(path, f"{dotted(path)} must be a number of 0 or more", "")
        return 0.0

    def labels(self, path: JsonPath) -> Labels:
        """The ``{en: ..., ur: ...}`` names at ``path``."""
        en, ur = self.text((*path, "en")), self.text((*path, "ur"))
        return Labels(en, ur)

    def scale(self, path: JsonPath) -> tuple[int, int] | None:
        """A ``[low, high]`` scale of whole numbers at ``path``."""
        found = self.value(path)
        if (
            isinstance(found, list)
            and len(found) == 2
            and all(isinstance(item, int) and not isinstance(item, bool) for item in found)
            and found[0] < found[1]
        ):
            return int(found[0]), int(found[1])
        self.problem(
            path,
            f"{dotted(path)} must be [lowest, highest], two whole numbers",
            "write the scale such as [1, 5], the worst answer first",
        )
        return None
