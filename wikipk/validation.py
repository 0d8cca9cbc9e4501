"""Rules that look across documents: unique ids and titles, links, anchors, images, translations."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath

from wikipk.documents import Facts
from wikipk.links import LinkKind, relative_address, resolve
from wikipk.markdown import LinkRef
from wikipk.problems import Problem, Severity, did_you_mean
from wikipk.title_checks import ImageNames, shown, title_errors, title_warnings
from wikipk.wiki_titles import InvalidTitle, WikiNames, normal_form, parse_title


def cross_document_problems(
    facts: Iterable[Facts], content_dir: Path, names: WikiNames
) -> list[Problem]:
    """Every problem that needs more than one document, or the wiki's names, to see."""
    every = list(facts)
    by_id: dict[str, Facts] = {}
    for item in every:
        if item.id is not None:
            by_id.setdefault(item.id, item)
    links = _LinkChecker({item.relative: item for item in every}, content_dir, names)
    problems = list(_title_problems(every, names))
    problems.extend(_duplicates(every, names))
    problems.extend(_duplicate_scorecards(every))
    for item in every:
        problems.extend(links.problems(item))
        problems.extend(_translation_problems(item, by_id))
    return problems


def _at(
    item: Facts,
    field: str,
    rule: str,
    message: str,
    hint: str,
    severity: Severity = Severity.ERROR,
) -> Problem:
    line, column = item.positions.get(field, (1, 1))
    return Problem(item.display, line, column, rule, message, hint, severity)


def _title_problems(every: list[Facts], names: WikiNames) -> Iterator[Problem]:
    """Titles the wiki refuses, files elsewhere or stores as other text; lookalike titles."""
    for item in every:
        if item.title is None:
            continue
        for rule, message, hint in title_errors(item.title, names):
            yield _at(item, "title", rule, message, hint)
        for rule, message, hint in title_warnings(item.title):
            yield _at(item, "title", rule, message, hint, Severity.WARNING)


def _page_name(title: str, names: WikiNames) -> str:
    """The wiki page a title names (its normal form when the wiki refuses it)."""
    try:
        return parse_title(title, names).full_text(names)
    except InvalidTitle:
        return normal_form(title)


def _duplicates(every: list[Facts], names: WikiNames) -> Iterator[Problem]:
    ids: dict[str, Facts] = {}
    titles: dict[str, tuple[str, Facts]] = {}
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
        if item.title is not None:
            page = _page_name(item.title, names)
            first_page, first = titles.setdefault(page.casefold(), (page, item))
            if first is not item:
                yield _at(
                    item, "title", "duplicate-title", *_same_page(item, first, page, first_page)
                )


def _same_page(item: Facts, first: Facts, page: str, first_page: str) -> tuple[str, str]:
    """The message and hint for two titles that are one wiki page, or differ only in case."""
    title, other = shown(item.title or ""), shown(first.title or "")
    if item.title == first.title:
        message = f"title '{title}' is already used by {first.display}"
    elif page == first_page:
        message = f"title '{title}' is the wiki page '{page}', as is '{other}' in {first.display}"
    else:
        message = f"title '{title}' differs from '{other}' in {first.display} only in letter case"
    return message, (
        "two documents cannot share a wiki page title, even in two languages; "
        "make this one different"
    )


def _duplicate_scorecards(every: list[Facts]) -> Iterator[Problem]:
    """One report per place and period (in each language: a translation is not a second one)."""
    seen: dict[tuple[str, ...], Facts] = {}
    for item in every:
        if item.scorecard is None or item.lang is None:
            continue
        first = seen.setdefault((*item.scorecard, item.lang), item)
        if first is not item:
            _, tehsil, union_council, period = item.scorecard
            yield _at(
                item,
                "period",
                "duplicate-scorecard",
                f"{union_council} ({tehsil}) for {period} is already scored by {first.display}",
                "merge the two reports, or correct the place or the period",
            )


class _LinkChecker:
    """Checks the links and images of documents against the documents and files that exist."""

    def __init__(
        self, by_path: dict[PurePosixPath, Facts], content_dir: Path, names: WikiNames
    ) -> None:
        self.by_path = by_path
        self.content_dir = content_dir
        self._files: set[PurePosixPath] | None = None
        self._images = ImageNames(names)
        self._hidden: set[PurePosixPath] | None = None

    def problems(self, item: Facts) -> Iterator[Problem]:
        for link in item.links:
            line = item.body_line + link.line - 1
            for rule, message, hint in self._check(item, link):
                yield Problem(item.display, line, link.column, rule, message, hint)

    def _check(self, item: Facts, link: LinkRef) -> Iterator[tuple[str, str, str]]:
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
        if target.kind is LinkKind.ANCHOR:
            yield from _check_anchor(item, target.fragment, other=False)
        elif target.path in self.by_path:
            linked = self.by_path[target.path]
            if not linked.premium or linked is item:  # a premium body's headings are not public
                yield from _check_anchor(linked, target.fragment, other=True)
        elif target.path not in self._existing():
            written = link.target.partition("#")[0]
            candidates = self.by_path if target.kind is LinkKind.DOCUMENT else self._other_files()
            choices = [relative_address(item.relative, path) for path in candidates]
            yield (
                "missing-image" if link.is_image else "broken-link",
                f"{what} target '{written}' does not exist",
                did_you_mean(written, choices) or "check the file name and folder",
            )
        elif link.is_image:
            yield from self._images.judge(target.path)

    def _existing(self) -> set[PurePosixPath]:
        """Every file of the content folder (listed once, on first need: one walk, not a stat
        per link)."""
        if self._files is None:
            self._files = {
                PurePosixPath(path.relative_to(self.content_dir).as_posix())
                for path in self.content_dir.rglob("*")
                if path.is_file()
            }
        return self._files

    def _other_files(self) -> list[PurePosixPath]:
        """Files of the content folder that are not documents, but those only premium bodies
        show (their names are not public: a suggestion must not reveal them)."""
        hidden = self._premium_only()
        return sorted(p for p in self._existing() if p.suffix != ".md" and p not in hidden)

    def _premium_only(self) -> set[PurePosixPath]:
        """Files that premium documents point at and no public document does (found once)."""
        if self._hidden is None:
            pointed: dict[bool, set[PurePosixPath]] = {True: set(), False: set()}
            for item in self.by_path.values():
                for link in item.links:
                    target = resolve(item.relative, link.target)
                    if target.kind is LinkKind.FILE and target.path is not None:
                        pointed[item.premium].add(target.path)
            self._hidden = pointed[True] - pointed[False]
        return self._hidden


def _check_anchor(target: Facts, fragment: str, other: bool) -> Iterator[tuple[str, str, str]]:
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
