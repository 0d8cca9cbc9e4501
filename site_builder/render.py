"""Rendering a document's tokens (the one parse) to the site's HTML.

The site renders the very tokens the wiki renders, with the parser's own rules, changing only
what a static site needs: links to other documents point at their pages, images at resized copies,
an SOP's procedure lists become checklists, and wide tables scroll on a phone.

What depends on other documents or on processed images is left as a *marker*
(``\\x00`` kind payload ``\\x00``), so a rendered page depends on its own file alone and can be
cached by content hash; :mod:`site_builder.links` fills the markers when the site is assembled.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from wikipk.links import LinkKind, resolve
from wikipk.markdown import inline_text, parser

DOC_LINK = "D"
"""Marker of a link to another document: payload ``path#fragment``; becomes href attributes."""
FILE_LINK = "F"
"""Marker of a link to a content file: payload ``path``; becomes an href attribute."""
IMAGE = "I"
"""Marker of an image: payload ``path``; becomes src, srcset and size attributes."""
TRANSLATIONS = "T"
"""Marker of the translations block of a document page (empty payload)."""
SCORECARD = "S"
"""Marker of a scorecard report's scores block (empty payload)."""

PROCEDURE = "procedure"
"""The anchor of an SOP's procedure section, whose lists are printed as checklists."""


def marker(kind: str, payload: str = "") -> str:
    """A marker that :func:`site_builder.links.fill` replaces when the site is assembled."""
    return f"\x00{kind}{payload}\x00"


@dataclass(frozen=True)
class RenderContext:
    """What rendering one document needs to know about it."""

    source: PurePosixPath
    """The document's path relative to the content folder (links are relative to it)."""
    checklists: bool
    """Render the numbered lists of the procedure section as checklists (SOPs)."""


class SiteRenderer(RendererHTML):
    """The shared parser's HTML renderer, with the site's rules for links, images and lists."""

    _OWN = ("link_open", "image", "heading_open", "ordered_list_open")
    _OWN_MORE = ("table_open", "table_close")

    def __init__(self, parser_: Any = None) -> None:
        super().__init__(parser_)
        base = parser().renderer
        assert isinstance(base, RendererHTML)
        shared = dict(base.rules)
        shared.update({name: self.rules[name] for name in self._OWN + self._OWN_MORE})
        self.rules = shared

    def html(self, tokens: Sequence[Token], context: RenderContext) -> str:
        """Render a document body."""
        env: dict[str, Any] = {"context": context, "section": ""}
        return self.render(tokens, parser().options, env)

    def link_open(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        token = tokens[idx]
        address = str(token.attrGet("href") or "")
        target = resolve(env["context"].source, address)
        title = token.attrGet("title")
        extra = f' title="{_escape(str(title))}"' if title else ""
        if target.kind is LinkKind.DOCUMENT and target.path is not None:
            payload = target.path.as_posix() + (f"#{target.fragment}" if target.fragment else "")
            return f"<a {marker(DOC_LINK, payload)}{extra}>"
        if target.kind is LinkKind.FILE and target.path is not None:
            return f"<a {marker(FILE_LINK, target.path.as_posix())}{extra}>"
        return self.renderToken(tokens, idx, options, env)

    def image(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        token = tokens[idx]
        alt = self.renderInlineAsText(token.children or [], options, env)
        target = resolve(env["context"].source, str(token.attrGet("src") or ""))
        title = token.attrGet("title")
        extra = f' title="{_escape(str(title))}"' if title else ""
        if target.kind is LinkKind.FILE and target.path is not None:
            source = marker(IMAGE, target.path.as_posix())
        else:
            source = f'src="{_escape(str(token.attrGet("src") or ""))}"'
        return f'<img {source} alt="{_escape(alt)}"{extra} loading="lazy" decoding="async">'

    def heading_open(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        token = tokens[idx]
        if token.tag == "h2":
            env["section"] = str(token.attrGet("id") or "")
        return self.renderToken(tokens, idx, options, env)

    def ordered_list_open(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        # The numbered steps of an SOP's procedure become a checklist (boxes drawn by CSS, so
        # they print on paper and need no script).
        html = self.renderToken(tokens, idx, options, env)
        if env["context"].checklists and env["section"] == PROCEDURE and tokens[idx].level == 0:
            return html.replace("<ol", '<ol class="steps"', 1)
        return html

    def table_open(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        return '<div class="scroll" tabindex="0">' + self.renderToken(tokens, idx, options, env)

    def table_close(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        return self.renderToken(tokens, idx, options, env) + "</div>\n"


def plain_text(tokens: Sequence[Token]) -> str:
    """The readable text of a body, one block per line (for the search index)."""
    lines = []
    for token in tokens:
        if token.type == "inline":
            lines.append(inline_text(token))
        elif token.type in ("fence", "code_block"):
            lines.append(token.content)
    return "\n".join(line for line in lines if line)


def _escape(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )
