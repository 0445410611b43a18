"""Writing the demo extracts: CSV, or XLSX with real date cells and fixed bytes for a seed."""

from __future__ import annotations

import io
import math
import re
import zipfile
from datetime import date
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from helpers.extracts.demo.audits import make_audit_rows, make_demo_audits
from helpers.extracts.demo.visits import looked_after, make_demo_visits, make_visit_rows
from helpers.extracts.demo.world import ROSTER_SIZE, STREAM_SAMPLE, make_roster, rng_stream
from helpers.settings.periods import months_between

_FIXED_ZIP_TIME = (2019, 1, 1, 0, 0, 0)


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


def write_frame(frame: pd.DataFrame, path: Path, fmt: Literal["csv", "xlsx"]) -> Path:
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
        "audits": write_frame(make_demo_audits(seed, start, end), out_dir / f"audits.{fmt}", fmt),
        "visits": write_frame(make_demo_visits(seed, start, end), out_dir / f"visits.{fmt}", fmt),
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
