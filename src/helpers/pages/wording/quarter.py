"""The quarterly paper's wording: each section over the quarter, compared with the quarter before.

The same rules as the monthly paper: figures as shown, comparisons between shown values, small
numbers hidden in publication mode, nothing invented for a month without audits.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from helpers.pages.wording.judgements import describe_breakdown, hidden_grades
from helpers.pages.wording.lookups import good_or_better
from helpers.pages.wording.phrases import join_words
from helpers.pages.wording.scores import ALL_DOMAINS, describe_extremes
from helpers.pages.wording.shown import (
    count_noun,
    direction,
    is_publication,
    shown_count,
    shown_rate,
    shown_score,
    target_clause,
)
from helpers.settings.contract import GOOD_OR_BETTER
from helpers.settings.formatting import SUPPRESSED
from helpers.settings.params import Params
from helpers.settings.periods import month_label, previous_month, quarter_label

Quarter = Mapping[str, Any]


def _change(now: str, before: str, before_name: str) -> str:
    step = direction(before, now)
    if step is None:
        return f" ({before} in {before_name})"
    if step == "same":
        return f", unchanged from {before_name}"
    return f", {step} from {before} in {before_name}"


def describe_missing_months(quarter: Quarter) -> list[str]:
    """A month of the quarter with no audits allocated, named, so the totals are read rightly."""
    missing = list(quarter.get("missing_months") or [])
    if not missing:
        return []
    present = [m for m in quarter["months"] if m not in missing]
    if not present:
        return [f"No audits were allocated in any month of {quarter_label(quarter['quarter'])}."]
    return [
        f"No audits were allocated in {join_words([month_label(m) for m in missing])}, so the "
        f"quarter's figures cover {join_words([month_label(m) for m in present])} only."
    ]


def describe_quarter_compliance(quarter: Quarter, params: Params) -> list[str]:
    publication = is_publication(quarter, params)
    figures = quarter.get("compliance") or {}
    name = quarter_label(quarter["quarter"])
    if not figures.get("allocated"):
        return [f"No audits were allocated in {name}, so audit compliance is not available."]
    target = params.targets.compliance_rate
    rate = shown_rate(
        figures.get("rate"), figures["returned"], figures["allocated"], publication, target=target
    )
    sentence = (
        f"Audit compliance in {name} was {rate}, with {shown_count(figures['returned'], publication)}"
        f" of the {count_noun(figures['allocated'], 'allocated audit', publication)} returned"
    )
    previous = figures.get("previous") or {}
    if previous.get("allocated"):
        before = shown_rate(
            previous.get("rate"),
            previous["returned"],
            previous["allocated"],
            publication,
            target=target,
        )
        sentence += _change(
            rate, before, f"Quarter {previous['quarter'][-1]} {previous['quarter'][:7]}"
        )
    sentences = [sentence + "."]
    clause = target_clause(rate, target)
    if clause:
        sentences.append(f"This is {clause}.")
    return sentences + describe_missing_months(quarter)


def _short_name(quarter: str) -> str:
    """`Quarter 1 2019-20`."""
    return f"Quarter {quarter[-1]} {quarter[:7]}"


def _previous_name(quarter: Quarter) -> str:
    return _short_name(quarter["previous_quarter"])


def describe_quarter_scores(quarter: Quarter, params: Params) -> list[str]:
    publication = is_publication(quarter, params)
    cut = (quarter.get("scores") or {}).get("quarter") or {}
    name = quarter_label(quarter["quarter"])
    if not cut.get("n"):
        return [f"No audits were returned in {name}, so there are no audit scores to report."]
    now = shown_score(cut.get("overall_mean"), cut["n"], publication)
    subject = ALL_DOMAINS[0].upper() + ALL_DOMAINS[1:]
    sentence = f"{subject} is {now} for the {count_noun(cut['n'], 'audit', publication)} returned in {name}"
    previous = (quarter.get("scores") or {}).get("previous_quarter") or {}
    if previous.get("n"):
        before = shown_score(previous.get("overall_mean"), previous["n"], publication)
        sentence += _change(now, before, _previous_name(quarter))
    else:
        sentence += f"; no audits were returned in {_previous_name(quarter)} to compare with"
    cuts = [(f"in {_short_name(quarter['quarter'])}", cut)]
    extremes = describe_extremes(cuts, params, publication, lowest=True)
    extremes += describe_extremes(cuts, params, publication, lowest=False)
    return [sentence + ".", *extremes]


def describe_quarter_judgements(quarter: Quarter, params: Params) -> list[str]:
    publication = is_publication(quarter, params)
    cuts = quarter.get("scores") or {}
    cut = cuts.get("quarter") or {}
    name = quarter_label(quarter["quarter"])
    n = cut.get("n") or 0
    if not n:
        return [f"No audits were returned in {name}, so there are no judgements to report."]
    sentences = [
        describe_breakdown(count_noun(n, "audit", publication), f"in {name}", cut, publication)
    ]
    if hidden_grades(cut, publication) & set(GOOD_OR_BETTER):
        return sentences
    count, share = good_or_better(cut)
    now = shown_rate(share, count, n, publication)
    sentence = f"{now} of the audits returned were judged Good or Outstanding"
    previous = cuts.get("previous_quarter") or {}
    if previous.get("n") and not (hidden_grades(previous, publication) & set(GOOD_OR_BETTER)):
        before_count, before_share = good_or_better(previous)
        before = shown_rate(before_share, before_count, previous["n"], publication)
        sentence += _change(now, before, _previous_name(quarter))
    return [*sentences, sentence + "."]


def month_view(quarter: Quarter) -> dict[str, Any]:
    """The quarter's last month as the monthly visits wording reads it (year to date from April)."""
    return {
        "month": quarter["to"],
        "previous_month": previous_month(quarter["to"]),
        "publication": quarter.get("publication", False),
        "visits": quarter.get("visits") or {},
    }


def describe_quarter_summary(quarter: Quarter, params: Params) -> list[str]:
    """Each section's headline for the cover sheet's executive summary."""
    from helpers.pages.wording.visits import describe_visits

    return [
        describe_quarter_compliance(quarter, params)[0],
        describe_quarter_scores(quarter, params)[0],
        describe_quarter_judgements(quarter, params)[-1],
        describe_visits(month_view(quarter), params)[0],
    ]


def describe_quarter_targets_missed(quarter: Quarter, params: Params) -> list[str]:
    """Section 8: each rate target the quarter missed, judged on the figure as shown."""
    missed = []
    publication = is_publication(quarter, params)
    figures = quarter.get("compliance") or {}
    target = params.targets.compliance_rate
    if target is not None and figures.get("allocated"):
        rate = shown_rate(
            figures.get("rate"),
            figures["returned"],
            figures["allocated"],
            publication,
            target=target,
        )
        if rate != SUPPRESSED and (target_clause(rate, target) or "").startswith("below"):
            missed.append(
                f"Audit compliance over the quarter of {rate} is {target_clause(rate, target)}."
            )
    return missed
