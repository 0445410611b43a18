"""Section 6 of the paper, themes: recurring and new themes from the theme summary rows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from helpers.figures.codebook import STRENGTH
from helpers.figures.themes import (
    NEW_LOOKBACK,
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


# --- section 6 of the paper ---------------------------------------------------------------------

STATUS_WORDS = {  # how the paper says a theme's status; a status not listed is left unsaid
    STATUS_NEW: f"new: not seen in the previous {NEW_LOOKBACK} months",
    "new this month": "new this month",
    STATUS_RETURNING: "seen again after a gap",
    STATUS_PERSISTING: "also seen last month",
}


def seen_count(value: Any) -> int:
    """A count to sort and test by; a hidden one ("[c]", 1 to 4) counts as 1."""
    return 1 if is_hidden(value) else int(value or 0)


def _theme_line(row: Mapping[str, Any], publication: bool) -> str:
    now, _ = _theme_counts(row)
    text = str(row.get("description") or row["label"]).rstrip(".")
    said = [count_noun(now, "audit", publication)]
    status = STATUS_WORDS.get(str(row.get("status") or ""))
    if status:
        said.append(status)
    return f"{text} ({'; '.join(said)})."


def describe_theme_section(
    rows: Sequence[Mapping[str, Any]], publication: bool
) -> tuple[list[str], list[str]]:
    """(concerns, strengths) seen this month, most audits first, in the paper's register.

    Each row needs `label` and this month's count (`audits`), and may carry `description` (the
    codebook's sentence, preferred to the label), `status` and `kind` ("strength" or "concern";
    a row without `kind` is a concern).
    """
    seen = [row for row in rows if seen_count(_theme_counts(row)[0]) > 0]
    seen.sort(key=lambda row: -seen_count(_theme_counts(row)[0]))  # stable: codebook order
    concerns = [_theme_line(r, publication) for r in seen if r.get("kind") != STRENGTH]
    strengths = [_theme_line(r, publication) for r in seen if r.get("kind") == STRENGTH]
    return concerns, strengths
