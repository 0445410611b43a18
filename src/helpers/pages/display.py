"""What report notebooks call to present results; notebooks compute nothing themselves.

Each `show_*` displays one output; the matching `render_*` is the pure part (values in, HTML out)
so it can be tested without a kernel. All text is HTML-escaped here: comments typed by auditors
may contain anything, `<script>` included.

Charts are displayed as `image/png` with their alt text in the output metadata
(`metadata["image/png"]["alt"]`) and as the `text/plain` fallback; the `case_audit` nbconvert
template writes that alt text onto the `<img>`.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from html import escape
from typing import Literal

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from helpers.pages.chart_png import DPI, chart_pngs, png_width_px, pngs_for
from helpers.pages.charts.style import Chart
from helpers.safe.notice import describe_publication_note
from helpers.settings.formatting import NOT_AVAILABLE, SUPPRESSED
from helpers.settings.params import Params

Status = Literal["met", "not met", "no target", "no data", "suppressed"]
STATUS_TEXT: dict[str, str] = {
    "met": "Met",
    "not met": "Not met",
    "no target": "No target",
    "no data": "No data",
    "suppressed": "Not shown (small numbers)",
}
CSS_PX_PER_INCH = 96
# A cell counts as a number for right-alignment: 1,234  6.9  -3  77%  and the report's markers.
_NUMBER = re.compile(r"^[-+\u2212]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?%?$")
_NUMBER_MARKERS = {SUPPRESSED, NOT_AVAILABLE, ""}


def _display(bundle: dict[str, str], metadata: dict | None = None) -> None:
    # Imported here so the pure render_* functions work without IPython.
    from IPython.display import display

    display(bundle, metadata=metadata or {}, raw=True)


def render_chart(
    fig: Figure,
    alt: str,
    *,
    dpi: int = DPI,
    caption: str | None = None,
    phone: Figure | None = None,
    pngs: tuple[bytes, bytes | None] | None = None,
) -> tuple[dict, dict]:
    """The display bundle and metadata for a chart: PNG data, alt text, display width, caption,
    and (`phone`) the PNG a narrow screen shows instead; `pngs` are the two already drawn."""
    if not alt or not alt.strip():
        raise ValueError("A chart needs alt text that says what it shows.")
    png, phone_png = pngs or chart_pngs(fig, phone, dpi)
    # Shown at its physical size (CSS inches), so dpi sets sharpness, not size on the page.
    width = round(png_width_px(png) / dpi * CSS_PX_PER_INCH)
    data = {"image/png": base64.b64encode(png).decode("ascii"), "text/plain": alt.strip()}
    metadata = {"image/png": {"alt": alt.strip(), "width": width}}
    if caption:
        metadata["image/png"]["caption"] = caption
    if phone_png is not None:
        metadata["image/png"]["phone"] = base64.b64encode(phone_png).decode("ascii")
    return data, metadata


def show_chart(
    fig: Figure,
    alt: str,
    *,
    dpi: int = DPI,
    caption: str | None = None,
    phone: Figure | None = None,
    pngs: tuple[bytes, bytes | None] | None = None,
) -> None:
    """Show a matplotlib figure as an image with real alt text, then close the figure(s)."""
    try:
        data, metadata = render_chart(fig, alt, dpi=dpi, caption=caption, phone=phone, pngs=pngs)
    finally:
        plt.close(fig)
        if phone is not None:
            plt.close(phone)
    _display(data, metadata)


@dataclass(frozen=True)
class Table:
    """A table as the reader sees it: every cell already formatted text, and its caption."""

    frame: pd.DataFrame
    caption: str


def show_report_table(table: Table) -> None:
    """Show a `Table` from a page module."""
    show_table(table.frame, table.caption)


def show_figure(chart: Chart) -> None:
    """Show a `charts.Chart`: its finding as the caption above, its alt text on the image (drawn
    now, or taken from the child drawing it ahead: `chart_png.draw_ahead`)."""
    pngs = pngs_for(chart)
    show_chart(chart.figure, chart.alt, caption=chart.title, phone=chart.phone, pngs=pngs)


def _cell_text(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return NOT_AVAILABLE
    return str(value)


def is_number_column(values: list[str]) -> bool:
    """True when every cell reads as a number (or a marker such as `[c]`) and one is a number."""
    real = [v.strip() for v in values if v.strip() not in _NUMBER_MARKERS]
    return bool(real) and all(_NUMBER.match(v.replace(" ", "")) for v in real)


# Longest word a column keeps unbroken when a table squeezes it; longer ones may break. Wide
# tables (over 7 columns) get no minimum, so that they always fit the A4 page.
LONGEST_UNBROKEN_WORD = 12
# Print: a table of up to this many rows is never split across pages; longer ones keep their first
# and last rows in groups of ROWS_KEPT_TOGETHER (see `row_groups`).
SHORT_TABLE_ROWS = 15
ROWS_KEPT_TOGETHER = 3


def _min_width(cells: list[str]) -> str:
    """A min-width that keeps the column's ordinary words whole ("persisting", not "per/sist/ing")."""
    longest = max((len(word) for cell in cells for word in cell.split()), default=0)
    width = min(longest, LONGEST_UNBROKEN_WORD)
    return f' style="min-width: {width * 0.6:.1f}em"' if width > 1 else ""


def render_table(df: pd.DataFrame, caption: str, *, index: bool = False) -> str:
    """An accessible HTML table: caption, column headers, optional row headers, escaped text."""
    if not caption or not caption.strip():
        raise ValueError("A table needs a caption that says what it shows.")
    headers = [str(c) for c in df.columns]
    columns = [[_cell_text(v) for v in df[c].tolist()] for c in df.columns]
    numeric = [is_number_column(col) for col in columns]
    row_labels = [_cell_text(v) for v in df.index.tolist()]

    def cls(is_num: bool) -> str:
        return ' class="num"' if is_num else ""

    wide = " wide" if len(headers) + int(index) > 7 else ""
    short = " short" if len(row_labels) <= SHORT_TABLE_ROWS else ""
    # The box scrolls sideways on a narrow screen instead of the page; a scrolling region must
    # be reachable by keyboard and named, so it gets tabindex and the caption as its label.
    lines = [
        f'<div class="table-scroll" role="region" tabindex="0" aria-label="{escape(caption)}">',
        f'<table class="ca-table{wide}{short}">',
        f"<caption>{escape(caption)}</caption>",
        "<thead>",
    ]
    head = ""
    if index:
        # An empty <th> is an empty header to a screen reader; an unnamed corner is a <td>.
        name = df.index.name
        head += f'<th scope="col">{escape(str(name))}</th>' if name else "<td></td>"
    head += "".join(
        f'<th scope="col"{cls(num)}{"" if wide else _min_width(col)}>{escape(h)}</th>'
        for h, col, num in zip(headers, columns, numeric, strict=True)
    )
    lines += [f"<tr>{head}</tr>", "</thead>"]
    rows = []
    for i, label in enumerate(row_labels):
        row = f'<th scope="row">{escape(label)}</th>' if index else ""
        row += "".join(
            f"<td{cls(num)}>{escape(col[i])}</td>"
            for col, num in zip(columns, numeric, strict=True)
        )
        rows.append(f"<tr>{row}</tr>")
    for group in row_groups(len(rows)):
        lines += ["<tbody>", *rows[group], "</tbody>"]
    lines += ["</table>", "</div>"]
    return "\n".join(lines)


def row_groups(count: int) -> list[slice]:
    """The table's rows in `<tbody>` groups that print keeps whole: the first and last
    `ROWS_KEPT_TOGETHER` rows each stay together, so no page starts or ends with a lone row."""
    keep = ROWS_KEPT_TOGETHER
    if count <= 2 * keep:
        return [slice(0, count)]
    return [slice(0, keep), slice(keep, count - keep), slice(count - keep, count)]


def show_table(df: pd.DataFrame, caption: str, *, index: bool = False) -> None:
    """Show a DataFrame (already formatted for the reader) as an accessible table."""
    html = render_table(df, caption, index=index)
    _display({"text/html": html, "text/plain": f"{caption}\n{df.to_string(index=index)}"})


def render_paragraphs(paragraphs: list[str]) -> str:
    return "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)


def show_publication_note(params: Params) -> None:
    """Near the top of every publication page: which version this is and what [c] means."""
    if not params.publication:
        return
    note = describe_publication_note(params.publication.threshold)
    _display(
        {
            "text/html": f'<p class="publication-note"><strong>{escape(note)}</strong></p>',
            "text/plain": note,
        }
    )


def show_paragraphs(paragraphs: list[str]) -> None:
    """Show sentences as paragraphs of escaped text."""
    _display({"text/html": render_paragraphs(paragraphs), "text/plain": "\n\n".join(paragraphs)})


def render_bullets(items: list[str]) -> str:
    if not items:
        return ""
    return "<ul>\n" + "\n".join(f"<li>{escape(item)}</li>" for item in items) + "\n</ul>"


def show_bullets(items: list[str]) -> None:
    """Show a bulleted list of escaped text (nothing when the list is empty)."""
    if items:
        plain = "\n".join(f"- {item}" for item in items)
        _display({"text/html": render_bullets(items), "text/plain": plain})


def render_heading(text: str, level: int = 2) -> str:
    if level not in range(1, 7):
        raise ValueError(f"Heading level must be 1 to 6, not {level}.")
    return f"<h{level}>{escape(text)}</h{level}>"


def show_heading(text: str, level: int = 2) -> None:
    """Show a heading; the exported page keeps only its first h1 (later ones become h2)."""
    _display({"text/html": render_heading(text, level), "text/plain": text})


def render_status(label: str, status: Status) -> str:
    if status not in STATUS_TEXT:
        raise ValueError(f"Status must be one of {sorted(STATUS_TEXT)}, not {status!r}.")
    css = "status-" + status.replace(" ", "-")
    return (
        f'<p class="status-line">{escape(label)}: '
        f'<strong class="status {css}">{STATUS_TEXT[status]}</strong></p>'
    )


def show_status(label: str, status: Status) -> None:
    """Show a target status in words and colour, e.g. `Compliance target: Not met`."""
    plain = f"{label}: {STATUS_TEXT.get(status, status)}"
    _display({"text/html": render_status(label, status), "text/plain": plain})


# --- the committee paper: cover sheet, numbered sections and links to Appendix A ----------------


def render_section_heading(
    text: str, anchor: str, link: tuple[str, str] | None = None, level: int = 2
) -> str:
    """A heading with an id to link to, and optionally a link after its text: `(see 1 in ...)`."""
    if level not in range(1, 7):
        raise ValueError(f"Heading level must be 1 to 6, not {level}.")
    after = f' <a href="#{escape(link[1])}">{escape(link[0])}</a>' if link else ""
    return f'<h{level} id="{escape(anchor)}">{escape(text)}{after}</h{level}>'


def show_section_heading(
    text: str, anchor: str, link: tuple[str, str] | None = None, level: int = 2
) -> None:
    plain = text + (f" {link[0]}" if link else "")
    _display({"text/html": render_section_heading(text, anchor, link, level), "text/plain": plain})


def render_numbered(section: int | str, paragraphs: list[str], start: int = 1) -> str:
    """Paragraphs numbered as the paper numbers them: 3.1, 3.2, ..."""
    return "\n".join(
        f'<p class="numbered"><span class="para-no">{escape(str(section))}.{i}</span> '
        f"{escape(p)}</p>"
        for i, p in enumerate(paragraphs, start)
    )


def show_numbered(section: int | str, paragraphs: list[str], start: int = 1) -> None:
    plain = "\n\n".join(f"{section}.{i} {p}" for i, p in enumerate(paragraphs, start))
    if paragraphs:
        _display({"text/html": render_numbered(section, paragraphs, start), "text/plain": plain})


def render_cover_sheet(title: str, fields: list, marker: str) -> str:
    """The cover sheet as a two-column table of `CoverField`s; a missing value shows `marker`."""
    rows = []
    for field in fields:
        cell = "".join(f"<p>{escape(line)}</p>" for line in field.lines)
        if field.missing:
            cell = f'<p><strong class="to-complete">{escape(marker)}</strong></p>' + cell
        rows.append(f'<tr><th scope="row">{escape(field.label)}</th><td>{cell}</td></tr>')
    return (
        '<section class="cover-sheet">\n'
        f"<h1>{escape(title)}</h1>\n"
        f'<table class="cover">\n<caption>Cover sheet</caption>\n<tbody>\n'
        + "\n".join(rows)
        + "\n</tbody>\n</table>\n</section>"
    )


def show_cover_sheet(title: str, fields: list, marker: str) -> None:
    plain = "\n".join(
        f"{f.label}: {marker if f.missing else ''}{' '.join(f.lines)}" for f in fields
    )
    _display(
        {"text/html": render_cover_sheet(title, fields, marker), "text/plain": f"{title}\n{plain}"}
    )
