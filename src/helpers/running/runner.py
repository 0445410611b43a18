"""The monthly run: load and check the extracts once, then execute every page notebook with papermill.

Pages run in parallel worker processes, each executing its notebook and converting it to HTML (and
PDF). A month is written to a temporary folder and moved into `<output-dir>/<YYYY-MM>/` only when
every page succeeded, so a crash never leaves half a month behind; a failed month is kept beside it
as `<YYYY-MM>.failed/` with the executed notebooks for diagnosis.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import platform
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

from helpers import __version__
from helpers.figures.metrics import compute_metrics, metrics_to_json, validate_metrics
from helpers.settings.params import PROJECT_ROOT, DataPaths, Params

NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
KERNEL_NAME = "case-audit"
SECTIONS: tuple[str, ...] = ("compliance", "scores", "judgements", "themes", "visits")
PAGES: tuple[str, ...] = (*SECTIONS, "report")
# Longest pages start first so that the last one to finish is a short one.
LONGEST_FIRST: tuple[str, ...] = (
    "report",
    "themes",
    "visits",
    "scores",
    "compliance",
    "judgements",
)
FORMATS: tuple[str, ...] = ("html", "pdf")
VERSIONED_PACKAGES = (
    "pandas",
    "numpy",
    "seaborn",
    "matplotlib",
    "papermill",
    "nbconvert",
    "nbclient",
    "ipykernel",
    "pydantic",
    "playwright",
)


@dataclass(frozen=True)
class PageJob:
    month: str
    page: str
    notebook: Path
    work_dir: Path
    parameters: dict[str, Any]
    formats: tuple[str, ...]
    title: str


@dataclass
class PageResult:
    month: str
    page: str
    status: str  # "done" or "failed"
    seconds: float
    outputs: list[str] = field(default_factory=list)
    error: str | None = None
    cell: int | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class MonthResult:
    month: str
    status: str  # "complete" or "failed"
    folder: Path
    pages: list[PageResult]

    @property
    def failures(self) -> list[PageResult]:
        return [p for p in self.pages if p.status != "done"]


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


def write_json(path: Path, data: dict[str, Any]) -> None:
    path.write_text(
        json.dumps(data, indent=2, sort_keys=True, default=str) + "\n", encoding="utf-8"
    )


def file_checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def package_versions() -> dict[str, str]:
    versions = {"python": platform.python_version(), "case-audit": __version__}
    for name in VERSIONED_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def page_title(page: str, month_label: str, params: Params) -> str:
    names = {
        "report": "Monthly audit report",
        "compliance": "Audit compliance",
        "scores": "Audit scores",
        "judgements": "Audit judgements",
        "themes": "Themes",
        "visits": "Children Looked After statutory visits",
    }
    return f"{names[page]}, {month_label}: {params.authority}"


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


ProgressCallback = Callable[[str, str, str, PageResult | None], None]


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


def write_month_inputs(work_dir: Path, metrics: dict[str, Any], params: Params) -> dict[str, Path]:
    """metrics.json (checked against the contract's schema) and the resolved params.json."""
    validate_metrics(metrics)
    (work_dir / "metrics.json").write_text(metrics_to_json(metrics), encoding="utf-8")
    params_file = work_dir / "params.json"
    params_file.write_text(params.model_dump_json(indent=2), encoding="utf-8")
    return {"metrics": work_dir / "metrics.json", "params": params_file}


def describe_inputs(files: dict[str, Path | None], frames: dict[str, pd.DataFrame | None]) -> dict:
    described = {}
    for name, path in files.items():
        if path is None:
            described[name] = None
            continue
        frame = frames[name]
        described[name] = {
            "path": str(path),
            "sha256": file_checksum(path),
            "rows": None if frame is None else len(frame),
        }
    return described


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
    cache = Path(tempfile.mkdtemp(prefix=".cache-", dir=output_dir))
    try:
        audits_cache = cache / "audits.pkl"
        audits.to_pickle(audits_cache)
        visits_cache = None
        if visits is not None:
            visits_cache = cache / "visits.pkl"
            visits.to_pickle(visits_cache)
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
                "audits_path": str(audits_cache),
                "visits_path": None if visits_cache is None else str(visits_cache),
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
    finally:
        shutil.rmtree(cache, ignore_errors=True)
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


def load_run_codebook(params: Params) -> Any:
    """The themes codebook for the run, checked before any kernel starts (ParamsError if bad)."""
    from helpers.figures import themes
    from helpers.settings.params import ParamsError

    try:
        return themes.load_codebook(params.themes.codebook, params.themes.add)
    except themes.CodebookError as error:
        raise ParamsError(str(error)) from None


def theme_counter(
    audits: pd.DataFrame, codebook: Any, months: list[str]
) -> Callable[[str], dict[str, dict[str, int]]]:
    """Theme counts for each of `months` and the month before, from one pass over their comments."""
    from helpers.figures import themes
    from helpers.settings.periods import previous_month

    wanted = set(months) | {previous_month(m) for m in months}
    matches = themes.match_themes(audits[audits["audit_month"].isin(wanted)], codebook)

    def counts(month: str) -> dict[str, dict[str, int]]:
        return {
            "month": themes.theme_counts_for_month(matches, month, codebook),
            "previous_month": themes.theme_counts_for_month(
                matches, previous_month(month), codebook
            ),
        }

    return counts


def kernel_missing_reason() -> str | None:
    """Why the notebooks' kernel cannot start, or None when it is registered."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        KernelSpecManager().get_kernel_spec(KERNEL_NAME)
    except NoSuchKernel:
        return (
            f"the Jupyter kernel '{KERNEL_NAME}' is not registered: run `make setup` "
            f"(or: python -m ipykernel install --sys-prefix --name {KERNEL_NAME})"
        )
    return None


def pdf_unavailable_reason() -> str | None:
    """Why PDFs cannot be made on this machine, or None when they can."""
    from helpers.sharing import convert

    if convert.find_chromium() is None:
        return (
            "no Chromium found, so no PDFs: install it (Debian: apt-get install chromium) "
            "or set CASE_AUDIT_CHROMIUM to its path."
        )
    return None
