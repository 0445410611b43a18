"""A region: several authorities' months run together, their pages in one submission.

Each authority is prepared as a single-authority run is (`runner.prepare_months`: its months
locked, metrics.json and params.json in its staging folders, its extracts in a cache of its own),
then every authority's month x page jobs go to the local pool, or to the Dask cluster, at once,
so one authority's pages run while another's are still running. The results come back here and
each authority's months are published into its own folder (`runner.publish_months`), whole or
kept as `<YYYY-MM>.failed/`, exactly as when the authority runs alone.

An authority that cannot be prepared (bad parameters or extracts, a month another run is writing)
is skipped with its reason; the others still run.
"""

from __future__ import annotations

import contextlib
import os
import resource
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from helpers.running.jobs import MonthResult, PageJob, PageResult
from helpers.running.runner import PreparedMonths, longest_first, publish_months
from helpers.running.workers import ProgressCallback, run_pages


class AuthoritySkipped(Exception):
    """An authority that will not run, why (for the analyst) and the exit code it stands for."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


# Prepares one authority's months inside the run's stack (which holds its locks and cache until
# the region is published); raises AuthoritySkipped when the authority cannot run.
Preparer = Callable[[contextlib.ExitStack], PreparedMonths]


@dataclass
class AuthorityOutcome:
    """What became of one authority: its months, or why it was skipped; its exit code."""

    name: str
    results: list[MonthResult] = field(default_factory=list)
    skipped: str | None = None
    code: int = 0  # 0 every month complete, 1 a page failed, 2 bad input (skipped)


def job_label(name: str, month: str) -> str:
    """How the pool and the progress know an authority's month: `<name>/<YYYY-MM>`.

    The pool knows a job by its month and page; the authority's folder name in front keeps the
    same month of two authorities apart (a folder name never holds a `/`).
    """
    return f"{name}/{month}"


def _split_label(label: str) -> tuple[str, str]:
    name, _, month = label.rpartition("/")
    return name, month


def region_jobs(prepared: dict[str, PreparedMonths]) -> list[PageJob]:
    """Every authority's page jobs, labelled by authority, longest pages first."""
    return longest_first(
        [
            replace(job, month=job_label(name, job.month))
            for name, months in prepared.items()
            for job in months.jobs
        ]
    )


def run_region_pages(
    prepared: dict[str, PreparedMonths],
    on_event: ProgressCallback = lambda *_: None,
    workers: int | None = None,
    scheduler: str | None = None,
) -> dict[str, list[PageResult]]:
    """Every authority's pages in one pool (or on the cluster); each authority's results.

    `on_event` hears of each page by its label (`job_label`), its page and its status.
    """
    jobs = region_jobs(prepared)
    workers = workers or max(1, min(len(jobs), os.cpu_count() or 1))
    results = run_pages(jobs, workers, on_event, scheduler) if jobs else []
    mine: dict[str, list[PageResult]] = {name: [] for name in prepared}
    for result in results:
        name, month = _split_label(result.month)
        mine[name].append(replace(result, month=month))
    return mine


def allow_open_files(wanted: int) -> None:
    """Raise this process's open-file limit towards `wanted` (each month's lock holds a file
    open until the region is published: 33 authorities x 36 months passes the usual 1024)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        ceiling = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, ceiling), hard))


def prepare_region(
    authorities: dict[str, Preparer], stack: contextlib.ExitStack, months: int = 1
) -> tuple[dict[str, PreparedMonths], dict[str, AuthorityOutcome]]:
    """Each authority prepared in turn: those ready to run, and those skipped (with why)."""
    allow_open_files(256 + 4 * len(authorities) * (months + 2))
    prepared: dict[str, PreparedMonths] = {}
    skipped: dict[str, AuthorityOutcome] = {}
    for name, prepare in authorities.items():
        try:
            prepared[name] = prepare(stack)
        except AuthoritySkipped as why:
            skipped[name] = AuthorityOutcome(name, skipped=str(why), code=why.code)
    return prepared, skipped


def publish_region(
    prepared: dict[str, PreparedMonths], results: dict[str, list[PageResult]]
) -> dict[str, AuthorityOutcome]:
    """Each authority's months published into its own folder from its pages' results."""
    outcomes = {}
    for name, months in prepared.items():
        published = publish_months(months, results.get(name, []))
        failed = any(result.status != "complete" for result in published)
        outcomes[name] = AuthorityOutcome(name, published, code=1 if failed else 0)
    return outcomes


def run_region(
    authorities: dict[str, Preparer],
    on_event: ProgressCallback = lambda *_: None,
    workers: int | None = None,
    scheduler: str | None = None,
    months: int = 1,
) -> list[AuthorityOutcome]:
    """Prepare every authority, run all their pages together, publish each; in the given order."""
    with contextlib.ExitStack() as stack:
        prepared, skipped = prepare_region(authorities, stack, months)
        results = run_region_pages(prepared, on_event, workers, scheduler)
        outcomes = {**skipped, **publish_region(prepared, results)}
    return [outcomes[name] for name in authorities]


def region_exit_code(outcomes: Iterable[AuthorityOutcome]) -> int:
    """2 when an authority was skipped for bad input, else 1 when a page failed, else 0."""
    return max((outcome.code for outcome in outcomes), default=0)
