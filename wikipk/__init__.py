"""wikipk: the publishing system for the Wiki Pakistan knowledge base."""

__version__ = "0.1.0"
"""The release; ``pyproject.toml`` reads it from here."""

CONFIG_FILE = "wikipk.yml"
"""The settings file, at the knowledge base's root (named here, where naming it costs nothing)."""
