"""No sequence of publishes loses a person's edit on the wiki, short of ``--force``.

A race harness lets a person's edit land between wikipk's read of the wiki and its write, on
the real dev wiki: the test's hook runs the person's edit (as the admin, in a browser's place)
just before the bot's request leaves. Every scenario ends with a count of the person's
revisions that are neither the page's latest revision nor reported by the last run: it must be
0.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests
from click.testing import Result

from tests.test_wiki_publish import page_text, publish, wiki_kb
from tests.wiki_fixtures import DevWikiHandle

__all__ = ["wiki_kb"]  # the fixture, used by name

GUIDELINE = "Integrity rules"
PERSON_LINE = "A district officer's note: payments over 50,000 rupees need two signatures."


@dataclass
class Person:
    """A person editing Wiki Pakistan, who can be made to save just before one of the bot's
    requests (an ``edit``, ``move``, ``delete`` or ``upload`` of a given page)."""

    wiki: DevWikiHandle
    site: Any = None
    hooks: dict[tuple[str, str], Callable[[], None]] = field(default_factory=dict)
    busy: bool = False

    def __post_init__(self) -> None:
        self.site = self.wiki.site(as_admin=True)
        self.site.site_init()  # mwclient learns the account's rights (upload) here

    def edit(self, title: str, change: Callable[[str], str]) -> None:
        text = self.site.pages[title].text()
        answer = self.site.post(
            "edit",
            title=title,
            text=change(text),
            summary="a person's edit",
            token=self.site.get_token("csrf"),
        )
        assert answer["edit"]["result"] == "Success", answer

    def upload(self, name: str, data: bytes) -> None:
        answer = self.site.upload(
            io.BytesIO(data), filename=name, comment="a person's version", ignore=True
        )
        assert answer["result"] == "Success", answer

    def before(self, action: str, title: str, edit: Callable[[], None]) -> None:
        """Make ``edit`` land just before the bot's next ``action`` on ``title``."""
        self.hooks[(action, title)] = edit

    def intercept(self, data: Any) -> None:
        if self.busy or not isinstance(data, dict):
            return
        action = str(data.get("action", ""))
        title = str(data.get("title") or data.get("from") or data.get("filename") or "")
        hook = self.hooks.pop((action, title), None)
        if hook is not None:
            self.busy = True
            try:
                hook()
            finally:
                self.busy = False


@pytest.fixture
def person(clean_devwiki: DevWikiHandle, monkeypatch: pytest.MonkeyPatch) -> Iterator[Person]:
    """A person on the dev wiki, and the hook that lets their edit race the bot's write."""
    someone = Person(clean_devwiki)
    original = requests.Session.request

    def request(session: requests.Session, method: str, url: str, **kwargs: Any) -> Any:
        someone.intercept(kwargs.get("data"))
        return original(session, method, url, **kwargs)

    monkeypatch.setattr(requests.Session, "request", request)
    yield someone
    assert not someone.hooks, f"the bot never made these requests: {sorted(someone.hooks)}"


def lost_revisions(wiki: DevWikiHandle, last_run: Result) -> list[str]:
    """The people's revisions that are neither their page's latest revision nor reported as
    drift or a conflict by the last run (or superseded by another person's revision)."""
    site = wiki.site()
    bot = wiki.bot_user.split("@")[0]
    answer = site.api(
        "query",
        list="allrevisions",
        arvprop="ids|user|timestamp",
        arvlimit="max",
        arvdir="newer",
        formatversion=2,
    )
    lost = []
    for page in answer["query"]["allrevisions"]:
        revisions = page["revisions"]
        for revision, later in itertools.pairwise(revisions):
            if revision["user"] == bot or later["user"] != bot:
                continue
            title = page["title"]
            reported = [
                line
                for line in last_run.output.splitlines()
                if title in line and line.split()[0].rstrip(":") in ("drift", "conflict")
            ]
            if not reported:
                lost.append(f"{title} revision {revision['revid']} by {revision['user']}")
    return lost


def _change_guideline(kb: Path, old: str, new: str) -> None:
    path = kb / "content" / "guidelines" / "integrity.md"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def _prepend(line: str) -> Callable[[str], str]:
    return lambda text: f"{line}\n{text}"


def _replace(old: str, new: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        assert old in text
        return text.replace(old, new)

    return change


def test_an_edit_merged_with_a_person_s_is_a_conflict_and_stays_drift(
    wiki_kb: Path, clean_devwiki: DevWikiHandle, person: Person
) -> None:
    assert publish().exit_code == 0
    _change_guideline(wiki_kb, "Verify before paying.", "Verify, then pay.")
    # The person adds a line far from wikipk's change: MediaWiki merges the two edits.
    person.before("edit", GUIDELINE, lambda: person.edit(GUIDELINE, _prepend(PERSON_LINE)))
    raced = publish()
    assert raced.exit_code == 1, raced.output
    assert (
        f"conflict: update {GUIDELINE}: someone edited the page after the plan was made, and "
        "the wiki merged their edit into wikipk's (revision "
    ) in raced.output
    assert (
        "nothing was lost; the page is drift until an editor brings the change into the document"
        in raced.output
    )
    text = page_text(clean_devwiki, GUIDELINE)
    assert PERSON_LINE in text and "Verify, then pay." in text
    # Every later run sees the merged revision as drift: the person's line is never erased.
    for _ in range(2):
        later = publish()
        assert later.exit_code == 1, later.output
        assert f"drift     {GUIDELINE}  [guidelines/integrity.md]" in later.output
        assert "holds text wikipk did not send: another edit was merged into it; kept" in (
            later.output
        )
        assert PERSON_LINE in page_text(clean_devwiki, GUIDELINE)
    assert lost_revisions(clean_devwiki, later) == []
    assert publish("--force").exit_code == 0
    assert PERSON_LINE not in page_text(clean_devwiki, GUIDELINE)


def test_an_edit_racing_a_person_on_the_same_line_is_a_conflict(
    wiki_kb: Path, clean_devwiki: DevWikiHandle, person: Person
) -> None:
    assert publish().exit_code == 0
    _change_guideline(wiki_kb, "Verify before paying.", "Verify, then pay.")
    person.before(
        "edit",
        GUIDELINE,
        lambda: person.edit(GUIDELINE, _replace("Verify before paying.", "Verify twice.")),
    )
    raced = publish()
    assert raced.exit_code == 1
    assert (
        f"conflict: update {GUIDELINE}: someone edited the page after the plan was made; "
        "nothing was overwritten: run the publish again to see the change"
    ) in raced.output
    later = publish()
    assert f"drift     {GUIDELINE}  [guidelines/integrity.md]" in later.output
    assert "Verify twice." in page_text(clean_devwiki, GUIDELINE)
    assert lost_revisions(clean_devwiki, later) == []


def test_a_retitle_never_moves_over_a_person_s_edit(
    wiki_kb: Path, clean_devwiki: DevWikiHandle, person: Person
) -> None:
    assert publish().exit_code == 0
    person.edit(GUIDELINE, _prepend(PERSON_LINE))
    _change_guideline(wiki_kb, "title: Integrity rules", "title: Rules of integrity")
    result = publish()
    assert result.exit_code == 1, result.output
    assert (
        f"drift     {GUIDELINE} -> Rules of integrity (and update)  [guidelines/integrity.md]\n"
        "          last edited by Admin at "
    ) in result.output
    assert "skipped: drift Rules of integrity: last edited by Admin at " in result.output
    assert PERSON_LINE in page_text(clean_devwiki, GUIDELINE)
    assert not clean_devwiki.site().pages["Rules of integrity"].exists
    assert lost_revisions(clean_devwiki, publish()) == []
    # --force makes the move and the edit it stood in for.
    assert publish("--force").exit_code == 0
    assert PERSON_LINE not in page_text(clean_devwiki, "Rules of integrity")


def test_a_person_s_edit_just_before_a_move_is_a_conflict(
    wiki_kb: Path, clean_devwiki: DevWikiHandle, person: Person
) -> None:
    assert publish().exit_code == 0
    _change_guideline(wiki_kb, "title: Integrity rules", "title: Rules of integrity")
    person.before("move", GUIDELINE, lambda: person.edit(GUIDELINE, _prepend(PERSON_LINE)))
    raced = publish()
    assert raced.exit_code == 1, raced.output
    # The move keeps the text it finds, so it went through; reading it back tells.
    assert (
        "conflict: move Rules of integrity: the page was edited just before it was moved: revision "
    ) in raced.output
    assert "holds text wikipk did not write, and the page is drift until an editor reviews it" in (
        raced.output
    )
    assert PERSON_LINE in page_text(clean_devwiki, "Rules of integrity")
    later = publish()
    assert "drift     Rules of integrity  [guidelines/integrity.md]" in later.output
    assert lost_revisions(clean_devwiki, later) == []


def _remove_guideline(kb: Path) -> None:
    (kb / "content" / "guidelines" / "integrity.md").unlink()
    sop = kb / "content" / "sops" / "water-scheme.md"
    sop.write_text(
        sop.read_text().replace(" See the [integrity rules](../guidelines/integrity.md#rules).", "")
    )


def test_prune_never_deletes_a_page_a_person_edited_after_it_was_marked(
    wiki_kb: Path, clean_devwiki: DevWikiHandle, person: Person
) -> None:
    assert publish().exit_code == 0
    _remove_guideline(wiki_kb)
    assert "remove    Integrity rules  (mark for review)" in publish().output
    person.edit(GUIDELINE, _prepend("Keep this page: the district still uses these rules."))
    pruned = publish("--prune")
    assert pruned.exit_code == 1, pruned.output
    assert (f"drift     {GUIDELINE}  (delete)\n          last edited by Admin at ") in pruned.output
    assert "; its document was removed; kept" in pruned.output
    assert clean_devwiki.site().pages[GUIDELINE].exists
    assert lost_revisions(clean_devwiki, pruned) == []


def test_a_person_s_edit_just_before_a_delete_is_a_conflict(
    wiki_kb: Path, clean_devwiki: DevWikiHandle, person: Person
) -> None:
    assert publish().exit_code == 0
    _remove_guideline(wiki_kb)
    assert publish().exit_code == 0
    person.before("delete", GUIDELINE, lambda: person.edit(GUIDELINE, _prepend(PERSON_LINE)))
    pruned = publish("--prune")
    assert pruned.exit_code == 1
    assert (
        f"conflict: remove {GUIDELINE}: someone edited the page just before it was deleted; it "
        "was restored with their edit: run the publish again to see the change"
    ) in pruned.output
    assert PERSON_LINE in page_text(clean_devwiki, GUIDELINE)
    assert lost_revisions(clean_devwiki, publish("--prune")) == []


def test_marking_a_removed_page_merged_with_a_person_s_edit_is_a_conflict(
    wiki_kb: Path, clean_devwiki: DevWikiHandle, person: Person
) -> None:
    assert publish().exit_code == 0
    _remove_guideline(wiki_kb)
    person.before("edit", GUIDELINE, lambda: person.edit(GUIDELINE, _prepend(PERSON_LINE)))
    marked = publish()
    assert marked.exit_code == 1, marked.output
    assert f"conflict: remove {GUIDELINE}: someone edited the page after the plan was made" in (
        marked.output
    )
    pruned = publish("--prune")
    assert f"drift     {GUIDELINE}  (delete)" in pruned.output
    assert PERSON_LINE in page_text(clean_devwiki, GUIDELINE)
    assert lost_revisions(clean_devwiki, pruned) == []


def _new_diagram(kb: Path) -> None:
    svg = kb / "content" / "media" / "diagram.svg"
    svg.write_text(svg.read_text().replace("#4a7", "#47a"))


def _persons_diagram(kb: Path) -> bytes:
    svg = (kb / "content" / "media" / "diagram.svg").read_text()
    return svg.replace("#4a7", "#a74").encode()


def test_a_file_a_person_uploaded_is_never_replaced(
    wiki_kb: Path, clean_devwiki: DevWikiHandle, person: Person
) -> None:
    assert publish().exit_code == 0
    person.upload("Diagram.svg", _persons_diagram(wiki_kb))
    _new_diagram(wiki_kb)
    result = publish()
    assert result.exit_code == 1, result.output
    assert (
        "drift     File:Diagram.svg (new version)  [media/diagram.svg]\n"
        "          the wiki's version was uploaded by Admin; kept"
    ) in result.output
    assert (
        "skipped: drift Diagram.svg: the wiki's version was uploaded by Admin; use --force to "
        "replace it"
    ) in result.output
    info = clean_devwiki.site().images["Diagram.svg"].imageinfo
    assert info["user"] == "Admin"
    time.sleep(1.1)  # the wiki names file versions to the second
    assert publish("--force").exit_code == 0
    assert clean_devwiki.site().images["Diagram.svg"].imageinfo["user"] != "Admin"


def test_a_person_s_upload_just_before_wikipk_s_is_a_conflict(
    wiki_kb: Path, clean_devwiki: DevWikiHandle, person: Person
) -> None:
    assert publish().exit_code == 0
    persons = _persons_diagram(wiki_kb)
    _new_diagram(wiki_kb)

    def upload() -> None:
        person.upload("Diagram.svg", persons)
        time.sleep(1.1)  # the wiki names file versions to the second

    person.before("upload", "Diagram.svg", upload)
    result = publish()
    assert result.exit_code == 1, result.output
    assert (
        "conflict: upload Diagram.svg: someone uploaded another version just before wikipk's; "
        "theirs was restored: run the publish again to see the change"
    ) in result.output
    history = list(clean_devwiki.site().images["Diagram.svg"].imagehistory())
    assert history[0]["sha1"] == hashlib.sha1(persons).hexdigest(), result.output
    later = publish()
    assert later.exit_code == 1, later.output
    assert (
        "drift     File:Diagram.svg (new version)  [media/diagram.svg]\n"
        "          the wiki's version is one a person uploaded, restored by wikipk; kept"
    ) in later.output


def test_a_person_s_edit_of_a_template_page_is_drift(
    wiki_kb: Path, clean_devwiki: DevWikiHandle, person: Person
) -> None:
    assert publish().exit_code == 0
    template = "Template:Box end"
    person.edit(template, _prepend("<!-- a person's tweak -->"))
    result = publish()
    assert result.exit_code == 1
    assert f"drift     {template}\n          last edited by Admin at " in result.output
    assert "<!-- a person's tweak -->" in page_text(clean_devwiki, template)
    assert lost_revisions(clean_devwiki, result) == []
