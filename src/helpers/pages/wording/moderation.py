"""The paper's paragraph on moderation, and the note that the judgements use the moderated grade."""

from __future__ import annotations

from helpers.pages.wording.lookups import Metrics
from helpers.pages.wording.shown import count_noun, is_publication, shown_count, shown_rate
from helpers.settings.formatting import SUPPRESSED, fmt_score, is_small_count
from helpers.settings.params import Params
from helpers.settings.periods import month_label, period_label

NOT_AVAILABLE = "Moderation is not available: no moderation extract was supplied."


def describe_moderation(metrics: Metrics, params: Params) -> list[str]:
    """Agreement on judgement and weighted kappa, grades moved, and which judgements the paper uses."""
    block = metrics.get("moderation") or {}
    if not block.get("available"):
        return [NOT_AVAILABLE]
    publication = is_publication(metrics, params)
    label = month_label(metrics["month"])
    month, year = block["month"], block["year_to_date"]
    sentences = []
    if month["n"]:
        agreed = shown_rate(month["agreement_rate"], month["agreed"], month["n"], publication)
        up, down = month["moved_up"], month["moved_down"]
        if up == 0 and down == 0:  # "0 moved up a grade and 0 down" reads as a form, not a finding
            moved = "none moved up or down a grade"
        else:
            moved = (
                f"{shown_count(up, publication)} moved up a grade and "
                f"{shown_count(down, publication)} down"
            )
        sentences.append(
            f"A moderator re-read {count_noun(month['n'], 'audit', publication)} of {label} "
            f"and gave the same judgement in {agreed} of them; {moved}. Where an audit was "
            "moderated, the judgement figures in this paper use the moderator's judgement."
        )
    else:
        sentences.append(f"No audits of {label} were moderated.")
    # In April the year so far is the month: the same figures again would add nothing.
    if year["n"] and year["from"] != year["to"]:
        span = period_label(year["from"], year["to"])
        agreed = shown_rate(year["agreement_rate"], year["agreed"], year["n"], publication)
        kappa = (
            SUPPRESSED
            if publication and is_small_count(year["n"])
            else fmt_score(year["kappa"], places=2)
        )
        sentences.append(
            f"From {span}, moderators agreed with {agreed} of "
            f"{count_noun(year['n'], 'judgement', publication)} (weighted kappa {kappa}, "
            "where 1 is full agreement)."
        )
    return sentences


def describe_moderated_judgements(metrics: Metrics, params: Params) -> list[str]:
    """One line for the judgements page when some of the month's judgements are a moderator's."""
    block = metrics.get("moderation") or {}
    n = (block.get("month") or {}).get("n") if block.get("available") else 0
    if not n:
        return []
    audits = count_noun(n, "audit", is_publication(metrics, params))
    return [
        f"For the {audits} moderated this month, the figures use the moderator's judgement "
        "in place of the auditor's."
    ]
