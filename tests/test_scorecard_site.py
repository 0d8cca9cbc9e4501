"""Scorecards on the built site: tables with worded bands, light SVG charts, a map, CSV files."""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

from site_builder.build import build_site
from tests.scorecard_helpers import DATA, add_reference
from tests.site_fixtures import BuiltSite
from wikipk.config import load_config
from wikipk.loading import load_knowledge_base
from wikipk.scorecards.board import Scoreboard, compute

CHART_LIMIT = 15_000


def _svgs(page: str) -> list[str]:
    return re.findall(r"<svg.*?</svg>", page, re.S)


def _board(built_site: BuiltSite) -> Scoreboard:
    knowledge = load_knowledge_base(load_config(built_site.root))
    board = compute(knowledge.documents, knowledge.reference)
    assert board is not None
    return board


def test_a_report_page_shows_its_table_charts_and_data(built_site: BuiltSite) -> None:
    page = built_site.page("docs/pahar-bala-2026.html")
    report = _board(built_site).report("pahar-bala-2026")
    assert report is not None and report.overall is not None and report.change is not None
    overall = f"{report.overall:.0f}"
    assert 'Overall: <strong class="band band-' in page
    assert f"><bdi>{overall}</bdi> · Poor</strong> (+1 since 2025)" in page
    assert "Rank 2 of 2 union councils in Pahar tehsil" in page
    bands = re.findall(r'<td class="band band-\d">([^<]*)</td>', page)
    assert bands and all(text.strip() in {"Poor", "Fair", "Good", "Very good"} for text in bands)
    assert '<td colspan="2">not assessed</td>' in page  # water repairs
    charts = _svgs(page)
    assert len(charts) == 2
    for chart in charts:
        assert len(chart.encode()) < CHART_LIMIT
        assert 'role="img"' in chart and "<title id=" in chart and "<desc id=" in chart
    assert f"Overall: {overall} · Poor" in charts[0]
    assert "2025" in charts[1] and "2026" in charts[1]
    rows = list(csv.reader(io.StringIO(built_site.page("scorecards/data/pahar-bala-2026.csv"))))
    assert rows[0] == ["service", "indicator", "mean", "answers", "missing_share", "score_0_100"]
    assert ["water", "repairs", "", "", "", ""] in rows
    assert rows[-1] == ["overall", "", "", "", "", f"{report.overall:.1f}"]
    trend = built_site.page("scorecards/data/pahar-bala-2026-trend.csv").splitlines()
    assert trend[0] == "period,water,sanitation,solid_waste,overall"
    assert [line.split(",")[0] for line in trend[1:]] == ["2025", "2026"]
    for link in (
        "../scorecards/data/pahar-bala-2026.csv",
        "../scorecards/data/pahar-bala-2026-trend.csv",
    ):
        assert f'href="{link}" download' in page


def test_the_tehsil_overview_ranks_and_maps_its_union_councils(built_site: BuiltSite) -> None:
    page = built_site.page("scorecards/sample-district-nahar-2026.html")
    board = _board(built_site)
    (overview,) = [o for o in board.overviews if o.slug == "sample-district-nahar-2026"]
    names = [r.place.union_council.en for r in overview.ranking]
    linked = re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a></th>', page)
    assert linked == names
    (chart,) = _svgs(page)
    assert len(chart.encode()) < CHART_LIMIT
    assert chart.count("<path ") == 3
    for report in overview.ranking:
        assert f"{report.place.union_council.en}: {report.overall:.0f} · " in chart
    assert 'href="../scorecards/data/sample-district-nahar-2026.csv" download' in page
    table = built_site.page("scorecards/data/sample-district-nahar-2026.csv").splitlines()
    assert table[0] == (
        "rank,union_council,union_council_ur,code,water,sanitation,solid_waste,overall,change"
    )
    assert [line.split(",")[1] for line in table[1:]] == names


def test_the_urdu_overview_reads_right_to_left_with_urdu_names(built_site: BuiltSite) -> None:
    page = built_site.page("scorecards/sample-district-pahar-2025.ur.html")
    assert 'lang="ur" dir="rtl"' in page
    assert "تحصیل پہاڑ، 2025: یونین کونسلوں کے اسکور" in page
    (chart,) = _svgs(page)
    assert "پہاڑ بالا" in chart and "پہاڑ پایاں" in chart


def test_an_urdu_report_has_urdu_charts_with_its_originals_history(built_site: BuiltSite) -> None:
    page = built_site.page("docs/nahar-bazar-2026-ur.html")
    bars, trend = _svgs(page)
    assert 'direction="rtl"' in bars and 'direction="rtl"' in trend
    assert "پانی کی فراہمی" in bars and "مجموعی" in bars
    assert ">2025</text>" in trend  # the English original of 2025 is its previous period
    assert "تحصیل نہر کی 3 یونین کونسلوں میں درجہ 2" in page
    overview = built_site.page("scorecards/sample-district-nahar-2026.ur.html")
    assert '<a href="../docs/nahar-bazar-2026-ur.html">نہر بازار</a>' in overview
    assert '<a href="../docs/nahar-mandi-2026.html">نہر منڈی</a>' in overview  # no translation


def test_the_index_lists_every_overview_in_both_languages(built_site: BuiltSite) -> None:
    page = built_site.page("scorecards/index.html")
    for slug in ("nahar-2025", "nahar-2026", "pahar-2025", "pahar-2026"):
        assert f'href="../scorecards/sample-district-{slug}.html"' in page
        assert f'href="../scorecards/sample-district-{slug}.ur.html"' in page


def test_other_documents_have_no_scores_block(built_site: BuiltSite) -> None:
    assert 'class="scorecard"' not in built_site.page("docs/grievance-channel.html")


def test_a_tehsil_without_a_map_gets_its_ranking_table_alone(knowledge_base: Path) -> None:
    folder = add_reference(knowledge_base)
    gazetteer = folder / "gazetteer.yml"
    text = gazetteer.read_text(encoding="utf-8").replace("        map: nahar.geojson\n", "")
    gazetteer.write_text(text, encoding="utf-8")
    shutil.copy(DATA / "nahar-bazar-2025.md", folder)
    out = knowledge_base / "_site"
    build_site(load_config(knowledge_base), out, search=False)
    page = (out / "scorecards" / "sample-district-nahar-2025.html").read_text(encoding="utf-8")
    assert "<svg" not in page
    assert '<th scope="row"><a href="../docs/nahar-bazar-2025.html">Nahar Bazar</a></th>' in page
    assert "No report for this period: Nahar Colony, Nahar Mandi" in page
    assert 'href="../scorecards/data/sample-district-nahar-2025.csv" download' in page
