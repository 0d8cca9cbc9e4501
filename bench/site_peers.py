"""The static-site generators ``bench/bench_site.py`` times wikipk against, on the same corpus.

Hugo (Debian's ``hugo``, a minimal theme), MkDocs and Material for MkDocs (automatic navigation,
their default search plugin) and Zensical (the successor of Material for MkDocs, building the
same content from an ``mkdocs.yml``, its own search included). Each full build is checked: the
site must hold a page for every document, or the benchmark stops.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
WORK = BENCH / ".work" / "site"
VENV_BIN = Path(sys.executable).parent

MKDOCS, MATERIAL, ZENSICAL = "MkDocs", "Material for MkDocs", "Zensical"
PEERS = (MKDOCS, MATERIAL, ZENSICAL)
"""The MkDocs family, in the order they run (each measured up to its own largest size)."""


@dataclass(frozen=True)
class Run:
    """One measured command."""

    tool: str
    scenario: str
    count: int
    seconds: float
    peak_kib: int
    """Peak resident memory of the largest process of the run (``ru_maxrss``)."""
    cpu: float = 0.0
    """User plus system CPU seconds of the run, its child processes included: on a shared
    machine a steadier measure of the work done than the wall time."""
    estimated: bool = False
    """True when extrapolated rather than measured."""


def run(command: Sequence[str], cwd: Path) -> tuple[float, int, float]:
    """Run a command; its wall time, peak memory and CPU time. Stops the benchmark if it
    fails."""
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status) != 0:
            out.seek(0)
            sys.exit(f"{' '.join(command)} failed:\n{out.read().decode(errors='replace')[-3000:]}")
    return seconds, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def hugo(corpus: Path, count: int) -> Run:
    """Hugo's full build of the same content, with a minimal theme."""
    site = WORK / f"hugo-{count}"
    layouts = site / "layouts" / "_default"
    layouts.mkdir(parents=True, exist_ok=True)
    page = "<!doctype html><html><head><title>{{ .Title }}</title></head><body>{}</body></html>"
    (layouts / "single.html").write_text(page.replace("{}", "<h1>{{ .Title }}</h1>{{ .Content }}"))
    (layouts / "list.html").write_text(
        page.replace(
            "{}",
            "{{ range .Paginator.Pages }}<a href='{{ .RelPermalink }}'>{{ .Title }}</a>{{ end }}",
        )
    )
    (site / "config.toml").write_text(
        f'baseURL = "https://example.org/"\ntitle = "bench"\ncontentDir = "{corpus / "content"}"\n'
        'paginate = 50\ndisableKinds = ["RSS"]\n[markup.goldmark.renderer]\nunsafe = false\n'
    )
    out = site / "public"
    shutil.rmtree(out, ignore_errors=True)
    seconds, peak, cpu = run(
        ["hugo", "--quiet", "--source", str(site), "--destination", str(out)], site
    )
    return Run("Hugo", "full, no search", count, seconds, peak, cpu)


def mkdocs(corpus: Path, count: int, theme: str) -> Run:
    """MkDocs with automatic navigation (no ``nav``), default plugins, in one theme."""
    site = WORK / f"mkdocs-{theme}-{count}"
    site.mkdir(parents=True, exist_ok=True)
    config = site / "mkdocs.yml"
    config.write_text(
        f"site_name: bench\ndocs_dir: {corpus / 'content'}\nsite_dir: {site / 'site'}\n"
        f"theme:\n  name: {theme}\n"
    )
    shutil.rmtree(site / "site", ignore_errors=True)
    command = [str(VENV_BIN / "mkdocs"), "build", "-q", "-f", str(config)]
    seconds, peak, cpu = run(command, site)
    check_pages(corpus, site / "site", MKDOCS if theme == "mkdocs" else MATERIAL)
    return Run(MKDOCS if theme == "mkdocs" else MATERIAL, "full", count, seconds, peak, cpu)


def zensical(corpus: Path, count: int) -> Run:
    """Zensical's full build (``zensical build --clean``, its cache cleared first) from an
    ``mkdocs.yml`` without ``nav`` (automatic navigation), its default theme and search.

    Zensical wants ``docs_dir`` inside the folder of its configuration file (an absolute path
    or a symbolic link elsewhere is refused: "docs_dir must be within project root"), so the
    file sits beside the corpus folders, in :data:`WORK`, and names ``corpus-N/content``; its
    cache (``.cache``) lands there too and ``--clean`` empties it before every build.
    """
    config = WORK / f"zensical-{count}.yml"
    site = WORK / f"zensical-{count}" / "site"
    config.write_text(
        f"site_name: bench\ndocs_dir: {corpus.relative_to(WORK) / 'content'}\n"
        f"site_dir: {site.relative_to(WORK)}\n"
    )
    shutil.rmtree(site, ignore_errors=True)
    command = [str(VENV_BIN / "zensical"), "build", "--clean", "-f", str(config)]
    seconds, peak, cpu = run(command, WORK)
    check_pages(corpus, site, ZENSICAL)
    return Run(ZENSICAL, "full", count, seconds, peak, cpu)


def check_pages(corpus: Path, site: Path, tool: str) -> None:
    """Stop the benchmark unless ``site`` holds a page for every document of the corpus
    (``a/b.md`` as ``a/b/index.html`` with directory URLs, or ``a/b.html``)."""
    content = corpus / "content"
    missing = [
        doc.relative_to(content)
        for doc in content.rglob("*.md")
        if not (site / doc.relative_to(content).with_suffix("") / "index.html").is_file()
        and not (site / doc.relative_to(content).with_suffix(".html")).is_file()
    ]
    if missing:
        shown = ", ".join(str(path) for path in missing[:5])
        sys.exit(f"{tool} built no page for {len(missing):,} documents, such as {shown}")


def extrapolate(measured: list[Run], count: int) -> Run:
    """``t = a·n + b·n²`` through the two largest measured sizes."""
    (n1, t1), (n2, t2) = [(r.count, r.seconds) for r in measured[-2:]]
    b = (t2 / n2 - t1 / n1) / (n2 - n1)
    a = t1 / n1 - b * n1
    return Run(measured[-1].tool, "full", count, a * count + b * count * count, 0, estimated=True)


def peer_build(tool: str) -> Callable[[Path, int], Run]:
    """The full build of one of :data:`PEERS`."""
    if tool == ZENSICAL:
        return zensical
    theme = "mkdocs" if tool == MKDOCS else "material"
    return lambda corpus, count: mkdocs(corpus, count, theme)


def competitors(
    sizes: list[int],
    corpora: dict[int, Path],
    largest: dict[str, int],
    corpus: Callable[[int], Path],
) -> list[Run]:
    """The MkDocs family, each measured up to its ``largest`` size (and at half of it, for the
    extrapolation), then extrapolated to the larger ``sizes``.

    Args:
        sizes: the sizes of the benchmark.
        corpora: the corpora made so far, by size; the extra sizes are added.
        largest: the largest size each of :data:`PEERS` is run on.
        corpus: makes (or reuses) the corpus of a size.
    """
    runs: list[Run] = []
    for tool in PEERS:
        most = largest[tool]
        points = sorted({c for c in sizes if c <= most} | {most, most // 2})
        for count in points:
            corpora.setdefault(count, corpus(count))
        measured = []
        for count in points:
            measured.append(peer_build(tool)(corpora[count], count))
            print(f"{tool}, {count}: {measured[-1].seconds:.1f} s", flush=True)
        runs += measured
        runs += [extrapolate(measured, c) for c in sizes if c > most]
    for item in runs:
        if item.estimated:
            print(f"{item.tool}, {item.count}: {item.seconds:.1f} s (estimated)", flush=True)
    return runs
