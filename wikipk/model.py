"""The document model every output reads: typed, frozen, built once per document."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import PurePosixPath

from wikipk import markdown
from wikipk.markdown import Body, Heading, LinkRef


class DocType(enum.Enum):
    """The kinds of document the knowledge base holds."""

    SOP = "sop"
    GUIDELINE = "guideline"
    CASE_STUDY = "case-study"
    SCORECARD = "scorecard"
    REPORT = "report"

    @property
    def label(self) -> str:
        """The type as a reader says it, with its article: "an SOP", "a case study"."""
        return _LABELS[self]


_LABELS = {
    DocType.SOP: "an SOP",
    DocType.GUIDELINE: "a guideline",
    DocType.CASE_STUDY: "a case study",
    DocType.SCORECARD: "a scorecard",
    DocType.REPORT: "a report",
}


class Access(enum.Enum):
    """Who may read a document's body."""

    PUBLIC = "public"
    PREMIUM = "premium"


@dataclass(frozen=True)
class Labels:
    """A name in English and in Urdu."""

    en: str
    ur: str

    def get(self, lang: str) -> str:
        """The name in ``lang`` (English for any language other than Urdu)."""
        return self.ur if lang == "ur" else self.en


@dataclass(frozen=True)
class Place:
    """A union council with its tehsil and district: the place a scorecard scores."""

    district: Labels
    tehsil: Labels
    union_council: Labels
    code: str = ""
    """The union council's official code, when known."""

    @property
    def key(self) -> tuple[str, str, str]:
        """The English names, district first: the same place whatever language it is named in."""
        return (self.district.en, self.tehsil.en, self.union_council.en)


@dataclass(frozen=True)
class Video:
    """A YouTube video a document cites."""

    url: str
    """The URL as written in the front matter."""
    video_id: str
    """The 11-character YouTube video id taken from the URL."""
    title: str | None
    """An optional caption."""
    line: int
    """1-based line of the URL in the file."""


@dataclass(frozen=True)
class Location:
    """Where a case study took place."""

    district: str
    tehsil: str | None = None
    union_council: str | None = None


@dataclass(frozen=True)
class IndicatorScore:
    """One indicator's score in a scorecard report."""

    service: str
    """The service's key in the framework (``water``)."""
    indicator: str
    """The indicator's key under its service (``availability``)."""
    mean: float | None
    """The mean answer on the indicator's scale; None when marked not assessed."""
    answers: int | None = None
    """How many respondents answered (None when the report does not say)."""


@dataclass(frozen=True)
class ScoreSheet:
    """The scores a scorecard report gives, checked against the framework."""

    respondents: int
    """How many people were asked."""
    scores: tuple[IndicatorScore, ...]
    """Every framework indicator, in the framework's order."""
    source: str = ""
    """The CSV file the scores came from (relative to the content folder), or "" when inline."""


@dataclass(frozen=True)
class Document:
    """One validated document of the knowledge base, parsed once."""

    path: PurePosixPath
    """Path relative to the content folder, with forward slashes (``sops/grievance-channel.md``)."""
    id: str
    """Stable identifier; never changes, survives renames and retitling."""
    type: DocType
    title: str
    """The page title (also the wiki page title)."""
    lang: str
    """Language code, one of the configured languages (``en``, ``ur``)."""
    summary: str
    """One to three plain sentences for listings, feeds, search snippets and teasers."""
    updated: date
    tags: tuple[str, ...] = ()
    access: Access = Access.PUBLIC
    translation_of: str | None = None
    """Id of the document this one translates."""
    authors: tuple[str, ...] = ()
    videos: tuple[Video, ...] = ()
    owner: str | None = None
    """SOPs: who keeps the procedure current."""
    version: str | None = None
    """SOPs: the procedure's version, such as ``"1.2"``."""
    review_by: date | None = None
    """SOPs: when the procedure is next due for review."""
    location: Location | None = None
    """Case studies: where it happened."""
    sector: str | None = None
    """Case studies: the service sector (water, sanitation, ...)."""
    district: str | None = None
    """Scorecards: the district scored."""
    tehsil: str | None = None
    """Scorecards: the tehsil scored."""
    union_council: str | None = None
    """Scorecards: the union council scored."""
    period: str | None = None
    """Scorecards: the period scored, ``YYYY`` or ``YYYY-MM``."""
    place: Place | None = None
    """Scorecards: the union council scored, as the gazetteer names it in both languages."""
    scores: ScoreSheet | None = None
    """Scorecards: the checked scores."""
    body: str = ""
    """The Markdown body, front matter removed, LF line ends."""
    body_line: int = 1
    """1-based line of the file on which the body starts (front matter included in the count)."""
    parsed: Body | None = field(default=None, compare=False, repr=False)
    """The body's tree when the loader parsed it in this process (else parsed on demand)."""
    headings: tuple[Heading, ...] = field(default=(), compare=False, repr=False)
    links: tuple[LinkRef, ...] = field(default=(), compare=False, repr=False)

    @cached_property
    def tree(self) -> Body:
        """The body's syntax tree: the one parse every output renders.

        A document that came from a worker process (without its tree: the loader's rule,
        :mod:`wikipk.loading`) parses its body again on first use, in the process that renders
        it: the parse is deterministic (the same body, the same tree).
        """
        return self.parsed if self.parsed is not None else markdown.parse(self.body)

    @property
    def is_premium(self) -> bool:
        """True when only subscribers may read the body."""
        return self.access is Access.PREMIUM

    def file_line(self, body_line: int) -> int:
        """Convert a 1-based body line to the line an author sees in the file."""
        return self.body_line + body_line - 1
