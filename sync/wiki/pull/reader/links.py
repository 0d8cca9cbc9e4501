"""Where the links of a wiki page point in the content folder, seen from one document.

A wiki page names documents by title and media by wiki file name; Markdown names both by their
path relative to the document. :class:`Links` turns one into the other, and, where the wiki
cannot say how the Markdown was spelled, answers what the document itself writes: the address
of a link it already has (``x.md`` or ``../sops/x.md``, with its title), the language of a code
block with the same code, and how it numbers ordered lists.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterator
from pathlib import PurePosixPath
from urllib.parse import unquote

from sync.wiki.corpus import Corpus
from sync.wiki.render.escape import escape_url
from wikipk.links import LinkKind, resolve
from wikipk.markdown import Body, Node, headings, slugify
from wikipk.model import Document


def page_title_key(title: str) -> str:
    """A page title as MediaWiki compares it: underscores are spaces, the first letter capital."""
    text = " ".join(html.unescape(title).replace("_", " ").split())
    return text[:1].upper() + text[1:]


class Links:
    """Where wiki link targets point in the content folder, seen from one document.

    A link to a document or file the document already links to is written as the document
    writes it (``../sops/x.md`` or ``x.md`` alike); any other as the relative path content/ uses.
    """

    def __init__(self, doc: Document, corpus: Corpus) -> None:
        """Index the documents by title, the media files by wiki file name, and the addresses
        the document writes by what they point at."""
        self.doc = doc
        self.corpus = corpus
        self.titles = {d.title: d for d in corpus.by_path.values()}
        self._keys: dict[str, Document] | None = None
        self.files: dict[str, PurePosixPath] = {}
        self.written: dict[tuple[str, str], list[str]] = {}
        """The destinations the document writes (address and title), every time, for each
        (path, fragment) it links to, and for each external address as the wiki writes it
        (``("url", "https://...&amp;...")``)."""
        self.code: dict[str, str] = {}
        """The info string (language) of each fenced code block, by its code."""
        self.box_markers = _box_markers(doc.tree)
        """True where the document writes its boxes ``!!! note`` and never as GitHub's alerts:
        its boxes come home that way (else as alerts, content/'s style, where one can stand)."""
        self.same_numbers = _numbering(doc)
        """By list depth (0: not in a list), True where the document numbers every item of
        an ordered list alike (``1.``, ``1.``), False where it counts (``1.``, ``2.``)."""
        for path, name in corpus.file_names.items():
            self.files[page_title_key(name)] = path
        for node in _written(doc.tree):
            if node.kind == "fence":
                info = _info(doc.tree, node)
                if info:
                    self.code.setdefault(node.text.removesuffix("\n"), info)
                continue
            href = node.attrs["href"] if node.kind == "link" else None
            src = node.attrs["src"] if node.kind == "image" else None
            address = str(href or src or "")
            if not address:
                continue
            title = str(node.attrs.get("title") or "") if href else ""
            written = destination(_readable(address))
            written += f' "{quoted_title(title)}"' if title else ""
            target = resolve(doc.path, unquote(address))
            if target.path is not None and target.kind is not LinkKind.EXTERNAL:
                key = (str(target.path), target.fragment or "")
                self.written.setdefault(key, []).append(written)
            elif href and not node.attrs.get("autolink"):
                self.written.setdefault(("url", escape_url(str(href))), []).append(written)
            if target.kind is LinkKind.FILE and target.path is not None:
                name = corpus.file_name(target.path)
                self.files.setdefault(page_title_key(name), target.path)

    def _by_key(self) -> dict[str, Document]:
        """The documents by title as MediaWiki compares titles (made when first needed)."""
        if self._keys is None:
            self._keys = {page_title_key(d.title): d for d in self.corpus.by_path.values()}
        return self._keys

    def spelling(self, key: tuple[str, str]) -> str | None:
        """The destination the document writes most for ``key`` (the first of equals), or
        None when it writes none. Always the same one, whatever the page's order: a person's
        new link early on a page must not change how the links after it are written."""
        found = self.written.get(key)
        if not found:
            return None
        return max(found, key=found.count)

    def relative(self, path: PurePosixPath) -> str:
        """A path of the content folder written relative to the document, as content/ does."""
        return posixpath.relpath(str(path), str(self.doc.path.parent) or ".")

    def document(self, title: str) -> str | None:
        """The Markdown address of a link to a page title (``x.md#anchor``), None if no document."""
        title, _, fragment = html.unescape(title).partition("#")
        fragment = f"#{fragment}" if fragment else ""
        if not title.strip():
            if not fragment:
                return None
            return self.spelling((str(self.doc.path), fragment[1:])) or fragment
        linked = self.titles.get(title) or self._by_key().get(page_title_key(title))
        if linked is None:
            return None
        anchor = fragment if linked.path == self.doc.path else _anchor(linked, fragment)
        written = self.spelling((str(linked.path), anchor[1:]))
        if written is not None:
            return written
        if linked.path == self.doc.path and fragment:
            return fragment
        return destination(self.relative(linked.path) + anchor)

    def media(self, name: str) -> str:
        """The Markdown address of a wiki file (``../media/x.svg``)."""
        name = html.unescape(name)
        path = self.files.get(page_title_key(name)) or PurePosixPath("media") / name
        return self.spelling((str(path), "")) or destination(self.relative(path))

    def external(self, url: str) -> str:
        """The Markdown destination of an external link (``url`` as the wiki writes it)."""
        return self.spelling(("url", url)) or destination(html.unescape(url))


def _written(body: Body) -> Iterator[Node]:
    """The fences, links and images of a body in order (not those in an image's alt text,
    which is text)."""
    stack = list(reversed(body.children))
    while stack:
        node = stack.pop()
        if node.kind in ("fence", "link", "image"):
            yield node
        if node.kind != "image":
            stack.extend(reversed(node.children))


def _info(body: Body, fence: Node) -> str:
    """A fence's info string as written (``py``; references not decoded)."""
    line = body.line_text(body.line(fence.start))
    start = fence.start - body.line_start(body.line(fence.start))
    after = line.encode()[start:].decode("utf-8", "replace")
    marker = re.match(r"`{3,}|~{3,}", after)
    return after[marker.end() :] if marker else ""


def _numbering(doc: Document) -> dict[int, bool]:
    """How the document numbers ordered list items at each depth (the first such list's way)."""
    found: dict[int, bool] = {}
    body = doc.tree

    def visit(node: Node, depth: int) -> None:
        for child in node.children:
            if child.kind == "list_item":
                visit(child, depth + 1)
            elif child.is_block:
                visit(child, depth)
            if child.kind == "ordered_list" and len(child.children) > 1:
                numbers = {_number(body, item) for item in child.children}
                found.setdefault(depth, len(numbers) == 1)

    visit(body, 0)
    return found


def _number(body: Body, item: Node) -> int:
    """The number an ordered list item is written with."""
    digits = re.match(rb"[ \t]*(\d+)", body.source[item.start : item.end])
    return int(digits[1]) if digits else 0


def _anchor(linked: Document, fragment: str) -> str:
    """A ``#fragment`` of a link to another document, as the anchor its heading has in Markdown.

    A person links a heading by its text (``#Procedure``, MediaWiki's own id); wikipk's links
    use the Markdown anchor (``#procedure``), which the wiki page also has.
    """
    wanted = fragment[1:].replace(" ", "_")
    if not fragment or slugify(wanted) == wanted:
        return fragment  # an anchor as wikipk writes them (no need to parse the document)
    found = headings(linked.tree)
    if any(heading.anchor == wanted for heading in found):
        return "#" + wanted
    by_text = (h.anchor for h in found if h.text.replace(" ", "_") == wanted)
    return "#" + next(by_text, wanted)


def quoted_title(title: str) -> str:
    """A link title for ``"..."`` (a line break in it written as a character reference)."""
    return title.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "&#10;")


def _readable(address: str) -> str:
    """An address as an author writes it: the parse percent-encodes what is not ASCII
    (``#%D9%85``), which the author wrote as text (``#مقصد``)."""
    if "%" not in address:
        return address
    decoded = unquote(address)
    return address if re.search(r"[\s<>()%]", decoded) else decoded


def destination(address: str) -> str:
    """A link destination, in angle brackets when it holds spaces or unbalanced parentheses."""
    if re.search(r"[\s<>]", address) or address.count("(") != address.count(")"):
        return "<" + address.replace("<", "%3C").replace(">", "%3E") + ">"
    return address


def _box_markers(tree: Body) -> bool:
    """True when the body's boxes are all written with ``!!!`` (or ``???``), none an alert."""
    forms = {node.attrs["markup"] == ">" for node in tree.walk() if node.kind == "admonition"}
    return forms == {False}
