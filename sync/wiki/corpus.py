"""What a wiki page needs to know about the other documents: titles, files and translations."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from wikipk.config import DEFAULT_LANGUAGES, Language
from wikipk.model import Document
from wikipk.scorecards.board import Scoreboard

if TYPE_CHECKING:
    from wikipk.loading import KnowledgeBase


def wiki_file_name(path: PurePosixPath) -> str:
    """The wiki file name of a media file of the content folder: its base name.

    Args:
        path: The file's path relative to the content folder (``media/grievance-flow.svg``).

    Returns:
        The name after ``File:`` (``grievance-flow.svg``; MediaWiki capitalises the first letter).
    """
    return path.name


@dataclass(frozen=True)
class Corpus:
    """The documents that pages link to, by path and by id, and the configured languages."""

    by_path: Mapping[PurePosixPath, Document]
    """Every document, by its path relative to the content folder."""
    by_id: Mapping[str, Document]
    """Every document, by id."""
    translations: Mapping[str, tuple[Document, ...]] = field(default_factory=dict)
    """The documents that translate a document, by the translated document's id."""
    languages: tuple[Language, ...] = DEFAULT_LANGUAGES
    """The configured languages (their names label translations and language categories)."""
    file_names: Mapping[PurePosixPath, str] = field(default_factory=dict)
    """Wiki file names that differ from :func:`wiki_file_name` (by path in the content folder)."""
    scoreboard: Scoreboard | None = None
    """The computed scorecards (their pages show scores, tables and charts)."""

    @classmethod
    def of(
        cls,
        documents: Iterable[Document],
        languages: tuple[Language, ...] = DEFAULT_LANGUAGES,
        file_names: Mapping[PurePosixPath, str] | None = None,
        scoreboard: Scoreboard | None = None,
    ) -> Corpus:
        """Index documents by path and id.

        Args:
            documents: The documents of the knowledge base.
            languages: The configured languages.
            file_names: Wiki file names chosen by the publisher, where they differ from the default.
            scoreboard: The computed scorecards.
        """
        documents = tuple(documents)
        translations: dict[str, list[Document]] = {}
        for doc in documents:
            if doc.translation_of:
                translations.setdefault(doc.translation_of, []).append(doc)
        return cls(
            by_path=MappingProxyType({doc.path: doc for doc in documents}),
            by_id=MappingProxyType({doc.id: doc for doc in documents}),
            translations=MappingProxyType({k: tuple(v) for k, v in translations.items()}),
            languages=languages,
            file_names=MappingProxyType(dict(file_names or {})),
            scoreboard=scoreboard,
        )

    @classmethod
    def of_knowledge_base(
        cls, knowledge: KnowledgeBase, languages: tuple[Language, ...] = DEFAULT_LANGUAGES
    ) -> Corpus:
        """Every document of a loaded knowledge base with its computed scorecards: what a
        publish renders, and what a plan of it must render too."""
        board = knowledge.scoreboard
        return cls.of(knowledge.documents, languages, scoreboard=board)

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle as the arguments of :meth:`of` (its read-only mappings cannot be pickled)."""
        documents = tuple(self.by_path.values())
        return (_corpus, (documents, self.languages, dict(self.file_names), self.scoreboard))

    def file_name(self, path: PurePosixPath) -> str:
        """The wiki file name of a media file (path relative to the content folder)."""
        return self.file_names.get(path) or wiki_file_name(path)

    def language_name(self, code: str) -> str:
        """The configured name of a language (its own name, such as ``اردو``), or the code."""
        return next((lang.name for lang in self.languages if lang.code == code), code)

    def versions(self, doc: Document) -> tuple[Document, ...]:
        """Every language version of a document (itself, its original, the original's translations).

        Returns:
            The versions in the order of the configured languages, then by id.
        """
        original = self.by_id.get(doc.translation_of or "") or doc
        family = [original, *self.translations.get(original.id, ())]
        order = {lang.code: index for index, lang in enumerate(self.languages)}
        return tuple(sorted(family, key=lambda d: (order.get(d.lang, len(order)), d.id)))


def _corpus(
    documents: tuple[Document, ...],
    languages: tuple[Language, ...],
    file_names: dict[PurePosixPath, str],
    scoreboard: Scoreboard | None,
) -> Corpus:
    """A pickled corpus, made again."""
    return Corpus.of(documents, languages, file_names, scoreboard)
