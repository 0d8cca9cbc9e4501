"""Time two checkouts of wikipk against each other, command by command, in one run.

A restructure must not make wikipk slower. This runs the same commands with the wikipk of
checkout A and of checkout B (each put first on ``PYTHONPATH``) on their own copies of the
generated 1,000-document corpus (``bench/generate.py``, seed 1), taking turns so that the
machine's load falls on both alike, and reports the median of the rounds:

- ``wikipk check``, cold (no cache) and warm;
- ``wikipk build``, cold, with nothing changed and with one document changed;
- ``wikipk publish wiki`` to a fresh copy of a pristine dev wiki: first, nothing changed, one
  document changed;
- ``wikipk pull wiki --dry-run`` with nothing edited on the wiki.

The results replace the "A/B" section of ``bench/README.md``::

    .venv/bin/python bench/bench_ab.py --a /path/to/before --b . --label-a before --label-b after
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from generate import MARKER, generate
from readme_sections import replace_section

from sync.devwiki import instance as devwiki

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / "bench" / ".work" / "ab"
COUNT = 1000
CHANGED_LINE = "\nOne more sentence, for the benchmark.\n"
START, END = "<!-- bench_ab:start -->", "<!-- bench_ab:end -->"


def timed(code: Path, args: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    """Seconds one wikipk command of ``code`` takes; stops the benchmark when it fails."""
    run_env = dict(env or os.environ)
    run_env["PYTHONPATH"] = str(code)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "wikipk.cli", *args],
        cwd=cwd,
        env=run_env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"wikipk {' '.join(args)} ({code}) failed:\n{(done.stdout + done.stderr)[-3000:]}")
    return seconds


@contextlib.contextmanager
def changed(path: Path) -> Iterator[None]:
    """One more sentence at the end of a document, taken out again afterwards."""
    original = path.read_bytes()
    path.write_bytes(original + CHANGED_LINE.encode())
    try:
        yield
    finally:
        path.write_bytes(original)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((devwiki.HOST, 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def fresh_wiki(pristine: Path, name: str) -> Iterator[dict[str, str]]:
    """A fresh copy of the pristine dev wiki, running; the environment naming it."""
    target = WORK / name
    devwiki.stop(devwiki.instance(target))
    shutil.rmtree(target, ignore_errors=True)
    devwiki.clone(pristine, target)
    wiki, _ = devwiki.start(devwiki.instance(target, free_port()))
    credentials = devwiki.credentials(wiki)
    try:
        yield {
            **os.environ,
            "WIKIPK_WIKI_URL": wiki.url,
            "WIKIPK_WIKI_USER": credentials.bot_user,
            "WIKIPK_WIKI_PASSWORD": credentials.bot_password,
        }
    finally:
        devwiki.stop(wiki)


def one_round(code: Path, label: str, pristine: Path) -> dict[str, float]:
    corpus = WORK / f"corpus-{label}"
    one = sorted((corpus / "content").rglob("*.md"))[0]
    cache, out = corpus / ".wikipk", corpus / "_site"
    times: dict[str, float] = {}
    shutil.rmtree(cache, ignore_errors=True)
    times["check, cold"] = timed(code, ["check"], corpus)
    times["check, warm"] = timed(code, ["check"], corpus)
    shutil.rmtree(cache, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    times["build, cold"] = timed(code, ["build"], corpus)
    times["build, nothing changed"] = timed(code, ["build"], corpus)
    with changed(one):
        times["build, one changed"] = timed(code, ["build"], corpus)
    timed(code, ["build"], corpus)
    with fresh_wiki(pristine, f"wiki-{label}") as env:
        shutil.rmtree(cache, ignore_errors=True)
        times["publish wiki, first"] = timed(code, ["publish", "wiki"], corpus, env)
        times["publish wiki, nothing changed"] = timed(code, ["publish", "wiki"], corpus, env)
        with changed(one):
            times["publish wiki, one changed"] = timed(code, ["publish", "wiki"], corpus, env)
        timed(code, ["publish", "wiki"], corpus, env)
        times["pull wiki --dry-run, nothing edited"] = timed(
            code, ["pull", "wiki", "--dry-run"], corpus, env
        )
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--a", type=Path, required=True, help="checkout A (before)")
    parser.add_argument("--b", type=Path, default=REPO, help="checkout B (after)")
    parser.add_argument("--label-a", default="before")
    parser.add_argument("--label-b", default="after")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-readme", action="store_true")
    args = parser.parse_args()
    sides = {args.label_a: args.a.resolve(), args.label_b: args.b.resolve()}
    source = REPO / "bench" / "corpus" / str(COUNT)
    if not (source / MARKER).is_file():
        generate(COUNT, source, 1)
    WORK.mkdir(parents=True, exist_ok=True)
    pristine = devwiki.instance(WORK / "pristine")
    if not devwiki.exists(pristine):
        devwiki.create(pristine)
    for label in sides:
        shutil.rmtree(WORK / f"corpus-{label}", ignore_errors=True)
        shutil.copytree(source, WORK / f"corpus-{label}", ignore=shutil.ignore_patterns(".wikipk"))
    rounds: dict[str, list[dict[str, float]]] = {label: [] for label in sides}
    for number in range(args.rounds):
        order = list(sides) if number % 2 == 0 else list(reversed(sides))
        for label in order:
            rounds[label].append(one_round(sides[label], label, pristine.dir))
            print(f"round {number + 1}, {label}: done", flush=True)
    scenarios = list(rounds[args.label_a][0])
    median = {
        label: {s: statistics.median(r[s] for r in runs) for s in scenarios}
        for label, runs in rounds.items()
    }
    a, b = args.label_a, args.label_b
    lines = [
        START,
        f"## A/B: {a} and {b} (the same commands, taking turns)",
        "",
        f"{COUNT:,} generated documents (seed 1), median of {args.rounds} rounds, {date.today()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}. "
        "Made by `bench/bench_ab.py`.",
        "",
        f"| command | {a} (s) | {b} (s) | {b} / {a} |",
        "|---|---:|---:|---:|",
    ]
    for scenario in scenarios:
        before, after = median[a][scenario], median[b][scenario]
        lines.append(f"| {scenario} | {before:.2f} | {after:.2f} | {after / before:.2f} |")
    lines.append(END)
    section = "\n".join(lines) + "\n"
    print(section)
    if not args.no_readme:
        replace_section(START, END, section)


if __name__ == "__main__":
    main()
