"""The images of ``content/media/``, drawn in code: bar charts (PNG), maps and flows (SVG)."""

from __future__ import annotations

import random
import struct
import zlib
from pathlib import Path

from kbgen.vocabulary import MEDIA, STEPS


def _png_chunk(tag: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))


def bar_chart_png(rng: random.Random, width: int = 120, height: int = 80) -> bytes:
    """A small RGB PNG of six bars of random height."""
    bars = [rng.randrange(10, height - 8) for _ in range(6)]
    colour = bytes((rng.randrange(20, 160), rng.randrange(80, 200), rng.randrange(120, 230)))
    white, raw = b"\xff\xff\xff", bytearray()
    for y in range(height):
        raw.append(0)  # filter type "none" for this scanline
        for x in range(width):
            inside = 4 <= x % 20 < 16 and height - y <= bars[x // 20]
            raw += colour if inside else white
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunks = _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", zlib.compress(bytes(raw), 9))
    return b"\x89PNG\r\n\x1a\n" + chunks + _png_chunk(b"IEND", b"")


def map_svg(rng: random.Random) -> str:
    """A schematic map: a grid of union councils, some shaded as covered."""
    cells = []
    for number in range(12):
        x, y = 10 + (number % 4) * 60, 10 + (number // 4) * 45
        fill = "#4c9a6a" if rng.random() < 0.5 else "#e3e8e4"
        cells.append(
            f'  <rect x="{x}" y="{y}" width="56" height="41" fill="{fill}" stroke="#333"/>\n'
            f'  <text x="{x + 28}" y="{y + 25}" font-size="10" text-anchor="middle">'
            f"UC-{rng.randint(1, 120)}</text>"
        )
    return _svg(260, 155, "Union councils covered", cells)


def flow_svg(rng: random.Random) -> str:
    """A flow diagram of some procedure steps in boxes joined by arrows."""
    steps = sorted(rng.sample(range(len(STEPS)), 4))
    shapes = []
    for column, step in enumerate(steps):
        x = 10 + column * 150
        shapes.append(
            f'  <rect x="{x}" y="20" width="130" height="40" rx="6" fill="#f4f1e8" '
            'stroke="#555"/>\n'
            f'  <text x="{x + 65}" y="44" font-size="10" text-anchor="middle">'
            f"{STEPS[step].en}</text>"
        )
        if column:
            shapes.append(f'  <path d="M{x - 20} 40 h14" stroke="#555" marker-end="url(#a)"/>')
    marker = (
        '  <defs><marker id="a" markerWidth="6" markerHeight="6" refX="5" refY="3" '
        'orient="auto"><path d="M0 0 L6 3 L0 6 z"/></marker></defs>'
    )
    return _svg(600, 80, "Procedure", [marker, *shapes])


def _svg(width: int, height: int, title: str, shapes: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img">\n  <title>{title}</title>\n'
        + "\n".join(shapes)
        + "\n</svg>\n"
    )


def write_media(folder: Path, rng: random.Random) -> None:
    """Write every file of :data:`MEDIA` into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for media in MEDIA:
        if media.name.endswith(".png"):
            (folder / media.name).write_bytes(bar_chart_png(rng))
        else:
            svg = map_svg(rng) if media.name.startswith("map") else flow_svg(rng)
            (folder / media.name).write_bytes(svg.encode())
