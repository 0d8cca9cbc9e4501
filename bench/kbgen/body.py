"""The Markdown body of a generated document."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from datetime import timedelta

from kbgen.phrasebook import CODE_SAMPLES, ENGLISH, URDU
from kbgen.planning import Corpus, DocPlan
from kbgen.vocabulary import (
    FINDING,
    FINDINGS,
    MEDIA,
    OPTIONAL,
    REQUIRED,
    SEE_ALSO,
    STEP,
    STEPS,
    Section,
    slugify,
)

BODY_BYTES = {"en": (4400, 6800), "ur": (4400, 6200)}
"""Body sizes aimed at; the last blocks and the see-also list add up to ~1.5 KB more."""
MAX_BODY_BYTES = 8000
BLOCK_KINDS = ("paragraph", "bullets", "ordered", "table", "quote", "admonition", "code", "image")
BLOCK_WEIGHTS = (44, 12, 8, 8, 6, 7, 5, 6)
LISTS = ("bullets", "ordered")


class BodyWriter:
    """Writes the Markdown body of one document, block by block, until it is big enough."""

    def __init__(self, rng: random.Random, corpus: Corpus, doc: DocPlan, version: str) -> None:
        """Prepare to write ``doc``; ``version`` is the SOP version for the revision history."""
        self.rng, self.corpus, self.doc, self.version = rng, corpus, doc, version
        self.urdu = doc.lang == "ur"
        self.book = URDU if self.urdu else ENGLISH
        self.blocks: list[str] = []
        self.footnotes: list[str] = []
        self.size = 0
        self.target = rng.randrange(*BODY_BYTES[doc.lang])
        self.images = 0
        self.last = ""
        self.anchors = [(self._text(s), s.anchor) for s in REQUIRED[doc.type]]

    def write(self) -> str:
        """The whole body: intro, required sections, optional ones until big enough, see also."""
        required = REQUIRED[self.doc.type]
        self._intro()
        for number, section in enumerate(required):
            self._section(section)
            if number == 1:
                self._add(self._image())
        for section in self.rng.sample(OPTIONAL, len(OPTIONAL)):
            if self.size >= self.target:
                break
            self._section(section)
        self._see_also()
        notes = [f"[^{n}]: {text}" for n, text in enumerate(self.footnotes, 1)]
        return "\n\n".join(self.blocks + notes) + "\n"

    def _add(self, block: str) -> None:
        self.blocks.append(block)
        self.size += len(block.encode())

    def _text(self, section: Section) -> str:
        return section.ur if self.urdu else section.en

    def _heading(self, level: int, text: str, anchor: str) -> None:
        """A heading; Urdu ones carry an explicit id (the slug of the English text)."""
        self._add(f"{'#' * level} {text} {{#{anchor}}}" if self.urdu else f"{'#' * level} {text}")
        self.last = "heading"
        if level > 2:
            self.anchors.append((text, anchor))

    def _numbered(self, label: Section, number: int, section: Section) -> None:
        """A numbered ``###`` heading such as ``Step 2: Verify eligibility``."""
        english = f"{label.en} {number}: {section.en}"
        if self.urdu:
            self._heading(3, f"{label.ur} {number}: {section.ur}", f"{label.anchor}-{number}")
        else:
            self._heading(3, english, slugify(english))

    def _intro(self) -> None:
        """Optional lead paragraph, table of contents and link to the other language."""
        if self.rng.random() < 0.6:
            self._add(self._paragraph())
        if self.rng.random() < 0.4:
            links = " · ".join(f"[{text}](#{anchor})" for text, anchor in self.anchors)
            self._add(f"**{self.book.contents}:** {links}")
        other = self.doc.translation_of or self.corpus.translations.get(self.doc.doc_id)
        if other:
            target = self.corpus.docs[_index(other)]
            if self.urdu:
                self._add(f"[{self.book.translation}]({self._path(target)}) بھی دستیاب ہے۔")
            else:
                self._add(f"An [{self.book.translation}]({self._path(target)}) is also available.")

    def _section(self, section: Section) -> None:
        self._heading(2, self._text(section), section.anchor)
        filler = SECTION_FILLERS.get(section.anchor)
        if filler:
            filler(self)
            return
        for number in range(self.rng.randint(1, 2 if section in REQUIRED[self.doc.type] else 3)):
            if number and self.size >= self.target:
                break
            self._block()

    def _block(self) -> None:
        kind = self.rng.choices(BLOCK_KINDS, weights=BLOCK_WEIGHTS)[0]
        if kind in LISTS and self.last in LISTS:
            kind = "paragraph"  # two lists in a row would merge into one
        self.last = kind
        self._add(BLOCKS[kind](self))

    def _see_also(self) -> None:
        """Related documents; always the next document, so every document is linked to."""
        count = len(self.corpus.docs)
        if count < 2:
            return
        targets = [self.corpus.docs[(self.doc.index + 1) % count]]
        targets += [t for t in (self._pick() for _ in range(self.rng.randint(1, 3))) if t]
        self._heading(2, self._text(SEE_ALSO), SEE_ALSO.anchor)
        links = (self._doc_link(target) for target in dict.fromkeys(targets))
        self._add("\n".join(f"- [{text}]({path})" for text, path in links))

    # Inline pieces.

    def _path(self, target: DocPlan) -> str:
        """Relative path from this document to ``target``."""
        if target.type == self.doc.type and self.rng.random() < 0.5:
            return f"{target.doc_id}.md"
        return f"../{target.path}"

    def _pick(self) -> DocPlan | None:
        """Another document, usually in the same language; None in a one-document corpus."""
        same = self.corpus.by_lang[self.doc.lang]
        pool = same if len(same) > 1 and self.rng.random() < 0.85 else range(len(self.corpus.docs))
        if len(pool) < 2:
            return None
        index = self.rng.choice(pool)
        while index == self.doc.index:
            index = self.rng.choice(pool)
        return self.corpus.docs[index]

    def _doc_link(self, target: DocPlan) -> tuple[str, str]:
        """Text and path of a link to another document, often to one of its required sections."""
        path = self._path(target)
        if self.rng.random() < 0.5:
            path += "#" + self.rng.choice(REQUIRED[target.type]).anchor
        return target.title, path

    def _link_sentence(self) -> str:
        """A sentence linking to another document, a heading of this one, or another site."""
        roll, book = self.rng.random(), self.book
        target = self._pick() if roll < 0.55 else None
        if target:
            text, path = self._doc_link(target)
        elif roll < 0.8:
            text, anchor = self.rng.choice(self.anchors)
            path = f"#{anchor}"
        else:
            year = self.rng.randrange(2015, 2026)
            url = f"https://example.org/{slugify(self.doc.topic.en)}/{year}"
            return self.rng.choice(book.external).format(url=url)
        return self.rng.choice(book.link).format(text=text, path=path)

    def _footnote(self, text: str) -> str:
        """Append a footnote reference to ``text`` and remember the note."""
        note = self.rng.choice(self.book.footnotes)
        self.footnotes.append(note)
        self.size += len(note.encode()) + 8
        return f"{text}[^{len(self.footnotes)}]"

    # Blocks.

    def _paragraph(self) -> str:
        rng = self.rng
        most = 4 if self.urdu else 6  # Urdu takes two bytes a letter
        sentences = [
            self.book.sentence(rng, self.doc.topic, self.doc.district)
            for _ in range(rng.randint(3, most))
        ]
        if rng.random() < 0.55:
            sentences.insert(rng.randrange(len(sentences) + 1), self._link_sentence())
        if rng.random() < 0.15:
            sentences.append(self.book.code_sentence(rng))
        if rng.random() < 0.1:
            sentences[1] = self._footnote(sentences[1])
        return " ".join(sentences)

    def _item(self) -> str:
        """A list item: who does what (English) or what is done when (Urdu)."""
        book, rng = self.book, self.rng
        if self.urdu:
            return f"{rng.choice(book.whens)} {rng.choice(book.actions)}"
        return f"{rng.choice(book.actors)} {rng.choice(book.actions)}"

    def _subitems(self, indent: str) -> list[str]:
        rng = self.rng
        if rng.random() < 0.6:
            return []
        marker = rng.choice(("-", "1."))
        subs = rng.sample(self.book.actors if self.urdu else self.book.whens, rng.randint(2, 3))
        return [f"{indent}{marker} {sub[0].upper()}{sub[1:]}" for sub in subs]

    def _bullets(self) -> str:
        lines: list[str] = []
        for _ in range(self.rng.randint(3, 5)):
            lines += [f"- {self._item()}", *self._subitems("  ")]
        return "\n".join(lines)

    def _ordered(self) -> str:
        lines: list[str] = []
        for number in range(1, self.rng.randint(3, 6)):
            lines += [f"{number}. {self._item()}", *self._subitems("   ")]
        return "\n".join(lines)

    def _rows(self, head: Sequence[str], rows: Sequence[Sequence[object]], align: str) -> str:
        """A GFM table; ``align`` has one of ``l``, ``r`` or ``c`` per column."""
        rules = {"l": ":---", "r": "---:", "c": ":---:"}
        lines = ["| " + " | ".join(head) + " |", "|" + "|".join(rules[a] for a in align) + "|"]
        lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
        return "\n".join(lines)

    def _table(self) -> str:
        return self._results() if self.rng.random() < 0.6 else self._roles()

    def _roles(self) -> str:
        book, rng = self.book, self.rng
        rows = [
            (actor, rng.choice(book.actions), rng.choice(book.whens))
            for actor in rng.sample(book.actors, rng.randint(3, 5))
        ]
        return self._rows(book.table_heads["roles"], rows, "lll")

    def _results(self) -> str:
        rows: list[tuple[str, int, int, str]] = []
        for indicator in self.rng.sample(self.book.indicators, self.rng.randint(3, 5)):
            base = self.rng.randint(20, 900)
            latest = round(base * self.rng.uniform(0.9, 1.8))
            rows.append((indicator, base, latest, f"{(latest - base) / base:+.0%}"))
        return self._rows(self.book.table_heads["results"], rows, "lrrr")

    def _quote(self) -> str:
        book, rng = self.book, self.rng
        name, quote = rng.choice(book.names), rng.choice(book.quotes)
        if self.urdu:
            return f"> {name} کا کہنا ہے: “{quote}”۔"
        return f"> “{quote}” says {name}, who lives in {self.doc.district.en}."

    def _admonition(self) -> str:
        kind = self.rng.choice(("note", "tip", "warning"))
        title = self.rng.choice(self.book.admonitions)
        body = " ".join(
            self.book.sentence(self.rng, self.doc.topic, self.doc.district)
            for _ in range(self.rng.randint(1, 3))
        )
        return f'!!! {kind} "{title}"\n    {body}'

    def _code(self) -> str:
        rng = self.rng
        language, sample = rng.choice(CODE_SAMPLES)
        text = sample.format(
            district=self.doc.district.en,
            n=rng.randint(1, 99),
            m=rng.randint(100, 199),
            a=rng.randint(50, 400),
            b=rng.randint(50, 400),
            c=rng.randint(50, 400),
        )
        return f"```{language}\n{text}\n```"

    def _image(self) -> str:
        """An image with alt text; a document's first one cycles so every file gets used."""
        rng, doc = self.rng, self.doc
        first = self.images == 0
        media = MEDIA[doc.index % len(MEDIA)] if first else rng.choice(MEDIA)
        self.images += 1
        if self.urdu:
            alt = f"{doc.district.ur} میں {doc.topic.ur}، {media.ur}"
        else:
            alt = f"{media.en} for {doc.topic.en} in {doc.district.en}"
        title = f' "Figure {self.images}"' if rng.random() < 0.3 else ""
        return f"![{alt}](../media/{media.name}{title})"

    # Sections with a shape of their own.

    def _procedure(self) -> None:
        self._add(self._paragraph())
        steps = sorted(
            self.rng.sample(range(len(STEPS)), self.rng.randint(3, 4 if self.urdu else 5))
        )
        for number, step in enumerate(steps, 1):
            self._numbered(STEP, number, STEPS[step])
            self._add(self._ordered() if self.rng.random() < 0.7 else self._paragraph())

    def _responsibilities(self) -> None:
        self._add(self._paragraph())
        self._add(self._roles())

    def _outcomes(self) -> None:
        self._add(self._paragraph())
        self._add(self._results())
        if self.rng.random() < 0.4:
            self._add(self._image())

    def _findings(self) -> None:
        picked = sorted(self.rng.sample(range(len(FINDINGS)), self.rng.randint(2, 3)))
        for number, finding in enumerate(picked, 1):
            self._numbered(FINDING, number, FINDINGS[finding])
            self._add(self._paragraph())

    def _records(self) -> None:
        self._add(self._paragraph())
        if self.doc.type != "sop":
            self._add(self._code())
            return
        major, minor = (int(part) for part in self.version.split("."))
        day, rows = self.doc.updated, list[tuple[str, str, str]]()
        for number in range(minor, max(-1, minor - 4), -1):
            rows.append((f"{major}.{number}", day.isoformat(), self.rng.choice(self.book.changes)))
            day -= timedelta(days=self.rng.randint(60, 300))
        self._add(self._rows(self.book.table_heads["history"], rows, "lll"))


BLOCKS: dict[str, Callable[[BodyWriter], str]] = {
    "paragraph": BodyWriter._paragraph,
    "bullets": BodyWriter._bullets,
    "ordered": BodyWriter._ordered,
    "table": BodyWriter._table,
    "quote": BodyWriter._quote,
    "admonition": BodyWriter._admonition,
    "code": BodyWriter._code,
    "image": BodyWriter._image,
}


SECTION_FILLERS: dict[str, Callable[[BodyWriter], None]] = {
    "procedure": BodyWriter._procedure,
    "responsibilities": BodyWriter._responsibilities,
    "results": BodyWriter._outcomes,
    "findings": BodyWriter._findings,
    "records": BodyWriter._records,
}


def _index(doc_id: str) -> int:
    """The position of a document in the corpus, read back from its id."""
    return int(doc_id.rsplit("-", 1)[1])
