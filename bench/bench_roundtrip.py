"""Benchmark the round trip Markdown -> wikitext -> Markdown that ``wikipk pull wiki`` relies on.

For ``content/`` and a generated corpus (``--count`` documents, 1,000 by default, made or reused
like the other benchmarks), every public document is rendered to its wiki page
(``sync.wiki.render.page.render_page``) and read back (``sync.wiki.pull.reader.read_page``). Each is
counted once, in the first class it fits: the body comes back exactly; it renders to the same
HTML (``wikipk.markdown.render_html``); it renders to the same wikitext; neither. Speed is the
reading alone, in documents per second (best of ``--runs``). The results replace the "round
trip" section of ``bench/README.md``. A measurement, not a test::

    .venv/bin/python bench/bench_roundtrip.py
"""

from __future__ import annotations

import argparse
import difflib
import os
import platform
import re
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from bench_check import corpus_dir, ensure_corpus
from readme_sections import replace_section

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))

from sync.wiki.corpus import Corpus  # noqa: E402
from sync.wiki.pull.reader import read_page  # noqa: E402
from sync.wiki.render.page import render_page  # noqa: E402
from wikipk.config import load_config  # noqa: E402
from wikipk.loading import load_knowledge_base  # noqa: E402
from wikipk.markdown import parse, render_html  # noqa: E402
from wikipk.model import Document  # noqa: E402

SCENARIOS = BENCH.parent / "tests" / "data" / "wikitext"
"""Documents written to be awkward for the wiki (the wikitext fidelity tests' scenarios)."""
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
    styles: Counter[str]
    """How many documents that are not exact each style accounts for."""
    premium: int
    """Premium documents left out (their page is a teaser, without the body)."""


#: Ways the generator writes Markdown that content/ does not, each as a rewrite of both texts
#: after which they are equal if that was the only difference.
STYLES = {
    "links into its own folder as ../folder/x.md": (
        re.compile(r"\]\(\.\./(?:sops|guidelines|case-studies|reports)/"),
        "](",
    ),
    "nested items numbered 1.": (re.compile(r"^(\s*)\d+\. ", re.MULTILINE), r"\g<1>N. "),
    "code fence language": (re.compile(r"^(\s*)```\S+$", re.MULTILINE), r"\g<1>```"),
}


def _differing_lines(a: str, b: str) -> int:
    return sum(1 for line in difflib.ndiff(a.splitlines(), b.splitlines()) if line[:1] in "+-")


def style_differences(doc: Document, body: str) -> tuple[str, ...]:
    """The generator's styles that account for a body that did not come back exactly: each
    style whose rewrite (of the source and of what was read) leaves fewer lines differing."""
    source, found = doc.body, []
    for name, (pattern, replacement) in STYLES.items():
        rewritten, read = pattern.sub(replacement, source), pattern.sub(replacement, body)
        if _differing_lines(rewritten, read) < _differing_lines(source, body):
            found.append(name)
            source, body = rewritten, read
    return tuple(found) if source == body else (*found, "something else")


def classify(doc: Document, wikitext: str, body: str, corpus: Corpus) -> str:
    """Which class a document's round trip falls in."""
    if body == doc.body:
        return "exact"
    if render_html(parse(body)) == render_html(doc.tree):
        return "same HTML"
    again = replace(doc, body=body, parsed=tuple(parse(body)))
    return "same wikitext" if render_page(again, corpus) == wikitext else "different"


def measure(name: str, folder: Path, runs: int, blind: bool = False) -> Result:
    """Render, read back and classify every public document of a knowledge base.

    Args:
        name: The corpus as the table names it.
        folder: The knowledge base (with ``content/``), or a content folder of the repository.
        runs: How many times to read every page (the best time counts).
        blind: Read each page with a document that has no body, so the reader cannot reuse
            the document's own spellings (link paths, code languages, list numbering).
    """
    content = folder / "content" if (folder / "content").is_dir() else folder
    config = load_config(BENCH.parent if content == folder else folder, content)
    knowledge = load_knowledge_base(config)
    corpus = Corpus.of_knowledge_base(knowledge, config.languages)
    documents = [doc for doc in knowledge.documents if not doc.is_premium]
    pages = [render_page(doc, corpus) for doc in documents]
    readers = [replace(doc, body="", parsed=()) if blind else doc for doc in documents]
    best = float("inf")
    bodies: list[str] = []
    for _ in range(runs):
        started = time.perf_counter()
        bodies = [
            read_page(page, doc, corpus).body for page, doc in zip(pages, readers, strict=True)
        ]
        best = min(best, time.perf_counter() - started)
    classes: Counter[str] = Counter()
    examples: dict[str, str] = {}
    styles: Counter[str] = Counter()
    for doc, page, body in zip(documents, pages, bodies, strict=True):
        kind = classify(doc, page, body, corpus)
        classes[kind] += 1
        examples.setdefault(kind, str(doc.path))
        if kind != "exact":
            styles.update(style_differences(doc, body))
    premium = len(knowledge.documents) - len(documents)
    return Result(name, len(documents), classes, best, examples, styles, premium)


def render_section(results: Sequence[Result], about: str) -> str:
    """The README section."""
    lines = [
        START,
        "## Round trip (wiki page back to Markdown)",
        "",
        f"Measured {about}. Each public document is rendered to its wiki page and read back "
        "with `sync.wiki.pull.reader.read_page`; it counts in the first class it fits: the body "
        "comes back byte for byte (exact), it renders to the same HTML with wikipk's Markdown "
        "parser, it renders to the same wikitext, or none of these. Speed is reading the pages "
        "alone (best of the runs), in one process. Premium documents are left out (their page "
        "is a teaser without the body): "
        + ", ".join(f"{r.premium} in {r.name}" for r in results if "blind" not in r.name)
        + ".",
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
        "The reader is given the page's current document (as `wikipk pull wiki` does): where "
        "the wiki cannot say how the Markdown was spelled, it writes what the document writes "
        "for the same thing: the address (and title) of a link to a document, file or site it "
        "already links to (`x.md` or `../sops/x.md`; the spelling it uses most for that "
        "target), the language of a code block with the same code (the "
        "wiki's `<pre>` keeps none), and how ordered lists are numbered at each depth (`1.`, "
        "`2.` or `1.`, `1.`). 'Blind' rows read each page with a document without a body, so "
        "the reader writes content/'s style only. Why blind reads did not come back exactly (a "
        "document may have several reasons; counted by rewriting the source and the Markdown "
        "read back the same way and seeing fewer lines differ; the generator writes nested "
        "items all as `1.`, same-folder links as `../folder/x.md` and code with a language):",
        "",
        "| corpus | reason | documents |",
        "|---|---|---:|",
        *(
            f"| {result.name} | {reason} | {count:,} |"
            for result in results
            if result.name.startswith("generated") and result.name.endswith("blind")
            for reason, count in sorted(result.styles.items())
        ),
        "",
        "Numbering changes neither the site's HTML nor the wikitext; a link's path changes the "
        "HTML (the `href`) but not the wikitext; a code language changes the HTML "
        '(`class="language-csv"`) but not the wikitext.',
        "",
        "`tests/data/wikitext` holds the documents the wiki fidelity tests render, written to be "
        "awkward (hostile text, every list, link, heading and table form). What does not come "
        "back exactly is written in a form the wikitext cannot tell from another: a paragraph "
        "on several lines, setext headings, reference links, named footnotes (`[^note]`), "
        "`_`/`__` emphasis, `*` and `+` bullets, escapes Markdown does not need, `&#13;` (the "
        "wiki's is `&#10;`); a loose list (its wikitext is `*` lines, without paragraphs) "
        "renders the same wikitext but not the same HTML.",
        END,
    ]
    return "\n".join(lines)


def update_readme(section: str) -> None:
    """Replace this benchmark's section of ``bench/README.md``, or add it."""
    replace_section(START, END, section)


def main(argv: Sequence[str] | None = None) -> int:
    """Measure content/ and the generated corpus; write the README section."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-readme", action="store_true", help="print, do not write")
    args = parser.parse_args(argv)
    load = os.getloadavg()[0]
    results = [
        measure("content/", BENCH.parent, args.runs),
        measure("content/, blind", BENCH.parent, args.runs, blind=True),
        measure("tests/data/wikitext", SCENARIOS, args.runs),
    ]
    ensure_corpus(args.count, args.seed)
    results.append(
        measure(f"generated, seed {args.seed}", corpus_dir(args.count, args.seed), args.runs)
    )
    results.append(
        measure(
            f"generated, seed {args.seed}, blind",
            corpus_dir(args.count, args.seed),
            args.runs,
            blind=True,
        )
    )
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    about = (
        f"{date.today().isoformat()}, {platform.system()} {platform.machine()}, nproc {cpus}, "
        f"load average {load:.1f} before and {os.getloadavg()[0]:.1f} after the runs, "
        f"Python {platform.python_version()}"
    )
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    )
    if commit.returncode == 0:
        about += f", commit {commit.stdout.strip()}"
    section = render_section(results, about)
    print(section)
    for result in results:
        print(result.name, dict(result.classes), result.examples)
    if not args.no_readme:
        update_readme(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
