"""Printed PDFs read back: tagged, language, title, figures with alt text, headings, outline, order.

The e2e test of every PDF of the demo month is in test_end_to_end.py; here a small hand-written
page shows each check passing on what Chromium prints and failing on a PDF that lacks it.
"""

from __future__ import annotations

import io

import pikepdf
import pytest

from helpers.sharing import convert
from helpers.sharing.pdf_checks import check_pdf_against_html, read_pdf_structure
from helpers.sharing.printing import PdfPrinter, finish_pdf

needs_chromium = pytest.mark.skipif(
    convert.find_chromium() is None,
    reason="Chromium not found (apt-get install chromium, or set CASE_AUDIT_CHROMIUM)",
)
PIXEL = "data:image/gif;base64,R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw=="

PAGE = f"""<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">
<title>Audit report, June 2019: Testshire Council</title>
<style>h1 {{ width: 12em; }}</style></head><body><main>
<h1>Audit report, June 2019: Testshire Borough Council (demo)</h1>
<h2>1. Audit compliance</h2>
<p>Audit compliance rose to 94% this month, above the target.</p>
<figure class="chart"><figcaption>Returns rose</figcaption>
<img alt="Line chart of returns by month: 88% in May, 94% in June." src="{PIXEL}" width="80"></figure>
<table><caption>Returns by month</caption><thead><tr><th scope="col">Month</th>
<th scope="col">Returned</th></tr></thead><tbody><tr><td>June</td><td>29</td></tr></tbody></table>
<h3>Teams to follow up</h3>
<ul><li>Team Alpha</li><li>Team Beta</li></ul>
<h2>2. Audit scores</h2>
<p>The average score held at 7.0 in June.</p>
<figure class="chart"><img alt="Bar chart of scores by domain." src="{PIXEL}" width="80"></figure>
</main></body></html>"""


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("printed")
    (folder / "page.html").write_text(PAGE, encoding="utf-8")
    with PdfPrinter() as printer:
        first = printer.submit(folder / "page.html", folder / "page.pdf")
        second = printer.submit(folder / "page.html", folder / "again.pdf")
        return first.result(), second.result()


@pytest.mark.browser
@needs_chromium
def test_printed_page_is_tagged_and_matches_its_html(printed):
    pdf, _ = printed
    assert check_pdf_against_html(pdf, PAGE) == []


@pytest.mark.browser
@needs_chromium
def test_what_a_screen_reader_gets_from_the_pdf(printed):
    found = read_pdf_structure(printed[0])
    assert found.tagged and found.lang == "en-GB" and found.shows_title
    # The page footer and backgrounds, which Chromium leaves bare, are marked as artifacts.
    assert found.unmarked_drawing == 0 and "Page 1 of 1" in found.text
    assert found.title == "Audit report, June 2019: Testshire Council"
    # One Figure per chart, each with the HTML's alt text (no empty Figure around it).
    assert found.figure_alts == [
        "Line chart of returns by month: 88% in May, 94% in June.",
        "Bar chart of scores by domain.",
    ]
    assert found.heading_levels == [1, 2, 3, 2]
    assert (found.tables, found.tables_with_headers, found.lists) == (1, 1, 1)
    # The h1 wraps on the page; its outline entry keeps the spaces between the words.
    assert found.outline == [
        "Audit report, June 2019: Testshire Borough Council (demo)",
        "1. Audit compliance",
        "Teams to follow up",
        "2. Audit scores",
    ]


@pytest.mark.browser
@needs_chromium
def test_one_browser_prints_several_pages(printed):
    first, second = printed
    assert read_pdf_structure(first).outline == read_pdf_structure(second).outline


def _untagged_pdf(path, outline_titles=()):
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    with pdf.open_outline() as outline:
        for title in outline_titles:
            outline.root.append(pikepdf.OutlineItem(title, 0))
    pdf.save(path)
    return path


def test_an_untagged_pdf_fails_every_check(tmp_path):
    problems = check_pdf_against_html(_untagged_pdf(tmp_path / "flat.pdf"), PAGE)

    assert [p.split(" ")[:3] for p in problems] == [
        ["The", "PDF", "is"],  # not tagged
        ["The", "PDF's", "language"],
        ["The", "PDF's", "title"],
        ["The", "PDF's", "figures"],
        ["The", "PDF's", "heading"],
        ["The", "PDF", "has"],  # tables
        ["The", "PDF's", "outline"],
        ["The", "PDF's", "text"],  # reading order
    ]


def test_outline_titles_get_back_the_spaces_lost_where_a_heading_wrapped(tmp_path):
    squashed = _untagged_pdf(tmp_path / "o.pdf", ["Audit report,June2019", "Trend", "Unmatched"])

    fixed = finish_pdf(squashed.read_bytes(), ["Audit report, June 2019", "Trend"], "T")

    with pikepdf.open(io.BytesIO(fixed)) as pdf, pdf.open_outline() as outline:
        assert [item.title for item in outline.root] == [
            "Audit report, June 2019",
            "Trend",
            "Unmatched",
        ]
        assert pdf.open_metadata()["dc:title"] == "T"
