"""Accessibility checks on exported report pages: axe-core in headless Chromium, and the checks
axe leaves to people, automated where they can be (see docs/accessibility.md).

axe-core comes from npm (`npm ci` at the repo root installs node_modules/axe-core); Chromium is
the one installed on the machine (see `helpers.sharing.convert.find_chromium`).
"""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

from helpers.pages.charts.colours import MIN_TEXT_CONTRAST, contrast_ratio
from helpers.sharing.chromium import CHROMIUM_ARGS, require_chromium
from helpers.sharing.convert import NBCONVERT_PLACEHOLDER_ALT, run_in_thread

REPO_ROOT = Path(__file__).resolve().parents[3]
AXE_SCRIPT = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# A4 (210 mm) less two 15 mm margins, in CSS pixels (96 per inch).
A4_PRINT_WIDTH_PX = round((210 - 2 * 15) / 25.4 * 96)


class AxeNotInstalled(RuntimeError):
    """node_modules/axe-core is missing."""


def require_axe() -> Path:
    if not AXE_SCRIPT.is_file():
        raise AxeNotInstalled(f"{AXE_SCRIPT} not found: run `npm ci` in {REPO_ROOT}.")
    return AXE_SCRIPT


def _summarise(violation: dict) -> dict:
    """The parts of an axe violation a person needs to fix it."""
    return {
        "id": violation["id"],
        "impact": violation.get("impact"),
        "help": violation["help"],
        "help_url": violation.get("helpUrl"),
        "targets": [node["target"] for node in violation.get("nodes", [])],
        "html": [node.get("html", "")[:200] for node in violation.get("nodes", [])],
    }


async def _axe_pages(html_paths: list[Path], chromium: Path, axe: Path) -> dict[Path, list[dict]]:
    from playwright.async_api import async_playwright

    results: dict[Path, list[dict]] = {}
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(chromium), args=list(CHROMIUM_ARGS)
        )
        try:
            page = await browser.new_page()
            for path in html_paths:
                await page.goto(Path(path).resolve().as_uri(), wait_until="load")
                await page.add_script_tag(path=str(axe))
                outcome = await page.evaluate(
                    "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
                    AXE_TAGS,
                )
                results[Path(path)] = [_summarise(v) for v in outcome["violations"]]
        finally:
            await browser.close()
    return results


def run_axe(html_paths: list[Path]) -> dict[Path, list[dict]]:
    """axe-core WCAG 2.1 A/AA and best-practice violations for each page ([] when none)."""
    chromium = require_chromium()
    axe = require_axe()
    return run_in_thread(_axe_pages(list(html_paths), chromium, axe))


async def _wide_tables(html_paths: list[Path], chromium: Path) -> dict[Path, list[str]]:
    from playwright.async_api import async_playwright

    results: dict[Path, list[str]] = {}
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(chromium), args=list(CHROMIUM_ARGS)
        )
        try:
            page = await browser.new_page(viewport={"width": A4_PRINT_WIDTH_PX, "height": 1000})
            await page.emulate_media(media="print")
            for path in html_paths:
                await page.goto(Path(path).resolve().as_uri(), wait_until="load")
                results[Path(path)] = await page.evaluate(
                    """width => Array.from(document.querySelectorAll('table'))
                        .filter(t => t.scrollWidth > width)
                        .map(t => (t.caption ? t.caption.textContent : 'table without caption'))""",
                    A4_PRINT_WIDTH_PX,
                )
        finally:
            await browser.close()
    return results


def tables_wider_than_a4(html_paths: list[Path]) -> dict[Path, list[str]]:
    """Captions of tables that would be cut off when the page prints on A4 (portrait)."""
    return run_in_thread(_wide_tables(list(html_paths), require_chromium()))


def check_page_basics(html: str) -> list[str]:
    """Problems a person would spot at once: language, title, one h1, alt text, table headers."""
    soup = BeautifulSoup(html, "html.parser")
    problems: list[str] = []
    if soup.html is None or not soup.html.get("lang"):
        problems.append("The <html> element has no lang attribute.")
    if soup.title is None or not soup.title.get_text(strip=True):
        problems.append("The page has no <title>.")
    h1_count = len(soup.find_all("h1"))
    if h1_count != 1:
        problems.append(f"The page has {h1_count} h1 headings; it should have exactly one.")
    for number, img in enumerate(soup.find_all("img"), start=1):
        alt = (img.get("alt") or "").strip()
        if not alt:
            problems.append(f"Image {number} has no alt text.")
        elif alt == NBCONVERT_PLACEHOLDER_ALT:
            problems.append(f"Image {number} has nbconvert's placeholder alt text.")
    for number, table in enumerate(soup.find_all("table"), start=1):
        if table.find("th") is None:
            problems.append(f"Table {number} has no header cells (<th>).")
    return problems


# --- checks axe leaves to people, automated as far as they can be ----------------------------

# Link text that does not say where the link goes when read out of context (WCAG 2.4.4).
VAGUE_LINK_TEXT = {"here", "click here", "more", "read more", "see more", "link", "this", "details"}
STYLESHEET = Path(__file__).parent / "templates" / "case_audit" / "static" / "case_audit.css"
_CSS_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_CSS_COLOUR = re.compile(r"(?:^|;)\s*(color|background(?:-color)?)\s*:\s*(#[0-9a-fA-F]{3,6})\b")


def _heading_problems(soup: BeautifulSoup) -> list[str]:
    problems, previous = [], 0
    for heading in soup.find_all(HEADING_TAGS):
        level = int(heading.name[1])
        if level > previous + 1:
            problems.append(
                f"Heading {heading.get_text(' ', strip=True)!r} is h{level} after "
                f"{'h' + str(previous) if previous else 'no heading'}: a level is skipped."
            )
        previous = level
    return problems


def _table_problems(soup: BeautifulSoup) -> list[str]:
    problems = []
    for number, table in enumerate(soup.find_all("table"), start=1):
        caption = table.find("caption")
        name = caption.get_text(" ", strip=True) if caption else ""
        if not name:
            problems.append(f"Table {number} has no caption saying what it shows.")
        if table.find("th") is None:
            problems.append(f"Table {number} ({name or 'no caption'}) has no header cells.")
        for cell in table.find_all("th"):
            if cell.find_parent("thead") is None and not cell.get("scope"):
                problems.append(f"Table {number} ({name}) has a header cell without a scope.")
                break
    return problems


def _link_problems(soup: BeautifulSoup) -> list[str]:
    problems = []
    ids = {tag["id"] for tag in soup.find_all(id=True)}
    for link in soup.find_all("a"):
        text = (link.get_text(" ", strip=True) or link.get("aria-label", "")).strip()
        href = link.get("href", "")
        if not text or text.lower().rstrip(".") in VAGUE_LINK_TEXT:
            problems.append(f"Link to {href!r} reads {text!r}: say where it goes.")
        elif re.fullmatch(r"(https?://|www\.)\S+", text):
            problems.append(f"Link text {text!r} is a bare address: say where it goes.")
        if href.startswith("#") and href[1:] not in ids:
            problems.append(f"Link {text!r} points to {href!r}, which is not on the page.")
    return problems


def _colour_only_problems(soup: BeautifulSoup) -> list[str]:
    """Coloured status marks and inline colours must carry their meaning in words too."""
    problems = []
    for tag in soup.find_all(True):
        classes = tag.get("class") or []
        coloured = any(c.startswith("status-") for c in classes) or re.search(
            r"(^|;)\s*(color|background)", tag.get("style", "")
        )
        if coloured and not tag.get_text(strip=True):
            problems.append(f"A coloured <{tag.name} class={' '.join(classes)!r}> has no words.")
    return problems


def check_page_structure(html: str) -> list[str]:
    """What axe does not check: heading levels, table captions and headers, link text, colour."""
    soup = BeautifulSoup(html, "html.parser")
    return (
        _heading_problems(soup)
        + _table_problems(soup)
        + _link_problems(soup)
        + _colour_only_problems(soup)
    )


def stylesheet_contrast_problems(css: str) -> list[str]:
    """Each rule setting both a text colour and a background below 4.5:1, and each text colour
    below 4.5:1 on the page's white; covers classes the month's pages happen not to use."""
    problems = []
    for selectors, body in _CSS_RULE.findall(css):
        colours = dict(_CSS_COLOUR.findall(body.replace("\n", " ")))
        text = colours.get("color")
        background = colours.get("background") or colours.get("background-color") or "#ffffff"
        if text and contrast_ratio(text, background) < MIN_TEXT_CONTRAST:
            ratio = contrast_ratio(text, background)
            problems.append(f"{selectors.strip()}: {text} on {background} is {ratio:.1f}:1.")
    return problems
