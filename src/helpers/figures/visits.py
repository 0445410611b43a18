"""Statutory visits to Children Looked After: on time, late, not done (section 7 of the paper).

A visit counts in a period when its `due_date` falls in it. On time: `visit_date <= due_date`;
late: `visit_date > due_date`; not done: no `visit_date`. The reporting year runs April to March
and the table is cumulative from 1 April.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.settings.periods import months_between, period_label, reporting_year_start

OUTCOMES: tuple[str, ...] = ("on_time", "late", "not_done")


def classify_visits(visits: pd.DataFrame) -> pd.Series:
    """Each visit's outcome: on_time, late or not_done."""
    outcome = pd.Series("not_done", index=visits.index, dtype=object)
    done = visits["visit_date"].notna()
    outcome[done & (visits["visit_date"] <= visits["due_date"])] = "on_time"
    outcome[done & (visits["visit_date"] > visits["due_date"])] = "late"
    return outcome


def _due_between(visits: pd.DataFrame, first: str, last: str) -> pd.Series:
    """True for visits due from month `first` to month `last` (`YYYY-MM`, inclusive); compared as
    dates, so a million visits need no month text."""
    start = pd.Period(first, "M").start_time
    end = (pd.Period(last, "M") + 1).start_time
    due = visits["due_date"]
    return (due >= start) & (due < end)


def _due_month(visits: pd.DataFrame) -> pd.Series:
    """Each visit's due month as `YYYY-MM` text (missing where `due_date` is): each distinct
    month is written once, not once per visit (strftime took 0.4 s on a million visits)."""
    months = visits["due_date"].to_numpy(dtype="datetime64[ns]").astype("datetime64[M]")
    distinct, which = np.unique(months, return_inverse=True)
    labels = np.array([None if np.isnat(m) else str(m) for m in distinct], dtype=object)
    return pd.Series(labels[which.reshape(-1)], index=visits.index, dtype="str")


def _summarise(outcomes: pd.Series) -> dict:
    due = int(outcomes.size)
    counts = {name: int((outcomes == name).sum()) for name in OUTCOMES}
    rates = {f"{name}_rate": (counts[name] / due if due else None) for name in OUTCOMES}
    return {"due": due, **counts, **rates}


def compute_visits_period(visits: pd.DataFrame, first: str, last: str) -> dict:
    """Due, on time, late and not done counts and rates for visits due from `first` to `last`."""
    in_period = visits[_due_between(visits, first, last)]
    return {"from": first, "to": last, **_summarise(classify_visits(in_period))}


def compute_visits_year_to_date(visits: pd.DataFrame, month: str) -> list[dict]:
    """The paper's table 4.A: April; April-May; ... ; April to `month`, each cumulative from April."""
    start = reporting_year_start(month)
    visits = visits[_due_between(visits, start, month)]  # the year's visits only: fewer to read
    outcomes = classify_visits(visits)
    due_month = _due_month(visits)
    rows = []
    for last in months_between(start, month):
        in_period = (due_month >= start) & (due_month <= last)
        rows.append({"from": start, "to": last, **_summarise(outcomes[in_period])})
    return rows


def compute_visits_summary(visits: pd.DataFrame | None, month: str, target: float) -> dict:
    """metrics.json's `visits` block: whether there is a visits extract, the on-time target, and
    the reporting year's cumulative periods up to `month`."""
    return {
        "available": visits is not None,
        "target": target,
        "year_to_date": [] if visits is None else compute_visits_year_to_date(visits, month),
    }


def periods_with_visits(year_to_date: list[dict]) -> list[dict]:
    """The cumulative entries from the first with a visit due: before it (the data's first
    months, say) a row of zeros and `n/a` says nothing. All of them when none has a visit."""
    for i, entry in enumerate(year_to_date):
        if entry.get("due") != 0:
            return year_to_date[i:]
    return year_to_date


def table_visits_year_to_date(year_to_date: list[dict]) -> pd.DataFrame:
    """The cumulative table with a readable period label first, from the first visit due."""
    entries = periods_with_visits(year_to_date)
    table = pd.DataFrame(entries)
    if table.empty:
        return table
    table.insert(0, "period", [period_label(r["from"], r["to"]) for r in entries])
    return table.drop(columns=["from", "to"])


def compute_visits_trend(visits: pd.DataFrame, first: str, last: str) -> pd.DataFrame:
    """Per due month from `first` to `last`: due, on time, late, not done and their rates."""
    months = months_between(first, last)
    visits = visits[_due_between(visits, first, last)]  # the other months are not in the table
    outcomes = classify_visits(visits)
    table = pd.crosstab(_due_month(visits), outcomes).reindex(
        index=months, columns=list(OUTCOMES), fill_value=0
    )
    table = table.rename_axis(index="month", columns=None).reset_index()
    table.insert(1, "due", table[list(OUTCOMES)].sum(axis=1))
    for name in OUTCOMES:
        table[f"{name}_rate"] = table[name] / table["due"].where(table["due"] > 0)
    return table


def compute_visits_by_team(visits: pd.DataFrame, first: str, last: str) -> pd.DataFrame:
    """Per team, for visits due from `first` to `last`: counts and rates, lowest on-time rate first."""
    in_period = visits[_due_between(visits, first, last)]
    outcomes = classify_visits(in_period)
    table = pd.crosstab(in_period["team"], outcomes).reindex(columns=list(OUTCOMES), fill_value=0)
    table = table.rename_axis(index="team", columns=None).reset_index()
    table.insert(1, "due", table[list(OUTCOMES)].sum(axis=1))
    for name in OUTCOMES:
        table[f"{name}_rate"] = table[name] / table["due"]
    return table.sort_values(["on_time_rate", "team"], ignore_index=True)
