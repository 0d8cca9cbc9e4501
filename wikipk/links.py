"""Link resolution: what a link or image address in a document points at."""

from __future__ import annotations

import enum
import posixpath
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import PurePosixPath

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_PATHS = 16384
"""How many folders and targets :func:`resolve` remembers."""


class LinkKind(enum.Enum):
    """What an address points at."""

    EXTERNAL = "external"
    """Another site (``https://…``, ``mailto:…``)."""
    ANCHOR = "anchor"
    """A heading of the same document (``#scope``)."""
    DOCUMENT = "document"
    """Another document of the knowledge base (``../sops/x.md#procedure``)."""
    FILE = "file"
    """A file of the content folder that is not a document (an image, a PDF)."""
    OUTSIDE = "outside"
    """A relative path that climbs out of the content folder."""


@dataclass(frozen=True)
class Target:
    """A resolved address."""

    kind: LinkKind
    path: PurePosixPath | None
    """Path relative to the content folder (documents and files)."""
    fragment: str
    """The part after ``#``, without the ``#``."""


def resolve(source: PurePosixPath, address: str) -> Target:
    """Resolve an address written in the document at ``source`` (relative to the content folder)."""
    if _SCHEME.match(address) or address.startswith("//"):
        return Target(LinkKind.EXTERNAL, None, "")
    path_part, _, fragment = address.partition("#")
    path_part = path_part.partition("?")[0]
    if not path_part:
        return Target(LinkKind.ANCHOR, source, fragment)
    if path_part.startswith("/"):
        joined = posixpath.normpath(path_part.lstrip("/"))
    else:
        joined = posixpath.normpath(posixpath.join(_folder(source), path_part))
    if joined == ".." or joined.startswith("../"):
        return Target(LinkKind.OUTSIDE, None, fragment)
    kind, path = _content_path(joined)
    return Target(kind, path, fragment)


@lru_cache(maxsize=_PATHS)
def _folder(source: PurePosixPath) -> str:
    """The folder of a document, as text (every link of a document is resolved against it)."""
    return str(source.parent)


@lru_cache(maxsize=_PATHS)
def _content_path(joined: str) -> tuple[LinkKind, PurePosixPath]:
    """A normalised path inside the content folder, and what it is. Many links share a target,
    and building a path object costs more than the rest of resolving a link."""
    path = PurePosixPath(joined)
    return (LinkKind.DOCUMENT if path.suffix == ".md" else LinkKind.FILE), path


def relative_address(source: PurePosixPath, target: PurePosixPath) -> str:
    """The relative address from the document at ``source`` to ``target``."""
    return posixpath.relpath(str(target), str(source.parent))
