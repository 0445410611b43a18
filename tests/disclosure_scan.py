"""Reading a publication pack as an outsider would, for any count of 1 to 4 left readable.

Text is taken from what a reader sees: HTML text, alt text and captions, PDF text, the email's
text and HTML bodies, and the figures in metrics.json. A small whole number counts as readable
unless the words around it show it is not a count (dates, score ranges, the suppression note).
"""

from __future__ import annotations

import email
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

SMALL = re.compile(r"(?<![\w.,:/\[-])([1-4])(?![\w.:/%\]-]|,\d)")
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
NOT_A_COUNT = [
    re.compile(rf"^\s*(?:{MONTHS})\b"),  # "1 April"
    re.compile(r"^\s*to\s+(?:4|10)\b"),  # "1 to 4" (the note), "(1 to 10)" score scale
    re.compile(r"^\s*(?:of\s+\d+\s+)?teams\b"),  # teams meeting a target, not audits
    re.compile(r"^\s*is\s+full\s+agreement"),  # what a kappa of 1 means
    re.compile(r"^\s*in\s+Appendix\s+A\b"),  # the paper's "(see 1 in Appendix A)"
]
NOT_A_COUNT_BEFORE = [
    re.compile(r"\b1\s+to\s*$"),
    re.compile(r"\bPage\s*$"),  # a PDF's page footer, "Page 1 of 2"
    re.compile(r"\bPage\s+\d+\s+of\s*$"),
]
# Figures in metrics.json that are settings or bookkeeping, not counts of audits or visits.
NOT_COUNTS = {"targets", "disclosure_audit", "threshold", "trend_months"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        self.parts += [v for k, v in attrs if k in ("alt", "title", "aria-label") and v]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def html_text(markup: str) -> str:
    parser = _Text()
    parser.feed(markup)
    return " | ".join(parser.parts)


def readable_small_counts(text: str) -> list[str]:
    """Each place a 1 to 4 reads as a count, with the words around it."""
    found = []
    for match in SMALL.finditer(text):
        before, after = text[: match.start()], text[match.end() :]
        if any(p.search(after[:20]) for p in NOT_A_COUNT):
            continue
        if any(p.search(before[-20:]) for p in NOT_A_COUNT_BEFORE):
            continue
        found.append(text[max(0, match.start() - 50) : match.end() + 50].replace("\n", " "))
    return found


def small_counts_in_figures(figures: Any, path: str = "") -> list[str]:
    """Paths in a metrics dict whose whole-number value is 1 to 4."""
    if isinstance(figures, dict):
        return [
            found
            for key, value in figures.items()
            if key not in NOT_COUNTS
            for found in small_counts_in_figures(value, f"{path}.{key}")
        ]
    if isinstance(figures, list):
        return [
            f for i, v in enumerate(figures) for f in small_counts_in_figures(v, f"{path}[{i}]")
        ]
    if isinstance(figures, int) and not isinstance(figures, bool) and 1 <= figures <= 4:
        return [f"{path} = {figures}"]
    return []


def email_text(path: Path) -> str:
    message = email.message_from_bytes(path.read_bytes())
    parts = [str(message["Subject"])]
    for part in message.walk():
        if part.get_filename() or part.get_content_maintype() != "text":
            continue
        body = part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
        parts.append(html_text(body) if part.get_content_subtype() == "html" else body)
    return "\n".join(parts)


def scan_pack(folder: Path) -> list[str]:
    """Every readable count of 1 to 4 in a publication folder: HTML, PDF, .eml, metrics.json."""
    found = []
    for path in sorted(folder.rglob("*.html")):
        found += [f"{path.name}: {c}" for c in readable_small_counts(html_text(path.read_text()))]
    for path in sorted(folder.rglob("*.pdf")):
        from pypdf import PdfReader

        text = "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
        found += [f"{path.name}: {c}" for c in readable_small_counts(text)]
    for path in sorted(folder.rglob("*.eml")):
        found += [f"{path.name}: {c}" for c in readable_small_counts(email_text(path))]
    metrics = json.loads((folder / "metrics.json").read_text(encoding="utf-8"))
    found += [f"metrics.json{p}" for p in small_counts_in_figures(metrics)]
    return found
