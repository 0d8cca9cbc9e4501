"""The search index's files are whole: wikipk writes them itself from Pagefind's answer.

Pagefind 1.5 acknowledges ``WriteFiles`` before its last writes reach the disk, and a service
that ends right after leaves a file cut short (Pagefind issue 1271): CI once shipped a
``wasm.unknown.pagefind`` cut at a 4 KiB boundary. The files are asked for instead
(``GetFiles``) and written here.
"""

from __future__ import annotations

import base64
import gzip
import json
import sys
import textwrap
from importlib import metadata
from pathlib import Path

import pytest

from site_builder import indexing, search
from site_builder.build import build_site
from site_builder.cache import SiteCache
from site_builder.indexing import SEARCH_FOLDER
from site_builder.search import IndexBuilder, SearchError, SearchRecord, build_index
from tests.site_fixtures import copy_knowledge_base
from wikipk.config import load_config

RECORDS = [
    SearchRecord("/docs/water.html", "Water points", "en", "Restore a broken hand pump"),
    SearchRecord("/docs/water-ur.html", "پانی", "ur", "ٹوٹے ہوئے ہینڈ پمپ کی مرمت"),
]


def _whole(path: Path) -> bytes:
    """A file's bytes, decompressed when gzipped; a gzip stream cut short fails the test."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        try:
            return gzip.decompress(data)
        except EOFError:
            pytest.fail(f"{path.name} is cut short ({len(data)} bytes)")
    return data


def test_every_file_of_the_index_is_whole_and_as_pagefind_made_it(tmp_path: Path) -> None:
    with IndexBuilder() as builder:
        for record in RECORDS:
            builder.add(record)
        assert builder.write(tmp_path / "index") == 2
    names = sorted(p.relative_to(tmp_path / "index").as_posix() for p in tmp_path.rglob("*.*"))
    assert "pagefind.js" in names and "wasm.unknown.pagefind" in names
    assert "pagefind-entry.json" in names
    assert any(name.startswith("fragment/") for name in names)
    assert any(name.startswith("index/") for name in names)
    files = [p for p in (tmp_path / "index").rglob("*") if p.is_file()]
    gzipped = [p for p in files if p.read_bytes()[:2] == b"\x1f\x8b"]
    assert len(gzipped) >= 5
    assert all(_whole(path) for path in gzipped)
    wasm = _whole(tmp_path / "index" / "wasm.unknown.pagefind")
    assert b"\x00asm" in wasm[:64] and len(wasm) > 100_000
    entry = json.loads((tmp_path / "index" / "pagefind-entry.json").read_text())
    assert entry["version"] == metadata.version("pagefind_bin")


def test_files_are_left_out_by_name(tmp_path: Path) -> None:
    with IndexBuilder() as builder:
        builder.add(RECORDS[0])
        builder.write(tmp_path, leave_out=("-ui.", "highlight"))
    names = {path.name for path in tmp_path.iterdir()}
    assert "pagefind.js" in names
    assert not any("-ui." in name or "highlight" in name for name in names)
    assert "pagefind-component-ui.js" not in names and "pagefind-modular-ui.css" not in names


STAND_IN = textwrap.dedent(
    '''
    """A Pagefind service that acknowledges WriteFiles and writes nothing (issue 1271 at its
    worst), and answers GetFiles with the files listed beside it."""
    import base64, json, sys

    FILES = json.loads(open(sys.argv[0] + ".json").read())
    buffer = b""
    while True:
        more = sys.stdin.buffer.read1(65536)
        if not more:
            sys.exit(0)
        buffer += more
        while b"," in buffer:
            message, buffer = buffer.split(b",", 1)
            request = json.loads(base64.b64decode(message))
            payload = {"type": request["payload"]["type"]}
            if payload["type"] == "NewIndex":
                payload["index_id"] = 0
            if payload["type"] == "GetFiles":
                payload["files"] = FILES
            answer = {"message_id": request["message_id"], "payload": payload}
            sys.stdout.buffer.write(base64.b64encode(json.dumps(answer).encode()) + b",")
            sys.stdout.flush()
    '''
)


def _stand_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, bytes]) -> None:
    script = tmp_path / "pagefind-stand-in"
    script.write_text(f"#!{sys.executable}\n{STAND_IN}")
    script.chmod(0o755)
    answer = [
        {"path": path, "content": base64.b64encode(data).decode()} for path, data in files.items()
    ]
    Path(f"{script}.json").write_text(json.dumps(answer))
    monkeypatch.setattr(search, "pagefind_binary", lambda: script)


def test_the_index_does_not_depend_on_pagefinds_own_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wasm = gzip.compress(b"\0asm" * 9000)
    _stand_in(
        tmp_path,
        monkeypatch,
        {"pagefind.js": b"export const v = 1;", "wasm.unknown.pagefind": wasm},
    )
    assert build_index(RECORDS, tmp_path / "index") == 2
    assert (tmp_path / "index" / "pagefind.js").read_bytes() == b"export const v = 1;"
    assert _whole(tmp_path / "index" / "wasm.unknown.pagefind") == b"\0asm" * 9000


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({}, "Pagefind refused the index: it gave no files"),
        ({"../outside.js": b""}, "Pagefind refused the index: a file outside it (../outside.js)"),
        (
            {"/tmp/outside.js": b""},
            "Pagefind refused the index: a file outside it (/tmp/outside.js)",
        ),
    ],
)
def test_an_answer_without_files_or_with_one_outside_the_index_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, bytes], message: str
) -> None:
    _stand_in(tmp_path, monkeypatch, files)
    with pytest.raises(SearchError) as error:
        build_index(RECORDS, tmp_path / "index")
    assert str(error.value) == message
    assert not (tmp_path / "outside.js").exists()
    assert not (tmp_path / "index").exists()


def test_an_index_an_older_wikipk_let_pagefind_write_is_made_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cached index from before may hold a torn file: its key differs, so it is made again."""
    root = copy_knowledge_base(tmp_path / "kb")
    config = load_config(root)
    with monkeypatch.context() as older:
        older.setattr(indexing, "_INDEX_MAKING", b"")  # the key as wikipk made it before
        build_site(config, root / "_site", search=True)
    kept = SiteCache(root).folder / SEARCH_FOLDER / "wasm.unknown.pagefind"
    whole = kept.read_bytes()
    kept.write_bytes(whole[: 16 * 4096])  # cut at a 4 KiB boundary, as Pagefind 1.5 left it
    build_site(config, root / "_site", search=True)
    assert kept.read_bytes() == whole
    assert (root / "_site" / SEARCH_FOLDER / "wasm.unknown.pagefind").read_bytes() == whole
