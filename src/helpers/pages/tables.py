"""Formatting computed frames as the tables a reader sees."""

from __future__ import annotations

import pandas as pd

from helpers.display import Table
from helpers.formatting import fmt_count, fmt_rate, fmt_score

__all__ = ["Table", "format_columns"]


def format_columns(
    frame: pd.DataFrame,
    counts: tuple[str, ...] = (),
    rates: dict[str, str | None] | None = None,
    scores: tuple[str, ...] = (),
    publication: bool = False,
    rate_places: int = 0,
) -> pd.DataFrame:
    """Counts, rates (each with the column holding its base, or None) and scores as text.

    In publication mode counts of 1 to 4 and rates on a base under 5 show as [c].
    """
    shown = frame.copy()
    for column in counts:
        shown[column] = [fmt_count(v, publication) for v in frame[column]]
    for column, base in (rates or {}).items():
        bases = frame[base] if base else [None] * len(frame)
        shown[column] = [
            fmt_rate(
                None if pd.isna(v) else v, None if b is None else int(b), publication, rate_places
            )
            for v, b in zip(frame[column], bases, strict=True)
        ]
    for column in scores:
        shown[column] = [fmt_score(None if pd.isna(v) else v) for v in frame[column]]
    return shown.astype(object).where(shown.notna(), "")
