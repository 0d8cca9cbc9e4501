"""Scorecards on the real dev wiki: sortable tables, chart images uploaded once, tehsil pages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sync.wiki.cache import CACHE_FILE
from sync.wiki.corpus import Corpus
from sync.wiki.desired import chart_files
from tests.cli_helpers import run
from tests.scorecard_helpers import DATA, add_reference
from tests.test_wiki_human_edits import Person, lost_revisions, person
from tests.test_wiki_publish import bot_writes, page_text
from tests.wiki_fixtures import DevWikiHandle
from wikipk.config import load_config
from wikipk.loading import load_knowledge_base
from wikipk.scorecards.board import compute

__all__ = ["person"]  # the fixture, used by name

REPORT = "Nahar Bazar scorecard, 2025"
OVERVIEW = "Nahar tehsil union council scores, 2026"


@pytest.fixture
def scorecard_wiki(
    knowledge_base: Path, clean_devwiki: DevWikiHandle, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Two periods of one union council, pointed at an empty dev wiki."""
    folder = add_reference(knowledge_base)
    base = (DATA / "nahar-bazar-2025.md").read_text(encoding="utf-8")
    (folder / "nahar-bazar-2025.md").write_text(base, encoding="utf-8")
    later = (
        base.replace("nahar-bazar-2025", "nahar-bazar-2026")
        .replace("scorecard, 2025", "scorecard, 2026")
        .replace('period: "2025"', 'period: "2026"')
        .replace("collection: 5", "collection: 3")
    )
    (folder / "nahar-bazar-2026.md").write_text(later, encoding="utf-8")
    monkeypatch.setenv("WIKIPK_WIKI_URL", clean_devwiki.url)
    monkeypatch.setenv("WIKIPK_WIKI_USER", clean_devwiki.bot_user)
    monkeypatch.setenv("WIKIPK_WIKI_PASSWORD", clean_devwiki.bot_password)
    yield knowledge_base


def _charts(root: Path) -> dict[str, str]:
    corpus = Corpus.of_knowledge_base(load_knowledge_base(load_config(root)))
    knowledge_documents = tuple(corpus.by_path.values())
    return {f.name: f.sha1 for f in chart_files(knowledge_documents, corpus)}


def test_scorecards_publish_tables_charts_and_tehsil_pages(
    scorecard_wiki: Path, clean_devwiki: DevWikiHandle
) -> None:
    result = run("publish", "wiki")
    assert result.exit_code == 0, result.output
    charts = _charts(scorecard_wiki)
    assert sorted(charts) == [
        "Scorecard map sample-district-nahar-2025.png",
        "Scorecard map sample-district-nahar-2026.png",
        "Scorecard nahar-bazar-2025 services.png",
        "Scorecard nahar-bazar-2025 trend.png",
        "Scorecard nahar-bazar-2026 services.png",
        "Scorecard nahar-bazar-2026 trend.png",
    ]
    site = clean_devwiki.site()
    for name, sha1 in charts.items():
        image = site.images[name]
        assert image.exists, name
        assert image.imageinfo["sha1"] == sha1
    text = page_text(clean_devwiki, REPORT)
    assert '{| class="wikitable sortable"' in text
    assert "[[File:Scorecard nahar-bazar-2025 services.png|thumb|" in text
    html = site.api("parse", page=REPORT, prop="text", formatversion=2)["parse"]["text"]
    assert 'class="wikitable sortable"' in html
    assert 'alt="Service scores of Nahar Bazar, 2025: Water supply 62 · Good;' in html
    assert ">62 · Good" in html  # the band is written, not only coloured
    overview = page_text(clean_devwiki, OVERVIEW)
    assert "[[File:Scorecard map sample-district-nahar-2026.png|thumb|" in overview
    assert "| [[Nahar Bazar scorecard, 2026|Nahar Bazar]]" in overview
    assert "No report for this period: Nahar Colony, Nahar Mandi." in overview
    assert '{| class="wikitable sortable"' in overview
    overview_html = site.api("parse", page=OVERVIEW, prop="text", formatversion=2)["parse"]
    assert 'class="wikitable sortable"' in overview_html["text"]


def test_the_plan_of_a_published_scorecard_is_all_unchanged(
    scorecard_wiki: Path, clean_devwiki: DevWikiHandle
) -> None:
    assert run("publish", "wiki").exit_code == 0
    planned = run("plan", "--targets", "wiki")
    assert planned.exit_code == 0, planned.output
    assert planned.output.splitlines()[:2] == [
        "== Wiki Pakistan",
        f"Wiki plan for {clean_devwiki.url}: 17 unchanged",
    ]


def test_a_second_full_publish_uploads_no_chart_again(
    scorecard_wiki: Path, clean_devwiki: DevWikiHandle
) -> None:
    assert run("publish", "wiki").exit_code == 0
    before = len(bot_writes(clean_devwiki))
    (scorecard_wiki / CACHE_FILE).unlink()  # plan afresh: every chart is drawn again
    result = run("publish", "wiki")
    assert result.exit_code == 0, result.output
    assert "upload" not in result.output
    assert len(bot_writes(clean_devwiki)) == before


def test_a_changed_score_uploads_only_its_own_charts(
    scorecard_wiki: Path, clean_devwiki: DevWikiHandle
) -> None:
    assert run("publish", "wiki").exit_code == 0
    before = _charts(scorecard_wiki)
    path = scorecard_wiki / "content" / "scorecards" / "nahar-bazar-2026.md"
    path.write_text(path.read_text(encoding="utf-8").replace("streets: 1", "streets: 2"))
    after = _charts(scorecard_wiki)
    changed = sorted(name for name in after if after[name] != before[name])
    assert changed == [
        "Scorecard map sample-district-nahar-2026.png",
        "Scorecard nahar-bazar-2026 services.png",
        "Scorecard nahar-bazar-2026 trend.png",
    ]
    result = run("publish", "wiki")
    assert result.exit_code == 0, result.output
    planned = [line for line in result.output.splitlines() if line.startswith("upload ")]
    assert sorted(planned) == sorted(
        f"upload    File:{name} (new version)  [{source}]"
        for name, source in zip(
            changed,
            [
                "map of Nahar tehsil union council scores, 2026",
                "chart of scorecards/nahar-bazar-2026.md",
                "chart of scorecards/nahar-bazar-2026.md",
            ],
            strict=True,
        )
    )


def test_an_urdu_reports_charts_are_drawn_in_urdu_in_nastaliq() -> None:
    from matplotlib.font_manager import FontProperties, findfont

    from sync.wiki.charts import FONTS, register_fonts
    from sync.wiki.render.scorecards import charts

    register_fonts()
    found = findfont(FontProperties(family=FONTS["ur"]), fallback_to_default=False)
    assert Path(found).name == "NotoNastaliqUrdu-Regular.ttf"
    root = Path(__file__).parent.parent
    knowledge = load_knowledge_base(load_config(root))
    board = compute(knowledge.documents, knowledge.reference)
    english = {c.name: c for c in charts(board, {"nahar-bazar-2026"}) if "map" not in c.name}
    urdu = {c.name: c for c in charts(board, {"nahar-bazar-2026-ur"}) if "map" not in c.name}
    assert sorted(urdu) == [
        "Scorecard nahar-bazar-2026-ur services.png",
        "Scorecard nahar-bazar-2026-ur trend.png",
    ]
    again = {c.name: c.sha1 for c in charts(board, {"nahar-bazar-2026-ur"}) if "map" not in c.name}
    assert again == {name: chart.sha1 for name, chart in urdu.items()}
    # The same scores in two languages: only the words (and the taller Urdu lines) differ.
    for kind in ("services", "trend"):
        ur = urdu[f"Scorecard nahar-bazar-2026-ur {kind}.png"].data
        en = english[f"Scorecard nahar-bazar-2026 {kind}.png"].data
        assert ur != en
        assert _png_size(ur)[1] == _png_size(en)[1] + 50  # half an inch more, at 100 dpi


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def test_a_person_s_edit_of_a_tehsil_page_is_never_overwritten(
    scorecard_wiki: Path, clean_devwiki: DevWikiHandle, person: Person
) -> None:
    """The tehsil overview pages are wikipk's by title: a person's edit there is drift, and
    an edit of theirs that the wiki merges into wikipk's is a conflict, then drift."""
    assert run("publish", "wiki").exit_code == 0
    path = scorecard_wiki / "content" / "scorecards" / "nahar-bazar-2026.md"
    path.write_text(path.read_text(encoding="utf-8").replace("streets: 1", "streets: 2"))
    note = "Scores checked with the tehsil office."
    person.before("edit", OVERVIEW, lambda: person.edit(OVERVIEW, lambda text: f"{note}\n{text}"))
    raced = run("publish", "wiki")
    assert raced.exit_code == 1, raced.output
    assert f"conflict: update {OVERVIEW}: someone edited the page after the plan was made" in (
        raced.output
    )
    later = run("publish", "wiki")
    assert later.exit_code == 1
    assert f"drift     {OVERVIEW}\n" in later.output
    assert note in page_text(clean_devwiki, OVERVIEW)
    assert lost_revisions(clean_devwiki, later) == []
