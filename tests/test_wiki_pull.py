"""``wikipk pull wiki`` against the real dev wiki: a person's edit comes home as Markdown.

Each scenario publishes the small corpus, makes a person's edit in MediaWiki (through the API,
as the wiki's own editor saves it: the whole page's wikitext), pulls, and pins the document's
file exactly. Then publishing again writes the page once and the wiki keeps the person's words.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import mwclient
import pytest
from click.testing import Result

from tests.cli_helpers import run
from tests.test_wiki_publish import SOP, URDU, bot_writes, page_text, publish, wiki_kb
from tests.wiki_fixtures import DevWikiHandle

__all__ = ["wiki_kb"]  # the fixture, used by name

SOP_FILE = Path("content/sops/water-scheme.md")
URDU_FILE = Path("content/sops/water-scheme.ur.md")
GUIDELINE = "Integrity rules"
GUIDELINE_FILE = Path("content/guidelines/integrity.md")
PREMIUM = "A premium case study"


def pull(*args: str) -> Result:
    return run("pull", "wiki", *args)


def edit_as(site: Any, title: str, change: Callable[[str], str], summary: str) -> int:
    """Save a change to a page's wikitext as the logged-in person; the new revision's id."""
    text = site.pages[title].text()
    changed = change(text)
    assert changed != text, "the scenario's edit changes nothing"
    answer = site.post(
        "edit", title=title, text=changed, summary=summary, token=site.get_token("csrf")
    )
    assert answer["edit"]["result"] == "Success", answer
    return int(answer["edit"]["newrevid"])


def replacing(old: str, new: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        assert old in text, f"{old!r} is not on the page:\n{text}"
        return text.replace(old, new, 1)

    return change


def person(wiki: DevWikiHandle, name: str = "") -> Any:
    """A person's logged-in client: the admin, or a new account called ``name``."""
    admin = wiki.site(as_admin=True)
    if not name:
        return admin
    password = "a long password for tests 42"
    answer = admin.post(
        "createaccount",
        username=name,
        password=password,
        retype=password,
        createreturnurl=wiki.url,
        createtoken=admin.api("query", meta="tokens", type="createaccount")["query"]["tokens"][
            "createaccounttoken"
        ],
    )
    assert answer["createaccount"]["status"] == "PASS", answer
    site = mwclient.Site(wiki.host, path="/", scheme="http")
    site.clientlogin(username=name, password=password)
    return site


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


# -- one person's edit, each kind ------------------------------------------------------------

# (page, its file, the wikitext the person changes, into, the Markdown the file changes, into)
EDITS = {
    "a changed word": (
        SOP, SOP_FILE, "# Inspect the pump.", "# Inspect the motor.",
        "1. Inspect the pump.", "1. Inspect the motor.",
    ),
    "a new sentence": (
        SOP, SOP_FILE, "One scheme at a time.", "One scheme at a time. Never two at once.",
        "One scheme at a time.", "One scheme at a time. Never two at once.",
    ),
    "a new paragraph": (
        SOP, SOP_FILE, "One scheme at a time.", "One scheme at a time.\n\nFinish it first.",
        "One scheme at a time.\n", "One scheme at a time.\n\nFinish it first.\n",
    ),
    "a list item added and one removed": (
        GUIDELINE, GUIDELINE_FILE,
        "* Post every payment publicly.\n* Verify before paying.",
        "* Post every payment publicly.\n* Keep every receipt.",
        "- Post every payment publicly.\n- Verify before paying.",
        "- Post every payment publicly.\n- Keep every receipt.",
    ),
    "bold and italic": (
        SOP, SOP_FILE, "One scheme at a time.", "'''One''' scheme at a ''time''.",
        "One scheme at a time.", "**One** scheme at a *time*.",
    ),
    "a table cell": (
        SOP, SOP_FILE, "| pays on verified completion", "| pays after verified completion",
        "| Hub | pays on verified completion |", "| Hub | pays after verified completion |",
    ),
    "an external link": (
        SOP, SOP_FILE, "One scheme at a time.",
        "One scheme at a time ([https://example.org/guide the guide]).",
        "One scheme at a time.", "One scheme at a time ([the guide](https://example.org/guide)).",
    ),
    "a link to another document's page": (
        SOP, SOP_FILE, "One scheme at a time.",
        "One scheme at a time, under the [[Integrity rules|integrity rules]].",
        "One scheme at a time.",
        "One scheme at a time, under the [integrity rules](../guidelines/integrity.md).",
    ),
    "an Urdu edit": (
        URDU, URDU_FILE, "اسکیم بحال کریں۔", "اسکیم جلد بحال کریں۔",
        "اسکیم بحال کریں۔", "اسکیم جلد بحال کریں۔",
    ),
}  # fmt: skip


@pytest.mark.parametrize("kind", sorted(EDITS))
def test_a_person_s_edit_comes_home(kind: str, wiki_kb: Path, clean_devwiki: DevWikiHandle) -> None:
    title, path, wiki_old, wiki_new, md_old, md_new = EDITS[kind]
    assert publish().exit_code == 0
    before = read(path)
    assert md_old in before
    edit_as(person(clean_devwiki), title, replacing(wiki_old, wiki_new), "a person's edit")

    result = pull()

    assert result.exit_code == 0, result.output
    assert read(path) == before.replace(md_old, md_new, 1)
    assert f"merged: {title} ({path.relative_to('content')})" in result.output


def test_a_new_section_comes_home_at_the_end(wiki_kb: Path, clean_devwiki: DevWikiHandle) -> None:
    publish()
    before = read(GUIDELINE_FILE)

    def add_section(text: str) -> str:
        head, sep, categories = text.partition("\n\n[[Category:")
        return f"{head}\n\n== Records ==\nKeep every receipt for five years.{sep}{categories}"

    edit_as(person(clean_devwiki), GUIDELINE, add_section, "records")

    assert pull().exit_code == 0
    assert read(GUIDELINE_FILE) == before + "\n## Records\n\nKeep every receipt for five years.\n"


def test_a_renamed_heading_keeps_its_anchor(wiki_kb: Path, clean_devwiki: DevWikiHandle) -> None:
    publish()
    before = read(SOP_FILE)
    edit_as(person(clean_devwiki), SOP, replacing("Scope ==", "Coverage =="), "rename")

    assert pull().exit_code == 0
    # Links to #scope (from other pages, from the site) keep working.
    assert read(SOP_FILE) == before.replace("## Scope\n", "## Coverage {#scope}\n")


def test_an_infobox_field_and_a_new_category_become_front_matter(
    wiki_kb: Path, clean_devwiki: DevWikiHandle
) -> None:
    publish()
    before = read(SOP_FILE)

    def change(text: str) -> str:
        text = replacing("| owner = District hub", "| owner = Tehsil hub")(text)
        return text + "\n[[Category:Tag: sanitation]]"

    edit_as(person(clean_devwiki), SOP, change, "owner and a tag")

    assert pull().exit_code == 0
    expected = before.replace("owner: District hub", "owner: Tehsil hub")
    expected = expected.replace("tags: [water]", "tags: [water, sanitation]")
    assert read(SOP_FILE) == expected


def test_an_unknown_template_is_reported_and_the_file_left_alone(
    wiki_kb: Path, clean_devwiki: DevWikiHandle
) -> None:
    publish()
    before = read(SOP_FILE)
    revid = edit_as(
        person(clean_devwiki),
        SOP,
        replacing("One scheme at a time.", "One scheme at a time.{{Citation needed|date=2026}}"),
        "needs a source",
    )

    result = pull()

    assert result.exit_code == 1
    assert read(SOP_FILE) == before
    assert "needs a person: Restore a water scheme (sops/water-scheme.md)" in result.output
    line = (
        page_text(clean_devwiki, SOP)
        .split("\n")
        .index("One scheme at a time.{{Citation needed|date=2026}}")
    )
    assert (
        f"  line {line + 1} of revision {revid}: template {{{{Citation needed}}}}: "
        "{{Citation needed|date=2026}}\n"
    ) in result.output
    assert (
        "the page holds wikitext with no Markdown form (listed below): the file is left for an "
        "editor to change by hand"
    ) in result.output


def test_a_conflict_with_git_is_written_with_markers_that_check_reports(
    wiki_kb: Path, clean_devwiki: DevWikiHandle
) -> None:
    publish()
    path = SOP_FILE
    path.write_text(read(path).replace("One scheme at a time.", "Two schemes at most."))
    edit_as(
        person(clean_devwiki),
        SOP,
        replacing("One scheme at a time.", "One scheme, then the next."),
        "scope",
    )

    result = pull()

    assert result.exit_code == 1, result.output
    text = read(path)
    assert "<<<<<<< sops/water-scheme.md in git\nTwo schemes at most.\n" in text
    assert "=======\nOne scheme, then the next.\n>>>>>>> Wiki Pakistan revision" in text
    assert "conflict: Restore a water scheme (sops/water-scheme.md)" in result.output
    check = run("check")
    assert check.exit_code == 1
    assert "merge-conflict" in check.output


# -- the loop closes --------------------------------------------------------------------------


def test_after_the_pull_a_publish_writes_the_page_once_and_it_is_no_longer_drift(
    wiki_kb: Path, clean_devwiki: DevWikiHandle
) -> None:
    publish()

    def change(text: str) -> str:
        # A new sentence, and a list item written as MediaWiki's editor lets a person write it.
        text = replacing("One scheme at a time.", "One scheme at a time. Never two at once.")(text)
        return replacing("# Repair it.", "#Repair it.")(text)

    edit_as(person(clean_devwiki), SOP, change, "scope")
    drifting = publish("--dry-run", "--format", "json")
    assert drifting.exit_code == 0
    assert any(page["action"] == "drift" for page in json.loads(drifting.output)["pages"])
    assert pull().exit_code == 0
    before = len(bot_writes(clean_devwiki))

    first = publish()

    assert first.exit_code == 0, first.output
    assert len(bot_writes(clean_devwiki)) == before + 1  # the page, once
    assert "Never two at once." in page_text(clean_devwiki, SOP)
    again = len(bot_writes(clean_devwiki))
    second = publish()
    assert second.exit_code == 0
    assert len(bot_writes(clean_devwiki)) == again
    assert "drift" not in second.output
    repeat = pull()
    assert repeat.exit_code == 0
    assert "No page edited on the wiki since wikipk wrote it" in repeat.output


def test_a_page_whose_text_is_already_the_document_s_is_not_written_again(
    wiki_kb: Path, clean_devwiki: DevWikiHandle
) -> None:
    publish()
    edit_as(
        person(clean_devwiki),
        SOP,
        replacing("One scheme at a time.", "One scheme at a time. Never two at once."),
        "scope",
    )
    assert pull().exit_code == 0
    before = len(bot_writes(clean_devwiki))

    published = publish()

    # The document renders to the person's very text: nothing to write, nothing drifts.
    assert published.exit_code == 0, published.output
    assert len(bot_writes(clean_devwiki)) == before
    assert "drift" not in published.output
    again = pull()
    assert again.exit_code == 0
    assert again.output.endswith("1 page edited on the wiki (4 checked): 1 already home.\n")


def test_a_pull_of_unedited_pages_changes_nothing(
    wiki_kb: Path, clean_devwiki: DevWikiHandle
) -> None:
    publish()
    files = {path: path.read_bytes() for path in Path("content").rglob("*") if path.is_file()}

    result = pull()

    assert result.exit_code == 0
    assert result.output.endswith("No page edited on the wiki since wikipk wrote it (4 checked).\n")
    assert {p: p.read_bytes() for p in Path("content").rglob("*") if p.is_file()} == files


def test_dry_run_writes_nothing(wiki_kb: Path, clean_devwiki: DevWikiHandle) -> None:
    publish()
    before = read(SOP_FILE)
    edit_as(
        person(clean_devwiki), SOP, replacing("# Inspect the pump.", "# Inspect it."), "shorter"
    )

    result = pull("--dry-run")

    assert result.exit_code == 0
    assert read(SOP_FILE) == before
    assert "-1. Inspect the pump.\n  +1. Inspect it." in result.output
    assert "Dry run: no file was changed." in result.output


def git_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the working directory a git repository with everything committed."""
    for name, value in (("NAME", "Wiki Bot"), ("EMAIL", "bot@example.org")):
        monkeypatch.setenv(f"GIT_COMMITTER_{name}", value)
        monkeypatch.setenv(f"GIT_AUTHOR_{name}", value)
    Path(".gitignore").write_text(".wikipk/\n")  # as the repository's own
    subprocess.run(["git", "init", "-q"], check=True)
    subprocess.run(["git", "add", "."], check=True)
    subprocess.run(["git", "commit", "-qm", "start"], check=True)


def test_two_people_editing_one_page_make_two_commits(
    wiki_kb: Path, clean_devwiki: DevWikiHandle, monkeypatch: pytest.MonkeyPatch
) -> None:
    git_repository(monkeypatch)
    publish()
    first = edit_as(
        person(clean_devwiki, "Amina"),
        SOP,
        replacing("One scheme at a time.", "One scheme at a time, done well."),
        "scope",
    )
    second = edit_as(
        person(clean_devwiki, "Bilal"),
        SOP,
        replacing("# Repair it.", "# Repair it, then test the water."),
        "testing",
    )

    result = pull("--commit")

    assert result.exit_code == 0, result.output
    log = subprocess.run(
        ["git", "log", "--format=%an|%s", "-3"], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert log == [
        "Bilal|Wiki Pakistan: edits by Bilal on 1 page",
        "Amina|Wiki Pakistan: edits by Amina on 1 page",
        "Wiki Bot|start",
    ]
    shown = subprocess.run(
        ["git", "show", "HEAD~1", "--format=%B", "--", str(SOP_FILE)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert f"- revision {first}," in shown
    assert f"index.php?diff={first}&oldid=prev" in shown
    assert "+One scheme at a time, done well." in shown
    assert "then test the water" not in shown
    text = read(SOP_FILE)
    assert "One scheme at a time, done well." in text
    assert "2. Repair it, then test the water." in text
    assert f"revision {second} by Bilal" in result.output
    status = subprocess.run(["git", "status", "--porcelain"], capture_output=True, text=True)
    assert status.stdout == ""


def test_commit_refuses_files_with_uncommitted_changes(
    wiki_kb: Path, clean_devwiki: DevWikiHandle, monkeypatch: pytest.MonkeyPatch
) -> None:
    git_repository(monkeypatch)
    publish()
    SOP_FILE.write_text(read(SOP_FILE).replace("Repair it.", "Repair it soon."))
    before = read(SOP_FILE)
    edit_as(person(clean_devwiki), SOP, replacing("# Inspect the pump.", "# Inspect it."), "x")

    result = pull("--commit")

    assert result.exit_code == 2
    assert result.output == (
        "Error: --commit would also commit uncommitted changes in content/sops/water-scheme.md: "
        "commit or discard them first (nothing was written)\n"
    )
    assert read(SOP_FILE) == before


# -- pages handled on purpose -----------------------------------------------------------------


def test_an_edit_to_a_premium_teaser_is_reported_never_merged(
    wiki_kb: Path, clean_devwiki: DevWikiHandle
) -> None:
    publish()
    path = Path("content/case-studies/premium.md")
    before = read(path)
    edit_as(
        person(clean_devwiki),
        PREMIUM,
        replacing("A case study for subscribers only.", "A case study about Quetta."),
        "teaser",
    )

    result = pull()

    assert result.exit_code == 1
    assert read(path) == before
    assert "a person edited the public teaser of a premium document" in result.output
    assert "PREMIUM-BODY-MARKER" not in result.output


def test_a_blanked_page_is_reported_and_the_document_kept(
    wiki_kb: Path, clean_devwiki: DevWikiHandle
) -> None:
    publish()
    before = read(GUIDELINE_FILE)
    edit_as(person(clean_devwiki), GUIDELINE, lambda text: "", "blank")

    result = pull()

    assert result.exit_code == 1
    assert read(GUIDELINE_FILE) == before
    assert "Admin blanked the page: nothing is merged" in result.output


def test_a_deleted_page_is_reported_and_the_document_kept(
    wiki_kb: Path, clean_devwiki: DevWikiHandle
) -> None:
    publish()
    before = read(GUIDELINE_FILE)
    admin = person(clean_devwiki)
    admin.post("delete", title=GUIDELINE, reason="out of date", token=admin.get_token("csrf"))

    result = pull()

    assert result.exit_code == 1
    assert read(GUIDELINE_FILE) == before
    assert "deleted: Integrity rules (guidelines/integrity.md)" in result.output
    assert '("out of date"): the document is kept' in result.output


def test_a_page_a_person_moved_brings_its_title_home(
    wiki_kb: Path, clean_devwiki: DevWikiHandle
) -> None:
    publish()
    before = read(GUIDELINE_FILE)
    admin = person(clean_devwiki)
    admin.post(
        "move",
        **{"from": GUIDELINE},
        to="Integrity rules for small works",
        reason="clearer",
        token=admin.get_token("csrf"),
    )

    result = pull()

    assert result.exit_code == 0, result.output
    assert read(GUIDELINE_FILE) == before.replace(
        "title: Integrity rules\n", "title: Integrity rules for small works\n"
    )
    assert publish().exit_code == 0


def test_formats(wiki_kb: Path, clean_devwiki: DevWikiHandle) -> None:
    publish()
    revid = edit_as(
        person(clean_devwiki), SOP, replacing("# Inspect the pump.", "# Inspect it."), "shorter"
    )

    data = json.loads(pull("--dry-run", "--format", "json").output)
    markdown = pull("--dry-run", "--format", "markdown").output

    assert data["ok"] is True
    (page,) = data["pages"]
    assert page["outcome"] == "merged"
    assert page["revisions"][0]["revid"] == revid
    assert page["revisions"][0]["user"] == "Admin"
    assert page["revisions"][0]["comment"] == "shorter"
    assert "+1. Inspect it." in page["diff"]
    assert "| Page | File | Result | Revisions |" in markdown
    url = clean_devwiki.url.rstrip("/")
    assert f"[{revid}]({url}/index.php?diff={revid}&oldid=prev) by Admin" in markdown


def test_no_wiki_configured_is_a_usage_error(
    wiki_kb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("WIKIPK_WIKI_URL", "WIKIPK_WIKI_USER", "WIKIPK_WIKI_PASSWORD"):
        monkeypatch.delenv(name)
    result = pull()
    assert result.exit_code == 2
    assert result.output.startswith(
        "Error: no wiki is configured: set WIKIPK_WIKI_URL, WIKIPK_WIKI_USER and "
        "WIKIPK_WIKI_PASSWORD ("
    )


def test_an_edit_the_person_took_back_changes_nothing(
    wiki_kb: Path, clean_devwiki: DevWikiHandle
) -> None:
    publish()
    before = read(SOP_FILE)
    site = person(clean_devwiki)
    edit_as(site, SOP, replacing("# Repair it.", "# Repair it twice."), "oops")
    edit_as(site, SOP, replacing("# Repair it twice.", "# Repair it."), "undo")

    result = pull()

    assert result.exit_code == 0
    assert read(SOP_FILE) == before
    assert result.output.endswith("1 page edited on the wiki (4 checked): 1 already home.\n")


def test_only_pulls_the_named_documents(wiki_kb: Path, clean_devwiki: DevWikiHandle) -> None:
    publish()
    sop, guideline = read(SOP_FILE), read(GUIDELINE_FILE)
    site = person(clean_devwiki)
    edit_as(site, SOP, replacing("# Repair it.", "# Repair it well."), "sop")
    edit_as(site, GUIDELINE, replacing("* Verify before paying.", "* Verify."), "guideline")

    result = pull("--only", str(GUIDELINE_FILE))

    assert result.exit_code == 0, result.output
    assert read(SOP_FILE) == sop
    assert read(GUIDELINE_FILE) == guideline.replace("- Verify before paying.", "- Verify.")


def test_an_edit_of_a_template_is_reported_with_where_to_bring_it(
    wiki_kb: Path, clean_devwiki: DevWikiHandle
) -> None:
    publish()
    revid = edit_as(
        person(clean_devwiki),
        "Template:Box end",
        lambda text: text + "\n[[Category:Layout templates]]",
        "categorise",
    )

    result = pull()

    assert result.exit_code == 1
    url = clean_devwiki.url.rstrip("/")
    assert (
        "needs a person: Template:Box end (made from templates/wiki/Box_end.wikitext)\n"
        f"  revision {revid} by Admin at "
    ) in result.output
    assert (
        ": wikipk makes this page from templates/wiki/Box_end.wikitext; bring the change there "
        "by hand, or undo it on the wiki (until then the page is drift, left alone)\n"
        f"  {url}/index.php?diff={revid}&oldid=prev\n"
    ) in result.output
    assert result.output.endswith(
        "1 page edited on the wiki (4 checked): 1 made from templates, categories or scorecards.\n"
    )
    assert pull("--only", str(SOP_FILE)).exit_code == 0  # not a page of that document


def test_a_wrong_password_is_one_sentence_and_never_shown(
    wiki_kb: Path, clean_devwiki: DevWikiHandle, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = "0123456789abcdefghijklmnopqrstuv"
    monkeypatch.setenv("WIKIPK_WIKI_PASSWORD", secret)
    result = pull()
    assert result.output == (
        f"Error: the wiki at {clean_devwiki.url} refused the login of "
        f"'{clean_devwiki.bot_user}': check the bot password's name and secret "
        "(WIKIPK_WIKI_USER, WIKIPK_WIKI_PASSWORD)\n"
    )
    assert result.exit_code == 2
    assert secret not in result.output


def test_content_problems_stop_the_pull_before_it_reads_the_wiki(
    wiki_kb: Path, clean_devwiki: DevWikiHandle
) -> None:
    publish()
    edit_as(person(clean_devwiki), SOP, replacing("# Inspect the pump.", "# Inspect it."), "x")
    GUIDELINE_FILE.write_text(read(GUIDELINE_FILE).replace("lang: en\n", ""))
    before = read(SOP_FILE)

    result = pull()

    assert result.exit_code == 1
    assert result.output.endswith("Nothing was pulled: fix the problems above first.\n")
    assert read(SOP_FILE) == before


def test_a_page_last_written_by_an_older_wikipk_still_comes_home(
    wiki_kb: Path, clean_devwiki: DevWikiHandle
) -> None:
    publish()
    bot = clean_devwiki.site()
    text = page_text(clean_devwiki, SOP).replace("# Repair it.", "# Repair it soon.")
    # An older wikipk named no text sha1 in its summaries.
    answer = bot.post(
        "edit", title=SOP, text=text, summary="wikipk 0.1", token=bot.get_token("csrf")
    )
    assert answer["edit"]["result"] == "Success"
    SOP_FILE.write_text(read(SOP_FILE).replace("2. Repair it.", "2. Repair it soon."))
    before = read(SOP_FILE)
    edit_as(person(clean_devwiki), SOP, replacing("# Inspect the pump.", "# Inspect it."), "x")

    result = pull()

    assert result.exit_code == 0, result.output
    assert read(SOP_FILE) == before.replace("1. Inspect the pump.", "1. Inspect it.")
