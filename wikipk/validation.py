"""Rules that look across documents: unique ids and titles, links, anchors, images, translations."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath

from wikipk.documents import Facts
from wikipk.links import LinkKind, relative_address, resolve
from wikipk.markdown import LinkRef
from wikipk.problems import Problem, did_you_mean


def cross_document_problems(facts: Iterable[Facts], content_dir: Path) -> list[Problem]:
    """Every problem that needs more than one document to see."""
    every = list(facts)
    by_path = {item.relative: item for item in every}
    by_id: dict[str, Facts] = {}
    for item in every:
        if item.id is not None:
            by_id.setdefault(item.id, item)
    problems = list(_duplicates(every))
    for item in every:
        problems.extend(_link_problems(item, by_path, content_dir))
        problems.extend(_translation_problems(item, by_id))
    return problems


def _at(item: Facts, field: str, rule: str, message: str, hint: str) -> Problem:
    line, column = item.positions.get(field, (1, 1))
    return Problem(item.display, line, column, rule, message, hint)


def _duplicates(every: list[Facts]) -> Iterator[Problem]:
    ids: dict[str, Facts] = {}
    titles: dict[tuple[str, str], Facts] = {}
    for item in every:
        if item.id is not None:
            first = ids.setdefault(item.id, item)
            if first is not item:
                yield _at(
                    item,
                    "id",
                    "duplicate-id",
                    f"id '{item.id}' is already used by {first.display}",
                    "give this document its own id",
                )
        if item.title is not None and item.lang is not None:
            key = (item.lang, item.title.strip().casefold())
            first = titles.setdefault(key, item)
            if first is not item:
                yield _at(
                    item,
                    "title",
                    "duplicate-title",
                    f"title '{item.title}' is already used by {first.display}",
                    "two pages of one language cannot share a title on the wiki; "
                    "make this one different",
                )


def _link_problems(
    item: Facts, by_path: dict[PurePosixPath, Facts], content_dir: Path
) -> Iterator[Problem]:
    for link in item.links:
        line = item.body_line + link.line - 1
        for rule, message, hint in _check_link(item, link, by_path, content_dir):
            yield Problem(item.display, line, link.column, rule, message, hint)


def _check_link(
    item: Facts, link: LinkRef, by_path: dict[PurePosixPath, Facts], content_dir: Path
) -> Iterator[tuple[str, str, str]]:
    what = "image" if link.is_image else "link"
    if link.is_image and not link.alt:
        yield (
            "image-alt",
            f"image '{link.target}' has no alt text",
            "describe the image in the brackets: ![what the image shows](...)",
        )
    target = resolve(item.relative, link.target)
    if target.kind is LinkKind.EXTERNAL:
        return
    if target.kind is LinkKind.OUTSIDE:
        yield (
            "broken-link",
            f"{what} '{link.target}' points outside the content folder",
            "link only to documents and files inside the content folder",
        )
        return
    assert target.path is not None
    if target.kind is LinkKind.DOCUMENT and target.path in by_path:
        yield from _check_anchor(
            link, by_path[target.path], target.fragment, item is not by_path[target.path]
        )
        return
    if target.kind is LinkKind.ANCHOR:
        yield from _check_anchor(link, item, target.fragment, False)
        return
    if not (content_dir / target.path).is_file():
        rule = "missing-image" if link.is_image else "broken-link"
        choices = [relative_address(item.relative, path) for path in by_path]
        if target.kind is LinkKind.FILE:
            choices = [
                relative_address(
                    item.relative, PurePosixPath(p.relative_to(content_dir).as_posix())
                )
                for p in content_dir.rglob("*")
                if p.is_file() and p.suffix != ".md"
            ]
        written = link.target.partition("#")[0]
        yield (
            rule,
            f"{what} target '{written}' does not exist",
            did_you_mean(written, choices) or "check the file name and folder",
        )


def _check_anchor(
    link: LinkRef, target: Facts, fragment: str, other: bool
) -> Iterator[tuple[str, str, str]]:
    if not fragment or fragment in target.anchors:
        return
    where = f"in {target.relative.name}" if other else "in this document"
    hint = did_you_mean(fragment, sorted(target.anchors))
    yield (
        "missing-anchor",
        f"anchor '#{fragment}' does not exist {where}",
        hint
        or "link to a heading's anchor: its text in lowercase with hyphens, "
        "or the id given as {#id}",
    )


def _translation_problems(item: Facts, by_id: dict[str, Facts]) -> Iterator[Problem]:
    if item.translation_of is None:
        return
    source = by_id.get(item.translation_of)
    if source is None:
        hint = (
            did_you_mean(item.translation_of, sorted(by_id))
            or "give the id of the document this one translates"
        )
        yield _at(
            item,
            "translation_of",
            "translation-missing",
            f"translation_of names '{item.translation_of}', but no document has that id",
            hint,
        )
    elif source is item:
        yield _at(
            item,
            "translation_of",
            "translation-same-lang",
            "a document cannot be a translation of itself",
            "name the source document's id",
        )
    elif source.lang == item.lang:
        yield _at(
            item,
            "translation_of",
            "translation-same-lang",
            f"translation_of names '{item.translation_of}', which is also in '{item.lang}'",
            "a translation must be in another language than its source",
        )
