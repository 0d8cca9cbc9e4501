"""``wikipk build`` and ``wikipk serve`` as users run them: output, exit codes, safety."""

from __future__ import annotations

import http.client
import os
import queue
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
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
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
    font = next((out / "assets" / "fonts").glob("*.woff2"))

    def weight(page: Path) -> tuple[int, int]:
        """The page, the shared files, the unlock script on premium pages and the font on
        pages that preload it; and the page's limit."""
        text = page.read_text(encoding="utf-8")
        extra = unlock.stat().st_size if unlock.name in text else 0
        if f'fonts/{font.name}" as="font"' in text:
            return page.stat().st_size + shared + extra + font.stat().st_size, 20_000 + 120_000
        return page.stat().st_size + shared + extra, 20_000

    weights = {
        path.relative_to(out).as_posix(): weight(path)
        for path in out.rglob("*.html")
        if "pagefind" not in path.parts
    }
    heavy = sorted((url, size, limit) for url, (size, limit) in weights.items() if size > limit)
    assert heavy
    assert any(limit > 20_000 for _, _, limit in heavy)  # an Urdu page, with its font
    assert result.output.splitlines()[1:] == [
        f"over budget: {url} weighs {weight / 1000:.1f} KB with its CSS and scripts (budget 20 KB)"
        if limit == 20_000
        else f"over budget: {url} weighs {weight / 1000:.1f} KB with its CSS, scripts and Urdu "
        "font (budget 20 KB + 120 KB for the font)"
        for url, weight, limit in heavy
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


@dataclass
class Serving:
    """A ``wikipk serve`` process started by a test, the port it serves on, and its output."""

    process: subprocess.Popen[str]
    port: int
    lines: queue.SimpleQueue[str] = field(default_factory=queue.SimpleQueue)

    def read(self) -> None:
        """Take its output line by line (in a thread: a test never blocks on a silent server)."""
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)

    def line(self, timeout: float = 60) -> str:
        """The next line it prints."""
        return self.lines.get(timeout=timeout)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _default_sigint() -> None:
    """Ctrl+C as in a terminal, also when the test runner ignores SIGINT."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@contextmanager
def serving(root: Path, ignore_sigint: bool = False) -> Iterator[Serving]:
    """Run ``wikipk serve`` in ``root``; whatever happens, stop it on leaving (SIGTERM, then
    SIGKILL after 20 s), so that no server outlives its test. ``ignore_sigint`` starts it as
    some CI runners do (``nohup``, ``setsid``): with SIGINT ignored, inherited through exec."""
    port = _free_port()
    process = subprocess.Popen(
        [str(WIKIPK), "serve", "--port", str(port)],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        preexec_fn=_ignore_sigint if ignore_sigint else _default_sigint,
    )
    server = Serving(process, port)
    reader = threading.Thread(target=server.read, daemon=True)
    reader.start()
    try:
        yield server
    finally:
        stop(process)
        reader.join(10)
        assert process.stdout is not None
        process.stdout.close()


def stop(process: subprocess.Popen[str], timeout: float = 20) -> None:
    """Terminate ``process``; kill it when it has not ended within ``timeout`` seconds."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_serve_previews_the_site_on_localhost(site_kb: Path) -> None:
    with serving(site_kb) as server:
        lines = [server.line(), server.line()]
        assert lines[1] == f"Serving _site/ on {server.url('/')} (Ctrl+C stops)\n"
        status, page = _get(server.url("/docs/grievance-channel.html"))
        assert status == 200 and "<h1>Run a single grievance channel" in page
        status, page = _get(server.url("/no/such/page"))
        assert status == 404 and "Page not found" in page
        server.process.send_signal(signal.SIGINT)
        assert server.process.wait(timeout=20) == 0
        assert server.line() == "stopped\n"


def test_serve_stops_on_sigterm_even_when_sigint_is_ignored(site_kb: Path) -> None:
    with serving(site_kb, ignore_sigint=True) as server:
        assert server.line().startswith("rebuilt in ")
        assert server.line().startswith("Serving _site/ on ")
        assert _get(server.url("/"))[0] == 200
        started = time.monotonic()
        server.process.send_signal(signal.SIGINT)  # ignored, as the parent ignores it
        time.sleep(0.5)
        assert server.process.poll() is None
        server.process.terminate()
        assert server.process.wait(timeout=20) == 0
        assert time.monotonic() - started < 10
        assert server.line() == "stopped\n"


def _retitle(root: Path, title: str) -> None:
    source = root / "content" / "sops" / "community-scorecard.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(re.sub(r"(?m)^title: .*$", f"title: {title}", text, count=1))


def test_a_failed_rebuild_is_one_line_and_serve_keeps_watching(site_kb: Path) -> None:
    with serving(site_kb) as server:
        assert server.line().startswith("rebuilt in ")
        assert server.line().startswith("Serving _site/ on ")
        page = server.url("/docs/community-scorecard.html")
        before = _get(page)[1]
        cache = site_kb / ".wikipk"
        shutil.rmtree(cache)
        cache.write_text("a file where the cache folder should be\n", encoding="utf-8")
        _retitle(site_kb, "Score it together")
        assert server.line() == (
            ".wikipk/cache/site/fonts: Not a directory; the site was not rebuilt\n"
        )
        assert _get(page)[1] == before
        cache.unlink()
        _retitle(site_kb, "Score it together again")
        assert re.fullmatch(r"rebuilt in \d+\.\d s \(25 documents rendered\)\n", server.line())
        assert "<h1>Score it together again</h1>" in _get(page)[1]
        server.process.terminate()
        assert server.process.wait(timeout=20) == 0
        assert server.line() == "stopped\n"


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


@pytest.fixture
def site_with_links_out(tmp_path: Path) -> Path:
    """A site folder whose links lead outside it, beside a folder of secrets."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("SECRET\n")
    (outside / "index.html").write_text("SECRET INDEX\n")
    site = tmp_path / "site"
    (site / "docs").mkdir(parents=True)
    (site / "index.html").write_text("home\n")
    (site / "404.html").write_text("Page not found\n")
    (site / "leak.txt").symlink_to(outside / "secret.txt")
    (site / "linked").symlink_to(outside)
    (site / "docs" / "index.html").symlink_to(outside / "secret.txt")
    (site / "passwd").symlink_to("/etc/passwd")
    (site / "loop").symlink_to(site / "loop")
    return site


@pytest.mark.parametrize(
    "path",
    [
        "/leak.txt",
        "/passwd",
        "/loop",
        "/linked/secret.txt",
        "/linked/",
        "/docs/",
        "/../outside/secret.txt",
        "/%2e%2e/outside/secret.txt",
        "/%2E%2E%2Foutside%2Fsecret.txt",
        "/..%5coutside%5csecret.txt",
        "//etc/passwd",
        "/etc/passwd",
        str(Path("/etc/passwd").resolve()),
    ],
)
def test_serve_never_answers_with_a_file_outside_the_site(
    site_with_links_out: Path, path: str
) -> None:
    with make_server(site_with_links_out, 0) as server:
        thread = threading.Thread(target=server.serve_forever)
        thread.start()
        try:
            connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1])
            connection.request("GET", path)  # as sent: no client normalises the path
            answer = connection.getresponse()
            status, body = answer.status, answer.read().decode()
            connection.close()
            assert _get(f"http://127.0.0.1:{server.server_address[1]}/")[1] == "home\n"
        finally:
            server.shutdown()
            thread.join()
    assert (status, body) == (404, "Page not found\n")
