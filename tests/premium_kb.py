"""A knowledge base with premium content and subscribers, and reading its site as a subscriber.

Subscribers are added through the real registry code; reading a built page "as a subscriber" does
in Python what ``premium.js`` does in the browser, so tests can prove that a code opens a body and
that an old key file does not open a new build.
"""

from __future__ import annotations

import base64
import json
import re
import shutil
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from site_builder.premium import KEYS_FOLDER, unseal
from tests.site_fixtures import seed_fonts
from wikipk.premium.subscribers import (
    Registry,
    Subscriber,
    derive,
    load_registry,
    new_code,
    save_registry,
)

ROOT = Path(__file__).parent.parent
PREMIUM_ID = "balochistan-cap-90-day-design"
PREMIUM_FILE = "content/case-studies/balochistan-cap-90-day-design.md"
PREMIUM_PAGE = f"docs/{PREMIUM_ID}.html"
REGISTRY = "private/subscribers.json"
"""Where the test registry lives, relative to the knowledge base (outside its content)."""
MARKER = "PREMIUM-LEAK-MARKER-5c1e9"
"""Planted in the premium case study's body and in an image only it shows."""
SECRET_IMAGE = "content/media/premium-only-chart.svg"
_SEALED = re.compile(
    r'<script type="application/octet-stream" id="sealed" data-doc="([^"]+)">([^<]*)</script>'
)


def copy_starter(target: Path, marker: bool = False) -> Path:
    """The starter content in ``target/content``; with ``marker``, the marker planted in the
    premium case study's body and in an image only that body shows."""
    shutil.copytree(ROOT / "content", target / "content")
    seed_fonts(target)
    if marker:
        (target / SECRET_IMAGE).write_text(
            '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40">'
            f'<text x="4" y="24">{MARKER}</text></svg>\n',
            encoding="utf-8",
        )
        doc = target / PREMIUM_FILE
        text = doc.read_text(encoding="utf-8").replace(
            "## Model\n",
            f"## Model\n\nThe design's secret step: {MARKER}.\n\n"
            "![A chart only subscribers see](../media/premium-only-chart.svg)\n\n",
            1,
        )
        assert MARKER in text
        doc.write_text(text, encoding="utf-8")
    return target


OTHER_ID = "second-premium-case"
"""A second premium document, for subscribers who bought only one."""


def add_other_premium(root: Path) -> None:
    """A second premium case study: a copy of the first with its own id and title."""
    text = (root / PREMIUM_FILE).read_text(encoding="utf-8")
    text = text.replace(f"id: {PREMIUM_ID}\n", f"id: {OTHER_ID}\n", 1)
    text = re.sub(r"(?m)^title: .*$", "title: A second premium case study", text, count=1)
    (root / "content" / "case-studies" / f"{OTHER_ID}.md").write_text(text, encoding="utf-8")


def write_config(root: Path, extra: str = "") -> None:
    """``wikipk.yml`` pointing at the test registry."""
    (root / "wikipk.yml").write_text(
        f"premium:\n  subscribers_file: {REGISTRY}\n{extra}", encoding="utf-8"
    )


def add_subscriber(
    root: Path,
    name: str,
    *,
    expires: date | None = None,
    docs: tuple[str, ...] | None = None,
    created: date | None = None,
) -> str:
    """Add a subscriber straight to the registry (the CLI refuses a date in the past) and
    return their code."""
    path = root / REGISTRY
    code = new_code()
    derived = derive(code)
    subscriber = Subscriber(
        name=name,
        created=created or date.today() - timedelta(days=30),
        expires=expires,
        docs=docs,
        key_file=derived.key_file,
        wrap_key=derived.wrap_key,
    )
    registry = load_registry(path) if path.exists() else Registry()
    save_registry(path, registry.add(subscriber))
    return code


@dataclass(frozen=True)
class Sealed:
    """A premium page's sealed body."""

    doc_id: str
    data: bytes


def sealed_body(page: str) -> Sealed:
    """The sealed body embedded in a premium page."""
    match = _SEALED.search(page)
    assert match, "the page has no sealed body"
    return Sealed(match.group(1), base64.b64decode(match.group(2)))


def document_key(site: Path, code: str, doc_id: str) -> bytes | None:
    """The document key a code unwraps from the site's key file (None: no key file or entry)."""
    path = site / KEYS_FOLDER / f"{derive(code).key_file}.json"
    if not path.is_file():
        return None
    wrapped = json.loads(path.read_text(encoding="utf-8"))["keys"].get(doc_id)
    if wrapped is None:
        return None
    return unseal(derive(code).wrap_key, doc_id.encode(), base64.b64decode(wrapped))


def read_as_subscriber(site: Path, code: str, page: str = PREMIUM_PAGE) -> str:
    """The body a code opens on a built premium page.

    Raises:
        AssertionError: the code has no key for the page.
        cryptography.exceptions.InvalidTag: its key does not open this build's body.
    """
    sealed = sealed_body((site / page).read_text(encoding="utf-8"))
    key = document_key(site, code, sealed.doc_id)
    assert key is not None, "the code has no key for this document"
    return unseal(key, sealed.doc_id.encode(), sealed.data).decode("utf-8")
