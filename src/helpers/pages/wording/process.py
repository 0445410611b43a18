"""Sections 1 and 2 of the paper: the introduction and the monthly audit process.

The fixed paragraphs are the reference paper's own words; the cohort, the teams and the
escalations are read from the period's audits (`metrics["process"]`, see figures/process.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from helpers.pages.wording.lookups import Metrics
from helpers.pages.wording.phrases import join_words
from helpers.pages.wording.shown import count_noun, is_publication, shown_count
from helpers.settings.contract import COHORT_NAMES, COHORTS
from helpers.settings.formatting import SUPPRESSED
from helpers.settings.params import Params
from helpers.settings.periods import month_name, period_label

INTRODUCTION = (
    "Case audits help identify good practice as well as highlight areas for development, "
    "improvement and learning. Audits support our continuous professional development and "
    "contribute to learning across the whole organisation. Auditing is a crucial element of case "
    "and service improvement and identifies where we need to do things differently to improve "
    "practice. We want to be sure that both the impact of our work and the child's experience is "
    "both positive and sustainable."
)
TEMPLATE = (
    "The audit template has seven domains, each given a score from 1 to 10 by the auditor, the "
    "lowest meaning no evidence found and the highest that good evidence was found. The auditor also "
    "makes an overall judgement at the end of the audit using the Ofsted judgements: Outstanding, "
    "Good, Requires Improvement and Inadequate."
)
CONSIDERS = (
    "The auditor considers the child's voice, the impact of intervention on the child being "
    "audited, whether approaches have been effective and whether policies and procedures have "
    "been followed appropriately. The auditor usually focuses on the last three months of "
    "involvement, the 'here and now', but goes back further where required."
)
SOCIAL_WORKER = (
    "The auditor involves the allocated social worker when auditing: either auditing the case "
    "alongside the social worker, getting the social worker's perspective before looking at the "
    "case record, or speaking to the social worker afterwards if it is not possible to do it "
    "together. The conversation is to understand the context around practice and the work "
    "undertaken."
)
LEARNING = (
    "This supports a move away from a deficit model to that of a learning organisation, with the "
    "objective being a supportive process for the social worker and an opportunity for case "
    "reflection."
)
ESCALATION_RULE = (
    "The auditor should escalate any urgent safeguarding concerns with the Safeguarding and "
    "Standards Team."
)


def describe_introduction() -> list[str]:
    return [INTRODUCTION]


def audit_name(first: str, last: str) -> str:
    """`the June audit`, `the April to June 2019 audits`."""
    if first == last:
        return f"the {month_name(first)} audit"
    return f"the {period_label(first, last)} audits"


def ordered_cohorts(cohorts: Mapping[str, int]) -> list[tuple[str, int]]:
    """Most audits first; ties in the contract's order (LAC, CIN, CP, CL), then by code."""
    rank = {code: i for i, code in enumerate(COHORTS)}
    return sorted(cohorts.items(), key=lambda item: (-item[1], rank.get(item[0], 99), item[0]))


def describe_cohort(process: Mapping[str, Any], publication: bool) -> str:
    """Which lists this period's cases were picked from, named from the `cohort` column."""
    cohorts = process.get("cohorts") or {}
    if not cohorts:
        return "No audits were allocated in this period, so there is no cohort to describe."
    if len(cohorts) == 1:
        name = COHORT_NAMES.get(next(iter(cohorts)), next(iter(cohorts)))
        return f"The cohort of children audited was chosen from a list of {name}."
    parts = [
        f"{COHORT_NAMES.get(code, code)} ({count_noun(count, 'audit', publication)})"
        for code, count in ordered_cohorts(cohorts)
    ]
    return f"The children audited were chosen from the lists of {join_words(parts)}."


def describe_teams(process: Mapping[str, Any]) -> str | None:
    teams, districts = process.get("teams") or [], process.get("districts") or []
    if not teams:
        return None
    sentence = f"The allocated case workers include those from the {join_words(teams)} "
    sentence += "team" if len(teams) == 1 else "teams"
    if len(districts) > 1:
        sentence += f", in the {join_words(districts)} districts"
    elif districts:
        sentence += f", in the {districts[0]} district"
    return sentence + "."


def describe_escalations(process: Mapping[str, Any], publication: bool) -> str:
    """How many returned audits were escalated, or the paper's "None were identified ..."."""
    which = audit_name(process["from"], process["to"])
    done = int(process.get("returned") or 0)
    if not done:
        return f"{ESCALATION_RULE} No audits were returned in {which}, so none were escalated."
    count = int(process.get("escalated") or 0)
    if count == 0:
        sentence = (
            f"{ESCALATION_RULE} None were identified as requiring escalation for immediate "
            f"attention in {which}."
        )
    else:
        shown = shown_count(count, publication)
        audits = count_noun(count, "audit", publication)
        verb = "was" if shown == "1" else "were"
        sentence = (
            f"{ESCALATION_RULE} {audits[:1].upper()}{audits[1:]} {verb} escalated for immediate "
            f"attention in {which}."
        )
    missing = int(process.get("escalation_not_recorded") or 0)
    if missing:
        shown_missing = shown_count(missing, publication)
        of = f"{shown_missing} of the {count_noun(done, 'returned audit', publication)}"
        if shown_missing == SUPPRESSED:
            of = f"{SUPPRESSED} returned audits"
        sentence += f" Whether an escalation was needed was not recorded for {of}."
    return sentence


def describe_process(metrics: Metrics, params: Params) -> list[str]:
    """Section 2: the template, what the auditor considers, peer auditing, cohort, escalations."""
    publication = is_publication(metrics, params)
    process = metrics.get("process") or {
        "from": metrics["month"],
        "to": metrics["month"],
        "returned": (metrics.get("scores") or {}).get("month", {}).get("n"),
    }
    peers = "The auditors are all peer auditors, so they do not audit their own team's work."
    cohort = describe_cohort(process, publication) if "cohorts" in process else None
    teams = describe_teams(process)
    third = " ".join(s for s in (peers, cohort, teams) if s)
    escalations = (
        describe_escalations(process, publication)
        if "escalated" in process
        else f"{ESCALATION_RULE} The cohort and escalation counts are not shown in the "
        "publication version."
        if publication
        else f"{ESCALATION_RULE} Escalations are not recorded in this extract."
    )
    return [TEMPLATE, CONSIDERS, third, escalations, SOCIAL_WORKER, LEARNING]
