"""Premium documents on a static site: bodies sealed per document, keys per subscriber.

A premium body is rendered like any page's body, but kept apart in the cache (``premium/``, owner
only) and never indexed. When the site is assembled, the body (links and images filled in) is
encrypted with AES-256-GCM under the document's key and embedded in the teaser page; its images
are encrypted into ``sealed/``. Each active subscriber gets ``keys/<id>.json``, named by a value
derived from their code, holding the keys of the documents they may open, each wrapped (AES-GCM)
with a key derived from the same code. The browser derives both from the code the reader enters
(``premium.js``, WebCrypto) and decrypts; no server is involved.

Nonces are synthetic (an HMAC of key, document and plaintext), so an unchanged document under an
unchanged key gives the same bytes on every build, and a nonce never repeats for two plaintexts.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import json
import logging
import mimetypes
import os
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from site_builder.errors import SiteError
from site_builder.markers import FileInfo, Resolver, fill
from site_builder.records import DocMeta
from site_builder.render import marker
from site_builder.writer import OutputGuard
from wikipk.boundary import read_content_bytes
from wikipk.config import Config
from wikipk.premium.subscribers import Registry, load_registry, registry_path, save_registry

log = logging.getLogger(__name__)

SLOT = marker("P")
"""Where a premium page's sealed body goes (removed like any unknown marker when it has none)."""
KEYS_FOLDER = "keys"
SEALED_FOLDER = "sealed"
_BODIES = "premium"
NONCE_BYTES = 12


@dataclass(frozen=True)
class Entitlement:
    """One active subscriber as the site sees them: a key file name and what it opens."""

    key_file: str
    wrap_key: bytes
    docs: tuple[str, ...]


@dataclass(frozen=True)
class PremiumKeys:
    """The keys of one build."""

    documents: dict[str, bytes]
    """The key of each premium document, by id."""
    subscribers: tuple[Entitlement, ...]
    """Active subscribers, with the premium documents of this build they may open."""


def seal(key: bytes, aad: bytes, plaintext: bytes) -> bytes:
    """``nonce || AES-256-GCM(plaintext)``, with a nonce derived from everything sealed."""
    nonce = hmac.new(key, b"nonce\0" + aad + b"\0" + plaintext, hashlib.sha256).digest()
    return nonce[:NONCE_BYTES] + AESGCM(key).encrypt(nonce[:NONCE_BYTES], plaintext, aad)


def unseal(key: bytes, aad: bytes, sealed: bytes) -> bytes:
    """The plaintext of :func:`seal` (for tests and tools).

    Raises:
        cryptography.exceptions.InvalidTag: wrong key, document or data.
    """
    return AESGCM(key).decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], aad)


def premium_keys(config: Config, records: tuple[DocMeta, ...], today: date) -> PremiumKeys | None:
    """This build's keys, after replacing those a revoked or expired subscriber could use; None
    when there is no registry (premium pages then show their teaser only).

    Raises:
        SubscriberError: the registry cannot be read or written.
        ConfigError: the ``premium:`` settings are wrong.
    """
    path = registry_path(config)
    if path is None or not path.exists():
        return None
    premium = sorted(meta.id for meta in records if meta.premium)
    before = load_registry(path)
    registry = before.for_build(premium, today)
    if registry != before:
        save_registry(path, registry)
    return _keys(registry, premium, today)


def _keys(registry: Registry, premium: list[str], today: date) -> PremiumKeys:
    documents = {doc: registry.document_keys[doc] for doc in premium}
    subscribers = []
    for subscriber in registry.subscribers:
        if not subscriber.active(today) or not subscriber.key_file or not subscriber.wrap_key:
            continue
        docs = tuple(doc for doc in premium if subscriber.may_open(doc))
        if docs:
            subscribers.append(Entitlement(subscriber.key_file, subscriber.wrap_key, docs))
    return PremiumKeys(documents, tuple(subscribers))


def write_key_files(keys: PremiumKeys, guard: OutputGuard) -> None:
    """One key file per active subscriber: their document keys, wrapped with their code's key."""
    for subscriber in keys.subscribers:
        wrapped = {
            doc: _b64(seal(subscriber.wrap_key, doc.encode(), keys.documents[doc]))
            for doc in subscriber.docs
        }
        data = json.dumps({"keys": wrapped}, sort_keys=True, separators=(",", ":"))
        guard.write_text(f"{KEYS_FOLDER}/{subscriber.key_file}.json", data)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def body_file(cache_folder: Path, key: str) -> Path:
    """Where a premium document's rendered body is cached (apart from pages and search texts)."""
    return cache_folder / _BODIES / f"{key}.html"


def store_body(cache_folder: Path, key: str, body: str) -> None:
    """Keep a premium body in the cache, readable by its owner only."""
    path = body_file(cache_folder, key)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    descriptor = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        out.write(body)
    os.replace(temp, path)


def prune_bodies(cache_folder: Path, records: tuple[DocMeta, ...]) -> None:
    """Forget the cached bodies no premium document uses any more."""
    folder = cache_folder / _BODIES
    keep = {f"{meta.key}.html" for meta in records if meta.premium}
    if folder.is_dir():
        for entry in folder.iterdir():
            if entry.name not in keep:
                entry.unlink(missing_ok=True)


class Sealer:
    """Seals premium pages and their files while the site is written."""

    def __init__(
        self, keys: PremiumKeys | None, cache_folder: Path, content_dir: Path, guard: OutputGuard
    ) -> None:
        self.keys = keys
        self.cache_folder = cache_folder
        self.content_dir = content_dir
        self.guard = guard
        self.written: set[str] = set()

    def page(self, meta: DocMeta, page: str, url: str, resolver: Resolver) -> str:
        """The teaser page with the document's sealed body in its slot."""
        key = self.keys.documents.get(meta.id) if self.keys else None
        if key is None or SLOT not in page:
            return page
        try:
            body = body_file(self.cache_folder, meta.key).read_text(encoding="utf-8")
        except OSError:
            raise SiteError(
                f"the cached body of {meta.path} is missing; delete .wikipk/cache/site "
                "and build again"
            ) from None
        files = {path: self._file(meta.id, key, path) for path in meta.files}
        own = replace(resolver, files={p: info for p, info in files.items() if info})
        sealed = seal(key, meta.id.encode(), fill(body, url, own).encode("utf-8"))
        block = (
            f'<script type="application/octet-stream" id="sealed" '
            f'data-doc="{html.escape(meta.id)}">{_b64(sealed)}</script>'
        )
        return page.replace(SLOT, block)

    def _file(self, doc_id: str, key: bytes, path: str) -> FileInfo | None:
        """Seal one file of a premium document (its media type first, then its bytes)."""
        source = self.content_dir / path
        if not source.is_file():
            return None
        kind = mimetypes.guess_type(source.name)[0] or "application/octet-stream"
        data = read_content_bytes(self.content_dir, source)
        sealed = seal(key, doc_id.encode(), kind.encode() + b"\n" + data)
        url = f"{SEALED_FOLDER}/{hashlib.sha256(sealed).hexdigest()[:24]}.bin"
        if url not in self.written:
            self.written.add(url)
            self.guard.write_bytes(url, sealed)
        return FileInfo(url)
