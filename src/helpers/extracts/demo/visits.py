"""Demo statutory visits: about six-weekly for each looked-after child, mostly on time."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from helpers.extracts.demo.world import (
    ROSTER_SIZE,
    STREAM_VISITS,
    iso_days,
    make_roster,
    rng_stream,
)
from helpers.settings.contract import VISIT_COLUMNS
from helpers.settings.periods import months_between, parse_month


def make_visit_rows(
    seed: int, children: pd.DataFrame, start: str, end: str, id_width: int
) -> pd.DataFrame:
    """Statutory visits about every six weeks for each child, due from `start` to end of `end`."""
    rng = rng_stream(seed, STREAM_VISITS)
    n = len(children)
    first_day = np.datetime64(f"{start}-01", "D")
    last_day = np.datetime64((parse_month(end) + 1).strftime("%Y-%m-01"), "D") - 1
    span = int((last_day - first_day).astype(int))
    # 70% are already in care at the start; the rest come into care and are first seen in a week.
    already = rng.random(n) < 0.7
    first_due = np.where(
        already, rng.integers(0, 42, size=n), rng.integers(0, span, size=n) + 7
    ).astype(np.int64)
    leaves = rng.random(n) < 0.25
    exit_day = np.where(leaves, first_due + (rng.random(n) * (span - first_due)).astype(int), span)
    n_steps = span // 28 + 2
    # Mostly six-weekly; a visit held early restarts the clock a little sooner.
    steps = np.where(rng.random((n, n_steps)) < 0.8, 42, rng.integers(28, 42, size=(n, n_steps)))
    due = first_due[:, None] + np.concatenate(
        [np.zeros((n, 1), dtype=np.int64), np.cumsum(steps[:, :-1], axis=1)], axis=1
    )
    keep = (due <= span) & (due <= exit_day[:, None])
    child_row = np.broadcast_to(np.arange(n)[:, None], due.shape)[keep]
    due = due[keep]
    m = len(due)

    # On time ~85%, late ~12%, not done ~3%, improving gently across the period.
    t = due / max(span, 1)
    p_on_time, p_late = 0.82 + 0.06 * t, 0.145 - 0.045 * t
    draw = rng.random(m)
    on_time, late = draw < p_on_time, (draw >= p_on_time) & (draw < p_on_time + p_late)
    visit = np.where(
        on_time,
        due - rng.integers(0, 15, size=m),
        due + 1 + np.minimum(rng.geometric(0.12, size=m) - 1, 59),
    )
    # Recorded within days mostly; some a week or two later, a few weeks later.
    lag = np.where(
        rng.random(m) < 0.8,
        rng.integers(0, 4, size=m),
        np.where(rng.random(m) < 0.75, rng.integers(4, 15, size=m), rng.integers(15, 61, size=m)),
    )
    recorded = visit + lag
    # The extract is taken five weeks after the last month: a visit not yet recorded is unknown.
    done = (on_time | late) & (recorded <= span + 35)

    child_id = children["child_id"].to_numpy()[child_row]
    order = np.lexsort((child_row, due))

    def days(offsets: np.ndarray) -> np.ndarray:
        out = first_day + offsets.astype("timedelta64[D]")
        return np.where(done[order], out, np.datetime64("NaT"))

    visit_id = np.char.add("V", np.char.zfill(np.arange(1, m + 1).astype(str), id_width))
    return pd.DataFrame(
        {
            "visit_id": visit_id.astype(object),
            "child_id": child_id[order],
            "team": children["team"].to_numpy()[child_row][order],
            "due_date": iso_days(first_day + due[order].astype("timedelta64[D]")),
            "visit_date": iso_days(days(visit[order])),
            "recorded_date": iso_days(days(recorded[order])),
        }
    )[list(VISIT_COLUMNS)]


def looked_after(seed: int, n_children: int) -> pd.DataFrame:
    """The first `n_children` looked-after children on the roster (audits pick from it too)."""
    roster = make_roster(seed, max(ROSTER_SIZE, math.ceil(n_children / 0.25)))
    return roster[roster["cohort"] == "LAC"].head(n_children)


def make_demo_visits(
    seed: int = 2019, start: str = "2017-01", end: str = "2019-06", n_children: int = 300
) -> pd.DataFrame:
    """Statutory visits for `n_children` looked-after children, columns `contract.VISIT_COLUMNS`."""
    months_between(start, end)  # checks both months
    return make_visit_rows(seed, looked_after(seed, n_children), start, end, 6)
