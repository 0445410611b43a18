"""Read a printed PDF back and check how it is cut into pages, as a reader turning them would.

The print CSS asks for: column and row headers that break only between words, tables kept in
groups of at least three rows (a short table never split), headings kept with what follows, and
no near-empty last page. Chromium may not manage it (a row taller than a page, a long header in a
narrow column), so these checks read what was printed: the tagged structure tree Chromium writes
(which element each piece of marked content belongs to, and on which page) and the text of each
piece with its position (pdfplumber). Each check returns sentences, [] when the PDF passes.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber
import pikepdf
from bs4 import BeautifulSoup

HEADINGS = {"/H1", "/H2", "/H3", "/H4", "/H5", "/H6", "/Caption"}
# Mirrors pages/display.py: a table of up to SHORT_TABLE_ROWS body rows is never split and a
# longer one keeps ROWS_KEPT_TOGETHER rows together where it is cut.
SHORT_TABLE_ROWS = 15
ROWS_KEPT_TOGETHER = 3
# The last page of a document of several pages holds at least this many lines of text, or a chart.
LAST_PAGE_LINES = 3
# Characters whose tops differ by less than this share a line (points).
SAME_LINE = 2.0


@dataclass(frozen=True)
class Mark:
    """One piece of marked content: its page (from 0) and its id on that page."""

    page: int
    mcid: int


@dataclass
class Element:
    """A structure element with the marked content it holds, in reading order."""

    kind: str  # "/H2", "/TR", "/TH", "/Caption", ...
    marks: list[Mark] = field(default_factory=list)
    cells: list[str] = field(default_factory=list)  # for a row: its cells' kinds ("/TH", "/TD")

    @property
    def pages(self) -> list[int]:
        return sorted({mark.page for mark in self.marks})


@dataclass
class PdfLayout:
    """What pagination checks need from a printed PDF."""

    pages: int
    marks: list[Mark]  # every piece of tagged content, in reading order
    headings: list[Element]
    tables: list[tuple[Element, list[Element]]]  # each table, and its rows in order
    header_cells: list[Element]
    lines: dict[Mark, list[str]]  # the text of each piece, line by line
    page_lines: list[int]  # lines of tagged text on each page
    page_figures: list[int]  # tagged images on each page


def _collect(node: object, page: int | None, pages: dict, layout: PdfLayout, open_: list) -> None:
    """Walk the structure tree depth first, giving every open element the marks met below it."""
    if isinstance(node, pikepdf.Array):
        for kid in node:
            _collect(kid, page, pages, layout, open_)
        return
    if isinstance(node, int):
        if page is not None:
            mark = Mark(page, int(node))
            layout.marks.append(mark)
            for element in open_:
                element.marks.append(mark)
        return
    if not isinstance(node, pikepdf.Dictionary):
        return
    if "/Pg" in node:
        page = pages.get(node.Pg.objgen, page)
    if node.get("/Type") == "/MCR":
        _collect(node.get("/MCID"), page, pages, layout, open_)
        return
    kind = str(node.get("/S", ""))
    element = Element(kind)
    if kind in HEADINGS:
        layout.headings.append(element)
    elif kind == "/Table":
        layout.tables.append((element, []))
    elif kind == "/TR" and layout.tables:
        layout.tables[-1][1].append(element)
    elif kind in ("/TH", "/TD"):
        for row in reversed(open_):
            if row.kind == "/TR":
                row.cells.append(kind)
                break
        if kind == "/TH":
            layout.header_cells.append(element)
    if "/K" in node:
        _collect(node["/K"], page, pages, layout, [*open_, element])


def _text_lines(chars: list[dict]) -> list[str]:
    lines: list[list[dict]] = []
    for char in chars:
        if lines and abs(lines[-1][-1]["top"] - char["top"]) < SAME_LINE:
            lines[-1].append(char)
        else:
            lines.append([char])
    return [text for line in lines if (text := "".join(c["text"] for c in line).strip())]


def read_pdf_layout(path: Path) -> PdfLayout:
    """The structure tree's headings, tables and header cells, and each page's text by line."""
    layout = PdfLayout(0, [], [], [], [], {}, [], [])
    with pikepdf.open(path) as pdf:
        layout.pages = len(pdf.pages)
        pages = {page.objgen: i for i, page in enumerate(pdf.pages)}
        if "/StructTreeRoot" in pdf.Root:
            _collect(pdf.Root.StructTreeRoot.get("/K"), None, pages, layout, [])
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages):
            tagged = [c for c in page.chars if c.get("mcid") is not None]
            by_mark: dict[Mark, list[dict]] = {}
            for char in tagged:
                by_mark.setdefault(Mark(number, char["mcid"]), []).append(char)
            layout.lines.update({mark: _text_lines(chars) for mark, chars in by_mark.items()})
            tops = sorted(c["top"] for c in tagged if c["text"].strip())
            layout.page_lines.append(
                sum(1 for i, top in enumerate(tops) if i == 0 or top - tops[i - 1] >= SAME_LINE)
            )
            layout.page_figures.append(sum(1 for i in page.images if i.get("mcid") is not None))
    return layout


def _squashed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _word_breaks(text: str) -> set[int]:
    """Where, in `text` without spaces, a line may break: between words and after - or /."""
    allowed, length = set(), 0
    for piece in re.findall(r"\S+|\s+", text):
        if piece.isspace():
            allowed.add(length)
            continue
        for char in piece:
            length += 1
            if char in "-/":
                allowed.add(length)
    return allowed


def header_words_broken(layout: PdfLayout, html: str) -> list[str]:
    """Header cells whose text breaks inside a word across lines (`This mont / h`).

    The PDF does not say whether a line ended at a space, so each cell is matched with the HTML
    header of the same text to know where its words end. A header row repeated on the next
    pages is tagged as the same cells: only the cell's first page is read.
    """
    soup = BeautifulSoup(html, "html.parser")
    headers = {_squashed(th.get_text(" ")): th.get_text(" ") for th in soup("th")}
    problems = []
    for cell in layout.header_cells:
        first = [mark for mark in cell.marks if mark.page == cell.pages[0]]
        lines = [line for mark in first for line in layout.lines.get(mark, [])]
        text = headers.get(_squashed("".join(lines)))
        if text is None and lines:  # cannot be checked: say so rather than pass it
            problems.append(f"The header {' / '.join(lines)!r} matches no header of the page.")
        if len(lines) < 2 or text is None:
            continue
        allowed = _word_breaks(text)
        ends = [len(_squashed("".join(lines[: i + 1]))) for i in range(len(lines) - 1)]
        if any(end not in allowed for end in ends):
            problems.append(
                f"The header {' '.join(text.split())!r} breaks inside a word: "
                f"{' / '.join(lines)!r} (page {cell.pages[0] + 1})."
            )
    return problems


def tables_split_badly(layout: PdfLayout) -> list[str]:
    """Tables of up to 15 rows split across pages; pages that start or end a split table with
    fewer than 3 of its rows, counting the page where only its caption and header are printed
    (a header row, repeated on each page, is not a row of the table)."""
    problems = []
    for number, (table, rows) in enumerate(layout.tables, start=1):
        body = [row for row in rows if row.marks and set(row.cells) != {"/TH"}]
        if not body:
            continue
        per_page = Counter(row.pages[0] for row in body)
        per_page[table.pages[0]] += 0  # the caption and header's page, with or without rows
        if len(per_page) < 2:
            continue
        first, last = min(per_page), max(per_page)
        where = f"Table {number} ({len(body)} rows, pages {first + 1}-{last + 1})"
        if len(body) <= SHORT_TABLE_ROWS:
            problems.append(f"{where} is split, though it has {SHORT_TABLE_ROWS} rows or fewer.")
        for page in sorted({first, last}):
            if per_page[page] < ROWS_KEPT_TOGETHER:
                problems.append(f"{where} has only {per_page[page]} row(s) on page {page + 1}.")
        problems += [
            f"{where}: a row is cut across pages {row.pages[0] + 1}-{row.pages[-1] + 1}."
            for row in body
            if len(row.pages) > 1
        ]
    return problems


def headings_left_at_page_end(layout: PdfLayout) -> list[str]:
    """Headings (and table captions) with nothing after them on their page."""
    position = {mark: i for i, mark in enumerate(layout.marks)}
    problems = []
    for heading in layout.headings:
        if not heading.marks:
            continue
        last = heading.marks[-1]
        following = layout.marks[position[last] + 1 :]
        nxt = next((m for m in following if m not in heading.marks), None)
        if nxt is None or nxt.page != last.page:
            text = " ".join(line for m in heading.marks for line in layout.lines.get(m, []))
            problems.append(
                f"The {heading.kind.lstrip('/')} {text!r} is the last thing on page {last.page + 1}."
            )
    return problems


def last_page_nearly_empty(layout: PdfLayout) -> list[str]:
    """A last page (of several) with fewer than 3 lines of text and no chart."""
    if layout.pages < 2:
        return []
    lines, figures = layout.page_lines[-1], layout.page_figures[-1]
    if lines >= LAST_PAGE_LINES or figures:
        return []
    return [f"The last page (page {layout.pages}) holds only {lines} line(s) of text."]


def check_pagination(pdf_path: Path, html: str) -> list[str]:
    """Every way the printed PDF is badly cut into pages ([] when none)."""
    layout = read_pdf_layout(pdf_path)
    return [
        *header_words_broken(layout, html),
        *tables_split_badly(layout),
        *headings_left_at_page_end(layout),
        *last_page_nearly_empty(layout),
    ]
