"""Formatting computed frames as the tables a reader sees.

Publication mode needs nothing here: the frames a publication page receives come from the
publishable set (helpers.safe.publishable), where every hidden figure is already "[c]", and every
formatter passes "[c]" through.
"""

from __future__ import annotations

import pandas as pd

from helpers.pages.display import Table
from helpers.settings.formatting import fmt_count, fmt_rate, fmt_score, is_hidden

__all__ = ["Table", "format_columns"]


def _number(value: object) -> object:
    return value if is_hidden(value) or not pd.isna(value) else None


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
    """Counts, rates and scores as text; "[c]" stays "[c]".

    `rates` maps each rate column to the column holding its base (or None). `publication`,
    `row_total` and `numerators` are accepted for older callers: suppression is decided once,
    upstream, by the publishable set.
    """
    shown = frame.copy().astype(object)
    for column in counts:
        shown[column] = [fmt_count(_number(v)) for v in frame[column]]
    for column in rates or {}:
        shown[column] = [fmt_rate(_number(v), places=rate_places) for v in frame[column]]
    for column in scores:
        shown[column] = [fmt_score(_number(v)) for v in frame[column]]
    return shown.where(shown.notna(), "")
