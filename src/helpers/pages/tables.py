"""Formatting computed frames as the tables a reader sees, with publication-mode suppression."""

from __future__ import annotations

import pandas as pd

from helpers.pages.display import Table
from helpers.safe.suppression import suppress_table
from helpers.settings.formatting import SUPPRESSED, fmt_count, fmt_rate, fmt_score

__all__ = ["Table", "format_columns"]


def format_columns(
    frame: pd.DataFrame,
    counts: tuple[str, ...] = (),
    rates: dict[str, str | None] | None = None,
    scores: tuple[str, ...] = (),
    publication: bool = False,
    rate_places: int = 0,
    row_total: str | None = None,
    numerators: dict[str, str] | None = None,
) -> pd.DataFrame:
    """Counts, rates (each with the column holding its base, or None) and scores as text.

    In publication mode counts of 1 to 4 and rates on a base under 5 show as [c]; where
    `row_total` (one of `counts`) is the sum of the other counts, a further cell is hidden so the
    total cannot give a hidden one away; a rate is hidden with its numerator (`numerators`).
    """
    rates = rates or {}
    shown = frame.copy()
    for column in counts:
        shown[column] = [fmt_count(v) for v in frame[column]]
    for column, base in rates.items():
        bases = frame[base] if base else [None] * len(frame)
        shown[column] = [
            fmt_rate(
                None if pd.isna(v) else v, None if b is None else int(b), publication, rate_places
            )
            for v, b in zip(frame[column], bases, strict=True)
        ]
    for column in scores:
        shown[column] = [fmt_score(None if pd.isna(v) else v) for v in frame[column]]
    if publication and counts:
        hidden = suppress_table(
            frame,
            [c for c in counts if c != row_total],
            row_total=row_total,
            rate_columns={rate: base for rate, base in rates.items() if base},
        ).mask
        for rate, numerator in (numerators or {}).items():
            hidden[rate] = hidden[rate] | hidden[numerator]
        for column in [*counts, *rates]:
            shown[column] = shown[column].where(~hidden[column], SUPPRESSED)
    return shown.astype(object).where(shown.notna(), "")
