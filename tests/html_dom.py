"""HTML compared as structure: the site's HTML (markdown-it) and MediaWiki's, made comparable.

Both are parsed with :mod:`html.parser` into a small tree, then normalised to a canonical tree
that keeps what a reader gets (block structure, list nesting and numbering, table cells and their
alignment, heading anchors, text, emphasis, code, link targets, images, footnotes) and drops how
each renderer happens to write it (MediaWiki's edit links, headline spans, table of contents,
``mw-parser-output`` wrapper, the infobox, Cite's backlinks and number formatting; markdown-it's
``<thead>``/``<tbody>``, ``<code>`` inside ``<pre>``, footnote backrefs).

Tolerated on purpose: a list item's single paragraph (``<li><p>x</p></li>``, a "loose" list in
Markdown) equals ``<li>x</li>``; ``<em><strong>`` equals ``<strong><em>``; runs of white space
(including the no-break spaces MediaWiki puts before ``:`` and ``?``) are one space.
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qs, unquote, urlsplit

_VOID = {"br", "hr", "img", "meta", "link", "input", "wbr", "source", "col", "area"}
_BLOCKS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "blockquote",
    "pre", "table", "tr", "th", "td", "div", "section", "hr", "figure", "figcaption", "caption",
    "footnotes", "footnote",
}  # fmt: skip
_RENAME = {"em": "i", "strong": "b", "del": "s", "strike": "s"}
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_SPACE = re.compile(r"[\s\xa0]+")
_ALIGN = re.compile(r"text-align:\s*(left|right|center)")


@dataclass
class Element:
    """A parsed HTML element."""

    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Element | str] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        """The element's classes."""
        return set(self.attrs.get("class", "").split())

    def text(self) -> str:
        """All text inside the element."""
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("root")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(element)
        if tag not in _VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Element(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html(html: str) -> Element:
    """Parse an HTML fragment into a tree (comments are dropped)."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


@dataclass
class Node:
    """A node of the canonical tree: a label and children (text nodes have no children)."""

    label: str
    children: list[Node] = field(default_factory=list)
    is_text: bool = False

    def lines(self, depth: int = 0) -> list[str]:
        """The tree as indented lines, for readable diffs."""
        own = json.dumps(self.label, ensure_ascii=False) if self.is_text else self.label
        out = ["  " * depth + own]
        for child in self.children:
            out.extend(child.lines(depth + 1))
        return out


def clean_text(text: str) -> str:
    """Text as compared: NFC, control characters as U+FFFD, white space runs as one space."""
    return _SPACE.sub(" ", _CONTROL.sub("\ufffd", unicodedata.normalize("NFC", text)))


def title_key(title: str) -> str:
    """A wiki page title as MediaWiki stores it: spaces, first letter capitalised."""
    title = unquote(title).replace("_", " ").strip()
    return title[:1].upper() + title[1:]


class Normaliser:
    """Turns one renderer's HTML into the canonical tree.

    The two dialects differ only in the hooks: how links, images and MediaWiki's chrome are read.
    """

    def __init__(
        self,
        link: Callable[[Element], str | None],
        image: Callable[[Element], str],
        special: Callable[[Element], list[Node] | None] | None = None,
    ) -> None:
        """Set up a dialect.

        Args:
            link: The canonical target of an ``<a>`` (None to unwrap it).
            image: The canonical file name of an ``<img>``.
            special: Handles a dialect's own elements; returns None for ordinary ones.
        """
        self.link = link
        self.image = image
        self.special = special or (lambda element: None)

    def document(self, html: str) -> Node:
        """The canonical tree of an HTML fragment."""
        return Node("document", self.children(parse_html(html)))

    def children(self, element: Element) -> list[Node]:
        """Canonical children of an element, with text merged and trimmed around blocks."""
        nodes: list[Node] = []
        for child in element.children:
            nodes.extend(self.node(child))
        return tidy(nodes, trim=element.tag in _BLOCKS or element.tag == "root")

    def node(self, item: Element | str) -> list[Node]:
        """The canonical nodes of one parsed node (several when it is unwrapped, none if dropped)."""
        if isinstance(item, str):
            return [Node(clean_text(item), is_text=True)]
        special = self.special(item)
        if special is not None:
            return special
        return self.element(item)

    def element(self, element: Element) -> list[Node]:
        """The canonical nodes of an ordinary element."""
        tag = _RENAME.get(element.tag, element.tag)
        if tag in ("thead", "tbody", "tfoot") or (tag == "span" and not element.attrs):
            return self.children(element)
        if tag == "pre":
            return [Node("pre", [Node(pre_text(element), is_text=True)])]
        if tag == "a":
            target = self.link(element)
            if target is None:
                return self.children(element)
            return [Node(f"a -> {target}", self.children(element))]
        if tag == "img":
            alt = clean_text(element.attrs.get("alt", "")).strip()
            return [Node(f"img {self.image(element)} alt={json.dumps(alt, ensure_ascii=False)}")]
        children = self.children(element)
        if tag == "p" and not children:
            return []
        if tag == "li":
            children = unwrap_single_paragraph(children)
        return [canonical_nesting(Node(self.label(element, tag), children))]

    def label(self, element: Element, tag: str) -> str:
        """The label of an element: its tag and the attributes that matter."""
        if tag == "ol" and element.attrs.get("start", "1") != "1":
            return f"ol start={element.attrs['start']}"
        if tag in ("th", "td"):
            align = _ALIGN.search(element.attrs.get("style", ""))
            return f"{tag} align={align.group(1)}" if align else tag
        if tag == "div" and "admonition" in element.classes:
            return "div " + " ".join(sorted(element.classes))
        if re.fullmatch(r"h[1-6]", tag) and element.attrs.get("id"):
            return f"{tag} #{element.attrs['id']}"
        if tag == "p" and "admonition-title" in element.classes:
            return "p admonition-title"
        if tag in ("i", "b", "s", "code", "sup", "sub", "br", "hr") or tag in _BLOCKS:
            return tag
        classes = " ".join(sorted(element.classes))
        return f"{tag} class={classes}" if classes else tag


def pre_text(element: Element) -> str:
    """The text of a ``<pre>``, without the line break after the tag and at the end."""
    text = unicodedata.normalize("NFC", element.text())
    return _CONTROL.sub("\ufffd", text.removeprefix("\n").rstrip("\n"))


def tidy(nodes: list[Node], trim: bool) -> list[Node]:
    """Merge neighbouring text, drop white space next to blocks, trim a block's content."""
    merged: list[Node] = []
    for node in nodes:
        if node.is_text and merged and merged[-1].is_text:
            merged[-1] = Node(clean_text(merged[-1].label + node.label), is_text=True)
        else:
            merged.append(node)
    for index, node in enumerate(merged):
        if not node.is_text:
            continue
        before = merged[index - 1] if index else None
        after = merged[index + 1] if index + 1 < len(merged) else None
        text = node.label
        if (before is None and trim) or (before is not None and is_break(before)):
            text = text.lstrip()
        if (after is None and trim) or (after is not None and is_break(after)):
            text = text.rstrip()
        node.label = text
    return [node for node in merged if not (node.is_text and not node.label)]


def is_break(node: Node) -> bool:
    """True for nodes that white space next to cannot be seen beside: blocks and ``<br>``."""
    return not node.is_text and node.label.split(" ")[0] in (*_BLOCKS, "br")


def unwrap_single_paragraph(children: list[Node]) -> list[Node]:
    """``<li><p>x</p><ul>..</ul></li>`` as ``<li>x<ul>..</ul></li>`` (tight and loose lists)."""
    paragraphs = [child for child in children if child.label == "p"]
    if len(paragraphs) == 1 and children[0] is paragraphs[0]:
        return paragraphs[0].children + children[1:]
    return children


def canonical_nesting(node: Node) -> Node:
    """``<i><b>x</b></i>`` as ``<b><i>x</i></b>``: both renderers may nest them either way."""
    if node.label == "i" and len(node.children) == 1 and node.children[0].label == "b":
        inner = node.children[0]
        return Node("b", [Node("i", inner.children)])
    return node


def diff_lines(expected: Node, actual: Node) -> list[str]:
    """A unified diff of two canonical trees (empty when they are equal)."""
    return list(
        difflib.unified_diff(
            expected.lines(), actual.lines(), "markdown-it", "mediawiki", lineterm="", n=4
        )
    )


# -- markdown-it's HTML ---------------------------------------------------------------------


def _footnote_number(element: Element) -> int:
    found = re.search(r"\d+", element.text())
    return int(found.group(0)) if found else 0


def markdown_tree(
    html: str, link: Callable[[str], str | None], image: Callable[[str], str]
) -> Node:
    """The canonical tree of markdown-it's HTML.

    Args:
        html: The HTML.
        link: The canonical target of a link address (None to unwrap the link).
        image: The canonical file name of an image address.
    """
    normaliser: Normaliser

    def special(element: Element) -> list[Node] | None:
        if element.tag == "hr" and "footnotes-sep" in element.classes:
            return []
        if element.tag == "a" and "footnote-backref" in element.classes:
            return []
        if element.tag == "sup" and "footnote-ref" in element.classes:
            return [Node(f"fnref {_footnote_number(element)}")]
        if element.tag == "section" and "footnotes" in element.classes:
            return [_footnotes(normaliser, element)]
        return None

    normaliser = Normaliser(
        link=lambda a: link(a.attrs.get("href", "")),
        image=lambda img: image(img.attrs.get("src", "")),
        special=special,
    )
    return normaliser.document(html)


def _footnotes(normaliser: Normaliser, container: Element) -> Node:
    """``<ol>`` of footnotes anywhere inside ``container`` as a ``footnotes`` node."""
    items: list[Node] = []
    for element in _descendants(container):
        if element.tag == "ol":
            for li in element.children:
                if isinstance(li, Element) and li.tag == "li":
                    children = unwrap_single_paragraph(normaliser.children(li))
                    items.append(Node("footnote", children))
            break
    return Node("footnotes", items)


def _descendants(element: Element) -> list[Element]:
    found: list[Element] = []
    for child in element.children:
        if isinstance(child, Element):
            found.append(child)
            found.extend(_descendants(child))
    return found


# -- MediaWiki's HTML -----------------------------------------------------------------------

_WIKI_DROP = {"mw-editsection", "toc", "mw-cite-backlink", "wikipk-infobox", "catlinks"}
_MISSING = " (page does not exist)"


def wiki_tree(html: str, page_title: str) -> Node:
    """The canonical tree of MediaWiki's ``action=parse`` HTML for the page ``page_title``."""
    normaliser: Normaliser

    def special(element: Element) -> list[Node] | None:
        classes = element.classes
        if classes & _WIKI_DROP or element.attrs.get("id") == "toc":
            return []
        if element.tag in ("meta", "link", "style"):
            return []
        if classes & {"mw-parser-output", "reference-text"} or (
            element.tag == "a" and "image" in classes
        ):
            return normaliser.children(element)
        if element.tag == "sup" and "reference" in classes:
            return [Node(f"fnref {_footnote_number(element)}")]
        if "mw-references-wrap" in classes or (element.tag == "ol" and "references" in classes):
            return [_footnotes(normaliser, Element("div", children=[element]))]
        if re.fullmatch(r"h[1-6]", element.tag):
            return [_wiki_heading(normaliser, element)]
        return None

    normaliser = Normaliser(
        link=lambda a: wiki_link(a, page_title), image=wiki_file, special=special
    )
    return normaliser.document(html)


def _wiki_heading(normaliser: Normaliser, heading: Element) -> Node:
    """A heading labelled with the anchor a link would use: ours, else MediaWiki's own id.

    MediaWiki's id is on its ``mw-headline`` span; an id inside that span was written in the
    wikitext. A span with an id before the headline is MediaWiki's legacy-encoded fallback.
    """
    headline = next((e for e in _descendants(heading) if "mw-headline" in e.classes), heading)
    ours = [e.attrs["id"] for e in _descendants(headline) if "id" in e.attrs]
    own = [headline.attrs["id"]] if "id" in headline.attrs else []
    anchors = ours or own
    stripped = Element(heading.tag, children=list(_without_anchor_spans(heading).children))
    label = heading.tag + (f" #{anchors[0]}" if anchors else "")
    return Node(label, normaliser.children(stripped))


def _without_anchor_spans(element: Element) -> Element:
    children: list[Element | str] = []
    for child in element.children:
        if isinstance(child, str):
            children.append(child)
        elif child.tag == "span" and ("id" in child.attrs or "mw-headline" in child.classes):
            children.extend(_without_anchor_spans(child).children)
        else:
            children.append(_without_anchor_spans(child))
    return Element(element.tag, dict(element.attrs), children)


def wiki_link(a: Element, page_title: str) -> str | None:
    """The canonical target of a link in MediaWiki's HTML."""
    href = a.attrs.get("href", "")
    classes = a.classes
    if "mw-selflink" in classes:
        return f"page:{title_key(page_title)}"
    if href.startswith("#"):
        return "#" + unquote(href[1:])
    if re.match(r"[A-Za-z][A-Za-z0-9+.-]*:|//", href):
        return unquote(href)
    if "new" in classes:
        return f"page:{title_key(a.attrs.get('title', '').removesuffix(_MISSING))} (missing page)"
    parts = urlsplit(href)
    title = parse_qs(parts.query).get("title", [parts.path.partition("/index.php/")[2]])[0]
    if "internal" in classes:
        return f"media:{title_key(parts.path.rpartition('/')[2])}"
    return f"page:{title_key(title)}" + (f"#{unquote(parts.fragment)}" if parts.fragment else "")


def wiki_file(img: Element) -> str:
    """The file name of an image MediaWiki shows (from its ``/images/...`` address)."""
    path = unquote(img.attrs.get("src", "")).split("?")[0]
    parts = path.split("/")
    if "thumb" in parts:
        index = parts.index("thumb")
        return title_key(parts[index + 3]) if len(parts) > index + 3 else path
    return title_key(parts[-1])
