"""The leak test: a marker planted in the starter premium case study appears in no public output.

The marker sits in the body of the premium case study and in an image only that body shows. It
must not appear in any file of the built site (pages, search index fragments decompressed, feed,
sitemap, key files, sealed files, the service worker and its cache list), in the build's console
output, on the wiki (every page of every namespace, every upload), in the YouTube descriptions
the publisher writes, or in ``wikipk plan`` (which a pull request shows in its public summary). Each test also shows the marker is really there for a subscriber, so a
build that dropped the body would not pass by accident. Access codes must not leak either.
"""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.cli_helpers import run
from tests.premium_kb import (
    MARKER,
    PREMIUM_FILE,
    PREMIUM_ID,
    REGISTRY,
    add_subscriber,
    copy_starter,
    read_as_subscriber,
    write_config,
)
from tests.wiki_fixtures import DevWikiHandle
from tests.youtube_emulator import YouTubeState
from tests.youtube_fixtures import CONFIG, seed_starter_videos
from wikipk.premium.subscribers import load_registry, save_registry

PREMIUM_TITLE = (
    "Designing 90-day delivery for districts, an analysis of the Balochistan Community Action Plan"
)


@dataclass(frozen=True)
class LeakySite:
    """The starter content with the marker planted, its subscribers and its built site."""

    root: Path
    out: Path
    console: str
    """Everything ``wikipk -v build`` printed, on both streams."""
    codes: dict[str, str]
    """Access codes by subscriber name."""


@pytest.fixture(scope="module")
def leaky(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LeakySite]:
    root = copy_starter(tmp_path_factory.mktemp("leak-kb"), marker=True)
    doc = root / PREMIUM_FILE
    doc.write_text(
        doc.read_text(encoding="utf-8").replace(
            "sector: multi-sector service delivery\n",
            "sector: multi-sector service delivery\nvideos:\n"
            "  - url: https://youtu.be/Fix10Pts14d\n    title: Ten repairs in fourteen days\n",
            1,
        ),
        encoding="utf-8",
    )
    write_config(root, CONFIG)
    codes = {
        "Full": add_subscriber(root, "Full"),
        "One report": add_subscriber(root, "One report", docs=(PREMIUM_ID,)),
        "Lapsed": add_subscriber(root, "Lapsed", expires=date.today() - timedelta(days=1)),
        "Revoked": add_subscriber(root, "Revoked"),
    }
    registry = load_registry(root / REGISTRY)
    save_registry(root / REGISTRY, registry.revoke("Revoked", date.today()))
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIKIPK_")}
    build = subprocess.run(
        [sys.executable, "-m", "wikipk.cli", "-v", "build"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert build.returncode == 0, build.stderr
    yield LeakySite(root, root / "_site", build.stdout + build.stderr, codes)


def _readable(path: Path) -> bytes:
    """A file's bytes, decompressed when gzipped (Pagefind's index and fragments)."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data


def _secrets(site: LeakySite) -> list[str]:
    codes = list(site.codes.values())
    return [MARKER, *codes, *(code.replace("-", "") for code in codes)]


def test_the_marker_is_sealed_for_subscribers_only(leaky: LeakySite) -> None:
    assert MARKER in read_as_subscriber(leaky.out, leaky.codes["Full"])
    assert MARKER in read_as_subscriber(leaky.out, leaky.codes["One report"])
    for name in ("Lapsed", "Revoked"):
        with pytest.raises(AssertionError, match="no key"):
            read_as_subscriber(leaky.out, leaky.codes[name])


def test_no_file_of_the_site_holds_the_marker_or_a_code(leaky: LeakySite) -> None:
    files = [path for path in leaky.out.rglob("*") if path.is_file()]
    names = {path.relative_to(leaky.out).as_posix() for path in files}
    assert {"feed.xml", "sitemap.xml", "sw.js", "robots.txt"} <= names
    assert any(name.startswith("pagefind/fragment/") for name in names)
    assert len([name for name in names if name.startswith("keys/")]) == 2
    assert any(name.startswith("sealed/") for name in names)
    decompressed = 0
    for path in files:
        data = _readable(path)
        decompressed += data != path.read_bytes()
        for secret in _secrets(leaky):
            assert secret.encode() not in data, (secret, path)
    assert decompressed > 3, "the search index was read decompressed"


def test_the_build_console_holds_neither_marker_nor_code(leaky: LeakySite) -> None:
    assert "INFO:" in leaky.console and "Built " in leaky.console
    assert "\npremium: 1 document sealed, key files for 2 active subscribers\n" in leaky.console
    for secret in _secrets(leaky):
        assert secret not in leaky.console


def test_the_shared_cache_keeps_the_body_only_in_its_private_folder(leaky: LeakySite) -> None:
    cache = leaky.root / ".wikipk" / "cache" / "site"
    holding = [
        path.relative_to(cache).parts[0]
        for path in cache.rglob("*")
        if path.is_file() and MARKER.encode() in _readable(path)
    ]
    assert holding == ["premium"]
    assert (cache / "premium").stat().st_mode & 0o077 == 0


def test_no_wiki_page_or_upload_holds_the_marker(
    leaky: LeakySite, clean_devwiki: DevWikiHandle, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(leaky.root)
    monkeypatch.setenv("WIKIPK_WIKI_URL", clean_devwiki.url)
    monkeypatch.setenv("WIKIPK_WIKI_USER", clean_devwiki.bot_user)
    monkeypatch.setenv("WIKIPK_WIKI_PASSWORD", clean_devwiki.bot_password)
    result = run("publish", "wiki")
    assert result.exit_code == 0, result.output
    for secret in _secrets(leaky):
        assert secret not in result.output
    site = clean_devwiki.site()
    titles = []
    for namespace in (n for n in site.namespaces if n >= 0):
        for page in site.allpages(namespace=namespace):
            titles.append(page.name)
            assert MARKER not in page.text(), page.name
    assert PREMIUM_TITLE in titles
    uploads = list(site.allimages())
    assert uploads, "the public images were uploaded"
    for image in uploads:
        assert MARKER.encode() not in image.download(), image.name
        assert "Premium-only" not in image.name


def test_no_youtube_description_holds_the_marker(
    leaky: LeakySite,
    youtube_env: dict[str, str],
    youtube: YouTubeState,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(leaky.root)
    seed_starter_videos(youtube)
    result = run("publish", "youtube")
    assert result.exit_code == 0, result.output
    assert MARKER not in result.output
    sent = "".join(entry.body for entry in youtube.writes())
    assert "Fix10Pts14d" in sent
    assert MARKER not in sent
    for video in youtube.videos.values():
        assert MARKER not in video.description
    assert PREMIUM_TITLE in youtube.videos["Fix10Pts14d"].description


@pytest.mark.parametrize("output_format", ["text", "json", "markdown"])
def test_no_plan_holds_the_marker(
    leaky: LeakySite,
    clean_devwiki: DevWikiHandle,
    youtube_env: dict[str, str],
    youtube: YouTubeState,
    monkeypatch: pytest.MonkeyPatch,
    output_format: str,
    tmp_path: Path,
) -> None:
    """The plan goes to a pull request's public job summary: it must not show the body either."""
    monkeypatch.chdir(leaky.root)
    monkeypatch.setenv("WIKIPK_WIKI_URL", clean_devwiki.url)
    monkeypatch.setenv("WIKIPK_WIKI_USER", clean_devwiki.bot_user)
    monkeypatch.setenv("WIKIPK_WIKI_PASSWORD", clean_devwiki.bot_password)
    seed_starter_videos(youtube)
    result = run("plan", "--format", output_format, "--base-site", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert PREMIUM_TITLE in result.output
    assert f"docs/{PREMIUM_ID}.html" in result.output
    assert "Fix10Pts14d" in result.output
    for secret in _secrets(leaky):
        assert secret not in result.output


SECRET_HEADING = f"The {MARKER} step"
"""A heading of the premium body: its slug must not reach another document's hints either."""


def _public_links_into_the_premium_body(root: Path, *lines: str) -> None:
    """Plant a premium heading, and a public guideline whose ``lines`` point into the body."""
    doc = root / PREMIUM_FILE
    doc.write_text(
        doc.read_text(encoding="utf-8").replace(
            "## Results\n", f"### {SECRET_HEADING}\n\nA step.\n\n## Results\n", 1
        ),
        encoding="utf-8",
    )
    guideline = root / "content" / "guidelines" / "procurement-integrity.md"
    text = guideline.read_text(encoding="utf-8")
    guideline.write_text(text + "\n" + "\n\n".join(lines) + "\n", encoding="utf-8")


def test_check_hints_never_show_a_premium_body(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A public document's problems draw nothing from a premium body: not its headings (an
    anchor into it is not checked against them) and not the names of the files only it shows."""
    root = copy_starter(tmp_path, marker=True)
    monkeypatch.chdir(root)
    premium = "../case-studies/balochistan-cap-90-day-design.md"
    slug = SECRET_HEADING.lower().replace(" ", "-")
    _public_links_into_the_premium_body(
        root,
        f"See [the step]({premium}#{slug[:-1]}) and [the model]({premium}#modle).",
        "![A chart](../media/premium-only-chrt.svg)",
    )
    result = run("check", "--no-cache")
    guideline = "content/guidelines/procurement-integrity.md"
    line = len((root / guideline).read_text(encoding="utf-8").splitlines())
    assert result.output.splitlines() == [
        f"{guideline}:{line}:12: missing-image: image target '../media/premium-only-chrt.svg' "
        "does not exist",
        "    hint: did you mean '../media/scorecard-steps.svg'?",
        "1 problem in 1 file (25 documents checked)",
    ]
    assert MARKER.lower() not in result.output.lower()


def test_a_premium_document_still_checks_its_own_anchors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A premium document's own problems, in its own file, may name its own headings."""
    root = copy_starter(tmp_path, marker=True)
    monkeypatch.chdir(root)
    doc = root / PREMIUM_FILE
    doc.write_text(doc.read_text(encoding="utf-8") + "\nBack to [the model](#modle).\n")
    result = run("check", "--no-cache")
    line = len(doc.read_text(encoding="utf-8").splitlines())
    assert result.output.splitlines() == [
        f"{PREMIUM_FILE}:{line}:21: missing-anchor: anchor '#modle' does not exist in this "
        "document",
        "    hint: did you mean 'model'?",
        "1 problem in 1 file (25 documents checked)",
    ]
