"""Writing a month's allocation as next month's audits extract: CSV and XLSX, both or neither."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pandas as pd

from helpers.extracts.writing import write_frame


def write_allocation(allocation: pd.DataFrame, out_dir: Path, month: str) -> dict[str, Path]:
    """`allocation-<month>.csv` and `.xlsx` in `out_dir`, moved into place only once both exist."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".allocation-", dir=out_dir))
    try:
        paths = {}
        for fmt in ("csv", "xlsx"):
            name = f"allocation-{month}.{fmt}"
            write_frame(allocation, scratch / name, fmt)  # type: ignore[arg-type]
            paths[fmt] = out_dir / name
        for path in paths.values():
            (scratch / path.name).replace(path)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return paths
