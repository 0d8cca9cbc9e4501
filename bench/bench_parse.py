"""The parse alone: wikipk's parser beside markdown-it-py (the parser before #18) and bare pyromark.

For every document body of the generated corpus (``bench/generate.py``, seed 1), in one process,
taking turns (each round runs every contender once over all bodies, in a new order), the median
CPU time per document of:

- ``wikipk``: ``wikipk.markdown.parse`` (pyromark's events into the project's tree: boxes,
  heading ids, footnotes, links made safe), then the same with the core's HTML renderer;
- ``markdown-it-py``: markdown-it-py with the plugins wikipk used before #18 (footnotes,
  admonitions, anchors, heading ids), its token stream, then with its HTML renderer;
- ``pyromark``: pulldown-cmark's events with source ranges, iterated (the floor a Python tree
  built from them cannot go below), then its own HTML.

The results replace the "parse" section of ``bench/README.md``. A measurement, not a test::

    .venv/bin/python bench/bench_parse.py                 # 1,000 documents, 7 rounds
    .venv/bin/python bench/bench_parse.py --count 200 --rounds 3
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import re
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pyromark
from generate import MARKER, generate, stamp
from readme_sections import replace_section

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))

from wikipk.markdown import parse, render_html  # noqa: E402
from wikipk.markdown.parsing import OPTIONS  # noqa: E402

START, END = "<!-- bench:parse:start -->", "<!-- bench:parse:end -->"
_FRONT = re.compile(r"\A---\n.*?\n---\n", re.S)


def bodies(count: int) -> list[str]:
    """The bodies (front matter removed) of the corpus of ``count`` documents."""
    corpus = BENCH / "corpus" / str(count)
    marker = corpus / MARKER
    if not (marker.exists() and json.loads(marker.read_text()) == stamp(count, 1)):
        generate(count, corpus, 1)
    return [
        _FRONT.sub("", path.read_text("utf-8"))
        for path in sorted((corpus / "content").rglob("*.md"))
    ]


def markdown_it() -> tuple[Callable[[str], Any], Callable[[str], str]] | None:
    """markdown-it-py configured as wikipk's parser was before #18 (None if not installed)."""
    try:
        from markdown_it import MarkdownIt
        from mdit_py_plugins.admon import admon_plugin
        from mdit_py_plugins.anchors import anchors_plugin
        from mdit_py_plugins.footnote import footnote_plugin
    except ImportError:
        return None
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.disable(["html_block", "html_inline"])
    md.use(footnote_plugin).use(admon_plugin).use(anchors_plugin, min_level=1, max_level=6)
    return md.parse, md.render


def _iterate(body: str) -> None:
    for _event, where in pyromark.events_with_range(body, options=OPTIONS):
        where["start"]


def contenders() -> dict[str, Callable[[str], object]]:
    """Name -> what it runs on one body."""
    found: dict[str, Callable[[str], object]] = {
        "wikipk: parse into the tree": parse,
        "wikipk: parse and HTML": lambda body: render_html(parse(body)),
        "pyromark: events with ranges, iterated": _iterate,
        "pyromark: HTML": lambda body: pyromark.html(body, options=OPTIONS),
    }
    peer = markdown_it()
    if peer is not None:
        tokens, html = peer
        found["markdown-it-py: parse (tokens)"] = tokens
        found["markdown-it-py: parse and HTML"] = html
    return found


def measure(texts: list[str], rounds: int) -> dict[str, list[float]]:
    """CPU seconds per document of each contender, one figure per round."""
    runs = contenders()
    times: dict[str, list[float]] = {name: [] for name in runs}
    order = list(runs)
    for _ in range(rounds):
        random.shuffle(order)
        for name in order:
            work = runs[name]
            start = time.process_time()
            for text in texts:
                work(text)
            times[name].append((time.process_time() - start) / len(texts))
    return times


def render(times: dict[str, list[float]], count: int, rounds: int) -> str:
    base = statistics.median(times["wikipk: parse into the tree"])
    lines = [
        "## The parse (one process)",
        "",
        f"Measured {date.today().isoformat()} on {platform.system()} {platform.machine()}, "
        f"Python {platform.python_version()}: every body of the {count:,}-document corpus "
        f"(seed 1), {rounds} rounds taking turns, median CPU time per document. Relative: "
        "how many times wikipk's parse the contender takes.",
        "",
        "| contender | per document (ms) | relative |",
        "|---|---:|---:|",
    ]
    for name, figures in sorted(times.items(), key=lambda item: statistics.median(item[1])):
        median = statistics.median(figures)
        lines.append(f"| {name} | {median * 1000:.3f} | {median / base:.2f} |")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000, help="documents (default 1000)")
    parser.add_argument("--rounds", type=int, default=7, help="rounds (default 7)")
    parser.add_argument("--no-readme", action="store_true", help="do not update README.md")
    args = parser.parse_args(argv)
    texts = bodies(args.count)
    section = render(measure(texts, args.rounds), args.count, args.rounds)
    print(section)
    if not args.no_readme:
        replace_section(START, END, f"{START}\n{section}{END}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
