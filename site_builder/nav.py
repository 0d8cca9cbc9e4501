"""The site's navigation, built in one pass over the records so it stays linear.

No page lists every document: listings are split into pages of a fixed size, and a document page
names only its own type, tags and translations. Adding a document adds a constant amount of
navigation, never a link on every other page.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from site_builder.records import DocMeta


@dataclass(frozen=True)
class ListingPage:
    """One page of a paginated listing."""

    number: int
    """1-based page number."""
    count: int
    """How many pages the listing has."""
    items: tuple[DocMeta, ...]


@dataclass(frozen=True)
class Translation:
    """A document's version in another language, as its page names it."""

    doc: DocMeta
    is_source: bool
    """True when this is the document the others translate."""


@dataclass(frozen=True)
class Navigation:
    """Every index the pages need, built once."""

    by_type: dict[str, tuple[DocMeta, ...]]
    by_tag: dict[str, tuple[DocMeta, ...]]
    by_lang: dict[str, tuple[DocMeta, ...]]
    by_id: dict[str, DocMeta]
    translations: dict[str, tuple[Translation, ...]]
    """For each document id, its other language versions (source first)."""
    recent: tuple[DocMeta, ...]
    """Every document, most recently updated first."""


def build_navigation(records: tuple[DocMeta, ...]) -> Navigation:
    """Index the records by type, tag, language, id and translation family."""
    by_type: dict[str, list[DocMeta]] = defaultdict(list)
    by_tag: dict[str, list[DocMeta]] = defaultdict(list)
    by_lang: dict[str, list[DocMeta]] = defaultdict(list)
    for meta in records:
        by_type[meta.type].append(meta)
        by_lang[meta.lang].append(meta)
        for name in meta.tags:
            by_tag[name].append(meta)
    return Navigation(
        by_type=_sorted(by_type),
        by_tag=_sorted(by_tag),
        by_lang=_sorted(by_lang),
        by_id={meta.id: meta for meta in records},
        translations=_translations(records),
        recent=tuple(sorted(records, key=lambda m: (m.updated, m.id), reverse=True)),
    )


def _sorted(groups: dict[str, list[DocMeta]]) -> dict[str, tuple[DocMeta, ...]]:
    """Groups in name order, each listing its documents by title (stable pages as docs change)."""
    return {
        name: tuple(sorted(items, key=lambda m: (m.title.casefold(), m.id)))
        for name, items in sorted(groups.items())
    }


def _translations(records: tuple[DocMeta, ...]) -> dict[str, tuple[Translation, ...]]:
    ids = {meta.id for meta in records}
    families: dict[str, list[DocMeta]] = defaultdict(list)
    for meta in records:
        source = meta.translation_of if meta.translation_of in ids else meta.id
        families[source or meta.id].append(meta)
    found: dict[str, tuple[Translation, ...]] = {}
    for source, members in families.items():
        if len(members) < 2:
            continue
        members.sort(key=lambda m: (m.id != source, m.lang, m.id))
        for meta in members:
            found[meta.id] = tuple(
                Translation(other, other.id == source) for other in members if other is not meta
            )
    return found


def paginate(items: tuple[DocMeta, ...], size: int) -> list[ListingPage]:
    """Split a listing into pages of ``size`` documents (one empty page for no documents)."""
    count = max(1, -(-len(items) // size))
    return [
        ListingPage(number, count, items[(number - 1) * size : number * size])
        for number in range(1, count + 1)
    ]


def source_changed(doc: DocMeta, navigation: Navigation) -> DocMeta | None:
    """The source of a translation when it was updated after the translation, else None."""
    if doc.translation_of is None:
        return None
    source = navigation.by_id.get(doc.translation_of)
    return source if source is not None and source.updated > doc.updated else None
