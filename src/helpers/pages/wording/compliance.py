"""Section 3 of the paper, audit compliance: this month, the change and the target."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from helpers.pages.wording.lookups import (
    Metrics,
)
from helpers.pages.wording.phrases import join_words, month_pair
from helpers.pages.wording.shown import (
    count_noun,
    direction,
    is_publication,
    shown_count,
    shown_rate,
    target_clause,
)
from helpers.settings.formatting import (
    fmt_rate,
    is_missing,
)
from helpers.settings.params import Params
from helpers.settings.periods import month_name, previous_month


def _compliance_rate_text(
    entry: Mapping[str, Any] | None, publication: bool, target: float | None
) -> str:
    if not entry:
        return fmt_rate(None)
    rate, returned, allocated = entry.get("rate"), entry.get("returned"), entry.get("allocated")
    return shown_rate(rate, returned, allocated, publication, target=target)


def describe_compliance(metrics: Metrics, params: Params) -> list[str]:
    """Compliance this month, its change from last month, audits returned, and the target."""
    publication = is_publication(metrics, params)
    compliance = metrics.get("compliance") or {}
    month = metrics["month"]
    this_name = month_name(month)
    allocated, returned = compliance.get("allocated") or 0, compliance.get("returned") or 0
    if not allocated or is_missing(compliance.get("rate")):
        return [f"No audits were allocated in {this_name}, so audit compliance is not available."]

    target = params.targets.compliance_rate
    rate = _compliance_rate_text(compliance, publication, target)
    returned_clause = (
        f"with {shown_count(returned, publication)} of the "
        f"{count_noun(allocated, 'allocated audit', publication)} returned"
    )
    previous = compliance.get("previous") or {}
    if not previous.get("month") or is_missing(previous.get("rate")):
        headline = f"Audit compliance in {this_name} was {rate}, {returned_clause}."
    else:
        before = _compliance_rate_text(previous, publication, target)
        prev_name, _ = month_pair(previous["month"], month)
        step = direction(before, rate)
        if step is None:
            headline = (
                f"Audit compliance in {this_name} was {rate} ({before} in {prev_name}), "
                f"{returned_clause}."
            )
        elif step == "same":
            headline = (
                f"Audit compliance is {rate} this month, unchanged from {prev_name}, "
                f"{returned_clause}."
            )
        else:
            verb = "risen" if step == "up" else "reduced"
            again = " again" if _compliance_moved_before(metrics, step, publication, target) else ""
            headline = (
                f"Audit compliance has {verb}{again} this month, {step} to {rate} from {before} "
                f"in {prev_name}, {returned_clause}."
            )
    sentences = [headline]
    clause = target_clause(rate, target)
    if clause:
        sentences.append(f"This is {clause}.")
    return sentences


def _compliance_moved_before(
    metrics: Metrics, step: str, publication: bool, target: float | None
) -> bool:
    """True when compliance also moved `step` ("up"/"down") the month before last."""
    compliance = metrics.get("compliance") or {}
    previous = compliance.get("previous") or {}
    if not previous.get("month"):
        return False
    wanted = previous_month(previous["month"])
    earlier = next((e for e in compliance.get("trend") or [] if e.get("month") == wanted), None)
    if earlier is None or is_missing(earlier.get("rate")):
        return False
    before = _compliance_rate_text(earlier, publication, target)
    return direction(before, _compliance_rate_text(previous, publication, target)) == step


def _not_returned(row: Mapping[str, Any]) -> int | None:
    value = row.get("not_returned")
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return None  # hidden


def describe_not_returned(
    by_team: Sequence[Mapping[str, Any]], publication: bool, by_manager_shown: bool
) -> list[str]:
    """Audits not returned, by team, and who follows them up (rows: team, not_returned)."""
    # In a publication pack a small count arrives hidden ("[c]"): it is 1 to 4, so not none.
    missing = [r for r in by_team if _not_returned(r) != 0]
    if not missing:
        return []
    missing.sort(key=lambda r: (-(_not_returned(r) or 0), str(r["team"])))
    if publication:
        # Counts by team would be small: name the teams only, which reveals no count.
        sentence = f"Audits not returned came from {join_words([str(r['team']) for r in missing])}."
    else:
        parts = [f"{int(r['not_returned'])} from {r['team']}" for r in missing]
        total = sum(int(r["not_returned"]) for r in missing)
        if total == 1:
            sentence = f"One audit was not returned, from {missing[0]['team']}."
        elif len(missing) == 1:
            sentence = f"The {total} audits not returned were from {missing[0]['team']}."
        else:
            sentence = f"The {total} audits not returned were {join_words(parts)}."
    follow = (
        " Each is being followed up with the team manager, listed in the follow-up table in "
        "Appendix A."
        if by_manager_shown
        else " Each is being followed up with the team manager."
    )
    return [sentence + follow]
