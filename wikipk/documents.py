"""Building one document's model from its front matter and parsed body, with its own rules."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import PurePosixPath

from wikipk import markdown
from wikipk.frontmatter import FrontMatter
from wikipk.markdown import Body, Heading, LinkRef
from wikipk.model import Access, DocType, Document, Location, Video
from wikipk.placeholders import placeholder_problems
from wikipk.problems import Problem
from wikipk.scorecards.checks import check_scorecard
from wikipk.scorecards.reference import Reference

REQUIRED_SECTIONS: dict[DocType, tuple[str, ...]] = {
    DocType.SOP: ("Purpose", "Scope", "Responsibilities", "Procedure"),
    DocType.CASE_STUDY: ("Context", "Model", "Results", "Lessons"),
}

_VIDEO_ID = re.compile(
    r"^https?://(?:(?:www\.|m\.)?youtube\.com/(?:watch\?(?:[^#]*&)?v=|shorts/|embed/)"
    r"|youtu\.be/|(?:www\.)?youtube-nocookie\.com/embed/)([A-Za-z0-9_-]{11})(?:[?&#/]\S*)?$"
)
_ABBREVIATIONS = re.compile(r"\b(e\.g\.|i\.e\.|etc\.|vs\.|no\.|approx\.)", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?۔؟](?=\s|$)")
_MARKUP = re.compile(r"(\*\*|__|`|\[[^\]]*\]\(|^#|<[a-zA-Z/])")


@dataclass(frozen=True)
class Facts:
    """What the cross-document rules need from a file, even one whose front matter is broken."""

    relative: PurePosixPath
    display: str
    id: str | None
    title: str | None
    lang: str | None
    translation_of: str | None
    positions: dict[str, tuple[int, int]]
    """File position of the fields above, by field name."""
    anchors: frozenset[str]
    links: tuple[LinkRef, ...]
    body_line: int
    premium: bool = False
    """True for ``access: premium``: another document's problems never draw on its body."""
    scorecard: tuple[str, str, str, str] | None = None
    """Scorecards: the place's English names and the period (district, tehsil, UC, period)."""


def video_id(url: str) -> str | None:
    """The 11-character video id of a YouTube URL, or None when it is not one."""
    match = _VIDEO_ID.match(url)
    return match.group(1) if match else None


def build_document(
    relative: PurePosixPath,
    display: str,
    matter: FrontMatter,
    tree: Body,
    valid: bool,
    reference: Callable[[], Reference] | None = None,
) -> tuple[Document | None, Facts, list[Problem]]:
    """Check one document's own rules and, when its front matter is valid, build its model.

    Args:
        relative: path relative to the content folder.
        display: path shown in messages.
        matter: the file's front matter, already validated against its schema.
        tree: the parsed body.
        valid: whether the front matter met the schema (only then is a model built).
        reference: gives the framework and gazetteer scorecards are checked against (asked
            only for a scorecard, so other documents never read them).

    Returns:
        The document (or None), the facts for cross-document rules, and the problems found.
    """
    data = matter.data
    headings = markdown.headings(tree)
    links = markdown.links(tree)
    problems = _own_rules(display, matter, headings)
    problems += _nesting_problems(display, matter, tree)
    problems += _raw_html_problems(display, matter, tree)
    problems += placeholder_problems(display, matter, tree)
    place, sheet = None, None
    if reference is not None and matter.data.get("type") == DocType.SCORECARD.value and valid:
        place, sheet, found = check_scorecard(display, relative, matter, reference())
        problems += found
    facts = _facts(relative, display, matter, headings, links)
    if place is not None and isinstance(matter.data.get("period"), str):
        facts = replace(facts, scorecard=(*place.key, str(matter.data["period"])))
    if not valid or problems:
        return None, facts, problems
    document = Document(
        path=relative,
        id=str(data["id"]),
        type=DocType(data["type"]),
        title=str(data["title"]),
        lang=str(data["lang"]),
        summary=str(data["summary"]).strip(),
        updated=date.fromisoformat(str(data["updated"])),
        tags=tuple(_strings(data.get("tags"))),
        access=Access(data.get("access", "public")),
        translation_of=_optional(data.get("translation_of")),
        authors=tuple(_strings(data.get("authors"))),
        videos=_videos(matter),
        owner=_optional(data.get("owner")),
        version=_optional(data.get("version")),
        review_by=_date(data.get("review_by")),
        location=_location(data.get("location")),
        sector=_optional(data.get("sector")),
        district=_optional(data.get("district")),
        tehsil=_optional(data.get("tehsil")),
        union_council=_optional(data.get("union_council")),
        period=_optional(data.get("period")),
        place=place,
        scores=sheet,
        body=matter.body,
        body_line=matter.body_line,
        parsed=tree,
        headings=tuple(headings),
        links=tuple(links),
    )
    return document, facts, problems


def _facts(
    relative: PurePosixPath,
    display: str,
    matter: FrontMatter,
    headings: list[Heading],
    links: list[LinkRef],
) -> Facts:
    data = matter.data
    fields = ("id", "title", "lang", "translation_of")
    values = {key: _text(data.get(key)) for key in fields}
    positions = {key: matter.where((key,)) for key in (*fields, "period")}
    positions["front matter"] = (1, 1)
    return Facts(
        relative=relative,
        display=display,
        id=values["id"],
        title=values["title"],
        lang=values["lang"],
        translation_of=values["translation_of"],
        positions=positions,
        anchors=frozenset(heading.anchor for heading in headings),
        links=tuple(links),
        body_line=matter.body_line,
        premium=data.get("access") == "premium",
    )


def _nesting_problems(display: str, matter: FrontMatter, tree: Body) -> list[Problem]:
    deep = markdown.too_deep(tree)
    if deep is None:
        return []
    return [
        Problem(
            display,
            matter.body_line + deep.line - 1,
            deep.column,
            "nesting-too-deep",
            f"lists, quotes and boxes are nested {deep.depth} deep here, deeper than wikipk "
            "renders",
            "nest fewer lists, quotes or boxes (at most 9 lists, or 19 quotes or boxes); "
            "start a new list or paragraph for the deepest part",
        )
    ]


def _raw_html_problems(display: str, matter: FrontMatter, tree: Body) -> list[Problem]:
    """A line starting with HTML takes the lines after it, up to a blank line, as HTML too."""
    return [
        Problem(
            display,
            matter.body_line + found.line - 1,
            found.column,
            "raw-html",
            "the HTML on this line runs on to the next blank line: the lines after it are "
            "shown as typed, so their links are not checked and their formatting is not "
            "applied",
            "put a blank line after the HTML line, or write it in Markdown "
            "(HTML is always shown as text)",
        )
        for found in markdown.raw_html(tree)
    ]


def _own_rules(display: str, matter: FrontMatter, headings: list[Heading]) -> list[Problem]:
    problems = _section_problems(display, matter, headings)
    problems += _summary_problems(display, matter)
    problems += _video_problems(display, matter)
    return problems


def _section_problems(display: str, matter: FrontMatter, headings: list[Heading]) -> list[Problem]:
    try:
        doc_type = DocType(matter.data.get("type"))
    except ValueError:
        return []
    present = set()
    for heading in headings:
        if heading.level == 2:
            present.add(heading.text.casefold())
            present.add(heading.anchor)
    problems = []
    for section in REQUIRED_SECTIONS.get(doc_type, ()):
        if section.casefold() in present or section.lower() in present:
            continue
        problems.append(
            Problem(
                display,
                matter.body_line,
                1,
                "missing-section",
                f"{doc_type.label} needs a '## {section}' section",
                f"add '## {section}', or give a translated heading the id: "
                f"'## ... {{#{section.lower()}}}'",
            )
        )
    return problems


def _summary_problems(display: str, matter: FrontMatter) -> list[Problem]:
    summary = matter.data.get("summary")
    if not isinstance(summary, str) or not summary.strip():
        return []
    line, column = matter.where(("summary",))
    problems = []
    text = _ABBREVIATIONS.sub("", summary.strip())
    sentences = len(_SENTENCE_END.findall(text)) + (0 if text[-1] in ".!?۔؟" else 1)
    if sentences > 3:
        problems.append(
            Problem(
                display,
                line,
                column,
                "summary-too-long",
                f"summary has {sentences} sentences; write 1 to 3",
                "keep the summary short: details belong in the body",
            )
        )
    if _MARKUP.search(summary):
        problems.append(
            Problem(
                display,
                line,
                column,
                "summary-markup",
                "summary must be plain text, without Markdown or HTML",
                "remove the formatting: listings and feeds show it as text",
            )
        )
    return problems


def _video_problems(display: str, matter: FrontMatter) -> list[Problem]:
    videos = matter.data.get("videos")
    if not isinstance(videos, list):
        return []
    seen: dict[str, int] = {}
    problems = []
    for index, item in enumerate(videos):
        url = item.get("url") if isinstance(item, dict) else None
        found = video_id(url) if isinstance(url, str) else None
        if found is None:
            continue
        line, column = matter.where(("videos", index, "url"))
        if found in seen:
            problems.append(
                Problem(
                    display,
                    line,
                    column,
                    "duplicate-video",
                    f"video '{found}' is listed twice (first as video {seen[found]})",
                    "remove the repeated video",
                )
            )
        else:
            seen[found] = index + 1
    return problems


def _videos(matter: FrontMatter) -> tuple[Video, ...]:
    videos = []
    items = matter.data.get("videos")
    for index, item in enumerate(items if isinstance(items, list) else []):
        assert isinstance(item, dict)
        url = str(item["url"])
        title = item.get("title")
        videos.append(
            Video(
                url=url,
                video_id=video_id(url) or "",
                title=str(title) if title is not None else None,
                line=matter.where(("videos", index, "url"))[0],
            )
        )
    return tuple(videos)


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _strings(value: object) -> list[str]:
    return [str(item) for item in value] if isinstance(value, list) else []


def _optional(value: object) -> str | None:
    return None if value is None else str(value)


def _date(value: object) -> date | None:
    return None if value is None else date.fromisoformat(str(value))


def _location(value: object) -> Location | None:
    if not isinstance(value, dict):
        return None
    return Location(
        district=str(value["district"]),
        tehsil=_optional(value.get("tehsil")),
        union_council=_optional(value.get("union_council")),
    )
