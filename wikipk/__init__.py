"""wikipk: the publishing system for the Wiki Pakistan knowledge base."""

__version__ = "0.1.0"
"""The release; ``pyproject.toml`` reads it from here."""
