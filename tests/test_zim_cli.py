"""``wikipk export zim`` and ``wikipk build`` with ``site: zim`` as users run them: the output,
the same bytes for the same content, and no file written (or the previous one kept) when
something is wrong. What the files hold: ``tests/test_zim.py``.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

import site_builder.zim.archive
from site_builder.cache import CACHE_DIR
from site_builder.serve import rebuild
from site_builder.zim.export import export_zim
from tests.cli_helpers import run
from tests.premium_kb import (
    MARKER,
    PREMIUM_ID,
    add_subscriber,
    copy_starter,
    read_as_subscriber,
    write_config,
)
from tests.site_fixtures import copy_knowledge_base
from tests.zim_books import read_book, zimcheck
from wikipk.config import load_config

EN = "wiki-pakistan_en_2026-11.zim"
UR = "wiki-pakistan_ur_2026-11.zim"
SERVE = "read them with the Kiwix app, or serve them: kiwix-serve"
EXPORTED = (
    f"wrote _zim/{EN}: 22 documents in en, 0.2 MB\n"
    f"wrote _zim/{UR}: 3 documents in ur, 0.2 MB\n"
    f"Exported 2 ZIM files from 25 documents in N s; {SERVE} _zim/*.zim\n"
)
_SECONDS = re.compile(r" in \d+\.\d s([;( ])")
LONG_AGO = 1_000_000_000_000_000_000
"""An mtime (in ns, 2001) a file keeps only if nothing writes it."""


def masked(output: str) -> str:
    """A command's output with its seconds masked."""
    return _SECONDS.sub(r" in N s\1", output)


@pytest.fixture(scope="module")
def warm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The starter content, exported once: its cache makes the command tests' exports quick,
    and its files are what the same content must give anywhere."""
    root = copy_knowledge_base(tmp_path_factory.mktemp("zim-warm"))
    export_zim(load_config(root), root / "_zim")
    return root


@pytest.fixture
def starter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, warm: Path) -> Path:
    """A copy of the starter content (with the warm cache) that is the working directory."""
    root = tmp_path / "kb"
    shutil.copytree(warm / "content", root / "content")
    shutil.copytree(warm / CACHE_DIR, root / CACHE_DIR)
    monkeypatch.chdir(root)
    return root


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {path.name: (path.read_bytes(), path.stat().st_mtime_ns) for path in folder.iterdir()}


def _age(folder: Path) -> None:
    for path in folder.iterdir():
        os.utime(path, ns=(LONG_AGO, LONG_AGO))


def _edit(root: Path) -> None:
    source = root / "content/sops/grievance-channel.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("## Purpose\n", "## Purpose\n\nA sentence more.\n\n", 1))


def test_the_same_content_gives_the_same_bytes_and_a_change_a_new_file(
    starter: Path, warm: Path
) -> None:
    result = run("export", "zim")
    assert result.exit_code == 0, result.output
    assert masked(result.output) == EXPORTED
    folder = starter / "_zim"
    assert sorted(path.name for path in folder.iterdir()) == [EN, UR]
    for name in (EN, UR):  # another folder, the same content: the same bytes
        assert (folder / name).read_bytes() == (warm / "_zim" / name).read_bytes()
    _age(folder)
    before = _snapshot(folder)
    again = run("export", "zim")
    assert masked(again.output) == EXPORTED.replace("wrote", "unchanged")
    assert _snapshot(folder) == before
    _edit(starter)
    changed = run("export", "zim")
    assert masked(changed.output) == EXPORTED.replace(f"wrote _zim/{UR}", f"unchanged _zim/{UR}")
    after = _snapshot(folder)
    assert after[UR] == before[UR]
    assert after[EN][0] != before[EN][0] and after[EN][1] != LONG_AGO
    assert b"A sentence more." in read_book(folder / EN).items["docs/grievance-channel.html"]


def test_one_language(starter: Path) -> None:
    result = run("export", "zim", "--lang", "ur")
    assert result.exit_code == 0
    assert masked(result.output) == (
        f"wrote _zim/{UR}: 3 documents in ur, 0.2 MB\n"
        f"Exported 1 ZIM file from 3 documents in N s; {SERVE} _zim/*.zim\n"
    )
    assert [path.name for path in (starter / "_zim").iterdir()] == [UR]


def test_an_unknown_language_is_a_usage_error(starter: Path) -> None:
    result = run("export", "zim", "--lang", "xx")
    assert (result.exit_code, result.output) == (
        2,
        "Error: 'xx' is not a language of this knowledge base (it has en, ur)\n",
    )
    assert not (starter / "_zim").exists()


def test_a_language_without_documents(starter: Path) -> None:
    (starter / "wikipk.yml").write_text(
        "languages:\n  - {code: en, name: English}\n  - {code: ur, name: اردو, dir: rtl}\n"
        "  - {code: pa, name: ਪੰਜਾਬੀ}\n",
        encoding="utf-8",
    )
    result = run("export", "zim", "--lang", "pa")
    assert (result.exit_code, result.output) == (
        2,
        "Error: there are no documents in 'pa': no ZIM file was written\n",
    )
    assert not (starter / "_zim").exists()


def test_content_problems_write_no_file(starter: Path) -> None:
    assert run("export", "zim").exit_code == 0
    _age(starter / "_zim")
    before = _snapshot(starter / "_zim")
    _edit(starter)
    source = starter / "content/sops/grievance-channel.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("(#protected-route-for-sensitive-complaints)", "(#nowhere)"))
    (starter / "content/sops/empty.md").write_text("")
    problems = run("check", "--no-cache").output.rsplit("\n", 2)[0]
    assert "content/sops/grievance-channel.md:" in problems
    result = run("export", "zim")
    assert result.exit_code == 1
    assert result.output == problems + "\n2 problems in 2 files: no ZIM file was written\n"
    assert _snapshot(starter / "_zim") == before


def test_out_names_the_folder_and_an_older_month_is_replaced(starter: Path) -> None:
    folder = starter / "offline" / "books"
    folder.mkdir(parents=True)
    for name in (
        "wiki-pakistan_en_2026-10.zim",
        "wiki-pakistan_ur_2025-01.zim",
        "other_en_2026-10.zim",
    ):
        (folder / name).write_bytes(b"an older file")
    result = run("export", "zim", "--out", "offline/books")
    assert result.exit_code == 0
    assert masked(result.output) == EXPORTED.replace("_zim/", "offline/books/")
    assert sorted(path.name for path in folder.iterdir()) == ["other_en_2026-10.zim", EN, UR]
    assert not (starter / "_zim").exists()
    assert not list(starter.rglob("*.writing"))


@pytest.mark.parametrize("where", ["write", "settle"])
def test_a_failed_write_leaves_the_previous_file(
    starter: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    assert run("export", "zim").exit_code == 0
    _age(starter / "_zim")
    before = _snapshot(starter / "_zim")
    _edit(starter)
    config = load_config(starter)
    if where == "write":  # libzim fails in the middle of the entries
        original = site_builder.zim.archive._Page.__init__
        count = []

        def failing(self: object, entry: object) -> None:
            count.append(entry)
            if len(count) == 40:
                raise OSError(28, "No space left on device")
            original(self, entry)

        monkeypatch.setattr(site_builder.zim.archive._Page, "__init__", failing)
    else:  # the file is complete, its identifiers are being settled

        def settle(path: Path) -> None:
            assert path.stat().st_size > 100_000
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(site_builder.zim.archive, "_settle", settle)
    with pytest.raises(OSError, match="No space left"):
        export_zim(config, starter / "_zim")
    assert _snapshot(starter / "_zim") == before
    left = [path for path in starter.rglob("*") if path.is_file() and ".zim" in path.name]
    assert sorted(path.relative_to(starter).as_posix() for path in left) == [
        f"_zim/{EN}",
        f"_zim/{UR}",
    ]


KILLED = """
import os, signal, sys
import site_builder.zim.archive
from wikipk.cli import main

def killed(path):
    assert path.stat().st_size > 100_000  # libzim wrote the whole file, beside the old one
    os.kill(os.getpid(), signal.SIGKILL)

site_builder.zim.archive._settle = killed
main(["export", "zim"])
"""


def test_a_killed_export_leaves_the_previous_file_and_the_next_one_tidies_up(
    starter: Path,
) -> None:
    assert run("export", "zim").exit_code == 0
    folder = starter / "_zim"
    _age(folder)
    before = _snapshot(folder)
    _edit(starter)
    env = {key: value for key, value in os.environ.items() if not key.startswith("WIKIPK_")}
    killed = subprocess.run(
        [sys.executable, "-c", KILLED], cwd=starter, env=env, capture_output=True, check=False
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    (leftover,) = [path for path in folder.iterdir() if path.name.endswith(".writing")]
    assert leftover.name.startswith(f".{EN}.")
    assert {name: _snapshot(folder)[name] for name in before} == before
    result = run("export", "zim")
    assert masked(result.output) == EXPORTED.replace(f"wrote _zim/{UR}", f"unchanged _zim/{UR}")
    assert sorted(path.name for path in folder.iterdir()) == [EN, UR]


# wikipk build with site: zim.


@pytest.fixture
def premium_starter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, warm: Path) -> Path:
    """The starter content with the leak marker planted and a subscriber registry."""
    root = copy_starter(tmp_path / "kb", marker=True)
    shutil.copytree(warm / CACHE_DIR, root / CACHE_DIR, dirs_exist_ok=True)
    monkeypatch.chdir(root)
    return root


def test_build_writes_the_files_beside_the_site_without_a_sealed_body(
    premium_starter: Path, warm: Path
) -> None:
    root = premium_starter
    write_config(root, "site:\n  zim: true\nzim:\n  out: offline\n")
    code = add_subscriber(root, "Full")
    result = run("build", "--no-search")
    assert result.exit_code == 0, result.output
    lines = masked(result.output).splitlines()
    assert re.fullmatch(
        r"Built 87 pages from 25 documents into _site/ in N s \(\d+ rendered, \d+ unchanged; "
        r"no search index\)",
        lines[0],
    )
    assert lines[1:] == [
        "premium: 1 document sealed, key files for 1 active subscriber",
        f"wrote offline/{EN}: 22 documents in en, 0.2 MB",
        f"wrote offline/{UR}: 3 documents in ur, 0.2 MB",
    ]
    assert MARKER in read_as_subscriber(root / "_site", code)
    for name in (EN, UR):
        book = read_book(root / "offline" / name)
        for path, data in book.items.items():
            for secret in (MARKER, code, code.replace("-", ""), 'id="sealed"'):
                assert secret.encode() not in data, (name, path, secret)
            assert not path.startswith(("keys/", "sealed/")), path
    assert "For subscribers" in read_book(root / "offline" / EN).text(f"docs/{PREMIUM_ID}.html")
    assert not (root / "_zim").exists()
    for name in (EN, UR):  # as if the premium body had no marker: nothing of it is in the file
        assert (root / "offline" / name).read_bytes() == (warm / "_zim" / name).read_bytes()


def test_the_plan_writes_no_zim_file(starter: Path) -> None:
    """``wikipk plan`` builds the site in a temporary folder and changes nothing."""
    (starter / "wikipk.yml").write_text("site:\n  zim: true\n")
    result = run("plan", "--targets", "site")
    assert result.exit_code == 0, result.output
    assert "Site plan" in result.output
    assert not (starter / "_zim").exists()


OUTCOMES = {"export": "no ZIM file was written", "build": "the site was not built"}
COMMANDS = {"export": ("export", "zim"), "build": ("build", "--no-search")}


def _nothing_written(root: Path) -> None:
    assert not (root / "_zim").exists()
    assert not (root / "_site").exists()


@pytest.mark.parametrize("command", ["export", "build"])
def test_wrong_zim_settings_stop_before_anything_is_written(starter: Path, command: str) -> None:
    (starter / "wikipk.yml").write_text("site:\n  zim: true\nzim:\n  nmae: wiki\n")
    result = run(*COMMANDS[command])
    assert (result.exit_code, result.output) == (
        2,
        f"Error: wikipk.yml:4:3: unknown setting 'zim.nmae'; {OUTCOMES[command]}\n"
        "    hint: did you mean 'name'?\n",
    )
    _nothing_written(starter)


@pytest.mark.parametrize("command", ["export", "build"])
@pytest.mark.parametrize(
    ("name", "reason"),
    [("icon.png", "it is not an image"), ("none.png", "No such file or directory")],
)
def test_an_unreadable_illustration(starter: Path, command: str, name: str, reason: str) -> None:
    (starter / "icon.png").write_text("not a picture")
    (starter / "wikipk.yml").write_text(f"site:\n  zim: true\nzim:\n  illustration: {name}\n")
    result = run(*COMMANDS[command])
    assert (result.exit_code, result.output) == (
        2,
        f"Error: cannot read the ZIM illustration '{name}' ({reason}): name a square PNG in "
        f"'zim: illustration' (Kiwix shows it 48x48 pixels); {OUTCOMES[command]}\n",
    )
    _nothing_written(starter)


def test_the_configured_illustration_is_made_48_pixels(starter: Path) -> None:
    Image.new("RGB", (300, 300), (200, 10, 10)).save(starter / "icon.webp", lossless=True)
    (starter / "wikipk.yml").write_text("zim:\n  illustration: icon.webp\n")
    assert run("export", "zim", "--lang", "ur").exit_code == 0
    book = read_book(starter / "_zim" / UR)
    with Image.open(io.BytesIO(bytes(book.archive.get_illustration_item(48).content))) as icon:
        assert (icon.format, icon.size) == ("PNG", (48, 48))
        assert icon.convert("RGB").getpixel((24, 24)) == (200, 10, 10)
    assert zimcheck(book.path).returncode == 0


XISH = """---
id: xish-guideline
type: guideline
title: A guideline in Xish
lang: xx
summary: A short guideline in a language without a known three-letter code.
updated: 2026-11-18
tags: [planning]
authors: [Wiki Pakistan editors]
---

## Purpose

Plan the work with the community.
"""
LANGUAGES = (
    "languages:\n  - {code: en, name: English}\n  - {code: ur, name: اردو, dir: rtl}\n"
    "  - {code: xx, name: Xish}\n"
)
"""Xish last: the files of English and Urdu would be written before it is reached."""


@pytest.mark.parametrize("command", ["export", "build"])
def test_a_language_without_a_three_letter_code(starter: Path, command: str) -> None:
    (starter / "content/guidelines/xish.md").write_text(XISH, encoding="utf-8")
    (starter / "wikipk.yml").write_text("site:\n  zim: true\n" + LANGUAGES, encoding="utf-8")
    result = run(*COMMANDS[command])
    assert (result.exit_code, result.output) == (
        2,
        "Error: wikipk does not know the ISO 639-3 code of the language 'xx', which a ZIM file "
        "must name: add it under 'zim: languages:' in wikipk.yml (such as 'xx: abc', the language's three-letter code); "
        f"{OUTCOMES[command]}\n",
    )
    _nothing_written(starter)
    (starter / "wikipk.yml").write_text(
        LANGUAGES + "zim:\n  languages:\n    xx: xsh\n", encoding="utf-8"
    )
    assert run("export", "zim").exit_code == 0
    book = read_book(starter / "_zim" / "wiki-pakistan_xx_2026-11.zim")
    assert book.metadata("Language") == "xsh"
    assert book.has("docs/xish-guideline.html")


def test_a_knowledge_base_without_documents_writes_no_file(starter: Path) -> None:
    shutil.rmtree(starter / "content")
    (starter / "content").mkdir()
    result = run("export", "zim")
    assert (result.exit_code, result.output) == (
        2,
        "Error: there are no documents to export: no ZIM file was written\n",
    )
    assert not (starter / "_zim").exists()


def test_the_preview_server_rebuilds_the_site_without_the_zim_files(starter: Path) -> None:
    (starter / "wikipk.yml").write_text("site:\n  zim: true\n", encoding="utf-8")
    said: list[str] = []
    assert rebuild(load_config(starter), starter / "_site", said.append)
    assert len(said) == 1
    assert said[0].startswith("rebuilt in "), said
    assert (starter / "_site/index.html").is_file()
    assert not (starter / "_zim").exists()
