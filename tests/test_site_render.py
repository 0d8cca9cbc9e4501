"""The site's HTML of a document body, and its search text (no site is built: fast)."""

from __future__ import annotations

from pathlib import PurePosixPath

from site_builder.render import RenderContext, SiteRenderer, plain_text
from wikipk.markdown import parse


def html(body: str, *, checklists: bool = True, source: str = "sops/a.md") -> str:
    context = RenderContext(PurePosixPath(source), checklists=checklists)
    return SiteRenderer(context).html(parse(body)).replace("\x00", "@")


def test_links_to_documents_and_files_are_markers_and_others_stay() -> None:
    body = (
        '[doc](b.md#scope "A & B") [file](../media/x.pdf) [out](https://e.org/ "t") '
        "[here](#scope) <https://e.org/?a=1&b=2>\n"
    )
    assert html(body) == (
        '<p><a @Dsops/b.md#scope@ title="A &amp; B">doc</a> <a @Fmedia/x.pdf@>file</a> '
        '<a href="https://e.org/" title="t">out</a> <a href="#scope">here</a> '
        '<a href="https://e.org/?a=1&amp;b=2">https://e.org/?a=1&amp;b=2</a></p>\n'
    )


def test_images_are_markers_lazy_and_keep_their_text() -> None:
    body = (
        '![a *b* `c`](../media/p.png "T \\"q\\"") ![r](https://e.org/p.png)\n[![i](p.png)](b.md)\n'
    )
    assert html(body) == (
        '<p><img @Imedia/p.png@ alt="a b c" title="T &quot;q&quot;" loading="lazy" '
        'decoding="async"> <img src="https://e.org/p.png" alt="r" loading="lazy" '
        'decoding="async">\n<a @Dsops/b.md@><img @Isops/p.png@ alt="i" loading="lazy" '
        'decoding="async"></a></p>\n'
    )


def test_a_file_or_document_named_with_spaces_or_urdu_letters_is_found() -> None:
    # The parser percent-encodes addresses; the files are named as the author wrote them.
    body = (
        "![w](<../media/water point.png>) ![m](../media/نقشہ.svg) ![e](../media/a%20b.png)\n"
        "[d](<../guidelines/پانی کی فراہمی.md#کام>) [f](<../media/report 2026.pdf>)\n"
    )
    assert html(body) == (
        '<p><img @Imedia/water point.png@ alt="w" loading="lazy" decoding="async"> '
        '<img @Imedia/نقشہ.svg@ alt="m" loading="lazy" decoding="async"> '
        '<img @Imedia/a b.png@ alt="e" loading="lazy" decoding="async">\n'
        "<a @Dguidelines/پانی کی فراہمی.md#کام@>d</a> <a @Fmedia/report 2026.pdf@>f</a></p>\n"
    )


def test_only_the_procedure_sections_own_numbered_lists_are_checklists() -> None:
    body = (
        "1. before\n\n## Procedure {#procedure}\n\n1. one\n   1. nested\n\n"
        "> 1. quoted\n\n!!! note\n    1. boxed\n\n3. three\n\n## After\n\n1. after\n"
    )
    page = html(body)
    assert page.count('<ol class="steps"') == 2
    assert '<ol class="steps">\n<li>one\n<ol>\n<li>nested</li>' in page
    assert '<ol class="steps" start="3">\n<li>three</li>' in page
    assert '<ol class="steps"' not in html(body, checklists=False)


def test_a_procedure_heading_in_a_quote_starts_a_section_all_the_same() -> None:
    page = html("## Other\n\n> ## Procedure\n\n1. step\n")
    assert '<h2 id="procedure">Procedure</h2>' in page
    assert '<ol class="steps">' in page


def test_tables_scroll_and_a_tight_items_table_keeps_its_line_end_inside() -> None:
    assert html("| a |\n|---|\n| 1 |\n").startswith('<div class="scroll" tabindex="0"><table>\n')
    assert html("| a |\n|---|\n| 1 |\n").endswith("</table>\n</div>\n")
    tight = html("- item\n  | a |\n  |---|\n  | 1 |\n- two\n")
    assert tight.startswith('<ul>\n<li>item<div class="scroll" tabindex="0">\n<table>\n')
    assert "</table>\n</div>\n</li>\n<li>two</li>" in tight


def test_search_text_is_a_line_per_block_and_the_code() -> None:
    body = (
        "# Title *em*\n\nA [link](b.md), `code`, ![no alt](p.png) and a\nsecond line.[^1]\n\n"
        "!!! tip\n    Boxed.\n\n| h | i |\n|---|---|\n| c |  |\n\n```\nx = 1\n```\n\n"
        "- item\n\n[^1]: The note.\n"
    )
    assert plain_text(parse(body)) == (
        "Title em\nA link, code,  and asecond line.\nTip\nBoxed.\nh\ni\nc\nx = 1\n\nitem\nThe note."
    )
