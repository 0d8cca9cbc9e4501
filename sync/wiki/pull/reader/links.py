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
from pathlib import PurePosixPath
from urllib.parse import unquote

from mdit_py_plugins.anchors.index import slugify

from sync.wiki.corpus import Corpus
from sync.wiki.render.escape import escape_url
from wikipk.links import LinkKind, resolve
from wikipk.markdown import headings
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
        self.same_numbers = _numbering(doc)
        """By list depth (0: not in a list), True where the document numbers every item of
        an ordered list alike (``1.``, ``1.``), False where it counts (``1.``, ``2.``)."""
        for path, name in corpus.file_names.items():
            self.files[page_title_key(name)] = path
        for token in doc.tokens:
            if token.type == "fence" and token.info:
                self.code.setdefault(token.content.removesuffix("\n"), token.info)
            for child in token.children or ():
                href = child.attrGet("href") if child.type == "link_open" else None
                src = child.attrGet("src") if child.type == "image" else None
                address = str(href or src or "")
                if not address:
                    continue
                title = str(child.attrGet("title") or "") if href else ""
                written = destination(_readable(address))
                written += f' "{quoted_title(title)}"' if title else ""
                target = resolve(doc.path, unquote(address))
                if target.path is not None and target.kind is not LinkKind.EXTERNAL:
                    key = (str(target.path), target.fragment or "")
                    self.written.setdefault(key, []).append(written)
                elif href and child.markup != "autolink":
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


def _numbering(doc: Document) -> dict[int, bool]:
    """How the document numbers ordered list items at each depth (the first such list's way)."""
    found: dict[int, bool] = {}
    depth = 0
    numbers: list[list[int]] = []
    for token in doc.tokens:
        if token.type == "list_item_open":
            if numbers and token.info.isdigit():
                numbers[-1].append(int(token.info))
            depth += 1
        elif token.type == "list_item_close":
            depth -= 1
        elif token.type == "ordered_list_open":
            numbers.append([])
        elif token.type == "ordered_list_close":
            items = numbers.pop()
            if len(items) > 1:
                found.setdefault(depth, len(set(items)) == 1)
        elif token.type == "bullet_list_open":
            numbers.append([])
        elif token.type == "bullet_list_close":
            numbers.pop()
    return found


def _anchor(linked: Document, fragment: str) -> str:
    """A ``#fragment`` of a link to another document, as the anchor its heading has in Markdown.

    A person links a heading by its text (``#Procedure``, MediaWiki's own id); wikipk's links
    use the Markdown anchor (``#procedure``), which the wiki page also has.
    """
    wanted = fragment[1:].replace(" ", "_")
    if not fragment or slugify(wanted) == wanted:
        return fragment  # an anchor as wikipk writes them (no need to parse the document)
    found = headings(list(linked.tokens))
    if any(heading.anchor == wanted for heading in found):
        return "#" + wanted
    by_text = (h.anchor for h in found if h.text.replace(" ", "_") == wanted)
    return "#" + next(by_text, wanted)


def quoted_title(title: str) -> str:
    """A link title for ``"..."`` (a line break in it written as a character reference)."""
    return title.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "&#10;")


def _readable(address: str) -> str:
    """An address as an author writes it: markdown-it percent-encodes what is not ASCII
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
