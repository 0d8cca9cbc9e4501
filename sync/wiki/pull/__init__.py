"""Bringing a person's edits on Wiki Pakistan home to the Markdown documents.

The command is ``wikipk pull wiki``.
"""
