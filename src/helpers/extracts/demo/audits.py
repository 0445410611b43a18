"""Demo audits: a month's sample of children, peer auditors, returns, scores, judgements, comments."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from helpers.extracts.demo.comments import TRUTH_COLUMNS, comment_truth, make_comments, phrase_bank
from helpers.extracts.demo.world import (
    AUDITORS,
    CHILD_LABELS,
    COHORT_ANCHOR,
    COHORT_CYCLE,
    DOMAIN_OFFSETS,
    LOW_RETURNING_MANAGERS,
    ROSTER_SIZE,
    STREAM_AUDITS,
    STREAM_SAMPLE,
    TEAMS,
    WORKERS,
    iso_days,
    make_roster,
    rng_stream,
)
from helpers.settings.contract import AUDIT_COLUMNS, COHORTS, DOMAINS, GRADES
from helpers.settings.periods import months_between, parse_month


def _assign_children(
    rng: np.random.Generator,
    roster: pd.DataFrame,
    month_idx: np.ndarray,
    counts: np.ndarray,
    months,
) -> np.ndarray:
    """Roster row of each audit: mostly the month's cohort, a few CWAD cases every month."""
    n = len(month_idx)
    offset = np.array([(parse_month(m) - COHORT_ANCHOR).n % 4 for m in months])
    main = np.array([COHORTS.index(COHORT_CYCLE[o]) for o in offset])[month_idx]
    cohort = np.where(rng.random(n) < 0.85, main, (main + rng.integers(1, 4, size=n)) % 4)
    # A random few in each month (at least two) are CWAD cases.
    position = np.arange(n) - np.repeat(np.cumsum(counts) - counts, counts)
    rank = np.empty(n, dtype=np.int64)
    rank[np.lexsort((rng.random(n), month_idx))] = position
    cwad = rank < np.repeat(np.maximum(2, rng.binomial(counts, 0.1)), counts)
    roster_key = roster["cohort"].map(COHORTS.index).to_numpy() * 2 + (roster["team"] == "CWAD")
    order = np.argsort(roster_key.to_numpy(), kind="stable")
    sorted_keys = roster_key.to_numpy()[order]
    key = cohort * 2 + cwad
    first = np.searchsorted(sorted_keys, key, side="left")
    size = np.searchsorted(sorted_keys, key, side="right") - first
    if (size == 0).any():
        raise ValueError("the roster is too small for every cohort and team")
    pick = order[first + (rng.random(n) * size).astype(int)]
    # Redraw a child picked twice in one month (a few rounds settle it).
    for _ in range(20):
        again = pd.Series(month_idx * len(roster) + pick).duplicated().to_numpy()
        if not again.any():
            break
        pick[again] = order[first[again] + (rng.random(again.sum()) * size[again]).astype(int)]
    return pick


def _auditors(rng: np.random.Generator, team: np.ndarray) -> np.ndarray:
    names = np.array(list(AUDITORS), dtype=object)
    homes = np.array(list(AUDITORS.values()), dtype=object)
    out = np.empty(len(team), dtype=object)
    pick = rng.random(len(team))
    for name in TEAMS:
        here = team == name
        others = names[homes != name]
        out[here] = others[(pick[here] * len(others)).astype(int)]
    return out


def make_audit_rows(
    seed: int, months: list[str], counts: np.ndarray, roster: pd.DataFrame, id_width: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Audit rows for the given months and monthly counts, with the comment ground truth."""
    rng = rng_stream(seed, STREAM_AUDITS)
    n = int(counts.sum())
    month_idx = np.repeat(np.arange(len(months)), counts)
    month = np.array(months, dtype=object)[month_idx]
    child = roster.iloc[_assign_children(rng, roster, month_idx, counts, months)]
    position = np.arange(n) - np.repeat(np.cumsum(counts) - counts, counts) + 1
    audit_id = np.char.add(
        np.char.add("A", month.astype(str)),
        np.char.add("-", np.char.zfill(position.astype(str), id_width)),
    ).astype(object)
    allocated = child[["child_id", "cohort", "team", "district", "team_manager"]].reset_index(
        drop=True
    )
    allocated.insert(0, "audit_month", month)
    allocated.insert(0, "audit_id", audit_id)
    month_start = np.array([f"{m}-01" for m in months], dtype="datetime64[D]")
    first_working = np.busday_offset(month_start, 0, roll="forward")[month_idx]

    def allocation_days(rng: np.random.Generator) -> np.ndarray:
        late_allocation = np.where(rng.random(n) < 0.75, 0, rng.integers(1, 4, size=n))
        return np.busday_offset(first_working, late_allocation, roll="forward")

    def auditors(rng: np.random.Generator) -> np.ndarray:
        return _auditors(rng, allocated["team"].to_numpy())

    return complete_audits(rng, allocated, month_idx, counts, allocation_days, auditors)


def complete_audits(
    rng: np.random.Generator,
    allocated: pd.DataFrame,
    month_idx: np.ndarray,
    counts: np.ndarray,
    allocation_days: Callable[[np.random.Generator], np.ndarray],
    auditors: Callable[[np.random.Generator], np.ndarray],
    trend: tuple[float, float] = (5.8, 6.8),
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Returns, scores, judgements and comments for allocated audits (columns as an allocation).

    `allocation_days` and `auditors` give the dates allocated and the auditors, drawing from `rng`
    at the points the demo always has, so the demo's numbers stay as they were.
    """
    n_months, n = len(counts), len(allocated)
    month = allocated["audit_month"].to_numpy(dtype=object)
    audit_id = allocated["audit_id"].to_numpy(dtype=object)
    team = allocated["team"].to_numpy(dtype=object)
    manager = allocated["team_manager"].to_numpy(dtype=object)

    # Returns: each month has its own rate (70-95%); two managers account for more of the gaps.
    rate = rng.uniform(0.71, 0.94, n_months)
    back = np.clip(np.rint(rate * counts), np.ceil(0.7 * counts), counts - 1).astype(int)
    missing = np.repeat(counts - back, counts)
    weight = np.where(np.isin(manager, LOW_RETURNING_MANAGERS), 3.0, 1.0)
    key = pd.Series(np.log(rng.random(n)) / weight)  # weighted sampling without replacement
    returned = key.groupby(month_idx).rank(ascending=False, method="first").to_numpy() > missing

    allocated_days = allocation_days(rng)
    completed = allocated_days + rng.integers(5, 41, size=n).astype("timedelta64[D]")
    completed = np.where(returned, completed, np.datetime64("NaT"))

    # Scores: a case's quality, a gentle upward trend, domain offsets, and noise per domain.
    level = trend[0] + (trend[1] - trend[0]) * np.arange(n_months) / max(n_months - 1, 1)
    quality = (level + rng.normal(0, 0.1, n_months))[month_idx] + rng.normal(0, 1.2, n)
    scores = {
        d: np.clip(np.rint(quality + DOMAIN_OFFSETS[d] + rng.normal(0, 1.0, n)), 1, 10)
        for d in DOMAINS
    }
    mean = np.mean(np.stack(list(scores.values())), axis=0)
    felt = mean + rng.normal(0, 0.35, n)
    grade = np.select([felt >= 8.2, felt >= 6.5, felt >= 4.3], list(GRADES[:3]), GRADES[3])
    escalated = rng.random(n) < np.where(grade == "Inadequate", 0.13, 0.01)

    frame: dict[str, object] = {
        "audit_id": audit_id,
        "audit_month": month,
        "child_id": allocated["child_id"].to_numpy(dtype=object),
        "cohort": allocated["cohort"].to_numpy(dtype=object),
        "team": team,
        "district": allocated["district"].to_numpy(dtype=object),
        "team_manager": manager,
        "auditor": auditors(rng),
        "date_allocated": iso_days(allocated_days),
        "date_completed": iso_days(completed),
    }
    for d in DOMAINS:
        frame[f"score_{d}"] = pd.array(np.where(returned, scores[d], np.nan), dtype="Int64")
    frame["judgement"] = np.where(returned, grade, None)
    frame["escalated"] = np.where(returned, np.where(escalated, "yes", "no"), None)

    who = rng.integers(0, len(WORKERS), size=n) * len(CHILD_LABELS) + rng.integers(
        0, len(CHILD_LABELS), size=n
    )
    band_of_score = {d: np.digitize(scores[d], [4.5, 6.5]) for d in DOMAINS}
    bands = [
        *band_of_score.values(),
        np.digitize(mean, [5.0, 7.0]),
        np.select([grade == "Inadequate", grade == "Requires Improvement"], [0, 1], 2),
    ]
    truths = []
    for slot, band in zip(phrase_bank(), bands, strict=True):
        blank_rate = 0.04 if slot.column.startswith("comment_") else 0.0
        text, parts = make_comments(rng, slot, band, returned, who, blank_rate)
        frame[slot.column] = text
        truths.append(comment_truth(slot, parts, who, audit_id, month))
    audits = pd.DataFrame(frame)[list(AUDIT_COLUMNS)]
    truth = pd.concat(truths, ignore_index=True)
    truth = truth.sort_values("row", kind="stable")  # by audit, columns in contract order
    return audits, truth[list(TRUTH_COLUMNS)].reset_index(drop=True)


def demo_counts(seed: int, months: list[str]) -> np.ndarray:
    return rng_stream(seed, STREAM_SAMPLE).integers(30, 46, size=len(months))


def make_demo_audits(
    seed: int = 2019, start: str = "2017-01", end: str = "2019-06"
) -> pd.DataFrame:
    """A fictional authority's audits extract, columns exactly `contract.AUDIT_COLUMNS`."""
    months = months_between(start, end)
    return make_audit_rows(
        seed, months, demo_counts(seed, months), make_roster(seed, ROSTER_SIZE), 3
    )[0]


def make_demo_audit_comment_truth(
    seed: int = 2019, start: str = "2017-01", end: str = "2019-06"
) -> pd.DataFrame:
    """Every sentence in the demo audits' comments, with the theme it was written to show.

    `kind` is `base` (shows no theme), `theme`, `near_miss` (resembles `near_miss_of` but does
    not show it) or `name` (names the worker spoken to). Same arguments as `make_demo_audits`.
    """
    months = months_between(start, end)
    return make_audit_rows(
        seed, months, demo_counts(seed, months), make_roster(seed, ROSTER_SIZE), 3
    )[1]
