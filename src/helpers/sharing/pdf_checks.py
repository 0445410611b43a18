"""Read a printed PDF back and compare it with its HTML page: what a screen reader would get.

A PDF is accessible when it is tagged (a structure tree), says its language and title, gives each
chart one Figure with the same alt text as the HTML, has heading elements at the HTML's levels in
the HTML's order, an outline entry per heading, and a text layer in the page's reading order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
from bs4 import BeautifulSoup
from pypdf import PdfReader

HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
DRAWING = {"Tj", "TJ", "'", '"', "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "Do", "sh", "BI"}
# Words of a section's first paragraph looked for in the text layer, after its heading.
FIRST_WORDS = 6


@dataclass
class PdfStructure:
    """What a PDF tells assistive technology, read from its catalog and structure tree."""

    tagged: bool
    lang: str
    title: str
    shows_title: bool  # /ViewerPreferences /DisplayDocTitle: the window shows the title
    heading_levels: list[int] = field(default_factory=list)
    figure_alts: list[str] = field(default_factory=list)  # each Figure's /Alt, "" when none
    tables: int = 0
    tables_with_headers: int = 0
    lists: int = 0
    outline: list[str] = field(default_factory=list)  # titles, depth first
    # Drawing operators neither tagged nor marked as artifacts: a checker (PAC) reports them.
    unmarked_drawing: int = 0
    text: str = ""  # the text layer, page by page


def _walk(node: object, found: PdfStructure, seen: set[tuple[int, int]]) -> None:
    if isinstance(node, pikepdf.Array):
        for kid in node:
            _walk(kid, found, seen)
        return
    if not isinstance(node, pikepdf.Dictionary):
        return
    if node.is_indirect:  # a structure tree is a tree, but never trust a file to be one
        if node.objgen in seen:
            return
        seen.add(node.objgen)
    kind = str(node.get("/S", ""))
    if re.fullmatch(r"/H[1-6]", kind):
        found.heading_levels.append(int(kind[2]))
    elif kind == "/Figure":
        found.figure_alts.append(str(node.get("/Alt", "")).strip())
    elif kind == "/Table":
        found.tables += 1
        found.tables_with_headers += _contains(node, "/TH")
    elif kind == "/L":
        found.lists += 1
    if "/K" in node:
        _walk(node["/K"], found, seen)


def _contains(node: object, kind: str) -> bool:
    if isinstance(node, pikepdf.Array):
        return any(_contains(kid, kind) for kid in node)
    if not isinstance(node, pikepdf.Dictionary):
        return False
    return str(node.get("/S", "")) == kind or ("/K" in node and _contains(node["/K"], kind))


def read_pdf_structure(path: Path) -> PdfStructure:
    with pikepdf.open(path) as pdf:
        root = pdf.Root
        mark_info = root.get("/MarkInfo", {})
        preferences = root.get("/ViewerPreferences", {})
        found = PdfStructure(
            tagged=bool(mark_info.get("/Marked", False)) and "/StructTreeRoot" in root,
            lang=str(root.get("/Lang", "")),
            title=str(pdf.docinfo.get("/Title", "")),
            shows_title=bool(preferences.get("/DisplayDocTitle", False)),
        )
        if "/StructTreeRoot" in root:
            _walk(root.StructTreeRoot.get("/K"), found, set())
        found.unmarked_drawing = sum(_unmarked_drawing(page) for page in pdf.pages)
        with pdf.open_outline() as outline:
            stack = list(reversed(outline.root))
            while stack:
                item = stack.pop()
                found.outline.append(item.title)
                stack.extend(reversed(item.children))
    found.text = "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
    return found


def _unmarked_drawing(page: pikepdf.Page) -> int:
    depth, count = 0, 0
    for instruction in pikepdf.parse_content_stream(page):
        operator = str(instruction.operator)
        depth += {"BDC": 1, "BMC": 1, "EMC": -1}.get(operator, 0)
        count += depth == 0 and operator in DRAWING
    return count


def _squashed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _html_sections(soup: BeautifulSoup) -> list[tuple[str, str]]:
    """Each heading's text and the first words of the paragraph that follows it (or "")."""
    sections = []
    for heading in soup.find_all(HEADING_TAGS):
        following = heading.find_next(["p", *HEADING_TAGS])
        words = ""
        if following is not None and following.name == "p":
            words = " ".join(following.get_text(" ", strip=True).split()[:FIRST_WORDS])
        sections.append((heading.get_text(" ", strip=True), words))
    return sections


def check_pdf_against_html(pdf_path: Path, html: str) -> list[str]:
    """Every way the PDF fails its HTML page for a screen-reader user ([] when none)."""
    pdf = read_pdf_structure(pdf_path)
    soup = BeautifulSoup(html, "html.parser")
    problems: list[str] = []
    if not pdf.tagged:
        problems.append("The PDF is not tagged (no structure tree).")
    elif pdf.unmarked_drawing:
        problems.append(
            f"The PDF draws {pdf.unmarked_drawing} things neither tagged nor marked as artifacts."
        )
    lang = soup.html.get("lang", "") if soup.html else ""
    if pdf.lang != lang:
        problems.append(f"The PDF's language is {pdf.lang!r}, the page's {lang!r}.")
    title = soup.title.get_text(strip=True) if soup.title else ""
    if not pdf.title or pdf.title != title or not pdf.shows_title:
        problems.append(
            f"The PDF's title is {pdf.title!r} (shown: {pdf.shows_title}), not {title!r}."
        )
    alts = [(img.get("alt") or "").strip() for img in soup.find_all("img")]
    if pdf.figure_alts != alts:
        problems.append(f"The PDF's figures carry alt texts {pdf.figure_alts}, the page's {alts}.")
    levels = [int(h.name[1]) for h in soup.find_all(HEADING_TAGS)]
    if pdf.heading_levels != levels:
        problems.append(f"The PDF's heading levels are {pdf.heading_levels}, the page's {levels}.")
    tables = len(soup.find_all("table"))
    if (pdf.tables, pdf.tables_with_headers) != (tables, tables):
        problems.append(
            f"The PDF has {pdf.tables} tables ({pdf.tables_with_headers} with header cells); "
            f"the page has {tables}."
        )
    sections = _html_sections(soup)
    headings = [heading for heading, _ in sections]
    if pdf.outline != headings:
        problems.append(f"The PDF's outline is {pdf.outline}, the page's headings {headings}.")
    problems += _reading_order_problems(pdf.text, sections)
    return problems


def _reading_order_problems(text: str, sections: list[tuple[str, str]]) -> list[str]:
    """Each heading, then its first words, found in the text layer after the previous ones."""
    layer, position = _squashed(text), 0
    for heading, words in sections:
        for piece in (heading, words):
            if not piece:
                continue
            found = layer.find(_squashed(piece), position)
            if found < 0:
                where = "at all" if _squashed(piece) not in layer else "in reading order"
                return [f"The PDF's text layer does not have {piece!r} {where}."]
            position = found + len(_squashed(piece))
    return []
