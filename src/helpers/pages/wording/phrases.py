"""Months, periods and lists as the paper words them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from helpers.settings.periods import month_label, month_name, parse_month


def month_ref(month: str, report_month: str) -> str:
    """`May` when in the report month's year, `December 2018` when not."""
    if parse_month(month).year == parse_month(report_month).year:
        return month_name(month)
    return month_label(month)


def month_pair(previous: str, current: str) -> tuple[str, str]:
    """Both months by name in one year ("May", "June"), both with years across a year end."""
    if parse_month(previous).year == parse_month(current).year:
        return month_name(previous), month_name(current)
    return month_label(previous), month_label(current)


def months_apart(earlier: str, later: str) -> int:
    return (parse_month(later) - parse_month(earlier)).n


def cut_period(cut: Mapping[str, Any], report_month: str) -> str:
    """Where a cut's audits come from: `in June`, `since April 2019`, `between ... and ...`."""
    start, end = cut.get("from", report_month), cut.get("to", report_month)
    if start == end:
        return f"in {month_ref(start, report_month)}"
    if end == report_month:
        return f"since {month_label(start)}"
    return f"between {month_label(start)} and {month_label(end)}"


def date_span(start: str, end: str) -> str:
    """`in April`, `between 1 April and 30 June`, `between 1 April 2019 and 31 January 2020`."""
    first, last = parse_month(start), parse_month(end)
    if first == last:
        return f"in {first.strftime('%B')}"
    last_day = f"{last.days_in_month} {last.strftime('%B')}"
    if first.year == last.year:
        return f"between 1 {first.strftime('%B')} and {last_day}"
    return f"between 1 {first.strftime('%B')} {first.year} and {last_day} {last.year}"


def join_words(words: Sequence[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


def quoted(label: str) -> str:
    return f"'{label}'"
