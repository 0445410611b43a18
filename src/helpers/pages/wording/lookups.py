"""Where each section's figures sit in the metrics dict (see docs/data-shapes.md)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from helpers.settings.contract import GOOD_OR_BETTER
from helpers.settings.formatting import SUPPRESSED, is_hidden
from helpers.settings.periods import previous_month

Metrics = Mapping[str, Any]


def month_cut(metrics: Metrics) -> Mapping[str, Any]:
    return (metrics.get("scores") or {}).get("month") or {}


def previous_cut(metrics: Metrics) -> Mapping[str, Any] | None:
    """The previous month's cut, or None when it is absent or no audits were returned in it."""
    cut = (metrics.get("scores") or {}).get("previous_month")
    if not cut or not cut.get("n"):
        return None
    return cut


def previous_month_of(metrics: Metrics) -> str:
    return metrics.get("previous_month") or previous_month(metrics["month"])


def is_first_data_month(metrics: Metrics) -> bool:
    """True when nothing was audited before the report month."""
    first = metrics.get("first_data_month")
    if first:
        return first >= metrics["month"]
    trend = (metrics.get("scores") or {}).get("trend") or []
    return not any(entry["month"] < metrics["month"] and entry.get("n") for entry in trend)


def current_visits(metrics: Metrics) -> Mapping[str, Any] | None:
    """The year-to-date visits entry ending in the report month, if there is one."""
    for entry in (metrics.get("visits") or {}).get("year_to_date") or []:
        if entry.get("to") == metrics["month"]:
            return entry
    return None


def previous_visits(metrics: Metrics) -> Mapping[str, Any] | None:
    """The year-to-date entry ending the month before, None in April (the year restarts)."""
    current = current_visits(metrics)
    if current is None or current.get("from") == current.get("to"):
        return None
    wanted = previous_month_of(metrics)
    for entry in (metrics.get("visits") or {}).get("year_to_date") or []:
        if entry.get("to") == wanted and entry.get("from") == current.get("from"):
            return entry
    return None


def good_or_better(cut: Mapping[str, Any]) -> tuple[int | str, float | str | None]:
    """Count and share of the cut's returned audits judged Good or Outstanding ("[c]" when the
    publishable set hides them)."""
    if "good_or_better" in cut:
        return cut["good_or_better"], cut.get("good_or_better_share")
    counts = cut.get("judgement_counts") or {}
    if any(is_hidden(counts.get(grade)) for grade in GOOD_OR_BETTER):
        return SUPPRESSED, SUPPRESSED
    count = sum(int(counts.get(grade) or 0) for grade in GOOD_OR_BETTER)
    n = cut.get("n") or 0
    return count, (count / n if n else None)
