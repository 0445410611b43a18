"""Section 3 of the paper, audit compliance: this month, the change and the target."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from helpers.pages.wording.lookups import (
    Metrics,
)
from helpers.pages.wording.phrases import (
    month_pair,
)
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


def _compliance_rate_text(entry: Mapping[str, Any] | None, publication: bool) -> str:
    if not entry:
        return fmt_rate(None)
    return shown_rate(entry.get("rate"), entry.get("returned"), entry.get("allocated"), publication)


def describe_compliance(metrics: Metrics, params: Params) -> list[str]:
    """Compliance this month, its change from last month, audits returned, and the target."""
    publication = is_publication(metrics, params)
    compliance = metrics.get("compliance") or {}
    month = metrics["month"]
    this_name = month_name(month)
    allocated, returned = compliance.get("allocated") or 0, compliance.get("returned") or 0
    if not allocated or is_missing(compliance.get("rate")):
        return [f"No audits were allocated in {this_name}, so audit compliance is not available."]

    rate = _compliance_rate_text(compliance, publication)
    returned_clause = (
        f"with {shown_count(returned, publication)} of the "
        f"{count_noun(allocated, 'allocated audit', publication)} returned"
    )
    previous = compliance.get("previous") or {}
    if not previous.get("month") or is_missing(previous.get("rate")):
        headline = f"Audit compliance in {this_name} was {rate}, {returned_clause}."
    else:
        before = _compliance_rate_text(previous, publication)
        prev_name, _ = month_pair(previous["month"], month)
        step = direction(before, rate)
        if step is None:
            headline = (
                f"Audit compliance in {this_name} was {rate} ({before} in {prev_name}), "
                f"{returned_clause}."
            )
        elif step == "same":
            headline = (
                f"Audit compliance is unchanged this month at {rate}, the same as in "
                f"{prev_name}, {returned_clause}."
            )
        else:
            verb = "risen" if step == "up" else "reduced"
            again = " again" if _compliance_moved_before(metrics, step, publication) else ""
            headline = (
                f"Audit compliance has {verb}{again} this month, {step} to {rate} from {before} "
                f"in {prev_name}, {returned_clause}."
            )
    sentences = [headline]
    clause = target_clause(rate, params.targets.compliance_rate)
    if clause:
        sentences.append(f"This is {clause}.")
    return sentences


def _compliance_moved_before(metrics: Metrics, step: str, publication: bool) -> bool:
    """True when compliance also moved `step` ("up"/"down") the month before last."""
    compliance = metrics.get("compliance") or {}
    previous = compliance.get("previous") or {}
    if not previous.get("month"):
        return False
    wanted = previous_month(previous["month"])
    earlier = next((e for e in compliance.get("trend") or [] if e.get("month") == wanted), None)
    if earlier is None or is_missing(earlier.get("rate")):
        return False
    before = _compliance_rate_text(earlier, publication)
    return direction(before, _compliance_rate_text(previous, publication)) == step
