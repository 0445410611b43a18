"""The monthly run: load and check the extracts once, then execute every page notebook with papermill.

Pages run in parallel worker processes (`workers.py`), each executing its notebook and converting it
to HTML (and PDF). A month is written to a temporary folder and moved into `<output-dir>/<YYYY-MM>/`
only when every page succeeded (`month_folder.py`), so a crash never leaves half a month behind; a
failed month is kept beside it as `<YYYY-MM>.failed/` with the executed notebooks for diagnosis.
The extracts reach the kernels through a cache written once per run (`cache.py`); what the run did
is recorded in run.json (`record.py`).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from helpers.figures.metrics import compute_metrics
from helpers.running.cache import extracts_cache
from helpers.running.jobs import (
    FORMATS,
    KERNEL_NAME,
    LONGEST_FIRST,
    NOTEBOOKS_DIR,
    PAGES,
    SECTIONS,
    MonthResult,
    PageJob,
    PageResult,
    page_title,
)
from helpers.running.month_folder import move_into_place, write_month_inputs
from helpers.running.preflight import (
    kernel_missing_reason,
    load_run_codebook,
    pdf_unavailable_reason,
    theme_counter,
)
from helpers.running.record import describe_inputs, package_versions, write_json
from helpers.running.workers import ProgressCallback, _convert, execute_page, run_pages
from helpers.settings.params import DataPaths, Params

# The names other stages and the tests have always imported from here.
__all__ = [
    "FORMATS",
    "KERNEL_NAME",
    "NOTEBOOKS_DIR",
    "PAGES",
    "SECTIONS",
    "MonthResult",
    "PageJob",
    "PageResult",
    "ProgressCallback",
    "_convert",
    "execute_page",
    "kernel_missing_reason",
    "load_run_codebook",
    "move_into_place",
    "pdf_unavailable_reason",
    "run_months",
    "theme_counter",
]


def run_months(
    months: Iterable[str],
    audits: pd.DataFrame,
    visits: pd.DataFrame | None,
    params: Params,
    input_files: dict[str, Path | None],
    output_dir: Path,
    formats: tuple[str, ...] = ("html", "pdf"),
    pages: tuple[str, ...] = PAGES,
    theme_counts: Callable[[str], dict[str, dict[str, int]]] | None = None,
    on_event: ProgressCallback = lambda *_: None,
    workers: int | None = None,
    notebooks_dir: Path = NOTEBOOKS_DIR,
) -> list[MonthResult]:
    """Every month's pages in one pool; the extracts were loaded once and are shared as a cache."""
    from helpers.settings.periods import month_label

    # Absolute, because the kernels run in notebooks/ and read the month's files by path.
    output_dir = output_dir.resolve()
    output_dir.mkdir(parents=True, exist_ok=True)
    # params.json names the run's own inputs, so a page never falls back to the defaults' data.
    params = params.model_copy(
        update={
            "data": DataPaths(audits=input_files.get("audits"), visits=input_files.get("visits"))
        }
    )
    months = list(months)
    with extracts_cache(audits, visits, output_dir) as cached:
        jobs, work_dirs, started = [], {}, {}
        for month in months:
            work_dir = Path(tempfile.mkdtemp(prefix=f".{month}.partial-", dir=output_dir))
            work_dirs[month], started[month] = work_dir, datetime.now(UTC)
            metrics = compute_metrics(
                audits, visits, month, params, theme_counts(month) if theme_counts else None
            )
            written = write_month_inputs(work_dir, metrics, params)
            parameters = {
                "month": month,
                "audits_path": str(cached["audits"]),
                "visits_path": None if cached["visits"] is None else str(cached["visits"]),
                "params_path": str(written["params"]),
                "publication": params.publication,
                "metrics_path": str(written["metrics"]),
            }
            for page in pages:
                jobs.append(
                    PageJob(
                        month,
                        page,
                        notebooks_dir / f"{page}.ipynb",
                        work_dir,
                        parameters,
                        formats,
                        page_title(page, month_label(month), params),
                    )
                )
        jobs.sort(key=lambda job: LONGEST_FIRST.index(job.page))
        results = run_pages(jobs, workers or min(len(jobs), os.cpu_count() or 1), on_event)
    frames = {"audits": audits, "visits": visits}
    inputs = describe_inputs(input_files, frames)
    month_results = []
    for month in months:
        mine = sorted((r for r in results if r.month == month), key=lambda r: pages.index(r.page))
        status = "complete" if all(r.status == "done" for r in mine) else "failed"
        run_record = {
            "month": month,
            "status": status,
            "publication": params.publication,
            "started_at": started[month].isoformat(timespec="seconds"),
            "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "formats": list(formats),
            "pages": {
                r.page: {k: v for k, v in asdict(r).items() if k not in ("month", "page")}
                for r in mine
            },
            "inputs": inputs,
            "versions": package_versions(),
            "parameters": params.model_dump(mode="json"),
        }
        write_json(work_dirs[month] / "run.json", run_record)
        destination = output_dir / (month if status == "complete" else f"{month}.failed")
        move_into_place(work_dirs[month], destination)
        month_results.append(MonthResult(month, status, destination, mine))
    return month_results
