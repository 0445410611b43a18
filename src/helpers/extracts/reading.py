"""Reading an extract's cells as text: file formats, encodings, sheets and the header row.

Every cell is read as text (so `child_id` keeps its leading zeros); `helpers.extracts.loading`
then checks and types the columns. Nothing is ever unpickled: a `.pkl` file is refused.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.extracts.arrow_csv import read_csv_cells
from helpers.extracts.cautions import hidden_xlsx_rows, warn_hidden_rows
from helpers.extracts.text_bytes import no_edge_spaces
from helpers.extracts.validation import (
    FIRST_YEAR,
    LAST_YEAR,
    ExtractSpec,
    Problem,
)

HEADER_SEARCH_ROWS = 20  # how far down to look for a misplaced header row
SNIFF_BYTES = 64 * 1024
ZIP_MAGIC = b"PK\x03\x04"  # XLSX is a zip file
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls format
PICKLE_SUFFIXES = (".pkl", ".pickle", ".pck", ".joblib")
# Numbers in a date column are Excel serial dates only inside the plausible years; any other
# number (say 2019) stays a number and is reported, never read as a date in 1905.
# (openpyxl is imported where an XLSX is read: a run on CSV, and every page's kernel, need not.)
EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 is 1900-01-01, counting Excel's 29 February 1900
SERIAL_RANGE = (
    (dt.date(FIRST_YEAR, 1, 1) - EXCEL_EPOCH).days,
    (dt.date(LAST_YEAR, 12, 31) - EXCEL_EPOCH).days,
)


@dataclass
class RawTable:
    """The cells of one extract as text: header names as columns, blanks NA, plus `source_row`."""

    frame: pd.DataFrame
    header: list[str]
    warnings: list[str] = field(default_factory=list)


class _Stop(Exception):
    """A file-level problem after which no further check makes sense."""

    def __init__(self, *problems: Problem) -> None:
        self.problems = list(problems)


def read_table(path: Path, spec: ExtractSpec) -> RawTable:
    """The cells of a CSV or XLSX file as text; `_Stop` for a file-level problem."""
    name = path.name
    if not path.exists():
        raise _Stop(Problem(name, "file_not_found", detail=str(path)))
    try:
        with path.open("rb") as handle:
            start = handle.read(SNIFF_BYTES)
    except OSError as error:
        raise _Stop(Problem(name, "file_unreadable", detail=error.strerror or str(error))) from None
    if not start.strip():
        raise _Stop(Problem(name, "file_empty"))
    refused = _refused_format(path, start)
    if refused:
        raise _Stop(Problem(name, "file_refused", detail=refused))
    if start.startswith(OLE_MAGIC):
        detail = "it is an old .xls workbook: save it as .xlsx or CSV"
        raise _Stop(Problem(name, "file_unreadable", detail=detail))
    if start.startswith(ZIP_MAGIC):
        header, rows, warnings = _read_xlsx(path, spec)
    else:
        header, rows, warnings = _read_csv(path, start, spec)
    return _tidy(rows, header, name, warnings)


def _refused_format(path: Path, start: bytes) -> str | None:
    """Why a file that is not an extract is not read (a pickle is never opened: it runs code)."""
    if path.suffix.lower() in PICKLE_SUFFIXES or (
        start[:1] == b"\x80" and start[1:2] in b"\x02\x03\x04\x05"
    ):
        return "it is a Python pickle, which can run code when opened, so it is never read"
    if start.startswith(b"PAR1"):
        return "it is a Parquet file"
    return None


def _normalise_header(cells: list[object]) -> list[str]:
    """Column names as the contract writes them: `Audit Id`, ` audit-id ` and `audit id` are
    `audit_id` (a stray byte-order mark, as a file saved twice with one carries, is dropped)."""
    return [
        "" if c is None else re.sub(r"[\s\-]+", "_", str(c).replace("\ufeff", "").strip()).lower()
        for c in cells
    ]


def _header_index(rows: list[list[str]], spec: ExtractSpec) -> int | None:
    """The first of `rows` that holds most of the required column names, if any."""
    needed = max(2, len(spec.required) // 2)
    for i, row in enumerate(rows):
        if len(set(_normalise_header(row)) & set(spec.required)) >= needed:
            return i
    return None


def _check_header_row(rows: list[list[str]], spec: ExtractSpec, name: str) -> None:
    found = _header_index(rows, spec)
    if found:
        detail = f"the column names were found on row {found + 1}"
        raise _Stop(Problem(name, "header_not_on_row_1", row=found + 1, detail=detail))


def _read_csv(path: Path, start: bytes, spec: ExtractSpec) -> tuple[list[str], pd.DataFrame, list]:
    name = path.name
    warnings: list[str] = []
    encoding = _utf16(start) or "utf-8-sig"
    try:
        start.decode(encoding)
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the sniffed bytes is not an encoding problem.
        if error.start < len(start) - 4 and encoding == "utf-8-sig":
            encoding = "cp1252"
    head = start.decode(encoding, errors="replace").lstrip("\ufeff")
    # Old Mac files end lines with CR alone; the csv module wants them as lines.
    head = head.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    try:
        first_rows = list(csv.reader(io.StringIO(head)))[:HEADER_SEARCH_ROWS]
    except csv.Error as error:
        raise _Stop(Problem(name, "file_unreadable", detail=str(error))) from None
    _check_header_row(first_rows, spec, name)
    header = _normalise_header(first_rows[0]) if first_rows else []
    if len(header) == 1:
        for label, sep in (("semicolons", ";"), ("tabs", "\t"), ("pipes", "|")):
            if sep in header[0]:
                detail = f"the header row is separated by {label}"
                raise _Stop(Problem(name, "wrong_delimiter", detail=detail))
    try:
        try:
            rows = _read_csv_cells(path, encoding, len(header))
        except UnicodeDecodeError:
            encoding = "cp1252"
            rows = _read_csv_cells(path, encoding)
    except (pd.errors.ParserError, ValueError) as error:
        raise _Stop(_parser_problem(name, str(error))) from None
    rows = _drop_trailing_cells(rows, name)
    if encoding == "cp1252":
        warnings.append(f"{name}: not valid UTF-8, read as Windows-1252 (cp1252); check accents")
    return header, rows, warnings


def _utf16(start: bytes) -> str | None:
    """ "utf-16" (with its byte-order mark) or its byte order when a file is UTF-16 without one."""
    if start.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    pairs = len(start) // 2
    if pairs >= 8 and start[1::2].count(0) > pairs * 0.9:
        return "utf-16-le"
    if pairs >= 8 and start[0::2].count(0) > pairs * 0.9:
        return "utf-16-be"
    return None


def _parser_problem(name: str, message: str) -> Problem:
    too_long = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", message)
    if too_long:
        expected, line, saw = too_long.groups()
        detail = f"{saw} cells but {expected} column names"
        return Problem(name, "row_too_long", row=int(line), detail=detail)
    return Problem(name, "file_unreadable", detail=message.strip().splitlines()[-1][:200])


def _drop_trailing_cells(cells: pd.DataFrame, name: str) -> pd.DataFrame:
    """Rows longer than the header: fine when the extra cells are blank (trailing commas).

    (pandas quietly turns such a first column into the index: undo that.)
    """
    if isinstance(cells.index, pd.RangeIndex):
        return cells
    width = cells.shape[1]
    cells = cells.reset_index(drop=False)
    cells.columns = range(cells.shape[1])
    extra = (cells.iloc[:, width:].fillna("").apply(lambda c: c.str.strip()) != "").any(axis=1)
    if extra.any():
        rows = (cells.index[extra] + 2).tolist()
        raise _Stop(
            *(
                Problem(name, "row_too_long", row=r, detail="a cell beyond the last column name")
                for r in rows
            )
        )
    return cells.iloc[:, :width].reset_index(drop=True)


def _read_csv_cells(path: Path, encoding: str, width: int = 0) -> pd.DataFrame:
    """The cells as text; pyarrow reads a well-formed UTF-8 file, pandas any other."""
    if encoding == "utf-8-sig":
        cells = read_csv_cells(path, width)
        if cells is not None:
            return cells
    return pandas_csv_cells(path, encoding)


def pandas_csv_cells(path: Path, encoding: str) -> pd.DataFrame:
    """The cells as text, read by pandas (which reports a malformed file's problems)."""
    return pd.read_csv(
        path,
        dtype=str,
        header=0,
        na_filter=False,
        keep_default_na=False,
        skip_blank_lines=False,  # keep blank lines so row numbers match the spreadsheet
        encoding=encoding,
        encoding_errors="replace" if encoding == "cp1252" else "strict",
    )


def _read_xlsx(path: Path, spec: ExtractSpec) -> tuple[list[str], pd.DataFrame, list]:
    name = path.name
    try:
        import openpyxl

        book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        detail = f"not a readable XLSX workbook ({type(error).__name__})"
        raise _Stop(Problem(name, "file_unreadable", detail=detail)) from None
    try:
        sheets = book.worksheets
        rows = [list(r) for r in sheets[0].iter_rows(values_only=True)] if sheets else []
        top = rows[:HEADER_SEARCH_ROWS]
        if _header_index(top, spec) is None:
            _find_data_sheet(sheets, spec, name)
        _check_header_row(top, spec, name)
        sheet_path = getattr(sheets[0], "_worksheet_path", None) if sheets else None
    finally:
        book.close()
    warnings = warn_hidden_rows(hidden_xlsx_rows(path, sheet_path), name)
    while rows and all(_blank_cell(c) for c in rows[-1]):
        rows.pop()
    if not rows:
        raise _Stop(Problem(name, "file_empty", detail=f"the sheet {sheets[0].title!r} is empty"))
    header = _normalise_header(rows[0])
    width = len(header)
    body = [list(r) + [None] * (width - len(r)) for r in rows[1:]]
    columns = {}
    for i, column in enumerate(header):
        kind = (
            "month"
            if column in spec.month_columns
            else "date"
            if column in spec.date_columns
            else "text"
        )
        columns[i] = [_cell_text(r[i], kind) for r in body]
    frame = pd.DataFrame(columns, dtype="str") if body else pd.DataFrame(columns=range(width))
    return header, frame, warnings


def _find_data_sheet(sheets: list, spec: ExtractSpec, name: str) -> None:
    """Stop with a clear message when another sheet, not the first, holds the column names."""
    for sheet in sheets[1:]:
        top = [list(r) for r in sheet.iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True)]
        if _header_index(top, spec) is not None:
            titles = ", ".join(repr(s.title) for s in sheets)
            detail = (
                f"the sheets are {titles}; the first, {sheets[0].title!r}, has no column names "
                f"of the {spec.kind} extract, and {sheet.title!r} seems to hold the data"
            )
            raise _Stop(Problem(name, "data_not_on_first_sheet", detail=detail))


def _blank_cell(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _cell_text(value: object, kind: str) -> str | None:
    """One XLSX cell as the text a CSV export would hold (dates as ISO, 123.0 as "123")."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float) and kind in ("date", "month"):
        if SERIAL_RANGE[0] <= value <= SERIAL_RANGE[1]:
            from openpyxl.utils.datetime import from_excel

            value = from_excel(value)  # an Excel date serial number in a date column
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%Y-%m" if kind == "month" else "%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _tidy(cells: pd.DataFrame, header: list[str], name: str, warnings: list[str]) -> RawTable:
    """Strip every cell, blanks to NA, number rows as a spreadsheet does, drop blank rows."""
    columns = {}
    blank = np.ones(len(cells), dtype=bool)
    for i in range(cells.shape[1]):
        column = cells.iloc[:, i].astype("str")
        if not no_edge_spaces(column):  # (most columns have no cell to strip)
            column = column.str.strip()
        columns[i] = column.mask(column == "")
        blank &= columns[i].isna().to_numpy()
    frame = pd.DataFrame(columns, index=cells.index)
    frame["source_row"] = np.arange(2, len(frame) + 2)  # header is row 1
    warnings = list(warnings)
    unnamed = [i for i, h in enumerate(header) if not h and frame[i].notna().any()]
    if unnamed:
        letters = ", ".join(_column_letter(i) for i in unnamed)
        warnings.append(f"{name}: column(s) {letters} have values but no name and were ignored")
    named = {i: h for i, h in enumerate(header) if h}
    seen: set[str] = set()
    keep = [i for i, h in named.items() if not (h in seen or seen.add(h))]
    frame = frame[[*keep, "source_row"]].rename(columns=named)
    if blank.any():
        trailing = np.minimum.accumulate(blank[::-1])[::-1]  # blank rows at the end are usual
        inner = int((blank & ~trailing).sum())
        if inner:
            warnings.append(f"{name}: {inner} blank row(s) were skipped")
        frame = frame[~blank].reset_index(drop=True)
    return RawTable(frame, header, warnings)


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)
