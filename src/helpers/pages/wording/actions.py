"""The paper's paragraph on follow-up actions: raised this month, and followed to completion."""

from __future__ import annotations

from helpers.pages.wording.lookups import Metrics
from helpers.pages.wording.shown import count_noun, is_publication, shown_count, shown_rate
from helpers.settings.formatting import SUPPRESSED, is_hidden
from helpers.settings.params import Params
from helpers.settings.periods import month_label

NOT_AVAILABLE = "Follow-up actions are not available: no actions extract was supplied."
ONE_ACTION = {
    "on_time": "was completed on time",
    "late": "was completed late",
    "overdue": "was still open at the end of the month",
}


def describe_actions(metrics: Metrics, params: Params) -> list[str]:
    """Actions raised by judgement, RI/Inadequate audits with an action, due on time, overdue."""
    block = metrics.get("actions") or {}
    if not block.get("available"):
        return [NOT_AVAILABLE]
    publication = is_publication(metrics, params)
    label = month_label(metrics["month"])
    raised, due, overdue = block["raised"], block["due_this_month"], block["overdue"]
    by_grade = raised["by_judgement"]
    # The publishable set carries this sum (hidden or not); internal figures add it up here.
    concern = raised.get(
        "concern_actions", _sum(by_grade["Requires Improvement"], by_grade["Inadequate"])
    )
    sentences = [
        f"The audits of {label} raised {count_noun(raised['total'], 'follow-up action', publication)}, "
        f"{shown_count(concern, publication)} of them for audits judged Requires Improvement "
        "or Inadequate."
    ]
    if raised["concern_audits"]:
        share = shown_rate(
            raised["concern_share_with_action"],
            raised["concern_audits_with_action"],
            raised["concern_audits"],
            publication,
        )
        audits = count_noun(raised["concern_audits"], "audit", publication)
        sentences.append(
            f"{share} of the {audits} judged Requires Improvement or Inadequate have at least "
            "one action recorded."
        )
    if due["due"]:
        # In publication mode the publishable set has already hidden what would give a part away.
        def rate(key: str) -> str:
            return shown_rate(due[f"{key}_rate"], due[key], due["due"], publication)

        on_time, late, late_open = rate("on_time"), rate("late"), rate("overdue")
        if due["due"] == 1 and not publication:  # not "100% were on time, 0% late, 0% open"
            outcome = next(
                (words for key, words in ONE_ACTION.items() if due.get(key) == 1),
                "has no outcome recorded",
            )
            sentences.append(f"The one action due in {label} {outcome}.")
        else:
            sentences.append(
                f"Of the {count_noun(due['due'], 'action', publication)} due in {label}, "
                f"{on_time} were completed on time, {late} late, and {late_open} were still "
                "open at the end of the month."
            )
    else:
        sentences.append(f"No follow-up actions fell due in {label}.")
    total = overdue["total"]
    if total:
        worst = None if publication else max(overdue["by_team"].items(), key=lambda i: (i[1], i[0]))
        sentences.append(
            f"In all, {count_noun(total, 'action', publication)} were overdue at the end of "
            f"{label}"
            + (
                "."
                if publication
                else f"; {worst[0]} had the most ({shown_count(worst[1], publication)})."
            )
        )
    else:
        sentences.append(f"No follow-up actions were overdue at the end of {label}.")
    return sentences


def _sum(*counts: object) -> object:
    return SUPPRESSED if any(is_hidden(c) for c in counts) else sum(counts)
