"""Executed notebook -> the HTML and PDF files a manager receives. All nbconvert calls live here.

Pages use our `case_audit` template (src/helpers/sharing/templates/case_audit): code and prompts hidden,
charts embedded, no scripts, fonts or stylesheets from a URL, `lang="en-GB"`, one h1.
PDFs are the same page printed by the Chromium installed on the machine (`sharing/printing.py`).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import copy
import functools
import re
import tempfile
from collections.abc import Coroutine
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import nbformat
from bs4 import BeautifulSoup
from nbconvert.exporters import HTMLExporter, TemplateExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
from nbformat import NotebookNode
from traitlets.config import Config

from helpers.sharing.chromium import (  # noqa: F401  (where other stages have always found them)
    CHROMIUM_ARGS,
    CHROMIUM_ENV,
    ChromiumNotFound,
    find_chromium,
    require_chromium,
)

if TYPE_CHECKING:
    from helpers.sharing.printing import PdfPrinter

TEMPLATES_DIR = Path(__file__).parent / "templates"
TEMPLATE_NAME = "case_audit"
NBCONVERT_PLACEHOLDER_ALT = "No description has been provided for this image"

T = TypeVar("T")


class NotebookHasErrors(ValueError):
    """A notebook with error outputs must not become a report."""


def run_in_thread(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run async Playwright code from sync code, even inside a running loop (Jupyter)."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def _exporter_config() -> Config:
    config = Config()
    # Cells tagged remove-cell never reach a report, whatever they output.
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = {"remove-cell"}
    return config


def _exporter_options() -> dict[str, Any]:
    return {
        "config": _exporter_config(),
        "template_name": TEMPLATE_NAME,
        "extra_template_basedirs": [str(TEMPLATES_DIR)],
        "exclude_input": True,
        "exclude_input_prompt": True,
        "exclude_output_prompt": True,
        "exclude_anchor_links": True,
    }


def _notebook_for_report(notebook: NotebookNode | Path, title: str) -> NotebookNode:
    """A copy of the notebook carrying the page title; refuses notebooks that failed."""
    if isinstance(notebook, str | Path):
        nb = nbformat.read(Path(notebook), as_version=4)
    else:
        nb = copy.deepcopy(notebook)
    failed = [
        i
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code"
        and any(out.get("output_type") == "error" for out in cell.get("outputs", []))
    ]
    if failed:
        raise NotebookHasErrors(f"Notebook has error outputs in cell(s) {failed}; not exported.")
    nb.metadata["title"] = title
    return nb


def tidy_html(html: str, title: str) -> str:
    """Keep one h1 (the first); later h1s become h2. Add the title as h1 when there is none.

    Also what nbconvert's HTMLExporter does as it reads its page back (`CaseAuditHTMLExporter`):
    an image without alt text gets nbconvert's placeholder (which the accessibility check then
    reports), and a notebook's cell inputs and outputs are made reachable by the keyboard."""
    soup = BeautifulSoup(html, "html.parser")
    for image in soup.find_all("img"):
        if "alt" not in image.attrs:
            image["alt"] = NBCONVERT_PLACEHOLDER_ALT
    for area in soup.find_all("div", class_=("jp-Cell-inputWrapper", "jp-OutputArea-output")):
        if area.find_parent(class_="jp-Notebook") is not None:
            area["tabindex"] = "0"
    headings = soup.find_all("h1")
    for extra in headings[1:]:
        extra.name = "h2"
    if not headings and soup.main is not None:
        h1 = soup.new_tag("h1")
        h1.string = title
        soup.main.insert(0, h1)
    return str(soup)


class CaseAuditHTMLExporter(HTMLExporter):
    """HTMLExporter on the case_audit template, with one h1 per page.

    HTMLExporter reads its page back with BeautifulSoup to add alt text and tabindex through CSS
    selectors, and compiling those selectors took ~0.08 s of CPU in each process making HTML; the
    page was then read again by `tidy_html`. This renders as HTMLExporter does (its two filters,
    then the template) and leaves that pass to `tidy_html`'s one reading: tests/test_convert.py
    checks that the page is the one HTMLExporter and `tidy_html` made before.
    """

    def from_notebook_node(self, nb, resources=None, **kw):
        language = nb.metadata.get("language_info", {})
        lexer = language.get("pygments_lexer", language.get("name", None))
        highlight_code = self.filters.get(
            "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)
        )
        resources = self._init_resources(resources)
        filter_data_type = WidgetsDataTypeFilter(
            notebook_metadata=self._nb_metadata, parent=self, resources=resources
        )
        self.register_filter("highlight_code", highlight_code)
        self.register_filter("filter_data_type", filter_data_type)
        html, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
        return tidy_html(html, nb.metadata.get("title", "")), resources


@functools.cache
def _exporter() -> CaseAuditHTMLExporter:
    """One exporter per process: it compiles its Jinja templates once, not once per page."""
    return CaseAuditHTMLExporter(**_exporter_options())


def warm_up_html() -> None:
    """Render a small notebook (text, a table, a picture), so that this process has compiled the
    template and loaded what rendering needs before its first page (about 0.15 s)."""
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    picture = new_output("display_data", {"image/png": "", "text/plain": "chart"})
    table = new_output("display_data", {"text/html": "<table><tr><td>1</td></tr></table>"})
    cells = [new_markdown_cell("# Warm up"), new_code_cell("", outputs=[table, picture])]
    render_html(new_notebook(cells=cells), "Warm up")


def render_html(notebook: NotebookNode | Path, title: str) -> str:
    """The report page for an executed notebook, as a string."""
    nb = _notebook_for_report(notebook, title)
    html, _ = _exporter().from_notebook_node(nb)
    return html


def export_html(notebook: NotebookNode | Path, out_path: Path, title: str) -> Path:
    """Write the self-contained HTML report for an executed notebook."""
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(render_html(notebook, title), encoding="utf-8")
    return out_path


def export_pdf(
    notebook: NotebookNode | Path, out_path: Path, title: str, printer: PdfPrinter | None = None
) -> Path:
    """Write the tagged A4 PDF of the report page; raises ChromiumNotFound without a browser.

    Pass the run's `printing.PdfPrinter` to print with its browser; without one, a browser is
    started for this PDF alone.
    """
    from helpers.sharing.printing import PdfPrinter

    chromium = require_chromium()
    html = render_html(notebook, title)
    with tempfile.TemporaryDirectory(prefix="case-audit-pdf-") as tmp:
        page_file = Path(tmp) / "page.html"
        page_file.write_text(html, encoding="utf-8")
        if printer is not None:
            return printer.print_pdf(page_file, Path(out_path))
        with PdfPrinter(chromium) as own:
            return own.print_pdf(page_file, Path(out_path))


# --- checks on exported pages (used by tests and accessibility.py) ---------------------------

_URL_ATTRIBUTES = ("src", "href", "srcset", "poster", "data", "action", "xlink:href", "background")
_CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)""", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"""@import\s+(['"])(.*?)\1""", re.IGNORECASE)
_INTERNAL_PREFIXES = ("data:", "#", "mailto:", "tel:")


def _is_external(reference: str) -> bool:
    ref = reference.strip()
    return bool(ref) and not ref.lower().startswith(_INTERNAL_PREFIXES)


def _css_references(css: str) -> list[str]:
    return [m.group(2) for m in _CSS_URL.finditer(css)] + [
        m.group(2) for m in _CSS_IMPORT.finditer(css)
    ]


def external_references(html: str) -> list[str]:
    """Every URL the page would load or link outside itself (http(s):, //, file:, relative paths).

    `data:` URIs, `#fragment` links, mailto: and tel: are not external. Text that merely looks
    like a URL (say inside an escaped comment) is not a reference.
    """
    soup = BeautifulSoup(html, "html.parser")
    found: list[str] = []
    for tag in soup.find_all(True):
        for attribute in _URL_ATTRIBUTES:
            value = tag.get(attribute)
            if not value:
                continue
            if attribute == "srcset":
                found += srcset_urls(value)
            else:
                found.append(value)
        if tag.get("style"):
            found += _css_references(tag["style"])
    for style in soup.find_all("style"):
        found += _css_references(style.get_text())
    return [ref for ref in found if _is_external(ref)]


_SRCSET_URL = re.compile(r"[\s,]*(\S+)")


def srcset_urls(value: str) -> list[str]:
    """The URLs of a `srcset`, read as the HTML standard does: a URL is a run without spaces
    (a `data:` URL keeps its comma), then descriptors up to the next comma."""
    urls, position = [], 0
    while found := _SRCSET_URL.match(value, position):
        url, position = found[1], found.end()
        if url.endswith(","):  # no descriptors: the comma ended the candidate
            urls.append(url.rstrip(","))
            continue
        urls.append(url)
        comma = value.find(",", position)
        if comma < 0:
            break
        position = comma + 1
    return urls


def html_title(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    return soup.title.get_text(strip=True) if soup.title else ""


def count_h1(html: str) -> int:
    return len(BeautifulSoup(html, "html.parser").find_all("h1"))
