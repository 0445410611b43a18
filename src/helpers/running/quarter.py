"""The quarterly run: one paper over a financial-year quarter, in its own folder `<output>/2019-20Q1/`.

It uses the monthly run's machinery (locks, staging folder, extracts cache, page workers, run.json
and the folder that is only ever added to), with the quarter's own metrics.json (figures/quarter.py)
and notebook (`notebooks/quarter.ipynb`).
"""

from __future__ import annotations

import shutil
from dataclasses import asdict
from pathlib import Path

import pandas as pd

from helpers.figures.metrics import metrics_to_json
from helpers.figures.quarter import compute_quarter_metrics
from helpers.running.cache import extracts_cache
from helpers.running.jobs import NOTEBOOKS_DIR, MonthResult, PageJob
from helpers.running.month_folder import (
    new_run_id,
    publish_complete,
    publish_failed,
    recover_month,
    staging_folder,
)
from helpers.running.month_lock import month_locks
from helpers.running.output_dir import check_output_dir
from helpers.running.record import describe_inputs, package_versions
from helpers.running.runner import now, params_naming_inputs
from helpers.running.workers import ProgressCallback, run_pages
from helpers.settings.params import Params
from helpers.settings.periods import quarter_label

QUARTER_PAGE = "quarter"


def run_quarter(
    quarter: str,
    audits: pd.DataFrame,
    visits: pd.DataFrame | None,
    params: Params,
    input_files: dict[str, Path | None],
    output_dir: Path,
    formats: tuple[str, ...] = ("html", "pdf"),
    on_event: ProgressCallback = lambda *_: None,
    notebooks_dir: Path = NOTEBOOKS_DIR,
) -> MonthResult:
    """The quarterly paper for `quarter` (e.g. 2019-20Q1), written to `<output_dir>/<quarter>/`."""
    output_dir = check_output_dir(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    params = params_naming_inputs(params, input_files)
    run_id, started = new_run_id(), now()
    with month_locks(output_dir, [quarter]):
        recover_month(output_dir, quarter)
        staging = staging_folder(output_dir, quarter)
        try:
            with extracts_cache(audits, visits) as cached:
                metrics = compute_quarter_metrics(audits, visits, quarter, params)
                (staging / "metrics.json").write_text(metrics_to_json(metrics), encoding="utf-8")
                params_file = staging / "params.json"
                params_file.write_text(params.model_dump_json(indent=2), encoding="utf-8")
                parameters = {
                    "quarter": quarter,
                    "audits_path": str(cached["audits"]),
                    "visits_path": None if cached["visits"] is None else str(cached["visits"]),
                    "params_path": str(params_file),
                    "publication": bool(params.publication),
                    "metrics_path": str(staging / "metrics.json"),
                }
                title = f"Quarterly audit report, {quarter_label(quarter)}: {params.authority}"
                job = PageJob(
                    quarter,
                    QUARTER_PAGE,
                    notebooks_dir / f"{QUARTER_PAGE}.ipynb",
                    staging,
                    parameters,
                    formats,
                    title,
                )
                results = run_pages([job], 1, on_event)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        status = "complete" if all(r.status == "done" for r in results) else "failed"
        record = {
            "run_id": run_id,
            "month": quarter,
            "quarter": quarter,
            "status": status,
            "publication": bool(params.publication),
            "started_at": started,
            "finished_at": now(),
            "formats": list(formats),
            "pages": {
                r.page: {k: v for k, v in asdict(r).items() if k not in ("month", "page")}
                for r in results
            },
            "inputs": describe_inputs(input_files, {"audits": audits, "visits": visits}),
            "versions": package_versions(),
            "parameters": params.model_dump(mode="json"),
        }
        destination = output_dir / quarter
        if status == "complete":
            publish_complete(staging, destination, record)
            folder = destination
        else:
            folder = publish_failed(staging, destination, record)
    return MonthResult(quarter, status, folder, results)
