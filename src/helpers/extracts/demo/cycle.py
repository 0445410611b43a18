"""The demo authority's audit cycle: its children and auditors lists, follow-up actions, moderation,
and a month's allocation filled in as if the auditors had returned it.

Each part draws from its own random stream, so the demo audits and visits stay as they were.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.extracts.demo.audits import complete_audits
from helpers.extracts.demo.world import (
    AUDITORS,
    ROSTER_SIZE,
    STREAM_CYCLE,
    iso_days,
    make_roster,
    rng_stream,
)
from helpers.settings.contract import (
    ACTION_COLUMNS,
    AUDIT_COLUMNS,
    DOMAINS,
    GRADES,
    MODERATION_COLUMNS,
)

MODERATORS: tuple[str, ...] = ("Moderator Oakley", "Moderator Poplar")
ACTION_TEXTS: tuple[str, ...] = (
    "Update the care plan and share it with the child's network.",
    "Bring the chronology up to date.",
    "Record the child's wishes and feelings from the last visit.",
    "Hold reflective supervision and record the decisions.",
    "Complete the outstanding assessment.",
    "Review the identity needs section with the child.",
)
# Actions per audit by judgement: RI and Inadequate audits nearly always have some.
_ACTION_RATE = {"Outstanding": 0.1, "Good": 0.35, "Requires Improvement": 1.6, "Inadequate": 2.4}
_EXTRACT_LAG_DAYS = 10  # the actions extract is taken ten days after the last month ends


def make_demo_children(seed: int = 2019) -> pd.DataFrame:
    """The children list the demo audits were picked from (docs/contract.md, input 3)."""
    return make_roster(seed, ROSTER_SIZE)


def make_demo_auditors() -> pd.DataFrame:
    """The demo's peer auditors and their own teams (docs/contract.md, input 4)."""
    return pd.DataFrame({"auditor": list(AUDITORS), "team": list(AUDITORS.values())})


def make_demo_actions(audits: pd.DataFrame, seed: int = 2019) -> pd.DataFrame:
    """Follow-up actions raised by the returned audits; some done on time, some late, some open."""
    rng = rng_stream(seed, STREAM_CYCLE)
    returned = audits[audits["date_completed"].notna()]
    per_audit = rng.poisson(returned["judgement"].map(_ACTION_RATE).to_numpy(dtype=float))
    rows = returned.loc[returned.index.repeat(per_audit)]
    n = len(rows)
    completed_audit = pd.to_datetime(rows["date_completed"]).to_numpy().astype("datetime64[D]")
    due = completed_audit + rng.integers(14, 57, size=n).astype("timedelta64[D]")
    # About 65% done by the due date, 20% late, the rest (of the last four months) still open.
    draw = rng.random(n)
    done = np.where(
        draw < 0.65,
        due - rng.integers(0, 14, size=n),
        due + rng.integers(1, 40, size=n),
    ).astype("datetime64[D]")
    last_month = max(audits["audit_month"])
    extract_day = np.datetime64(f"{last_month}-01", "M") + 1
    extract_day = extract_day.astype("datetime64[D]") + _EXTRACT_LAG_DAYS
    # Open ones are recent: an action left open for months is chased and closed in the end.
    recent = due > extract_day - 120
    closed = (draw < 0.85) | ~recent
    done = np.where(closed & (done <= extract_day), done, np.datetime64("NaT"))
    actions = pd.DataFrame(
        {
            "audit_id": rows["audit_id"].to_numpy(dtype=object),
            "action": np.array(ACTION_TEXTS, dtype=object)[rng.integers(0, len(ACTION_TEXTS), n)],
            "owner": rows["team_manager"].to_numpy(dtype=object),
            "due_date": iso_days(due),
            "completed_date": iso_days(done),
        }
    )
    return actions[list(ACTION_COLUMNS)]


def make_demo_moderation(audits: pd.DataFrame, seed: int = 2019) -> pd.DataFrame:
    """A second reading of about one returned audit in eight; most agree, some move a grade."""
    rng = rng_stream(seed, STREAM_CYCLE + 1)
    returned = audits[audits["date_completed"].notna()].reset_index(drop=True)
    sample = returned[rng.random(len(returned)) < 0.125].reset_index(drop=True)
    n = len(sample)
    grade = sample["judgement"].map(GRADES.index).to_numpy()
    # Moderators are a little stricter: more move down a grade than up.
    move = rng.choice([-1, 0, 1], size=n, p=[0.07, 0.75, 0.18])
    moderated = np.clip(grade + move, 0, len(GRADES) - 1)
    frame: dict[str, object] = {
        "audit_id": sample["audit_id"].to_numpy(dtype=object),
        "moderator": np.array(MODERATORS, dtype=object)[rng.integers(0, len(MODERATORS), n)],
        "moderated_judgement": np.array(GRADES, dtype=object)[moderated],
    }
    for d in DOMAINS:
        score = pd.to_numeric(sample[f"score_{d}"]).to_numpy(dtype=float)
        shift = rng.choice([-1, 0, 0, 0, 1], size=n) - (move > 0)
        frame[f"moderated_score_{d}"] = pd.array(np.clip(score + shift, 1, 10), dtype="Int64")
    return pd.DataFrame(frame)[list(MODERATION_COLUMNS)]


def fill_demo_allocation(allocation: pd.DataFrame, seed: int = 2019) -> pd.DataFrame:
    """A month's allocation (from `case-audit allocate`) as its returned audits extract.

    Returns, scores, judgements and comments come from the demo generator; the children, auditors
    and dates allocated are the allocation's own.
    """
    rng = rng_stream(seed, STREAM_CYCLE + 2)
    allocated = allocation.sort_values("audit_month", kind="stable").reset_index(drop=True)
    months = sorted(allocated["audit_month"].unique())
    month_idx = allocated["audit_month"].map(months.index).to_numpy()
    counts = np.bincount(month_idx, minlength=len(months))
    days = pd.to_datetime(allocated["date_allocated"]).to_numpy().astype("datetime64[D]")
    filled, _ = complete_audits(
        rng,
        allocated,
        month_idx,
        counts,
        allocation_days=lambda _rng: days,
        auditors=lambda _rng: allocated["auditor"].to_numpy(dtype=object),
        trend=(6.8, 6.8),
    )
    return filled[list(AUDIT_COLUMNS)]
