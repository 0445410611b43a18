"""A text column's bytes say at once when none of its cells needs stripping; otherwise the
cells are looked at one by one, as before."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers.extracts.text_bytes import no_edge_spaces, printable_ascii


def text(*values: str | None) -> pd.Series:
    return pd.Series(list(values), dtype="str")


def test_plain_ascii_columns_need_nothing() -> None:
    column = text("C-TEST-001", None, "Needs a plan.", "")
    assert printable_ascii(column) and no_edge_spaces(column)


@pytest.mark.parametrize(
    ("values", "printable", "no_edges"),
    [
        (("ok", "line\nbreak"), False, True),
        (("ok", "be\x07ll"), False, True),
        (("caf\u00e9s",), False, True),  # not ASCII: looked at cell by cell
        ((" leading",), True, False),
        (("trailing\t",), False, False),
        (("no-break\u00a0",), False, False),
        (("\u00e9t\u00e9",), False, False),  # a non-ASCII edge might be a Unicode space
    ],
)
def test_a_column_with_something_to_strip_is_looked_at_cell_by_cell(
    values: tuple[str, ...], printable: bool, no_edges: bool
) -> None:
    column = text(*values)
    assert printable_ascii(column) is printable
    assert no_edge_spaces(column) is no_edges


def test_a_slice_of_a_column_reads_only_its_own_cells() -> None:
    column = text(" spaced ", "plain", "also plain")
    assert not no_edge_spaces(column) and no_edge_spaces(column.iloc[1:])


def test_a_column_pyarrow_does_not_hold_is_looked_at_cell_by_cell() -> None:
    assert not printable_ascii(pd.Series(["plain"], dtype=object))
    assert not no_edge_spaces(pd.Series(["plain"], dtype=object))


@given(st.lists(st.one_of(st.none(), st.text(max_size=6)), max_size=8))
def test_the_bytes_never_say_nothing_to_strip_when_a_cell_would_change(
    values: list[str | None],
) -> None:
    column = text(*values)
    cells = [v for v in values if v is not None]
    if no_edge_spaces(column):
        assert all(v.strip() == v for v in cells)
    if printable_ascii(column):
        assert all(v.isascii() and v.isprintable() for v in cells)
