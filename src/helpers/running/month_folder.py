"""Writing a month's folder: its inputs for the kernels, and moving it into place whole."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from helpers.figures.metrics import metrics_to_json, validate_metrics
from helpers.settings.params import Params


def write_month_inputs(work_dir: Path, metrics: dict[str, Any], params: Params) -> dict[str, Path]:
    """metrics.json (checked against the contract's schema) and the resolved params.json."""
    validate_metrics(metrics)
    (work_dir / "metrics.json").write_text(metrics_to_json(metrics), encoding="utf-8")
    params_file = work_dir / "params.json"
    params_file.write_text(params.model_dump_json(indent=2), encoding="utf-8")
    return {"metrics": work_dir / "metrics.json", "params": params_file}


def move_into_place(work_dir: Path, destination: Path) -> None:
    """Replace `destination` with `work_dir` so that a reader never sees a half-written month."""
    work_dir.chmod(0o755)  # made private by mkdtemp; the month is meant to be read by others
    if destination.exists():
        retired = destination.with_name(f".{destination.name}.old-{os.getpid()}")
        destination.rename(retired)
        work_dir.rename(destination)
        shutil.rmtree(retired)
    else:
        work_dir.rename(destination)
