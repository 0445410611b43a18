"""Each target set in the parameters, with this month's figure and whether it was met.

A target is judged on the figure as shown (76%, 85.81%), so the status never contradicts the
numbers beside it. Status is "met", "not met", "no data" (the figure is not available), or
"suppressed" (publication mode hides the figure, so saying met or not would reveal it).
"""

from __future__ import annotations

from dataclasses import dataclass

from helpers.pages.wording.lookups import Metrics, current_visits, good_or_better, month_cut
from helpers.pages.wording.shown import (
    VISITS_PLACES,
    against_target,
    count_noun,
    is_publication,
    shown_rate,
    target_percent,
)
from helpers.settings.formatting import SMALLEST_SHOWN_COUNT, SUPPRESSED, fmt_count, is_missing
from helpers.settings.params import Params
from helpers.settings.periods import month_name

MET, NOT_MET, NO_DATA, SUPPRESSED_STATUS = "met", "not met", "no data", "suppressed"


@dataclass(frozen=True)
class TargetStatus:
    key: str  # the parameter name under `targets`
    name: str
    target: str
    actual: str
    status: str
    sentence: str


def _rate_status(
    key: str, name: str, actual: str, target: float, subject: str, unavailable: str
) -> TargetStatus:
    """A rate target: `<subject> of 76% is below the 90% target.`"""
    shown_target = target_percent(target)
    if actual == SUPPRESSED:
        sentence = (
            f"{name} is not shown ({SUPPRESSED}), so the {shown_target} target is not assessed."
        )
        return TargetStatus(key, name, shown_target, actual, SUPPRESSED_STATUS, sentence)
    word = against_target(actual, target)
    if word is None:
        sentence = f"{unavailable}, so the {shown_target} target cannot be assessed."
        return TargetStatus(key, name, shown_target, actual, NO_DATA, sentence)
    relation = {"below": "is below", "meets": "meets", "above": "is above"}[word]
    sentence = f"{subject} of {actual} {relation} the {shown_target} target."
    return TargetStatus(
        key, name, shown_target, actual, NOT_MET if word == "below" else MET, sentence
    )


def _compliance(metrics: Metrics, target: float, publication: bool) -> TargetStatus:
    compliance = metrics.get("compliance") or {}
    actual = shown_rate(
        compliance.get("rate"),
        compliance.get("returned"),
        compliance.get("allocated"),
        publication,
        target=target,
    )
    unavailable = f"No audits were allocated in {month_name(metrics['month'])}"
    return _rate_status(
        "compliance_rate", "Audit compliance", actual, target, "Audit compliance", unavailable
    )


def _visits(metrics: Metrics, target: float, publication: bool) -> TargetStatus:
    entry = current_visits(metrics)
    if entry is None or not entry.get("due"):
        actual = shown_rate(None, None, None, publication)
    else:
        actual = shown_rate(
            entry.get("on_time_rate"),
            entry.get("on_time"),
            entry.get("due"),
            publication,
            VISITS_PLACES,
            target,
        )
    return _rate_status(
        "visits_on_time_rate",
        "Statutory visits on time",
        actual,
        target,
        "The on-time rate for statutory visits",
        "Statutory visit figures are not available",
    )


def _good_or_better(metrics: Metrics, target: float, publication: bool) -> TargetStatus:
    cut = month_cut(metrics)
    count, share = good_or_better(cut)
    actual = shown_rate(share, count, cut.get("n"), publication, target=target)
    unavailable = f"No audits were returned in {month_name(metrics['month'])}"
    return _rate_status(
        "good_or_better_share",
        "Judged Good or Outstanding",
        actual,
        target,
        "The Good or Outstanding share",
        unavailable,
    )


def _max_inadequate(
    metrics: Metrics, limit: int, publication: bool, threshold: int = SMALLEST_SHOWN_COUNT
) -> TargetStatus:
    name, key = "Inadequate judgements", "max_inadequate"
    shown_limit = "none" if limit == 0 else f"no more than {limit}"
    target = "none" if limit == 0 else fmt_count(limit)
    cut = month_cut(metrics)
    month = month_name(metrics["month"])
    if not cut.get("n"):
        sentence = (
            f"No audits were returned in {month}, so the Inadequate target cannot be assessed."
        )
        return TargetStatus(key, name, target, fmt_count(None), NO_DATA, sentence)
    count = (cut.get("judgement_counts") or {}).get("Inadequate") or 0
    actual = fmt_count(count, publication=publication)
    hidden = actual == SUPPRESSED  # 1 to threshold-1: met for a limit at or above that
    met = limit >= threshold - 1 if hidden else count <= limit
    if hidden and 0 < limit < threshold - 1:
        # A hidden count is 1 to 4: a limit of 1 to 3 would split that range and give it away.
        sentence = (
            f"Inadequate judgements are not shown ({SUPPRESSED}), "
            f"so the target of {shown_limit} is not assessed."
        )
        return TargetStatus(key, name, target, actual, SUPPRESSED_STATUS, sentence)
    judgements = count_noun(count, "Inadequate judgement", publication)
    if not hidden and count == 0:
        judgements = "no Inadequate judgements"
    verb = "was" if actual == "1" else "were"
    outcome = "meeting" if met else "against"
    sentence = f"There {verb} {judgements} in {month}, {outcome} a target of {shown_limit}."
    return TargetStatus(key, name, target, actual, MET if met else NOT_MET, sentence)


def describe_targets(metrics: Metrics, params: Params) -> list[TargetStatus]:
    """One status for each target set (not None) in `params.targets`, in parameter order."""
    publication = is_publication(metrics, params)
    targets = params.targets
    statuses = []
    if not is_missing(targets.compliance_rate):
        statuses.append(_compliance(metrics, targets.compliance_rate, publication))
    if not is_missing(targets.visits_on_time_rate):
        statuses.append(_visits(metrics, targets.visits_on_time_rate, publication))
    if targets.max_inadequate is not None:
        statuses.append(
            _max_inadequate(
                metrics, targets.max_inadequate, publication, params.publication.threshold
            )
        )
    if not is_missing(targets.good_or_better_share):
        statuses.append(_good_or_better(metrics, targets.good_or_better_share, publication))
    return statuses
