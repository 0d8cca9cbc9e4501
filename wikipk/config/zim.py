"""The ``zim:`` section of ``wikipk.yml``: the offline edition's files for Kiwix.

``wikipk export zim`` (and ``wikipk build`` with ``site: zim: true``) writes one ZIM file per
language; this section names them and fills the metadata openZIM asks of every file. The title
and the address links beyond the file lead to are the site's (``site: title``, ``site: url``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from wikipk.config.file import Section, Setting, shown, user_path

ISO_639_3 = {
    "en": "eng",
    "ur": "urd",
    "pa": "pan",
    "sd": "snd",
    "ps": "pus",
    "ks": "kas",
    "ar": "ara",
    "fa": "fas",
}
"""The three-letter codes (ISO 639-3, which openZIM's ``Language`` takes) of the two-letter codes
documents are written with; ``zim: languages`` adds others."""

_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_CODE = re.compile(r"[a-z]{3}")


@dataclass(frozen=True)
class ZimSettings:
    """How the ZIM files are named and described."""

    name: str = "wiki-pakistan"
    """The files' name (``wiki-pakistan_en_2026-12.zim``) and their ``Name`` metadata, which
    Kiwix uses to know a newer file of the same knowledge base."""
    creator: str = "Wiki Pakistan"
    """Who wrote the content (``Creator``)."""
    publisher: str = "Wiki Pakistan"
    """Who made the file (``Publisher``)."""
    tags: tuple[str, ...] = ("welfare", "pakistan", "sop")
    """``Tags``: words a library of ZIM files is searched by."""
    illustration: Path | None = None
    """A square PNG shown for the file in Kiwix's library (made 48x48); None: wikipk's own."""
    image_width: int = 640
    """The width images are published at in the file (a phone's screen; never enlarged)."""
    out: Path = Path("_zim")
    """Where ``wikipk build`` writes the files when ``site: zim`` is on (``--out`` of
    ``wikipk export zim``'s default), relative to the knowledge base."""
    languages: dict[str, str] = field(default_factory=dict)
    """More ISO 639-3 codes, by the code documents use (``ISO_639_3`` holds the usual ones)."""

    def iso_639_3(self, code: str) -> str | None:
        """The three-letter code of a document language (None when unknown)."""
        if code in self.languages:
            return self.languages[code]
        if code in ISO_639_3:
            return ISO_639_3[code]
        return code if _CODE.fullmatch(code) else None


_KEYS = ("name", "creator", "publisher", "tags", "illustration", "image_width", "out", "languages")


def read_zim(section: Section, root: Path) -> ZimSettings:
    """The ``zim:`` section (all defaults when it is absent).

    Raises:
        ConfigError: a setting is unknown or has a wrong value (located in the file).
    """
    section.known(_KEYS)
    defaults = ZimSettings()
    illustration = section["illustration"].optional_text()
    tags = section["tags"].texts("[welfare, pakistan]")
    return ZimSettings(
        name=_name(section["name"], defaults.name),
        creator=section["creator"].text(defaults.creator),
        publisher=section["publisher"].text(defaults.publisher),
        tags=tuple(tags) if section["tags"].present else defaults.tags,
        illustration=None if illustration is None else user_path(root, illustration),
        image_width=section["image_width"].whole_number(defaults.image_width, minimum=1),
        out=user_path(root, section["out"].text(str(defaults.out))),
        languages=_languages(section.section("languages")),
    )


def _name(setting: Setting, default: str) -> str:
    value = setting.text(default)
    if not _NAME.fullmatch(value):
        raise setting.error(
            f"must be lower-case letters, digits and hyphens, got {shown(value)}",
            "write a name such as wiki-pakistan (it begins every file's name)",
        )
    return value


def _languages(section: Section) -> dict[str, str]:
    codes = {}
    for code in section.names():
        value = section[code].text("")
        if not _CODE.fullmatch(value):
            raise section[code].error(
                f"must be a three-letter ISO 639-3 code, got {shown(value)}",
                "write the language's code such as 'urd' for Urdu",
            )
        codes[code] = value
    return codes
