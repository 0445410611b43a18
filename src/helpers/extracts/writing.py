"""Writing an extract as the case system would: CSV, or XLSX with real date cells.

The XLSX bytes depend only on the data (fixed zip times and document dates), so the demo and an
allocation written twice from the same seed are byte-identical.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from pathlib import Path
from typing import Literal

import openpyxl
import pandas as pd

_FIXED_ZIP_TIME = (2019, 1, 1, 0, 0, 0)


def _deterministic_xlsx(path: Path) -> None:
    """Rewrite an xlsx with fixed zip timestamps and document dates, so a seed gives fixed bytes."""
    with zipfile.ZipFile(path) as source:
        entries = [(info.filename, source.read(info)) for info in source.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in entries:
            if name == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*",
                    rb"\g<1>2019-01-01T00:00:00Z",
                    data,
                )
            info = zipfile.ZipInfo(name, date_time=_FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, data)
    path.write_bytes(buffer.getvalue())


def write_frame(frame: pd.DataFrame, path: Path, fmt: Literal["csv", "xlsx"]) -> Path:
    """`frame` as CSV or XLSX at `path`; `date_*` / `*_date` columns of ISO text become date cells."""
    if fmt == "csv":
        frame.to_csv(path, index=False, lineterminator="\n")
        return path
    # Spreadsheets from the case system carry real date cells, so write dates as dates. A
    # write-only workbook streams the rows: several times faster than pandas' writer.
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Sheet1")
    sheet.append([str(c) for c in frame.columns])
    dated = [i for i, c in enumerate(frame.columns) if c.startswith("date_") or c.endswith("_date")]
    for values in frame.itertuples(index=False, name=None):
        row = [None if _blank(v) else v for v in values]
        for i in dated:
            if isinstance(row[i], str):
                row[i] = date.fromisoformat(row[i])
        sheet.append(row)
    book.save(path)
    _deterministic_xlsx(path)
    return path


def _blank(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)
