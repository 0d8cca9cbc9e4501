"""What the site keeps of a document: its metadata, as plain data that can be cached as JSON."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from wikipk.model import Document


@dataclass(frozen=True)
class VideoLink:
    """A YouTube video of a document, shown as a thumbnail that loads the player on a tap."""

    video_id: str
    title: str


@dataclass(frozen=True)
class Detail:
    """One line of a document's metadata box (``owner``: ``District delivery hub``)."""

    label: str
    """The key of the label in ``strings.yml``."""
    value: str


@dataclass(frozen=True)
class Section:
    """A ``##`` heading, for the page's table of contents."""

    text: str
    anchor: str


@dataclass(frozen=True)
class DocMeta:
    """A document as the site's listings, feeds and navigation see it (no body)."""

    key: str
    """Content hash of the file, its path and the site's theme: the cache key of its page."""
    path: str
    """Path relative to the content folder."""
    id: str
    type: str
    title: str
    lang: str
    summary: str
    updated: str
    """ISO date."""
    tags: tuple[str, ...]
    premium: bool
    translation_of: str | None
    authors: tuple[str, ...]
    videos: tuple[VideoLink, ...]
    details: tuple[Detail, ...]
    sections: tuple[Section, ...]
    files: tuple[str, ...]
    """Content files (images, PDFs) the body links to, relative to the content folder."""
    card: str = ""
    """The document's entry in listing pages, as HTML for a page one folder deep."""

    def to_json(self) -> dict[str, Any]:
        """The record as JSON-ready data."""
        data = dict(self.__dict__)  # asdict() would take seconds for 10,000 records
        data["videos"] = [dict(v.__dict__) for v in self.videos]
        data["details"] = [dict(d.__dict__) for d in self.details]
        data["sections"] = [dict(s.__dict__) for s in self.sections]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DocMeta:
        """Rebuild a record from :meth:`to_json` data.

        Raises:
            KeyError, TypeError, ValueError: the data is not a record (a corrupt cache).
        """
        if data.keys() != _FIELDS:
            raise ValueError("not a document record")
        return cls(
            **{
                **data,
                "tags": tuple(data["tags"]),
                "authors": tuple(data["authors"]),
                "videos": tuple(VideoLink(**item) for item in data["videos"]),
                "details": tuple(Detail(**item) for item in data["details"]),
                "sections": tuple(Section(**item) for item in data["sections"]),
                "files": tuple(data["files"]),
            }
        )


_FIELDS = frozenset(field.name for field in fields(DocMeta))
"""The names of a record's fields (looked up once: fields() is slow at 10,000 records)."""


def doc_meta(doc: Document, key: str, files: tuple[str, ...]) -> DocMeta:
    """The site's record of a document (a premium one keeps no section titles)."""
    return DocMeta(
        key=key,
        path=doc.path.as_posix(),
        id=doc.id,
        type=doc.type.value,
        title=_clean(doc.title),
        lang=doc.lang,
        summary=_clean(doc.summary),
        updated=doc.updated.isoformat(),
        tags=doc.tags,
        premium=doc.is_premium,
        translation_of=doc.translation_of,
        authors=tuple(_clean(name) for name in doc.authors),
        videos=tuple(VideoLink(v.video_id, _clean(v.title or "")) for v in doc.videos),
        details=_details(doc),
        sections=()
        if doc.is_premium
        else tuple(Section(_clean(h.text), h.anchor) for h in doc.headings if h.level == 2),
        files=files,
    )


def _details(doc: Document) -> tuple[Detail, ...]:
    location = doc.location
    pairs = (
        ("owner", doc.owner),
        ("version", doc.version),
        ("review_by", doc.review_by.isoformat() if doc.review_by else None),
        ("district", location.district if location else doc.district),
        ("tehsil", location.tehsil if location else doc.tehsil),
        ("union_council", location.union_council if location else doc.union_council),
        ("sector", doc.sector),
        ("period", doc.period),
    )
    return tuple(Detail(label, _clean(value)) for label, value in pairs if value)


def _clean(text: str) -> str:
    """Text with the NUL character made visible (NUL delimits the site's page markers)."""
    return text.replace("\x00", "\ufffd")
