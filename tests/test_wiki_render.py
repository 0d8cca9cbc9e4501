"""Rendering many documents for the wiki: across cores, from documents that crossed processes,
and never from a publish cache made by other code or other settings."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest

import sync.wiki.inputs
from sync.wiki.corpus import Corpus
from sync.wiki.desired import desired_pages
from sync.wiki.inputs import inputs_digest
from sync.wiki.publish import PublishOptions
from wikipk.config import Language, load_config
from wikipk.loading import DocumentWorkers, load_knowledge_base
from wikipk.markdown import render_html

DATA = Path(__file__).parent / "data" / "publish"


def test_pages_rendered_across_cores_equal_pages_rendered_in_one_process() -> None:
    config = load_config(DATA)
    documents = load_knowledge_base(config).documents
    corpus = Corpus.of(documents, config.languages)
    serial = desired_pages(documents, corpus, "https://site.example/")
    with DocumentWorkers(2, fork_from=0) as workers:
        load_knowledge_base(config, workers=workers)
        forked = desired_pages(documents, corpus, "https://site.example/", workers)
    assert len(serial) == len(documents) > 2
    assert forked == serial
    assert [page.text for page in forked] == [page.text for page in serial]


def test_a_pickled_document_arrives_with_the_same_parse() -> None:
    documents = load_knowledge_base(load_config(DATA)).documents
    arrived = pickle.loads(pickle.dumps(documents))
    assert arrived == documents
    # Parsed where they are rendered, not on arrival: the parent of the render workers never
    # parses a body the workers render.
    assert not any("tree" in vars(doc) or doc.parsed for doc in arrived)
    assert [render_html(doc.tree) for doc in arrived] == [
        render_html(doc.tree) for doc in documents
    ]
    assert all(doc.tree.children for doc in arrived)


def _options(tmp_path: Path, urdu: Language) -> PublishOptions:
    return PublishOptions(tmp_path, (Language("en", "English"), urdu), "Bot", "summary")


def test_the_publish_cache_digest_covers_every_language_setting(tmp_path: Path) -> None:
    shutil.copytree(DATA / "content", tmp_path / "content")
    content = tmp_path / "content"
    digests = {
        inputs_digest(content, _options(tmp_path, urdu).shaping())
        for urdu in (
            Language("ur", "اردو", "rtl"),
            Language("ur", "Urdu", "rtl"),  # a new name labels every translation link
            Language("ur", "اردو", "ltr"),  # a new direction changes the infobox
        )
    }
    assert len(digests) == 3


def test_the_publish_cache_digest_covers_the_code_that_renders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(DATA / "content", tmp_path / "content")
    code = tmp_path / "code"
    code.mkdir()
    renderer = code / "wikitext.py"
    renderer.write_text("BOLD = \"'''\"\n")
    monkeypatch.setattr(sync.wiki.inputs, "CODE_DIRS", (code,))
    before = inputs_digest(tmp_path / "content", {})
    assert inputs_digest(tmp_path / "content", {}) == before
    renderer.write_text("BOLD = \"''\"\n")  # a renderer change, with the same version number
    assert inputs_digest(tmp_path / "content", {}) != before
