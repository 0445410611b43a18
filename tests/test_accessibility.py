"""helpers.sharing.accessibility: exported pages pass axe-core (WCAG 2.1 AA) and basic checks."""

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from helpers.sharing import accessibility, convert

DEMO_NOTEBOOK = Path(__file__).parent / "notebooks" / "display_demo.ipynb"
needs_chromium = pytest.mark.skipif(
    convert.find_chromium() is None,
    reason="Chromium not found (apt-get install chromium, or set CASE_AUDIT_CHROMIUM)",
)
needs_axe = pytest.mark.skipif(
    not accessibility.AXE_SCRIPT.is_file(),
    reason="node_modules/axe-core missing (run `npm ci` at the repo root)",
)

GOOD_PAGE = """<!DOCTYPE html><html lang="en-GB"><head><title>Audit report</title></head>
<body><main><h1>Audit report</h1>
<img src="data:image/png;base64,AAAA" alt="Bar chart of returns by month">
<table><caption>Returns</caption><tr><th scope="col">Month</th></tr><tr><td>June</td></tr></table>
</main></body></html>"""

BAD_PAGE = """<!DOCTYPE html><html><head></head><body>
<h1>One</h1><h1>Two</h1>
<img src="data:image/png;base64,AAAA">
<img src="data:image/png;base64,AAAA" alt="No description has been provided for this image">
<table><tr><td>June</td></tr></table>
</body></html>"""


@pytest.fixture(scope="module")
def demo_page(tmp_path_factory) -> Path:
    """tests/notebooks/display_demo.ipynb, executed and exported as HTML."""
    nb = nbformat.read(DEMO_NOTEBOOK, as_version=4)
    workdir = tmp_path_factory.mktemp("demo-run")
    client = NotebookClient(
        nb, kernel_name="python3", timeout=120, resources={"metadata": {"path": workdir}}
    )
    client.execute()
    return convert.export_html(nb, workdir / "display_demo.html", title="Display demo")


def test_good_page_has_no_basic_problems():
    assert accessibility.check_page_basics(GOOD_PAGE) == []


def test_bad_page_problems_are_each_named():
    assert accessibility.check_page_basics(BAD_PAGE) == [
        "The <html> element has no lang attribute.",
        "The page has no <title>.",
        "The page has 2 h1 headings; it should have exactly one.",
        "Image 1 has no alt text.",
        "Image 2 has nbconvert's placeholder alt text.",
        "Table 1 has no header cells (<th>).",
    ]


def test_exported_demo_has_no_basic_problems(demo_page):
    assert accessibility.check_page_basics(demo_page.read_text(encoding="utf-8")) == []


@pytest.mark.browser
@needs_chromium
@needs_axe
def test_axe_finds_no_violations_on_the_exported_demo(demo_page):
    assert accessibility.run_axe([demo_page]) == {demo_page: []}


@pytest.mark.browser
@needs_chromium
@needs_axe
def test_axe_reports_violations_on_a_bad_page(tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text(BAD_PAGE, encoding="utf-8")

    found = {violation["id"] for violation in accessibility.run_axe([bad])[bad]}

    assert {"html-has-lang", "document-title", "image-alt"} <= found


@pytest.mark.browser
@needs_chromium
def test_wide_tables_fit_an_a4_page(demo_page, tmp_path):
    too_wide = tmp_path / "too_wide.html"
    too_wide.write_text(
        '<html lang="en-GB"><body><table style="width: 2000px"><caption>Fixed width</caption>'
        "<tr><th>A</th></tr></table></body></html>",
        encoding="utf-8",
    )

    result = accessibility.tables_wider_than_a4([demo_page, too_wide])

    assert result == {demo_page: [], too_wide: ["Fixed width"]}


# --- checks axe leaves to people -------------------------------------------------------------

MESSY_PAGE = """<html lang="en-GB"><head><title>T</title></head><body><main>
<h1>Report</h1><h3>Skipped a level</h3><h2>Back in order</h2>
<table><tr><td>June</td></tr></table>
<table><caption>Scores</caption><thead><tr><th>Team</th></tr></thead>
<tbody><tr><th>Alpha</th></tr></tbody></table>
<p><a href="https://example.org/guide">click here</a> <a href="https://example.org">https://example.org</a>
<a href="#nowhere">Method</a> <a href="#top">Back to the top</a></p>
<p id="top">Compliance target: <strong class="status status-met"></strong></p>
<p>Compliance target: <strong class="status status-not-met">Not met</strong></p>
</main></body></html>"""


def test_structure_problems_axe_leaves_to_people_are_each_named():
    assert accessibility.check_page_structure(MESSY_PAGE) == [
        "Heading 'Skipped a level' is h3 after h1: a level is skipped.",
        "Table 1 has no caption saying what it shows.",
        "Table 1 (no caption) has no header cells.",
        "Table 2 (Scores) has a header cell without a scope.",
        "Link to 'https://example.org/guide' reads 'click here': say where it goes.",
        "Link text 'https://example.org' is a bare address: say where it goes.",
        "Link 'Method' points to '#nowhere', which is not on the page.",
        "A coloured <strong class='status status-met'> has no words.",
    ]


def test_a_well_made_page_has_no_structure_problems():
    assert accessibility.check_page_structure(GOOD_PAGE) == []


def test_exported_demo_has_no_structure_problems(demo_page):
    assert accessibility.check_page_structure(demo_page.read_text(encoding="utf-8")) == []


def test_every_text_colour_of_the_stylesheet_reads_at_4_5_to_1():
    css = accessibility.STYLESHEET.read_text(encoding="utf-8")
    assert ".status-met { color: #005a30; background: #cce2d8; }" in css  # the check reads it
    assert accessibility.stylesheet_contrast_problems(css) == []
    assert accessibility.stylesheet_contrast_problems(".pale { color: #aaaaaa; }") == [
        ".pale: #aaaaaa on #ffffff is 2.3:1."
    ]
