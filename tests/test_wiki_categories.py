"""Category pages on the real dev wiki: no tag or category link is red, a person's edit is kept."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from sync.wiki.cache import CACHE_FILE
from sync.wiki.categories import category_pages
from sync.wiki.corpus import Corpus
from tests.test_wiki_publish import SOP, URDU, bot_writes, human_edit, page_text, publish, wiki_kb
from tests.wiki_fixtures import DevWikiHandle
from wikipk.config import load_config
from wikipk.loading import load_knowledge_base

__all__ = ["wiki_kb"]  # the fixture, shared with the publish tests

DOCUMENTS = (SOP, URDU, "Integrity rules", "A premium case study")
CATEGORY_PAGES = (
    "Category:Case studies",
    "Category:English",
    "Category:For subscribers",
    "Category:Guidelines",
    "Category:Reports",
    "Category:SOPs",
    "Category:Scorecards",
    "Category:Tag: water",
    "Category:Wikipk documents",
    "Category:Wikipk removed documents",
    "Category:اردو",
)
PUBLISHED_BY = (
    "Pages in this category are published by wikipk from the Wiki Pakistan knowledge base (the "
    "Markdown files of <code>content/</code>). wikipk keeps this description too; a change made "
    "here is left alone and reported to the knowledge base's editors."
)
SOPS = (
    "Standard operating procedures (SOPs): step-by-step procedures for running a service or a "
    "process, each with its purpose, scope, responsibilities and procedure.\n\n" + PUBLISHED_BY
)
TAG_WATER = (
    "Documents tagged ''water'': every SOP, guideline, case study, scorecard and report whose "
    "front matter lists this tag, in every language.\n\n" + PUBLISHED_BY
)
URDU_CATEGORY = (
    "Documents written in <bdi>اردو</bdi> (<code>ur</code>).\n\n"
    '<div lang="ur" dir="rtl">اردو میں لکھی گئی دستاویزات۔</div>\n\n' + PUBLISHED_BY
)
SUBSCRIBERS = (
    "Teasers of premium documents: each page gives a document's title, summary and details, and "
    "subscribers read its full text on the Wiki Pakistan website.\n\n"
    '<div lang="ur" dir="rtl">سبسکرائبرز کے لیے دستاویزات کے تعارفی صفحات؛ مکمل متن وکی پاکستان '
    "کی ویب سائٹ پر ہے۔</div>\n\n" + PUBLISHED_BY
)
TRACKING = (
    "__HIDDENCAT__\nPages published by wikipk from the Wiki Pakistan knowledge base. Each page is "
    "filed under its document id; wikipk finds its pages through this category, so do not remove "
    "it from a page."
)
REMOVED = (
    "__HIDDENCAT__\nPages whose document was removed from the knowledge base. Editors: review "
    "each page, then delete it or restore its document. (A hidden category: readers do not see "
    "it on the pages.)"
)


def _query(wiki: DevWikiHandle, **params: Any) -> list[dict[str, Any]]:
    """Every page a query names, following its continuation."""
    site = wiki.site()
    pages: list[dict[str, Any]] = []
    params = {**params, "formatversion": 2}
    while True:
        answer = site.api("query", **params)
        pages.extend(answer.get("query", {}).get("pages", []))
        if "continue" not in answer:
            return pages
        params.update(answer["continue"])


def _named_categories(wiki: DevWikiHandle) -> set[str]:
    """Every category a content page is in or links to (the infobox's tag links)."""
    named = set()
    for page in _query(
        wiki,
        generator="allpages",
        gapnamespace=0,
        gaplimit="max",
        prop="categories|links",
        cllimit="max",
        plnamespace=14,
        pllimit="max",
    ):
        named |= {c["title"] for c in page.get("categories", [])}
        named |= {link["title"] for link in page.get("links", [])}
    return named


def _existing_categories(wiki: DevWikiHandle) -> set[str]:
    answer = wiki.site().api("query", list="allpages", apnamespace=14, aplimit="max")
    return {page["title"] for page in answer["query"]["allpages"]}


def test_the_category_pages_say_what_each_category_holds(wiki_kb: Path) -> None:
    config = load_config(wiki_kb)
    pages = category_pages(Corpus.of_knowledge_base(load_knowledge_base(config), config.languages))
    assert tuple(sorted(pages)) == CATEGORY_PAGES
    assert pages["Category:SOPs"] == SOPS
    assert pages["Category:Tag: water"] == TAG_WATER
    assert pages["Category:اردو"] == URDU_CATEGORY
    assert pages["Category:English"] == (
        "Documents written in <bdi>English</bdi> (<code>en</code>).\n\n" + PUBLISHED_BY
    )
    assert pages["Category:For subscribers"] == SUBSCRIBERS
    assert pages["Category:Wikipk documents"] == TRACKING
    assert pages["Category:Wikipk removed documents"] == REMOVED


def test_after_a_publish_no_category_or_tag_link_is_red(
    wiki_kb: Path, clean_devwiki: DevWikiHandle
) -> None:
    result = publish()
    assert result.exit_code == 0, result.output
    for title in CATEGORY_PAGES:
        assert f"\ncreate    {title}\n" in result.output
    named = _named_categories(clean_devwiki)
    # Every category the documents use: their type, tag, language, the subscribers' category
    # (the premium teaser) and the tracking category.
    assert named == {
        "Category:SOPs",
        "Category:Guidelines",
        "Category:Case studies",
        "Category:Tag: water",
        "Category:English",
        "Category:اردو",
        "Category:For subscribers",
        "Category:Wikipk documents",
    }
    assert named <= _existing_categories(clean_devwiki)
    site = clean_devwiki.site()
    for title in DOCUMENTS:  # as a reader sees the page: no link asks to create a page
        html = site.connection.get(f"{clean_devwiki.url}index.php", params={"title": title}).text
        red = [link for link in re.findall(r"<a [^>]*redlink=1[^>]*>", html) if "Category:" in link]
        assert red == [], title
        assert 'title="Category:Tag: water"' in html or title != SOP
    assert page_text(clean_devwiki, "Category:Tag: water") == TAG_WATER
    assert page_text(clean_devwiki, "Category:اردو") == URDU_CATEGORY


def test_the_tracking_categories_are_hidden(wiki_kb: Path, clean_devwiki: DevWikiHandle) -> None:
    publish()
    pages = _query(
        clean_devwiki,
        titles="Category:Wikipk documents|Category:Wikipk removed documents|Category:SOPs",
        prop="categoryinfo",
    )
    hidden = {page["title"]: page["categoryinfo"].get("hidden", False) for page in pages}
    assert hidden == {
        "Category:Wikipk documents": True,
        "Category:Wikipk removed documents": True,
        "Category:SOPs": False,
    }


def test_a_second_publish_leaves_the_category_pages_alone(
    wiki_kb: Path, clean_devwiki: DevWikiHandle
) -> None:
    publish()
    before = len(bot_writes(clean_devwiki))
    # The publish cache holds the category pages' sha1s, as it holds the templates'.
    cache = json.loads((wiki_kb / CACHE_FILE).read_text(encoding="utf-8"))
    cached = {row["title"] for row in cache["pages"] if row["fixed"]}
    assert set(CATEGORY_PAGES) <= cached
    for options in ((), ("--no-cache",)):  # from the cache, and reading everything afresh
        again = publish(*options)
        assert again.output == (
            f"Wiki plan for {clean_devwiki.url}: 18 unchanged\nApplied: nothing to do\n"
        )
    assert len(bot_writes(clean_devwiki)) == before


def test_a_person_s_edit_to_a_category_page_is_drift_kept(
    wiki_kb: Path, clean_devwiki: DevWikiHandle
) -> None:
    publish()
    words = "Water supply: SOPs and case studies about wells, pumps and pipes."
    human_edit(clean_devwiki, "Category:Tag: water", words)
    result = publish()
    assert result.exit_code == 1
    assert "drift     Category:Tag: water\n          last edited by Admin at " in result.output
    assert "+Documents tagged ''water'': every SOP" in result.output  # the diff it would make
    assert "skipped: drift Category:Tag: water: last edited by Admin at " in result.output
    assert page_text(clean_devwiki, "Category:Tag: water") == words
    forced = publish("--force")
    assert forced.exit_code == 0, forced.output
    assert page_text(clean_devwiki, "Category:Tag: water") == TAG_WATER


def test_a_category_page_a_person_made_first_is_theirs_until_forced(
    wiki_kb: Path, clean_devwiki: DevWikiHandle
) -> None:
    human_edit(clean_devwiki, "Category:SOPs", "Our procedures.")
    result = publish()
    assert result.exit_code == 1
    assert "drift     Category:SOPs\n          last edited by Admin at " in result.output
    assert page_text(clean_devwiki, "Category:SOPs") == "Our procedures."
    assert clean_devwiki.site().pages[SOP].exists  # the rest was published


def test_a_new_tag_gets_its_page_and_a_tag_no_longer_used_keeps_its_page(
    wiki_kb: Path, clean_devwiki: DevWikiHandle
) -> None:
    publish()
    path = wiki_kb / "content" / "sops" / "water-scheme.md"
    path.write_text(path.read_text().replace("tags: [water]", "tags: [sanitation]"))
    result = publish()
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == (
        f"Wiki plan for {clean_devwiki.url}: 1 create, 1 update, 16 unchanged"
    )
    assert "\ncreate    Category:Tag: sanitation\n" in result.output
    assert f"\nupdate    {SOP}  [sops/water-scheme.md]\n" in result.output
    assert page_text(clean_devwiki, "Category:Tag: water") == TAG_WATER  # left as it was
    assert _named_categories(clean_devwiki) <= _existing_categories(clean_devwiki)
