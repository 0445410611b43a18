"""The monthly run: load and check the extracts once, then execute every page notebook with papermill.

The run holds a lock on each of its months (`month_lock.py`), hands the extracts to the kernels
through a private Parquet cache (`cache.py`), runs the pages in worker processes that die with it
(`workers.py`) and writes each month into a private staging folder. A complete month is laid over
the month's folder, which is only ever added to: replaced files go to its `history/`
(`month_folder.py`). A failed run is kept as `<YYYY-MM>.failed/` for diagnosis, and the month's
run.json says its latest run failed. What each run did is recorded in run.json (`record.py`).

A publication run (`publication.py`) writes its own pack in `<YYYY-MM>/publication/` the same way:
its kernels get only the publishable set, audited first; a month the audit refuses runs no page.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from helpers.figures.metrics import compute_metrics
from helpers.running import publication as pack
from helpers.running.cache import AUDITS_WITHOUT_TEXT, extracts_cache
from helpers.running.jobs import (
    FORMATS,
    KERNEL_NAME,
    LONGEST_FIRST,
    NOTEBOOKS_DIR,
    PAGES,
    READ_MATCHES,
    SECTIONS,
    MonthResult,
    PageJob,
    PageResult,
    page_title,
)
from helpers.running.month_folder import (
    move_into_place,
    new_run_id,
    publish_complete,
    publish_failed,
    recover_month,
    remove_legacy_caches,
    staging_folder,
    start_metrics_check,
    write_month_inputs,
)
from helpers.running.month_lock import month_locks
from helpers.running.output_dir import check_output_dir
from helpers.running.preflight import (
    kernel_missing_reason,
    load_run_codebook,
    load_run_coder,
    pdf_unavailable_reason,
    theme_counter,
)
from helpers.running.record import describe_inputs, package_versions, start_checksums
from helpers.running.workers import (
    ProgressCallback,
    _convert,
    default_workers,
    execute_page,
    run_pages,
)
from helpers.safe.disclosure import DisclosureError
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
    "PreparedMonths",
    "ProgressCallback",
    "_convert",
    "execute_page",
    "kernel_missing_reason",
    "load_run_codebook",
    "load_run_coder",
    "move_into_place",
    "pdf_unavailable_reason",
    "prepare_months",
    "publish_months",
    "run_months",
    "theme_counter",
]


@dataclass
class PreparedMonths:
    """One authority's months, ready for their pages to run: staging folders written, locks held.

    Made by `prepare_months`; its `jobs` go to the pool (or the cluster) with any other
    authority's, and `publish_months` then writes each month from the pages' results.
    """

    output_dir: Path
    months: list[str]
    params: Params
    formats: tuple[str, ...]
    pages: tuple[str, ...]
    run_id: str
    work_dirs: dict[str, Path]
    started: dict[str, str]
    audited: dict[str, dict]  # each publication month's disclosure audit, or its refusal
    jobs: list[PageJob]
    inputs: dict
    warnings: list[str]
    # Each month's metrics.json check against the schema, done while the pages run.
    metrics_checks: dict[str, Future[str | None]] = field(default_factory=dict)


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
    wait: bool = False,
    on_wait: Callable[[str], None] = lambda _: None,
    extras: dict[str, pd.DataFrame | None] | None = None,
    scheduler: str | None = None,
) -> list[MonthResult]:
    """Every month's pages in one pool; the extracts were loaded once and are shared as a cache.

    With `scheduler` (a Dask scheduler's address) the pages run on that cluster instead; their
    files come back here and each month is published as with the local pool. Several
    authorities' months run together through `region.run_region`, with the same two steps.

    `extras` holds the optional `actions` and `moderation` extracts, loaded and checked (their
    files are named in `input_files`); `audits` already carry the moderated judgements.

    UnsafeOutputDir, MonthBusy (another run holds a month, unless `wait`) or CacheError stop the
    run before any page starts.
    """
    with prepare_months(
        months,
        audits,
        visits,
        params,
        input_files,
        output_dir,
        formats,
        pages,
        theme_counts,
        notebooks_dir,
        wait,
        on_wait,
        extras,
    ) as prepared:
        jobs = longest_first(prepared.jobs)
        workers = workers or default_workers(len(jobs))
        results = run_pages(jobs, workers, on_event, scheduler) if jobs else []
        return publish_months(prepared, results)


def params_naming_inputs(params: Params, input_files: dict[str, Path | None]) -> Params:
    """The parameters with `data` naming exactly the run's own input files: params.json then
    says what the run read, and a page never falls back to the defaults' data."""
    named = {name: input_files.get(name) for name in DataPaths.model_fields}
    return params.model_copy(update={"data": DataPaths(**named)})


def longest_first(jobs: list[PageJob]) -> list[PageJob]:
    """The longest pages start first so that the last one to finish is a short one."""
    return sorted(jobs, key=lambda job: LONGEST_FIRST.index(job.page))


@contextmanager
def prepare_months(
    months: Iterable[str],
    audits: pd.DataFrame,
    visits: pd.DataFrame | None,
    params: Params,
    input_files: dict[str, Path | None],
    output_dir: Path,
    formats: tuple[str, ...] = ("html", "pdf"),
    pages: tuple[str, ...] = PAGES,
    theme_counts: Callable[[str], dict[str, dict[str, int]]] | None = None,
    notebooks_dir: Path = NOTEBOOKS_DIR,
    wait: bool = False,
    on_wait: Callable[[str], None] = lambda _: None,
    extras: dict[str, pd.DataFrame | None] | None = None,
) -> Iterator[PreparedMonths]:
    """The months locked, their staging folders holding metrics.json and params.json, their
    page jobs made; the extracts' cache lives, and the locks are held, until the block ends.

    The frames are not kept: once prepared, an authority's extracts can leave memory. Staging
    folders not yet published when the block ends by an error are removed.
    """
    # Absolute, because the kernels run in notebooks/ and read the month's files by path.
    output_dir = check_output_dir(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    params = params_naming_inputs(params, input_files)
    extras = extras or {}
    months = list(months)
    with month_locks(output_dir, months, wait, on_wait):
        remove_legacy_caches(output_dir)
        for month in months:
            recover_month(output_dir, month)
        work_dirs: dict[str, Path] = {}
        try:
            # The comments' theme matches, coded once for every theme page (none in publication).
            matches = None if params.publication else getattr(theme_counts, "window_matches", None)
            checksums = start_checksums(input_files)  # while the cache and metrics are written
            with extracts_cache(audits, visits, theme_matches=matches, extras=extras) as cached:
                prepared = PreparedMonths(
                    output_dir,
                    months,
                    params,
                    formats,
                    pages,
                    new_run_id(),
                    work_dirs,
                    {},
                    {},
                    [],
                    {},  # the inputs, described once their checksums are done (below)
                    [
                        w
                        for f in (audits, visits)
                        if f is not None
                        for w in f.attrs.get("warnings", [])
                    ],
                )
                for month in months:
                    work_dirs[month], prepared.started[month] = (
                        staging_folder(output_dir, month),
                        now(),
                    )
                    prepared.jobs += month_jobs(
                        month,
                        work_dirs[month],
                        audits,
                        visits,
                        params,
                        cached,
                        formats,
                        pages,
                        theme_counts,
                        notebooks_dir,
                        extras,
                        prepared.audited,
                        prepared.metrics_checks,
                    )
                frames = {"audits": audits, "visits": visits, **extras}
                prepared.inputs = describe_inputs(input_files, frames, checksums)
                # A region holds many authorities prepared at once: their frames can go now.
                del audits, visits, extras, theme_counts, matches, frames
                yield prepared
        except BaseException:
            for folder in work_dirs.values():
                shutil.rmtree(folder, ignore_errors=True)
            raise


def publish_months(prepared: PreparedMonths, results: list[PageResult]) -> list[MonthResult]:
    """Each month written whole from its pages' results: complete, or kept as `<YYYY-MM>.failed/`."""
    params, pages = prepared.params, prepared.pages
    month_results = []
    for month in prepared.months:
        mine = sorted((r for r in results if r.month == month), key=lambda r: pages.index(r.page))
        check = prepared.metrics_checks.get(month)
        refused = prepared.audited.get(month, {}).get("error") or (check and check.result())
        status = "complete" if all(r.status == "done" for r in mine) and not refused else "failed"
        record = {
            "run_id": prepared.run_id,
            "month": month,
            "status": status,
            "publication": bool(params.publication),
            "started_at": prepared.started[month],
            "finished_at": now(),
            "formats": list(prepared.formats),
            "pages": {
                r.page: {k: v for k, v in asdict(r).items() if k not in ("month", "page")}
                for r in mine
            },
            "inputs": prepared.inputs,
            "warnings": prepared.warnings,
            "versions": package_versions(),
            "parameters": params.model_dump(mode="json"),
        }
        work_dir = prepared.work_dirs[month]
        folder = pack.pack_folder(prepared.output_dir, month, bool(params.publication))
        if params.publication:
            record["disclosure_audit"] = prepared.audited[month]
            folder.parent.mkdir(parents=True, exist_ok=True)
            if status == "complete":
                pack.remove_private_files(work_dir)
        if status == "complete":
            publish_complete(work_dir, folder, record)
        else:
            folder = publish_failed(work_dir, folder, record)
        month_results.append(MonthResult(month, status, folder, mine, refused))
    return month_results


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def month_jobs(
    month: str,
    work_dir: Path,
    audits: pd.DataFrame,
    visits: pd.DataFrame | None,
    params: Params,
    cached: dict[str, Path | None],
    formats: tuple[str, ...],
    pages: tuple[str, ...],
    theme_counts: Callable[[str], dict[str, dict[str, int]]] | None,
    notebooks_dir: Path,
    extras: dict[str, pd.DataFrame | None] | None = None,
    audited: dict[str, dict] | None = None,
    metrics_checks: dict[str, Future[str | None]] | None = None,
) -> list[PageJob]:
    """The month's metrics.json and params.json written, and a job for each of its pages.

    In publication mode metrics.json is the publishable set and the kernels get no extracts;
    `audited` receives the disclosure audit (or, with no jobs, why the audit refused the month).
    """
    from helpers.settings.periods import month_label

    extras = extras or {}
    metrics = compute_metrics(
        audits,
        visits,
        month,
        params,
        theme_counts(month) if theme_counts else None,
        extras.get("actions"),
        extras.get("moderation"),
    )
    extracts = {
        f"{name}_path": None if cached.get(name) is None else str(cached[name])
        for name in ("audits", "visits", "actions", "moderation")
    }
    if params.publication:
        try:
            publishable = pack.compute_publishable(audits, visits, metrics, params)
        except DisclosureError as error:
            if audited is not None:
                audited[month] = {"error": f"disclosure audit: {error}", "exposed": None}
            return []
        metrics = pack.publishable_metrics(publishable)
        if audited is not None:
            audited[month] = publishable.audit
        extracts = dict.fromkeys(extracts)
    written = write_month_inputs(work_dir, metrics, params)
    if metrics_checks is not None:
        metrics_checks[month] = start_metrics_check(metrics)
    parameters = {
        "month": month,
        **extracts,
        "params_path": str(written["params"]),
        "publication": bool(params.publication),
        "metrics_path": str(written["metrics"]),
    }
    title = month_label(month)
    return [
        PageJob(
            month,
            page,
            notebooks_dir / f"{page}.ipynb",
            work_dir,
            {
                **parameters,
                **audits_parameter(page, cached, params),
                **theme_matches_parameter(page, cached, params),
            },
            formats,
            page_title(page, title, params),
        )
        for page in pages
    ]


def audits_parameter(page: str, cached: dict[str, Path | None], params: Params) -> dict:
    """`audits_path` without the free text for a page that shows none of it (every page but
    those that read the comments' theme matches); nothing otherwise, nor in publication mode,
    whose pages read no extract."""
    path = cached.get(AUDITS_WITHOUT_TEXT)
    if page in READ_MATCHES or path is None or params.publication:
        return {}
    return {"audits_path": str(path)}


def theme_matches_parameter(page: str, cached: dict[str, Path | None], params: Params) -> dict:
    """`theme_matches_path` for a page that reads the matches the run coded once; nothing for
    other pages, nor in publication mode, nor when the run coded none (its kernels code)."""
    path = cached.get("theme_matches")
    if page not in READ_MATCHES or path is None or params.publication:
        return {}
    return {"theme_matches_path": str(path)}
