"""Which audits belong to a month, a period or a segment."""

from __future__ import annotations

import pandas as pd

from helpers.settings.params import Segment
from helpers.settings.periods import reporting_year_start


def returned(audits: pd.DataFrame) -> pd.DataFrame:
    """Audits counted as returned: `date_completed` is filled (the contract's definition)."""
    return audits[audits["date_completed"].notna()]


def in_months(audits: pd.DataFrame, first: str, last: str) -> pd.DataFrame:
    """Audits whose `audit_month` is from `first` to `last` inclusive (YYYY-MM compares as text)."""
    month = audits["audit_month"]
    return audits[(month >= first) & (month <= last)]


def segment_period(segment: Segment, month: str) -> tuple[str, str]:
    """The months a segment covers for a report month: the month alone or the reporting year to date."""
    if segment.period == "reporting_year":
        return reporting_year_start(month), month
    return month, month


def in_segment(audits: pd.DataFrame, segment: Segment) -> pd.DataFrame:
    """Audits whose team, cohort and district match every filter the segment sets."""
    keep = pd.Series(True, index=audits.index)
    for column, wanted in (
        ("team", segment.team),
        ("cohort", segment.cohort),
        ("district", segment.district),
    ):
        if wanted:
            keep &= audits[column].isin(wanted)
    return audits[keep]
