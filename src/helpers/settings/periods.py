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


def period_label(start: str, end: str) -> str:
    """`April 2019`, `April to June 2019`, `December 2018 to February 2019`: never `X to X`."""
    first, last = parse_month(start), parse_month(end)
    if first == last:
        return month_label(start)
    if first.year == last.year:
        return f"{first.strftime('%B')} to {month_label(end)}"
    return f"{month_label(start)} to {month_label(end)}"


# --- quarters of the council's financial year (April to March): Q1 is April to June -----------

QUARTER_FORMAT = "YYYY-YYQn, e.g. 2019-20Q1 for April to June 2019"
_QUARTER = re.compile(r"^(\d{4})-(\d{2})Q([1-4])$")


def parse_quarter(quarter: str) -> tuple[str, str]:
    """The first and last month of a financial-year quarter: `2019-20Q1` -> 2019-04, 2019-06.

    The year is written in full as the financial year (2019-20), so that Q1 cannot be misread as
    January to March; a second year that does not follow the first is refused.
    """
    found = _QUARTER.match(quarter.strip())
    if not found:
        raise ValueError(f"{quarter!r} is not a quarter: write {QUARTER_FORMAT}")
    start_year, end_year, number = int(found[1]), int(found[2]), int(found[3])
    if (start_year + 1) % 100 != end_year:
        raise ValueError(
            f"{quarter!r}: the financial year {start_year}-{end_year:02d} is not one year; "
            f"did you mean {start_year}-{(start_year + 1) % 100:02d}Q{number}?"
        )
    first = pd.Period(f"{start_year}-04", freq="M") + 3 * (number - 1)
    return str(first), str(first + 2)


def quarter_of(month: str) -> str:
    """The financial-year quarter a month falls in: 2019-06 -> 2019-20Q1, 2020-02 -> 2019-20Q4."""
    period = parse_month(month)
    start_year = period.year if period.month >= 4 else period.year - 1
    number = ((period.month - 4) % 12) // 3 + 1
    return f"{start_year}-{(start_year + 1) % 100:02d}Q{number}"


def quarter_from_months(first: str, last: str) -> str:
    """The quarter that runs exactly from `first` to `last`; ValueError for any other range."""
    quarter = quarter_of(first)
    if parse_quarter(quarter) != (first, last):
        raise ValueError(
            f"{first} to {last} is not a quarter of the financial year (Q1 is April to June, "
            "Q2 July to September, Q3 October to December, Q4 January to March)"
        )
    return quarter


def previous_quarter(quarter: str) -> str:
    first, _ = parse_quarter(quarter)
    return quarter_of(str(parse_month(first) - 3))


def quarter_label(quarter: str) -> str:
    """`Quarter 1 2019-20 (April to June 2019)`."""
    first, last = parse_quarter(quarter)
    return f"Quarter {quarter[-1]} {quarter[:7]} ({period_label(first, last)})"
