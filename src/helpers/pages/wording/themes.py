"""Section 6 of the paper, themes: recurring and new themes from the theme summary rows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from helpers.pages.wording.phrases import (
    join_words,
)
from helpers.pages.wording.shown import (
    count_noun,
)
from helpers.settings.params import Params

NEW_THEME = "new this month"
PERSISTING_THEME = "persisting"


def _theme_counts(row: Mapping[str, Any]) -> tuple[int, int]:
    """Audits showing the theme this month and last; takes `helpers.figures.themes` column names too."""
    now = row.get("audits_this_month", row.get("audits"))
    before = row.get("audits_last_month", row.get("audits_previous"))
    return int(now or 0), int(before or 0)


def describe_themes(theme_summary_rows: Sequence[Mapping[str, Any]], params: Params) -> list[str]:
    """`Recurring themes this month: ...` and `New this month: ...` from the theme summary rows.

    A row is recurring when its status is "persisting" (or, with no status, it was seen last
    month too) and new otherwise; rows not seen this month are left out.
    """
    recurring, new = [], []
    for row in theme_summary_rows:
        now, before = _theme_counts(row)
        if now <= 0:
            continue
        item = f"{row['label']} ({count_noun(now, 'audit', params.publication)})"
        status = row.get("status")
        if status == PERSISTING_THEME or (status != NEW_THEME and before > 0):
            recurring.append(item)
        else:
            new.append(item)
    if not recurring and not new:
        return ["No recurring themes were identified in this month's audit comments."]
    sentences = []
    if recurring:
        sentences.append(f"Recurring themes this month: {join_words(recurring)}.")
    if new:
        sentences.append(f"New this month: {join_words(new)}.")
    return sentences
