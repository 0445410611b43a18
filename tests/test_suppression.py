"""Small-number suppression: primary, secondary by row and column, rates on small bases."""

from __future__ import annotations

import pandas as pd

from helpers.safe.suppression import SuppressedTable, suppress_table, suppression_mask
from helpers.settings.formatting import SUPPRESSED


def _hidden(table: SuppressedTable) -> set[tuple[str, str]]:
    return {(r, c) for r in table.mask.index for c in table.mask.columns if table.mask.loc[r, c]}


def test_primary_only_hides_counts_of_one_to_four():
    counts = pd.DataFrame({"good": [1, 4, 5, 0], "ri": [12, 3, 6, 9]}, index=list("ABCD"))
    table = suppress_table(counts, ["good", "ri"])
    assert _hidden(table) == {("A", "good"), ("B", "good"), ("B", "ri")}
    assert table.display["good"].tolist() == [SUPPRESSED, SUPPRESSED, "5", "0"]
    assert table.display["ri"].tolist() == ["12", SUPPRESSED, "6", "9"]


def test_zero_is_never_suppressed():
    counts = pd.DataFrame({"n": [0, 0]}, index=["A", "B"])
    table = suppress_table(counts, ["n"])
    assert table.display["n"].tolist() == ["0", "0"]
    assert not table.mask.to_numpy().any()


def test_secondary_in_a_row_hides_the_next_smallest_cell():
    counts = pd.DataFrame(
        {"good": [10], "ri": [6], "inad": [2], "total": [18]}, index=["0-12 East"]
    )
    table = suppress_table(counts, ["good", "ri", "inad"], row_total="total")
    assert _hidden(table) == {("0-12 East", "inad"), ("0-12 East", "ri")}
    assert table.display.loc["0-12 East"].tolist() == ["10", SUPPRESSED, SUPPRESSED, "18"]


def test_secondary_in_a_row_prefers_a_non_zero_cell():
    counts = pd.DataFrame({"a": [0], "b": [3], "c": [7], "d": [9], "total": [19]})
    table = suppress_table(counts, ["a", "b", "c", "d"], row_total="total")
    assert _hidden(table) == {(0, "b"), (0, "c")}


def test_no_secondary_without_a_total():
    counts = pd.DataFrame({"good": [10], "ri": [6], "inad": [2]})
    table = suppress_table(counts, ["good", "ri", "inad"])
    assert _hidden(table) == {(0, "inad")}


def test_secondary_in_a_column_with_a_totals_row():
    counts = pd.DataFrame({"returned": [3, 12, 8, 23]}, index=["East", "West", "CWAD", "Total"])
    table = suppress_table(counts, ["returned"], column_total_row="Total")
    assert _hidden(table) == {("East", "returned"), ("CWAD", "returned")}
    assert table.display["returned"].tolist() == [SUPPRESSED, "12", SUPPRESSED, "23"]


def test_secondary_cascades_across_rows_and_columns():
    counts = pd.DataFrame(
        {
            "good": [10, 3, 8, 21],
            "ri": [6, 7, 0, 13],
            "inad": [2, 9, 5, 16],
            "total": [18, 19, 13, 50],
        },
        index=["A", "B", "C", "Total"],
    )
    table = suppress_table(
        counts, ["good", "ri", "inad"], row_total="total", column_total_row="Total"
    )
    mask = table.mask
    cells = ["good", "ri", "inad"]
    # No row with a shown total, and no column with a shown total, has exactly one hidden cell.
    for row in ["A", "B", "C"]:
        assert mask.loc[row, cells].sum() != 1
    for column in cells:
        assert mask.loc[["A", "B", "C"], column].sum() != 1
    assert _hidden(table) >= {("A", "inad"), ("B", "good")}
    assert not mask.loc["Total"].any()


def test_rate_on_a_small_base_is_suppressed_and_labels_are_kept():
    counts = pd.DataFrame(
        {
            "team": ["East", "West", "CWAD"],
            "allocated": [4, 20, 0],
            "returned": [4, 15, 0],
            "rate": [1.0, 0.75, None],
        }
    )
    table = suppress_table(counts, ["allocated", "returned"], rate_columns={"rate": "allocated"})
    assert table.display["team"].tolist() == ["East", "West", "CWAD"]
    assert table.display["rate"].tolist() == [SUPPRESSED, "75%", "n/a"]
    assert table.mask["rate"].tolist() == [True, False, False]


def test_display_is_strings_and_input_is_untouched():
    counts = pd.DataFrame({"n": [1200, 2]})
    table = suppress_table(counts, ["n"])
    assert table.display["n"].tolist() == ["1,200", SUPPRESSED]
    assert counts["n"].tolist() == [1200, 2]


def test_missing_counts_show_as_not_available():
    counts = pd.DataFrame({"n": pd.array([pd.NA, 7], dtype="Int64")})
    table = suppress_table(counts, ["n"])
    assert table.display["n"].tolist() == ["n/a", "7"]


def test_suppression_mask_flags_small_numeric_cells_only():
    counts = pd.DataFrame({"team": ["East", "West"], "n": [2, 0], "m": [5, 4]})
    mask = suppression_mask(counts)
    assert mask.to_dict(orient="list") == {
        "team": [False, False],
        "n": [True, False],
        "m": [False, True],
    }


def test_hidden_parts_of_a_shown_total():
    from helpers.safe.suppression import hidden_parts

    assert hidden_parts({"a": 10, "b": 20, "c": 2}, 32) == {"a", "c"}
    assert hidden_parts({"a": 10, "b": 20, "c": 0}, 30) == set()
    assert hidden_parts({"a": 3, "b": 1}, 4) == {"a", "b"}
