"""The sections of ``bench/README.md`` that each benchmark writes between its own markers."""

from __future__ import annotations

from pathlib import Path

README = Path(__file__).resolve().parent / "README.md"


def replace_section(start: str, end: str, section: str, empty: str = "# Benchmarks\n") -> None:
    """Replace the section between ``start`` and ``end`` (markers included) of the README, or
    add it at its end; a README that does not exist yet starts as ``empty``."""
    text = README.read_text(encoding="utf-8") if README.exists() else empty
    if start in text and end in text:
        head, rest = text.split(start, 1)
        text = head + section + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    README.write_text(text, encoding="utf-8")
