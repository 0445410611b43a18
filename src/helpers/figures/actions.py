"""Follow-up actions: raised by the month's audits, and followed to completion (docs/contract.md, input 5).

Definitions (also in docs/assumptions.md):
- raised in a month: the action's audit belongs to that `audit_month`;
- due in a month: its `due_date` falls in the month;
- done on time: `completed_date <= due_date`; late: completed after the due date but by the end of
  the month reported on; overdue: not completed by the end of the month reported on (blank, or
  completed later), counted from the day after the due date;
- overdue at the month's end: every action due on or before the month's last day and not completed
  by then, whatever month it was due in.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from helpers.figures.selection import isin_column
from helpers.settings.contract import GRADES
from helpers.settings.periods import parse_month

CONCERN_GRADES: tuple[str, ...] = ("Requires Improvement", "Inadequate")


def month_end(month: str) -> pd.Timestamp:
    return (parse_month(month) + 1).to_timestamp() - pd.Timedelta(days=1)


def with_audit(actions: pd.DataFrame, audits: pd.DataFrame) -> pd.DataFrame:
    """Each action beside its audit's month, team and judgement (the judgement the paper uses)."""
    columns = ["audit_id", "audit_month", "team", "judgement"]
    return actions.merge(audits[columns], on="audit_id", how="left", validate="many_to_one")


def classify_actions(actions: pd.DataFrame, month: str) -> pd.Series:
    """Each action's status at the end of `month`: on_time, late, overdue, or not_yet_due."""
    end = month_end(month)
    done_by_end = actions["completed_date"].notna() & (actions["completed_date"] <= end)
    status = pd.Series("not_yet_due", index=actions.index, dtype=object)
    due = actions["due_date"] <= end
    status[due & ~done_by_end] = "overdue"
    status[due & done_by_end & (actions["completed_date"] > actions["due_date"])] = "late"
    status[done_by_end & (actions["completed_date"] <= actions["due_date"])] = "on_time"
    return status


def compute_raised(linked: pd.DataFrame, audits: pd.DataFrame, month: str) -> dict[str, Any]:
    """Actions raised by the month's audits, by judgement, and how many RI/Inadequate audits have one."""
    raised = linked[linked["audit_month"] == month]
    by_grade = raised["judgement"].value_counts()
    returned = audits[(audits["audit_month"] == month) & audits["date_completed"].notna()]
    concern = returned[returned["judgement"].isin(CONCERN_GRADES)]
    with_action = int(isin_column(concern["audit_id"], raised["audit_id"]).sum())
    return {
        "total": len(raised),
        "by_judgement": {g: int(by_grade.get(g, 0)) for g in GRADES},
        "concern_audits": len(concern),
        "concern_audits_with_action": with_action,
        "concern_share_with_action": with_action / len(concern) if len(concern) else None,
    }


def compute_due(linked: pd.DataFrame, month: str) -> dict[str, Any]:
    """Actions due in the month: done on time, late, overdue at the month's end."""
    period = parse_month(month)
    due = linked[linked["due_date"].dt.to_period("M") == period]
    status = classify_actions(due, month)
    counts = {s: int((status == s).sum()) for s in ("on_time", "late", "overdue")}
    total = len(due)
    return {
        "due": total,
        **counts,
        **{f"{s}_rate": (n / total if total else None) for s, n in counts.items()},
    }


def overdue_actions(linked: pd.DataFrame, month: str) -> pd.DataFrame:
    """Every action overdue at the end of `month`, with how many days past its due date."""
    overdue = linked[classify_actions(linked, month) == "overdue"].copy()
    overdue["days_overdue"] = (month_end(month) - overdue["due_date"]).dt.days
    return overdue


def compute_overdue_by_team(overdue: pd.DataFrame) -> dict[str, int]:
    return {str(t): int(n) for t, n in overdue["team"].value_counts().sort_index().items()}


def table_overdue_by_owner(overdue: pd.DataFrame) -> pd.DataFrame:
    """Owner, team, overdue actions and the longest overdue: for the internal pack only."""
    grouped = overdue.groupby(["owner", "team"], sort=True).agg(
        overdue=("audit_id", "size"), longest_days=("days_overdue", "max")
    )
    return grouped.reset_index().sort_values(
        ["overdue", "longest_days", "owner"], ascending=[False, False, True], ignore_index=True
    )


def compute_actions(
    actions: pd.DataFrame | None, audits: pd.DataFrame, month: str
) -> dict[str, Any]:
    """metrics.json's `actions` block; `{"available": False}` when there is no actions extract."""
    if actions is None:
        return {"available": False}
    linked = with_audit(actions, audits)
    overdue = overdue_actions(linked, month)
    return {
        "available": True,
        "raised": compute_raised(linked, audits, month),
        "due_this_month": compute_due(linked, month),
        "overdue": {"total": len(overdue), "by_team": compute_overdue_by_team(overdue)},
    }
