"""Section 6 of the paper, themes: recurring and new themes from the theme summary rows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from helpers.figures.codebook import STRENGTH
from helpers.figures.themes import (
    STATUS_NEW,
    STATUS_NO_HISTORY,
    STATUS_PERSISTING,
    STATUS_RETURNING,
)
from helpers.pages.wording.phrases import (
    join_words,
)
from helpers.pages.wording.shown import (
    count_noun,
)
from helpers.settings.formatting import is_hidden
from helpers.settings.params import Params

NEW_THEME = STATUS_NEW
PERSISTING_THEME = STATUS_PERSISTING
# Statuses read as "new"; "new this month" is the old name, still accepted from older rows.
NEW_STATUSES = frozenset({STATUS_NEW, STATUS_NO_HISTORY, "new this month"})


def _theme_counts(row: Mapping[str, Any]) -> tuple[int | str, int | str]:
    """Audits showing the theme this month and last; takes `helpers.figures.themes` column names too.

    "[c]" (a count the publishable set hides) stays as it is: it stands for 1 or more.
    """
    now = row.get("audits_this_month", row.get("audits"))
    before = row.get("audits_last_month", row.get("audits_previous"))
    return (now if is_hidden(now) else int(now or 0)), (
        before if is_hidden(before) else int(before or 0)
    )


def describe_themes(theme_summary_rows: Sequence[Mapping[str, Any]], params: Params) -> list[str]:
    """`Recurring themes this month: ...` and `New this month: ...` from the theme summary rows.

    A concern is recurring when its status is "persisting" or "returning" (seen in an earlier
    month), or, with no status, it was seen last month too; new otherwise ("new" means none in
    the previous six months). Strengths (`kind` "strength") get their own sentence, never listed
    with the concerns; rows not seen this month are left out.
    """
    recurring, new, strengths = [], [], []
    for row in theme_summary_rows:
        now, before = _theme_counts(row)
        if not is_hidden(now) and now <= 0:
            continue
        item = f"{row['label']} ({count_noun(now, 'audit', params.publication)})"
        status = row.get("status")
        if row.get("kind") == STRENGTH:
            strengths.append(item)
        elif status in (STATUS_PERSISTING, STATUS_RETURNING) or (
            status not in NEW_STATUSES and (is_hidden(before) or before > 0)
        ):
            recurring.append(item)
        else:
            new.append(item)
    sentences = []
    if recurring:
        sentences.append(f"Recurring themes this month: {join_words(recurring)}.")
    if new:
        sentences.append(f"New this month: {join_words(new)}.")
    if not sentences:
        sentences.append("No recurring themes were identified in this month's audit comments.")
    if strengths:
        sentences.append(f"Strengths this month: {join_words(strengths)}.")
    return sentences
