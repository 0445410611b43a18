"""The worker pool: each page notebook executed by papermill and made HTML in its own process;
the run's PDFs printed from that HTML by one browser in the calling process.

Workers come from a *forkserver* (multiprocessing's own), never from a fork of the run itself: the
run has threads (the browser's, and a Dask client's or a test's), and a fork of a threaded process
can inherit a lock some other thread held, so that the worker waits forever. The forkserver is a
fresh single-threaded process that imports papermill and nbconvert once (`start_worker_server`,
called as the run begins so the imports overlap loading the extracts); each worker is a fork of it.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from pathlib import Path
from typing import Any

from helpers.running.jobs import KERNEL_NAME, PageJob, PageResult, with_niceness
from helpers.running.lifelines import die_with_parent, die_with_run
from helpers.running.warm_start import CONVERTER_IMPORTS, worker_context
from helpers.running.zygote import ZYGOTE_ENV

# A cell that runs this long is stuck (the longest page's longest cell takes about a second).
CELL_TIMEOUT = 600
ProgressCallback = Callable[[str, str, str, PageResult | None], None]

# Set in each worker process so that it can report when a page starts.
_events: Any = None


def default_workers(jobs: int) -> int:
    """One worker more than the machine has cores (never more than the jobs): while one page's
    kernel starts up or its HTML is written, a third page keeps the cores busy. On 2 cores the
    demo month took 8.6 s with 3 workers against 9.3 s with 2 (median of 3 each)."""
    return max(1, min(jobs, (os.cpu_count() or 1) + 1))


def _init_worker(events: Any, zygote: str | None, run: int) -> None:
    global _events
    _events = events
    die_with_parent(os.getppid())  # the forkserver
    die_with_run(run)
    # The run's warm-kernel zygote is named here, not inherited from the forkserver's
    # environment, which is that of whichever run started it.
    if zygote:
        os.environ[ZYGOTE_ENV] = zygote
    else:
        os.environ.pop(ZYGOTE_ENV, None)


def execute_page(job: PageJob) -> PageResult:
    """Run one page notebook with papermill, then convert it; never raises (failures are results)."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from helpers.running.kernels import WarmKernelManager, when_kernel_ready  # workers only

    started = time.perf_counter()
    converter = ConverterLoader()
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
        with when_kernel_ready(converter.start):
            papermill.execute_notebook(
                str(job.notebook),
                str(executed),
                parameters=job.parameters,
                kernel_name=KERNEL_NAME,
                kernel_manager_class=WarmKernelManager.niced(job.niceness),
                execution_timeout=CELL_TIMEOUT,
                # Written once at the end (or at the failing cell), not after every cell: the
                # rewrites cost about a tenth of a second a page, and a page's notebook is only
                # read once the page is done.
                request_save_on_cell_execute=False,
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
        converter.wait()
        from helpers.sharing import convert

        result.outputs, result.notes = _convert(job, executed, convert)
    result.seconds = time.perf_counter() - started
    return result


class ConverterLoader:
    """Imports what makes a page's HTML (`warm_start.CONVERTER_IMPORTS`, ~0.25 s) in a thread, when
    the forkserver did not (a run of one page). Started once the page's kernel has answered
    (`kernels.when_kernel_ready`), it runs while the kernel does, not while the kernel starts.
    A failed import is left for the conversion, which imports again and fails the page with it."""

    def __init__(self) -> None:
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is not None or all(name in sys.modules for name in CONVERTER_IMPORTS):
            return

        def load() -> None:
            with contextlib.suppress(Exception):
                for name in CONVERTER_IMPORTS:
                    importlib.import_module(name)

        self._thread = threading.Thread(target=load, name="case-audit-converter", daemon=True)
        self._thread.start()

    def wait(self) -> None:
        """Until the imports are done (at once when there were none to do)."""
        if self._thread is not None:
            self._thread.join()


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
    if not any("pdf" in job.formats for job in jobs):
        return None, []
    from helpers.sharing import chromium
    from helpers.sharing.printing import PdfPrinter

    try:
        return PdfPrinter(chromium.require_chromium()), []
    except chromium.ChromiumNotFound as missing:
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
    jobs = with_niceness(jobs)
    context = worker_context()
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
                    initargs=(events, os.environ.get(ZYGOTE_ENV), os.getpid()),
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
            if futures or printing:
                _wait_a_little([*(futures if not scheduler else ()), *printing])
    return results


def _wait_a_little(running: list[Future]) -> None:
    """Until one of the `running` futures ends, or 0.05 s (for the progress events; a Dask
    future, not listed, is looked at again then): a page's end is seen the moment it comes."""
    if running:
        wait(running, timeout=0.05, return_when=FIRST_COMPLETED)
    else:
        time.sleep(0.05)
