"""What ``wikipk build`` writes: pages, addresses, links, premium, feeds, budget and caching."""

from __future__ import annotations

import gzip
import os
import re
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin

import pytest
from PIL import Image

from site_builder.budget import FONT_ALLOWANCE, Budget
from site_builder.build import build_site
from site_builder.errors import OutputRefused
from site_builder.writer import OutputGuard
from tests.cli_helpers import run
from tests.site_fixtures import ROOT, BuiltSite, copy_knowledge_base, seed_font_cache
from wikipk.config import load_config

DATA = Path(__file__).parent / "data" / "site"
PREMIUM_BODY = "a five-day rapid listening exercise with women, youth, elders"
"""A phrase that occurs only in the body of the premium case study."""


class _Page(HTMLParser):
    """The parts of a page the tests look at."""

    def __init__(self) -> None:
        super().__init__()
        self.html: dict[str, str | None] = {}
        self.ids: set[str] = set()
        self.addresses: list[str] = []
        self.images: list[dict[str, str | None]] = []
        self.meta: dict[str, str | None] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "html":
            self.html = found
        if found.get("id"):
            self.ids.add(str(found["id"]))
        for name in ("href", "src"):
            if found.get(name):
                self.addresses.append(str(found[name]))
        if tag == "img":
            self.images.append(found)
        if tag == "meta" and found.get("property"):
            self.meta[str(found["property"])] = found.get("content")


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def html_pages(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*.html") if "pagefind" not in p.parts)


def document_ids(content: Path) -> dict[str, str]:
    """Each document's id and language, read from its front matter."""
    found = {}
    for path in content.rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        doc_id = re.search(r"(?m)^id: (.+)$", text)
        lang = re.search(r"(?m)^lang: (.+)$", text)
        assert doc_id and lang
        found[doc_id.group(1)] = lang.group(1)
    return found


def test_every_document_has_a_page_named_by_its_id(built_site: BuiltSite) -> None:
    for doc_id in document_ids(built_site.root / "content"):
        assert (built_site.out / "docs" / f"{doc_id}.html").is_file()
    assert built_site.report.documents == 25


def test_every_page_has_the_lang_and_dir_of_its_document(built_site: BuiltSite) -> None:
    languages = document_ids(built_site.root / "content")
    for path in html_pages(built_site.out):
        html = parse(path).html
        expected = languages.get(path.stem, "en") if path.parent.name == "docs" else None
        if path.relative_to(built_site.out).as_posix() == "languages/ur.html":
            expected = "ur"
        if path.parent.name == "scorecards" and path.name.endswith(".ur.html"):
            expected = "ur"  # a tehsil overview in Urdu
        assert html.get("lang") == (expected or "en"), path
        assert html.get("dir") == ("rtl" if html.get("lang") == "ur" else "ltr"), path


def test_every_link_and_image_of_every_page_resolves(built_site: BuiltSite) -> None:
    base = "http://site.test/"
    for path in html_pages(built_site.out):
        page_url = base + path.relative_to(built_site.out).as_posix()
        for address in parse(path).addresses:
            absolute, fragment = urldefrag(urljoin(page_url, address))
            if not absolute.startswith(base) or address.startswith("data:"):
                continue
            target = built_site.out / unquote(absolute.removeprefix(base))
            assert target.is_file(), f"{path.name}: {address}"
            if fragment and target.suffix == ".html":
                assert fragment in parse(target).ids, f"{path.name}: {address}"


def test_links_between_documents_point_at_pages_and_anchors(built_site: BuiltSite) -> None:
    page = built_site.page("docs/grievance-channel.html")
    assert (
        'href="../docs/unmet-demands-annual-plan.html#where-demands-come-from" '
        'data-url="https://wikipakistan.example/docs/unmet-demands-annual-plan.html'
        '#where-demands-come-from"' in page
    )
    assert 'href="#protected-route-for-sensitive-complaints"' in page
    assert ".md" not in re.sub(r"\.md[\w-]", "", page)


def test_images_are_published_and_lazy(built_site: BuiltSite) -> None:
    images = parse(built_site.out / "docs" / "grievance-channel.html").images
    flow = next(image for image in images if "grievance-flow" in str(image["src"]))
    assert flow == {
        "src": "../files/media/grievance-flow.svg",
        "alt": "Flow of a grievance from receipt to closure",
        "loading": "lazy",
        "decoding": "async",
    }
    assert (built_site.out / "files" / "media" / "grievance-flow.svg").is_file()


def test_the_procedure_of_an_sop_is_a_checklist(built_site: BuiltSite) -> None:
    page = built_site.page("docs/grievance-channel.html")
    procedure = page.split('id="procedure"', 1)[1].split('id="records-to-keep"', 1)[0]
    assert procedure.count('<ol class="steps"') == 3
    assert procedure.count("<ul>") == 1, "rules, not steps: no boxes"
    assert '<ol class="steps"' not in page.split('id="procedure"', 1)[0]


def test_a_premium_page_shows_only_its_teaser(built_site: BuiltSite) -> None:
    page = built_site.page("docs/balochistan-cap-90-day-design.html")
    assert "A close reading of the Balochistan Whole-of-Community Action Plan" in page
    assert '<h2 id="premium">For subscribers</h2>' in page
    assert "<dt>District</dt>" in page
    assert 'class="body"' not in page and "Context" not in page


def _readable(path: Path) -> str:
    """A file's text, decompressed when gzipped (a gzip stream cut short fails the test)."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data.decode("utf-8", "replace")


def test_the_premium_body_never_reaches_any_output(built_site: BuiltSite) -> None:
    outputs = [p for p in built_site.out.rglob("*") if p.is_file()]
    assert any("pagefind" in p.parts for p in outputs)
    for path in outputs:
        text = _readable(path)
        assert PREMIUM_BODY not in text, path
        assert "rapid listening exercise" not in text, path


def test_a_translation_links_its_original_and_says_when_it_is_out_of_date(
    built_site: BuiltSite,
) -> None:
    urdu = built_site.page("docs/grievance-channel-ur.html")
    assert (
        '<p class="notice stale" role="note">اصل دستاویز 2026-11-25 کو تازہ کی گئی، یعنی اس '
        "ترجمے (2026-11-20) کے بعد؛ ہو سکتا ہے یہ ترجمہ پرانا ہو۔</p>" in urdu
    )
    assert 'href="../docs/grievance-channel.html" hreflang="en" lang="en" dir="ltr"' in urdu
    english = built_site.page("docs/grievance-channel.html")
    assert 'href="../docs/grievance-channel-ur.html" hreflang="ur" lang="ur" dir="rtl"' in english
    assert "notice stale" not in english
    assert "notice stale" not in built_site.page("docs/fix-ten-broken-points-ur.html")


def test_open_graph_tags(built_site: BuiltSite) -> None:
    meta = parse(built_site.out / "docs" / "grievance-channel.html").meta
    assert meta == {
        "og:site_name": "Wiki Pakistan",
        "og:title": "Run a single grievance channel with a 72-hour acknowledgement rule",
        "og:description": meta["og:description"],
        "og:type": "article",
        "og:url": "https://wikipakistan.example/docs/grievance-channel.html",
        "og:locale": "en_PK",
    }
    assert str(meta["og:description"]).startswith("How a district or town sets up one phone")


def test_the_atom_feed_has_summaries_only(built_site: BuiltSite) -> None:
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.parse(built_site.out / "feed.xml").getroot()
    entries = feed.findall("a:entry", ns)
    assert len(entries) == 25
    assert entries[0].findtext("a:title", namespaces=ns) == (
        "Run a single grievance channel with a 72-hour acknowledgement rule"
    )
    assert all(entry.find("a:content", ns) is None for entry in entries)
    assert all(entry.findtext("a:summary", namespaces=ns) for entry in entries)


def test_the_sitemap_and_robots(built_site: BuiltSite) -> None:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.parse(built_site.out / "sitemap.xml").getroot()
    urls = [loc.text for loc in root.iterfind("s:url/s:loc", ns)]
    assert "https://wikipakistan.example/docs/grievance-channel-ur.html" in urls
    assert "https://wikipakistan.example/index.html" in urls
    assert "https://wikipakistan.example/404.html" not in urls
    assert (built_site.out / "robots.txt").read_text() == (
        "User-agent: *\nDisallow: /pagefind/\nSitemap: https://wikipakistan.example/sitemap.xml\n"
    )


def test_a_typical_sop_page_is_light(built_site: BuiltSite) -> None:
    assets = built_site.out / "assets"
    shared = sum(p.stat().st_size for p in assets.glob("*.*") if p.suffix in (".css", ".js"))
    shared -= next(assets.glob("search.*.js")).stat().st_size
    page = (built_site.out / "docs" / "grievance-channel.html").stat().st_size
    assert page + shared < 50_000
    assert built_site.report.over_budget == ()


def test_the_budget_counts_the_urdu_font_on_the_pages_that_load_it(built_site: BuiltSite) -> None:
    (font,) = (built_site.out / "assets" / "fonts").glob("*.woff2")
    size = font.stat().st_size
    budget = Budget(50_000, 9_000, 2_000, size, font.name)
    urdu = (built_site.out / "docs" / "grievance-channel-ur.html").read_bytes()
    english = (built_site.out / "docs" / "grievance-channel.html").read_bytes()
    assert budget.loads_font(urdu)
    assert not budget.loads_font(english)
    assert not budget.loads_font((built_site.out / "index.html").read_bytes())
    assert budget.check("ur", 40_000, font=True) is None
    over = budget.check("ur", 40_000 + FONT_ALLOWANCE, font=True)
    assert over is not None and over.weight == 40_000 + FONT_ALLOWANCE + 9_000 + size
    english_over = budget.check("en", 45_000)
    assert english_over is not None and english_over.weight == 54_000


def test_the_urdu_font_is_served_by_the_site_as_a_subset(built_site: BuiltSite) -> None:
    (font,) = (built_site.out / "assets" / "fonts").glob("noto-nastaliq-urdu.*.woff2")
    assert font.read_bytes()[:4] == b"wOF2"
    assert 50_000 < font.stat().st_size < 150_000
    css = next((built_site.out / "assets").glob("site.*.css")).read_text()
    assert f'url("fonts/{font.name}")' in css


def test_the_urdu_font_is_the_same_bytes_on_every_build(tmp_path: Path) -> None:
    """The subset keeps the source font's time stamp, not the moment of the build: a cold build
    makes the same file, under the same name, and a phone keeps the font it already has."""
    import io

    from fontTools.ttLib import TTFont

    from site_builder.fonts import NASTALIQ, urdu_font

    font = urdu_font(tmp_path)
    assert font is not None
    with TTFont(io.BytesIO(font)) as subset, TTFont(NASTALIQ) as source:
        assert subset["head"].modified == source["head"].modified


def test_a_cold_build_makes_the_same_site_byte_for_byte(
    built_site: BuiltSite, tmp_path: Path
) -> None:
    """The same sources built afresh, with no cache at all, make the same files: a reader's
    phone never fetches a file again because the site was rebuilt."""
    root = tmp_path / "kb"
    shutil.copytree(built_site.root, root, ignore=shutil.ignore_patterns(".wikipk", "_site"))
    build_site(load_config(root), root / "_site")

    def files(folder: Path) -> dict[str, bytes]:
        return {
            p.relative_to(folder).as_posix(): p.read_bytes()
            for p in folder.rglob("*")
            if p.is_file()
        }

    again, first = files(root / "_site"), files(built_site.out)
    assert sorted(again) == sorted(first)
    assert [name for name in sorted(first) if again[name] != first[name]] == []


def test_a_knowledge_base_named_by_a_relative_path_builds(
    built_site: BuiltSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_knowledge_base(tmp_path / "kb")
    monkeypatch.chdir(root)
    config = load_config(Path("."))
    assert config.root == root
    build_site(config, Path("_site"), search=True)
    assert (root / "_site" / "index.html").is_file()
    assert any((root / "_site" / "pagefind").iterdir())


@pytest.fixture
def own_site(built_site: BuiltSite, tmp_path: Path) -> Path:
    """A fresh copy of the real knowledge base, with the session's subset font."""
    root = copy_knowledge_base(tmp_path / "kb")
    seed_font_cache(built_site.root, root)
    return root


def test_raster_images_are_resized_and_offered_by_width(own_site: Path) -> None:
    content = own_site / "content"
    shutil.copy(DATA / "photo-guideline.md", content / "guidelines")
    (content / "guidelines" / "media").mkdir()
    Image.new("RGB", (1200, 800), (40, 120, 60)).save(content / "guidelines/media/pump.png")
    (content / "guidelines/media/photo-form.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    out = own_site / "_site"
    build_site(load_config(own_site), out, search=False)
    (image,) = parse(out / "docs" / "photo-guideline.html").images
    assert image["src"] == "../files/guidelines/media/pump.960.png"
    assert (image["width"], image["height"]) == ("960", "640")
    assert image["srcset"] == (
        "../files/guidelines/media/pump.320.png 320w, ../files/guidelines/media/pump.640.png 640w, "
        "../files/guidelines/media/pump.960.png 960w"
    )
    for width in (320, 640, 960):
        with Image.open(out / f"files/guidelines/media/pump.{width}.png") as published:
            assert published.width == width
    assert not (out / "files/guidelines/media/pump.png").exists(), "the original is not published"
    assert (out / "files/guidelines/media/photo-form.pdf").is_file()


def test_a_retitled_document_keeps_its_address_and_a_rebuild_reuses_work(
    own_site: Path,
) -> None:
    out = own_site / "_site"
    config = load_config(own_site)
    first = build_site(config, out, search=False)
    assert (first.rendered, first.reused) == (25, 0)
    again = build_site(config, out, search=False)
    assert (again.rendered, again.reused) == (0, 25)
    source = own_site / "content" / "sops" / "community-scorecard.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(re.sub(r"(?m)^title: .*$", "title: Score services together", text, count=1))
    changed = build_site(config, out, search=False)
    assert (changed.rendered, changed.reused) == (1, 24)
    assert "<h1>Score services together</h1>" in (
        out / "docs" / "community-scorecard.html"
    ).read_text(encoding="utf-8")


def test_listings_are_split_into_pages(own_site: Path) -> None:
    (own_site / "wikipk.yml").write_text("site:\n  listing_size: 4\n")
    out = own_site / "_site"
    build_site(load_config(own_site), out, search=False)
    assert [p.name for p in sorted((out / "types").glob("sop*.html"))] == [
        "sop.2.html",
        "sop.3.html",
        "sop.html",
    ]
    first = (out / "types" / "sop.html").read_text(encoding="utf-8")
    assert first.count("<li lang=") == 4
    assert '<a rel="next" href="../types/sop.2.html">Next</a>' in first
    assert "<span>Page 1 of 3</span>" in first


def test_the_write_guard_refuses_paths_outside_the_site(tmp_path: Path) -> None:
    guard = OutputGuard(tmp_path)
    for bad in ("../escape.html", "/etc/passwd", "docs/../../x.html", ""):
        with pytest.raises(OutputRefused) as refused:
            guard.write_text(bad, "x")
        assert str(refused.value) == (f"refused to write '{bad}': it is outside the site folder")
    assert list(tmp_path.iterdir()) == []


def test_the_write_guard_refuses_writing_twice(tmp_path: Path) -> None:
    guard = OutputGuard(tmp_path)
    guard.write_text("docs/a.html", "first")
    with pytest.raises(OutputRefused) as refused:
        guard.write_text("docs/a.html", "second")
    assert str(refused.value) == "refused to write 'docs/a.html' twice: two outputs share a path"
    assert (tmp_path / "docs" / "a.html").read_text() == "first"


def test_the_write_guard_links_a_file_unchanged_since_the_previous_site(tmp_path: Path) -> None:
    previous, staging = tmp_path / "site", tmp_path / "staging"
    previous.mkdir()
    for name, text in (("same.html", "same"), ("edited.html", "old"), ("longer.html", "ab")):
        (previous / name).write_text(text)
    (previous / "elsewhere.html").write_text("same")
    (previous / "link.html").symlink_to(previous / "elsewhere.html")
    guard = OutputGuard(staging, previous)
    for name, text in (
        ("same.html", "same"),
        ("edited.html", "new"),
        ("longer.html", "abc"),
        ("link.html", "same"),
        ("fresh.html", "fresh"),
    ):
        guard.write_text(name, text)
    assert (staging / "same.html").samefile(previous / "same.html")
    for name in ("edited.html", "longer.html", "link.html", "fresh.html"):
        assert not (staging / name).is_symlink()
        assert (staging / name).stat().st_nlink == 1, name
    assert {p.name: p.read_text() for p in staging.iterdir()} == {
        "same.html": "same",
        "edited.html": "new",
        "longer.html": "abc",
        "link.html": "same",
        "fresh.html": "fresh",
    }
    assert (previous / "edited.html").read_text() == "old"


def test_a_rebuild_writes_only_the_pages_that_changed(own_site: Path) -> None:
    out = own_site / "_site"
    config = load_config(own_site)
    build_site(config, out, search=False)
    before = {p: p.stat().st_ino for p in out.rglob("*.html")}
    (out / "docs" / "grievance-channel.html").write_text("edited by hand")
    source = own_site / "content" / "sops" / "community-scorecard.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(re.sub(r"(?m)^title: .*$", "title: Score services together", text, count=1))
    build_site(config, out, search=False)
    after = {p: p.stat().st_ino for p in out.rglob("*.html")}
    assert after.keys() == before.keys()
    rewritten = {p.relative_to(out).as_posix() for p in after if after[p] != before[p]}
    assert "docs/grievance-channel.html" in rewritten  # bytes decide, not the file's name
    assert "docs/community-scorecard.html" in rewritten
    assert "docs/budget-cycle-tracking.html" not in rewritten
    assert len(rewritten) < len(after) / 2, sorted(rewritten)
    assert "edited by hand" not in (out / "docs" / "grievance-channel.html").read_text()


OUTSIDE_MARKER = "OUTSIDE-THE-CONTENT-FOLDER-8b2d"


def _site_files(out: Path) -> list[Path]:
    """Every entry of a built site; none may be a link."""
    found = []
    for folder, dirs, files in os.walk(out):
        for name in [*dirs, *files]:
            path = Path(folder) / name
            assert not path.is_symlink(), path
            found.append(path)
    return found


def test_the_site_holds_files_never_links_and_nothing_from_outside(
    own_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A link inside the content folder is published as a copy of its target's bytes; a link
    leading outside stops the build, located, and the previous site stays as it was."""
    secret = tmp_path / "outside" / "secret.svg"
    secret.parent.mkdir()
    secret.write_text(f"<svg>{OUTSIDE_MARKER}</svg>\n", encoding="utf-8")
    media = own_site / "content" / "media"
    (media / "alias.svg").symlink_to("grievance-flow.svg")
    sop = own_site / "content" / "sops" / "grievance-channel.md"
    text = sop.read_text(encoding="utf-8")
    sop.write_text(text.replace("../media/grievance-flow.svg", "../media/alias.svg"))
    monkeypatch.chdir(own_site)
    result = run("build", "--no-search")
    assert result.exit_code == 0, result.output
    out = own_site / "_site"
    alias = out / "files" / "media" / "alias.svg"
    assert alias.read_bytes() == (media / "grievance-flow.svg").read_bytes()
    before = {path: path.read_bytes() for path in _site_files(out) if path.is_file()}
    assert alias in before
    assert all(OUTSIDE_MARKER.encode() not in data for data in before.values())

    (media / "leak.svg").symlink_to(secret)
    sop.write_text(text.replace("../media/grievance-flow.svg", "../media/leak.svg"))
    result = run("build", "--no-search")
    assert result.output.splitlines() == [
        "content/media/leak.svg:1:1: symlink-outside: the file is a link to a place outside the "
        "content folder",
        "    hint: copy the file into the content folder instead",
        "1 problem in 1 file: the site was not built (_site is unchanged)",
    ]
    assert result.exit_code == 1
    assert {path: path.read_bytes() for path in _site_files(out) if path.is_file()} == before


def test_the_write_guard_copies_bytes_and_refuses_links(tmp_path: Path) -> None:
    source, staging = tmp_path / "source", tmp_path / "staging"
    source.mkdir()
    (source / "index.js").write_text("real")
    (source / "leak.js").symlink_to(tmp_path / "elsewhere.js")
    guard = OutputGuard(staging)
    guard.copy("pagefind/index.js", source / "index.js")
    with pytest.raises(OutputRefused) as refused:
        guard.copy("pagefind/leak.js", source / "leak.js")
    assert str(refused.value) == (
        f"refused to copy '{source / 'leak.js'}' into the site: Too many levels of symbolic links"
    )
    copied = staging / "pagefind" / "index.js"
    assert copied.read_text() == "real" and copied.stat().st_nlink == 1
    assert [path.name for path in _site_files(staging / "pagefind")] == ["index.js"]


@pytest.mark.parametrize("link", ["assets/print.css", "assets"])
def test_site_templates_linking_outside_are_refused(
    own_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, link: str
) -> None:
    """A knowledge base's own templates are a boundary too: a link in them leading outside
    would put what it points at (a file of the machine that builds) in the site."""
    outside = tmp_path / "outside"
    shutil.copytree(ROOT / "templates" / "site" / "assets", outside)
    (outside / "print.css").write_text(f"/* {OUTSIDE_MARKER} */\n", encoding="utf-8")
    templates = own_site / "templates" / "site"
    shutil.copytree(ROOT / "templates" / "site", templates)
    if link == "assets":
        shutil.rmtree(templates / link)
    else:
        (templates / link).unlink()
    (templates / link).symlink_to(outside / link.removeprefix("assets").lstrip("/"))
    monkeypatch.chdir(own_site)
    result = run("build", "--no-search")
    kind = "folder" if link == "assets" else "file"
    assert result.output == (
        f"Error: templates/site/{link}:1: template error: the {kind} is a link to a place "
        "outside templates/site; the site was not built\n"
    )
    assert result.exit_code == 2
    assert not (own_site / "_site").exists()
