"""Benchmark ``wikipk pull wiki``: a person's edits on 10 pages, brought home from 1,000.

On the generated corpus (``bench/generate.py``, seed 1) published to a fresh copy of a pristine
dev wiki, a person (the wiki's admin account, through the API as MediaWiki's editor saves) adds a
sentence to 10 pages. Then, in one run:

- ``wikipk pull wiki`` brings the edits home to the Markdown files: its wall time, its API
  requests (counted on the server, by a router that logs every request with what it asks for),
  and which pages' texts it read;
- the peer, git-remote-mediawiki (Debian's ``git-mediawiki``, a Git remote helper), fetches the
  same edits into a clone made before them (``git fetch``): its wall time and API requests. It
  brings raw wikitext home, not Markdown: this measures what it costs to learn what changed.

The targets (from the issue): at most ``ceil(N/50) + 3`` requests per edited page, and no request
reading the text of an unedited page. The results replace the "wikipk pull wiki" section of
``bench/README.md``. A measurement, not a test; from the repository root::

    .venv/bin/python bench/bench_pull.py                  # 1,000 documents, about 2 minutes
    .venv/bin/python bench/bench_pull.py --count 100 --no-readme
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench_wiki import (
    REQUEST_LOG,
    WORK,
    api_get,
    commit,
    ensure_corpus,
    ensure_pristine,
    free_port,
    mediawiki_version,
    timed,
)
from machine import measured_on
from readme_sections import replace_section

from sync.devwiki import instance as devwiki
from sync.devwiki.settings import ROUTER_PHP

BENCH = Path(__file__).resolve().parent
START, END = "<!-- bench:pull:start -->", "<!-- bench:pull:end -->"
WIKIPK = Path(sys.executable).parent / "wikipk"
EDITED = 10
PERSON_SENTENCE = " A district officer added this sentence on the wiki ({n})."

#: Prepended to the devwiki router: one JSON line per API request with what it asks for.
LOG_ROUTER = r"""<?php
( static function (): void {
	// Not parse_url: it reads "//api.php" (git-remote-mediawiki's address) as a host.
	$path = strtok( $_SERVER['REQUEST_URI'], '?' );
	if ( !str_ends_with( $path, '/api.php' ) ) {
		return;
	}
	$asked = [];
	foreach ( [ 'action', 'meta', 'list', 'prop', 'generator', 'rvprop', 'revids', 'pageids',
		'titles', 'gcmtitle', 'letype' ] as $name ) {
		$value = $_POST[$name] ?? $_GET[$name] ?? null;
		if ( $value !== null ) {
			$asked[$name] = (string)$value;
		}
	}
	$asked['time'] = microtime( true );
	file_put_contents( __DIR__ . '/logs/requests.log', json_encode( $asked ) . "\n",
		FILE_APPEND | LOCK_EX );
} )();
"""


@dataclass(frozen=True)
class Run:
    """One measured command."""

    tool: str
    seconds: float
    requests: list[dict[str, Any]]
    output: str


def serve(name: str) -> devwiki.DevWiki:
    """A fresh copy of the pristine dev wiki that logs its API requests, started."""
    target = WORK / name
    devwiki.stop(devwiki.instance(target))
    shutil.rmtree(target, ignore_errors=True)
    devwiki.clone(ensure_pristine(), target)
    router = LOG_ROUTER + ROUTER_PHP.removeprefix("<?php\n")
    (target / "router.php").write_text(router, encoding="utf-8")
    wiki, _ = devwiki.start(devwiki.instance(target, free_port()))
    return wiki


def logged(wiki: devwiki.DevWiki) -> list[dict[str, Any]]:
    """Every API request the wiki logged so far."""
    path = wiki.dir / REQUEST_LOG
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def environment(wiki: devwiki.DevWiki) -> dict[str, str]:
    """The environment that logs wikipk in to ``wiki`` as the bot."""
    credentials = devwiki.credentials(wiki)
    return {
        **os.environ,
        "WIKIPK_WIKI_URL": wiki.url,
        "WIKIPK_WIKI_USER": credentials.bot_user,
        "WIKIPK_WIKI_PASSWORD": credentials.bot_password,
    }


def measured(tool: str, wiki: devwiki.DevWiki, command: Sequence[str], cwd: Path) -> Run:
    """Run a command against ``wiki``; its wall time and the API requests it made."""
    mark = len(logged(wiki))
    seconds, output = timed(command, cwd, environment(wiki))
    requests = logged(wiki)[mark:]
    print(f"{tool}: {seconds:.2f} s, {len(requests)} API requests", flush=True)
    return Run(tool, seconds, requests, output)


def members(wiki: devwiki.DevWiki) -> list[dict[str, Any]]:
    """Every page in wikipk's tracking category (id, title, document id), all batches."""
    params = {
        "action": "query",
        "list": "categorymembers",
        "cmtitle": "Category:Wikipk documents",
        "cmlimit": "max",
        "cmprop": "ids|title|sortkeyprefix",
    }
    found: list[dict[str, Any]] = []
    while True:
        answer = api_get(wiki, **params)
        found += answer["query"]["categorymembers"]
        if "continue" not in answer:
            return found
        params.update(answer["continue"])


def person_edits(wiki: devwiki.DevWiki, count: int) -> dict[str, int]:
    """A person adds a sentence to the first paragraph of ``count`` English pages, spread over
    the corpus; the pages' titles and their page ids."""
    import mwclient

    credentials = devwiki.credentials(wiki)
    site = mwclient.Site(f"{devwiki.HOST}:{wiki.port}", path="/", scheme="http")
    site.clientlogin(username=credentials.admin_user, password=credentials.admin_password)
    english = [m for m in members(wiki) if not m["sortkeyprefix"].endswith("-ur")]
    english.sort(key=lambda member: member["sortkeyprefix"])
    step = max(1, len(english) // count)
    edited: dict[str, int] = {}
    for number, member in enumerate(english[::step][:count], start=1):
        title = member["title"]
        text = site.pages[title].text()
        lines = text.split("\n")
        line = next(
            i
            for i, line in enumerate(lines)
            if line and line[0] not in "{|}*#=<!:;[ " and not line.startswith("'''")
        )
        lines[line] += PERSON_SENTENCE.format(n=number)
        answer = site.post(
            "edit",
            title=title,
            text="\n".join(lines),
            summary="a person's note",
            token=site.get_token("csrf"),
        )
        assert answer["edit"]["result"] == "Success", answer
        edited[title] = int(member["pageid"])
    return edited


def text_reads(requests: list[dict[str, Any]]) -> list[str]:
    """What the requests that read page texts named (``revids=…``, ``titles=…``)."""
    return [
        next(f"{key}={request[key]}" for key in ("revids", "titles", "pageids") if key in request)
        for request in requests
        if "content" in request.get("rvprop", "")
    ]


def revision_pages(wiki: devwiki.DevWiki, reads: list[str]) -> set[int]:
    """The page ids of the revisions that text reads named."""
    pages: set[int] = set()
    for read in reads:
        key, _, value = read.partition("=")
        if key != "revids":
            raise RuntimeError(f"a text read by {key}, not by revision: {read}")
        answer = api_get(wiki, action="query", revids=value, prop="info")
        pages |= {int(page["pageid"]) for page in answer["query"]["pages"]}
    return pages


def git_mediawiki_clone(wiki: devwiki.DevWiki, target: Path) -> float:
    """A git-remote-mediawiki clone of the wiki's main namespace, latest revisions only."""
    shutil.rmtree(target, ignore_errors=True)
    started = time.perf_counter()
    subprocess.run(
        [
            "git",
            "-c",
            "remote.origin.shallow=true",
            "clone",
            "--quiet",
            f"mediawiki::{wiki.url}",
            str(target),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    subprocess.run(["git", "config", "remote.origin.shallow", "true"], cwd=target, check=True)
    return time.perf_counter() - started


def has_git_mediawiki() -> bool:
    """Whether Debian's git-mediawiki (``git-remote-mediawiki``) is installed."""
    return (
        shutil.which("git-remote-mediawiki") is not None
        or Path("/usr/lib/git-core/git-remote-mediawiki").exists()
    )


def run_all(count: int) -> dict[str, Any]:
    """Publish, clone, edit, then pull and fetch: every figure of the section."""
    corpus = ensure_corpus(count)
    kb = WORK / f"pull-kb-{count}"
    shutil.rmtree(kb, ignore_errors=True)
    shutil.copytree(corpus, kb)
    wiki = serve("pull")
    try:
        timed([str(WIKIPK), "publish", "wiki"], kb, environment(wiki))
        owned = members(wiki)
        clone = WORK / "pull-git-mediawiki"
        peer = has_git_mediawiki()
        clone_seconds = git_mediawiki_clone(wiki, clone) if peer else 0.0
        edited = person_edits(wiki, EDITED)
        pulled = measured(
            "wikipk pull wiki",
            wiki,
            [str(WIKIPK), "pull", "wiki", "--format", "json"],
            kb,
        )
        floor, _ = timed([str(WIKIPK), "check"], kb, environment(wiki))
        report = json.loads(pulled.output)
        outcomes = sorted({page["outcome"] for page in report["pages"]})
        fetched = (
            measured("git-remote-mediawiki: git fetch", wiki, ["git", "fetch", "--quiet"], clone)
            if peer
            else None
        )
        read_pages = revision_pages(wiki, text_reads(pulled.requests))
        return {
            "count": count,
            "pages": len(owned),
            "edited": edited,
            "pull": pulled,
            "check_seconds": floor,
            "outcomes": outcomes,
            "merged": sum(1 for page in report["pages"] if page["outcome"] == "merged"),
            "fetch": fetched,
            "clone_seconds": clone_seconds,
            "unedited_reads": sorted(read_pages - set(edited.values())),
            "mediawiki": mediawiki_version(wiki),
        }
    finally:
        devwiki.stop(wiki)


def kinds(requests: list[dict[str, Any]]) -> str:
    """The requests by what they ask, most first: ``query prop=revisions: 20, login: 2``."""
    counted: dict[str, int] = {}
    for request in requests:
        what = request.get("action", "-")
        for key in ("list", "generator", "prop", "meta"):
            if key in request:
                what += f" {key}={request[key]}"
                break
        counted[what] = counted.get(what, 0) + 1
    ordered = sorted(counted.items(), key=lambda item: (-item[1], item[0]))
    return ", ".join(f"`{what}`: {n}" for what, n in ordered)


def render(figures: dict[str, Any], about: str) -> str:
    """The README section, markers included."""
    pull: Run = figures["pull"]
    fetch: Run | None = figures["fetch"]
    edited = len(figures["edited"])
    pages = figures["pages"]
    budget = math.ceil(pages / 50) + 3 * edited
    per_page = len(pull.requests) / edited
    lines = [
        START,
        "## wikipk pull wiki (vs git-remote-mediawiki)",
        "",
        about,
        "",
        "| tool | what it brings home | wall time | API requests |",
        "|---|---|---:|---:|",
        f"| wikipk pull wiki | {figures['merged']} of {edited} edits merged into the Markdown "
        f"files | {pull.seconds:.2f} s | {len(pull.requests)} |",
    ]
    if fetch is not None:
        lines.append(
            f"| git-remote-mediawiki (`git fetch`) | the raw wikitext of the edited pages "
            f"| {fetch.seconds:.2f} s | {len(fetch.requests)} |"
        )
    lines.append(
        f"| wikipk check (the floor: loading and checking the knowledge base) | nothing "
        f"| {figures['check_seconds']:.2f} s | 0 |"
    )
    unedited = figures["unedited_reads"]
    lines += [
        "",
        "Targets (from the issue):",
        "",
        "| target | measured | met |",
        "|---|---|---|",
        f"| at most ceil(N/50) + 3 requests per edited page (N = {pages:,} owned pages, "
        f"{edited} edited: {budget} in all) | {len(pull.requests)} in all ({per_page:.1f} per "
        f"edited page, login included) | {'yes' if len(pull.requests) <= budget else 'no'} |",
        f"| 0 requests reading the text of an unedited page | {len(unedited)} "
        f"| {'yes' if not unedited else 'no'} |",
        "",
        f"wikipk's requests: {kinds(pull.requests)}.",
    ]
    if fetch is not None:
        lines += [
            "",
            f"git-remote-mediawiki's requests: {kinds(fetch.requests)}. Its clone (made before "
            f"the edits, `remote.origin.shallow`, latest revisions only) took "
            f"{figures['clone_seconds']:.1f} s.",
        ]
    lines.append(END)
    return "\n".join(lines)


def describe(figures: dict[str, Any], loads: tuple[float, float]) -> str:
    """The paragraph above the table."""
    return (
        f"{measured_on(loads)}, Python "
        f"{platform.python_version()}, {figures['mediawiki']} with SQLite under `php -S`, "
        f"wikipk commit {commit()}. {figures['count']:,} documents (seed 1) published, then a "
        f"person added one sentence to the first paragraph of {len(figures['edited'])} English "
        "pages spread over the corpus. Wall time is the whole command: start-up, login, loading "
        "and checking the knowledge base, reading the wiki, merging and writing the files. "
        "Requests are counted on the server."
    )


def update_readme(section: str) -> None:
    """Replace this benchmark's section of ``bench/README.md``, or add it."""
    replace_section(START, END, section)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``bench_pull.py [--count N] [--no-readme]``."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000, help="documents (default 1,000)")
    parser.add_argument("--no-readme", action="store_true", help="print, do not write README")
    args = parser.parse_args(argv)
    start = os.getloadavg()[0]
    figures = run_all(args.count)
    section = render(figures, describe(figures, (start, os.getloadavg()[0])))
    if args.no_readme:
        print(section)
    else:
        update_readme(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
