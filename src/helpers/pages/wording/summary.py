"""The executive summary and what the paper cannot show this month."""

from __future__ import annotations

from helpers.pages.wording.compliance import describe_compliance
from helpers.pages.wording.judgements import describe_judgements
from helpers.pages.wording.lookups import (
    Metrics,
    current_visits,
    is_first_data_month,
    month_cut,
    previous_cut,
    previous_month_of,
)
from helpers.pages.wording.phrases import (
    cut_period,
)
from helpers.pages.wording.scores import describe_scores
from helpers.pages.wording.visits import describe_visits
from helpers.settings.params import Params
from helpers.settings.periods import month_label


def describe_missing_data(metrics: Metrics) -> list[str]:
    """What the report cannot show this month, and why."""
    month = metrics["month"]
    label = month_label(month)
    notes = []
    compliance = metrics.get("compliance") or {}
    cut = month_cut(metrics)
    if not compliance.get("allocated"):
        notes.append(f"No audits were allocated for {label}, so audit compliance is not available.")
    if not cut.get("n"):
        notes.append(
            f"No audits were returned for {label}, so scores and judgements are not available."
        )
    if is_first_data_month(metrics):
        notes.append(
            f"{label} is the first month of audit data, so there is no comparison "
            "with a previous month."
        )
    elif previous_cut(metrics) is None:
        prev = month_label(previous_month_of(metrics))
        notes.append(
            f"No audits were returned for {prev}, so scores and judgements cannot be "
            "compared with the previous month."
        )
    visits = metrics.get("visits") or {}
    if not visits.get("available", True) or not visits.get("year_to_date"):
        notes.append(
            "No statutory visits extract was supplied, so visit figures are not available."
        )
    elif current_visits(metrics) is None:
        notes.append(f"The visits extract has no figures for {label}.")
    for name, segment in (metrics.get("segments") or {}).items():
        if not segment.get("n"):
            period = cut_period(segment, month)
            notes.append(f"No {name} audits have been returned {period}.")
    return notes


def describe_executive_summary(metrics: Metrics, params: Params) -> list[str]:
    """The headline of each section: compliance, scores, judgements (if any), visits."""
    sentences = [describe_compliance(metrics, params)[0], describe_scores(metrics, params)[0]]
    if month_cut(metrics).get("n"):
        # With no audits returned the scores headline has already said so.
        sentences.append(describe_judgements(metrics, params)[0])
    sentences.append(describe_visits(metrics, params)[0])
    return sentences
