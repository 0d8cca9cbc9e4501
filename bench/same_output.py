"""Take a snapshot of everything wikipk writes, to prove a restructure changed no output.

For the repository's own content and for the generated 1,000-document corpus
(``bench/generate.py``, seed 1), the snapshot holds the built site (``wikipk build``) and every
page and file of a fresh dev wiki after ``wikipk publish wiki`` (the page's wikitext as the wiki
stores it, a file's sha1). The wikipk that runs is the one in CHECKOUT (``--code``, default this
repository), put first on ``PYTHONPATH``; the content and the dev wiki are the same for every
checkout. Two snapshots are compared with ``diff -r``::

    .venv/bin/python bench/same_output.py /tmp/before --code /path/to/old/checkout
    .venv/bin/python bench/same_output.py /tmp/after
    diff -r /tmp/before /tmp/after && echo identical

Premium bodies are sealed with fresh keys on every build, so a premium body file's bytes differ
from one build to the next by design: those files are replaced by their size (the seal adds a
fixed overhead, so the size still shows a changed body).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import urllib.parse
from pathlib import Path

import mwclient
from generate import MARKER, generate

REPO = Path(__file__).resolve().parent.parent
CORPUS_COUNT = 1000


def wikipk(code: Path, *args: str, cwd: Path, env: dict[str, str] | None = None) -> str:
    """Run the wikipk of ``code`` in ``cwd``; stop on failure."""
    run_env = dict(env or os.environ)
    run_env["PYTHONPATH"] = str(code)
    done = subprocess.run(
        [sys.executable, "-m", "wikipk.cli", *args],
        cwd=cwd,
        env=run_env,
        capture_output=True,
        text=True,
    )
    if done.returncode not in (0, 1):
        sys.exit(f"wikipk {' '.join(args)} failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return done.stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def content_sets(work: Path) -> dict[str, Path]:
    """The knowledge bases snapshotted: a copy of this repository's, and the corpus."""
    starter = work / "starter"
    shutil.copytree(REPO / "content", starter / "content")
    shutil.copy2(REPO / "wikipk.yml", starter / "wikipk.yml")
    corpus = REPO / "bench" / "corpus" / str(CORPUS_COUNT)
    if not (corpus / MARKER).is_file():
        generate(CORPUS_COUNT, corpus, 1)
    copy = work / "corpus"
    shutil.copytree(corpus, copy, ignore=shutil.ignore_patterns(".wikipk", "_site"))
    return {"starter": starter, "corpus": copy}


def snapshot_site(code: Path, root: Path, out: Path) -> None:
    wikipk(code, "build", "--out", str(out), cwd=root)
    for sealed in out.rglob("*"):
        if sealed.is_file() and "premium" in sealed.parts and sealed.suffix == ".bin":
            sealed.write_text(f"sealed, {sealed.stat().st_size} bytes\n")


def snapshot_wiki(code: Path, root: Path, out: Path, work: Path) -> None:
    here = REPO
    instance = work / f"devwiki-{root.name}"
    wikipk(here, "devwiki", "start", "--dir", str(instance), "--port", str(free_port()), cwd=work)
    try:
        env = dict(os.environ)
        for line in wikipk(here, "devwiki", "env", "--dir", str(instance), cwd=work).splitlines():
            name, _, value = line.removeprefix("export ").partition("=")
            env[name] = shlex.split(value)[0] if value else ""
        wikipk(code, "publish", "wiki", cwd=root, env=env)
        dump(env["WIKIPK_WIKI_URL"], out)
    finally:
        wikipk(here, "devwiki", "stop", "--dir", str(instance), cwd=work)


def dump(url: str, out: Path) -> None:
    """Every page's text and every file's sha1, by namespace: a page's file is named by its
    title's sha1 (a title can be longer than a file name may be), its first line is the title."""
    parts = urllib.parse.urlsplit(url)
    site = mwclient.Site(parts.netloc, path=parts.path, scheme=parts.scheme)
    for number in sorted(int(key) for key in site.namespaces if int(key) >= 0):
        folder = out / f"ns{number}"
        for page in site.allpages(namespace=number):
            folder.mkdir(parents=True, exist_ok=True)
            name = hashlib.sha1(page.name.encode()).hexdigest()[:16]
            (folder / f"{name}.wikitext").write_text(f"{page.name}\n\n{page.text()}\n")
    files = sorted((image.name, image.imageinfo.get("sha1", "")) for image in site.allimages())
    (out / "files.txt").write_text("".join(f"{name}\t{sha1}\n" for name, sha1 in files))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the snapshot's folder (replaced)")
    parser.add_argument("--code", type=Path, default=REPO, help="the checkout whose wikipk runs")
    args = parser.parse_args()
    code = args.code.resolve()
    shutil.rmtree(args.out, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix="same-output-") as scratch:
        work = Path(scratch)
        for name, root in content_sets(work).items():
            snapshot_site(code, root, args.out / name / "site")
            snapshot_wiki(code, root, args.out / name / "wiki", work)
            print(f"{name}: snapshot in {args.out / name}")


if __name__ == "__main__":
    main()
