"""Benchmark ``wikipk check`` end to end on generated knowledge bases.

Generates (or reuses) a corpus of ``--count`` documents and one of ``--small`` documents with
``bench/generate.py``, runs ``wikipk check --content <corpus>/content`` as a subprocess several
times per cache mode, and reports the best and median wall time, documents per second, the peak
memory and the exit code. The results replace the "wikipk check" section of ``bench/README.md``
and are saved for ``bench/bench_issue18.py`` (``bench/results.py``).

This is a measurement, not a test: it fails only when the checker does not exit 0, which means
the generator or the checker is wrong. Run it on a quiet machine::

    .venv/bin/python bench/bench_check.py
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import results as saved
from generate import MARKER, generate, stamp
from readme_sections import replace_section

BENCH = Path(__file__).resolve().parent
README = BENCH / "README.md"
START, END = "<!-- bench:check:start -->", "<!-- bench:check:end -->"
CACHE_DIR = ".wikipk"
"""Where ``wikipk check`` keeps its cache, under its working directory (the corpus folder)."""
INTRO = """# Benchmarks

Measurements of how wikipk performs on large generated knowledge bases. They are **not timed
tests**: nothing fails when a figure gets worse and CI does not run them; a benchmark stops with
an error only when the command it measures does not succeed. Run them by hand on a quiet
machine, from the repository root:

```sh
.venv/bin/python bench/bench_check.py            # wikipk check on 10,000 and 1,000 documents
.venv/bin/python bench/generate.py --count 10000 --out bench/corpus/10000   # just the corpus
```

`bench/generate.py` writes a deterministic, realistic knowledge base (English and Urdu SOPs,
guidelines, case studies and reports, with tables, lists, admonitions, footnotes, images and
links that all resolve) that `wikipk check` must find clean. Corpora go to `bench/corpus/`
(git-ignored) and are reused while the generator and its parameters are unchanged. Each
benchmark rewrites its own section below, between its markers.
"""


@dataclass(frozen=True)
class Run:
    """One run of the checker."""

    seconds: float
    """Wall time, from start to exit."""
    max_rss_kib: int
    """Peak resident memory of the largest process of the run (``ru_maxrss``)."""
    exit_code: int
    output: str
    """What the checker printed, stdout then stderr."""


@dataclass(frozen=True)
class Result:
    """Several runs of the checker on one corpus in one cache mode."""

    count: int
    mode: str
    runs: tuple[Run, ...]

    @property
    def best(self) -> float:
        """The shortest wall time, in seconds."""
        return min(run.seconds for run in self.runs)

    @property
    def median(self) -> float:
        """The median wall time, in seconds."""
        return statistics.median(run.seconds for run in self.runs)

    @property
    def peak_mib(self) -> float:
        """The highest peak memory of all runs, in MiB."""
        return max(run.max_rss_kib for run in self.runs) / 1024

    @property
    def exit_code(self) -> int:
        """The first non-zero exit code, or 0 when every run was clean."""
        return next((run.exit_code for run in self.runs if run.exit_code), 0)


def corpus_dir(count: int, seed: int) -> Path:
    """Where the corpus of ``count`` documents made with ``seed`` lives."""
    return BENCH / "corpus" / (str(count) if seed == 1 else f"{count}-seed{seed}")


def ensure_corpus(count: int, seed: int) -> Path:
    """Reuse the corpus if the same generator made it with the same parameters, else make it."""
    folder = corpus_dir(count, seed)
    marker = folder / MARKER
    if marker.exists() and json.loads(marker.read_text()) == stamp(count, seed):
        print(f"reusing {folder.relative_to(BENCH.parent)}")
        return folder
    started = time.perf_counter()
    generate(count, folder, seed)
    elapsed = time.perf_counter() - started
    print(f"generated {count} documents in {elapsed:.2f} s ({count / elapsed:,.0f} documents/s)")
    return folder


def checker_command() -> list[str]:
    """The ``wikipk`` console script next to this Python, or ``python -m wikipk.cli``."""
    script = Path(sys.executable).parent / "wikipk"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "wikipk.cli"]


def run_once(command: Sequence[str], cwd: Path) -> Run:
    """Run ``command`` in ``cwd`` and measure its wall time and peak memory.

    ``os.wait4`` gives this child's own resource usage (what ``RUSAGE_CHILDREN`` would add up
    over every child so far), so each run's peak memory is measured on its own.
    """
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        output = out.read().decode(errors="replace")
    return Run(seconds, usage.ru_maxrss, process.returncode, output)


def _drop_cache(corpus: Path) -> None:
    shutil.rmtree(corpus / CACHE_DIR, ignore_errors=True)


MODES: dict[str, tuple[tuple[str, ...], Callable[[Path], None]]] = {
    "no-cache": (("--no-cache",), lambda corpus: None),
    "cold": ((), _drop_cache),
    "warm": ((), lambda corpus: None),
}
"""Cache mode → extra arguments, and what to do before each run."""


def measure(corpus: Path, count: int, mode: str, runs: int) -> Result:
    """Run the checker ``runs`` times on ``corpus`` in one cache mode."""
    extra, before = MODES[mode]
    command = [*checker_command(), "check", "--content", str(corpus / "content"), *extra]
    if mode == "warm":
        run_once(command, corpus)  # fill the cache
    results = []
    for _ in range(runs):
        before(corpus)
        results.append(run_once(command, corpus))
    result = Result(count, mode, tuple(results))
    print(
        f"{count:>6} documents, {mode:<8}: best {result.best:.2f} s, median {result.median:.2f} s,"
        f" {count / result.best:,.0f} documents/s, peak {result.peak_mib:.0f} MiB,"
        f" exit {result.exit_code}"
    )
    return result


def machine(loads: tuple[float, float]) -> str:
    """Where and on what the figures were measured, in one line.

    Args:
        loads: the one-minute load average before and after the runs; other work on the
            machine skews the figures.
    """
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    version = run_once([*checker_command(), "--version"], BENCH).output.strip()
    git = shutil.which("git")
    commit = run_once([git, "rev-parse", "--short", "HEAD"], BENCH) if git else None
    parts = [
        date.today().isoformat(),
        f"{platform.system()} {platform.machine()}",
        f"nproc {cpus}",
        f"load average {loads[0]:.1f} before and {loads[1]:.1f} after the runs",
        f"Python {platform.python_version()}",
        version.replace(", version", "") or "wikipk",
    ]
    if commit and commit.exit_code == 0:
        parts.append(f"commit {commit.output.strip()}")
    return ", ".join(parts)


def _corpus_mib(count: int, seed: int) -> float:
    content = corpus_dir(count, seed) / "content"
    return sum(path.stat().st_size for path in content.rglob("*") if path.is_file()) / 2**20


def render_section(results: Sequence[Result], seed: int, about: str) -> str:
    """The README section, markers included."""
    rows = [
        f"| {r.count:,} ({_corpus_mib(r.count, seed):.0f} MiB) | {r.mode} | {len(r.runs)} "
        f"| {r.best:.2f} | {r.median:.2f} | {r.count / r.best:,.0f} | {r.peak_mib:.0f} "
        f"| {r.exit_code} |"
        for r in results
    ]
    return "\n".join(
        [
            START,
            "## wikipk check",
            "",
            f"`wikipk check --content <corpus>/content` as a subprocess, seed {seed}. "
            "Measured " + about + ".",
            "",
            "Cache modes: `no-cache` passes `--no-cache`; `cold` deletes `.wikipk/` before each "
            "run (a first run, which also writes the cache); `warm` reuses the cache of a run "
            "just before. Peak memory is the largest single process of a run (`ru_maxrss`).",
            "",
            "| documents | cache | runs | best (s) | median (s) | documents/s | peak RSS (MiB) "
            "| exit |",
            "|---:|---|---:|---:|---:|---:|---:|---:|",
            *rows,
            END,
        ]
    )


def update_readme(section: str) -> None:
    """Replace this benchmark's section of ``bench/README.md``, or add it."""
    replace_section(START, END, section, INTRO)


def _report_failure(result: Result) -> None:
    run = next(run for run in result.runs if run.exit_code)
    print(f"\nwikipk check exited {run.exit_code} on {result.count} documents ({result.mode}):")
    print("\n".join(run.output.splitlines()[:20]))


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--count", type=int, default=10_000, help="documents (default 10000)")
    parser.add_argument("--small", type=int, default=1_000, help="small corpus (0: none)")
    parser.add_argument("--runs", type=int, default=3, help="runs per corpus and mode")
    parser.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    parser.add_argument(
        "--modes", default="no-cache,cold,warm", help="comma-separated: no-cache, cold, warm"
    )
    parser.add_argument("--no-readme", action="store_true", help="do not update README.md")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Measure, print, and record the figures in ``bench/README.md`` when every run was clean."""
    args = parse_args(argv)
    modes = [mode.strip() for mode in args.modes.split(",") if mode.strip()]
    if unknown := set(modes) - set(MODES):
        print(f"unknown mode(s): {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    started, load_before = time.time(), os.getloadavg()[0]
    results = []
    for count in [args.count, args.small] if args.small else [args.count]:
        corpus = ensure_corpus(count, args.seed)
        results += [measure(corpus, count, mode, args.runs) for mode in modes]
    if failed := [result for result in results if result.exit_code]:
        _report_failure(failed[0])
        return 1
    figures = [
        {"count": r.count, "mode": r.mode, "runs": len(r.runs), "best": r.best}
        | {"median": r.median, "peak_mib": r.peak_mib}
        for r in results
    ]
    saved.save("check", started, {"results": figures})
    if not args.no_readme:
        about = machine((load_before, os.getloadavg()[0]))
        update_readme(render_section(results, args.seed, about))
        print(f"updated {README.relative_to(BENCH.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
