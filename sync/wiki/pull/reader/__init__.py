"""The reader: a wiki page wikipk owns, read back as its document's Markdown and fields.

:func:`~sync.wiki.pull.reader.page.read_page` is the inverse of
:func:`sync.wiki.render.page.render_page`; its modules read the page's blocks, inline text, links,
tables and escapes, and scan for what has no Markdown form.
"""

from sync.wiki.pull.reader.page import PageParts, read_page
from sync.wiki.pull.reader.scan import Unrepresentable

__all__ = ["PageParts", "Unrepresentable", "read_page"]
