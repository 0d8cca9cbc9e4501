"""``wikipk new``: a fresh document with valid front matter and its type's sections."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from pathlib import Path

import yaml

from wikipk.boundary import OutsideContent, create_content_file
from wikipk.documents import REQUIRED_SECTIONS
from wikipk.errors import ConfigError
from wikipk.model import DocType
from wikipk.paths import display_path
from wikipk.placeholders import placeholder

FOLDERS = {
    DocType.SOP: "sops",
    DocType.GUIDELINE: "guidelines",
    DocType.CASE_STUDY: "case-studies",
    DocType.SCORECARD: "scorecards",
    DocType.REPORT: "reports",
}

_URDU_SECTIONS = {
    "Purpose": "مقصد",
    "Scope": "دائرہ کار",
    "Responsibilities": "ذمہ داریاں",
    "Procedure": "طریقۂ کار",
    "Context": "سیاق و سباق",
    "Model": "ماڈل",
    "Results": "نتائج",
    "Lessons": "اسباق",
}

_TIP_TITLE = {"ur": "مشورہ"}
"""The title of the scaffold's tip box, in a language other than English (which needs none)."""


def slugify(title: str) -> str:
    """An id from a title: lowercase ASCII letters, digits and hyphens."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:80].strip("-")


def new_document(
    content_dir: Path,
    doc_type: DocType,
    title: str,
    lang: str,
    today: date,
    doc_id: str | None = None,
    translation_of: str | None = None,
    default_lang: str = "en",
) -> Path:
    """Write a new document and return its path.

    Args:
        content_dir: the content folder.
        doc_type: the kind of document.
        title: its title.
        lang: its language code.
        today: the date written as ``updated``.
        doc_id: the id; made from the title (or from ``translation_of``) when not given.
        translation_of: the id of the document this one translates.
        default_lang: the knowledge base's first language; a document in another is named
            ``<name>.<lang>.md`` with the id ``<name>-<lang>``.

    Raises:
        ConfigError: no usable id can be made, or the file exists already.
    """
    name = doc_id or translation_of or slugify(title)
    if lang != default_lang:
        name = name.removesuffix(f"-{lang}")
    if not name:
        raise ConfigError(
            "cannot make an id from this title; give one with --id, such as "
            "--id grievance-channel-ur"
        )
    # A translation is named as the knowledge base names them: grievance-channel.ur.md, with
    # the id grievance-channel-ur.
    doc_id, file_name = name, f"{name}.md"
    if lang != default_lang:
        doc_id, file_name = f"{name}-{lang}", f"{name}.{lang}.md"
    path = content_dir / FOLDERS[doc_type] / file_name
    matter = _front_matter(doc_type, doc_id, title, lang, today, translation_of)
    try:
        create_content_file(content_dir, path, matter + _body(doc_type, lang))
    except FileExistsError:
        raise ConfigError(
            f"{display_path(path)} already exists; choose another title or --id"
        ) from None
    except OutsideContent as error:
        raise ConfigError(f"{error}: nothing was written") from None
    return path


def _front_matter(
    doc_type: DocType, doc_id: str, title: str, lang: str, today: date, translation_of: str | None
) -> str:
    fields: dict[str, object] = {
        "id": doc_id,
        "type": doc_type.value,
        "title": title,
        "lang": lang,
        "summary": placeholder(
            "say in one to three sentences what this document helps a reader do."
        ),
        "updated": today.isoformat(),
        "tags": [],
    }
    if translation_of:
        fields["translation_of"] = translation_of
    if doc_type is DocType.SOP:
        fields.update(
            owner=placeholder("the team that keeps this procedure current"), version="0.1"
        )
    elif doc_type is DocType.CASE_STUDY:
        fields["location"] = {"district": placeholder()}
    elif doc_type is DocType.SCORECARD:
        fields.update(district=placeholder(), tehsil=placeholder(), union_council=placeholder())
        fields["period"] = str(today.year)
        fields["respondents"] = 0  # 'wikipk scorecard import' fills it from a survey
    text = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=100)
    text = text.replace(f"updated: '{today.isoformat()}'", f"updated: {today.isoformat()}")
    return f"---\n{text}---\n"


def _body(doc_type: DocType, lang: str) -> str:
    sections = REQUIRED_SECTIONS.get(doc_type, ())
    if not sections:
        return f"\n{placeholder('write the document.')}\n"
    parts = []
    for section in sections:
        heading = section
        if lang == "ur":
            heading = f"{_URDU_SECTIONS[section]} {{#{section.lower()}}}"
        parts.append(f"\n## {heading}\n\n{placeholder()}\n")
    if doc_type is DocType.SOP:
        parts.append(_tip(lang))
    return "".join(parts)


def _tip(lang: str) -> str:
    """A box for a tip after the steps, in GitHub's alert syntax (GitHub shows it as a box)."""
    title = _TIP_TITLE.get(lang)
    marker = f"> [!TIP] {title}" if title else "> [!TIP]"
    text = placeholder("a tip for whoever follows these steps, or delete this box.")
    return f"\n{marker}\n> {text}\n"
