"""Section 5 of the paper, audit judgements: the grades, their change, Good or Outstanding, segments."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from helpers.pages.wording.lookups import (
    Metrics,
    good_or_better,
    is_first_data_month,
    month_cut,
    previous_cut,
    previous_month_of,
)
from helpers.pages.wording.phrases import (
    cut_period,
    join_words,
    month_pair,
)
from helpers.pages.wording.shown import (
    count_noun,
    direction,
    is_publication,
    shown_count,
    shown_rate,
)
from helpers.settings.contract import GRADES
from helpers.settings.formatting import SUPPRESSED, is_hidden
from helpers.settings.params import Params
from helpers.settings.periods import month_name


def hidden_grades(cut: Mapping[str, Any], publication: bool = True) -> set[str]:
    """Grades the publishable set hides ("[c]"); helpers.safe.publishable decided which."""
    counts = cut.get("judgement_counts") or {}
    return {g for g in GRADES if is_hidden(counts.get(g))}


def _unjudged(cut: Mapping[str, Any]) -> int | str:
    """Returned audits with no judgement: the set's figure, else n less the grades."""
    if "unjudged" in cut:
        return cut["unjudged"]
    counts = cut.get("judgement_counts") or {}
    if hidden_grades(cut) or is_hidden(cut.get("n")):
        return 0
    return (cut.get("n") or 0) - sum(int(counts.get(grade) or 0) for grade in GRADES)


def describe_breakdown(audits: str, period: str, cut: Mapping[str, Any], publication: bool) -> str:
    """`Judgements for the 27 audits returned in June were 5 Outstanding (19%), ... 2 Inadequate (7%).`"""
    counts = cut.get("judgement_counts") or {}
    shares = cut.get("judgement_shares") or {}
    n = cut.get("n") or 0
    hidden = hidden_grades(cut, publication)
    parts = []
    for grade in GRADES:
        if grade in hidden:
            parts.append(f"{SUPPRESSED} {grade} ({SUPPRESSED})")
            continue
        count = int(counts.get(grade) or 0)
        share = shown_rate(shares.get(grade), count, n, publication)
        parts.append(f"{shown_count(count, publication)} {grade} ({share})")
    sentence = f"Judgements for the {audits} returned {period} were {join_words(parts)}"
    unjudged = _unjudged(cut)
    if is_hidden(unjudged) or unjudged > 0:
        missing = count_noun(unjudged, "audit", publication)
        verb = "has" if unjudged == 1 else "have"
        sentence += f"; {missing} {verb} no judgement recorded"
    return sentence + "."


def _comparison(metrics: Metrics) -> tuple[Mapping[str, Any] | None, str, str]:
    """The previous month's cut (None when there is nothing to compare) and both months' names."""
    month = metrics["month"]
    previous = None if is_first_data_month(metrics) else previous_cut(metrics)
    if previous is None:
        return None, "", month_name(month)
    prev_name, this_name = month_pair(previous_month_of(metrics), month)
    return previous, prev_name, this_name


def _grade_change(grade: str, metrics: Metrics, publication: bool) -> str:
    """`There were 2 Inadequate judgements in June (7% of the audits returned), the same as in May.`"""
    cut = month_cut(metrics)
    count = (cut.get("judgement_counts") or {}).get(grade) or 0
    previous, prev_name, this_name = _comparison(metrics)
    now = shown_count(count, publication)
    if now == SUPPRESSED:
        opening = (
            f"There were {SUPPRESSED} {grade} judgements in {this_name} "
            f"({SUPPRESSED} of the audits returned)"
        )
    elif count == 0:
        opening = f"There were no {grade} judgements in {this_name}"
    else:
        share = shown_rate(
            (cut.get("judgement_shares") or {}).get(grade), count, cut.get("n"), publication
        )
        noun = count_noun(count, f"{grade} judgement", publication)
        verb = "was" if now == "1" else "were"
        opening = f"There {verb} {noun} in {this_name} ({share} of the audits returned)"
    if previous is None:
        return opening + "."
    before_count = (previous.get("judgement_counts") or {}).get(grade) or 0
    before = shown_count(before_count, publication)
    step = direction(before, now)
    if step is None:
        return f"{opening}, compared with {before} in {prev_name}."
    if step == "same":
        return f"{opening}, the same as in {prev_name}."
    return f"{opening}, {step} from {before} in {prev_name}."


def _good_or_better_sentence(metrics: Metrics, publication: bool) -> str:
    cut = month_cut(metrics)
    count, share = good_or_better(cut)
    n = cut.get("n") or 0
    if is_hidden(count) or is_hidden(share):
        return (
            f"The share of audits judged Good or Outstanding in {month_name(metrics['month'])} "
            f"is not shown ({SUPPRESSED})."
        )
    shown = shown_rate(share, count, n, publication)
    previous, prev_name, this_name = _comparison(metrics)
    opening = (
        f"{shown_count(count, publication)} of the {count_noun(n, 'audit', publication)} "
        f"returned in {this_name} ({shown}) were judged Good or Outstanding"
    )
    if previous is None:
        return opening + "."
    before_count, before_share = good_or_better(previous)
    before = shown_rate(before_share, before_count, previous.get("n"), publication)
    step = direction(before, shown)
    if step is None:
        return f"{opening}, compared with {before} in {prev_name}."
    if step == "same":
        return f"{opening}, the same share as in {prev_name}."
    return f"{opening}, {step} from {before} in {prev_name}."


def _segment_judgements(
    name: str, cut: Mapping[str, Any], metrics: Metrics, publication: bool
) -> list[str]:
    period = cut_period(cut, metrics["month"])
    n = cut.get("n") or 0
    if not n:
        return [f"No {name} audits have been returned {period}, so there are no {name} judgements."]
    audits = count_noun(n, f"{name} audit", publication)
    sentences = [describe_breakdown(audits, period, cut, publication)]
    counts = cut.get("judgement_counts") or {}
    none_of = [g for g in ("Outstanding", "Inadequate") if (counts.get(g) or 0) == 0]
    if none_of:
        sentences.append(
            f"None of the {name} audits returned {period} were graded {' or '.join(none_of)}."
        )
    return sentences


def describe_judgements(metrics: Metrics, params: Params) -> list[str]:
    """Counts and shares of the four grades, changes from last month, Good or Outstanding, segments."""
    publication = is_publication(metrics, params)
    month = metrics["month"]
    cut = month_cut(metrics)
    n = cut.get("n") or 0
    if not n:
        sentences = [
            f"No audits were returned in {month_name(month)}, so there are no judgements to report."
        ]
    else:
        audits = count_noun(n, "audit", publication)
        sentences = [
            describe_breakdown(audits, f"in {month_name(month)}", cut, publication),
            _grade_change("Inadequate", metrics, publication),
            _grade_change("Outstanding", metrics, publication),
            _good_or_better_sentence(metrics, publication),
        ]
    for name, segment in (metrics.get("segments") or {}).items():
        sentences += _segment_judgements(name, segment, metrics, publication)
    return sentences


def describe_balance(metrics: Metrics, params: Params) -> list[str]:
    """Where the balance of judgements lies: Good/Requires Improvement or Good/Outstanding."""
    publication = is_publication(metrics, params)
    cut = month_cut(metrics)
    n = cut.get("n") or 0
    if not n or hidden_grades(cut, publication):
        return []
    counts = {g: int((cut.get("judgement_counts") or {}).get(g) or 0) for g in GRADES}
    good_count, share = good_or_better(cut)
    shown = shown_rate(share, good_count, n, publication)
    if good_count * 2 > n:
        return [
            f"Good or Outstanding judgements are the majority this month ({shown}), the pattern "
            "the service wants to see sustained."
        ]
    middle = counts["Good"] + counts["Requires Improvement"]
    if middle * 2 > n:
        return [
            "We remain with Good and Requires Improvement being the significant total, and need "
            "to shift to a pattern of Good or Outstanding being the majority "
            f"(this month {shown})."
        ]
    return [
        f"Good or Outstanding judgements are {shown} of the audits returned this month; the aim "
        "is for them to be the majority."
    ]
