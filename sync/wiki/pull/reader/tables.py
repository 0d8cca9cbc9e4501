"""Tables of a wiki page (``{| |}`` wikitables and HTML ``<table>``) as GFM tables.

The inverse of the renderer's tables: ``! header`` and ``| data`` cells, one per line (or several
on a line, ``||`` and ``!!``, as a person may write them), alignment from ``text-align`` styles.
"""

from __future__ import annotations

import re

from sync.wiki.pull.reader.inline import InlineReader, split_options

_ALIGN = re.compile(r"text-align:\s*(left|center|right)")
_ALIGN_RULE = {"": "---", "left": ":---", "center": ":---:", "right": "---:"}

Rows = list[list[tuple[str, str]]]
"""Table rows: each cell's attributes and wikitext content."""


def wikitable(inline: InlineReader, lines: list[str]) -> str:
    """The lines between ``{|`` and ``|}`` as a GFM table (a caption has no Markdown form)."""
    rows: Rows = [[]]
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("|-"):
            rows.append([])
        elif stripped.startswith("|+"):
            continue
        elif stripped.startswith(("|", "!")):
            separator = "!!" if stripped.startswith("!") else "||"
            rows[-1].extend(_cell(part) for part in stripped[1:].split(separator))
        elif rows[-1]:  # a cell's content goes on on the next line
            attributes, content = rows[-1][-1]
            rows[-1][-1] = (attributes, f"{content} {stripped}")
    return gfm(inline, [row for row in rows if row])


def html_table(inline: InlineReader, inner: str) -> str:
    """The content of a ``<table>`` (inside an HTML list item) as a GFM table."""
    rows: Rows = []
    for row in re.findall(r"<tr\b[^>]*>(.*?)</tr>", inner, re.IGNORECASE | re.DOTALL):
        cells = re.findall(r"<(th|td)\b([^>]*)>(.*?)</\1>", row, re.IGNORECASE | re.DOTALL)
        rows.append([(attributes, content) for _, attributes, content in cells])
    return gfm(inline, rows)


def gfm(inline: InlineReader, rows: Rows) -> str:
    """Rows as a GFM table: the first row is its header, the first aligned cell of each
    column gives the column's alignment."""
    if not rows:
        return ""
    width = max(len(row) for row in rows)
    aligns = [""] * width
    for row in rows:
        for column, (attributes, _) in enumerate(row):
            found = _ALIGN.search(attributes)
            if found and not aligns[column]:
                aligns[column] = found.group(1)
    cells = [
        [inline.markdown(content, in_cell=True) for _, content in row] + [""] * (width - len(row))
        for row in rows
    ]
    lines = [_row(cells[0]), "|" + "|".join(_ALIGN_RULE[a] for a in aligns) + "|"]
    lines += [_row(row) for row in cells[1:]]
    return "\n".join(lines)


def _row(cells: list[str]) -> str:
    return "|" + "|".join(f" {cell} " if cell else " " for cell in cells) + "|"


def _cell(part: str) -> tuple[str, str]:
    """A cell's attributes and content (``style="..." | text``)."""
    pieces = split_options(part)
    if len(pieces) > 1 and "=" in pieces[0] and "[" not in pieces[0]:
        return pieces[0].strip(), "|".join(pieces[1:]).strip()
    return "", part.strip()
