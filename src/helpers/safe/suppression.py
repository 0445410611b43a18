"""Small-number suppression for publication mode, as UK official statistics do it.

Counts of 1 to 4 and rates on a base under 5 are shown as `[c]` (primary suppression). Where a
row or column total is shown, a single hidden cell could be worked out by subtraction, so the
next smallest cell of that row or column is hidden too (secondary suppression), repeated until
no total gives a hidden cell away. Zero is shown: it reveals no one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from helpers.settings.formatting import SUPPRESSED, fmt_count, fmt_rate, is_small_count


@dataclass(frozen=True)
class SuppressedTable:
    """`display`: the table as strings, `[c]` where hidden; `mask`: True where hidden."""

    display: pd.DataFrame
    mask: pd.DataFrame


def _missing(value: object) -> bool:
    return value is None or bool(pd.isna(value))


def _small(value: object) -> bool:
    return not _missing(value) and is_small_count(int(value))


def suppression_mask(counts: pd.DataFrame) -> pd.DataFrame:
    """True for each numeric cell that is a small count (1 to 4); for charts. Primary only."""
    mask = pd.DataFrame(False, index=counts.index, columns=counts.columns)
    for column in counts.columns:
        if pd.api.types.is_numeric_dtype(counts[column]) and not pd.api.types.is_bool_dtype(
            counts[column]
        ):
            mask[column] = counts[column].map(_small).astype(bool)
    return mask


def _hide_complement(values: pd.Series, hidden: pd.Series) -> str | None:
    """Label of the cell to hide beside a lone hidden one: the smallest shown non-zero cell."""
    shown = values[~hidden & values.notna()]
    if shown.empty:
        return None
    non_zero = shown[shown != 0]
    pool = non_zero if not non_zero.empty else shown
    return pool.astype(float).idxmin()


def _secondary(
    counts: pd.DataFrame,
    mask: pd.DataFrame,
    cells: list[str],
    row_total: str | None,
    column_total_row: object | None,
) -> pd.DataFrame:
    """Hide further cells until no shown total reveals a lone hidden cell."""
    mask = mask.copy()
    data_rows = [r for r in counts.index if r != column_total_row]
    changed = True
    while changed:
        changed = False
        if row_total is not None:
            for row in counts.index:
                hidden = mask.loc[row, cells]
                if hidden.sum() == 1 and not mask.loc[row, row_total]:
                    pick = _hide_complement(counts.loc[row, cells], hidden)
                    if pick is not None:
                        mask.loc[row, pick] = True
                        changed = True
        if column_total_row is not None:
            for column in [*cells, *([row_total] if row_total else [])]:
                hidden = mask.loc[data_rows, column]
                if hidden.sum() == 1 and not mask.loc[column_total_row, column]:
                    pick = _hide_complement(counts.loc[data_rows, column], hidden)
                    if pick is not None:
                        mask.loc[pick, column] = True
                        changed = True
    return mask


def suppress_table(
    counts: pd.DataFrame,
    count_columns: Iterable[str],
    row_total: str | None = None,
    column_total_row: object | None = None,
    rate_columns: Mapping[str, str] | None = None,
    rate_places: int = 0,
) -> SuppressedTable:
    """Publication display of a table of counts, with primary and secondary suppression.

    `row_total` names the column holding each row's total of `count_columns`;
    `column_total_row` is the index label of the row holding column totals; `rate_columns`
    maps each rate column (fractions 0-1) to the count column that is its base.
    Other columns (labels) are shown as they are.
    """
    cells = list(count_columns)
    rate_columns = dict(rate_columns or {})
    count_like = [*cells, *([row_total] if row_total else [])]
    mask = pd.DataFrame(False, index=counts.index, columns=counts.columns)
    for column in count_like:
        mask[column] = counts[column].map(_small).astype(bool)
    mask = _secondary(counts, mask, cells, row_total, column_total_row)
    for rate, base in rate_columns.items():
        small_base = counts[base].map(lambda b: not _missing(b) and b < 5)
        mask[rate] = (small_base | mask[base]) & counts[rate].notna()

    display = pd.DataFrame(index=counts.index, columns=counts.columns, dtype=object)
    for column in counts.columns:
        for row in counts.index:
            value = counts.loc[row, column]
            if mask.loc[row, column]:
                shown = SUPPRESSED
            elif column in count_like:
                shown = fmt_count(None if _missing(value) else int(value))
            elif column in rate_columns:
                shown = fmt_rate(None if _missing(value) else float(value), places=rate_places)
            else:
                shown = "" if _missing(value) else str(value)
            display.loc[row, column] = shown
    return SuppressedTable(display=display.astype(str), mask=mask.astype(bool))


def hidden_parts(parts: Mapping[str, int], total: int | None) -> set[str]:
    """The parts of a shown total that publication mode hides, secondary suppression included.

    E.g. grades of n audits, or visit outcomes of the visits due: when one part is small, a second
    goes too, so that the total cannot give the first away. A small total hides every part.
    """
    if total is not None and is_small_count(total):
        return {name for name, count in parts.items() if count}
    frame = pd.DataFrame({"count": [*parts.values(), total]}, index=[*parts, "__total__"])
    mask = suppress_table(frame, ["count"], column_total_row="__total__" if total else None).mask
    return {name for name in parts if mask.loc[name, "count"]}
