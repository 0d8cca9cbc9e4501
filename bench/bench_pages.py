"""Lighthouse as a benchmark of the site's pages on a phone (issue #20).

Builds the starter content (a copy of ``content/`` and ``wikipk.yml`` in ``bench/.work/pages``,
``wikipk build``), serves the built site on 127.0.0.1 (``site_builder.serve.make_server``, the
server of ``wikipk serve``, on a free port: no compression, as ``wikipk serve``) and runs
Lighthouse 12 (from npm, installed in ``bench/.work/node`` by ``scripts/setup-bench``) on one page
of each type, one page at a time, with Debian's Chromium (``CHROME_PATH=/usr/bin/chromium``,
``--headless=new --no-sandbox --disable-gpu``) in Lighthouse's default mode: mobile form factor,
simulated throttling (slow 4G, a 4× slower CPU). Categories performance, accessibility, best
practices and SEO.

For each page: the four scores, Largest Contentful Paint, Cumulative Layout Shift, Total
Blocking Time, and the bytes of a first visit (the ``network-requests`` audit: the sum of
``transferSize``, in all and without the requests of ``resourceType`` Image). The bytes of a
second page are computed, not measured (two Lighthouse runs share no cache): the page's
requests whose URL the home page did not already load (its HTML, and any stylesheet, script or
font the home page did not use; the site's assets have content-hashed names, so a browser keeps
them). ``--runs N`` runs every page N times, taking turns, and keeps the median of each figure.

The targets (from the issue): performance ≥ 98 and accessibility, best practices and SEO 100 on
every page type; a first visit to an English SOP at most 30 KB transferred before images; a
second page (the English SOP after the home page) at most 15 KB. The results replace the
"Pages on a phone" section of ``bench/README.md`` (``bench/pages_report.py``) and are saved under
``bench/.work/results/pages.json``; Lighthouse's own reports of the last run stay in
``bench/.work/pages/reports/``. A build or a Lighthouse run that fails or runs longer than
``--timeout`` stops the benchmark. This is a measurement, not a test. From the repository root::

    scripts/setup-bench                                  # once: Lighthouse in bench/.work/node
    .venv/bin/python bench/bench_pages.py                # every page type, one run each
    .venv/bin/python bench/bench_pages.py --runs 3 --pages home,sop-en,sop-ur
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pages_report
import pages_visit
import results

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
WORK = BENCH / ".work" / "pages"
REPORTS = WORK / "reports"
LIGHTHOUSE = BENCH / ".work" / "node" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = Path("/usr/bin/chromium")
WIKIPK = Path(sys.executable).parent / "wikipk"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
HOME = "home"

PAGES = {
    HOME: ("home page", "index.html"),
    "listing": ("type listing (SOPs)", "types/sop.html"),
    "sop-en": ("SOP, English", "docs/grievance-channel.html"),
    "sop-ur": ("SOP, Urdu", "docs/grievance-channel-ur.html"),
    "sop-ur-2": ("SOP, Urdu (tags)", "docs/fix-ten-broken-points-ur.html"),
    "guideline": ("guideline", "docs/procurement-integrity.html"),
    "case-study": ("case study", "docs/pakistan-nepal-rural-hub-exchange.html"),
    "premium": ("premium teaser", "docs/balochistan-cap-90-day-design.html"),
    "scorecard": ("scorecard report", "docs/nahar-bazar-2026.html"),
    "tehsil": ("tehsil overview", "scorecards/sample-district-nahar-2026.html"),
    "search": ("search page", "search.html"),
}
"""Every page type: its name in the tables and its path in the built starter site."""


@dataclasses.dataclass(frozen=True)
class Page:
    """What Lighthouse measured on one page (the median of the runs)."""

    key: str
    name: str
    path: str
    runs: int
    scores: dict[str, int]
    """Category -> score out of 100."""
    lcp_ms: float
    cls: float
    tbt_ms: float
    bytes_total: int
    bytes_before_images: int
    requests: dict[str, int]
    """URL path -> bytes transferred (the last run), for the second page."""
    font_bytes: int
    served_first: int = 0
    """The bytes the server sent for a first visit to the page in Playwright's Chromium (the
    service worker's own downloads included): ``bench/pages_visit.py``."""
    served_after_home: int | None = None
    """The same for the page opened right after the home page, in the same profile."""
    failing: list[str] = dataclasses.field(default_factory=list)
    """The audits of accessibility, best practices and SEO that cost the page points (any run)."""


def parse_pages(text: str) -> list[str]:
    """``home,sop-en`` -> ``["home", "sop-en"]``; stops on a page type it does not know."""
    keys = [part.strip() for part in text.split(",") if part.strip()]
    for key in keys:
        if key not in PAGES:
            raise argparse.ArgumentTypeError(f"'{key}' is none of {', '.join(PAGES)}")
    if not keys:
        raise argparse.ArgumentTypeError("no page given")
    return keys


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "--pages",
        type=parse_pages,
        default=list(PAGES),
        help=f"comma-separated page types (default all: {','.join(PAGES)})",
    )
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the median is kept")
    parser.add_argument(
        "--timeout", type=float, default=180, help="seconds one build or Lighthouse run may take"
    )
    parser.add_argument("--note", default="", help="a sentence added to the README section")
    parser.add_argument("--no-readme", action="store_true", help="do not update README.md")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


def build_site(timeout: float) -> Path:
    """A fresh copy of the starter content, built; the site's folder."""
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    shutil.copytree(REPO / "content", WORK / "content")
    shutil.copy2(REPO / "wikipk.yml", WORK / "wikipk.yml")
    command = [str(WIKIPK), "build", "--out", "_site"]
    done = subprocess.run(
        command, cwd=WORK, capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} (in {WORK}) exited {done.returncode}:\n{done.stderr}")
    print(done.stdout.strip().splitlines()[-1] if done.stdout.strip() else "built")
    site = WORK / "_site"
    missing = [path for _, path in PAGES.values() if not (site / path).is_file()]
    if missing:
        sys.exit(f"the built starter site has no {', '.join(missing)}: update PAGES")
    return site


@contextmanager
def served(site: Path) -> Iterator[tuple[str, pages_visit.Tally]]:
    """The site on 127.0.0.1, a free port, for as long as the block runs; its base URL and the
    count of the bytes it sends."""
    from site_builder.serve import make_server

    server = make_server(site, 0)
    tally = pages_visit.count_bytes(server)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", tally
    finally:
        server.shutdown()
        server.server_close()


def lighthouse(url: str, report: Path, timeout: float) -> dict[str, Any]:
    """One Lighthouse run on ``url``: its JSON report (also kept at ``report``). On a timeout,
    Lighthouse's process group and the Chromium it launched (found by a mark in its flags) are
    killed and the benchmark stops."""
    mark = f"--wikipk-bench={uuid.uuid4().hex}"  # Chromium ignores a switch it does not know
    command = [
        str(LIGHTHOUSE),
        url,
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags=--headless=new --no-sandbox --disable-gpu {mark}",
        "--quiet",
    ]
    env = {**os.environ, "CHROME_PATH": str(CHROMIUM)}
    process = subprocess.Popen(
        command,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        _kill_marked(mark)
        process.communicate()
        sys.exit(f"Lighthouse on {url} was stopped after {timeout:g} s")
    if process.returncode != 0:
        text = output.decode(errors="replace")[-3000:]
        sys.exit(f"Lighthouse on {url} exited {process.returncode}:\n{text}")
    found: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
    if found.get("runtimeError"):
        sys.exit(f"Lighthouse on {url}: {found['runtimeError']}")
    return found


def _kill_marked(mark: str) -> None:
    """Kill the processes (by id) whose command line carries ``mark``: the Chromium of one run."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if mark.encode() in (entry / "cmdline").read_bytes():
                os.kill(int(entry.name), signal.SIGKILL)
        except (OSError, ProcessLookupError):
            continue


def figures(key: str, reports: list[dict[str, Any]], base: str) -> Page:
    """One page's figures: the median over its runs' reports."""
    name, path = PAGES[key]

    def median(values: list[float]) -> float:
        return float(statistics.median(values))

    def audit(report: dict[str, Any], name: str) -> float:
        return float(report["audits"][name]["numericValue"])

    def items(report: dict[str, Any]) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = report["audits"]["network-requests"]["details"]["items"]
        return found

    def weigh(report: dict[str, Any], keep: str | None = None, drop: str | None = None) -> int:
        return sum(
            int(item.get("transferSize") or 0)
            for item in items(report)
            if (keep is None or item.get("resourceType") == keep)
            and (drop is None or item.get("resourceType") != drop)
        )

    last = reports[-1]
    requests: dict[str, int] = {}
    for item in items(last):
        url = str(item["url"]).removeprefix(base.rstrip("/"))
        requests[url] = requests.get(url, 0) + int(item.get("transferSize") or 0)
    return Page(
        key=key,
        name=name,
        path=path,
        runs=len(reports),
        scores={
            category: round(
                median([100 * float(report["categories"][category]["score"]) for report in reports])
            )
            for category in CATEGORIES
        },
        lcp_ms=median([audit(report, "largest-contentful-paint") for report in reports]),
        cls=median([audit(report, "cumulative-layout-shift") for report in reports]),
        tbt_ms=median([audit(report, "total-blocking-time") for report in reports]),
        bytes_total=round(median([weigh(report) for report in reports])),
        bytes_before_images=round(median([weigh(report, drop="Image") for report in reports])),
        requests=requests,
        font_bytes=round(median([weigh(report, keep="Font") for report in reports])),
        failing=sorted({audit for report in reports for audit in failing(report)}),
    )


def failing(report: dict[str, Any]) -> list[str]:
    """The weighted audits of accessibility, best practices and SEO short of a full score."""
    return [
        ref["id"]
        for category in CATEGORIES[1:]
        for ref in report["categories"][category]["auditRefs"]
        if ref["weight"] > 0 and report["audits"][ref["id"]]["score"] not in (None, 1)
    ]


def measure(keys: Sequence[str], runs: int, timeout: float) -> tuple[list[Page], str]:
    """Build, serve, and run Lighthouse on every page ``runs`` times, taking turns (one run at a
    time); the pages' figures and Lighthouse's version."""
    site = build_site(timeout)
    REPORTS.mkdir(parents=True, exist_ok=True)
    reports: dict[str, list[dict[str, Any]]] = {key: [] for key in keys}
    with served(site) as (base, tally):
        for number in range(1, runs + 1):
            for key in keys:
                report = lighthouse(base + PAGES[key][1], REPORTS / f"{key}.json", timeout)
                reports[key].append(report)
                scores = " ".join(
                    f"{category} {100 * float(report['categories'][category]['score']):.0f}"
                    for category in CATEGORIES
                )
                print(f"run {number}/{runs}, {key}: {scores}", flush=True)
        pages = [figures(key, reports[key], base) for key in keys]
        with pages_visit.browser() as chromium:
            for index, page in enumerate(pages):
                (first,) = pages_visit.visit(chromium, tally, base, page.path, None)
                after = None
                if page.key != HOME:
                    after = pages_visit.visit(chromium, tally, base, PAGES[HOME][1], page.path)[1]
                pages[index] = dataclasses.replace(
                    page, served_first=first, served_after_home=after
                )
    version = str(next(iter(reports.values()))[0]["lighthouseVersion"])
    return pages, version


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if not LIGHTHOUSE.exists() or not CHROMIUM.exists():
        sys.exit("Lighthouse or Chromium is missing: run scripts/setup-bench")
    started, load = time.time(), os.getloadavg()[0]
    pages, version = measure(args.pages, args.runs, args.timeout)
    about = pages_report.about((load, os.getloadavg()[0]), args.runs, version)
    rows = pages_report.targets(pages)
    for page in pages:
        print(pages_report.line(page, pages))
    for row in rows:
        print(f"{row.target}: {row.figure}: {'met' if row.met else 'not met'}")
    results.save(
        "pages", started, {"lighthouse": version, "pages": [dataclasses.asdict(p) for p in pages]}
    )
    if not args.no_readme:
        pages_report.update_readme(pages_report.render(pages, rows, about, args.note))
        print("updated bench/README.md (Pages on a phone)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
