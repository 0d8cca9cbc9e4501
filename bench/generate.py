"""Generate a deterministic, realistic and valid knowledge base for benchmarks.

The corpus follows the document contract: YAML front matter, the required sections of each
type, Urdu documents with explicit heading ids, and links, anchors and images that all resolve,
so ``wikipk check`` should find it clean. The same count and seed always give byte-identical
files. Only the standard library is used, so the generator runs anywhere::

    python bench/generate.py --count 10000 --out bench/corpus/10000 --seed 1

Other benchmarks run as scripts from ``bench/`` and ``from generate import generate``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from kbgen.body import MAX_BODY_BYTES, BodyWriter
from kbgen.front_matter import front_matter
from kbgen.media import write_media
from kbgen.planning import FOLDERS, Corpus, DocPlan, plan

MARKER = "corpus.json"
"""Written into OUT: the parameters a corpus was made with (``complete`` false while writing)."""
FORMAT = 1
"""Bumped by hand when the output changes in a way the source hash would not show."""


def render_document(corpus: Corpus, doc: DocPlan, rng: random.Random) -> str:
    """The full text of one document: front matter, a blank line, the body."""
    version = f"{rng.randint(1, 3)}.{rng.randrange(10)}"
    head = front_matter(doc, rng, version)
    for _ in range(20):  # a rare draw comes out too long: draw again, deterministically
        body = BodyWriter(rng, corpus, doc, version).write()
        if len(body.encode()) <= MAX_BODY_BYTES:
            break
    return head + "\n" + body


def stamp(count: int, seed: int) -> dict[str, object]:
    """What a finished corpus records in its marker: equal stamps mean equal corpora."""
    here = Path(__file__).resolve().parent
    source = hashlib.sha256()
    for path in [here / "generate.py", *sorted((here / "kbgen").glob("*.py"))]:
        source.update(path.read_bytes())
    return {"count": count, "seed": seed, "format": FORMAT, "generator_sha256": source.hexdigest()}


def _prepare(out: Path) -> Path:
    """Empty OUT's content folder if this generator made it; refuse to touch anything else."""
    content, marker = out / "content", out / MARKER
    if marker.exists():
        shutil.rmtree(content, ignore_errors=True)
        marker.unlink()
    elif content.exists() and any(content.iterdir()):
        raise FileExistsError(f"{content} was not made by bench/generate.py; choose another --out")
    content.mkdir(parents=True, exist_ok=True)
    return content


def generate(count: int, out: Path, seed: int = 1) -> None:
    """Write a knowledge base of ``count`` documents into ``out/content``.

    Args:
        count: number of Markdown documents (at least 1).
        out: the corpus folder; ``out/content`` is replaced if this generator made it.
        seed: seed of the random generator; the same count and seed give byte-identical files.

    Raises:
        ValueError: if ``count`` is less than 1.
        FileExistsError: if ``out/content`` holds files this generator did not write.
    """
    if count < 1:
        raise ValueError(f"count must be at least 1, got {count}")
    content = _prepare(out)
    (out / MARKER).write_text(json.dumps({"complete": False}) + "\n")
    rng = random.Random(seed)
    write_media(content / "media", rng)
    corpus = plan(count, rng)
    for folder in FOLDERS.values():
        (content / folder).mkdir(exist_ok=True)
    for doc in corpus.docs:
        (content / doc.path).write_bytes(render_document(corpus, doc, rng).encode())
    (out / MARKER).write_text(json.dumps(stamp(count, seed), indent=2) + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``generate.py --count N --out DIR [--seed S]``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--count", type=int, default=1000, help="documents to write")
    parser.add_argument("--out", type=Path, required=True, help="corpus folder (gets content/)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        generate(args.count, args.out, args.seed)
    except (ValueError, FileExistsError) as error:
        parser.error(str(error))
    elapsed = time.perf_counter() - started
    print(
        f"wrote {args.count} documents to {args.out / 'content'} in {elapsed:.2f} s "
        f"({args.count / elapsed:,.0f} documents/s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
