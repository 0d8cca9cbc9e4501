"""Benchmark ``wikipk publish wiki`` against Pywikibot's ``pagefromfile`` on the dev wiki.

On one generated corpus (``bench/generate.py``, seed 1) this measures wikipk's first publish,
a publish with nothing changed and a publish with one document changed, to a fresh copy of a
pristine dev wiki (``sync/devwiki/instance.py``). Side by side, in the same run, Pywikibot's
``pagefromfile`` script publishes the very same wikitext (rendered by wikipk's own renderer) to
another fresh copy of that wiki, with every throttle off: a first run, a rerun with ``-force``
(which fetches every page and saves only those whose text differs), a rerun without it (which
skips every page that exists) and a run with the same document changed. The first publishes
are made in several rounds (each on new copies, the two tools taking turns to go first), since
the machine is shared; the targets use the best round of each tool.

API requests are counted on the server side: each copy of the wiki is served through a router
that logs one line per request (time, action, what a query asks for) before handing it to the
devwiki router. Edits are the revisions the wiki holds after a run minus before it, read through
the API. Neither tool is instrumented. Pywikibot lives in its own virtual environment under
``bench/.work/wiki``, made by this script when missing. The results replace the "wikipk publish
wiki" section of ``bench/README.md``.

Issue #18's pause before the first edit (``bench/first_edit.py``): from the start of a first
publish to the arrival of its first request that changes the wiki. With ``--before CHECKOUT``
the wikipk of that checkout (its own ``.venv`` if it has one) makes a first publish too in
every round, to a third fresh copy, so that the pause can be compared in one run. The pauses
are saved for ``bench/bench_issue18.py`` (``bench/results.py``).

This is a measurement, not a test: it stops only when a publish fails. Run it on a quiet
machine, from the repository root::

    .venv/bin/python bench/bench_wiki.py                 # 1,000 documents, about 10 minutes
    .venv/bin/python bench/bench_wiki.py --count 50 --rounds 1 --no-readme   # a quick look
    .venv/bin/python bench/bench_wiki.py --before ../before   # and the code before, side by side
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import math
import os
import platform
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import first_edit
import results
from generate import MARKER, generate, stamp
from machine import measured_on
from readme_sections import replace_section

from sync.devwiki import instance as devwiki
from sync.devwiki.settings import ROUTER_PHP
from sync.wiki.corpus import Corpus
from sync.wiki.desired import desired_page, fixed_pages
from wikipk.config import load_config
from wikipk.loading import load_knowledge_base
from wikipk.model import Document

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
WORK = BENCH / ".work" / "wiki"
START, END = "<!-- bench:wiki:start -->", "<!-- bench:wiki:end -->"
WIKIPK = Path(sys.executable).parent / "wikipk"
PYWIKIBOT = ("pywikibot==11.9.0", "pywikibot-scripts==11.9.0")
CHANGED_LINE = "\nOne more sentence, so that this document changed.\n"
REQUEST_LOG = Path("logs") / "requests.log"
#: Actions wikipk takes that pagefromfile cannot: media uploads and page languages.
EXTRA_WORK = ("upload", "setpagelanguage")

#: Prepended to the devwiki router of each benchmarked copy: one line per request (time,
#: method, path, API action, and what a query asks for), written when the request arrives.
LOG_ROUTER = r"""<?php
// wikipk bench: log every request, then route it as the devwiki does.
( static function (): void {
	$param = static fn ( string $name ): string => (string)( $_POST[$name] ?? $_GET[$name] ?? '' );
	$asks = [];
	foreach ( [ 'meta', 'list', 'prop', 'generator' ] as $name ) {
		if ( $param( $name ) !== '' ) {
			$asks[] = $name . '=' . $param( $name );
		}
	}
	// Not parse_url: it reads a path such as "//api.php" as a host.
	$path = strtok( $_SERVER['REQUEST_URI'], '?' );
	$line = sprintf( "%.6f %s %s %s %s\n", microtime( true ), $_SERVER['REQUEST_METHOD'],
		$path, $param( 'action' ) ?: '-', implode( '&', $asks ) ?: '-' );
	file_put_contents( __DIR__ . '/logs/requests.log', $line, FILE_APPEND | LOCK_EX );
} )();
"""

#: Pywikibot's settings: the wiki as an automatic family, the bot password, no throttle.
USER_CONFIG = """\
family = 'wikipk'
mylang = 'wikipk'
family_files['wikipk'] = {api!r}
usernames['wikipk']['wikipk'] = {user!r}
password_file = {password_file!r}
put_throttle = 0
minthrottle = 0
read_maxlag = 0
write_maxlag = 0
"""

Request = tuple[float, str, str]
"""An API request as the log has it: arrival time (seconds since the epoch), action, and what a
query asks for (``meta=…&prop=…``, or ``-``)."""


@dataclass(frozen=True)
class Measurement:
    """One measured publish."""

    tool: str
    run: str
    seconds: float
    pages: int
    """Pages the corpus publishes (documents, templates, categories): pages/s counts these."""
    started: float
    """When the command started, in seconds since the epoch (as the request log's times)."""
    log: tuple[Request, ...]
    """Its API requests, in order."""
    other_requests: int
    """Requests to anything but ``api.php``."""
    edits: int
    """Revisions the run added to the wiki."""
    did: str
    """What the run did, in the tool's own words."""

    @property
    def api(self) -> Counter[str]:
        """API requests, by action."""
        return Counter(action for _, action, _ in self.log)

    @property
    def requests(self) -> int:
        """All API requests."""
        return len(self.log)

    @property
    def rate(self) -> float:
        """Pages per second of wall time."""
        return self.pages / self.seconds


@dataclass(frozen=True)
class Inputs:
    """What both tools publish."""

    corpus: Path
    """The corpus folder (``content/`` inside), where ``wikipk publish wiki`` runs."""
    pages: int
    """Pages of the corpus: its documents, wikipk's templates and category pages."""
    first: Path
    """pagefromfile's input for the corpus as generated."""
    changed: Path
    """pagefromfile's input with :attr:`target` changed."""
    target: Path
    """The document the "one document changed" runs change."""
    seconds: float
    """How long loading the corpus and rendering its pages took, in this process."""


@dataclass(frozen=True)
class Wikis:
    """One fresh copy of the wiki for each tool."""

    ours: devwiki.DevWiki
    theirs: devwiki.DevWiki
    settings: Path
    """Pywikibot's base folder for ``theirs``."""
    before: devwiki.DevWiki | None = None
    """The copy the wikipk of the ``--before`` checkout publishes to, when there is one."""


@dataclass(frozen=True)
class Before:
    """The checkout whose first publish is compared with this one's (``--before``)."""

    checkout: Path
    corpus: Path
    """Its own copy of the corpus (its caches kept apart from this wikipk's)."""


# Corpus and wikitext --------------------------------------------------------------------------


def ensure_corpus(count: int) -> Path:
    """The corpus of ``count`` documents (seed 1), made again only when the generator changed."""
    folder = WORK / f"corpus-{count}"
    marker = folder / MARKER
    if not (marker.exists() and json.loads(marker.read_text()) == stamp(count, 1)):
        generate(count, folder, 1)
    return folder


def rendered_pages(corpus: Path) -> tuple[dict[str, str], tuple[Document, ...]]:
    """Title to wikitext of every page wikipk publishes (its templates and categories first,
    then every document, loaded and rendered as ``wikipk publish wiki`` does); the documents.

    ``read_at`` is None, as for ``wikipk publish wiki``: the corpus has no ``wikipk.yml``.
    """
    config = load_config(corpus)
    knowledge = load_knowledge_base(config)
    documents = knowledge.documents
    index = Corpus.of_knowledge_base(knowledge, config.languages)
    pages = {page.title: page.text for page in fixed_pages(index)}
    for doc in documents:
        page = desired_page(doc, index, None)
        pages[page.title] = page.text
    return pages, documents


def write_pagefromfile_input(pages: dict[str, str], path: Path) -> None:
    """Write pages in pagefromfile's format: ``{{-start-}}'''Title'''`` text ``{{-stop-}}``.

    Raises:
        ValueError: A page would not come back out of the file as it went in.
    """
    entries = []
    for title, text in pages.items():
        if text != text.strip() or "{{-stop-}}" in text or "'''" in title:
            raise ValueError(f"{title}: pagefromfile would not read this page back unchanged")
        entries.append(f"{{{{-start-}}}}\n'''{title}'''\n{text}\n{{{{-stop-}}}}\n")
    path.write_text("".join(entries), encoding="utf-8")


@contextlib.contextmanager
def changed(path: Path) -> Iterator[None]:
    """One more sentence at the end of a document, taken out again afterwards."""
    original = path.read_bytes()
    path.write_bytes(original + CHANGED_LINE.encode())
    try:
        yield
    finally:
        path.write_bytes(original)


def prepare_inputs(corpus: Path) -> Inputs:
    """Render the corpus for pagefromfile, as generated and with one document changed.

    The changed document is the first public English one: its page shows a body change.
    """
    started = time.perf_counter()
    pages, documents = rendered_pages(corpus)
    seconds = time.perf_counter() - started
    first, second = WORK / "pagefromfile.txt", WORK / "pagefromfile-changed.txt"
    write_pagefromfile_input(pages, first)
    doc = next(d for d in documents if not d.is_premium and d.lang == "en")
    target = corpus / "content" / doc.path
    with changed(target):
        write_pagefromfile_input(rendered_pages(corpus)[0], second)
    return Inputs(corpus, len(pages), first, second, target, seconds)


# The wikis ------------------------------------------------------------------------------------


def ensure_pristine() -> Path:
    """A freshly created dev wiki, made once and only ever cloned."""
    wiki = devwiki.instance(WORK / "pristine")
    if not devwiki.exists(wiki):
        shutil.rmtree(wiki.dir, ignore_errors=True)
        devwiki.create(wiki)
    return wiki.dir


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind((devwiki.HOST, 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def served_copy(pristine: Path, name: str) -> Iterator[devwiki.DevWiki]:
    """A fresh copy of the pristine wiki, logging its requests, running until the block ends."""
    target = WORK / name
    devwiki.stop(devwiki.instance(target))  # a server left over from an interrupted run
    shutil.rmtree(target, ignore_errors=True)
    devwiki.clone(pristine, target)
    router = LOG_ROUTER + ROUTER_PHP.removeprefix("<?php\n")
    (target / "router.php").write_text(router, encoding="utf-8")
    wiki, _ = devwiki.start(devwiki.instance(target, free_port()))
    try:
        yield wiki
    finally:
        devwiki.stop(wiki)


def api_get(wiki: devwiki.DevWiki, **params: str) -> dict[str, Any]:
    """One anonymous API GET request, as JSON."""
    query = urllib.parse.urlencode({**params, "format": "json", "formatversion": "2"})
    with urllib.request.urlopen(f"{wiki.api_url}?{query}", timeout=60) as response:
        answer: dict[str, Any] = json.loads(response.read())
    return answer


def revision_count(wiki: devwiki.DevWiki) -> int:
    """How many revisions the wiki holds (every namespace), through ``list=allrevisions``."""
    params = {"action": "query", "list": "allrevisions", "arvprop": "ids", "arvlimit": "max"}
    total = 0
    while True:
        answer = api_get(wiki, **params)
        pages = answer.get("query", {}).get("allrevisions", [])
        total += sum(len(page.get("revisions", ())) for page in pages)
        if "continue" not in answer:
            return total
        params.update(answer["continue"])


def mediawiki_version(wiki: devwiki.DevWiki) -> str:
    """``MediaWiki 1.39.x``, from siteinfo."""
    answer = api_get(wiki, action="query", meta="siteinfo", siprop="general")
    return str(answer["query"]["general"]["generator"])


def request_mark(wiki: devwiki.DevWiki) -> int:
    """How many requests the wiki has logged so far."""
    path = wiki.dir / REQUEST_LOG
    return len(path.read_bytes().splitlines()) if path.exists() else 0


def requests_since(wiki: devwiki.DevWiki, mark: int) -> tuple[tuple[Request, ...], int]:
    """The API requests logged since ``mark``, and how many other requests there were."""
    lines = (wiki.dir / REQUEST_LOG).read_text(encoding="utf-8").splitlines()[mark:]
    api: list[Request] = []
    other = 0
    for line in lines:
        when, _, path, action, asks = line.split(" ", 4)
        if path.endswith("/api.php"):
            api.append((float(when), action, asks))
        else:
            other += 1
    return tuple(api), other


# Running and measuring ------------------------------------------------------------------------


def timed(command: Sequence[str], cwd: Path, env: dict[str, str]) -> tuple[float, str]:
    """Run a command; its wall time and output. Stops the benchmark when it fails."""
    started = time.perf_counter()
    result = subprocess.run(
        command,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        tail = (result.stdout + result.stderr)[-3000:]
        raise RuntimeError(f"{command[0]} {command[1]} failed ({result.returncode}):\n{tail}")
    return seconds, result.stdout + result.stderr


Work = Callable[[], tuple[float, str]]
"""A publish to measure: returns its wall time and what it reported doing."""


def measure(tool: str, run: str, wiki: devwiki.DevWiki, pages: int, work: Work) -> Measurement:
    """Run ``work`` against ``wiki``, counting its API requests and the revisions it added."""
    before = revision_count(wiki)
    mark = request_mark(wiki)
    seconds, did = work()
    started = time.time() - seconds  # the command's own start, after any untimed preparation
    log, other = requests_since(wiki, mark)
    edits = revision_count(wiki) - before
    result = Measurement(tool, run, seconds, pages, started, log, other, edits, did)
    print(
        f"{tool}, {run}: {seconds:.1f} s, {result.requests} API requests, {edits} edits ({did})",
        flush=True,
    )
    return result


def wikipk_publish(
    corpus: Path, wiki: devwiki.DevWiki, cold: bool = False, checkout: Path | None = None
) -> Work:
    """``wikipk publish wiki --format json`` in the corpus folder, reporting its plan's counts.

    Args:
        corpus: The corpus folder.
        wiki: The wiki to publish to.
        cold: Delete wikipk's caches (``.wikipk/`` in the corpus folder) first, untimed.
        checkout: Run the wikipk of this checkout instead of this one's.
    """
    credentials = devwiki.credentials(wiki)
    wikipk, code = first_edit.before_command(checkout) if checkout else ([str(WIKIPK)], {})
    env = {
        **os.environ,
        **code,
        "WIKIPK_WIKI_URL": wiki.url,
        "WIKIPK_WIKI_USER": credentials.bot_user,
        "WIKIPK_WIKI_PASSWORD": credentials.bot_password,
    }

    def work() -> tuple[float, str]:
        if cold:
            shutil.rmtree(corpus / ".wikipk", ignore_errors=True)
        command = [*wikipk, "publish", "wiki", "--format", "json"]
        seconds, output = timed(command, corpus, env)
        plan, end = json.JSONDecoder().raw_decode(output)
        report, _ = json.JSONDecoder().raw_decode(output[end:].lstrip())
        outcomes = Counter(result["outcome"] for result in report["results"])
        if set(outcomes) - {"done"}:
            raise RuntimeError(f"wikipk publish left changes undone: {dict(outcomes)}")
        counts = ", ".join(f"{n:,} {action}" for action, n in plan["counts"].items() if n)
        return seconds, counts or "nothing to do"

    return work


# Pywikibot ------------------------------------------------------------------------------------


def ensure_pywikibot() -> Path:
    """Pywikibot and its scripts in a virtual environment of their own; the ``pwb`` command."""
    venv = WORK / "pwb-venv"
    pwb = venv / "bin" / "pwb"
    if not pwb.exists():
        shutil.rmtree(venv, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        pip = [str(venv / "bin" / "pip"), "install", "--quiet", *PYWIKIBOT]
        subprocess.run(pip, check=True)
    return pwb


def pywikibot_version(pwb: Path) -> str:
    """The installed Pywikibot's version."""
    code = "import importlib.metadata as m; print(m.version('pywikibot'))"
    python = pwb.parent / "python"
    return subprocess.run([python, "-c", code], capture_output=True, text=True).stdout.strip()


def pywikibot_settings(pwb: Path, wiki: devwiki.DevWiki) -> Path:
    """A Pywikibot base folder for ``wiki``: ``user-config.py``, ``user-password.py``, and the
    session cookie of a ``pwb login`` (Pywikibot's scripts log in only from that cookie)."""
    folder = WORK / f"pwb-config-{wiki.dir.name}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    credentials = devwiki.credentials(wiki)
    user, _, app = credentials.bot_user.partition("@")
    secrets = folder / "user-password.py"
    descriptor = os.open(secrets, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        out.write(f"({user!r}, BotPassword({app!r}, {credentials.bot_password!r}))\n")
    config = USER_CONFIG.format(api=wiki.api_url, user=user, password_file=str(secrets))
    (folder / "user-config.py").write_text(config, encoding="utf-8")
    env = {**os.environ, "PYWIKIBOT_DIR": str(folder)}
    timed([str(pwb), "login"], folder, env)
    return folder


def pagefromfile(pwb: Path, settings: Path, source: Path, *options: str) -> Work:
    """A run of ``pwb pagefromfile`` on ``source``, telling what it did from its messages."""

    def work() -> tuple[float, str]:
        command = [str(pwb), "pagefromfile", f"-file:{source}", "-notitle", *options]
        command.append("-summary:pagefromfile benchmark")
        env = {**os.environ, "PYWIKIBOT_DIR": str(settings)}
        seconds, output = timed(command, settings, env)
        return seconds, pywikibot_outcome(output)

    return work


def pywikibot_outcome(output: str) -> str:
    """Counts of the messages pagefromfile prints for each page."""
    messages = {
        "saved": " saved\n",
        "unchanged": "No changes were needed on ",
        "skipped (exists)": "already exists, not adding!",
        "not saved": " not saved",
        "errors": "ERROR:",
        "warnings": "WARNING:",
    }
    counts = {name: output.count(text) for name, text in messages.items()}
    return ", ".join(f"{n:,} {name}" for name, n in counts.items() if n)


# The runs -------------------------------------------------------------------------------------


@contextlib.contextmanager
def fresh_wikis(pristine: Path, pwb: Path, name: str, before: bool = False) -> Iterator[Wikis]:
    """A fresh copy of the wiki for each tool, Pywikibot logged in to its own; with ``before``
    one more for the wikipk of the ``--before`` checkout."""
    with (
        served_copy(pristine, f"{name}-wikipk") as ours,
        served_copy(pristine, f"{name}-pywikibot") as theirs,
        contextlib.ExitStack() as more,
    ):
        other = more.enter_context(served_copy(pristine, f"{name}-before")) if before else None
        yield Wikis(ours, theirs, pywikibot_settings(pwb, theirs), other)


def first_publishes(
    inputs: Inputs, pwb: Path, wikis: Wikis, round_: int, before: Before | None = None
) -> list[Measurement]:
    """Both tools' first publish (and the ``--before`` checkout's); wikipk goes first in odd
    rounds, last in even ones."""
    jobs = [
        ("wikipk", "first publish", wikis.ours, wikipk_publish(inputs.corpus, wikis.ours, True)),
        ("Pywikibot", "first run", wikis.theirs, pagefromfile(pwb, wikis.settings, inputs.first)),
    ]
    if before and wikis.before:
        publish = wikipk_publish(before.corpus, wikis.before, True, before.checkout)
        jobs.append((first_edit.BEFORE, "first publish", wikis.before, publish))
    order = jobs if round_ % 2 else jobs[::-1]
    return [
        measure(tool, f"{run}, round {round_}", wiki, inputs.pages, work)
        for tool, run, wiki, work in order
    ]


RERUNS = 5
"""Reruns with nothing changed, taking turns: they last a second or less, so the best counts."""

FLOOR = (
    "import sys, json, click, urllib.request\n"
    "url = sys.argv[1] + 'api.php?action=query&list=recentchanges&rclimit=1&format=json'\n"
    "json.load(urllib.request.urlopen(url, timeout=30))\n"
)
"""The least a Python command-line tool can do to learn anything from the wiki: start, import
its command-line library and the standard HTTP client, and ask one question."""


def floor_work(wiki: devwiki.DevWiki) -> Work:
    """:data:`FLOOR` against ``wiki``."""

    def work() -> tuple[float, str]:
        seconds, _ = timed([sys.executable, "-c", FLOOR, wiki.url], REPO, dict(os.environ))
        return seconds, "one answer"

    return work


def reruns(inputs: Inputs, pwb: Path, wikis: Wikis) -> list[Measurement]:
    """Both tools again with nothing changed (Pywikibot with and without ``-force``), several
    times in turn, and the floor of any Python tool."""
    ours, theirs, pages = wikis.ours, wikis.theirs, inputs.pages
    forced = pagefromfile(pwb, wikis.settings, inputs.first, "-force")
    default = pagefromfile(pwb, wikis.settings, inputs.first)
    runs = []
    for repeat in range(1, RERUNS + 1):
        runs += [
            measure(
                "wikipk",
                f"nothing changed, run {repeat}",
                ours,
                pages,
                wikipk_publish(inputs.corpus, ours),
            ),
            measure("Pywikibot", f"rerun, -force, run {repeat}", theirs, pages, forced),
            measure("Python", f"floor, run {repeat}", ours, pages, floor_work(ours)),
        ]
    skipping = "rerun, default (skips existing pages)"
    runs.append(measure("Pywikibot", skipping, theirs, pages, default))
    return runs


def changed_runs(inputs: Inputs, pwb: Path, wikis: Wikis) -> list[Measurement]:
    """Both tools with one document changed (Pywikibot with ``-force``, or it would skip it)."""
    ours, theirs, pages = wikis.ours, wikis.theirs, inputs.pages
    forced = pagefromfile(pwb, wikis.settings, inputs.changed, "-force")
    with changed(inputs.target):
        return [
            measure(
                "wikipk", "one document changed", ours, pages, wikipk_publish(inputs.corpus, ours)
            ),
            measure("Pywikibot", "one document changed, -force", theirs, pages, forced),
        ]


def run_all(
    count: int, rounds: int, checkout: Path | None = None
) -> tuple[list[Measurement], Inputs, dict[str, str]]:
    """Every measurement, what was published, and facts for the report (versions); with
    ``checkout``, that checkout's wikipk's first publishes too."""
    inputs = prepare_inputs(ensure_corpus(count))
    pristine, pwb = ensure_pristine(), ensure_pywikibot()
    facts = {"pywikibot": pywikibot_version(pwb), "commit": commit()}
    before = Before(checkout, first_edit.before_corpus(inputs.corpus)) if checkout else None
    if checkout:
        facts["before"] = first_edit.checkout_commit(checkout)
    runs: list[Measurement] = []
    for round_ in range(1, rounds):
        with fresh_wikis(pristine, pwb, f"round{round_}", bool(before)) as wikis:
            runs += first_publishes(inputs, pwb, wikis, round_, before)
    with fresh_wikis(pristine, pwb, f"round{rounds}", bool(before)) as wikis:
        facts["mediawiki"] = mediawiki_version(wikis.ours)
        runs += first_publishes(inputs, pwb, wikis, rounds, before)
        runs += reruns(inputs, pwb, wikis)
        runs += changed_runs(inputs, pwb, wikis)
    if commit() != facts["commit"]:
        facts["commit"] += f", then {commit()} before the run ended: figures may mix the two"
    return runs, inputs, facts


# The report -----------------------------------------------------------------------------------


def find(runs: list[Measurement], tool: str, run: str) -> Measurement:
    """The measurement of one tool's run; of several (rounds), the fastest."""
    return min(
        (m for m in runs if m.tool == tool and m.run.startswith(run)), key=lambda m: m.seconds
    )


def actions(log: Sequence[Request]) -> str:
    """``edit 1,041, query 30, ...``: API requests by action, most first."""
    counts = Counter(action for _, action, _ in log)
    return ", ".join(f"{action} {n:,}" for action, n in counts.most_common())


def results_table(runs: list[Measurement]) -> list[str]:
    """The table of every run, wikipk's first."""
    lines = [
        "| tool | run | wall (s) | pages/s | API requests | edits | API requests by action "
        "| what the tool reported |",
        "|---|---|---:|---:|---:|---:|---|---|",
    ]
    for m in sorted(runs, key=lambda m: m.tool != "wikipk"):
        lines.append(
            f"| {m.tool} | {m.run} | {m.seconds:.1f} | {m.rate:,.1f} | {m.requests:,} "
            f"| {m.edits:,} | {actions(m.log)} | {m.did} |"
        )
    return lines


def targets_table(runs: list[Measurement], count: int) -> list[str]:
    """Each target of the issue, the figure measured and whether it is met."""
    first, pwb_first = find(runs, "wikipk", "first publish"), find(runs, "Pywikibot", "first run")
    noop = find(runs, "wikipk", "nothing changed")
    forced = find(runs, "Pywikibot", "rerun, -force").seconds / noop.seconds
    skipping = find(runs, "Pywikibot", "rerun, default").seconds / noop.seconds
    budget = math.ceil(count / 50) + 5
    speed = first.rate / pwb_first.rate
    rows: list[tuple[str, str, bool | None]] = [
        (
            "first publish: at least 1.5× Pywikibot's pages/s (best rounds)",
            f"{speed:.2f}×",
            speed >= 1.5,
        ),
        (
            f"no-op: at most ceil(N/50)+5 = {budget} API requests",
            f"{noop.requests}",
            noop.requests <= budget,
        ),
        ("no-op: 0 edits", f"{noop.edits}", noop.edits == 0),
        (
            "no-op: at least 20× faster than Pywikibot's rerun (`-force`)",
            f"{forced:.2f}×",
            forced >= 20,
        ),
        (
            "(for reference) the same against its rerun that skips existing pages",
            f"{skipping:.2f}×",
            skipping >= 20,
        ),
    ]
    rows.append(first_edit.target_row(*first_edits(runs)))
    met = {True: "yes", False: "**no**", None: "–"}
    lines = ["| target | measured | met |", "|---|---:|---|"]
    lines += [f"| {name} | {figure} | {met[ok]} |" for name, figure, ok in rows]
    return lines


def first_edits(runs: list[Measurement]) -> tuple[float | None, float | None]:
    """The shortest time from the start of a first publish to its first change (of every round),
    of this wikipk and of the ``--before`` checkout's (None where not measured)."""

    def shortest(tool: str) -> float | None:
        pauses = [
            first_edit.seconds_to_first_edit(m.started, m.log)
            for m in runs
            if m.tool == tool and m.run.startswith("first publish")
        ]
        return min((pause for pause in pauses if pause is not None), default=None)

    return shortest("wikipk"), shortest(first_edit.BEFORE)


def render(runs: list[Measurement], about: str, notes: list[str], count: int) -> str:
    """The README section, markers included."""
    lines = [START, "## wikipk publish wiki (vs Pywikibot pagefromfile)", "", about, ""]
    lines += results_table(runs)
    lines += ["", "Targets (from the issue):", ""]
    lines += targets_table(runs, count)
    lines += ["", *notes, END]
    return "\n".join(lines)


def update_readme(section: str) -> None:
    """Replace this benchmark's section of ``bench/README.md``, or add it."""
    replace_section(START, END, section)


def commit() -> str:
    """The short commit of the repository, flagged when wikipk's own code has changes."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=REPO, capture_output=True, text=True, check=False
        ).stdout.strip()

    dirty = git("status", "--porcelain", "--", "wikipk", "sync", "pyproject.toml")
    return git("rev-parse", "--short", "HEAD") + (" (with uncommitted changes)" if dirty else "")


def describe(inputs: Inputs, count: int, facts: dict[str, str], loads: tuple[float, float]) -> str:
    """The paragraph above the table: when, where, what."""
    return (
        f"{measured_on(loads, 'the machine is shared with other work')}, Python "
        f"{platform.python_version()}, {facts['mediawiki']} "
        f"with SQLite under `php -S` (2 workers), wikipk commit {facts['commit']}, Pywikibot "
        f"{facts['pywikibot']}. {count:,} documents (seed 1) make {inputs.pages:,} pages: the "
        "documents plus wikipk's templates and category pages. Each tool publishes to its "
        "own fresh copy of one pristine dev wiki, wikipk's first publishes without its caches "
        "(`.wikipk/` deleted); pages/s is those pages divided by the wall time of the whole "
        "command (start-up and login included and, for wikipk, loading, checking and rendering "
        "the knowledge base where it does so). The changed document is "
        f"`{inputs.target.relative_to(inputs.corpus)}` (one sentence appended)."
    )


def extra_seconds(m: Measurement) -> float:
    """Time spent on uploads and page languages: from each such request to the next one."""
    ends = [when for when, _, _ in m.log[1:]] + [m.started + m.seconds]
    return sum(
        end - when
        for (when, action, _), end in zip(m.log, ends, strict=True)
        if action in EXTRA_WORK
    )


def phases(m: Measurement) -> str:
    """Where a run's wall time went, by the arrival times of its requests."""
    times = [when for when, _, _ in m.log]
    if len(times) == 1:
        return (
            f"{times[0] - m.started:.2f} s pass before its only request (it does not log in) "
            f"and {m.started + m.seconds - times[0]:.2f} s after it"
        )
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    longest = max(range(len(gaps)), key=gaps.__getitem__)
    login = next((n for n, (_, action, _) in enumerate(m.log, 1) if action == "login"), 0)
    logs_in = f"it logs in with request {login}" if login else "it does not log in"
    return (
        f"{times[0] - m.started:.1f} s pass before its first request, "
        f"{gaps[longest]:.1f} s in its longest pause between two requests (after request "
        f"{longest + 1} of {len(times)}; {logs_in}), "
        f"{times[-1] - times[0] - gaps[longest]:.1f} s in the rest of its requests and "
        f"{m.started + m.seconds - times[-1]:.1f} s after its last request"
    )


def per_page_queries(m: Measurement) -> str:
    """The queries a run made at least once per page, with their count per page."""
    counts = Counter(asks for _, action, asks in m.log if action == "query")
    frequent = [(asks, n) for asks, n in counts.most_common() if n >= m.pages]
    return ", ".join(f"`{asks}` ×{n / m.pages:.1f}" for asks, n in frequent) or "none"


def counting_note(runs: list[Measurement]) -> str:
    """How requests and edits are counted."""
    other = sum(m.other_requests for m in runs)
    others = f"{other:,} requests went elsewhere" if other else "no run made any other request"
    return (
        "How it is counted: every request reaching the wiki is logged by a router placed in "
        "front of the devwiki's own (one line per request, as it arrives); API requests are "
        f"those to `api.php` ({others}). Edits are the revisions the wiki holds after a run "
        "minus before it (`list=allrevisions`): an upload counts as the edit that creates its "
        "file page, a page-language change as none."
    )


def fairness_note(runs: list[Measurement], inputs: Inputs) -> str:
    """What wikipk does that pagefromfile does not, and what it costs."""
    first, theirs = find(runs, "wikipk", "first publish"), find(runs, "Pywikibot", "first run")
    extra = extra_seconds(first)
    rate = first.pages / (first.seconds - extra)
    return (
        f"Not the same work: wikipk's first publish also uploads {first.api['upload']:,} media "
        f"files and sets the page language of {first.api['setpagelanguage']:,} Urdu pages, "
        f"about {extra:.1f} s of its best round (from each such request to the next); without "
        f"them it would make about {rate:,.1f} pages/s, {rate / theirs.rate:.2f}× Pywikibot's. "
        "`pagefromfile` only saves page text, so on its wiki those pages keep the wiki's "
        "language and their images are missing. Its input (`{{-start-}}'''Title'''…{{-stop-}}` "
        "read with `-notitle`) is the wikitext wikipk publishes, rendered by wikipk's "
        f"`desired_page`; loading, checking and rendering it took {inputs.seconds:.1f} s in the "
        "benchmark's own process, which is in none of Pywikibot's times."
    )


def pywikibot_note(runs: list[Measurement]) -> str:
    """How Pywikibot was set up, and what each of its runs does."""
    first = find(runs, "Pywikibot", "first run")
    return (
        "Pywikibot runs `pwb pagefromfile -file:… -notitle [-force] -summary:…` (it sets "
        "`always` itself) with `put_throttle = 0`, `minthrottle = 0`, `read_maxlag = 0` and "
        "`write_maxlag = 0` (Pywikibot 11.8 renamed `maxlag` to `write_maxlag`), the wiki as an "
        "automatic family (`family_files`) and the same bot password as wikipk, logged in "
        "beforehand with `pwb login` (its scripts only reuse that session's cookie; wikipk logs "
        "in within its timed run). Its first run creates every page, querying each one apart "
        f"besides the batched preload: {per_page_queries(first)} per page. Without `-force` a "
        "rerun fetches every page in batches of 50, text included, and skips every page that "
        "exists, so it would never publish a change; with `-force` it fetches them the same way, "
        'compares the text and saves only pages whose text differs ("No changes were needed" '
        "for the others). The `-force` rerun is the one that does the job of wikipk's no-op "
        "publish, so the target is measured against it."
    )


def mean_after(m: Measurement, action: str) -> float:
    """Mean seconds from a request with this action to the run's next request."""
    times = [when for when, _, _ in m.log] + [m.started + m.seconds]
    gaps = [times[n + 1] - when for n, (when, kind, _) in enumerate(m.log) if kind == action]
    return sum(gaps) / len(gaps) if gaps else 0.0


def first_publish_note(runs: list[Measurement]) -> str:
    """Where the first publishes' time goes."""
    ours, theirs = find(runs, "wikipk", "first publish"), find(runs, "Pywikibot", "first run")
    edit = mean_after(ours, "edit")
    return (
        f"Where the first publishes' time goes: wikipk sends its requests one at a time, one per "
        f"page saved ({ours.requests - ours.api['edit']:,} others in all); its edits took "
        f"{edit * 1000:.0f} ms on average (from each edit request to the next request), "
        f"{edit * ours.api['edit']:.1f} s of its best run of {ours.seconds:.1f} s, of which "
        f"{phases(ours)}. Pywikibot sends "
        f"{theirs.requests / max(theirs.api['edit'], 1):.1f} requests per page saved, but saves "
        "in a thread of its own, so the queries about the next page overlap the edit of the "
        "last one on the wiki's two PHP workers (the request log shows them interleaved)."
    )


def timing_note(runs: list[Measurement]) -> str:
    """Where the time of wikipk's publishes goes when little changes."""
    noop, changed_ = find(runs, "wikipk", "nothing changed"), find(runs, "wikipk", "one document")
    goal = find(runs, "Pywikibot", "rerun, -force").seconds / 20
    before = noop.log[0][0] - noop.started
    floor = find(runs, "Python", "floor")
    return (
        "Where wikipk's time goes when little changes, from the arrival times of its requests "
        "(its local work, such as loading, checking and rendering the documents when it does "
        f"so, falls before its first request or into its pauses): of its no-op publish's "
        f"{noop.seconds:.1f} s, {phases(noop)}; of the publish with one document changed "
        f"({changed_.seconds:.1f} s), {phases(changed_)}. Twenty times faster than Pywikibot's "
        f"`-force` rerun would be {goal:.2f} s, "
        f"{'less' if goal < before else 'more'} than the {before:.2f} s wikipk's no-op "
        "publish takes before its first request. The floor of any Python command-line tool "
        "(start Python, import click and urllib.request, ask the wiki one question: the "
        f"'Python, floor' rows) took {floor.seconds * 1000:.0f} ms at best, "
        f"{find(runs, 'Pywikibot', 'rerun, -force').seconds / floor.seconds:.1f}× faster than "
        "Pywikibot's rerun."
    )


def notes(runs: list[Measurement], inputs: Inputs, facts: dict[str, str]) -> list[str]:
    """The paragraphs under the tables."""
    parts = [counting_note(runs), fairness_note(runs, inputs), pywikibot_note(runs)]
    parts += [first_publish_note(runs), timing_note(runs)]
    parts.append(first_edit.note(*first_edits(runs), facts.get("before")))
    return [line for part in parts if part for line in (part, "")][:-1]


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``bench_wiki.py [--count N] [--rounds R] [--before DIR] [--no-readme]``."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000, help="documents (default 1,000)")
    parser.add_argument("--rounds", type=int, default=2, help="first publishes of each tool")
    parser.add_argument(
        "--before",
        type=Path,
        help="a checkout whose wikipk also makes the first publishes (its pause before the "
        "first edit is compared with this one's)",
    )
    parser.add_argument("--no-readme", action="store_true", help="print, do not write README")
    args = parser.parse_args(argv)
    started, load_start = time.time(), os.getloadavg()[0]
    checkout = args.before.resolve() if args.before else None
    runs, inputs, facts = run_all(args.count, max(1, args.rounds), checkout)
    about = describe(inputs, args.count, facts, (load_start, os.getloadavg()[0]))
    section = render(runs, about, notes(runs, inputs, facts), args.count)
    ours, before = first_edits(runs)
    figures = {"count": args.count, "first_edit": ours, "first_edit_before": before}
    results.save("wiki", started, figures | {"before": facts.get("before")})
    if args.no_readme:
        print(section)
    else:
        update_readme(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
