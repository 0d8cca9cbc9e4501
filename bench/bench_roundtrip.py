"""Benchmark the round trip Markdown -> wikitext -> Markdown that ``wikipk pull wiki`` relies on.

For ``content/`` and a generated corpus (``--count`` documents, 1,000 by default, made or reused
like the other benchmarks), every public document is rendered to its wiki page
(``sync.wiki_pages.render_page``) and read back (``sync.wiki_pull.reader.read_page``). Each is
counted once, in the first class it fits: the body comes back exactly; it renders to the same
HTML (``wikipk.markdown.render_html``); it renders to the same wikitext; neither. Speed is the
reading alone, in documents per second (best of ``--runs``). The results replace the "round
trip" section of ``bench/README.md``. A measurement, not a test::

    .venv/bin/python bench/bench_roundtrip.py
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from bench_check import corpus_dir, ensure_corpus

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))

from sync.wiki_corpus import Corpus  # noqa: E402
from sync.wiki_pages import render_page  # noqa: E402
from sync.wiki_pull.reader import read_page  # noqa: E402
from wikipk.config import load_config  # noqa: E402
from wikipk.loading import load_knowledge_base  # noqa: E402
from wikipk.markdown import parse, render_html  # noqa: E402
from wikipk.model import Document  # noqa: E402

README = BENCH / "README.md"
START, END = "<!-- bench:roundtrip:start -->", "<!-- bench:roundtrip:end -->"
CLASSES = ("exact", "same HTML", "same wikitext", "different")


@dataclass(frozen=True)
class Result:
    """The round trip of one corpus."""

    name: str
    documents: int
    classes: Counter[str]
    seconds: float
    """Best time to read every page back."""
    examples: dict[str, str]
    """One document path per class that is not exact."""


def classify(doc: Document, wikitext: str, body: str, corpus: Corpus) -> str:
    """Which class a document's round trip falls in."""
    if body == doc.body:
        return "exact"
    if render_html(parse(body)) == render_html(list(doc.tokens)):
        return "same HTML"
    again = replace(doc, body=body, parsed=tuple(parse(body)))
    return "same wikitext" if render_page(again, corpus) == wikitext else "different"


def measure(name: str, folder: Path, runs: int) -> Result:
    """Render, read back and classify every public document of a knowledge base."""
    config = load_config(folder, folder / "content")
    knowledge = load_knowledge_base(config)
    corpus = Corpus.of_knowledge_base(knowledge, config.languages)
    documents = [doc for doc in knowledge.documents if not doc.is_premium]
    pages = [render_page(doc, corpus) for doc in documents]
    best = float("inf")
    bodies: list[str] = []
    for _ in range(runs):
        started = time.perf_counter()
        bodies = [read_page(page, doc, corpus).body for page, doc in zip(pages, documents)]
        best = min(best, time.perf_counter() - started)
    classes: Counter[str] = Counter()
    examples: dict[str, str] = {}
    for doc, page, body in zip(documents, pages, bodies, strict=True):
        kind = classify(doc, page, body, corpus)
        classes[kind] += 1
        examples.setdefault(kind, str(doc.path))
    return Result(name, len(documents), classes, best, examples)


def render_section(results: Sequence[Result], about: str) -> str:
    """The README section."""
    lines = [
        START,
        "## Round trip (wiki page back to Markdown)",
        "",
        f"Measured {about}. Each public document is rendered to its wiki page and read back "
        "with `sync.wiki_pull.reader.read_page`; it counts in the first class it fits: the body "
        "comes back byte for byte (exact), it renders to the same HTML with wikipk's Markdown "
        "parser, it renders to the same wikitext, or none of these. Speed is reading the pages "
        "alone (best of the runs), in one process.",
        "",
        "| corpus | documents | exact | same HTML | same wikitext | different | read (s) | "
        "documents/s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for result in results:
        shares = [
            f"{result.classes[c]} ({100 * result.classes[c] / result.documents:.1f} %)"
            for c in CLASSES
        ]
        lines.append(
            f"| {result.name} | {result.documents:,} | {' | '.join(shares)} | "
            f"{result.seconds:.2f} | {result.documents / result.seconds:,.0f} |"
        )
    lines += [
        "",
        "Why the generated corpus is not exact: it writes every nested ordered item as `1.` "
        "(content/ numbers them 1., 2., 3., which the reader writes), links to documents of its "
        "own folder as `../folder/x.md` (the reader writes `x.md`, the path content/ uses), and "
        "gives fenced code a language (`` ```csv ``), which the wiki's `<pre>` does not keep. "
        "The first two render to the same wikitext; the language changes the site's HTML "
        "(`class=\"language-csv\"`), so those documents are 'same wikitext', not 'same HTML'.",
        END,
    ]
    return "\n".join(lines)


def update_readme(section: str) -> None:
    """Replace this benchmark's section of ``bench/README.md``, or add it."""
    text = README.read_text(encoding="utf-8")
    if START in text and END in text:
        head, rest = text.split(START, 1)
        text = head + section + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    README.write_text(text, encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    """Measure content/ and the generated corpus; write the README section."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-readme", action="store_true", help="print, do not write")
    args = parser.parse_args(argv)
    load = os.getloadavg()[0]
    results = [measure("content/", BENCH.parent, args.runs)]
    ensure_corpus(args.count, args.seed)
    results.append(measure(f"generated, seed {args.seed}", corpus_dir(args.count, args.seed), args.runs))
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    about = (
        f"{date.today().isoformat()}, {platform.system()} {platform.machine()}, nproc {cpus}, "
        f"load average {load:.1f} before and {os.getloadavg()[0]:.1f} after the runs, "
        f"Python {platform.python_version()}"
    )
    section = render_section(results, about)
    print(section)
    for result in results:
        print(result.name, dict(result.classes), result.examples)
    if not args.no_readme:
        update_readme(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
