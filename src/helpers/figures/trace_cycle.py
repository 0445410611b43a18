"""Tracers for the audit cycle's figures in metrics.json: `actions.*` and `moderation.*`.

Registered with `trace.tracer` when `helpers.figures.trace` is imported (see its docstring). Each
gives the action or moderation rows behind the figure and recomputes it from them alone.
"""

from __future__ import annotations

import re

import pandas as pd

from helpers.figures.actions import CONCERN_GRADES, classify_actions, month_end, with_audit
from helpers.figures.moderation import paired, weighted_kappa
from helpers.figures.trace import Trace, TraceSource, UnknownFigure, _ratio, _show, tracer
from helpers.settings.contract import DOMAINS, GRADES
from helpers.settings.periods import reporting_year_start

ACTION_COLUMNS = ["source_row", "audit_id", "audit_month", "team", "judgement", "owner",
                  "due_date", "completed_date"]  # fmt: skip


def _actions(match: re.Match[str], source: TraceSource) -> pd.DataFrame:
    if source.actions is None:
        raise UnknownFigure(f"{match.string}: no actions extract was given")
    linked = with_audit(source.actions, source.audits)
    linked["status"] = classify_actions(linked, source.month)
    return linked[[c for c in ACTION_COLUMNS if c in linked] + ["status"]]


def _count_actions(
    match: re.Match[str], chosen: pd.DataFrame, where: str, column: str, group: str | None
) -> Trace:
    """The actions in `chosen` (those of `group` in `column`, when named) counted."""
    if group:
        chosen = chosen[chosen[column] == group]
        where += f", {column} {group}"
    value = len(chosen)
    return Trace(match.string, chosen.reset_index(drop=True), value, f"count of {where} = {value}")


@tracer(r"actions\.raised\.(?:total|by_judgement\.(?P<grade>.+))")
def trace_actions_raised(match: re.Match[str], source: TraceSource) -> Trace:
    actions = _actions(match, source)
    raised = actions[actions["audit_month"] == source.month]
    where = f"actions whose audit has audit_month {source.month}"
    return _count_actions(match, raised, where, "judgement", match["grade"])


@tracer(
    r"actions\.raised\.(?P<figure>concern_audits|concern_audits_with_action|concern_share_with_action)"
)
def trace_concern_audits(match: re.Match[str], source: TraceSource) -> Trace:
    actions = _actions(match, source)
    audits = source.audits
    concern = audits[
        (audits["audit_month"] == source.month)
        & audits["date_completed"].notna()
        & audits["judgement"].isin(CONCERN_GRADES)
    ][["source_row", "audit_id", "team", "judgement"]].reset_index(drop=True)
    concern["actions"] = concern["audit_id"].map(actions["audit_id"].value_counts()).fillna(0)
    with_action = int((concern["actions"] > 0).sum())
    where = f"returned audits of {source.month} judged Requires Improvement or Inadequate"
    if match["figure"] == "concern_audits":
        value, arithmetic = len(concern), f"count of {where} = {len(concern)}"
    elif match["figure"] == "concern_audits_with_action":
        value, arithmetic = with_action, f"count of {where} with an action = {with_action}"
    else:
        value = _ratio(with_action, len(concern))
        arithmetic = f"{with_action} with an action / {len(concern)} {where} = {_show(value)}"
    return Trace(match.string, concern, value, arithmetic)


@tracer(r"actions\.due_this_month\.(?P<figure>due|on_time|late|overdue)(?P<rate>_rate)?")
def trace_actions_due(match: re.Match[str], source: TraceSource) -> Trace:
    actions = _actions(match, source)
    due = actions[actions["due_date"].dt.strftime("%Y-%m") == source.month].reset_index(drop=True)
    where = f"actions due in {source.month}"
    if match["figure"] == "due":
        return Trace(match.string, due, len(due), f"count of {where} = {len(due)}")
    chosen = due[due["status"] == match["figure"]]
    if not match["rate"]:
        value = len(chosen)
        arithmetic = f"count of {where} that are {match['figure'].replace('_', ' ')} = {value}"
        return Trace(match.string, chosen.reset_index(drop=True), value, arithmetic)
    value = _ratio(len(chosen), len(due))
    arithmetic = f"{len(chosen)} {match['figure']} / {len(due)} {where} = {_show(value)}"
    return Trace(match.string, due, value, arithmetic)


@tracer(r"actions\.overdue\.(?:total|by_team\.(?P<team>.+))")
def trace_actions_overdue(match: re.Match[str], source: TraceSource) -> Trace:
    actions = _actions(match, source)
    overdue = actions[actions["status"] == "overdue"]
    end = month_end(source.month).strftime("%Y-%m-%d")
    where = f"actions due by {end} and not completed by then"
    return _count_actions(match, overdue, where, "team", match["team"])


@tracer(
    r"moderation\.(?P<which>month|year_to_date)\.(?P<figure>n|agreed|agreement_rate|kappa|"
    r"moved_up|moved_down|domain_mean_difference\.(?P<domain>.+))"
)
def trace_moderation(match: re.Match[str], source: TraceSource) -> Trace:
    if source.moderation is None:
        raise UnknownFigure(f"{match.string}: no moderation extract was given")
    pairs = paired(source.audits, source.moderation)
    first = source.month if match["which"] == "month" else reporting_year_start(source.month)
    pairs = pairs[(pairs["audit_month"] >= first) & (pairs["audit_month"] <= source.month)]
    pairs = pairs.reset_index(drop=True)
    before = pairs["auditor_grade"].map(GRADES.index)
    after = pairs["moderated_judgement"].map(GRADES.index)
    where = f"moderated audits with audit_month {first} to {source.month}"
    figure = match["figure"]
    rows = pairs[["audit_id", "audit_month", "auditor_grade", "moderated_judgement"]]
    if match["domain"]:
        if match["domain"] not in DOMAINS:
            raise UnknownFigure(f"{match.string}: no domain {match['domain']!r}")
        d = match["domain"]
        gap = (pairs[f"moderated_score_{d}"] - pairs[f"score_{d}"]).dropna()
        value = float(gap.sum()) / len(gap) if len(gap) else None
        arithmetic = (
            f"sum of (moderated_score_{d} - score_{d}) over {where} with both "
            f"= {gap.sum():g} / {len(gap)} = {_show(value)}"
        )
        return Trace(match.string, pairs.assign(difference=gap), value, arithmetic)
    counts = {
        "n": len(pairs),
        "agreed": int((before == after).sum()),
        "moved_up": int((after < before).sum()),
        "moved_down": int((after > before).sum()),
    }
    if figure in counts:
        value = counts[figure]
        return Trace(match.string, rows, value, f"count of {where}: {figure} = {value}")
    if figure == "agreement_rate":
        value = _ratio(counts["agreed"], counts["n"])
        arithmetic = f"{counts['agreed']} same judgement / {counts['n']} {where} = {_show(value)}"
        return Trace(match.string, rows, value, arithmetic)
    value = weighted_kappa(pairs["auditor_grade"], pairs["moderated_judgement"])
    arithmetic = (
        f"Cohen's kappa, linear weights, auditor against moderator over {where} = {_show(value)}"
    )
    return Trace(match.string, rows, value, arithmetic)
