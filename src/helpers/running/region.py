"""A region: several authorities' months run together, their pages in one submission.

Each authority is prepared as a single-authority run is (`runner.prepare_months`: its months
locked, metrics.json and params.json in its staging folders, its extracts in a cache of its own),
then every authority's month x page jobs go to the local pool, or to the Dask cluster, at once,
so one authority's pages run while another's are still running. The results come back here and
each authority's month is published into its own folder (`runner.publish_months`) as soon as
its last page is back, whole or kept as `<YYYY-MM>.failed/`, exactly as when the authority runs
alone.

An authority that cannot be prepared (bad parameters or extracts, a month another run is writing)
is skipped with its reason; the others still run.
"""

from __future__ import annotations

import contextlib
import resource
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from helpers.running.jobs import MonthResult, PageJob, PageResult
from helpers.running.runner import PreparedMonths, longest_first, publish_months
from helpers.running.workers import ProgressCallback, default_workers, run_pages


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


class MonthPublisher:
    """Publishes an authority's month as soon as the last of its pages is back.

    A region's backfill can run for hours: each month finished is in its folder, whole, even if
    the run is stopped later. It hears of each page through the pool's progress callback, which it
    passes on; a month it has not heard the end of is published by `finish` from the pool's own
    results (and so is a month that had no page to run).
    """

    def __init__(
        self,
        prepared: dict[str, PreparedMonths],
        on_event: ProgressCallback,
        on_published: Callable[[str], None] = lambda _: None,
    ) -> None:
        self.prepared, self.on_event, self.on_published = prepared, on_event, on_published
        self.waiting = Counter(job.month for job in region_jobs(prepared))
        self.results: dict[str, list[PageResult]] = {name: [] for name in prepared}
        self.published: dict[str, list[MonthResult]] = {name: [] for name in prepared}

    def __call__(self, label: str, page: str, status: str, result: PageResult | None) -> None:
        self.on_event(label, page, status, result)
        if result is None or label not in self.waiting:  # started, not finished
            return
        name, month = _split_label(label)
        self.results[name].append(replace(result, month=month))
        self.waiting[label] -= 1
        if self.waiting[label] == 0:
            del self.waiting[label]
            self._publish(name, [month])

    def _publish(self, name: str, months: list[str]) -> None:
        one = replace(self.prepared[name], months=months)
        self.published[name] += publish_months(one, self.results[name])
        self.on_published(name)

    def finish(self, results: list[PageResult]) -> dict[str, AuthorityOutcome]:
        """Every month not yet published, from the pool's results; each authority's outcome."""
        heard = {(name, r.month, r.page) for name, rs in self.results.items() for r in rs}
        for result in results:
            name, month = _split_label(result.month)
            if (name, month, result.page) not in heard and name in self.results:
                self.results[name].append(replace(result, month=month))
        outcomes = {}
        for name, prepared in self.prepared.items():
            done = {r.month for r in self.published[name]}
            rest = [month for month in prepared.months if month not in done]
            if rest:
                self._publish(name, rest)
            published = sorted(self.published[name], key=lambda r: prepared.months.index(r.month))
            failed = any(result.status != "complete" for result in published)
            outcomes[name] = AuthorityOutcome(name, published, code=1 if failed else 0)
        return outcomes


def run_region_pages(
    prepared: dict[str, PreparedMonths],
    on_event: ProgressCallback = lambda *_: None,
    workers: int | None = None,
    scheduler: str | None = None,
    on_published: Callable[[str], None] = lambda _: None,
) -> dict[str, AuthorityOutcome]:
    """Every authority's pages in one pool (or on the cluster), each month published into its
    authority's folder as soon as its pages are back; each authority's outcome.

    `on_event` hears of each page by its label (`job_label`), its page and its status;
    `on_published` of the authority (by name) whose month was just published.
    """
    jobs = region_jobs(prepared)
    publisher = MonthPublisher(prepared, on_event, on_published)
    workers = workers or default_workers(len(jobs))
    results = run_pages(jobs, workers, publisher, scheduler) if jobs else []
    return publisher.finish(results)


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
        outcomes = {**skipped, **run_region_pages(prepared, on_event, workers, scheduler)}
    return [outcomes[name] for name in authorities]


def region_exit_code(outcomes: Iterable[AuthorityOutcome]) -> int:
    """2 when an authority was skipped for bad input, else 1 when a page failed, else 0."""
    return max((outcome.code for outcome in outcomes), default=0)
