"""Planning: ids, types, languages, titles and translations, decided before any body is written.

Bodies link to documents that are written later, so every document is planned first.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from kbgen.vocabulary import (
    AUDIENCES,
    DISTRICTS,
    EN_TITLES,
    TOPICS,
    UR_TITLES,
    District,
    Topic,
)

FOLDERS = {
    "sop": "sops",
    "guideline": "guidelines",
    "case-study": "case-studies",
    "report": "reports",
}

TYPE_WEIGHTS = {"sop": 35, "guideline": 25, "case-study": 30, "report": 10}
URDU_SHARE = 0.10
TRANSLATED_SHARE = 0.6
PREMIUM_SHARE = 0.03
FIRST_DAY = date(2020, 1, 1)
LAST_DAY = date(2026, 6, 30)


@dataclass(frozen=True)
class DocPlan:
    """Everything decided about a document before its body is written."""

    index: int
    doc_id: str
    type: str
    lang: str
    title: str
    topic: Topic
    district: District
    access: str
    updated: date
    translation_of: str | None

    @property
    def path(self) -> str:
        """Path relative to the content folder."""
        return f"{FOLDERS[self.type]}/{self.doc_id}.md"


@dataclass(frozen=True)
class Corpus:
    """The plan of every document, so bodies can link to documents not yet written."""

    docs: tuple[DocPlan, ...]
    by_lang: dict[str, tuple[int, ...]]
    translations: dict[str, str]
    """Source id → id of its Urdu translation."""


def _kinds(count: int, rng: random.Random) -> list[tuple[str, str]]:
    """Draw (type, lang) for every document."""
    types = rng.choices(list(TYPE_WEIGHTS), weights=list(TYPE_WEIGHTS.values()), k=count)
    return [(kind, "ur" if rng.random() < URDU_SHARE else "en") for kind in types]


def _sources(kinds: Sequence[tuple[str, str]], rng: random.Random) -> dict[int, int]:
    """Pick, for some Urdu documents, a distinct English document of the same type to translate."""
    pools: dict[str, list[int]] = {kind: [] for kind in TYPE_WEIGHTS}
    for index, (kind, lang) in enumerate(kinds):
        if lang == "en":
            pools[kind].append(index)
    for pool in pools.values():
        rng.shuffle(pool)
    sources: dict[int, int] = {}
    for index, (kind, lang) in enumerate(kinds):
        if lang == "ur" and pools[kind] and rng.random() < TRANSLATED_SHARE:
            sources[index] = pools[kind].pop()
    return sources


class TitleMaker:
    """Draws titles from templates and keeps them unique within a language."""

    def __init__(self, rng: random.Random) -> None:
        """Start with no title taken."""
        self.rng = rng
        self.taken: set[str] = set()

    def make(self, kind: str, lang: str, topic: Topic, district: District) -> str:
        """A new title for a document of this kind, language, topic and district."""
        rng = self.rng
        templates = UR_TITLES[kind] if lang == "ur" else EN_TITLES[kind]
        base = rng.choice(templates).format(
            topic=topic.ur if lang == "ur" else topic.en,
            Topic=topic.en[0].upper() + topic.en[1:],
            district=district.ur if lang == "ur" else district.en,
            tehsil=rng.choice(district.tehsils),
            year=rng.randrange(2019, 2026),
            audience=rng.choice(AUDIENCES),
        )
        for title in self._variants(base, lang, district):
            if f"{lang}:{title.casefold()}" not in self.taken:
                self.taken.add(f"{lang}:{title.casefold()}")
                return title
        raise AssertionError("unreachable: the variants never end")

    def _variants(self, base: str, lang: str, district: District) -> Iterator[str]:
        """The title, then with a tehsil (English), then with ever higher union council numbers."""
        yield base
        if lang == "en":
            yield from (f"{base} ({tehsil})" for tehsil in district.tehsils)
        for number in itertools.count(self.rng.randint(1, 120)):
            yield f"{base}، یونین کونسل {number}" if lang == "ur" else f"{base} (UC-{number})"


def day_between(rng: random.Random, first: date, last: date) -> date:
    """A random day between two days, both included."""
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def _plan_one(
    doc_id: str, index: int, kind: str, lang: str, rng: random.Random, titles: TitleMaker
) -> DocPlan:
    """Plan a document that is not a translation."""
    topic, district = rng.choice(TOPICS), rng.choice(DISTRICTS)
    access = "premium" if rng.random() < PREMIUM_SHARE else "public"
    first = date(2024, 1, 1) if kind == "sop" else FIRST_DAY
    title = titles.make(kind, lang, topic, district)
    updated = day_between(rng, first, LAST_DAY)
    return DocPlan(index, doc_id, kind, lang, title, topic, district, access, updated, None)


def _plan_translation(
    doc_id: str, index: int, source: DocPlan, rng: random.Random, titles: TitleMaker
) -> DocPlan:
    """Plan the Urdu translation of ``source``: same type, topic, district and access."""
    title = titles.make(source.type, "ur", source.topic, source.district)
    updated = min(source.updated + timedelta(days=rng.randrange(90)), LAST_DAY)
    return DocPlan(
        index,
        doc_id,
        source.type,
        "ur",
        title,
        source.topic,
        source.district,
        source.access,
        updated,
        source.doc_id,
    )


def plan(count: int, rng: random.Random) -> Corpus:
    """Decide id, type, language, title and translation of every document."""
    kinds = _kinds(count, rng)
    sources = _sources(kinds, rng)
    width = max(5, len(str(count - 1)))
    ids = [f"{kind}-{index:0{width}d}" for index, (kind, _) in enumerate(kinds)]
    titles = TitleMaker(rng)
    docs: dict[int, DocPlan] = {}
    for index, (kind, lang) in enumerate(kinds):
        if index not in sources:
            docs[index] = _plan_one(ids[index], index, kind, lang, rng, titles)
    for index, source in sources.items():
        docs[index] = _plan_translation(ids[index], index, docs[source], rng, titles)
    ordered = tuple(docs[index] for index in range(count))
    by_lang = {lang: tuple(d.index for d in ordered if d.lang == lang) for lang in ("en", "ur")}
    translations = {docs[source].doc_id: ids[index] for index, source in sources.items()}
    return Corpus(ordered, by_lang, translations)
