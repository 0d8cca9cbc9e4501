"""Link and image addresses as CommonMark's reference implementation writes them in HTML.

An address is percent-encoded where it holds characters a URL may not (spaces, Urdu letters),
its host name turned into punycode; an address a browser would run (``javascript:``) is no link
at all, and its source stays text.
"""

from __future__ import annotations

import codecs
import re
from contextlib import suppress
from functools import lru_cache

import mdurl

_RECODE_HOSTNAME_FOR = ("http:", "https:", "mailto:")
_SEPARATORS = re.compile(r"[\x2E\u3002\uFF0E\uFF61]")
_NON_ASCII = re.compile(r"[^\0-\x7E]")
_BAD_PROTOCOL = re.compile(r"^(vbscript|javascript|file|data):")
_GOOD_DATA = re.compile(r"^data:image\/(gif|png|jpeg|webp);")


@lru_cache(maxsize=4096)
def normalize(url: str) -> str:
    """The address as a link's ``href`` (or an image's ``src``) writes it."""
    parsed = mdurl.parse(url, slashes_denote_host=True)
    if parsed.hostname and (not parsed.protocol or parsed.protocol in _RECODE_HOSTNAME_FOR):
        with suppress(Exception):
            parsed = parsed._replace(hostname=_to_ascii(parsed.hostname))
    if not parsed.hostname or ":" not in parsed.hostname:
        return str(mdurl.encode(mdurl.format(parsed)))
    # Encode each part before format() adds the brackets of an IPv6 host.
    return str(
        mdurl.format(
            parsed._replace(
                protocol=parsed.protocol and mdurl.encode(parsed.protocol),
                auth=parsed.auth and mdurl.encode(parsed.auth),
                hostname=mdurl.encode(parsed.hostname),
                pathname=parsed.pathname and mdurl.encode(parsed.pathname),
                search=parsed.search and mdurl.encode(parsed.search),
                hash=parsed.hash and mdurl.encode(parsed.hash),
            )
        )
    )


def normalize_text(url: str) -> str:
    """The address as an autolink shows it (percent-escapes of letters decoded)."""
    parsed = mdurl.parse(url, slashes_denote_host=True)
    if parsed.hostname and (not parsed.protocol or parsed.protocol in _RECODE_HOSTNAME_FOR):
        with suppress(Exception):
            parsed = parsed._replace(hostname=_to_unicode(parsed.hostname))
    return str(mdurl.decode(mdurl.format(parsed), mdurl.DECODE_DEFAULT_CHARS + "%"))


@lru_cache(maxsize=4096)
def is_safe(url: str) -> bool:
    """False for an address a browser would run or load as a document (``javascript:``...)."""
    url = url.strip().lower()
    return bool(_GOOD_DATA.search(url)) if _BAD_PROTOCOL.search(url) else True


def _to_ascii(host: str) -> str:
    parts = host.split("@")  # in an e-mail address only the domain is punycoded
    local, domain = (parts[0] + "@", parts[1]) if len(parts) > 1 else ("", host)
    labels = _SEPARATORS.split(domain)
    encoded = ".".join(
        "xn--" + codecs.encode(label, "punycode").decode() if _NON_ASCII.search(label) else label
        for label in labels
    )
    return local + encoded


def _to_unicode(host: str) -> str:
    parts = host.split("@")
    local, domain = (parts[0] + "@", parts[1]) if len(parts) > 1 else ("", host)
    labels = _SEPARATORS.split(domain)
    return local + ".".join(
        label[4:].lower().encode().decode("punycode") if label.startswith("xn--") else label
        for label in labels
    )
