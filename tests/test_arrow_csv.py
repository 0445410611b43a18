"""pyarrow reads a CSV extract's cells exactly as pandas does, or leaves the file to pandas."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.extracts.arrow_csv import read_csv_cells
from helpers.extracts.reading import pandas_csv_cells

# What makes CSV parsing hard: delimiters, quotes, every line ending, spaces, non-ASCII, NUL.
PIECES = ["a", "b", "é", ",", '"', '""', "\n", "\r", "\r\n", " ", "\t", "\x00", "#"]


def pandas_cells(path: Path) -> pd.DataFrame:
    """The reading `helpers.extracts.reading` did before pyarrow, and does when pyarrow declines."""
    return pandas_csv_cells(path, "utf-8-sig")


def write(tmp_path: Path, body: bytes) -> Path:
    path = tmp_path / "extract.csv"
    path.write_bytes(b"a,b,c\n" + body)
    return path


TEXT = st.lists(st.sampled_from(PIECES), max_size=8).map("".join)
# Rows of three cells, quoted (quotes doubled) or not, so that most files are ones pyarrow reads.
CELL = st.one_of(TEXT, TEXT.map(lambda t: '"' + t.replace('"', '""') + '"'))
ROWS = st.tuples(
    st.lists(st.lists(CELL, min_size=3, max_size=3).map(",".join), max_size=4),
    st.sampled_from(["\n", "\r\n", "\r"]),
    st.booleans(),
).map(lambda r: r[1].join(r[0]) + (r[1] if r[2] else ""))
FUZZ = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@FUZZ
@given(st.one_of(ROWS, st.lists(st.sampled_from(PIECES), max_size=30).map("".join)))
def test_pyarrow_reads_the_cells_pandas_reads_or_declines(tmp_path: Path, body: str) -> None:
    path = write(tmp_path, body.encode())
    fast = read_csv_cells(path, 3)
    if fast is None:
        return  # pandas reads (or reports) it, as before
    slow = pandas_cells(path)
    assert isinstance(slow.index, pd.RangeIndex)
    assert fast.to_numpy().tolist() == slow.to_numpy().tolist()
    assert list(fast.dtypes) == list(slow.dtypes)


@pytest.mark.parametrize(
    "body",
    [
        b'1,2,"a quote never closed\n4,5,6\n',  # pandas: "EOF inside string"
        b"1,2\n",  # a short row: pandas fills it
        b"1,2,3,\n",  # a trailing comma: pandas makes an index of it
        b"1,2,3\n   \n",  # a line of spaces
        b"1,\xe9,3\n",  # not UTF-8: read as Windows-1252 by pandas
    ],
)
def test_pyarrow_leaves_to_pandas_what_it_would_read_differently(
    tmp_path: Path, body: bytes
) -> None:
    assert read_csv_cells(write(tmp_path, body), 3) is None


def test_a_comment_over_several_lines_and_blank_rows_are_read(tmp_path: Path) -> None:
    body = b'1,"line one\r\nline two, ""quoted""",3\r\n\r\n4,5,6'
    path = write(tmp_path, body)
    cells = read_csv_cells(path, 3)
    assert cells is not None
    assert cells.to_numpy().tolist() == pandas_cells(path).to_numpy().tolist()
    assert cells.to_numpy().tolist() == [
        ["1", 'line one\r\nline two, "quoted"', "3"],
        ["", "", ""],
        ["4", "5", "6"],
    ]
