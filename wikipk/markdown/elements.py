"""How each element of the tree is finished when its end is parsed: text joined into runs, raw
HTML kept as text, a tight list's text in hidden paragraphs, table cells aligned, link addresses
made ``href``s (or, when unsafe, the link's source kept as text), and headings given their ids.
"""

from __future__ import annotations

import re

from wikipk.markdown.addresses import is_safe, normalize, normalize_text
from wikipk.markdown.tree import Body, Node

_HEADING_ID = re.compile(r"\s*\{#([A-Za-z0-9_][A-Za-z0-9_-]*)\}\s*$")


def add_text(parent: Node, text: str, start: int, end: int) -> None:
    """Append text to a parent, joined to the text before it (one node per run of text)."""
    children = parent.children
    if children and children[-1].kind == "text":
        last = children[-1]
        last.text += text
        last.end = end
    else:
        children.append(Node("text", start, end, text))


def add_html(parent: Node, html: str, start: int) -> None:
    """Raw HTML as text, its line ends as soft breaks (it is shown, never run)."""
    block = bool(parent.attrs.get("html"))
    at = start
    for number, line in enumerate(html.split("\n")):
        if number:
            parent.children.append(Node("softbreak", at, at + 1))
            at += 1
        size = len(line.encode())
        shown = line.strip(" \t") if block else line
        if shown:
            add_text(parent, shown, at, at + size)
        at += size


def tighten(node: Node) -> None:
    """Mark a tight list's paragraphs hidden, as pyromark writes its items' text bare."""
    tight = not any(
        child.kind == "paragraph" and not child.attrs.get("html")
        for item in node.children
        for child in item.children
    )
    node.attrs["tight"] = tight
    if not tight:
        return
    for item in node.children:
        blocks: list[Node] = []
        run: list[Node] = []
        for child in item.children:
            if child.kind == "paragraph":  # raw HTML, text in a tight item as all its text
                if run:
                    run.append(Node("softbreak", child.start, child.start))
                run.extend(child.children)
            elif child.is_block:
                if run:
                    blocks.append(_hidden_paragraph(run))
                    run = []
                blocks.append(child)
            else:
                run.append(child)
        if run:
            blocks.append(_hidden_paragraph(run))
        item.children = blocks


def align(table: Node) -> None:
    """Give each cell its column's alignment."""
    columns = table.attrs["align"]
    for part in table.children:
        for row in part.children:
            for column, cell in enumerate(row.children):
                cell.attrs["align"] = columns[column] if column < len(columns) else ""


def _hidden_paragraph(inline: list[Node]) -> Node:
    return Node(
        "paragraph", inline[0].start, inline[-1].end, attrs={"hidden": True}, children=inline
    )


def finish_link(body: Body, node: Node) -> list[Node] | None:
    """Make a link's address an ``href``; an unsafe link's replacement (its source as text)."""
    attrs = node.attrs
    url = attrs.pop("dest_url")
    link_type = attrs.pop("link_type")
    attrs.pop("id", None)
    if link_type == "Email":
        url = "mailto:" + url
    href = normalize(url)
    if not is_safe(href):
        return _as_text(body, node)
    attrs["href" if node.kind == "link" else "src"] = href
    attrs["title"] = attrs.get("title") or ""
    if link_type in ("Autolink", "Email"):
        attrs["autolink"] = True
        shown = normalize_text(url)
        if link_type == "Email":
            shown = shown.removeprefix("mailto:")
        node.children = [Node("text", node.start + 1, node.end - 1, shown)]
    return None


def _as_text(body: Body, node: Node) -> list[Node]:
    """A link markdown-it would not make (an unsafe address): its brackets stay text, the
    label's nodes between them (the caller joins the text pieces to the text around)."""
    source = body.source
    if node.kind == "link" and source[node.start : node.start + 1] == b"<":
        return [Node("text", node.start, node.end, body.slice(node))]
    opening = 2 if node.kind == "image" else 1
    inside = node.children
    label_end = inside[-1].end if inside else node.start + opening
    head = Node(
        "text", node.start, node.start + opening, source[node.start : node.start + opening].decode()
    )
    tail = Node(
        "text", label_end, node.end, source[label_end : node.end].decode("utf-8", "replace")
    )
    return [head, *inside, tail]


def heading_ids(headings: list[Node]) -> None:
    """Give every heading its id: the explicit ``{#id}``, or a GitHub-style unique slug."""
    for heading in headings:
        heading.attrs["explicit"] = False
        last = heading.children[-1] if heading.children else None
        if last is None or last.kind != "text":
            continue
        match = _HEADING_ID.search(last.text)
        if match:
            heading.attrs.update(id=match.group(1), explicit=True)
            last.text = last.text[: match.start()]
            if not last.text:
                heading.children.pop()
    taken = {heading.attrs["id"] for heading in headings if heading.attrs["explicit"]}
    for heading in headings:
        if not heading.attrs["explicit"]:
            heading.attrs["id"] = unique_slug(slugify(heading.plain()), taken)


def slugify(title: str) -> str:
    """The GitHub-style anchor of a heading's text."""
    return re.sub(r"[^\w\u4e00-\u9fff\- ]", "", title.lower().replace(" ", "-"))


def unique_slug(slug: str, taken: set[str]) -> str:
    """``slug``, or ``slug-1``, ``slug-2``... when it is taken; the result is taken from now on."""
    unique = slug
    number = 1
    while unique in taken:
        unique = f"{slug}-{number}"
        number += 1
    taken.add(unique)
    return unique
