"""The actions page: actions raised by the month's audits, those due done on time or not, overdue.

The list of overdue actions by owner is for the internal pack only: in publication mode it is never
built (owners are named people). Action texts are free text and never shown.
"""

from __future__ import annotations

import pandas as pd

from helpers.figures import actions as figures
from helpers.pages.context import MonthContext
from helpers.pages.tables import Table, format_columns
from helpers.settings.contract import GRADES


def _available(ctx: MonthContext) -> bool:
    return bool((ctx.metrics.get("actions") or {}).get("available"))


def table_actions_raised(ctx: MonthContext) -> Table | None:
    """Actions raised by the month's audits, by the audit's judgement."""
    if not _available(ctx):
        return None
    raised = ctx.metrics["actions"]["raised"]
    frame = pd.DataFrame(
        {"grade": list(GRADES), "actions": [raised["by_judgement"][g] for g in GRADES]}
    )
    frame.loc[len(frame)] = ["All judgements", raised["total"]]
    shown = format_columns(frame, counts=("actions",), publication=ctx.publication)
    return Table(
        shown.rename(columns={"grade": "Judgement", "actions": "Actions raised"}),
        f"Follow-up actions raised by the audits of {ctx.label}, by judgement",
    )


def table_actions_due(ctx: MonthContext) -> Table | None:
    """Actions due in the month: done on time, late, overdue at the month's end."""
    if not _available(ctx):
        return None
    due = ctx.metrics["actions"]["due_this_month"]
    frame = pd.DataFrame([{"period": ctx.label, **due}])
    shown = format_columns(
        frame,
        counts=("due", "on_time", "late", "overdue"),
        rates={f"{s}_rate": "due" for s in ("on_time", "late", "overdue")},
        publication=ctx.publication,
        row_total="due",
        numerators={f"{s}_rate": s for s in ("on_time", "late", "overdue")},
    )
    columns = {
        "period": "Actions due",
        "due": "Due",
        "on_time": "On time",
        "on_time_rate": "On time %",
        "late": "Late",
        "late_rate": "Late %",
        "overdue": "Overdue",
        "overdue_rate": "Overdue %",
    }
    return Table(
        shown[list(columns)].rename(columns=columns),
        f"Follow-up actions due in {ctx.label}: overdue means not completed by the month's end",
    )


def table_overdue_by_team(ctx: MonthContext) -> Table | None:
    """Every action overdue at the month's end, by the audited child's team."""
    if not _available(ctx):
        return None
    overdue = ctx.metrics["actions"]["overdue"]
    frame = pd.DataFrame(
        {"team": list(overdue["by_team"]), "overdue": list(overdue["by_team"].values())}
    )
    frame.loc[len(frame)] = ["All teams", overdue["total"]]
    shown = format_columns(frame, counts=("overdue",), publication=ctx.publication, row_total=None)
    return Table(
        shown.rename(columns={"team": "Team", "overdue": "Overdue actions"}),
        f"Follow-up actions overdue at the end of {ctx.label}, by team",
    )


def table_overdue_by_owner(ctx: MonthContext) -> Table | None:
    """Owner, team, overdue actions and the longest overdue; None in publication mode."""
    if ctx.publication or ctx.actions is None:
        return None
    linked = figures.with_audit(ctx.actions, ctx.audits)
    owners = figures.table_overdue_by_owner(figures.overdue_actions(linked, ctx.month))
    if owners.empty:
        return None
    shown = format_columns(owners, counts=("overdue", "longest_days"))
    columns = {
        "owner": "Owner",
        "team": "Team",
        "overdue": "Overdue actions",
        "longest_days": "Longest overdue (days)",
    }
    return Table(
        shown.rename(columns=columns),
        f"Overdue follow-up actions by owner at the end of {ctx.label} (internal pack only)",
    )
