"""Bringing one page's edits home: the wiki's revisions merged into the document's source file.

Everything here is pure (no wiki, no files): it takes what :mod:`sync.wiki.pull.history` read
and the document's file text, and says what the file becomes and what needs a person.
"""

from __future__ import annotations

import difflib
import enum
from dataclasses import dataclass, field, replace

from sync.wiki.corpus import Corpus
from sync.wiki.pull.front_matter import (
    FieldConflict,
    NotMerged,
    edit_front_matter,
    front_matter_changes,
)
from sync.wiki.pull.history import PageHistory, Revision, Run
from sync.wiki.pull.merge import merge_body
from sync.wiki.pull.reader import PageParts, Unrepresentable, read_page
from sync.wiki.render.page import render_page
from wikipk.frontmatter import split
from wikipk.model import Document


class Outcome(enum.Enum):
    """What pulling one page did."""

    MERGED = "merged"
    """The person's edits are in the file now."""
    CONFLICT = "conflict"
    """The same lines changed in git since: written with conflict markers for an editor."""
    HOME = "already home"
    """The document already says what the person wrote: nothing to change."""
    NEEDS_PERSON = "needs a person"
    """Nothing (or not everything) could be brought home: an editor must look."""


@dataclass(frozen=True)
class Step:
    """The file after one author's run of edits (for one commit per author)."""

    run: Run
    text: str
    """The whole source file after this run's edits are merged."""


@dataclass(frozen=True)
class Pulled:
    """One drifted page, and what its document's file becomes."""

    title: str
    doc_id: str
    path: str
    """The document's file, relative to the content folder."""
    outcome: Outcome
    history: PageHistory | None
    old_text: str = field(default="", repr=False)
    """The file as it is."""
    new_text: str = field(default="", repr=False)
    """The file with the person's edits (== ``old_text`` when nothing changes)."""
    steps: tuple[Step, ...] = ()
    """The file after each author's run, in order (the last is ``new_text``)."""
    notes: tuple[str, ...] = ()
    """What needs a person, in sentences."""
    done: tuple[str, ...] = ()
    """What was brought home beyond the body and the front matter's fields (a title)."""
    unknown: tuple[Unrepresentable, ...] = ()
    """Wikitext with no Markdown form, on the person's revision."""
    conflicts: int = 0
    """How many regions were written with conflict markers."""

    @property
    def changed(self) -> bool:
        """True when the file changes."""
        return self.new_text != self.old_text

    @property
    def needs_person(self) -> bool:
        """True when an editor must act (a conflict, or anything not brought home)."""
        return self.outcome in (Outcome.CONFLICT, Outcome.NEEDS_PERSON) or bool(
            self.outcome is Outcome.MERGED and self.notes
        )

    def diff(self, prefix: str = "") -> str:
        """The unified diff of the file."""
        name = f"{prefix}{self.path}"
        lines = difflib.unified_diff(
            self.old_text.splitlines(keepends=True),
            self.new_text.splitlines(keepends=True),
            f"a/{name}",
            f"b/{name}",
        )
        return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def split_file(text: str) -> tuple[str, str]:
    """A document file's front matter (both ``---`` lines included) and its body."""
    lines = text.splitlines(keepends=True)
    if lines and lines[0].rstrip("\r\n") == "---":
        for index in range(1, len(lines)):
            if lines[index].rstrip("\r\n") in ("---", "..."):
                return "".join(lines[: index + 1]), "".join(lines[index + 1 :])
    return "", text


@dataclass(frozen=True)
class Labels:
    """The labels of conflict markers for one page."""

    path: str
    base: Revision
    theirs: Revision

    def as_tuple(self) -> tuple[str, str, str]:
        """(ours, base, theirs), as :func:`sync.wiki.pull.merge.merge_body` takes them."""
        return (
            f"{self.path} in git",
            f"Wiki Pakistan revision {self.base.revid} (wikipk)",
            f"Wiki Pakistan revision {self.theirs.revid} by {self.theirs.user}",
        )


def bring_home(
    history: PageHistory,
    doc: Document,
    corpus: Corpus,
    file_text: str,
    title: str,
    moved_by: str = "",
) -> Pulled:
    """Merge what people wrote on a page since wikipk's revision into the document's file.

    Args:
        history: the page's revisions since wikipk's last clean one, with their texts.
        doc: the document the page publishes (as loaded from ``file_text``).
        corpus: every document (links between pages become links between files).
        file_text: the document's source file as it is.
        title: the page title the document asks for (a person's move gives the page another).
        moved_by: who moved the page to its current title, when a person did ("" otherwise).
    """
    pulled = Pulled(
        history.page.title,
        doc.id,
        str(doc.path),
        Outcome.NEEDS_PERSON,
        history,
        old_text=file_text,
        new_text=file_text,  # until something is merged: the file as it is
    )
    if doc.is_premium:
        return replace(
            pulled,
            notes=(
                "a person edited the public teaser of a premium document: the teaser is made "
                "from the front matter, and the sealed body is never merged from the wiki; "
                "bring the change into the document by hand if it is right",
            ),
        )
    base = history.base
    if base is None or base.revid not in history.texts:
        return replace(
            pulled,
            notes=("no revision of the page holds text wikipk wrote: compare it by hand",),
        )
    latest = history.latest
    if latest.revid not in history.texts:
        return replace(
            pulled,
            notes=(f"the text of revision {latest.revid} is hidden on the wiki",),
        )
    base_parts = read_page(history.texts[base.revid], doc, corpus)
    theirs_parts = read_page(history.texts[latest.revid], doc, corpus)
    unknown = _new_unknown(base_parts, theirs_parts)
    if unknown:
        return replace(
            pulled,
            unknown=unknown,
            notes=(
                "the page holds wikitext with no Markdown form (listed below): the file is "
                "left for an editor to change by hand",
            ),
        )
    if base_parts.body.strip() and not theirs_parts.body.strip() and not theirs_parts.infobox:
        return replace(
            pulled,
            notes=(
                f"{latest.user} blanked the page: nothing is merged; delete the document in "
                "git if it should go, or publish with --force to restore the page",
            ),
        )
    canonical = read_page(render_page(doc, corpus), doc, corpus).body
    labels = Labels(str(doc.path), base, latest)
    merged = _merge(file_text, canonical, base_parts, theirs_parts, labels)
    new_title = history.page.title if moved_by and history.page.title != title else ""
    text, notes, conflicts = merged
    done: tuple[str, ...] = ()
    if new_title:
        text = edit_front_matter(text, {"title": new_title})
        done = (f"{moved_by} moved the page to '{new_title}': the document's title follows",)
    steps = _steps(history, doc, corpus, file_text, canonical, text, conflicts)
    if conflicts:
        outcome = Outcome.CONFLICT
    elif text == file_text:
        outcome = Outcome.NEEDS_PERSON if notes else Outcome.HOME
    else:
        outcome = Outcome.MERGED
    return replace(
        pulled,
        outcome=outcome,
        new_text=text,
        notes=notes,
        done=done,
        conflicts=conflicts,
        steps=steps,
    )


def _new_unknown(base: PageParts, theirs: PageParts) -> tuple[Unrepresentable, ...]:
    """The unrepresentable constructs of the person's revision that wikipk's did not have."""
    known = {item.wikitext for item in base.unknown}
    return tuple(item for item in theirs.unknown if item.wikitext not in known)


def _merge(
    file_text: str,
    canonical: str,
    base: PageParts,
    theirs: PageParts,
    labels: Labels,
) -> tuple[str, tuple[str, ...], int]:
    """The file with the person's changes to body and infobox: (text, notes, conflicts)."""
    head, body = split_file(file_text)
    merged = merge_body(
        body, canonical, base.body, theirs.body, labels.as_tuple(), head.count("\n") + 1
    )
    text = head + merged.body
    front = front_matter_changes(base, theirs, split(file_text.replace("\r\n", "\n")).data)
    notes = [_not_merged(item) for item in front.not_merged]
    notes += [_field_conflict(item) for item in front.conflicts]
    if front.changes:
        text = edit_front_matter(text, front.changes)
    return text, tuple(notes), len(merged.conflicts)


def _not_merged(item: NotMerged) -> str:
    change = f"set to '{item.value}'" if item.value else "removed"
    return f"{item.what} {change} on the wiki, not brought home: {item.reason}"


def _field_conflict(item: FieldConflict) -> str:
    return (
        f"field '{item.field}' changed both in git (to {_shown(item.ours)}) and on the wiki "
        f"(to {_shown(item.theirs)}) since wikipk wrote {_shown(item.base)}: not brought home; "
        "choose in the front matter"
    )


def _shown(value: object) -> str:
    if value is None or value == "":
        return "nothing"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(str(item) for item in value) + "]"
    return f"'{value}'"


def _steps(
    history: PageHistory,
    doc: Document,
    corpus: Corpus,
    file_text: str,
    canonical: str,
    final: str,
    conflicts: int,
) -> tuple[Step, ...]:
    """The file after each author's run, when the runs merge one after another to ``final``.

    With one run, or when a run conflicts or the chain ends elsewhere than the one merge, the
    whole change is one step, the last author's.
    """
    runs = history.runs
    one = (Step(runs[-1], final),)
    if len(runs) == 1 or conflicts or history.base is None:
        return one
    texts = history.texts
    if any(run.last.revid not in texts for run in runs):
        return one
    steps = []
    text, ours = file_text, canonical
    before = read_page(texts[history.base.revid], doc, corpus)
    previous = history.base
    for run in runs:
        after = read_page(texts[run.last.revid], doc, corpus)
        labels = Labels(str(doc.path), previous, run.last)
        text, _, clashes = _merge(text, ours, before, after, labels)
        if clashes:
            return one
        ours = merge_body(ours, ours, before.body, after.body, labels.as_tuple()).body
        steps.append(Step(run, text))
        before, previous = after, run.last
    if text != final:
        return one
    return tuple(steps)
