"""Next month's audits: pick children from the list and give each one a peer auditor.

The rules (docs/contract.md, "Allocation"), each checked here and nowhere else:
1. cohort: only children the cohort filter picks (`cohort_filter.select_cohort`);
2. recent: no child audited in the `recent_months` months before the month, or already allocated
   in it, is picked again;
3. size: `size` children are picked at random among those left (all of them when `size` is None);
4. own team: no auditor audits a child of their own team;
5. balance: every auditor gets the same number of audits, or one more (never two apart). An
   auditor whose own team is the only team picked (say every child is CWAD and the auditor is in
   CWAD) can take none and is left out of the balance; everyone else is in it.
The same inputs and seed give the same allocation. When the rules cannot all be met,
`AllocationError` names the rule and says why, and nothing is allocated.

Rules 4 and 5 together are a small transportation problem (children's teams to auditors), solved
exactly with scipy's HiGHS integer solver, so an allocation is found whenever one exists.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import Bounds, LinearConstraint, milp

from helpers.cycle.cohort_filter import select_cohort
from helpers.settings.contract import ALLOCATION_COLUMNS, AUDIT_COLUMNS
from helpers.settings.periods import parse_month


class AllocationError(ValueError):
    """The rules cannot all be met; `rule` names the one that fails (cohort, recent, size, ...)."""

    def __init__(self, rule: str, why: str) -> None:
        self.rule = rule
        super().__init__(f"cannot allocate ({rule} rule): {why}")


@dataclass(frozen=True)
class AllocationRequest:
    month: str
    size: int | None = None  # None: every eligible child
    recent_months: int = 6
    seed: int = 0
    cohort: str | None = None
    date_allocated: str | None = None  # ISO date; None: the month's first working day


def recently_audited(history: pd.DataFrame | None, month: str, recent_months: int) -> set[str]:
    """Children with an audit in the `recent_months` months before `month`, or in `month` itself."""
    if history is None or history.empty:
        return set()
    first = (parse_month(month) - recent_months).strftime("%Y-%m")
    months = history["audit_month"].astype(str)
    recent = history[(months >= first) & (months <= month)]
    return set(recent["child_id"].astype(str))


def compute_eligible(
    children: pd.DataFrame, history: pd.DataFrame | None, request: AllocationRequest
) -> pd.DataFrame:
    """The children the cohort filter picks, less those audited recently (rules 1 and 2)."""
    in_cohort = children[select_cohort(children, request.cohort).to_numpy()]
    if in_cohort.empty:
        raise AllocationError(
            "cohort", f"the filter {request.cohort!r} picks none of the {len(children)} children"
        )
    recent = recently_audited(history, request.month, request.recent_months)
    eligible = in_cohort[~in_cohort["child_id"].astype(str).isin(recent)]
    if eligible.empty:
        raise AllocationError(
            "recent",
            f"all {len(in_cohort)} children in the cohort were audited in the "
            f"{request.recent_months} month(s) before {request.month} (or already in it)",
        )
    return eligible


def pick_children(eligible: pd.DataFrame, size: int | None, seed: int) -> pd.DataFrame:
    """`size` children at random (rule 3); the list's order never matters, only the seed."""
    ordered = eligible.sort_values("child_id", kind="stable").reset_index(drop=True)
    if size is None:
        return ordered
    if size > len(ordered):
        raise AllocationError(
            "size",
            f"{size} audits were asked for but only {len(ordered)} children are eligible "
            "(in the cohort and not audited recently)",
        )
    rng = np.random.default_rng([seed, 1])
    keep = np.sort(rng.choice(len(ordered), size=size, replace=False))
    return ordered.iloc[keep].reset_index(drop=True)


def _why_unbalanced(child_teams: pd.Series, auditor_teams: pd.Series) -> AllocationError:
    """Name the team for which own-team and balance cannot both hold (a Hall-type count)."""
    n, a = len(child_teams), len(auditor_teams)
    low = n // a
    high = low + (n % a > 0)
    each = f"{low} each" if low == high else f"{low} or {high} each"
    for team, count in child_teams.value_counts().sort_index().items():
        inside = int((auditor_teams == team).sum())
        outside = a - inside
        if outside == 0:
            return AllocationError(
                "own team",
                f"every auditor is in team {team!r}, so nobody may audit its {count} child(ren)",
            )
        if outside * high < count:
            return AllocationError(
                "balance",
                f"{count} of the {n} children are in team {team!r}; only {outside} auditor(s) are "
                f"outside it, and with a balanced workload ({each}) they can take "
                f"at most {outside * high}",
            )
        if inside * low > n - count:
            return AllocationError(
                "balance",
                f"the {inside} auditor(s) of team {team!r} need at least {low} audit(s) each for a "
                f"balanced workload, but only {n - count} children are outside their team",
            )
    return AllocationError(
        "balance",
        "no auditor may audit their own team and workloads must differ by at most one; for this "
        "mix of teams both cannot hold (children per team: "
        + ", ".join(f"{t} {c}" for t, c in child_teams.value_counts().sort_index().items())
        + "; auditors per team: "
        + ", ".join(f"{t} {c}" for t, c in auditor_teams.value_counts().sort_index().items())
        + ")",
    )


def count_per_auditor(
    child_teams: pd.Series, auditor_teams: pd.Series, seed: int
) -> dict[tuple[str, int], int]:
    """How many children of each team each auditor (by position) takes, meeting rules 4 and 5."""
    n, a = len(child_teams), len(auditor_teams)
    if a == 0:
        raise AllocationError("balance", "the auditors list has nobody on it")
    teams = sorted(child_teams.unique())
    need = child_teams.value_counts()
    homes = auditor_teams.to_numpy()
    pairs = [(t, j) for t in teams for j in range(a) if homes[j] != t]
    if not pairs:
        raise _why_unbalanced(child_teams, auditor_teams)
    low = n // a
    high = low + (n % a > 0)
    per_team = np.zeros((len(teams), len(pairs)))
    per_auditor = np.zeros((a, len(pairs)))
    for k, (t, j) in enumerate(pairs):
        per_team[teams.index(t), k] = 1
        per_auditor[j, k] = 1
    demand = np.array([need[t] for t in teams], dtype=float)
    # Seeded random costs choose among the many valid answers, so the seed decides, not list order.
    cost = np.random.default_rng([seed, 2]).random(len(pairs))
    result = milp(
        cost,
        integrality=np.ones(len(pairs)),
        bounds=Bounds(0, np.array([need[t] for t, _ in pairs], dtype=float)),
        constraints=[
            LinearConstraint(per_team, demand, demand),
            LinearConstraint(per_auditor, low, high),
        ],
    )
    if not result.success:
        raise _why_unbalanced(child_teams, auditor_teams)
    counts = np.rint(result.x).astype(int)
    return {pair: int(c) for pair, c in zip(pairs, counts, strict=True) if c}


def assign_auditors(picked: pd.DataFrame, auditors: pd.DataFrame, seed: int) -> pd.Series:
    """An auditor for each picked child (rules 4 and 5), aligned with `picked`'s rows."""
    teams = set(picked["team"])
    usable = auditors[auditors["team"].map(lambda home: bool(teams - {home}))]
    if usable.empty and not auditors.empty:
        only = sorted(teams)[0]
        raise AllocationError(
            "own team",
            f"every auditor is in team {only!r}, so nobody may audit its {len(picked)} child(ren)",
        )
    roster = usable.sort_values("auditor", kind="stable").reset_index(drop=True)
    roster = roster.iloc[np.random.default_rng([seed, 3]).permutation(len(roster))]
    roster = roster.reset_index(drop=True)
    counts = count_per_auditor(picked["team"], roster["team"], seed)
    rng = np.random.default_rng([seed, 4])
    names = roster["auditor"].to_numpy(dtype=object)
    out = np.empty(len(picked), dtype=object)
    for team, rows in picked.groupby("team", sort=True).indices.items():
        # The team's children in random order, handed out in runs: auditor j takes the next n.
        per_auditor = [counts.get((team, j), 0) for j in range(len(roster))]
        out[rng.permutation(rows)] = np.repeat(names, per_auditor)
    return pd.Series(out, index=picked.index, dtype="string")


def first_working_day(month: str) -> str:
    start = np.datetime64(f"{month}-01", "D")
    return str(np.busday_offset(start, 0, roll="forward"))


def allocate(
    children: pd.DataFrame,
    auditors: pd.DataFrame,
    history: pd.DataFrame | None,
    request: AllocationRequest,
) -> pd.DataFrame:
    """The month's allocation in the audits extract's columns (AUDIT_COLUMNS), blank until returned.

    `children` and `auditors` are the loaded lists (docs/data-shapes.md); `history` the audits
    extract so far, or None. Raises AllocationError when the rules cannot all be met.
    """
    parse_month(request.month)
    eligible = compute_eligible(children, history, request)
    picked = pick_children(eligible, request.size, request.seed)
    picked = picked.assign(auditor=assign_auditors(picked, auditors, request.seed))
    picked = picked.sort_values(["team", "auditor", "child_id"], kind="stable")
    width = max(3, len(str(len(picked))))
    numbers = pd.Series(range(1, len(picked) + 1), index=picked.index).astype(str).str.zfill(width)
    picked["audit_id"] = f"A{request.month}-" + numbers
    clash = set(picked["audit_id"]) & set([] if history is None else history["audit_id"])
    if clash:
        raise AllocationError(
            "audit ids",
            f"{len(clash)} new audit id(s), e.g. {sorted(clash)[0]}, are already in the audits extract",
        )
    picked["audit_month"] = request.month
    picked["date_allocated"] = request.date_allocated or first_working_day(request.month)
    if "district" not in picked:
        picked["district"] = pd.NA
    allocation = picked[list(ALLOCATION_COLUMNS)].reset_index(drop=True)
    return allocation.reindex(columns=list(AUDIT_COLUMNS)).astype(object)


def describe_workload(allocation: pd.DataFrame, auditors: pd.DataFrame) -> pd.DataFrame:
    """Audits per auditor (zero included), for the command's summary and the balance check."""
    counts = allocation["auditor"].value_counts()
    table = auditors[["auditor", "team"]].copy()
    table["audits"] = table["auditor"].map(counts).fillna(0).astype(int)
    return table.sort_values(["audits", "auditor"], ascending=[False, True]).reset_index(drop=True)


def describe_allocation(allocation: pd.DataFrame, auditors: pd.DataFrame) -> str:
    """One line for the analyst: audits, workload range and who sat out (their own team only)."""
    table = describe_workload(allocation, auditors)
    teams = set(allocation["team"])
    sat_out = table["team"].map(lambda home: not (teams - {home}))
    load = table.loc[~sat_out, "audits"]
    text = (
        f"{len(allocation):,} audits for {int((~sat_out).sum())} auditors "
        f"({load.min()} to {load.max()} each, none of their own team)"
    )
    if sat_out.any():
        text += f"; {int(sat_out.sum())} auditor(s) sat out: every child is of their own team"
    return text
