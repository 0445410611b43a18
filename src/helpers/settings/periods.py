"""Audit months and the April-to-March reporting year."""

from __future__ import annotations

import re

import pandas as pd

MONTH_PATTERN = re.compile(r"^[0-9]{4}-(0[1-9]|1[0-2])$")
REPORTING_YEAR_START_MONTH = 4  # April


def parse_month(month: str) -> pd.Period:
    """A `YYYY-MM` string as a monthly Period; ValueError for anything else."""
    if not isinstance(month, str) or not MONTH_PATTERN.match(month):
        raise ValueError(f"month must look like YYYY-MM (e.g. 2019-06), got {month!r}")
    return pd.Period(month, freq="M")


def previous_month(month: str) -> str:
    return str(parse_month(month) - 1)


def reporting_year_start(month: str) -> str:
    """The April that opens the reporting year holding `month` (March belongs to the year before)."""
    period = parse_month(month)
    year = period.year if period.month >= REPORTING_YEAR_START_MONTH else period.year - 1
    return f"{year}-{REPORTING_YEAR_START_MONTH:02d}"


def months_between(start: str, end: str) -> list[str]:
    """Every month from `start` to `end` inclusive, oldest first."""
    first, last = parse_month(start), parse_month(end)
    if last < first:
        raise ValueError(f"{end} is before {start}")
    return [str(p) for p in pd.period_range(first, last, freq="M")]


def month_label(month: str) -> str:
    """`2019-06` as `June 2019`."""
    return parse_month(month).strftime("%B %Y")


def month_name(month: str) -> str:
    """`2019-06` as `June`."""
    return parse_month(month).strftime("%B")
