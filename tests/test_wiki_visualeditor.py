"""MediaWiki's VisualEditor on the dev wiki: a person edits a page that wikipk published without
touching wikitext, and the page's wikitext keeps every byte wikipk wrote except their change.

VisualEditor asks Parsoid (in MediaWiki core) for the page as HTML and gives Parsoid the edited
HTML back. Parsoid writes again only the nodes the person changed (selective serialisation): a
changed word leaves the infobox, the tables, the footnotes, the box and the entities as wikipk
wrote them. What a person adds is written in Parsoid's own style, which differs from wikipk's
(links without the leading colon, raw ``&`` and ``<``, ``<nowiki>`` around what would be
markup, no blank line after a new heading or list); the cases below pin it, since the reader of
``wikipk pull wiki`` must read it.

The person is the dev wiki's admin account (a human account, as in ``test_wiki_human_edits``):
once through VisualEditor's own API, as its editing surface calls it, and once typing in the
editing surface in Debian's headless Chromium.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Route

from tests.cli_helpers import run
from tests.wiki_fixtures import DevWikiHandle

DATA = Path(__file__).parent / "data" / "visualeditor"
TITLE = "Repair a hand pump in one week"
SUMMARY = "a person's edit in VisualEditor"
LOCAL = re.compile(r"^(?!http://127\.0\.0\.1[:/]).*")


@dataclass(frozen=True)
class Published:
    """The dev wiki after ``wikipk publish wiki`` of the scenario's knowledge base."""

    wiki: DevWikiHandle
    wikitext: str
    """The wikitext wikipk wrote for :data:`TITLE`."""
    root: Path
    """The knowledge base that was published (never changed: pull into a copy)."""


@dataclass(frozen=True)
class Opened:
    """A page as VisualEditor opens it: Parsoid's HTML and what the save sends back."""

    html: str
    basetimestamp: str
    starttimestamp: str
    oldid: int
    etag: str


@pytest.fixture(scope="module")
def published_once(
    devwiki: DevWikiHandle, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Published]:
    """A hand pump SOP (infobox, lists, a table, footnotes, a box, links, an image) published
    by ``wikipk publish wiki`` on the emptied dev wiki, once for this module's tests (the wiki
    is emptied again after them)."""
    devwiki.reset()
    root = tmp_path_factory.mktemp("visualeditor") / "kb"
    shutil.copytree(DATA, root)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        patch.setenv("WIKIPK_WIKI_URL", devwiki.url)
        patch.setenv("WIKIPK_WIKI_USER", devwiki.bot_user)
        patch.setenv("WIKIPK_WIKI_PASSWORD", devwiki.bot_password)
        result = run("publish", "wiki")
    assert result.exit_code == 0, result.output
    yield Published(devwiki, wikitext(devwiki), root)
    devwiki.reset()


@pytest.fixture
def published(published_once: Published) -> Published:
    """The published page with the wikitext wikipk wrote (the bot undoes an earlier test's
    edit: cheaper than publishing again)."""
    bot = published_once.wiki.site()
    answer = bot.post(
        "edit",
        title=TITLE,
        text=published_once.wikitext,
        summary="as wikipk wrote it",
        token=bot.get_token("csrf"),
    )
    assert answer["edit"]["result"] == "Success", answer
    return published_once


def wikitext(wiki: DevWikiHandle) -> str:
    return str(wiki.site().pages[TITLE].text())


def latest_revision(wiki: DevWikiHandle) -> dict[str, Any]:
    answer = wiki.site().api(
        "query", prop="revisions", titles=TITLE, rvprop="user|comment|tags", formatversion=2
    )
    revision: dict[str, Any] = answer["query"]["pages"][0]["revisions"][0]
    return revision


def open_in_visualeditor(person: Any) -> Opened:
    """``action=visualeditor&paction=parse``: what the editing surface loads."""
    answer = person.post("visualeditor", page=TITLE, paction="parse")["visualeditor"]
    assert answer["result"] == "success", answer
    return Opened(
        answer["content"],
        answer["basetimestamp"],
        answer["starttimestamp"],
        answer["oldid"],
        answer["etag"],
    )


def save_from_visualeditor(person: Any, opened: Opened, edited: str) -> None:
    """``action=visualeditoredit&paction=save``: what the surface's "Save changes" sends."""
    assert edited != opened.html, "the edit changed nothing"
    answer = person.post(
        "visualeditoredit",
        page=TITLE,
        paction="save",
        html=edited,
        summary=SUMMARY,
        basetimestamp=opened.basetimestamp,
        starttimestamp=opened.starttimestamp,
        oldid=opened.oldid,
        etag=opened.etag,
        token=person.get_token("csrf"),
    )
    assert answer["visualeditoredit"]["result"] == "success", answer


def edit_in_visualeditor(wiki: DevWikiHandle, change: Callable[[str], str]) -> str:
    """A person's edit of :data:`TITLE` through VisualEditor's API; the wikitext after it."""
    person = wiki.site(as_admin=True)
    opened = open_in_visualeditor(person)
    save_from_visualeditor(person, opened, change(opened.html))
    revision = latest_revision(wiki)
    assert (revision["user"], revision["comment"]) == (wiki.admin_user, SUMMARY)
    return wikitext(wiki)


def once(pattern: str, replacement: str) -> Callable[[str], str]:
    """A change of Parsoid's HTML: ``pattern`` (a regular expression) must match once."""

    def change(page: str) -> str:
        assert len(re.findall(pattern, page, flags=re.DOTALL)) == 1, pattern
        return re.sub(pattern, replacement, page, flags=re.DOTALL)

    return change


def change_infobox(field: str, value: str) -> Callable[[str], str]:
    """A change of one infobox field, as VisualEditor's template dialog makes it."""

    def change(page: str) -> str:
        found = re.search(r"data-mw='([^']*\"wt\":\"Infobox document[^']*)'", page)
        assert found is not None
        data = json.loads(html.unescape(found.group(1)))
        data["parts"][0]["template"]["params"][field]["wt"] = value
        written = html.escape(json.dumps(data, ensure_ascii=False), quote=True)
        return page[: found.start(1)] + written + page[found.end(1) :]

    return change


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ("The repair is small", "The repair is quick", "a paragraph ending in a footnote"),
        ("Logs the complaint", "Records the complaint", "an aligned table cell with &amp;"),
        ("kept for two years", "kept for three years", "a list item with an external link"),
        ("before buying any part", "before you buy any part", "a link to another document"),
        ("for 30 minutes of pumping", "for 40 minutes of pumping", "a continued <ol> item"),
        ("from the approved list", "from the district's approved list", "a numbered item"),
    ],
)
def test_a_word_changed_in_visualeditor_changes_only_that_word(
    published: Published, old: str, new: str, where: str
) -> None:
    assert published.wikitext.count(old) == 1, where
    after = edit_in_visualeditor(published.wiki, once(re.escape(old), new))
    assert after == published.wikitext.replace(old, new)


def test_an_infobox_field_changed_in_visualeditor_changes_only_its_line(
    published: Published,
) -> None:
    after = edit_in_visualeditor(published.wiki, change_infobox("owner", "Tehsil water office"))
    old = "| owner = District delivery hub\n"
    assert published.wikitext.count(old) == 1
    assert after == published.wikitext.replace(old, "| owner = Tehsil water office\n")


#: What Parsoid writes for content a person adds in VisualEditor: (anchor, added HTML, wikitext
#: before, wikitext after). The HTML goes right after the anchor (a regular expression of
#: Parsoid's HTML); the page's wikitext changes only where "before" becomes "after".
ADDED = {
    "a paragraph after a list: no blank line; raw & and <; a link without its colon": (
        r"Pumps that need new parts, not a new bore\.</li>\s*</ul>",
        "<p>Note: <i>only</i> pumps &amp; wells, <b>not</b> &lt; 10 m deep; see the"
        ' <a rel="mw:WikiLink" href="./Integrity_rules#rules">rules</a> and'
        ' <a rel="mw:ExtLink" href="https://example.org/pumps">a guide</a>.</p>',
        "* Pumps that need new parts, not a new bore.\n",
        "* Pumps that need new parts, not a new bore.\n"
        "Note: ''only'' pumps & wells, '''not''' < 10 m deep; see the"
        " [[Integrity rules#rules|rules]] and [https://example.org/pumps a guide].\n",
    ),
    "a section: no anchor span, no blank line under the heading": (
        r"not by work\.<sup[^>]*>.*?</sup></p>",
        "<h3>Spare parts</h3><p>Keep two of each.</p>",
        "table 4.</ref>\n",
        "table 4.</ref>\n\n=== Spare parts ===\nKeep two of each.\n",
    ),
    "a table row: no space after |, no alignment": (
        r"Checks that water flows and signs the log</td>\s*<td[^>]*>1</td></tr>",
        "<tr><td>Engineer</td><td>Checks <b>big</b> repairs</td><td>2</td></tr>",
        '| style="text-align:right" | 1\n|}\n',
        "| style=\"text-align:right\" | 1\n|-\n|Engineer\n|Checks '''big''' repairs\n|2\n|}\n",
    ),
    "text that looks like markup: <nowiki>": (
        r"Pumps that need new parts, not a new bore\.</li>\s*</ul>",
        "<p>* a star, [[brackets]], {{braces}}, ''quotes'', &lt;b&gt;tag&lt;/b&gt; and"
        " https://example.org/bare</p>",
        "* Pumps that need new parts, not a new bore.\n",
        "* Pumps that need new parts, not a new bore.\n"
        "<nowiki>*</nowiki> a star, <nowiki>[[brackets]]</nowiki>, <nowiki>{{braces}}</nowiki>,"
        " <nowiki>''</nowiki>quotes<nowiki>''</nowiki>, <nowiki><b>tag</b></nowiki> and"
        " <nowiki>https://example.org/bare</nowiki>\n",
    ),
}


@pytest.mark.parametrize(("anchor", "added", "before", "after"), ADDED.values(), ids=ADDED)
def test_what_visualeditor_writes_for_what_a_person_adds(
    published: Published, anchor: str, added: str, before: str, after: str
) -> None:
    assert published.wikitext.count(before) == 1
    edited = edit_in_visualeditor(published.wiki, once(f"({anchor})", rf"\1{added}"))
    assert edited == published.wikitext.replace(before, after)


def log_in(page: Page, wiki: DevWikiHandle) -> None:
    page.goto(f"{wiki.url}index.php?title=Special:UserLogin")
    page.fill("#wpName1", wiki.admin_user)
    page.fill("#wpPassword1", wiki.admin_password)
    page.click("#wpLoginAttempt")
    page.wait_for_selector("#pt-logout")


@pytest.fixture
def person_in_browser(published: Published, browser: Browser) -> Iterator[tuple[Page, list[str]]]:
    """A logged-in person in Chromium, with the console errors of their pages; nothing leaves
    127.0.0.1."""
    errors: list[str] = []
    context = browser.new_context(viewport={"width": 1280, "height": 900})

    def refuse(route: Route) -> None:
        errors.append(f"request outside 127.0.0.1: {route.request.url}")
        route.abort()

    context.route(LOCAL, refuse)
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        log_in(page, published.wiki)
        yield page, errors
    finally:
        context.close()


def test_a_person_types_a_sentence_in_visualeditor_and_saves(
    published: Published, person_in_browser: tuple[Page, list[str]]
) -> None:
    page, errors = person_in_browser
    wiki = published.wiki
    page.goto(f"{wiki.url}index.php?title={TITLE.replace(' ', '_')}&veaction=edit")
    surface = page.locator(".ve-ce-documentNode[contenteditable='true']")
    surface.wait_for()
    box = surface.locator("p", has_text="Pay the mechanic only after")
    assert box.evaluate("e => e.isContentEditable") is False  # a template to VisualEditor
    paragraph = surface.locator("p", has_text="Parts come from the district store")
    assert paragraph.evaluate("e => e.isContentEditable") is True
    paragraph.click(position={"x": 1, "y": 5})
    page.keyboard.press("Home")
    page.keyboard.type("Keep every receipt. ")
    page.locator(".ve-ui-toolbar-saveButton").click()
    dialog = page.locator(".ve-ui-mwSaveDialog")
    dialog.locator(".ve-ui-mwSaveDialog-summary textarea").fill(SUMMARY)
    dialog.locator(".oo-ui-processDialog-actions-primary a").click()
    page.wait_for_selector("html:not(.ve-active) #mw-content-text")
    assert "Keep every receipt. Parts come from" in page.locator("#mw-content-text").inner_text()
    old = "Parts come from the district store"
    assert wikitext(wiki) == published.wikitext.replace(old, f"Keep every receipt. {old}")
    revision = latest_revision(wiki)
    assert (revision["user"], revision["comment"]) == (wiki.admin_user, SUMMARY)
    assert revision["tags"] == ["visualeditor"]
    assert errors == []


def pulled(published: Published, tmp_path: Path) -> tuple[str, str, str]:
    """``wikipk pull wiki`` in a copy of the published knowledge base: its output, and the
    SOP's file before and after."""
    root = tmp_path / "kb"
    shutil.copytree(published.root, root)
    path = root / "content" / "sops" / "handpump.md"
    before = path.read_text(encoding="utf-8")
    wiki = published.wiki
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        patch.setenv("WIKIPK_WIKI_URL", wiki.url)
        patch.setenv("WIKIPK_WIKI_USER", wiki.bot_user)
        patch.setenv("WIKIPK_WIKI_PASSWORD", wiki.bot_password)
        result = run("pull", "wiki")
    assert result.exit_code == 0, result.output
    return result.output, before, path.read_text(encoding="utf-8")


def test_a_word_changed_in_visualeditor_comes_home_as_that_word(
    published: Published, tmp_path: Path
) -> None:
    # The paragraph ends in a named footnote ([^survey]): its name and every other byte stay.
    edit_in_visualeditor(published.wiki, once("The repair is small", "The repair is quick"))

    output, before, after = pulled(published, tmp_path)

    assert "[^survey]" in before
    assert after == before.replace("The repair is small", "The repair is quick")
    assert "merged: Repair a hand pump" in output


def test_an_infobox_field_changed_in_visualeditor_comes_home_to_the_front_matter(
    published: Published, tmp_path: Path
) -> None:
    edit_in_visualeditor(published.wiki, change_infobox("owner", "Tehsil water office"))

    _, before, after = pulled(published, tmp_path)

    assert after == before.replace("owner: District delivery hub\n", "owner: Tehsil water office\n")
