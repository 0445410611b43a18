"""How printed PDFs are cut into pages: each check fails on a hand-made page that breaks its rule,
and the report's print CSS keeps a long table and the last lines together where it once did not.

The demo month's PDFs are checked in test_end_to_end.py (`test_every_pdf_is_cut_into_pages_well`).
"""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.pages.display import render_table
from helpers.sharing import convert
from helpers.sharing.accessibility import STYLESHEET
from helpers.sharing.pagination import (
    Element,
    Mark,
    PdfLayout,
    _word_breaks,
    check_pagination,
    header_words_broken,
    headings_left_at_page_end,
    last_page_nearly_empty,
    read_pdf_layout,
    tables_split_badly,
)
from helpers.sharing.printing import PdfPrinter

BREAK = ' style="break-before: page"'
needs_chromium = pytest.mark.skipif(convert.find_chromium() is None, reason="Chromium not found")


def _table(rows: int, break_before: int | None) -> str:
    """A plain table of `rows` months; the row numbered `break_before` starts a new page."""
    body = "".join(
        f"<tr{BREAK if i == break_before else ''}><td>Month {i}</td><td>{i}</td></tr>"
        for i in range(rows)
    )
    return (
        "<table><caption>Audits by month</caption><thead><tr><th>Month</th><th>Audits</th>"
        f"</tr></thead><tbody>{body}</tbody></table>"
    )


def _page(body: str, style: str = "") -> str:
    return (
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Test page</title>'
        f'<style>{style}</style></head><body><main class="report">{body}</main></body></html>'
    )


TALL_CELL = "<br>".join(f"Note {i}" for i in range(90))
# Pages that break one rule each (forced breaks stand for a page that happened to fill up).
BAD = {
    "header": _page(
        '<table><caption>Visits</caption><thead><tr><th style="width: 2.5em; word-break:'
        ' break-all">This month</th><th style="width: 3em">Visits due</th></tr></thead>'
        "<tbody><tr><td>1</td><td>2</td></tr></tbody></table>"
    ),
    "short_table": _page(_table(10, break_before=2)),
    "long_table_end": _page(_table(30, break_before=28)),
    "header_without_rows": _page(_table(30, break_before=0)),
    "row_cut": _page(
        "<table><caption>Notes</caption><thead><tr><th>Team</th><th>Notes</th></tr></thead>"
        f"<tbody><tr><td>A</td><td>{TALL_CELL}</td></tr><tr><td>B</td><td>b</td></tr></tbody>"
        "</table>"
    ),
    "heading": _page(
        '<h1>Report</h1><p>First.</p><h2 style="break-after: page">Trend</h2>'
        "<p>After.</p><p>More.</p><p>And more.</p>"
    ),
    "last_page": _page(
        f"<h1>Report</h1><p>One.</p><p>Two.</p><p>Three.</p><p{BREAK}>Produced by case-audit.</p>"
    ),
}
# The report's own CSS and table markup, with the table starting low on the first page: before
# the fix the caption and header ended page 1 and all 30 rows went to page 2, and the closing
# line sat alone on page 3.
MONTHS = pd.DataFrame({"Month": [f"Month {i}" for i in range(30)], "Audits returned": range(30)})
OURS = {
    f"ours_{mm}mm": _page(
        f'<h1>Scores</h1><div style="height: {mm}mm"><p>Chart</p></div><h2>Trend</h2>'
        f"{render_table(MONTHS, 'Audits returned by month')}<p>Produced by case-audit.</p>",
        STYLESHEET.read_text(encoding="utf-8"),
    )
    for mm in (150, 198, 210, 234)
}
# A short table closing the page, low on it: it moves to the next page whole.
OURS |= {
    f"ours_short_{mm}mm": _page(
        f'<h1>Scores</h1><div style="height: {mm}mm"><p>Chart</p></div><h2>Bands</h2>'
        f"{render_table(MONTHS.head(7), 'Scores in each band')}",
        STYLESHEET.read_text(encoding="utf-8"),
    )
    for mm in (200, 230)
}


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("paginated")
    pages = {**BAD, **OURS}
    with PdfPrinter() as printer:
        for name, html in pages.items():
            (folder / f"{name}.html").write_text(html, encoding="utf-8")
        futures = {n: printer.submit(folder / f"{n}.html", folder / f"{n}.pdf") for n in pages}
        return {name: future.result() for name, future in futures.items()}


@pytest.mark.browser
@needs_chromium
def test_a_header_broken_inside_a_word_is_found(printed):
    problems = header_words_broken(read_pdf_layout(printed["header"]), BAD["header"])
    # "Visits / due" breaks between words and is fine.
    assert len(problems) == 1
    assert problems[0].startswith("The header 'This month' breaks inside a word")


@pytest.mark.browser
@needs_chromium
def test_a_short_table_split_across_pages_is_found(printed):
    assert tables_split_badly(read_pdf_layout(printed["short_table"])) == [
        "Table 1 (10 rows, pages 1-2) is split, though it has 15 rows or fewer.",
        "Table 1 (10 rows, pages 1-2) has only 2 row(s) on page 1.",
    ]


@pytest.mark.browser
@needs_chromium
def test_a_long_table_ending_with_two_rows_on_a_page_is_found(printed):
    assert tables_split_badly(read_pdf_layout(printed["long_table_end"])) == [
        "Table 1 (30 rows, pages 1-2) has only 2 row(s) on page 2."
    ]


@pytest.mark.browser
@needs_chromium
def test_a_caption_and_header_ending_a_page_without_rows_are_found(printed):
    # The header row is repeated on page 2; it is not counted as a row.
    assert tables_split_badly(read_pdf_layout(printed["header_without_rows"])) == [
        "Table 1 (30 rows, pages 1-2) has only 0 row(s) on page 1."
    ]


@pytest.mark.browser
@needs_chromium
def test_a_row_cut_across_pages_is_found(printed):
    problems = tables_split_badly(read_pdf_layout(printed["row_cut"]))
    assert "Table 1 (2 rows, pages 1-2): a row is cut across pages 1-2." in problems


@pytest.mark.browser
@needs_chromium
def test_a_heading_left_at_the_foot_of_a_page_is_found(printed):
    assert headings_left_at_page_end(read_pdf_layout(printed["heading"])) == [
        "The H2 'Trend' is the last thing on page 1."
    ]


@pytest.mark.browser
@needs_chromium
def test_a_last_page_with_one_line_is_found(printed):
    assert last_page_nearly_empty(read_pdf_layout(printed["last_page"])) == [
        "The last page (page 2) holds only 1 line(s) of text."
    ]


@pytest.mark.browser
@needs_chromium
def test_each_bad_page_fails_only_its_own_rule(printed):
    found = {name: check_pagination(printed[name], html) for name, html in BAD.items()}
    assert all(found.values())
    assert [p for p in found["heading"] if "heading" not in p and "H2" not in p] == []
    assert [p for p in found["header"] if not p.startswith("The header")] == []


@pytest.mark.parametrize("name", sorted(OURS))
@pytest.mark.browser
@needs_chromium
def test_the_report_css_keeps_tables_headings_and_the_last_lines_together(printed, name):
    layout = read_pdf_layout(printed[name])
    assert check_pagination(printed[name], OURS[name]) == []
    # The table was really cut or moved whole: the page is not trivially short.
    assert layout.pages >= 2


def test_a_header_may_break_between_words_and_after_a_hyphen_or_slash_only():
    # Offsets in the text without spaces: "Visits|due", "Good-|or-|better", "On|time|/|late".
    assert _word_breaks("Visits due") == {6}
    assert _word_breaks("Good-or-better") == {5, 8}
    assert _word_breaks("On time/late") == {2, 7}


def test_a_header_cell_the_page_does_not_have_is_reported_not_passed():
    cell = Element("/TH", [Mark(0, 1)])
    layout = PdfLayout(1, [Mark(0, 1)], [], [], [cell], {Mark(0, 1): ["Mont", "h"]}, [2], [0])
    page = "<table><tr><th>Visits due</th></tr></table>"
    assert header_words_broken(layout, page) == [
        "The header 'Mont / h' matches no header of the page."
    ]
    month = "<table><tr><th>Month</th></tr></table>"
    assert header_words_broken(layout, month) == [
        "The header 'Month' breaks inside a word: 'Mont / h' (page 1)."
    ]
