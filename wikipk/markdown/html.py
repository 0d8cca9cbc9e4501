"""A parsed body as HTML: CommonMark's HTML, with the project's boxes, footnotes and heading ids.

:class:`HtmlRenderer` writes every node the way CommonMark's reference renderer does (the HTML
the project has always made, byte for byte); the site subclasses it for what a static site does
differently (links between documents, resized images, checklists, scrolling tables).
"""

from __future__ import annotations

from collections.abc import Callable

from wikipk.markdown.tree import Body, Node


def escape(text: str) -> str:
    """Text or an attribute value, escaped for HTML."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if '"' in text:
        text = text.replace('"', "&quot;")
    return text


def visible_text(nodes: list[Node]) -> str:
    """The text a reader sees in inline nodes: markup stripped, line breaks as new lines (an
    image's ``alt``, a heading's plain text)."""
    out = []
    for node in nodes:
        kind = node.kind
        if kind in ("text", "code_inline"):
            out.append(node.text)
        elif kind in ("softbreak", "hardbreak"):
            out.append("\n")
        elif node.children:
            out.append(visible_text(node.children))
    return "".join(out)


class HtmlRenderer:
    """Renders a body to HTML; a subclass overrides the method of a kind to change it."""

    def __init__(self) -> None:
        self.blocks: dict[str, Callable[[Node], str]] = {
            "paragraph": self.paragraph,
            "heading": self.heading,
            "blockquote": self.container,
            "bullet_list": self.bullet_list,
            "ordered_list": self.ordered_list,
            "list_item": self.container,
            "fence": self.fence,
            "code_block": self.code_block,
            "hr": lambda node: "<hr />\n",
            "table": self.table,
            "thead": self.container,
            "tbody": self.container,
            "tr": self.container,
            "th": self.cell,
            "td": self.cell,
            "admonition": self.admonition,
            "admonition_title": self.admonition_title,
            "footnote_block": self.footnote_block,
            "footnote": self.footnote,
        }
        self.inlines: dict[str, Callable[[Node], str]] = {
            "text": lambda node: escape(node.text),
            "softbreak": lambda node: "\n",
            "hardbreak": lambda node: "<br />\n",
            "em": lambda node: f"<em>{self.inline(node.children)}</em>",
            "strong": lambda node: f"<strong>{self.inline(node.children)}</strong>",
            "s": lambda node: f"<s>{self.inline(node.children)}</s>",
            "code_inline": lambda node: f"<code>{escape(node.text)}</code>",
            "link": self.link,
            "image": self.image,
            "footnote_ref": self.footnote_ref,
        }

    def render(self, body: Body) -> str:
        """The HTML of a whole body."""
        return self.children(body.children)

    def children(self, nodes: list[Node]) -> str:
        """Sibling blocks, one after another."""
        out = []
        after_hidden = False
        blocks = self.blocks
        for node in nodes:
            html = blocks[node.kind](node)
            if after_hidden and not node.attrs.get("hidden"):
                html = self.new_line(node, html)
            out.append(html)
            after_hidden = node.kind == "paragraph" and bool(node.attrs.get("hidden"))
        return "".join(out)

    def new_line(self, node: Node, html: str) -> str:
        """A block's HTML after a hidden paragraph (a tight list item's text), on a new line."""
        return "\n" + html

    def inline(self, nodes: list[Node]) -> str:
        """Inline nodes, one after another."""
        inlines = self.inlines
        return "".join([inlines[node.kind](node) for node in nodes])

    def tag(self, node: Node, name: str, attributes: str = "") -> str:
        """A container block: its tag around its children, a line end after each tag."""
        inside = node.children
        if not inside:
            return f"<{name}{attributes}></{name}>\n"
        first = inside[0]
        lf = "" if first.kind == "paragraph" and first.attrs.get("hidden") else "\n"
        return f"<{name}{attributes}>{lf}{self.children(inside)}</{name}>\n"

    def container(self, node: Node) -> str:
        """A block that holds blocks and has no attributes of its own."""
        return self.tag(node, _TAGS[node.kind])

    def paragraph(self, node: Node) -> str:
        if node.attrs.get("hidden"):
            return self.inline(node.children)
        return f"<p>{self.inline(node.children)}</p>\n"

    def heading(self, node: Node) -> str:
        level = node.attrs["level"]
        anchor = escape(node.attrs["id"])
        return f'<h{level} id="{anchor}">{self.inline(node.children)}</h{level}>\n'

    def bullet_list(self, node: Node) -> str:
        return self.tag(node, "ul")

    def ordered_list(self, node: Node) -> str:
        start = node.attrs["start"]
        return self.tag(node, "ol", f' start="{start}"' if start != 1 else "")

    def fence(self, node: Node) -> str:
        info = node.attrs["info"].strip()
        language = info.split(maxsplit=1)[0] if info else ""
        attributes = f' class="language-{escape(language)}"' if language else ""
        return f"<pre><code{attributes}>{escape(node.text)}</code></pre>\n"

    def code_block(self, node: Node) -> str:
        return f"<pre><code>{escape(node.text)}</code></pre>\n"

    def table(self, node: Node) -> str:
        return self.tag(node, "table")

    def cell(self, node: Node) -> str:
        align = node.attrs.get("align")
        style = f' style="text-align:{align}"' if align else ""
        name = node.kind
        return f"<{name}{style}>{self.inline(node.children)}</{name}>\n"

    def admonition(self, node: Node) -> str:
        return self.tag(node, "div", f' class="{escape(node.attrs["classes"])}"')

    def admonition_title(self, node: Node) -> str:
        return f'<p class="admonition-title">{self.inline(node.children)}</p>\n'

    def footnote_block(self, node: Node) -> str:
        return (
            '<hr class="footnotes-sep" />\n<section class="footnotes">\n'
            '<ol class="footnotes-list">\n'
            f"{''.join(self.footnote(note) for note in node.children)}</ol>\n</section>\n"
        )

    def footnote(self, node: Node) -> str:
        number = node.attrs["number"]
        anchors = "".join(
            f' <a href="#fnref{number}{f":{sub}" if sub else ""}" class="footnote-backref">'
            "\u21a9\ufe0e</a>"
            for sub in range(node.attrs["refs"])
        )
        inside = node.children
        last = inside[-1] if inside else None
        if last is not None and last.kind == "paragraph" and not last.attrs.get("hidden"):
            html = self.children(inside[:-1]) + f"<p>{self.inline(last.children)}{anchors}</p>\n"
        else:
            html = self.children(inside) + anchors
        return f'<li id="fn{number}" class="footnote-item">{html}</li>\n'

    def footnote_ref(self, node: Node) -> str:
        number, sub = node.attrs["number"], node.attrs["sub"]
        suffix = f":{sub}" if sub else ""
        return (
            f'<sup class="footnote-ref"><a href="#fn{number}" id="fnref{number}{suffix}">'
            f"[{number}{suffix}]</a></sup>"
        )

    @staticmethod
    def title_attribute(node: Node) -> str:
        """A link's or an image's `` title="..."`` attribute (empty when it has no title)."""
        title = node.attrs["title"]
        return f' title="{escape(title)}"' if title else ""

    def link(self, node: Node) -> str:
        extra = self.title_attribute(node)
        return f'<a href="{escape(node.attrs["href"])}"{extra}>{self.inline(node.children)}</a>'

    def image(self, node: Node) -> str:
        extra = self.title_attribute(node)
        alt = escape(visible_text(node.children))
        return f'<img src="{escape(node.attrs["src"])}" alt="{alt}"{extra} />'


_TAGS = {
    "blockquote": "blockquote",
    "list_item": "li",
    "thead": "thead",
    "tbody": "tbody",
    "tr": "tr",
}


def render_html(body: Body) -> str:
    """A body's HTML, as CommonMark's reference renderer writes it (for tests and comparisons)."""
    return HtmlRenderer().render(body)
