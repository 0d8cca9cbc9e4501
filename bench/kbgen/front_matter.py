"""The YAML front matter of a generated document, written by hand for byte-stable output."""

from __future__ import annotations

import json
import random
import re
from datetime import date

from kbgen.phrasebook import ENGLISH
from kbgen.planning import DocPlan, day_between
from kbgen.vocabulary import AUDIENCES, EXTRA_TAGS, OWNERS, SUMMARIES, slugify

VIDEO_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
VIDEO_LAST = "AEIMQUYcgkosw048"
"""YouTube ids end in one of these (the id is 64 bits in base64)."""
_PLAIN_YAML = re.compile(r"[A-Za-z\u0600-\u06ff][^:#\"'\n]*[^\s:]")
_YAML_WORDS = {"yes", "no", "true", "false", "on", "off", "null", "y", "n"}
"""Plain words YAML 1.1 (PyYAML) would read as booleans or null."""


def yaml_str(text: str) -> str:
    """A YAML scalar for ``text``: plain when that reads back as the same string, else quoted."""
    plain = _PLAIN_YAML.fullmatch(text) and " #" not in text
    if plain and text.lower() not in _YAML_WORDS:
        return text
    return json.dumps(text, ensure_ascii=False)


def _summary(doc: DocPlan, rng: random.Random) -> str:
    """One to three plain sentences."""
    urdu = doc.lang == "ur"
    return SUMMARIES[doc.lang, doc.type].format(
        topic=doc.topic.ur if urdu else doc.topic.en,
        district=doc.district.ur if urdu else doc.district.en,
        audience=rng.choice(AUDIENCES),
    )


def _tags(doc: DocPlan, rng: random.Random) -> list[str]:
    """A flow list of lowercase tags, on most documents."""
    if rng.random() < 0.15:
        return []
    tags = [*doc.topic.tags, slugify(doc.district.province)]
    tags += rng.sample(EXTRA_TAGS, rng.randrange(3))
    return [f"tags: [{', '.join(dict.fromkeys(tags))}]"]


def _authors(rng: random.Random) -> list[str]:
    """A block list of one to three authors, on most documents."""
    if rng.random() < 0.3:
        return []
    return ["authors:", *(f"  - {name}" for name in rng.sample(ENGLISH.names, rng.randint(1, 3)))]


def _type_fields(doc: DocPlan, rng: random.Random, version: str) -> list[str]:
    """The fields only SOPs and case studies have."""
    if doc.type == "sop":
        lines = [f"owner: {rng.choice(OWNERS)}", f'version: "{version}"']
        if rng.random() < 0.7:
            lines.append(f"review_by: {day_between(rng, date(2027, 1, 1), date(2028, 12, 31))}")
        return lines
    if doc.type != "case-study":
        return []
    lines = ["location:", f"  district: {doc.district.en}"]
    if rng.random() < 0.8:
        lines.append(f"  tehsil: {rng.choice(doc.district.tehsils)}")
    if rng.random() < 0.5:
        lines.append(f"  union_council: UC-{rng.randint(1, 120)}")
    if rng.random() < 0.8:
        lines.append(f"sector: {doc.topic.sector}")
    return lines


def _videos(doc: DocPlan, rng: random.Random) -> list[str]:
    """A list of one to three distinct YouTube videos, on a quarter of the documents."""
    if rng.random() < 0.75:
        return []
    ids = dict.fromkeys(
        "".join(rng.choices(VIDEO_CHARS, k=10)) + rng.choice(VIDEO_LAST)
        for _ in range(rng.randint(1, 3))
    )
    lines = ["videos:"]
    for number, video in enumerate(ids, 1):
        short = rng.random() < 0.3
        url = f"https://youtu.be/{video}" if short else f"https://www.youtube.com/watch?v={video}"
        if doc.lang == "ur":
            title = f"{doc.topic.ur} پر تربیتی ویڈیو {number}"
        else:
            title = f"Training session {number}: {doc.topic.en}"
        lines += [f"  - url: {url}", f"    title: {yaml_str(title)}"]
    return lines


def front_matter(doc: DocPlan, rng: random.Random, version: str) -> str:
    """The YAML front matter block, fences included."""
    lines = [
        "---",
        f"id: {doc.doc_id}",
        f"type: {doc.type}",
        f"title: {yaml_str(doc.title)}",
        f"lang: {doc.lang}",
        f"summary: {yaml_str(_summary(doc, rng))}",
        f"updated: {doc.updated.isoformat()}",
        *_tags(doc, rng),
    ]
    if doc.access == "premium" or rng.random() < 0.1:
        lines.append(f"access: {doc.access}")
    if doc.translation_of:
        lines.append(f"translation_of: {doc.translation_of}")
    lines += [*_authors(rng), *_type_fields(doc, rng, version), *_videos(doc, rng), "---"]
    return "\n".join(lines) + "\n"
