"""The worker pool: each page notebook executed by papermill and converted, in its own process."""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

from helpers.running.jobs import KERNEL_NAME, PageJob, PageResult

ProgressCallback = Callable[[str, str, str, PageResult | None], None]

# Set in each worker process so that it can report when a page starts.
_events: Any = None


def _init_worker(events: Any) -> None:
    global _events
    _events = events


def execute_page(job: PageJob) -> PageResult:
    """Run one page notebook with papermill, then convert it; never raises (failures are results)."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from helpers.sharing import convert

    started = time.perf_counter()
    if _events is not None:
        _events.put(("started", job.month, job.page))
    executed = job.work_dir / "notebooks" / f"{job.page}.ipynb"
    executed.parent.mkdir(parents=True, exist_ok=True)
    result = PageResult(job.month, job.page, "done", 0.0)
    # The kernel writes its warnings to stderr: keep them in a log beside the executed notebook
    # instead of in the middle of the progress display.
    with (executed.with_suffix(".log")).open("w") as log:
        os.dup2(log.fileno(), 2)
    try:
        papermill.execute_notebook(
            str(job.notebook),
            str(executed),
            parameters=job.parameters,
            kernel_name=KERNEL_NAME,
            progress_bar=False,
            log_output=False,
            cwd=str(job.notebook.parent),
        )
    except PapermillExecutionError as error:
        result.status, result.cell = "failed", error.exec_count
        result.error = f"{error.ename}: {error.evalue}"
    except Exception as error:  # a kernel that died or would not start is still a page result
        result.status, result.error = "failed", f"{type(error).__name__}: {error}"
    if result.status == "done":
        result.outputs, result.notes = _convert(job, executed, convert)
    result.seconds = time.perf_counter() - started
    return result


def _convert(job: PageJob, executed: Path, convert: Any) -> tuple[list[str], list[str]]:
    outputs, notes = [], []
    if "html" in job.formats:
        convert.export_html(executed, job.work_dir / f"{job.page}.html", job.title)
        outputs.append(f"{job.page}.html")
    if "pdf" in job.formats:
        try:
            convert.export_pdf(executed, job.work_dir / f"{job.page}.pdf", job.title)
            outputs.append(f"{job.page}.pdf")
        except convert.ChromiumNotFound as missing:
            notes.append(str(missing))
    return outputs, notes


def run_pages(jobs: list[PageJob], workers: int, on_event: ProgressCallback) -> list[PageResult]:
    """Execute the jobs in `workers` processes, telling `on_event` when each starts and ends."""
    context = multiprocessing.get_context("fork")
    events = context.Queue()
    results: list[PageResult] = []
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_init_worker, initargs=(events,)
    ) as pool:
        futures: list[Future[PageResult]] = [pool.submit(execute_page, job) for job in jobs]
        pending = set(futures)
        while pending:
            while not events.empty():
                _, month, page = events.get()
                on_event(month, page, "running", None)
            for future in [f for f in pending if f.done()]:
                pending.discard(future)
                result = future.result()
                results.append(result)
                on_event(result.month, result.page, result.status, result)
            time.sleep(0.05)
    return results
