"""Writing the demo extracts: CSV, or XLSX with real date cells and fixed bytes for a seed."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Literal

import numpy as np

from helpers.extracts.demo.audits import make_audit_rows, make_demo_audits
from helpers.extracts.demo.cycle import (
    make_demo_actions,
    make_demo_auditors,
    make_demo_children,
    make_demo_moderation,
)
from helpers.extracts.demo.visits import looked_after, make_demo_visits, make_visit_rows
from helpers.extracts.demo.world import ROSTER_SIZE, STREAM_SAMPLE, make_roster, rng_stream
from helpers.extracts.writing import write_frame
from helpers.settings.periods import months_between


def write_demo_extracts(
    out_dir: Path,
    seed: int = 2019,
    fmt: Literal["csv", "xlsx"] = "csv",
    start: str = "2017-01",
    end: str = "2019-06",
) -> dict[str, Path]:
    """Write the demo's extracts into `out_dir`; returns their paths by name.

    `audits` and `visits` (inputs 1 and 2), the lists `allocate` reads (`children`, `auditors`)
    and the optional `actions` and `moderation` extracts.
    """
    if fmt not in ("csv", "xlsx"):
        raise ValueError(f"fmt must be 'csv' or 'xlsx', got {fmt!r}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    audits = make_demo_audits(seed, start, end)
    frames = {
        "audits": audits,
        "visits": make_demo_visits(seed, start, end),
        "children": make_demo_children(seed),
        "auditors": make_demo_auditors(),
        "actions": make_demo_actions(audits, seed),
        "moderation": make_demo_moderation(audits, seed),
    }
    return {
        name: write_frame(frame, out_dir / f"{name}.{fmt}", fmt) for name, frame in frames.items()
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
    roster = make_roster(seed, max(ROSTER_SIZE, 8 * int(counts.max())))
    audits = make_audit_rows(seed, months, counts, roster, width)[0]

    # Enough children for the visits wanted, then an even sample down to exactly n_visits.
    per_child = (len(months) * 30.4 / 42) * 0.6
    n_children = math.ceil(n_visits / per_child * 1.2)
    visits = make_visit_rows(seed, looked_after(seed, n_children), start, end, len(str(n_visits)))
    while len(visits) < n_visits:
        n_children = math.ceil(n_children * 1.5)
        visits = make_visit_rows(
            seed, looked_after(seed, n_children), start, end, len(str(n_visits))
        )
    keep = np.sort(rng_stream(seed, STREAM_SAMPLE).choice(len(visits), n_visits, replace=False))
    visits = visits.iloc[keep].reset_index(drop=True)
    visits["visit_id"] = np.char.add(
        "V", np.char.zfill(np.arange(1, n_visits + 1).astype(str), len(str(n_visits)))
    ).astype(object)

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    return {
        "audits": write_frame(audits, out_dir / "audits.csv", "csv"),
        "visits": write_frame(visits, out_dir / "visits.csv", "csv"),
    }
