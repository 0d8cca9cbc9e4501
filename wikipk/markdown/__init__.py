"""The one Markdown parser that every output reads.

CommonMark (pulldown-cmark, through pyromark) with GFM tables, strikethrough and footnotes,
boxes (GitHub's ``> [!NOTE]`` alerts and ``!!! note "Title"`` admonitions), heading ids
(``## مقصد {#purpose}``) and GitHub-style heading anchors. Raw HTML is shown as text, so
nothing typed as HTML in a document can inject a script.

The site renders the tree to HTML and the wiki publisher renders the same tree to wikitext: one
parse, so both always say the same thing.
"""

from wikipk.markdown.boxes import ALERT_KINDS
from wikipk.markdown.elements import slugify, unique_slug
from wikipk.markdown.html import HtmlRenderer, render_html, visible_text
from wikipk.markdown.outline import (
    DeepNesting,
    Heading,
    LinkRef,
    Located,
    headings,
    links,
    raw_html,
    too_deep,
)
from wikipk.markdown.parsing import parse
from wikipk.markdown.tree import Body, Node

__all__ = [
    "ALERT_KINDS",
    "Body",
    "DeepNesting",
    "Heading",
    "HtmlRenderer",
    "LinkRef",
    "Located",
    "Node",
    "headings",
    "links",
    "parse",
    "raw_html",
    "render_html",
    "slugify",
    "too_deep",
    "unique_slug",
    "visible_text",
]
