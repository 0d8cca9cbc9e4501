"""``wikipk build`` and ``wikipk serve`` as users run them: output, exit codes, safety."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from site_builder.serve import make_server, watch
from tests.cli_helpers import run
from tests.site_fixtures import ROOT, BuiltSite, seed_font_cache
from wikipk.config import load_config

WIKIPK = Path(sys.executable).parent / "wikipk"
BUILT = re.compile(
    r"Built (\d+) pages from (\d+) documents into _site/ in \d+\.\d s "
    r"\((\d+) rendered, (\d+) unchanged; (.+)\)\n"
)


@pytest.fixture
def site_kb(knowledge_base: Path, built_site: BuiltSite) -> Path:
    """The real content in a fresh knowledge base that is the working directory."""
    shutil.rmtree(knowledge_base / "content")
    shutil.copytree(ROOT / "content", knowledge_base / "content")
    seed_font_cache(built_site.root, knowledge_base)
    return knowledge_base


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_build_reports_what_it_did(site_kb: Path) -> None:
    result = run("build", "--no-search")
    assert result.exit_code == 0
    match = BUILT.fullmatch(result.output)
    assert match is not None, result.output
    assert match.groups() == ("87", "25", "25", "0", "no search index")
    again = BUILT.fullmatch(run("build").output)
    assert again is not None
    assert again.groups() == ("87", "25", "0", "25", "25 documents indexed for search")
    assert (site_kb / "_site" / "pagefind" / "pagefind.js").is_file()


def test_content_problems_stop_the_build_like_check(site_kb: Path) -> None:
    assert run("build", "--no-search").exit_code == 0
    before = _snapshot(site_kb / "_site")
    source = site_kb / "content" / "sops" / "grievance-channel.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("(#protected-route-for-sensitive-complaints)", "(#nowhere)"))
    (site_kb / "content" / "sops" / "empty.md").write_text("")
    check = run("check", "--no-cache")
    result = run("build")
    assert result.exit_code == 1
    problems = check.output.rsplit("\n", 2)[0]
    assert result.output == (
        problems + "\n2 problems in 2 files: the site was not built (_site is unchanged)\n"
    )
    assert "content/sops/grievance-channel.md:" in problems
    assert _snapshot(site_kb / "_site") == before


def test_a_template_error_names_its_file_and_line(site_kb: Path) -> None:
    shutil.copytree(ROOT / "templates" / "site", site_kb / "templates" / "site")
    page = site_kb / "templates" / "site" / "tags.html"
    page.write_text(page.read_text().replace("{% endfor %}", "{% endfo %}"))
    result = run("build")
    assert result.exit_code == 2
    assert result.output == (
        "Error: templates/site/tags.html:7: template error: Encountered unknown tag 'endfo'. "
        "Jinja was looking for the following tags: 'endfor' or 'else'. The innermost block "
        "that needs to be closed is 'for'.; the site was not built\n"
    )
    assert not (site_kb / "_site").exists()


def test_an_undefined_name_in_a_template_names_its_file_and_line(site_kb: Path) -> None:
    shutil.copytree(ROOT / "templates" / "site", site_kb / "templates" / "site")
    page = site_kb / "templates" / "site" / "tags.html"
    page.write_text(page.read_text().replace("{{ t.all_tags }}", "{{ t.al_tags }}"))
    result = run("build", "--no-search")
    assert result.exit_code == 2
    assert result.output == (
        "Error: templates/site/tags.html:3: template error: 'dict object' has no attribute "
        "'al_tags'; the site was not built\n"
    )


def test_wrong_site_settings_are_usage_errors(site_kb: Path) -> None:
    (site_kb / "wikipk.yml").write_text("site:\n  listing_size: 0\n  serach: true\n")
    result = run("build")
    assert result.exit_code == 2
    assert result.output == (
        "Error: wikipk.yml:3:3: unknown setting 'site.serach'; the site was not built\n"
        "    hint: did you mean 'search'?\n"
    )
    (site_kb / "wikipk.yml").write_text("site:\n  listing_size: 0\n")
    assert run("build").output == (
        "Error: wikipk.yml:2:17: 'site.listing_size' must be a whole number above 0, got 0; "
        "the site was not built\n    hint: write a number such as 50\n"
    )


def test_pages_over_budget_are_reported_and_fail_a_strict_build(site_kb: Path) -> None:
    (site_kb / "wikipk.yml").write_text("site:\n  page_budget_kb: 20\n")
    result = run("build", "--no-search", "--strict")
    assert result.exit_code == 1
    out = site_kb / "_site"
    shared = sum(
        next((out / "assets").glob(pattern)).stat().st_size
        for pattern in ("site.*.css", "print.*.css", "site.*.js")
    )
    unlock = next((out / "assets").glob("premium.*.js"))

    def weight(page: Path) -> int:
        """The page, the shared files, and the unlock script on premium pages."""
        extra = unlock.stat().st_size if unlock.name in page.read_text(encoding="utf-8") else 0
        return page.stat().st_size + shared + extra

    weights = {
        path.relative_to(out).as_posix(): weight(path)
        for path in out.rglob("*.html")
        if "pagefind" not in path.parts
    }
    heavy = sorted((url, size) for url, size in weights.items() if size > 20_000)
    assert heavy
    assert result.output.splitlines()[1:] == [
        f"over budget: {url} weighs {weight / 1000:.1f} KB with its CSS and scripts (budget 20 KB)"
        for url, weight in heavy
    ]
    assert run("build", "--no-search").exit_code == 0


def test_a_killed_build_leaves_the_previous_site_untouched(site_kb: Path) -> None:
    assert run("build", "--no-search").exit_code == 0
    before = _snapshot(site_kb / "_site")
    source = site_kb / "content" / "sops" / "grievance-channel.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(re.sub(r"(?m)^title: .*$", "title: A title never published", text, count=1))
    process = subprocess.Popen(
        [str(WIKIPK), "build", "--no-search"],
        cwd=site_kb,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while not list(site_kb.glob("._site.building-*")) and time.monotonic() < deadline:
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert _snapshot(site_kb / "_site") == before
    assert run("build", "--no-search").exit_code == 0
    assert not list(site_kb.glob("._site.*"))
    assert "A title never published" in (site_kb / "_site/docs/grievance-channel.html").read_text()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.read().decode("utf-8")


def test_serve_previews_the_site_on_localhost(site_kb: Path) -> None:
    port = _free_port()
    process = subprocess.Popen(
        [str(WIKIPK), "serve", "--port", str(port)],
        cwd=site_kb,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline(), process.stdout.readline()]
        assert lines[1] == f"Serving _site/ on http://127.0.0.1:{port}/ (Ctrl+C stops)\n"
        status, page = _get(f"http://127.0.0.1:{port}/docs/grievance-channel.html")
        assert status == 200 and "<h1>Run a single grievance channel" in page
        status, page = _get(f"http://127.0.0.1:{port}/no/such/page")
        assert status == 404 and "Page not found" in page
    finally:
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=20)
    assert output == "stopped\n"
    assert process.returncode == 0


def test_a_change_is_rebuilt_while_serving(site_kb: Path) -> None:
    config = load_config(site_kb)
    out = site_kb / "_site"
    assert run("build", "--no-search").exit_code == 0
    stop = threading.Event()
    said: list[str] = []
    watcher = threading.Thread(target=watch, args=(config, out, stop, said.append))
    with make_server(out, 0) as server:
        thread = threading.Thread(target=server.serve_forever)
        thread.start()
        watcher.start()
        try:
            time.sleep(1)  # the watcher's first look at the files
            source = site_kb / "content" / "sops" / "community-scorecard.md"
            text = source.read_text(encoding="utf-8")
            source.write_text(re.sub(r"(?m)^title: .*$", "title: Score it together", text, count=1))
            address = f"http://127.0.0.1:{server.server_address[1]}/docs/community-scorecard.html"
            deadline = time.monotonic() + 30
            while "Score it together" not in _get(address)[1] and time.monotonic() < deadline:
                time.sleep(0.1)
            assert "<h1>Score it together</h1>" in _get(address)[1]
        finally:
            stop.set()
            watcher.join()
            server.shutdown()
            thread.join()
    assert said and re.fullmatch(r"rebuilt in \d+\.\d s \(1 document rendered\)", said[0])
