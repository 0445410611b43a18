"""Audit compliance: how many allocated audits were returned (section 3 of the paper)."""

from __future__ import annotations

import pandas as pd

from helpers.settings.periods import months_between


def _rate(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def compute_compliance(audits: pd.DataFrame, month: str) -> dict:
    """Allocated, returned and rate for one audit month (rate None when nothing was allocated)."""
    in_month = audits[audits["audit_month"] == month]
    allocated = len(in_month)
    returned = int(in_month["date_completed"].notna().sum())
    return {
        "month": month,
        "allocated": allocated,
        "returned": returned,
        "rate": _rate(returned, allocated),
    }


def compute_compliance_trend(audits: pd.DataFrame, first: str, last: str) -> pd.DataFrame:
    """One row per month from `first` to `last` (months with no audits show 0 allocated, rate NaN)."""
    months = months_between(first, last)
    in_range = audits[audits["audit_month"].isin(months)]
    grouped = in_range.groupby("audit_month").agg(
        allocated=("audit_id", "size"), returned=("date_completed", "count")
    )
    trend = grouped.reindex(months, fill_value=0).rename_axis("month").reset_index()
    trend["rate"] = trend["returned"] / trend["allocated"].where(trend["allocated"] > 0)
    return trend


def compute_compliance_by(audits: pd.DataFrame, month: str, by: str) -> pd.DataFrame:
    """Allocated, returned, not returned and rate for the month by `team` or `team_manager`."""
    in_month = audits[audits["audit_month"] == month]
    table = (
        in_month.groupby(by, dropna=False)
        .agg(allocated=("audit_id", "size"), returned=("date_completed", "count"))
        .reset_index()
    )
    table["not_returned"] = table["allocated"] - table["returned"]
    table["rate"] = table["returned"] / table["allocated"]
    return table.sort_values(["rate", by], ascending=[True, True], ignore_index=True)


def compute_not_returned(audits: pd.DataFrame, month: str) -> pd.DataFrame:
    """Audits of the month not returned, for follow-up: team, manager, auditor, allocated date.

    Ids are left out on purpose: this table is shared. `source_row` traces each line to the extract.
    """
    in_month = audits[(audits["audit_month"] == month) & audits["date_completed"].isna()]
    columns = ["team", "team_manager", "auditor", "date_allocated", "source_row"]
    return in_month[columns].sort_values(
        ["team", "team_manager", "date_allocated"], ignore_index=True
    )
