"""The ``premium:`` section of ``wikipk.yml``: where the subscriber registry is.

The environment's ``WIKIPK_SUBSCRIBERS_FILE`` wins over it, and the registry must stay outside
git: both are the registry's own rules (``wikipk/premium/subscribers.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from wikipk.config.file import Section, user_path


@dataclass(frozen=True)
class PremiumSettings:
    """How premium documents are opened."""

    subscribers_file: Path | None = None
    """The subscriber registry (``subscribers_file``, relative to the knowledge base); None when
    not set."""


_KEYS = ("subscribers_file",)


def read_premium(section: Section, root: Path) -> PremiumSettings:
    """The ``premium:`` section (no registry when it is absent).

    Raises:
        ConfigError: a setting is unknown or of a wrong type (located in the file).
    """
    section.known(_KEYS)
    name = section["subscribers_file"].optional_text()
    return PremiumSettings(None if name is None else user_path(root, name))
