"""Pages on an existing Dask distributed cluster instead of the local process pool.

Each page is a task that carries everything it reads (the notebook, and every file its parameters
name: the extracts' Parquet cache, params.json, metrics.json), so a worker needs no shared disk,
only case-audit installed. The worker executes the page in a temporary folder of its own, makes
its HTML, and sends back the page's files; the caller writes them into the month's staging folder,
prints the PDFs with its one browser and publishes the month whole, as with the local pool.

A worker that dies mid-page: the scheduler runs the page again on another worker (up to its
`distributed.scheduler.allowed-failures`); past that the page fails, so the month is marked
failed and nothing of it is published.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from helpers.running.jobs import PageJob, PageResult


def _inputs(job: PageJob) -> dict[str, Path]:
    """The parameters that name a file on this machine: what the page reads."""
    return {
        name: Path(value)
        for name, value in job.parameters.items()
        if isinstance(value, str) and os.path.isabs(value) and Path(value).is_file()
    }


def execute_remote_page(
    job: PageJob, notebook: bytes, inputs: dict[str, tuple[str, bytes]]
) -> tuple[PageResult, dict[str, bytes]]:
    """On a worker: run the page in a folder of its own; its result and files (by relative path)."""
    from helpers.running.workers import execute_page

    with tempfile.TemporaryDirectory(prefix="case-audit-page-") as scratch:
        root = Path(scratch)
        notebook_path = root / "notebooks" / job.notebook.name
        notebook_path.parent.mkdir()
        notebook_path.write_bytes(notebook)
        parameters = dict(job.parameters)
        for number, (name, (filename, data)) in enumerate(sorted(inputs.items())):
            path = root / "inputs" / str(number) / filename
            path.parent.mkdir(parents=True)
            path.write_bytes(data)
            parameters[name] = str(path)
        work_dir = root / "month"
        work_dir.mkdir()
        local = replace(job, notebook=notebook_path, work_dir=work_dir, parameters=parameters)
        stderr = os.dup(2)  # execute_page sends stderr to the page's log: give it back after
        try:
            result = execute_page(local)
        finally:
            os.dup2(stderr, 2)
            os.close(stderr)
        files = {
            str(path.relative_to(work_dir)): path.read_bytes()
            for path in sorted(work_dir.rglob("*"))
            if path.is_file()
        }
    return result, files


def scheduler_unreachable_reason(address: str, seconds: float = 10) -> str | None:
    """Why no cluster answers at `address`, or None when one does."""
    from distributed import Client

    try:
        Client(address, timeout=seconds, set_as_default=False).close()
    except (OSError, TimeoutError, ValueError) as error:
        return (
            f"no Dask scheduler answers at {address} ({type(error).__name__}: {error}); "
            "start one with `dask scheduler` and workers with `dask worker ADDRESS`"
        )
    return None


@contextmanager
def connect(address: str) -> Iterator[Any]:
    """A client of the cluster whose scheduler is at `address` (tcp://host:8786)."""
    from distributed import Client

    client = Client(address, set_as_default=False)
    try:
        yield client
    finally:
        client.close()


def submit_pages(client: Any, jobs: list[PageJob]) -> dict[Any, PageJob]:
    """Each job as a task; every file is sent to the cluster once, however many pages read it.

    Each file goes to every worker (`broadcast`): a file held by one worker alone is lost when
    that worker dies, and with it every page that reads it, another authority's included, which
    could then neither run again nor fail for its own reason (the tests saw a healthy
    authority's month fail beside one whose page kills its worker)."""
    sent: dict[Path, Any] = {}
    futures = {}
    for job in jobs:
        inputs = {}
        for name, path in _inputs(job).items():
            if path not in sent:
                sent[path] = client.scatter(path.read_bytes(), broadcast=True)
            inputs[name] = (path.name, sent[path])
        notebook = job.notebook.read_bytes()
        future = client.submit(
            execute_remote_page, job, notebook, inputs, pure=False, key=_key(job)
        )
        futures[future] = job
    return futures


def _key(job: PageJob) -> str:
    import uuid

    return f"case-audit-{job.month}-{job.page}-{uuid.uuid4().hex[:8]}"


def collect(future: Any, job: PageJob) -> PageResult:
    """The page's result, its files written into the month's staging folder."""
    try:
        result, files = future.result()
    except Exception as error:  # the worker died too often, or the task could not run
        return PageResult(
            job.month, job.page, "failed", 0.0, error=f"{type(error).__name__}: {error}"
        )
    for relative, data in files.items():
        path = job.work_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return result
