"""Theme figures: audits showing each theme per month, the month's summary with statuses,
excerpts and what the codebook missed. Pure: DataFrames and plain values in and out.

Matching lives in `theme_matching.py`, the codebook in `codebook.py`, emerging topics in
`emerging_topics.py`.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from helpers.figures.codebook import Codebook
from helpers.figures.selection import isin_column
from helpers.figures.theme_matching import with_text
from helpers.settings.contract import TEXT_COLUMNS
from helpers.settings.periods import months_between, parse_month, previous_month

# Statuses a reader would accept: "new" only when not seen in any of the `NEW_LOOKBACK` months before.
STATUS_NEW = "new"
STATUS_RETURNING = "returning"
STATUS_PERSISTING = "persisting"
STATUS_NOT_SEEN = "not seen this month"
STATUS_NO_HISTORY = "no earlier data"
NEW_LOOKBACK = 6


def column_domain(column: str) -> str:
    """`comment_planning` -> `planning`; `summary_comment` -> `summary`; `actions` -> `actions`."""
    if column == "summary_comment":
        return "summary"
    return column.removeprefix("comment_")


def returned_ids(audits: pd.DataFrame, months: Iterable[str]) -> pd.DataFrame:
    """audit_id and audit_month of the returned audits of `months` (only those two columns
    are copied: the comments of a year of audits are large)."""
    wanted = audits["date_completed"].notna() & audits["audit_month"].isin(list(months))
    return audits.loc[wanted, ["audit_id", "audit_month"]]


def returned_per_month(audits: pd.DataFrame, months: list[str]) -> dict[str, int]:
    """Month -> returned audits, for every month asked (0 where none)."""
    counts = returned_ids(audits, months)["audit_month"].value_counts()
    return {month: int(counts.get(month, 0)) for month in months}


def compute_theme_counts(
    matches: pd.DataFrame,
    audits: pd.DataFrame,
    months: list[str],
    codebook: Codebook | None = None,
) -> pd.DataFrame:
    """Theme × month: distinct returned audits showing the theme (0 where none).

    Rows are the codebook's themes in its order (without a codebook: the themes in `matches`).
    """
    returned = returned_ids(audits, months)
    kept = matches[isin_column(matches["audit_id"], returned["audit_id"])]
    counts = kept.groupby(["theme_id", "audit_month"])["audit_id"].nunique()
    theme_ids = codebook.ids if codebook is not None else sorted(matches["theme_id"].unique())
    table = counts.unstack("audit_month").reindex(index=theme_ids, columns=months).fillna(0)
    table = table.astype("int64")
    table.index.name, table.columns.name = "theme_id", "month"
    return table


def theme_counts_for_month(matches: pd.DataFrame, month: str, codebook: Codebook) -> dict[str, int]:
    """Every codebook theme id -> returned audits in `month` showing it (`themes.month` in metrics)."""
    in_month = matches[matches["audit_month"] == month]
    counts = in_month.groupby("theme_id")["audit_id"].nunique()
    return {theme_id: int(counts.get(theme_id, 0)) for theme_id in codebook.ids}


def theme_status(this_month: int, last_month: int, earlier: int, history: bool = True) -> str:
    """What a reader would call the theme this month.

    `persisting`: seen this month and last month; `returning`: seen this month, not last month, but
    in an earlier month of the lookback (`earlier` audits); `new`: seen this month and in none of
    the lookback months (with `history`: there were returned audits in them to compare with);
    `no earlier data`: seen this month with nothing to compare; `not seen this month`: otherwise.
    """
    if not this_month:
        return STATUS_NOT_SEEN
    if last_month:
        return STATUS_PERSISTING
    if earlier:
        return STATUS_RETURNING
    return STATUS_NEW if history else STATUS_NO_HISTORY


def compute_theme_summary(
    matches: pd.DataFrame,
    audits: pd.DataFrame,
    codebook: Codebook,
    month: str,
    trend_months: int = 12,
    lookback: int = NEW_LOOKBACK,
) -> pd.DataFrame:
    """One row per codebook theme for `month`.

    Columns: theme_id, label, kind (`concern` or `strength`), audits (returned audits showing it
    this month), audits_previous (last month), share and share_previous (of each month's returned
    audits; NaN when none returned), domains (where it appeared this month: domain keys, "summary",
    "actions", in report order), status (see `theme_status`, over the `lookback` months before
    `month`), months_seen (months with the theme among the `trend_months` to `month`),
    months_seen_before (among the `lookback` months before `month`).
    """
    last = previous_month(month)
    window = months_between(str(parse_month(month) - (trend_months - 1)), month)
    before = months_between(str(parse_month(month) - lookback), last) if lookback else []
    counts = compute_theme_counts(matches, audits, sorted({*window, *before, last}), codebook)
    returned = len(returned_ids(audits, [month]))
    returned_last = len(returned_ids(audits, [last]))
    history = len(returned_ids(audits, before)) > 0
    in_month = matches[matches["audit_month"] == month]
    rows = []
    for theme in codebook.themes:
        now, previous = int(counts.at[theme.id, month]), int(counts.at[theme.id, last])
        seen_before = int((counts.loc[theme.id, before] > 0).sum()) if before else 0
        columns = set(in_month.loc[in_month["theme_id"] == theme.id, "column"])
        rows.append(
            {
                "theme_id": theme.id,
                "label": theme.label,
                "kind": theme.kind,
                "audits": now,
                "audits_previous": previous,
                "share": now / returned if returned else float("nan"),
                "share_previous": previous / returned_last if returned_last else float("nan"),
                "domains": [column_domain(c) for c in TEXT_COLUMNS if c in columns],
                "status": theme_status(now, previous, seen_before, history),
                "months_seen": int((counts.loc[theme.id, window] > 0).sum()),
                "months_seen_before": seen_before,
            }
        )
    return pd.DataFrame(rows)


def compute_unmatched(audits: pd.DataFrame, matches: pd.DataFrame, month: str) -> dict[str, int]:
    """What the codebook misses in `month`, counted over returned audits.

    returned; audits_with_text (some comment cell has text); audits_unmatched (has text, no theme);
    cells_with_text; cells_unmatched (a cell with text in which no theme was found).
    Cells such as "n/a", "none" or "-" count as empty.
    """
    columns = [c for c in TEXT_COLUMNS if c in audits.columns]
    in_month = audits["date_completed"].notna() & (audits["audit_month"] == month)
    returned = audits.loc[in_month, ["audit_id", *columns]]
    cells = returned.melt(id_vars="audit_id", value_vars=columns, var_name="column")
    cells = cells[with_text(cells["value"])]
    in_month = matches[matches["audit_month"] == month]
    matched = set(zip(in_month["audit_id"], in_month["column"], strict=True))
    cell_matched = [key in matched for key in zip(cells["audit_id"], cells["column"], strict=True)]
    unmatched_cells = cells[[not hit for hit in cell_matched]]
    audits_with_text = set(cells["audit_id"])
    return {
        "returned": len(returned),
        "audits_with_text": len(audits_with_text),
        "audits_unmatched": len(audits_with_text - set(in_month["audit_id"])),
        "cells_with_text": len(cells),
        "cells_unmatched": len(unmatched_cells),
    }
