"""helpers.sharing.printing: one browser prints every PDF of a run, and never holds the run up.

Small hand-written pages, printed by the machine's Chromium; the run's pages are checked in
test_pdf_structure.py and test_end_to_end.py.
"""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

import psutil
import pytest
from pypdf import PdfReader

from helpers.sharing.chromium import find_chromium
from helpers.sharing.printing import PdfPrinter

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(find_chromium() is None, reason="Chromium not found"),
]


def page(tmp_path: Path, name: str, heading: str) -> Path:
    path = tmp_path / f"{name}.html"
    path.write_text(
        f'<!doctype html><html lang="en-GB"><head><title>{heading}</title></head>'
        f"<body><h1>{heading}</h1><p>Fictional text for {name}.</p></body></html>"
    )
    return path


def is_chromium(process: psutil.Process) -> bool:
    try:
        return "chrom" in process.name().lower()
    except psutil.NoSuchProcess:  # ended while we looked
        return False


def text_of(pdf: Path) -> str:
    return " ".join(p.extract_text() for p in PdfReader(pdf).pages)


def test_pages_printed_one_after_another_in_one_tab_each_get_their_own_text(tmp_path):
    names = ["first", "second", "third", "fourth"]
    with PdfPrinter() as printer:
        futures = [
            printer.submit(page(tmp_path, n, f"Heading {n}"), tmp_path / f"{n}.pdf") for n in names
        ]
        done = [f.result(timeout=120) for f in futures]
    assert done == [tmp_path / f"{n}.pdf" for n in names]
    for n in names:  # nothing of the page printed before it in the same tab
        text = text_of(tmp_path / f"{n}.pdf")
        assert f"Heading {n}" in text
        assert not [o for o in names if o != n and f"Heading {o}" in text]


def test_a_browser_that_dies_fails_the_pages_left_instead_of_holding_the_run(tmp_path):
    with PdfPrinter() as printer:
        printer.print_pdf(page(tmp_path, "before", "Before"), tmp_path / "before.pdf")
        browsers = [p for p in psutil.Process().children(recursive=True) if is_chromium(p)]
        assert browsers
        for browser in browsers:
            with contextlib.suppress(psutil.NoSuchProcess):
                browser.kill()
        started = time.monotonic()
        futures = [
            printer.submit(page(tmp_path, f"after{i}", "After"), tmp_path / f"after{i}.pdf")
            for i in range(3)
        ]
        for future in futures:
            with pytest.raises(Exception):  # noqa: B017  (whatever Playwright raises)
                future.result(timeout=120)
    assert time.monotonic() - started < 60  # failed at once, not at the 300 s print timeout
    assert not any((tmp_path / f"after{i}.pdf").exists() for i in range(3))
