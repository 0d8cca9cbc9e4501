"""A three-way merge of a document's body that keeps the bytes of everything nobody changed.

The merge itself is line-based (``merge3``, the merge of Bazaar and Breezy) and runs on
*canonical* Markdown, where every paragraph, list item, table row and heading is one line: the
Markdown of the page wikipk last wrote (the base), the person's latest revision (theirs) and the
document as it is in git now, written in the same style (ours). A change of one word is then a
change of one line, whatever the line lengths, and two changes to different paragraphs never
touch.

The result is then mapped back onto the source file, which an editor may have written in another
style (a paragraph wrapped over several lines, ``*`` bullets, ``__bold__``, ``1)`` numbering,
extra blank lines, trailing spaces). Both texts parse to the same blocks, so the blocks' lines
(:mod:`sync.wiki.pull.blocks`) pair each canonical block with the source lines that hold it: a
block nobody changed keeps its source bytes, and only a block that changed is written in
canonical style.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from merge3 import Merge3

from sync.wiki.pull.blocks import Block, leaves, structure, top_blocks
from wikipk.markdown import Body, parse


@dataclass(frozen=True)
class Conflict:
    """A region both git and the person changed since wikipk's revision, differently."""

    line: int
    """1-based line in the merged file where the ``<<<<<<<`` marker is."""
    ours: str
    """The region as it is in git (canonical Markdown, one ``\\n`` after each line)."""
    base: str
    """The region as wikipk last wrote it to the wiki."""
    theirs: str
    """The region as the person left it."""


@dataclass(frozen=True)
class BodyMerge:
    """The merged body of a document, and what a person must still decide."""

    body: str
    """The merged body: the source's bytes wherever nothing changed."""
    conflicts: tuple[Conflict, ...]
    """The regions written with conflict markers, in order."""
    changed: bool
    """True when ``body`` differs from the source."""
    blanked: bool = False
    """True when the person emptied the page: nothing is merged (``body`` is the source)."""


@dataclass(frozen=True)
class _Chunk:
    """A step of the merge: canonical lines ``[start, end)`` are kept, or replaced by ``lines``."""

    start: int
    end: int
    lines: tuple[str, ...] | None = None
    """The replacement (None: keep the canonical lines)."""
    conflict: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]] | None = None
    """(ours, base, theirs) when the step is a conflict."""

    @property
    def kept(self) -> bool:
        return self.lines is None and self.conflict is None


@dataclass(frozen=True)
class _Piece:
    """Canonical lines ``[cs, ce)`` hold what source lines ``[ss, se)`` hold."""

    cs: int
    ce: int
    ss: int
    se: int


class _Matcher:
    """difflib's matcher without its "popular line" heuristic, which in a document of more than
    200 lines treats the blank line as junk and aligns paragraphs badly."""

    def __init__(
        self,
        isjunk: Callable[[str], bool] | None = None,
        a: Sequence[str] = "",
        b: Sequence[str] = "",
        autojunk: bool = False,
    ) -> None:
        self._matcher = difflib.SequenceMatcher(isjunk, a, b, autojunk=False)

    def get_matching_blocks(self) -> list[tuple[int, int, int]]:
        """Matching blocks as ``(i, j, n)``: ``a[i:i+n] == b[j:j+n]``."""
        return [(i, j, n) for i, j, n in self._matcher.get_matching_blocks()]


def merge_body(
    source: str,
    canonical: str,
    base: str,
    theirs: str,
    labels: tuple[str, str, str],
    body_line: int = 1,
) -> BodyMerge:
    """Apply the person's change (``base`` -> ``theirs``) to a document's body.

    Args:
        source: the body as it is in the file now, in any style.
        canonical: the same body in canonical style (equal to ``source`` for a document written
            canonically).
        base: the Markdown of the wikitext wikipk last wrote.
        theirs: the Markdown of the person's latest revision.
        labels: the texts after the markers of a conflict: (ours, base, theirs).
        body_line: the file line on which the body starts, for the conflicts' lines.

    Returns:
        The merged body. A person who emptied the page is not followed: the body is the source,
        and ``blanked`` says so for the report.

    A block nobody changed keeps its source bytes. A changed block is written in canonical
    style, and so is every block the source wrote in a style that the canonical lines cannot
    join (a ``*`` or ``1)`` list takes no ``-`` or ``1.`` item: Markdown would start a second
    list): the whole list is rewritten. If the result would still not parse to the blocks the
    merge means, the whole body is written in canonical style rather than changed in meaning.
    Lines kept from the source keep their line ends; new lines end as the source's first line
    does (CRLF or LF); a source without a line end at its end stays without one.
    """
    if not theirs.strip() and base.strip():
        return BodyMerge(source, (), False, blanked=True)
    ours_lines = _lines(canonical)
    chunks = _chunks(_lines(base), ours_lines, _lines(theirs))
    if all(chunk.kept for chunk in chunks):
        return BodyMerge(source, (), False)
    text = _SourceText(source)
    expected = structure(parse(_Writer("\n", ours_lines, labels).whole(chunks)))
    body = ""
    for finder in (_leaf_pieces, _block_pieces):
        pieces = finder(ours_lines, text)
        writer = _Writer(text.newline, ours_lines, labels)
        body = writer.write(chunks, pieces, text)
        if structure(parse(body)) == expected:
            break
    else:
        # Neither alignment keeps the blocks the merge means: the body is written canonically.
        pieces = [_Piece(0, len(ours_lines), 0, len(text.lines))]
        writer = _Writer(text.newline, ours_lines, labels)
        body = writer.write(chunks, pieces, text)
    conflicts = tuple(
        Conflict(body_line + line, *("".join(f"{x}\n" for x in part) for part in parts))
        for line, parts in writer.conflicts
    )
    return BodyMerge(body, conflicts, body != source)


def _lines(text: str) -> list[str]:
    """The lines of a Markdown text, without their line ends."""
    return text.removesuffix("\n").split("\n") if text else []


def _chunks(base: list[str], ours: list[str], theirs: list[str]) -> list[_Chunk]:
    """The merge as steps over the canonical lines (``merge3``'s sync regions, each gap
    between them judged as ``merge_regions`` does, but keeping where it is in ``ours``)."""
    merge = Merge3(base, ours, theirs, sequence_matcher=_Matcher)
    chunks = []
    z = a = b = 0
    for z_match, z_end, a_match, a_end, b_match, b_end in merge.find_sync_regions():
        chunks.extend(_gap(a, tuple(ours[a:a_match]), tuple(base[z:z_match]), theirs[b:b_match]))
        chunks.append(_Chunk(a_match, a_end))
        z, a, b = z_end, a_end, b_end
    return [chunk for chunk in chunks if not chunk.kept or chunk.start < chunk.end]


def _gap(
    at: int, ours: tuple[str, ...], base: tuple[str, ...], changed: Sequence[str]
) -> list[_Chunk]:
    """The steps for one gap between sync regions, starting at canonical line ``at``.

    Lines both sides added alike at the start or end of a conflict are taken out of it (as
    git's ``zdiff3`` does), so the markers hold only what differs.
    """
    theirs = tuple(changed)
    if ours == theirs or theirs == base:
        return [_Chunk(at, at + len(ours))]
    if ours == base:
        return [_Chunk(at, at + len(ours), lines=theirs)]
    head = _common(ours, theirs)
    tail = _common(ours[head:][::-1], theirs[head:][::-1])
    ours_mid, theirs_mid = ours[head : len(ours) - tail], theirs[head : len(theirs) - tail]
    middle_end = at + len(ours) - tail
    if theirs_mid == base:
        middle = _Chunk(at + head, middle_end)
    elif ours_mid == base:
        middle = _Chunk(at + head, middle_end, lines=theirs_mid)
    else:
        middle = _Chunk(at + head, middle_end, conflict=(ours_mid, base, theirs_mid))
    return [_Chunk(at, at + head), middle, _Chunk(middle_end, at + len(ours))]


def _common(one: Sequence[str], other: Sequence[str]) -> int:
    """How many lines two sequences share at their start."""
    count = 0
    while count < min(len(one), len(other)) and one[count] == other[count]:
        count += 1
    return count


class _SourceText:
    """The source body as lines that keep their own line ends (CRLF, or none at the end)."""

    def __init__(self, source: str) -> None:
        self.lines = re.findall(r"[^\n]*\n|[^\n]+$", source)
        first = self.lines[0] if self.lines else ""
        self.newline = "\r\n" if first.endswith("\r\n") else "\n"
        self.final_newline = source.endswith("\n") or not source

    def parsed(self) -> Body:
        """The source parsed line for line (a stray CR would be a line end to the parser)."""
        plain = (line.removesuffix("\n").removesuffix("\r").replace("\r", " ") for line in self)
        return parse("".join(f"{line}\n" for line in plain))

    def __iter__(self) -> Iterator[str]:
        return iter(self.lines)


def _leaf_pieces(ours: list[str], text: _SourceText) -> list[_Piece]:
    return _pair(leaves(parse(_joined(ours))), leaves(text.parsed()), len(ours), len(text.lines))


def _block_pieces(ours: list[str], text: _SourceText) -> list[_Piece]:
    canonical, source = top_blocks(parse(_joined(ours))), top_blocks(text.parsed())
    return _pair(canonical, source, len(ours), len(text.lines))


def _joined(lines: Sequence[str]) -> str:
    return "".join(f"{line}\n" for line in lines)


def _pair(canonical: list[Block], source: list[Block], size: int, source_size: int) -> list[_Piece]:
    """Pieces pairing blocks of the same kind in order; the lines between paired blocks (blank
    lines, a box's title) are pieces of their own. Blocks that do not pair one to one (a list
    written with other markers) are paired as one run, the blank lines around them apart."""
    signs = [sign for sign, _, _ in canonical], [sign for sign, _, _ in source]
    matcher = difflib.SequenceMatcher(None, *signs, autojunk=False)
    pieces = []
    c = s = 0
    for (cs, ce), (ss, se) in _runs(matcher.get_opcodes(), canonical, source):
        if cs < c or ss < s:
            continue  # blocks sharing a line: the piece before holds both
        if (c, s) != (cs, ss):
            pieces.append(_Piece(c, cs, s, ss))
        pieces.append(_Piece(cs, ce, ss, se))
        c, s = ce, se
    if (c, s) != (size, source_size):
        pieces.append(_Piece(c, size, s, source_size))
    return pieces


def _runs(
    opcodes: Sequence[tuple[str, int, int, int, int]], canonical: list[Block], source: list[Block]
) -> Iterator[tuple[tuple[int, int], tuple[int, int]]]:
    """The line ranges of paired blocks: each pair of equal blocks, and each replaced run
    (blocks inserted or deleted on one side only stay with the lines between pairs)."""
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            for (_, cs, ce), (_, ss, se) in zip(canonical[i1:i2], source[j1:j2], strict=True):
                yield (cs, ce), (ss, se)
        elif tag == "replace":
            yield (canonical[i1][1], canonical[i2 - 1][2]), (source[j1][1], source[j2 - 1][2])


class _Writer:
    """Writes the merged body: source lines for untouched pieces, canonical lines elsewhere."""

    def __init__(self, newline: str, ours: list[str], labels: tuple[str, str, str]) -> None:
        self.newline = newline
        self.ours = ours
        self.labels = labels
        self.out: list[str] = []
        self.conflicts: list[tuple[int, tuple[tuple[str, ...], ...]]] = []

    def whole(self, chunks: list[_Chunk]) -> str:
        """The merge in canonical style (what the source's merge must parse like)."""
        for chunk in chunks:
            self._chunk(chunk, 0, len(self.ours))
        return "".join(self.out)

    def write(self, chunks: list[_Chunk], pieces: list[_Piece], text: _SourceText) -> str:
        """The merged body, each untouched piece in its source bytes."""
        touched = [_touched(piece, chunks) for piece in pieces]
        inside = {chunk.start for chunk in chunks if chunk.start == chunk.end}
        index = 0
        while index < len(pieces):
            piece = pieces[index]
            if piece.cs < piece.ce:
                self._insertions(chunks, piece.cs, inside)
            if not touched[index]:
                self._source(text.lines[piece.ss : piece.se])
                index += 1
                continue
            last = index
            while last + 1 < len(pieces) and touched[last + 1]:
                last += 1
            self._span(chunks, piece.cs, pieces[last].ce)
            index = last + 1
        self._insertions(chunks, len(self.ours), inside)
        if not text.final_newline and self.out:
            self.out[-1] = self.out[-1].removesuffix("\n").removesuffix("\r")
        return "".join(self.out)

    def _insertions(self, chunks: list[_Chunk], at: int, pending: set[int]) -> None:
        """Lines added between two pieces (once)."""
        if at in pending:
            pending.discard(at)
            for chunk in chunks:
                if chunk.start == chunk.end == at:
                    self._chunk(chunk, at, at)

    def _span(self, chunks: list[_Chunk], start: int, end: int) -> None:
        """The merge of canonical lines ``[start, end)``, in canonical style."""
        for chunk in chunks:
            if chunk.start == chunk.end and not start < chunk.start < end:
                continue
            if (chunk.start < end and chunk.end > start) or chunk.start == chunk.end:
                self._chunk(chunk, start, end)

    def _chunk(self, chunk: _Chunk, start: int, end: int) -> None:
        if chunk.conflict is not None:
            self._conflict(*chunk.conflict)
        elif chunk.lines is not None:
            self._new(chunk.lines)
        else:
            self._new(self.ours[max(chunk.start, start) : min(chunk.end, end)])

    def _conflict(self, ours: Sequence[str], base: Sequence[str], theirs: Sequence[str]) -> None:
        self.conflicts.append((self._line_count(), (tuple(ours), tuple(base), tuple(theirs))))
        mine, original, person = self.labels
        self._new([f"<<<<<<< {mine}", *ours, f"||||||| {original}", *base, "======="])
        self._new([*theirs, f">>>>>>> {person}"])

    def _new(self, lines: Sequence[str]) -> None:
        self._end_last_line()
        self.out.extend(f"{line}{self.newline}" for line in lines)

    def _source(self, lines: Sequence[str]) -> None:
        if lines:
            self._end_last_line()
            self.out.extend(lines)

    def _end_last_line(self) -> None:
        """A source's last line may lack its line end: it needs one when more follows."""
        if self.out and not self.out[-1].endswith("\n"):
            self.out[-1] += self.newline

    def _line_count(self) -> int:
        self._end_last_line()
        return len(self.out)


def _touched(piece: _Piece, chunks: list[_Chunk]) -> bool:
    """True when a change falls on a piece's canonical lines or between two of them."""
    for chunk in chunks:
        if chunk.kept:
            continue
        if chunk.start == chunk.end:
            if piece.cs < chunk.start < piece.ce:
                return True
        elif chunk.start < piece.ce and chunk.end > piece.cs:
            return True
    return False
