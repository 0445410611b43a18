"""Deterministic synthetic extracts for a fictional authority, for demos, tests and benchmarks.

Everything is invented: the authority, teams' managers, auditors, workers and children. Comments
are drawn from `demo_phrases.yaml`; which theme each sentence was meant to show is kept apart, in
`make_demo_audit_comment_truth`, never in the extract. The same seed gives byte-identical files.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
import yaml

from helpers.settings.contract import AUDIT_COLUMNS, COHORTS, DOMAINS, GRADES, VISIT_COLUMNS
from helpers.settings.periods import months_between, parse_month

AUTHORITY = "Northbrook Borough Council"
TEAMS: tuple[str, ...] = ("0-12 East", "0-12 West", "13-25 East", "13-25 West", "CWAD")
TEAM_MANAGERS: dict[str, tuple[str, ...]] = {
    "0-12 East": ("Manager Ashdown", "Manager Bramble"),
    "0-12 West": ("Manager Coppice", "Manager Dellwood"),
    "13-25 East": ("Manager Eskdale", "Manager Fernhill"),
    "13-25 West": ("Manager Gorsey", "Manager Heathfield"),
    "CWAD": ("Manager Ivybridge",),
}
# These two return fewer audits, so compliance by manager has something to show.
LOW_RETURNING_MANAGERS: tuple[str, ...] = ("Manager Fernhill", "Manager Gorsey")
# Peer auditors with their own team: nobody audits their own team's work.
AUDITORS: dict[str, str] = {
    "Auditor Birch": "0-12 East",
    "Auditor Cedar": "0-12 East",
    "Auditor Hazel": "0-12 West",
    "Auditor Juniper": "0-12 West",
    "Auditor Larch": "13-25 East",
    "Auditor Maple": "13-25 East",
    "Auditor Rowan": "13-25 West",
    "Auditor Spruce": "13-25 West",
    "Auditor Willow": "CWAD",
    "Auditor Yew": "CWAD",
}
# Names that comments may mention, so that redaction has something to find.
WORKERS: tuple[str, ...] = (
    "Jo Testname",
    "Sam Example",
    "Alex Testperson",
    "Robin Sample",
    "Charlie Placeholder",
    "Pat Dummy",
)
CHILD_LABELS: tuple[str, ...] = ("Child A", "Child B", "Child C")
FICTIONAL_NAMES: tuple[str, ...] = (
    *(m for ms in TEAM_MANAGERS.values() for m in ms),
    *AUDITORS,
    *WORKERS,
    *CHILD_LABELS,
)

# Mean score offset of each domain from the case's overall quality (reference paper, section 4).
DOMAIN_OFFSETS: dict[str, float] = {
    "voice_of_child": 0.6,
    "assessment": 0.1,
    "planning": 0.0,
    "impact": -0.1,
    "equality_diversity": 0.3,
    "recording": -0.3,
    "management_oversight": -0.9,
}
# Each month's list of children; anchored so that June 2019 is LAC, as in the reference paper.
COHORT_CYCLE: tuple[str, ...] = ("LAC", "CIN", "CP", "CL")
COHORT_ANCHOR = parse_month("2019-06")
PHRASES_FILE = Path(__file__).with_name("demo_phrases.yaml")
TRUTH_COLUMNS: tuple[str, ...] = (
    "audit_id",
    "audit_month",
    "column",
    "phrase_id",
    "kind",
    "theme",
    "near_miss_of",
    "text",
)

_ROSTER_SIZE = 4000
_STREAM_ROSTER, _STREAM_AUDITS, _STREAM_VISITS, _STREAM_SAMPLE = 0, 1, 2, 3
_BANDS = ("low", "mid", "high")
_FIXED_ZIP_TIME = (2019, 1, 1, 0, 0, 0)


# ----------------------------------------------------------------------------- phrase bank


@dataclass(frozen=True)
class _Slot:
    """One free-text column's phrases, flattened so rows can pick them by index."""

    column: str
    phrase_ids: np.ndarray  # str, one per template
    kinds: np.ndarray  # "base" | "theme" | "near_miss" | "name"
    themes: np.ndarray  # theme id or "" per template
    near_of: np.ndarray  # the theme a near-miss resembles, or ""
    filled: np.ndarray  # (template, worker, child) -> text
    base: tuple[np.ndarray, ...]  # template indices per band
    theme: tuple[np.ndarray, ...]
    near: tuple[np.ndarray, ...]
    names: np.ndarray
    p_theme: tuple[float, ...]
    p_near: tuple[float, ...]
    p_name: float


def _fill(template: str) -> np.ndarray:
    return np.array(
        [[template.format(worker=w, child=c) for c in CHILD_LABELS] for w in WORKERS],
        dtype=object,
    )


def _slot(key: str, spec: dict) -> _Slot:
    rows: list[tuple[str, str, str, str, str]] = []  # id, kind, theme, near_of, text
    base_bands: list[list[int]] = [[], [], []]
    theme_bands: list[list[int]] = [[], [], []]
    near_bands: list[list[int]] = [[], [], []]
    for b, band in enumerate(_BANDS):
        for i, text in enumerate(spec["base"][band]):
            base_bands[b].append(len(rows))
            rows.append((f"{key}/base/{band}/{i}", "base", "", "", text))
    for i, phrase in enumerate(spec["phrases"]):
        kind = "theme" if "theme" in phrase else "near_miss"
        for band in phrase["bands"]:
            target = theme_bands if kind == "theme" else near_bands
            target[_BANDS.index(band)].append(len(rows))
        rows.append(
            (
                f"{key}/{kind}/{i}",
                kind,
                phrase.get("theme", ""),
                phrase.get("near_miss", ""),
                phrase["text"],
            )
        )
    names = []
    for i, text in enumerate(spec.get("names", [])):
        names.append(len(rows))
        rows.append((f"{key}/name/{i}", "name", "", "", text))
    column = key if key in ("summary_comment", "actions") else f"comment_{key}"
    return _Slot(
        column=column,
        phrase_ids=np.array([r[0] for r in rows], dtype=object),
        kinds=np.array([r[1] for r in rows], dtype=object),
        themes=np.array([r[2] for r in rows], dtype=object),
        near_of=np.array([r[3] for r in rows], dtype=object),
        filled=np.stack([_fill(r[4]) for r in rows]),
        base=tuple(np.array(x, dtype=np.int64) for x in base_bands),
        theme=tuple(np.array(x, dtype=np.int64) for x in theme_bands),
        near=tuple(np.array(x, dtype=np.int64) for x in near_bands),
        names=np.array(names, dtype=np.int64),
        p_theme=tuple(float(spec["p_theme"][b]) for b in _BANDS),
        p_near=tuple(float(spec["p_near"][b]) for b in _BANDS),
        p_name=float(spec.get("p_name", 0.0)),
    )


@lru_cache(maxsize=1)
def _phrase_bank() -> tuple[_Slot, ...]:
    spec = yaml.safe_load(PHRASES_FILE.read_text(encoding="utf-8"))
    return tuple(_slot(key, spec[key]) for key in (*DOMAINS, "summary_comment", "actions"))


# ----------------------------------------------------------------------------- children


def _rng(seed: int, stream: int) -> np.random.Generator:
    return np.random.default_rng([seed, stream])


def _roster(seed: int, size: int) -> pd.DataFrame:
    """Fictional children: pseudonymous id, cohort, team, district, team manager."""
    rng = _rng(seed, _STREAM_ROSTER)
    ids = rng.choice(999_999, size=size, replace=False) + 1
    cohort = rng.choice(np.array(COHORTS, dtype=object), size=size, p=[0.3, 0.35, 0.2, 0.15])
    cwad = rng.random(size) < np.where(cohort == "CL", 0.05, 0.1)
    # Care leavers are 18-25, so they sit in the 13-25 teams.
    ages = np.where((cohort == "CL") | (rng.random(size) < 0.4), "13-25", "0-12").astype(object)
    district = rng.choice(np.array(["East", "West"], dtype=object), size=size)
    team = np.where(cwad, "CWAD", ages + " " + district)
    manager_pick = rng.random(size)
    manager = np.empty(size, dtype=object)
    for name, managers in TEAM_MANAGERS.items():
        here = team == name
        manager[here] = np.array(managers, dtype=object)[
            (manager_pick[here] * len(managers)).astype(int)
        ]
    return pd.DataFrame(
        {
            "child_id": np.char.add("C", np.char.zfill(ids.astype(str), 6)).astype(object),
            "cohort": cohort,
            "team": team,
            "district": district,
            "team_manager": manager,
        }
    )


# ----------------------------------------------------------------------------- audits


def _iso(days: np.ndarray) -> np.ndarray:
    """datetime64[D] as `YYYY-MM-DD` text, None where NaT."""
    # Few distinct days even in a million rows: format each once.
    unique, inverse = np.unique(days, return_inverse=True)
    text = np.datetime_as_string(unique, unit="D").astype(object)
    text[np.isnat(unique)] = None
    return text[inverse]


def _join(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.where(a == "", b, np.where(b == "", a, a + " " + b))


def _pick(rng: np.random.Generator, choices: np.ndarray, n: int) -> np.ndarray:
    if len(choices) == 0:
        return np.full(n, -1, dtype=np.int64)
    return choices[rng.integers(0, len(choices), size=n)]


def _comments(
    rng: np.random.Generator,
    slot: _Slot,
    band: np.ndarray,
    returned: np.ndarray,
    who: np.ndarray,
    blank_rate: float,
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """One column's comments and, per part, the template index each row used (-1 for none)."""
    n = len(band)
    parts = {k: np.full(n, -1, dtype=np.int64) for k in ("name", "base", "theme", "near_miss")}
    for b in range(3):
        rows = np.flatnonzero(returned & (band == b))
        k = len(rows)
        parts["base"][rows] = _pick(rng, slot.base[b], k)
        with_theme = rng.random(k) < slot.p_theme[b]
        parts["theme"][rows] = np.where(with_theme, _pick(rng, slot.theme[b], k), -1)
        with_near = rng.random(k) < slot.p_near[b]
        near = np.where(with_near, _pick(rng, slot.near[b], k), -1)
        # A near-miss never contradicts the theme shown beside it.
        clash = (near >= 0) & (parts["theme"][rows] >= 0)
        clash &= (
            slot.near_of[np.maximum(near, 0)] == slot.themes[np.maximum(parts["theme"][rows], 0)]
        )
        parts["near_miss"][rows] = np.where(clash, -1, near)
        with_name = rng.random(k) < slot.p_name
        parts["name"][rows] = np.where(with_name, _pick(rng, slot.names, k), -1)
    blank = returned & (rng.random(n) < blank_rate)
    theme_first = rng.random(n) < 0.4
    for key in parts:
        parts[key][blank | ~returned] = -1
    flat = slot.filled.reshape(len(slot.filled), -1)
    texts = {
        key: np.where(idx >= 0, flat[np.maximum(idx, 0), who], "") for key, idx in parts.items()
    }
    first = np.where(theme_first, texts["theme"], texts["base"])
    second = np.where(theme_first, texts["base"], texts["theme"])
    text = _join(_join(_join(texts["name"], first), second), texts["near_miss"])
    return np.where(text == "", None, text), parts


def _truth(
    slot: _Slot,
    parts: dict[str, np.ndarray],
    who: np.ndarray,
    audit_id: np.ndarray,
    month: np.ndarray,
) -> pd.DataFrame:
    """One row per sentence used in this column, in the order the parts were drawn."""
    frames = []
    flat = slot.filled.reshape(len(slot.filled), -1)
    for idx in parts.values():
        rows = np.flatnonzero(idx >= 0)
        t = idx[rows]
        frames.append(
            pd.DataFrame(
                {
                    "row": rows,
                    "audit_id": audit_id[rows],
                    "audit_month": month[rows],
                    "column": slot.column,
                    "phrase_id": slot.phrase_ids[t],
                    "kind": slot.kinds[t],
                    "theme": np.where(slot.themes[t] == "", None, slot.themes[t]),
                    "near_miss_of": np.where(slot.near_of[t] == "", None, slot.near_of[t]),
                    "text": flat[t, who[rows]],
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


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


def _audits(
    seed: int, months: list[str], counts: np.ndarray, roster: pd.DataFrame, id_width: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Audit rows for the given months and monthly counts, with the comment ground truth."""
    rng = _rng(seed, _STREAM_AUDITS)
    n_months, n = len(months), int(counts.sum())
    month_idx = np.repeat(np.arange(n_months), counts)
    month = np.array(months, dtype=object)[month_idx]
    child = roster.iloc[_assign_children(rng, roster, month_idx, counts, months)]
    team = child["team"].to_numpy()
    manager = child["team_manager"].to_numpy()
    position = np.arange(n) - np.repeat(np.cumsum(counts) - counts, counts) + 1
    audit_id = np.char.add(
        np.char.add("A", month.astype(str)),
        np.char.add("-", np.char.zfill(position.astype(str), id_width)),
    ).astype(object)

    # Returns: each month has its own rate (70-95%); two managers account for more of the gaps.
    rate = rng.uniform(0.71, 0.94, n_months)
    back = np.clip(np.rint(rate * counts), np.ceil(0.7 * counts), counts - 1).astype(int)
    missing = np.repeat(counts - back, counts)
    weight = np.where(np.isin(manager, LOW_RETURNING_MANAGERS), 3.0, 1.0)
    key = pd.Series(np.log(rng.random(n)) / weight)  # weighted sampling without replacement
    returned = key.groupby(month_idx).rank(ascending=False, method="first").to_numpy() > missing

    month_start = np.array([f"{m}-01" for m in months], dtype="datetime64[D]")
    first_working = np.busday_offset(month_start, 0, roll="forward")[month_idx]
    late_allocation = np.where(rng.random(n) < 0.75, 0, rng.integers(1, 4, size=n))
    allocated = np.busday_offset(first_working, late_allocation, roll="forward")
    completed = allocated + rng.integers(5, 41, size=n).astype("timedelta64[D]")
    completed = np.where(returned, completed, np.datetime64("NaT"))

    # Scores: a case's quality, a gentle upward trend, domain offsets, and noise per domain.
    trend = 5.8 + 1.0 * np.arange(n_months) / max(n_months - 1, 1)
    quality = (trend + rng.normal(0, 0.1, n_months))[month_idx] + rng.normal(0, 1.2, n)
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
        "child_id": child["child_id"].to_numpy(),
        "cohort": child["cohort"].to_numpy(),
        "team": team,
        "district": child["district"].to_numpy(),
        "team_manager": manager,
        "auditor": _auditors(rng, team),
        "date_allocated": _iso(allocated),
        "date_completed": _iso(completed),
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
    for slot, band in zip(_phrase_bank(), bands, strict=True):
        blank_rate = 0.04 if slot.column.startswith("comment_") else 0.0
        text, parts = _comments(rng, slot, band, returned, who, blank_rate)
        frame[slot.column] = text
        truths.append(_truth(slot, parts, who, audit_id, month))
    audits = pd.DataFrame(frame)[list(AUDIT_COLUMNS)]
    truth = pd.concat(truths, ignore_index=True)
    truth = truth.sort_values("row", kind="stable")  # by audit, columns in contract order
    return audits, truth[list(TRUTH_COLUMNS)].reset_index(drop=True)


def _demo_counts(seed: int, months: list[str]) -> np.ndarray:
    return _rng(seed, _STREAM_SAMPLE).integers(30, 46, size=len(months))


def make_demo_audits(
    seed: int = 2019, start: str = "2017-01", end: str = "2019-06"
) -> pd.DataFrame:
    """A fictional authority's audits extract, columns exactly `contract.AUDIT_COLUMNS`."""
    months = months_between(start, end)
    return _audits(seed, months, _demo_counts(seed, months), _roster(seed, _ROSTER_SIZE), 3)[0]


def make_demo_audit_comment_truth(
    seed: int = 2019, start: str = "2017-01", end: str = "2019-06"
) -> pd.DataFrame:
    """Every sentence in the demo audits' comments, with the theme it was written to show.

    `kind` is `base` (shows no theme), `theme`, `near_miss` (resembles `near_miss_of` but does
    not show it) or `name` (names the worker spoken to). Same arguments as `make_demo_audits`.
    """
    months = months_between(start, end)
    return _audits(seed, months, _demo_counts(seed, months), _roster(seed, _ROSTER_SIZE), 3)[1]


# ----------------------------------------------------------------------------- visits


def _visits(seed: int, children: pd.DataFrame, start: str, end: str, id_width: int) -> pd.DataFrame:
    """Statutory visits about every six weeks for each child, due from `start` to end of `end`."""
    rng = _rng(seed, _STREAM_VISITS)
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
            "due_date": _iso(first_day + due[order].astype("timedelta64[D]")),
            "visit_date": _iso(days(visit[order])),
            "recorded_date": _iso(days(recorded[order])),
        }
    )[list(VISIT_COLUMNS)]


def _looked_after(seed: int, n_children: int) -> pd.DataFrame:
    """The first `n_children` looked-after children on the roster (audits pick from it too)."""
    roster = _roster(seed, max(_ROSTER_SIZE, math.ceil(n_children / 0.25)))
    return roster[roster["cohort"] == "LAC"].head(n_children)


def make_demo_visits(
    seed: int = 2019, start: str = "2017-01", end: str = "2019-06", n_children: int = 300
) -> pd.DataFrame:
    """Statutory visits for `n_children` looked-after children, columns `contract.VISIT_COLUMNS`."""
    months_between(start, end)  # checks both months
    return _visits(seed, _looked_after(seed, n_children), start, end, 6)


# ----------------------------------------------------------------------------- files


def _deterministic_xlsx(path: Path) -> None:
    """Rewrite an xlsx with fixed zip timestamps and document dates, so a seed gives fixed bytes."""
    with zipfile.ZipFile(path) as source:
        entries = [(info.filename, source.read(info)) for info in source.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in entries:
            if name == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*",
                    rb"\g<1>2019-01-01T00:00:00Z",
                    data,
                )
            info = zipfile.ZipInfo(name, date_time=_FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, data)
    path.write_bytes(buffer.getvalue())


def _write(frame: pd.DataFrame, path: Path, fmt: Literal["csv", "xlsx"]) -> Path:
    if fmt == "csv":
        frame.to_csv(path, index=False, lineterminator="\n")
        return path
    # Spreadsheets from the case system carry real date cells, so write dates as dates
    # (`date` objects: pandas' openpyxl writer ignores `datetime_format`).
    dated = frame.copy()
    for column in dated.columns:
        if column.startswith("date_") or column.endswith("_date"):
            text = dated[column].to_numpy(dtype=object)
            dated[column] = pd.Series(
                [date.fromisoformat(x) if isinstance(x, str) else None for x in text], dtype=object
            )
    dated.to_excel(path, index=False, engine="openpyxl")
    _deterministic_xlsx(path)
    return path


def write_demo_extracts(
    out_dir: Path,
    seed: int = 2019,
    fmt: Literal["csv", "xlsx"] = "csv",
    start: str = "2017-01",
    end: str = "2019-06",
) -> dict[str, Path]:
    """Write `audits.<fmt>` and `visits.<fmt>` into `out_dir`; returns their paths by name."""
    if fmt not in ("csv", "xlsx"):
        raise ValueError(f"fmt must be 'csv' or 'xlsx', got {fmt!r}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    return {
        "audits": _write(make_demo_audits(seed, start, end), out_dir / f"audits.{fmt}", fmt),
        "visits": _write(make_demo_visits(seed, start, end), out_dir / f"visits.{fmt}", fmt),
    }


def make_large_extracts(
    out_dir: Path,
    n_audits: int = 100_000,
    n_visits: int = 1_000_000,
    seed: int = 2019,
    start: str = "2017-01",
    end: str = "2019-06",
) -> dict[str, Path]:
    """Benchmark-sized `audits.csv` and `visits.csv`, same shape as the demo, spread over the months."""
    months = months_between(start, end)
    counts = np.full(len(months), n_audits // len(months))
    counts[: n_audits % len(months)] += 1
    width = max(3, len(str(int(counts.max()))))
    roster = _roster(seed, max(_ROSTER_SIZE, 8 * int(counts.max())))
    audits = _audits(seed, months, counts, roster, width)[0]

    # Enough children for the visits wanted, then an even sample down to exactly n_visits.
    per_child = (len(months) * 30.4 / 42) * 0.6
    n_children = math.ceil(n_visits / per_child * 1.2)
    visits = _visits(seed, _looked_after(seed, n_children), start, end, len(str(n_visits)))
    while len(visits) < n_visits:
        n_children = math.ceil(n_children * 1.5)
        visits = _visits(seed, _looked_after(seed, n_children), start, end, len(str(n_visits)))
    keep = np.sort(_rng(seed, _STREAM_SAMPLE).choice(len(visits), n_visits, replace=False))
    visits = visits.iloc[keep].reset_index(drop=True)
    visits["visit_id"] = np.char.add(
        "V", np.char.zfill(np.arange(1, n_visits + 1).astype(str), len(str(n_visits)))
    ).astype(object)

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    return {
        "audits": _write(audits, out_dir / "audits.csv", "csv"),
        "visits": _write(visits, out_dir / "visits.csv", "csv"),
    }
