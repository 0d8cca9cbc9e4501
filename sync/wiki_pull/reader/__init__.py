"""The reader: a wiki page wikipk owns, read back as its document's Markdown and fields.

:func:`~sync.wiki_pull.reader.page.read_page` is the inverse of
:func:`sync.wiki_pages.render_page`; its modules read the page's blocks, inline text, links,
tables and escapes, and scan for what has no Markdown form.
"""

from sync.wiki_pull.reader.page import PageParts, read_page
from sync.wiki_pull.reader.scan import Unrepresentable

__all__ = ["PageParts", "Unrepresentable", "read_page"]
