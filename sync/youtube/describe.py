"""The block of links the publisher keeps in the descriptions of the channel's own videos.

The block sits between two marker lines; everything outside them is the channel staff's and is
left exactly as it is. It holds only document titles and page addresses, never a document's text,
so premium content cannot leak into a public description.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote

from wikipk.config.youtube import YouTubeSettings
from wikipk.model import Document

BEGIN = "--- Wiki Pakistan: read more (updated automatically) ---"
END = "--- end of Wiki Pakistan links ---"
DESCRIPTION_LIMIT = 5000
"""YouTube's limit on a description, in UTF-8 bytes."""


@dataclass(frozen=True)
class Reference:
    """One document citing a video, as the block names it."""

    title: str
    site_url: str
    wiki_url: str | None
    """None when there is no wiki page to link to."""


class Outcome(enum.Enum):
    """Why a description could not take the block."""

    FITS = "fits"
    BROKEN_MARKERS = "broken-markers"
    TOO_LONG = "too-long"


@dataclass(frozen=True)
class Described:
    """The description with the block in place, or why there is none."""

    outcome: Outcome
    description: str = ""
    references: int = 0
    """How many documents the block lists (fewer than cite the video when it had to shrink)."""


def reference(document: Document, settings: YouTubeSettings) -> Reference:
    """How the block names and links one document: its title and addresses, nothing else.

    A premium document is linked like any other: its wiki and site pages show subscribers the
    body and everyone else a teaser.
    """
    site = settings.site_page_url.format(
        id=quote(document.id), lang=quote(document.lang), type=document.type.value
    )
    page = quote(document.title.replace(" ", "_"), safe="/:,;@$!*()'~")
    return Reference(document.title, site, settings.wiki_page_url.format(title=page))


def block(references: Sequence[Reference]) -> str:
    """The marker lines and, between them, each document's title and links."""
    lines = []
    for ref in references:
        lines.append(ref.title)
        if ref.wiki_url:
            lines.append(f"Wiki: {ref.wiki_url}")
        lines.append(f"Site: {ref.site_url}")
    return "\n".join([BEGIN, *(_plain(line) for line in lines), END])


def describe(description: str, references: Sequence[Reference]) -> Described:
    """Put the block for ``references`` into ``description``, within YouTube's limit.

    When the whole block does not fit, the last documents are left out; when not even one fits,
    the description is left alone and the outcome says why.
    """
    for count in range(len(references), 0, -1):
        text = splice(description, block(references[:count]))
        if text is None:
            return Described(Outcome.BROKEN_MARKERS)
        if len(text.encode("utf-8")) <= DESCRIPTION_LIMIT:
            return Described(Outcome.FITS, text, count)
    return Described(Outcome.TOO_LONG)


def splice(description: str, new_block: str) -> str | None:
    """``description`` with its block replaced by ``new_block`` (appended when it has none).

    Returns None when the markers are not one well-formed pair: a person edited them, and
    guessing where the block ends could delete their text.
    """
    begins, ends = description.count(BEGIN), description.count(END)
    if begins == 0 and ends == 0:
        return f"{description}\n\n{new_block}" if description else new_block
    start, stop = description.find(BEGIN), description.find(END)
    if begins != 1 or ends != 1 or stop < start:
        return None
    return description[:start] + new_block + description[stop + len(END) :]


def _plain(text: str) -> str:
    # YouTube refuses '<' and '>' anywhere in a description; a line break would split an entry.
    return text.replace("<", "‹").replace(">", "›").replace("\n", " ")
