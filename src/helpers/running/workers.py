"""The worker pool: each page notebook executed by papermill and made HTML in its own process;
the run's PDFs printed from that HTML by one browser in the calling process."""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

from helpers.running.jobs import KERNEL_NAME, PageJob, PageResult
from helpers.running.kernels import WarmKernelManager

PR_SET_PDEATHSIG = 1
ProgressCallback = Callable[[str, str, str, PageResult | None], None]

# Set in each worker process so that it can report when a page starts.
_events: Any = None


def _init_worker(events: Any, parent: int) -> None:
    global _events
    _events = events
    die_with_parent(parent)


def die_with_parent(parent: int) -> None:
    """Ask Linux to kill this process when the run that started it dies, even by SIGKILL.

    The page's kernel watches this worker in turn (ipykernel's parent poller) and exits with it.
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the pool still ends its workers on a normal exit
        return
    if os.getppid() != parent:  # the run died before the request was made
        os._exit(1)


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
            kernel_manager_class=WarmKernelManager,
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


def print_source(job: PageJob) -> Path:
    """The HTML a page's PDF is printed from: the page itself, or a copy when only PDF is wanted."""
    if "html" in job.formats:
        return job.work_dir / f"{job.page}.html"
    return job.work_dir / "notebooks" / f"{job.page}.print.html"


def _convert(job: PageJob, executed: Path, convert: Any) -> tuple[list[str], list[str]]:
    """The page's HTML; its PDF is printed afterwards by the run's one browser (`run_pages`)."""
    outputs = []
    if "html" in job.formats or "pdf" in job.formats:
        convert.export_html(executed, print_source(job), job.title)
    if "html" in job.formats:
        outputs.append(f"{job.page}.html")
    return outputs, []


def _printer(jobs: list[PageJob]) -> tuple[Any, list[str]]:
    """The run's one browser when any page wants a PDF, or None and why not."""
    from helpers.sharing import convert
    from helpers.sharing.printing import PdfPrinter

    if not any("pdf" in job.formats for job in jobs):
        return None, []
    try:
        return PdfPrinter(convert.require_chromium()), []
    except convert.ChromiumNotFound as missing:
        return None, [str(missing)]


def _printed(job: PageJob, result: PageResult, printing: Future[Path]) -> PageResult:
    """The page's result once its PDF is printed (or failed to print)."""
    source = print_source(job)
    try:
        printing.result()
        result.outputs.append(f"{job.page}.pdf")
    except Exception as error:  # a PDF that would not print fails its page, with the reason
        result.status, result.error = "failed", f"PDF not printed: {type(error).__name__}: {error}"
    if "html" not in job.formats:
        source.unlink(missing_ok=True)
    return result


def _local_result(future: Future[PageResult], job: PageJob) -> PageResult:
    return future.result()


def run_pages(
    jobs: list[PageJob], workers: int, on_event: ProgressCallback, scheduler: str | None = None
) -> list[PageResult]:
    """Execute the jobs in `workers` processes (or on the Dask cluster whose scheduler is at
    `scheduler`, see cluster.py), telling `on_event` when each starts and ends.

    PDFs are printed in this process by one browser, started now so that it is ready by the time
    the first page's HTML is; each page prints as soon as its HTML is written.
    """
    # Imported once here, so the forked workers inherit them instead of each importing them.
    import papermill  # noqa: F401

    from helpers.sharing import convert  # noqa: F401

    context = multiprocessing.get_context("fork")
    events = context.Queue()
    results: list[PageResult] = []
    printer, notes = _printer(jobs)
    printing: dict[Future[Path], tuple[PageJob, PageResult]] = {}
    with contextlib.ExitStack() as stack:
        if printer is not None:
            stack.enter_context(printer)
        if scheduler:
            from helpers.running import cluster

            futures = cluster.submit_pages(stack.enter_context(cluster.connect(scheduler)), jobs)
            collect = cluster.collect
            for job in jobs:
                on_event(job.month, job.page, "running", None)
        else:
            pool = stack.enter_context(
                ProcessPoolExecutor(
                    workers,
                    mp_context=context,
                    initializer=_init_worker,
                    initargs=(events, os.getpid()),
                )
            )
            futures = {pool.submit(execute_page, job): job for job in jobs}
            collect = _local_result
        while futures or printing:
            while not events.empty():
                _, month, page = events.get()
                on_event(month, page, "running", None)
            for future in [f for f in futures if f.done()]:
                job = futures.pop(future)
                result = collect(future, job)
                if result.status == "done" and "pdf" in job.formats and printer is not None:
                    printing[
                        printer.submit(print_source(job), job.work_dir / f"{job.page}.pdf")
                    ] = (
                        job,
                        result,
                    )
                    continue
                result.notes += notes if "pdf" in job.formats else []
                results.append(result)
                on_event(result.month, result.page, result.status, result)
            for future in [f for f in printing if f.done()]:
                job, result = printing.pop(future)
                result = _printed(job, result, future)
                results.append(result)
                on_event(result.month, result.page, result.status, result)
            time.sleep(0.05)
    return results
