"""Bringing a person's edits on Wiki Pakistan home to the Markdown documents (``wikipk pull wiki``)."""
