"""The subscriber registry: who may open premium documents, with which code, until when.

The registry is one JSON file outside git (``premium.subscribers_file`` in ``wikipk.yml``, or
``WIKIPK_SUBSCRIBERS_FILE``), readable by its owner only. It never holds an access code: only
what the site build derives from it (the name of the subscriber's key file and the key that wraps
their document keys), so even the registry cannot print a code again. It also keeps each premium
document's key, so an unchanged build writes the same files; a revoked or expired subscriber's
documents get new keys, so nothing they kept opens the next build's pages.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import stat
import subprocess
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from wikipk.config import Config
from wikipk.config.file import user_path
from wikipk.errors import ConfigError

ENV_FILE = "WIKIPK_SUBSCRIBERS_FILE"
"""Environment variable naming the registry; it wins over ``premium.subscribers_file``."""
CODE_BYTES = 20
"""An access code's randomness: 160 bits, 32 base32 letters."""
CODE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
SALT = b"wikipk premium v1"
"""HKDF salt; the browser derives with the same values (``premium.js``)."""
KEY_FILE_INFO = b"key-file"
WRAP_KEY_INFO = b"wrap-key"
_VERSION = 1


class SubscriberError(ConfigError):
    """The registry cannot be read or written, or a request about it is wrong."""


@dataclass(frozen=True)
class Derived:
    """What a code opens on the site, derived from it one way (HKDF-SHA256)."""

    key_file: str
    """The name of the subscriber's key file on the site (32 hex digits)."""
    wrap_key: bytes
    """The AES-256 key their document keys are wrapped with."""


def new_code() -> str:
    """A fresh access code: 160 random bits as 32 base32 letters in groups of four."""
    letters = base64.b32encode(secrets.token_bytes(CODE_BYTES)).decode("ascii")
    return "-".join(letters[start : start + 4] for start in range(0, len(letters), 4))


def normalise_code(code: str) -> str:
    """A code as typed (any case, spaces or dashes) in the form keys are derived from."""
    return "".join(char for char in code.upper() if char in CODE_ALPHABET)


def derive(code: str) -> Derived:
    """The key file name and wrapping key of a code (the browser derives the same)."""
    material = normalise_code(code).encode("ascii")

    def hkdf(info: bytes, length: int) -> bytes:
        return HKDF(algorithm=hashes.SHA256(), length=length, salt=SALT, info=info).derive(material)

    return Derived(hkdf(KEY_FILE_INFO, 16).hex(), hkdf(WRAP_KEY_INFO, 32))


@dataclass(frozen=True)
class Subscriber:
    """One subscription: to every premium document, or a one-time purchase of some."""

    name: str
    created: date
    expires: date | None
    """The last day the code opens documents; None: until revoked."""
    docs: tuple[str, ...] | None
    """Ids of the documents bought; None: every premium document."""
    key_file: str | None
    """Derived from the code (see :func:`derive`); None once revoked."""
    wrap_key: bytes | None
    revoked: date | None = None
    rotated: bool = False
    """The keys of the documents this subscriber could open were replaced (revoked, expired)."""

    def active(self, today: date) -> bool:
        """True when the code opens documents today."""
        return self.revoked is None and not self.expired(today)

    def expired(self, today: date) -> bool:
        """True after the last day of the subscription."""
        return self.expires is not None and self.expires < today

    def may_open(self, doc_id: str) -> bool:
        """True when the subscription covers the document."""
        return self.docs is None or doc_id in self.docs

    def status(self, today: date) -> str:
        """``active``, ``expired on DATE`` or ``revoked on DATE``, as ``list`` prints it."""
        if self.revoked is not None:
            return f"revoked on {self.revoked.isoformat()}"
        if self.expires is not None and self.expired(today):
            return f"expired on {self.expires.isoformat()}"
        return "active"


@dataclass(frozen=True)
class Registry:
    """Every subscriber ever added, and the current key of each premium document."""

    subscribers: tuple[Subscriber, ...] = ()
    document_keys: dict[str, bytes] = field(default_factory=dict)

    def find(self, name: str) -> Subscriber | None:
        """The subscriber of this name who is not revoked."""
        return next((s for s in self.subscribers if s.name == name and s.revoked is None), None)

    def add(self, subscriber: Subscriber) -> Registry:
        """The registry with one more subscriber.

        Raises:
            SubscriberError: an unrevoked subscriber has this name.
        """
        if self.find(subscriber.name) is not None:
            raise SubscriberError(
                f"a subscriber named '{subscriber.name}' already exists; "
                "revoke it first or choose another name"
            )
        return replace(self, subscribers=(*self.subscribers, subscriber))

    def revoke(self, name: str, today: date) -> Registry:
        """The registry with the subscriber's code dead and their documents' keys dropped.

        Raises:
            SubscriberError: no unrevoked subscriber has this name.
        """
        found = self.find(name)
        if found is None:
            raise SubscriberError(f"no subscriber named '{name}'; 'wikipk subscribers list'")
        gone = replace(found, revoked=today, key_file=None, wrap_key=None, rotated=True)
        subscribers = tuple(gone if s is found else s for s in self.subscribers)
        return Registry(subscribers, _drop_keys(self.document_keys, found))

    def for_build(self, premium: list[str], today: date) -> Registry:
        """The registry a build uses: keys of newly expired subscriptions replaced, and a key
        for every premium document (ids in ``premium``)."""
        keys = dict(self.document_keys)
        subscribers = []
        for subscriber in self.subscribers:
            if subscriber.expired(today) and not subscriber.rotated:
                keys = _drop_keys(keys, subscriber)
                subscriber = replace(subscriber, rotated=True)
            subscribers.append(subscriber)
        for doc_id in premium:
            if doc_id not in keys:
                keys[doc_id] = secrets.token_bytes(32)
        return Registry(tuple(subscribers), keys)


def _drop_keys(keys: dict[str, bytes], subscriber: Subscriber) -> dict[str, bytes]:
    return {doc: key for doc, key in keys.items() if not subscriber.may_open(doc)}


def registry_path(config: Config) -> Path | None:
    """Where the registry is (None when neither the environment nor ``wikipk.yml`` says).

    Raises:
        ConfigError: the ``premium:`` section is wrong, or the path is inside the content folder.
    """
    configured = config.premium.subscribers_file  # checked also when the environment wins
    named = os.environ.get(ENV_FILE)
    path = user_path(config.root, named) if named else configured
    if path is None:
        return None
    if path.resolve().is_relative_to(config.content_dir.resolve()):
        raise ConfigError(
            f"the subscriber registry {path} is inside the content folder; keep it outside git"
        )
    if _committable(path):
        raise ConfigError(
            f"the subscriber registry {path} is inside a git work tree that does not ignore it; "
            "keep it outside git (such as ~/.config/wikipk/subscribers.json) or add it to "
            ".gitignore"
        )
    return path


def _committable(path: Path) -> bool:
    """True when ``path`` lies in a git work tree and git does not ignore it, so that a
    ``git add`` could commit it. Without git, or outside a work tree, nothing can be committed."""
    folder = path.parent
    while not folder.is_dir() and folder != folder.parent:
        folder = folder.parent
    try:
        answer = subprocess.run(
            ["git", "-C", str(folder), "check-ignore", "--quiet", "--no-index", str(path)],
            capture_output=True,
            check=False,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    # 0: ignored; 1: not ignored (inside a work tree); 128: not a work tree (or git failed).
    return answer.returncode == 1


def load_registry(path: Path) -> Registry:
    """Read the registry (empty when the file does not exist yet).

    Raises:
        SubscriberError: the file is readable by others, or is not a registry.
    """
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return Registry()
    except OSError as error:
        raise SubscriberError(
            f"cannot read the subscriber registry {path}: {error.strerror}"
        ) from None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise SubscriberError(
            f"the subscriber registry {path} may be read by other users; "
            f"make it private with 'chmod 600 {path}'"
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return _from_json(data)
    except OSError as error:
        raise SubscriberError(
            f"cannot read the subscriber registry {path}: {error.strerror}"
        ) from None
    except (ValueError, KeyError, TypeError):
        raise SubscriberError(f"{path} is not a wikipk subscriber registry") from None


def save_registry(path: Path, registry: Registry) -> None:
    """Write the registry atomically, readable and writable by its owner only.

    Raises:
        SubscriberError: the file cannot be written.
    """
    text = json.dumps(_to_json(registry), indent=1, sort_keys=True) + "\n"
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        descriptor = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(temp, 0o600)
        os.replace(temp, path)
    except OSError as error:
        temp.unlink(missing_ok=True)
        raise SubscriberError(
            f"cannot write the subscriber registry {path}: {error.strerror}"
        ) from None


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _to_json(registry: Registry) -> dict[str, Any]:
    return {
        "version": _VERSION,
        "subscribers": [
            {
                "name": s.name,
                "created": s.created.isoformat(),
                "expires": s.expires.isoformat() if s.expires else None,
                "docs": list(s.docs) if s.docs is not None else None,
                "key_file": s.key_file,
                "wrap_key": _b64(s.wrap_key) if s.wrap_key else None,
                "revoked": s.revoked.isoformat() if s.revoked else None,
                "rotated": s.rotated,
            }
            for s in registry.subscribers
        ],
        "document_keys": {doc: _b64(key) for doc, key in sorted(registry.document_keys.items())},
    }


def _from_json(data: dict[str, Any]) -> Registry:
    if data["version"] != _VERSION:
        raise ValueError("unknown version")

    def day(value: str | None) -> date | None:
        return date.fromisoformat(value) if value else None

    subscribers = tuple(
        Subscriber(
            name=str(row["name"]),
            created=date.fromisoformat(row["created"]),
            expires=day(row["expires"]),
            docs=tuple(row["docs"]) if row["docs"] is not None else None,
            key_file=row["key_file"],
            wrap_key=base64.b64decode(row["wrap_key"]) if row["wrap_key"] else None,
            revoked=day(row["revoked"]),
            rotated=bool(row["rotated"]),
        )
        for row in data["subscribers"]
    )
    keys = {str(doc): base64.b64decode(key) for doc, key in data["document_keys"].items()}
    return Registry(subscribers, keys)
