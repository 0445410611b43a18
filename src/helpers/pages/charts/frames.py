"""Reading the tidy frames passed to the `plot_*` functions: suppression flags, numbers, months.

Publication mode: a frame may carry a boolean `suppressed` column, or the caller passes a
`suppressed` Series aligned on the frame's index. A suppressed value is not drawn, is marked
`[c]`, and never appears in the title or alt text.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from helpers.pages.charts.style import (
    TrendSpec,
)
from helpers.pages.charts.words import (
    shown_percent,
)
from helpers.settings.formatting import (
    fmt_rate_beside,
)

# --- reading the frames passed in ------------------------------------------------------------


def is_empty(frame: pd.DataFrame | None, columns: Sequence[str]) -> bool:
    return frame is None or frame.empty or not set(columns) <= set(frame.columns)


def suppressed_flags(
    frame: pd.DataFrame, suppressed: pd.Series | Sequence[bool] | None
) -> pd.Series:
    """Which rows are suppressed: the `suppressed` argument, else a `suppressed` column."""
    if suppressed is not None:
        if isinstance(suppressed, pd.Series):
            flags = suppressed.reindex(frame.index)
        else:
            flags = pd.Series(list(suppressed), index=frame.index)
    elif "suppressed" in frame.columns:
        flags = frame["suppressed"]
    else:
        return pd.Series(False, index=frame.index)
    return flags.astype("boolean").fillna(False).astype(bool)


def as_numbers(values: pd.Series) -> pd.Series:
    return pd.to_numeric(values, errors="coerce").astype(float)


def label_for(frame: pd.DataFrame, key: str) -> pd.Series:
    return frame["label"].where(frame["label"].notna(), frame[key]).astype(str)


def by_month(frame: pd.DataFrame, column: str, flags: pd.Series) -> tuple[pd.Series, pd.Series]:
    months = frame["month"].astype(str)
    values = pd.Series(as_numbers(frame[column]).to_numpy(), index=months.to_numpy())
    hidden = pd.Series(flags.to_numpy(), index=months.to_numpy())
    return values, hidden


def row_for(frame: pd.DataFrame, month: str) -> pd.Series | None:
    rows = frame[frame["month"].astype(str) == month]
    return None if rows.empty else rows.iloc[-1]


def rate_spec(
    subject: str, what: str, axis_label: str, places: int, target: float | None
) -> TrendSpec:
    return TrendSpec(
        subject=subject,
        what=what,
        show=lambda v: fmt_rate_beside(v, target, places=places),
        shown=lambda v: shown_percent(v, places),
        axis_label=axis_label,
        upper=1.05,
        percent=True,
    )
