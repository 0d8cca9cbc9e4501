"""``wikipk publish wiki`` against the real dev wiki: changes only, never over a person's edit."""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from sync.devwiki import instance as dw
from sync.wiki.client import connect, wiki_settings
from sync.wiki.corpus import Corpus
from sync.wiki.plan import WikiPlan
from sync.wiki.publish import PublishOptions, WikiPublisher
from sync.wiki.report import Outcome
from tests.cli_helpers import run
from tests.wiki_fixtures import DevWikiHandle
from wikipk.config import load_config
from wikipk.loading import load_knowledge_base

DATA = Path(__file__).parent / "data" / "publish"
MARKER = "PREMIUM-BODY-MARKER-7f3a"
SOP = "Restore a water scheme"
URDU = "پانی کی اسکیم بحال کریں"


@pytest.fixture
def wiki_kb(
    clean_devwiki: DevWikiHandle, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """The small publish corpus as the working directory, pointed at an empty dev wiki."""
    root = tmp_path / "kb"
    shutil.copytree(DATA, root)
    monkeypatch.chdir(root)
    monkeypatch.setenv("WIKIPK_WIKI_URL", clean_devwiki.url)
    monkeypatch.setenv("WIKIPK_WIKI_USER", clean_devwiki.bot_user)
    monkeypatch.setenv("WIKIPK_WIKI_PASSWORD", clean_devwiki.bot_password)
    yield root


def plan_in_process(root: Path) -> tuple[WikiPublisher, WikiPlan]:
    """A publisher of the knowledge base at ``root`` and its plan, read from the wiki now, so
    that a test can act between the plan's read and the publisher's write."""
    config = load_config(root)
    knowledge = load_knowledge_base(config)
    settings = wiki_settings(config)
    assert settings is not None
    options = PublishOptions(config.content_dir, config.languages, settings.bot_name, "test")
    publisher = WikiPublisher(connect(settings), options, settings.url)
    return publisher, publisher.plan(knowledge.documents, Corpus.of(knowledge.documents))


def publish(*args: str) -> Result:
    return run("publish", "wiki", *args)


def bot_writes(wiki: DevWikiHandle) -> list[dict[str, Any]]:
    """Every change the bot made: edits, creations, moves, uploads, language changes."""
    answer = wiki.site().api(
        "query",
        list="recentchanges",
        rcuser=wiki.bot_user.split("@")[0],
        rcprop="title|loginfo|ids",
        rclimit="max",
        formatversion=2,
    )
    return list(answer["query"]["recentchanges"])


def page_text(wiki: DevWikiHandle, title: str) -> str:
    return str(wiki.site().pages[title].text())


def human_edit(wiki: DevWikiHandle, title: str, text: str) -> None:
    """Edit a page as a person would: the admin account, in the browser's place."""
    admin = wiki.site(as_admin=True)
    answer = admin.post(
        "edit", title=title, text=text, summary="a person's edit", token=admin.get_token("csrf")
    )
    assert answer["edit"]["result"] == "Success"


def test_first_publish_creates_pages_templates_categories_and_files(
    wiki_kb: Path, clean_devwiki: DevWikiHandle
) -> None:
    result = publish()
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == (
        f"Wiki plan for {clean_devwiki.url}: 18 create, 1 upload"
    )
    site = clean_devwiki.site()
    for title in (
        SOP,
        URDU,
        "Integrity rules",
        "A premium case study",
        "Template:Infobox document",
        "Template:Box start",
        "Category:Wikipk documents",
        "Category:SOPs",
        "Category:Tag: water",
    ):
        assert site.pages[title].exists, title
    assert site.images["Diagram.svg"].exists
    assert not site.images["Secret.svg"].exists  # a premium document's image stays off the wiki
    members = {page.name for page in site.categories["Wikipk documents"]}
    assert members == {SOP, URDU, "Integrity rules", "A premium case study"}
    assert result.output.splitlines()[-1] == "Applied: 19 done"


def test_second_publish_changes_nothing(wiki_kb: Path, clean_devwiki: DevWikiHandle) -> None:
    publish()
    before = len(bot_writes(clean_devwiki))
    result = publish()
    assert result.output == (
        f"Wiki plan for {clean_devwiki.url}: 18 unchanged\nApplied: nothing to do\n"
    )
    assert result.exit_code == 0
    assert len(bot_writes(clean_devwiki)) == before


def test_editing_one_document_makes_one_edit(wiki_kb: Path, clean_devwiki: DevWikiHandle) -> None:
    publish()
    before = len(bot_writes(clean_devwiki))
    path = wiki_kb / "content" / "guidelines" / "integrity.md"
    path.write_text(path.read_text().replace("Verify before paying.", "Verify, then pay."))
    result = publish()
    assert result.exit_code == 0, result.output
    assert "update    Integrity rules  [guidelines/integrity.md]" in result.output
    assert "+* Verify, then pay." in result.output
    assert len(bot_writes(clean_devwiki)) == before + 1
    assert "Verify, then pay." in page_text(clean_devwiki, "Integrity rules")


def test_a_new_title_moves_the_page_with_its_history(
    wiki_kb: Path, clean_devwiki: DevWikiHandle
) -> None:
    publish()
    path = wiki_kb / "content" / "guidelines" / "integrity.md"
    path.write_text(path.read_text().replace("title: Integrity rules", "title: Rules of integrity"))
    result = publish()
    assert result.exit_code == 0, result.output
    assert "move      Integrity rules -> Rules of integrity  [guidelines/integrity.md]" in (
        result.output
    )
    # The page linking to it now names the new title: that is its one edit.
    assert f"update    {SOP}  [sops/water-scheme.md]" in result.output
    site = clean_devwiki.site()
    moved = site.pages["Rules of integrity"]
    assert len(list(moved.revisions())) == 2  # its creation, and the move's null revision
    assert site.pages["Integrity rules"].redirect
    assert publish().output.splitlines()[0].endswith(": 18 unchanged")


def test_a_person_s_edit_is_drift_kept_unless_forced(
    wiki_kb: Path, clean_devwiki: DevWikiHandle
) -> None:
    publish()
    human_edit(clean_devwiki, "Integrity rules", "Edited by a person.")
    result = publish()
    assert result.exit_code == 1
    assert "drift     Integrity rules  [guidelines/integrity.md]" in result.output
    assert "last edited by Admin at " in result.output
    assert "; kept" in result.output
    assert "skipped: drift Integrity rules: last edited by Admin at" in result.output
    assert page_text(clean_devwiki, "Integrity rules") == "Edited by a person."
    forced = publish("--force")
    assert forced.exit_code == 0, forced.output
    assert "Verify before paying." in page_text(clean_devwiki, "Integrity rules")


def test_an_edit_racing_a_person_is_a_conflict(wiki_kb: Path, clean_devwiki: DevWikiHandle) -> None:
    publish()
    path = wiki_kb / "content" / "guidelines" / "integrity.md"
    path.write_text(path.read_text().replace("Verify before paying.", "Verify, then pay."))
    publisher, plan = plan_in_process(wiki_kb)
    # A person saves the page between the plan's read and the publisher's write.
    human_edit(clean_devwiki, "Integrity rules", "A person's version.")
    report = publisher.apply(plan)
    conflict = [r for r in report.results if r.title == "Integrity rules"]
    assert [r.outcome for r in conflict] == [Outcome.CONFLICT]
    assert page_text(clean_devwiki, "Integrity rules") == "A person's version."


def test_removed_documents_are_marked_then_pruned(
    wiki_kb: Path, clean_devwiki: DevWikiHandle
) -> None:
    publish()
    (wiki_kb / "content" / "guidelines" / "integrity.md").unlink()
    text = (wiki_kb / "content" / "sops" / "water-scheme.md").read_text()
    (wiki_kb / "content" / "sops" / "water-scheme.md").write_text(
        text.replace(" See the [integrity rules](../guidelines/integrity.md#rules).", "")
    )
    result = publish()
    assert "remove    Integrity rules  (mark for review)" in result.output
    site = clean_devwiki.site()
    assert "Wikipk removed documents" in {
        c.name.split(":")[1] for c in site.pages["Integrity rules"].categories()
    }
    assert publish().output.splitlines()[0].endswith(": 17 unchanged")
    pruned = publish("--prune")
    assert "remove    Integrity rules  (delete)" in pruned.output
    assert not clean_devwiki.site().pages["Integrity rules"].exists


def test_urdu_page_reads_right_to_left(wiki_kb: Path, clean_devwiki: DevWikiHandle) -> None:
    publish()
    site = clean_devwiki.site()
    info = site.api("query", titles=URDU, prop="info", formatversion=2)["query"]["pages"][0]
    assert (info["pagelanguage"], info["pagelanguagedir"]) == ("ur", "rtl")
    html = site.connection.get(f"{clean_devwiki.url}index.php", params={"title": URDU}).text
    assert 'lang="ur" dir="rtl"' in html


def test_a_premium_body_never_reaches_the_wiki(wiki_kb: Path, clean_devwiki: DevWikiHandle) -> None:
    result = publish()
    assert MARKER not in result.output
    site = clean_devwiki.site()
    for page in site.allpages():
        assert MARKER not in page.text(), page.name
    for image in site.allimages():
        assert image.name != "File:Secret.svg"
    teaser = page_text(clean_devwiki, "A premium case study")
    assert "A case study for subscribers only." in teaser


def test_an_unchanged_image_is_not_uploaded_again(
    wiki_kb: Path, clean_devwiki: DevWikiHandle
) -> None:
    publish()
    svg = wiki_kb / "content" / "media" / "diagram.svg"
    svg.write_text(svg.read_text().replace("#4a7", "#47a"))
    result = publish()
    assert "upload    File:Diagram.svg (new version)  [media/diagram.svg]" in result.output
    versions = clean_devwiki.site().images["Diagram.svg"].imagehistory()
    assert len(list(versions)) == 2
    assert "upload" not in publish().output


def test_dry_run_and_formats(wiki_kb: Path, clean_devwiki: DevWikiHandle) -> None:
    dry = publish("--dry-run", "--format", "json")
    plan = json.loads(dry.output)
    assert plan["counts"]["create"] == 18
    assert {p["title"] for p in plan["pages"] if p.get("doc_id")} == {
        SOP,
        URDU,
        "Integrity rules",
        "A premium case study",
    }
    assert not clean_devwiki.site().pages[SOP].exists
    markdown = publish("--dry-run", "--format", "markdown").output
    assert markdown.startswith("### Wiki Pakistan: 18 create, 1 upload\n")
    assert f"| create | {SOP} | `sops/water-scheme.md` |" in markdown


def test_only_publishes_the_named_document(wiki_kb: Path, clean_devwiki: DevWikiHandle) -> None:
    result = publish("--only", "content/guidelines/integrity.md")
    assert result.exit_code == 0, result.output
    site = clean_devwiki.site()
    assert site.pages["Integrity rules"].exists and not site.pages[SOP].exists


def test_problems_stop_the_publish(wiki_kb: Path, clean_devwiki: DevWikiHandle) -> None:
    path = wiki_kb / "content" / "guidelines" / "integrity.md"
    path.write_text(path.read_text().replace("lang: en", "lang: fr"))
    result = publish()
    assert result.exit_code == 1
    assert "content/guidelines/integrity.md:5:7: invalid-field: lang 'fr'" in result.output
    assert "Nothing was published: fix the problems above first." in result.output
    assert not clean_devwiki.site().pages[SOP].exists


def test_a_wrong_password_is_one_sentence(
    wiki_kb: Path, clean_devwiki: DevWikiHandle, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = "0123456789abcdefghijklmnopqrstuv"
    monkeypatch.setenv("WIKIPK_WIKI_PASSWORD", secret)
    result = publish()
    assert result.output == (
        f"Error: the wiki at {clean_devwiki.url} refused the login of "
        f"'{clean_devwiki.bot_user}': check the bot password's name and secret "
        "(WIKIPK_WIKI_USER, WIKIPK_WIKI_PASSWORD)\n"
    )
    assert result.exit_code == 2
    assert secret not in result.output


def test_an_unreachable_wiki_is_one_sentence(
    wiki_kb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WIKIPK_WIKI_URL", "http://127.0.0.1:9/")
    (wiki_kb / "wikipk.yml").write_text("wiki:\n  max_retries: 0\n")
    result = publish()
    assert result.output == (
        "Error: cannot reach the wiki at http://127.0.0.1:9/; is it running?\n"
    )
    assert result.exit_code == 2
    assert os.environ["WIKIPK_WIKI_PASSWORD"] not in result.output


def test_no_wiki_configured(wiki_kb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("WIKIPK_WIKI_URL", "WIKIPK_WIKI_USER", "WIKIPK_WIKI_PASSWORD"):
        monkeypatch.delenv(name)
    result = publish()
    assert result.output == (
        "Error: no wiki is configured: set WIKIPK_WIKI_URL, WIKIPK_WIKI_USER and "
        'WIKIPK_WIKI_PASSWORD (for the local dev wiki: eval "$(wikipk devwiki env)")\n'
    )
    assert result.exit_code == 2


@pytest.mark.allow_warning_logs
def test_a_run_killed_halfway_converges_on_rerun(
    wiki_kb: Path, clean_devwiki: DevWikiHandle
) -> None:
    (wiki_kb / "wikipk.yml").write_text("wiki:\n  max_retries: 1\n  retry_timeout: 1\n")
    env = {**os.environ}
    command = [sys.executable, "-m", "wikipk.cli", "publish", "wiki"]
    with subprocess.Popen(
        command, cwd=wiki_kb, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    ) as run_:
        assert run_.stdout is not None
        for line in run_.stdout:  # stop the wiki once a few pages are written
            if line.startswith("create: Template:"):
                dw.stop(clean_devwiki.wiki)
                break
        run_.stdout.read()
        assert run_.wait(timeout=120) == 1
    dw.start(clean_devwiki.wiki)
    time.sleep(0.1)
    rerun = publish()
    assert rerun.exit_code == 0, rerun.output
    assert publish().output.splitlines()[0].endswith(": 18 unchanged")
    titles = [change["title"] for change in bot_writes(clean_devwiki) if change["type"] == "new"]
    assert len(titles) == len(set(titles))  # nothing was created twice


def test_a_publish_with_nothing_changed_skips_rendering(
    wiki_kb: Path, clean_devwiki: DevWikiHandle, caplog: pytest.LogCaptureFixture
) -> None:
    publish()
    assert (wiki_kb / ".wikipk" / "cache" / "wiki.json").is_file()
    caplog.set_level(logging.INFO, logger="wikipk.loading")
    second = publish()
    assert second.output.splitlines()[0].endswith(": 18 unchanged")
    assert not [r for r in caplog.records if r.name == "wikipk.loading"]  # nothing was loaded
    # A person's edit on the wiki sends the publish down the full path, which reports it.
    human_edit(clean_devwiki, SOP, "A person's text.")
    third = publish()
    assert f"drift     {SOP}  [sops/water-scheme.md]" in third.output
    assert [r for r in caplog.records if r.name == "wikipk.loading"]


def test_links_to_pages_created_later_in_the_run_are_not_red(
    wiki_kb: Path, clean_devwiki: DevWikiHandle
) -> None:
    publish()
    html = (
        clean_devwiki.site()
        .connection.get(f"{clean_devwiki.url}index.php", params={"title": SOP})
        .text
    )
    assert "new" not in _link_classes(html, URDU)


def _link_classes(html: str, title: str) -> str:
    """The class attribute of the first link to ``title`` in a rendered page."""
    import re

    match = re.search(rf'<a [^>]*title="{re.escape(title)}[^"]*"[^>]*>', html)
    assert match, f"no link to {title}"
    found = re.search(r'class="([^"]*)"', match.group(0))
    return found.group(1) if found else ""


def test_the_same_image_under_two_names_is_uploaded_under_both(
    wiki_kb: Path, clean_devwiki: DevWikiHandle
) -> None:
    media = wiki_kb / "content" / "media"
    (media / "diagram-copy.svg").write_bytes((media / "diagram.svg").read_bytes())
    guideline = wiki_kb / "content" / "guidelines" / "integrity.md"
    guideline.write_text(guideline.read_text() + "\n![The same steps](../media/diagram-copy.svg)\n")
    result = publish()
    assert result.exit_code == 0, result.output
    assert "upload    File:Diagram-copy.svg  [media/diagram-copy.svg]" in result.output
    images = clean_devwiki.site().images
    assert images["Diagram-copy.svg"].imageinfo["sha1"] == images["Diagram.svg"].imageinfo["sha1"]
    assert "upload" not in publish().output


OUTSIDE = "OUTSIDE-THE-CONTENT-FOLDER-c40e"


def _outside_svg(tmp_path: Path) -> Path:
    secret = tmp_path / "outside" / "secret.svg"
    secret.parent.mkdir()
    secret.write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><desc>{OUTSIDE}</desc>'
        "</svg>\n",
        encoding="utf-8",
    )
    return secret


def _no_upload_holds_the_outside_file(wiki: DevWikiHandle) -> None:
    for image in wiki.site().allimages():
        assert OUTSIDE.encode() not in image.download(), image.name


def test_a_media_file_linking_outside_is_never_published(
    wiki_kb: Path, clean_devwiki: DevWikiHandle, tmp_path: Path
) -> None:
    diagram = wiki_kb / "content" / "media" / "diagram.svg"
    diagram.unlink()
    diagram.symlink_to(_outside_svg(tmp_path))
    result = publish()
    assert result.output.splitlines() == [
        "content/media/diagram.svg:1:1: symlink-outside: the file is a link to a place outside "
        "the content folder",
        "    hint: copy the file into the content folder instead",
        "1 problem in 1 file (4 documents checked)",
        "Nothing was published: fix the problems above first.",
    ]
    assert result.exit_code == 1
    assert bot_writes(clean_devwiki) == []
    _no_upload_holds_the_outside_file(clean_devwiki)


def test_the_upload_never_opens_a_file_outside_the_content_folder(
    wiki_kb: Path, clean_devwiki: DevWikiHandle, tmp_path: Path
) -> None:
    """A media file replaced by a link leading outside between the plan and its upload fails
    that upload, located; the rest of the plan is applied."""
    publisher, plan = plan_in_process(wiki_kb)
    assert [change.source for change in plan.files] == ["media/diagram.svg"]
    diagram = wiki_kb / "content" / "media" / "diagram.svg"
    diagram.unlink()
    diagram.symlink_to(_outside_svg(tmp_path))
    report = publisher.apply(plan)
    upload = [r for r in report.results if r.title == plan.files[0].name]
    assert [(r.outcome, r.detail) for r in upload] == [
        (Outcome.FAILED, "content/media/diagram.svg leads outside the content folder")
    ]
    assert clean_devwiki.site().pages[SOP].exists
    _no_upload_holds_the_outside_file(clean_devwiki)
