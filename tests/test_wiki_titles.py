"""wikipk reads every title as the real MediaWiki does: valid or not, which page, which namespace.

Each case is asked of the dev wiki (``action=query&titles=...``), so the port in
``wikipk.wiki_titles`` and the data it ships cannot drift from MediaWiki 1.39.
"""

from __future__ import annotations

import io
import struct
import zlib
from typing import Any

import mwclient
import pytest
import requests

from sync.devwiki.settings import SITE_NAME
from sync.wiki.plan import canonical_title
from tests.wiki_fixtures import DevWikiHandle
from wikipk.title_checks import title_errors
from wikipk.wiki_titles import InvalidTitle, normal_form, parse_title, upload_name, wiki_names

CASES = [
    # a namespace hidden by an invisible mark or a leading colon; the project namespace
    "Category\u200e:Water rules",
    ":Category:Water news",
    "Mediawiki\u200f:Common.css",
    "Wiki Pakistan:About",
    "wiki_pakistan talk : About",
    "Project:About",
    "Image:Tank.png",
    "Help : Wells",
    "\u202aHelp:Wells",
    "Talk:Help:Wells",
    "Talk:Google:Wells",
    "Special:Search",
    "Media:Tank.png",
    "Category:",
    # interwiki prefixes
    "Wikipedia:Water",
    "RFC: water tariffs",
    "Google::Water",
    # characters and sequences MediaWiki refuses
    "50%AB",
    "Percent 50% & more",
    "../Up one",
    "./Here",
    "A/./B",
    "A/../B",
    "Guide/.",
    "Guide/..",
    "..",
    "Slash/ok",
    "A~~~B",
    "Tab\there",
    "::X",
    "\u200e ",
    "x" * 255,
    "x" * 256,
    "\u00e9" * 128,
    "\U0001d54e" * 64,
    # references MediaWiki decodes, or refuses
    "Tips &amp; tricks",
    "Tips &nosuch; tricks",
    "Nbsp&nbsp;here",
    "Rlm&rlm;here",
    # the normalisation that makes two titles one page
    "Water_guide",
    "Water  guide",
    " Water guide ",
    "Water\u00a0guide",
    "Water\u3000guide",
    "Water\u200e guide",
    "water guide",
    "Cafe\u0301 hygiene",
    "Caf\u00e9 hygiene",
    "\u00df",
    "\u01c6emal",
    "\ufb00",
    "\u00fcber",
    "\u0635\u0641\u0627\u0626\u06cc \u0646\u0638\u0627\u0645",
    "\u06c1\u0654",
    # lookalikes: MediaWiki keeps them as other pages
    "Water\u200bguide",
    "W\u0430ter guide",
    "Water: a guide",
]

Verdict = tuple[str, int, str]
"""("invalid", 0, "") or ("page", namespace, full title) or ("interwiki", 0, full title)."""


def _wiki_verdict(devwiki: DevWikiHandle, title: str) -> Verdict:
    answer: dict[str, Any] = requests.post(
        devwiki.api_url,
        data={"action": "query", "titles": title, "format": "json", "formatversion": "2"},
        timeout=30,
    ).json()["query"]
    if "interwiki" in answer:
        return ("interwiki", 0, answer["interwiki"][0]["title"])
    page = answer["pages"][0]
    if page.get("invalid"):
        return ("invalid", 0, "")
    return ("page", page["ns"], page["title"])


def _our_verdict(title: str) -> Verdict:
    names = wiki_names(SITE_NAME)
    try:
        parsed = parse_title(title, names)
    except InvalidTitle:
        return ("invalid", 0, "")
    kind = "interwiki" if parsed.interwiki else "page"
    return (kind, parsed.namespace, parsed.full_text(names))


@pytest.mark.parametrize("title", CASES, ids=lambda title: ascii(title)[1:41])
def test_wikipk_reads_a_title_as_mediawiki_does(devwiki: DevWikiHandle, title: str) -> None:
    wiki = _wiki_verdict(devwiki, title)
    assert _our_verdict(title) == wiki
    if wiki[:2] == ("page", 0):  # the publisher names the page as the wiki does
        assert canonical_title(title) == normal_form(title) == wiki[2]


@pytest.mark.parametrize("title", CASES, ids=lambda title: ascii(title)[1:41])
def test_check_fails_every_title_the_wiki_refuses_or_files_elsewhere(title: str) -> None:
    verdict = _our_verdict(title)
    errors = list(title_errors(title, wiki_names(SITE_NAME)))
    refused = verdict[:2] != ("page", 0)
    renamed = not refused and parse_title(title, wiki_names(SITE_NAME)).decoded
    assert bool(errors) == bool(refused or renamed), errors


def test_the_shipped_names_are_the_dev_wikis(devwiki: DevWikiHandle) -> None:
    info = requests.get(
        devwiki.api_url,
        params={
            "action": "query",
            "meta": "siteinfo",
            "siprop": "general|namespaces|namespacealiases|interwikimap",
            "format": "json",
            "formatversion": "2",
        },
        timeout=30,
    ).json()["query"]
    names = wiki_names(info["general"]["sitename"])
    namespaces = {int(key): value["name"] for key, value in info["namespaces"].items()}
    by_name = {
        **{value["canonical"]: value["id"] for value in info["namespaces"].values() if value["id"]},
        **{value["name"]: value["id"] for value in info["namespaces"].values() if value["id"]},
        **{alias["alias"]: alias["id"] for alias in info["namespacealiases"]},
    }
    assert names.display == namespaces
    assert names.namespaces == {key.lower().replace(" ", "_"): i for key, i in by_name.items()}
    assert names.interwiki == {entry["prefix"] for entry in info["interwikimap"]}
    assert names.legal_chars.pattern.startswith(
        "[^" + info["general"]["legaltitlechars"].replace("\\xFF", "\\U0010ffff") + "]|"
    )
    assert info["general"]["case"] == "first-letter"
    assert info["general"]["generator"].startswith("MediaWiki 1.39.")


UPLOADS = [
    "logo.png",
    "a:b.png",
    "a\\b.png",
    "Category:x.png",
    "File:in file.png",
    "x&amp;y.png",
    "50%AB.png",
    "a b_c  d.png",
    pytest.param("Cafe\u0301.png", marks=pytest.mark.allow_warning_logs),  # mwclient: not NFC
    "~~~.png",
    "\u00e4" * 118 + ".png",
    "\u00e4" * 119 + ".png",
]


def _png(seed: int) -> bytes:
    """A valid 1x1 PNG whose pixel differs by seed (the wiki refuses duplicate uploads)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(bytes([0, seed % 256, seed // 256 % 256, seed // 65536 % 256]))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("name", UPLOADS, ids=lambda name: ascii(name)[1:41])  # type: ignore[arg-type]
def test_wikipk_names_an_upload_as_mediawiki_does(devwiki: DevWikiHandle, name: str) -> None:
    site = devwiki.site()
    try:
        result = site.upload(
            io.BytesIO(_png(zlib.crc32(name.encode()))), filename=name, description="t", ignore=True
        )
        wiki = "File:" + str(result["filename"]).replace("_", " ")
    except mwclient.errors.APIError as error:
        wiki = f"refused ({error.code})"
    except mwclient.errors.InvalidPageTitle:  # mwclient's own query of the title, first
        wiki = "refused (invalid title)"
    try:
        ours = upload_name(name, wiki_names(SITE_NAME))
    except InvalidTitle as error:
        ours = "refused (filename-toolong)" if error.reason == "too-long" else "refused"
    assert ours == wiki or (ours == "refused" and wiki.startswith("refused ("))
