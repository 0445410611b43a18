"""Overall Ofsted-style judgements: counts, shares and trend (section 5 of the paper)."""

from __future__ import annotations

import pandas as pd

from helpers.figures.selection import returned
from helpers.settings.contract import GOOD_OR_BETTER, GRADES
from helpers.settings.periods import months_between


def compute_judgement_counts(audits: pd.DataFrame) -> dict[str, int]:
    """Number of returned audits given each grade, every grade present (0 when none)."""
    counts = returned(audits)["judgement"].value_counts()
    return {grade: int(counts.get(grade, 0)) for grade in GRADES}


def compute_judgement_shares(counts: dict[str, int]) -> dict[str, float | None]:
    """Each grade's share of the judgements (None for all when there are none)."""
    total = sum(counts.values())
    return {grade: (counts[grade] / total if total else None) for grade in GRADES}


def good_or_better_share(counts: dict[str, int]) -> float | None:
    total = sum(counts.values())
    return sum(counts[g] for g in GOOD_OR_BETTER) / total if total else None


def compute_judgement_trend(audits: pd.DataFrame, first: str, last: str) -> pd.DataFrame:
    """Long frame: month, grade, count for every month from `first` to `last` and every grade."""
    done = returned(audits)
    months = months_between(first, last)
    table = pd.crosstab(done["audit_month"], done["judgement"]).reindex(
        index=months, columns=list(GRADES), fill_value=0
    )
    table = table.rename_axis(index="month", columns="grade")
    long = table.stack().rename("count").reset_index()
    long["count"] = long["count"].astype(int)
    return long
