"""A well-formed UTF-8 CSV extract's cells read by pyarrow, or None: pandas then reads it as before.

pyarrow parses on both cores and hands the text over without copying: the large extract's
100,000 audits and 1,000,000 visits read in about 0.15 s instead of pandas' 1.2 s (the run's
slowest step before any page starts). It is used only where it reads exactly the cells pandas
reads (same rows, same text, blanks as ""); anything else is left to pandas, whose messages
(row too long, a quote never closed, not UTF-8) the analyst sees as before:
- every row, the header row included, must have as many cells as the header (a short or long
  row, a trailing comma, a line of spaces: pyarrow refuses them, pandas reads or reports them);
- the text must be UTF-8 (pyarrow checks it);
- the file must not end inside a quoted cell: pyarrow would take the rest of the file into
  that cell, where pandas stops with "EOF inside string". A sentinel row is appended: it comes
  back as a row of its own only when no quoted cell was left open.
`tests/test_loading.py` holds both readers to the same cells on generated files.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

# The sentinel row's cells: a control character, never the whole of a real cell at the end of
# a row that pyarrow read as the last one.
SENTINEL = "\x01"
# pandas' own text dtype, as `read_csv(dtype=str)` gives it (Arrow-backed, NaN for missing).
TEXT = pd.StringDtype("pyarrow", na_value=np.nan)


def read_csv_cells(path: Path, width: int) -> pd.DataFrame | None:
    """The cells below the header row as text, columns numbered 0 to `width` - 1; None when
    the file is not one that pyarrow reads as pandas does (see the module's notes)."""
    if width < 1:
        return None
    sentinel = ",".join([SENTINEL] * width).encode() + b"\n"
    names = [str(i) for i in range(width)]
    try:
        with _WithSentinel(path, sentinel) as data:
            table = pa_csv.read_csv(
                io.BufferedReader(data, buffer_size=1 << 20),
                read_options=pa_csv.ReadOptions(column_names=names),
                # Blank lines stay rows (numbered as in the spreadsheet); quoted cells may hold
                # line breaks (a comment over several lines).
                parse_options=pa_csv.ParseOptions(
                    newlines_in_values=True, ignore_empty_lines=False
                ),
                convert_options=pa_csv.ConvertOptions(
                    column_types=dict.fromkeys(names, pa.string()),
                    strings_can_be_null=False,
                    quoted_strings_can_be_null=False,
                ),
            )
    except pa.ArrowException:
        return None
    if table.num_rows < 2 or table.slice(table.num_rows - 1).to_pylist() != [
        dict.fromkeys(names, SENTINEL)
    ]:
        return None  # a quoted cell left open swallowed the sentinel
    cells = table.slice(1, table.num_rows - 2)  # without the header row and the sentinel
    frame = cells.to_pandas(types_mapper={pa.string(): TEXT}.get)
    frame.columns = range(width)
    return frame


class _WithSentinel(io.RawIOBase):
    """The file's bytes, then a line break if it has none at the end, then `sentinel`, read by
    pyarrow block by block: reading the file into memory first, and joining the sentinel to it,
    cost the large extract 260 MB more memory to fault in (up to a second of the system's time
    on a busy machine)."""

    def __init__(self, path: Path, sentinel: bytes) -> None:
        self._file = path.open("rb", buffering=0)
        self._file.seek(0, io.SEEK_END)
        ended = self._file.tell() == 0
        if not ended:
            self._file.seek(-1, io.SEEK_END)
            ended = self._file.read(1) in (b"\n", b"\r")
        self._file.seek(0)
        self._tail = memoryview((b"" if ended else b"\n") + sentinel)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        got = self._file.readinto(buffer) or 0
        if got == 0 and self._tail:
            got = min(len(buffer), len(self._tail))
            buffer[:got], self._tail = self._tail[:got], self._tail[got:]
        return got

    def close(self) -> None:
        self._file.close()
        super().close()
