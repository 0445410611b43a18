"""One headless Chromium printing every PDF of a run: tagged, with an outline, language and title.

Starting a browser costs about a second; a run prints up to a dozen pages, so one `PdfPrinter`
is opened for the run and each page is printed in a fresh tab. The browser is the one installed on
the machine (`chromium.require_chromium`), never one Playwright downloads.

What Chromium writes from our pages (checked by tests/test_pdf_structure.py): a structure tree
(H1-H6, P, L/LI, Table/TR/TH/TD with Caption, Figure with the image's alt text as /Alt), /Lang
from `<html lang>`, the title from `<title>`, and an outline from the headings. Two things need
help, both done here:
- an HTML `<figure>` becomes a second PDF Figure without /Alt around the image's; printed as a
  group it becomes a Div, so each chart is one Figure carrying its alt text.
- outline titles lose the spaces where a heading wraps ("Northbrook Borough" on two lines reads
  "NorthbrookBorough"); they are set back to the page's heading text.
- the page footer ("Page 1 of 8") and page backgrounds are drawn outside the structure tree without
  being marked as artifacts, which checkers (PAC, Acrobat) report; they are marked as artifacts.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import re
import threading
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pikepdf

from helpers.sharing.chromium import CHROMIUM_ARGS, require_chromium

PDF_MARGIN = "15mm"
PRINT_TIMEOUT = 300  # seconds for one page, waiting for the tab included; one prints in ~0.3
TAB_TIMEOUT = 30
PAGE_FOOTER = (
    '<div style="font-family: Arial, sans-serif; font-size: 8pt; width: 100%;'
    ' text-align: center; color: #0b0c0c;">Page <span class="pageNumber">'
    '</span> of <span class="totalPages"></span></div>'
)
# Run in the page before printing; returns the headings' text for the outline.
PREPARE_FOR_PRINT = """() => {
    for (const figure of document.querySelectorAll('figure')) {
        if (figure.querySelector('img[alt]')) figure.setAttribute('role', 'group');
    }
    return Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6'))
        .map(h => h.textContent.replace(/\\s+/g, ' ').trim());
}"""


def _squashed(text: str) -> str:
    return re.sub(r"\s+", "", text)


# Content-stream operators that draw: text objects, paths painted, images and shadings.
PATH_START = {"m", "re"}
PATH_PAINT = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "n"}
DRAWN_ALONE = {"Do", "sh", "BI"}


def mark_artifacts(instructions: list) -> tuple[list, int]:
    """The page's content with everything drawn outside marked content wrapped as /Artifact.

    Chromium tags the page's own content and leaves the footer and backgrounds bare; a bare
    text object, path or image at the top level becomes `/Artifact BMC ... EMC`.
    """
    out, depth, wrapped, open_at = [], 0, 0, None
    for instruction in instructions:
        operator = str(instruction.operator)
        if depth == 0 and open_at is None and (operator in {"BT", *PATH_START, *DRAWN_ALONE}):
            out.append(
                pikepdf.ContentStreamInstruction([pikepdf.Name.Artifact], pikepdf.Operator("BMC"))
            )
            open_at, wrapped = operator, wrapped + 1
        if operator in ("BDC", "BMC"):
            depth += 1
        elif operator == "EMC":
            depth -= 1
        out.append(instruction)
        closes = (
            (open_at == "BT" and operator == "ET")
            or (open_at in PATH_START and operator in PATH_PAINT)
            or (open_at in DRAWN_ALONE and operator == open_at)
        )
        if open_at is not None and closes:
            out.append(pikepdf.ContentStreamInstruction([], pikepdf.Operator("EMC")))
            open_at = None
    return out, wrapped


def finish_pdf(pdf: bytes, headings: list[str], title: str) -> bytes:
    """Chromium's PDF with outline titles as the page's headings, artifacts marked, dc:title set.

    Outline entries are matched to headings in order by their text without spaces, so an entry
    that does not match (none today) keeps Chromium's title.
    """
    with pikepdf.open(io.BytesIO(pdf)) as document:
        remaining = list(headings)
        with document.open_outline() as outline:
            stack = list(reversed(outline.root))
            while stack:
                item = stack.pop()
                squashed = _squashed(item.title)
                for i, heading in enumerate(remaining):
                    if _squashed(heading) == squashed:
                        item.title = heading
                        del remaining[: i + 1]
                        break
                stack.extend(reversed(item.children))
        if "/StructTreeRoot" in document.Root:
            for page in document.pages:
                content, wrapped = mark_artifacts(pikepdf.parse_content_stream(page))
                if wrapped:
                    page.Contents = document.make_stream(pikepdf.unparse_content_stream(content))
        with document.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta["dc:title"] = title
        out = io.BytesIO()
        document.save(out, deterministic_id=True)
        return out.getvalue()


class PdfPrinter:
    """A Chromium on a thread of its own; `submit` prints an HTML file to a PDF, `print_pdf` waits.

    Use as a context manager: the browser starts on entry (so it starts while kernels work)
    and closes on exit. Pages print concurrently, each in a tab of the run's one context.
    """

    def __init__(self, chromium: Path | None = None) -> None:
        self.chromium = chromium or require_chromium()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._browser: Any = None
        self._context: Any = None
        self._tabs: asyncio.Queue[Any] | None = None
        self._playwright: Any = None
        self._started: Future | None = None

    def __enter__(self) -> PdfPrinter:
        self._thread.start()
        self._started = asyncio.run_coroutine_threadsafe(self._launch(), self._loop)
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            asyncio.run_coroutine_threadsafe(self._close(), self._loop).result(timeout=60)
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=10)

    async def _launch(self) -> None:
        from playwright.async_api import async_playwright

        self._playwright = await async_playwright().start()
        self._browser = await self._playwright.chromium.launch(
            executable_path=str(self.chromium),
            args=list(CHROMIUM_ARGS),
            handle_sigint=False,
            handle_sigterm=False,
            handle_sighup=False,
        )
        # One context and tab for the run's pages, each page loaded into the tab in turn: a new
        # tab or context starts renderer processes, which cost more CPU than the printing (the
        # demo month's 8 PDFs: ~5 CPU-s with a context each, ~1.8 in one tab). Our pages are
        # local files with no scripts or storage to keep apart.
        self._context = await self._browser.new_context()
        self._tabs = asyncio.Queue()
        self._tabs.put_nowait(await self._new_tab())

    async def _new_tab(self) -> Any:
        tab = await self._context.new_page()
        await tab.emulate_media(media="print")
        return tab

    async def _replace_tab(self, broken: Any) -> None:
        """The tab may be mid-load or broken (a timeout, a crash): the next page gets a new one,
        or, when the browser cannot make one, None, which fails the pages still waiting."""
        with contextlib.suppress(Exception):
            await asyncio.wait_for(broken.close(), TAB_TIMEOUT)
        try:
            self._tabs.put_nowait(await asyncio.wait_for(self._new_tab(), TAB_TIMEOUT))
        except Exception:
            self._tabs.put_nowait(None)

    async def _close(self) -> None:
        if self._browser is not None:
            await self._browser.close()
        if self._playwright is not None:
            await self._playwright.stop()

    async def _print(self, html_path: Path, pdf_path: Path) -> Path:
        page = await self._tabs.get()  # pages wait their turn for the one tab
        if page is None:  # the browser stopped answering: every page still to print fails now
            self._tabs.put_nowait(None)
            raise RuntimeError("the browser printing the PDFs stopped answering")
        try:
            await page.goto(Path(html_path).resolve().as_uri(), wait_until="load")
            headings = await page.evaluate(PREPARE_FOR_PRINT)
            title = await page.title()
            margin = dict.fromkeys(("top", "right", "bottom", "left"), PDF_MARGIN)
            pdf = await page.pdf(
                format="A4",  # Playwright's default is Letter; a council prints A4.
                margin=margin,
                print_background=True,
                prefer_css_page_size=True,
                display_header_footer=True,
                header_template="<span></span>",
                footer_template=PAGE_FOOTER,
                tagged=True,
                outline=True,
            )
        except BaseException:
            await self._replace_tab(page)
            raise
        self._tabs.put_nowait(page)
        pdf_path = Path(pdf_path)
        pdf_path.parent.mkdir(parents=True, exist_ok=True)
        pdf_path.write_bytes(finish_pdf(pdf, headings, title))
        return pdf_path

    def submit(self, html_path: Path, pdf_path: Path) -> Future[Path]:
        """Start printing `html_path` to `pdf_path`; the future holds the path (or the error)."""
        if self._started is None:
            raise RuntimeError("PdfPrinter is used as a context manager: `with PdfPrinter() as p`")

        async def after_launch() -> Path:
            await asyncio.wrap_future(self._started)
            # A browser that stops answering fails the page instead of holding the run forever.
            return await asyncio.wait_for(self._print(html_path, pdf_path), PRINT_TIMEOUT)

        return asyncio.run_coroutine_threadsafe(after_launch(), self._loop)

    def print_pdf(self, html_path: Path, pdf_path: Path, timeout: float = 300) -> Path:
        return self.submit(html_path, pdf_path).result(timeout=timeout)
