"""helpers.sharing.convert: an executed notebook becomes a self-contained HTML page and an A4 PDF."""

import re
import time
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from pypdf import PdfReader

from helpers.sharing import convert

DEMO_NOTEBOOK = Path(__file__).parent / "notebooks" / "display_demo.ipynb"
A4_POINTS = (595, 842)
CHROMIUM_MISSING = "Chromium not found (apt-get install chromium, or set CASE_AUDIT_CHROMIUM)"
needs_chromium = pytest.mark.skipif(convert.find_chromium() is None, reason=CHROMIUM_MISSING)


@pytest.fixture(scope="module")
def executed_demo(tmp_path_factory):
    """tests/notebooks/display_demo.ipynb run in the python3 kernel."""
    nb = nbformat.read(DEMO_NOTEBOOK, as_version=4)
    workdir = tmp_path_factory.mktemp("demo-run")
    NotebookClient(
        nb, kernel_name="python3", timeout=120, resources={"metadata": {"path": workdir}}
    ).execute()
    return nb


@pytest.fixture(scope="module")
def demo_html_path(executed_demo, tmp_path_factory):
    out = tmp_path_factory.mktemp("demo-html") / "display_demo.html"
    return convert.export_html(executed_demo, out, title="Display demo - June 2019")


@pytest.fixture(scope="module")
def demo_html(demo_html_path):
    return demo_html_path.read_text(encoding="utf-8")


def test_page_loads_nothing_from_outside(demo_html):
    assert convert.external_references(demo_html) == []
    assert BeautifulSoup(demo_html, "html.parser").find_all(["script", "link", "iframe"]) == []


def test_page_language_title_and_single_h1(demo_html):
    soup = BeautifulSoup(demo_html, "html.parser")
    assert soup.html["lang"] == "en-GB"
    assert convert.html_title(demo_html) == "Display demo - June 2019"
    assert convert.count_h1(demo_html) == 1
    assert soup.h1.get_text(strip=True) == "Display demo report"
    # The notebook's second "# " heading is kept, one level down.
    assert "A second top-level heading" in [h2.get_text(strip=True) for h2 in soup.find_all("h2")]


def test_chart_is_embedded_with_its_alt_text(demo_html):
    images = BeautifulSoup(demo_html, "html.parser").find_all("img")
    assert len(images) == 1
    assert images[0]["src"].startswith("data:image/png;base64,")
    assert images[0]["alt"].startswith("Bar chart: audits returned fell from 81%")
    assert convert.NBCONVERT_PLACEHOLDER_ALT not in demo_html


def test_comment_text_is_escaped_not_run(demo_html):
    assert '&lt;script&gt;alert("x")&lt;/script&gt;' in demo_html
    assert "Team &lt;Gamma&gt;" in demo_html


def test_code_prompts_and_warnings_are_hidden(demo_html):
    text = BeautifulSoup(demo_html, "html.parser").get_text()
    assert "import matplotlib" not in text
    assert "show_table(" not in text
    assert "In [" not in text
    assert "analyst-only warning" not in text
    assert "¶" not in text


def test_page_is_small(demo_html_path):
    # One chart, three tables: a section of five charts must stay under 1.5 MB.
    assert demo_html_path.stat().st_size < 150_000


def test_export_accepts_a_notebook_file(executed_demo, tmp_path):
    saved = tmp_path / "executed.ipynb"
    nbformat.write(executed_demo, saved)

    html = convert.export_html(saved, tmp_path / "out" / "page.html", title="From file").read_text()

    assert convert.html_title(html) == "From file"


def test_notebook_without_h1_gets_its_title_as_h1(tmp_path):
    nb = new_notebook(cells=[new_markdown_cell("## Only a section heading")])

    html = convert.export_html(nb, tmp_path / "page.html", title="Audit report").read_text()

    soup = BeautifulSoup(html, "html.parser")
    assert convert.count_h1(html) == 1
    assert soup.h1.get_text() == "Audit report"


def test_cells_tagged_remove_cell_are_left_out(tmp_path):
    secret = new_code_cell("", metadata={"tags": ["remove-cell"]})
    secret.outputs = [new_output("stream", name="stdout", text="C-TEST-001 Alex Testperson")]
    nb = new_notebook(cells=[new_markdown_cell("# Report"), secret])

    html = convert.export_html(nb, tmp_path / "page.html", title="Report").read_text()

    assert "C-TEST-001" not in html


def test_notebook_with_an_error_is_not_exported(tmp_path):
    failed = new_code_cell("1 / 0")
    failed.outputs = [new_output("error", ename="ZeroDivisionError", evalue="division by zero")]
    nb = new_notebook(cells=[new_markdown_cell("# Report"), failed])

    with pytest.raises(convert.NotebookHasErrors, match=r"cell\(s\) \[1\]"):
        convert.export_html(nb, tmp_path / "page.html", title="Report")
    assert not (tmp_path / "page.html").exists()


def test_external_references_finds_every_kind_of_outside_link():
    html = """<html><head>
    <link rel="stylesheet" href="style.css">
    <script src="https://cdn.example.org/require.js"></script>
    <style>@import "theme.css"; body { background: url('file:///tmp/bg.png'); }</style>
    </head><body>
    <img src="//cdn.example.org/logo.png" alt="Logo">
    <div style="background-image: url(images/x.png)"></div>
    <a href="#section-2">Down</a> <a href="mailto:team@example.org">Mail</a>
    <img src="data:image/png;base64,AAAA" alt="Inline">
    <p>Text that mentions url(http://example.org) and https://example.org is not a link.</p>
    </body></html>"""

    assert sorted(convert.external_references(html)) == sorted(
        [
            "style.css",
            "https://cdn.example.org/require.js",
            "theme.css",
            "file:///tmp/bg.png",
            "//cdn.example.org/logo.png",
            "images/x.png",
        ]
    )


def test_a_srcset_is_read_as_urls_with_descriptors_so_a_data_url_keeps_its_comma():
    # The themes heatmap's phone drawing is a data: URL in a <picture>'s <source srcset>.
    html = (
        '<picture><source srcset="data:image/png;base64,AAAA"><source srcset="a.png 1x,'
        ' https://example.org/b.png 2x"><source srcset="c.png,d.png"><img alt="x"'
        ' src="data:image/png;base64,AAAA"></picture>'
    )

    assert convert.external_references(html) == [
        "a.png",
        "https://example.org/b.png",
        "c.png,d.png",  # one URL, as a browser reads it
    ]


def test_stock_nbconvert_page_would_fail_the_check(executed_demo):
    """The reason for our template: nbconvert's lab template loads scripts from a CDN."""
    from nbconvert import HTMLExporter

    html, _ = HTMLExporter(template_name="lab").from_notebook_node(executed_demo)

    assert any(ref.startswith("https://") for ref in convert.external_references(html))


def test_find_chromium_uses_the_configured_path(monkeypatch, tmp_path):
    fake = tmp_path / "my-chromium"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    monkeypatch.setenv(convert.CHROMIUM_ENV, str(fake))
    assert convert.find_chromium() == fake

    monkeypatch.setenv(convert.CHROMIUM_ENV, str(tmp_path / "missing"))
    assert convert.find_chromium() is None


def test_pdf_without_chromium_says_how_to_get_one(monkeypatch, tmp_path):
    monkeypatch.setenv(convert.CHROMIUM_ENV, str(tmp_path / "missing"))
    nb = new_notebook(cells=[new_markdown_cell("# Report")])

    with pytest.raises(convert.ChromiumNotFound, match="apt-get install chromium") as error:
        convert.export_pdf(nb, tmp_path / "report.pdf", title="Report")
    assert convert.CHROMIUM_ENV in str(error.value)


@pytest.mark.browser
@needs_chromium
def test_pdf_is_a4_and_holds_the_tables(executed_demo, tmp_path):
    started = time.perf_counter()
    pdf_path = convert.export_pdf(executed_demo, tmp_path / "demo.pdf", title="Display demo")
    seconds = time.perf_counter() - started

    reader = PdfReader(pdf_path)
    text = "".join(page.extract_text() for page in reader.pages)
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert width == pytest.approx(A4_POINTS[0], abs=2)
        assert height == pytest.approx(A4_POINTS[1], abs=2)
    assert "1,234" in text
    assert "Page 1 of" in text
    # The wide table's last column is printed, not cut off (cells wrap inside words).
    assert "LASTCOLUMNMARKERtwo" in re.sub(r"\s+", "", text)
    assert seconds < 60


def test_page_is_the_one_nbconvert_html_exporter_makes(executed_demo):
    """`CaseAuditHTMLExporter` renders without HTMLExporter's own BeautifulSoup pass (its CSS
    selectors took ~0.08 s to compile in every worker) and does that pass in `tidy_html`: the
    page must be the one HTMLExporter, then `tidy_html`, make. Fails if nbconvert changes how
    its HTMLExporter renders, which this exporter copies."""
    from nbconvert.exporters import HTMLExporter

    picture = new_output("display_data", {"image/png": "iVBORw0KGgo=", "text/plain": "chart"})
    extra = [
        new_markdown_cell('An image without alt text: <img src="data:image/png;base64,AAAA">'),
        new_code_cell("", outputs=[picture]),
    ]
    for notebook in (executed_demo, new_notebook(cells=extra)):
        prepared = convert._notebook_for_report(notebook, "A page")
        expected, _ = HTMLExporter(**convert._exporter_options()).from_notebook_node(prepared)
        made = convert.render_html(notebook, "A page")
        assert made == convert.tidy_html(expected, "A page")
    assert made.count(convert.NBCONVERT_PLACEHOLDER_ALT) == 1
