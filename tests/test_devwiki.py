"""Tests of ``wikipk devwiki`` against a real local MediaWiki (no mocks)."""

from __future__ import annotations

import hashlib
import io
import re
import shlex
import socket
import stat
import struct
import urllib.request
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from sync.devwiki import instance as dw
from sync.devwiki import server as devwiki_server
from tests.wiki_fixtures import DevWikiHandle
from wikipk.cli import main

PORT_TAKEN = (
    "Error: Port {port} on 127.0.0.1 is already in use by another process; "
    "stop it or choose another port with --port.\n"
)


def run_cli(*args: str) -> Result:
    """Invoke ``wikipk devwiki ARGS`` in-process (through ``wikipk``, which reports errors)."""
    return CliRunner().invoke(main, ["devwiki", *args], catch_exceptions=False)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def tiny_png() -> bytes:
    """A valid 1x1 RGB PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x00\x80\x40")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


@pytest.fixture
def clone_dir(devwiki: DevWikiHandle, tmp_path: Path) -> Iterator[Path]:
    """A stopped copy of the template instance; stopped again after the test."""
    directory = tmp_path / "clone"
    dw.clone(devwiki.template, directory)
    yield directory
    dw.stop(dw.instance(directory))


def test_cli_creates_starts_and_stops(tmp_path: Path) -> None:
    directory = tmp_path / "devwiki"
    port = free_port()
    where = ["--dir", str(directory), "--port", str(port)]
    url = f"http://127.0.0.1:{port}/"
    try:
        first = run_cli("start", *where)
        assert first.exit_code == 0, first.output
        assert first.output == (
            f"Created a new devwiki in {directory}.\ndevwiki started at {url} ({directory}).\n"
        )
        again = run_cli("start", "--dir", str(directory))
        assert again.output == f"devwiki is already running at {url} ({directory}).\n"
        status = run_cli("status", "--dir", str(directory))
        match = re.fullmatch(
            re.escape(f"devwiki is running at {url} ({directory}, pid ") + r"(\d+)\)\.\n",
            status.output,
        )
        assert match, status.output
        pid = int(match.group(1))
    finally:
        stopped = run_cli("stop", "--dir", str(directory))
    assert stopped.output == f"devwiki stopped ({url}, {directory}).\n"
    assert devwiki_server.group_members(pid) == []
    assert (
        run_cli("stop", "--dir", str(directory)).output
        == f"devwiki is not running ({directory}).\n"
    )
    assert run_cli("status", "--dir", str(directory)).output.startswith("devwiki is stopped (")
    credentials = directory / "credentials.json"
    assert stat.S_IMODE(credentials.stat().st_mode) == 0o600
    creds = dw.credentials(dw.instance(directory))
    assert re.fullmatch(r"[0-9a-v]{32}", creds.bot_password)
    assert re.fullmatch(r"[A-Za-z0-9]{24}", creds.admin_password)
    create_log = (directory / "logs" / "create.log").read_text(encoding="utf-8")
    assert "createBotPassword.php" in create_log
    assert creds.bot_password not in create_log
    assert creds.admin_password not in create_log


def test_env_prints_quoted_exports(devwiki: DevWikiHandle) -> None:
    result = run_cli("env", "--dir", str(devwiki.wiki.dir))
    assert result.exit_code == 0
    exports = dict(shlex.split(line)[1].split("=", 1) for line in result.output.splitlines())
    assert exports == {
        "WIKIPK_WIKI_URL": devwiki.url,
        "WIKIPK_WIKI_USER": "PushBot@wikipk",
        "WIKIPK_WIKI_PASSWORD": devwiki.bot_password,
        "DEVWIKI_ADMIN_USER": "Admin",
        "DEVWIKI_ADMIN_PASSWORD": devwiki.admin_password,
    }
    assert all(line.startswith("export ") for line in result.output.splitlines())


def test_port_taken_by_a_plain_socket(clone_dir: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        result = run_cli("start", "--dir", str(clone_dir), "--port", str(port))
    assert result.exit_code == 2
    assert result.output == PORT_TAKEN.format(port=port)
    assert not (clone_dir / "server.json").exists()


def test_port_taken_by_another_wiki(devwiki: DevWikiHandle, clone_dir: Path) -> None:
    # The other wiki would answer an API probe: only the server's own log tells the truth.
    port = devwiki.wiki.port
    result = run_cli("start", "--dir", str(clone_dir), "--port", str(port))
    assert result.exit_code == 2
    assert result.output == PORT_TAKEN.format(port=port)
    assert not dw.status(dw.instance(clone_dir)).running


def test_env_of_missing_instance_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("env", "--dir", str(tmp_path / "none"))
    assert result.exit_code == 2
    assert result.output == (
        f"Error: There is no devwiki in {tmp_path / 'none'}; "
        "create it with `wikipk devwiki start`.\n"
    )


def test_missing_system_packages_are_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    result = run_cli("start", "--dir", str(tmp_path / "new"), "--port", str(free_port()))
    assert result.exit_code == 1
    assert "php not found" in result.output
    assert "run scripts/install-system-packages as root." in result.output


def test_bot_and_admin_log_in_with_needed_rights(devwiki: DevWikiHandle) -> None:
    bot = devwiki.site()
    info = bot.api("query", meta="userinfo", uiprop="rights|groups")["query"]["userinfo"]
    assert info["name"] == "PushBot"
    needed = {"edit", "upload", "reupload", "move", "delete", "pagelang", "apihighlimits"}
    assert needed <= set(info["rights"])
    admin = devwiki.site(as_admin=True)
    admin_info = admin.api("query", meta="userinfo", uiprop="groups")["query"]["userinfo"]
    assert admin_info["name"] == "Admin"
    assert "sysop" in admin_info["groups"]


def test_anonymous_editing_is_off(devwiki: DevWikiHandle) -> None:
    with urllib.request.urlopen(
        f"{devwiki.api_url}?action=query&meta=userinfo&uiprop=rights&format=json"
    ) as response:
        rights = response.read().decode()
    assert '"read"' in rights
    assert '"edit"' not in rights


def test_cite_and_parserfunctions_render(devwiki: DevWikiHandle) -> None:
    text = "Fact.<ref>Source</ref> {{#if: x | yes-branch | no-branch }}\n<references />"
    result = devwiki.site().post(
        "parse", text=text, title="Sandbox", contentmodel="wikitext", prop="text"
    )
    html = result["parse"]["text"]["*"]
    assert 'class="reference"' in html
    assert "Source" in html
    assert "yes-branch" in html
    assert "no-branch" not in html


def test_urdu_page_language_is_rtl(devwiki: DevWikiHandle) -> None:
    site = devwiki.site()
    title = "پاکستان کے صوبے"
    site.pages[title].edit("پاکستان کے چار صوبے ہیں۔", summary="test")
    site.post("setpagelanguage", title=title, lang="ur", token=site.get_token("csrf"))
    pages = site.api("query", prop="info", titles=title)["query"]["pages"]
    (info,) = pages.values()
    assert info["pagelanguage"] == "ur"
    assert info["pagelanguagedir"] == "rtl"


def test_png_upload_is_stored_and_served(devwiki: DevWikiHandle) -> None:
    data = tiny_png()
    site = devwiki.site()
    result = site.upload(io.BytesIO(data), filename="Devwiki test dot.png", description="dot")
    assert result["result"] == "Success"
    query = site.api(
        "query", prop="imageinfo", iiprop="url|sha1", titles="File:Devwiki test dot.png"
    )
    (page,) = query["query"]["pages"].values()
    image = page["imageinfo"][0]
    assert image["sha1"] == hashlib.sha1(data).hexdigest()
    with urllib.request.urlopen(image["url"]) as response:
        assert response.headers["Content-Type"] == "image/png"
        assert response.read() == data


def test_reset_empties_the_wiki_and_keeps_sessions(devwiki: DevWikiHandle) -> None:
    site = devwiki.site()
    site.pages["Reset me"].edit("Page text [[Category:Reset]]", summary="test")
    site.upload(io.BytesIO(tiny_png()), filename="Reset dot.png", description="dot")
    result = run_cli("reset", "--dir", str(devwiki.wiki.dir))
    assert result.output == f"devwiki reset to an empty wiki ({devwiki.wiki.dir}).\n"
    pages = [page["title"] for page in site.api("query", list="allpages")["query"]["allpages"]]
    assert pages == ["Main Page"]
    assert site.api("query", list="allimages")["query"]["allimages"] == []
    assert not site.pages["Reset me"].exists
    # Still logged in: the page ID of the reset page is reused, the cached parse is gone.
    site.pages["Other page"].edit("Fresh text", summary="after reset")
    html = site.post("parse", page="Other page", prop="text")["parse"]["text"]["*"]
    assert "Fresh text" in html
    devwiki.reset()
    assert site.api("query", list="allpages")["query"]["allpages"][0]["title"] == "Main Page"
