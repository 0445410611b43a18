"""A month's folder is only ever added to: each run's files are laid over the last complete month.

A run writes into a private staging folder beside the month (`.YYYY-MM.partial-*`, mode 0700). When
every page succeeded, the staging folder receives hard links to every file of the current month
that the run did not remake, the previous version of each file it did remake goes under
`history/<run-id>/` (the run that made it), and the two folders are swapped in one atomic
`renameat2(RENAME_EXCHANGE)`: a reader (or a kill) sees the old complete month or the new one,
never a mix. `sent.log`, `.eml` files and anything else not made by a run are carried over as they
are. A failed run leaves the month's files alone: its executed notebooks go to `YYYY-MM.failed/`
and the month's run.json says that the latest run failed, so `send` can refuse it.
"""

from __future__ import annotations

import ctypes
import json
import os
import secrets
import shutil
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from helpers.figures.metrics import metrics_to_json, validate_metrics
from helpers.running.record import write_json
from helpers.settings.params import Params

RUN_RECORD = "run.json"
HISTORY = "history"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def new_run_id() -> str:
    """A run's id: when it started (UTC, sortable) and a few random characters."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


def staging_folder(output_dir: Path, month: str) -> Path:
    """A private folder (0700) beside the month, where a run writes before anything is shown."""
    return Path(tempfile.mkdtemp(prefix=f".{month}.partial-", dir=output_dir))


def write_month_inputs(work_dir: Path, metrics: dict[str, Any], params: Params) -> dict[str, Path]:
    """metrics.json and the resolved params.json (metrics.json is checked against the contract's
    schema while the pages run: `start_metrics_check`)."""
    (work_dir / "metrics.json").write_text(metrics_to_json(metrics), encoding="utf-8")
    params_file = work_dir / "params.json"
    params_file.write_text(params.model_dump_json(indent=2), encoding="utf-8")
    return {"metrics": work_dir / "metrics.json", "params": params_file}


def start_metrics_check(metrics: dict[str, Any]) -> Future[str | None]:
    """The month's figures checked against the contract's schema in a thread, while the pages run
    (importing jsonschema and checking took ~0.08 s before any page could start); its result is
    None, or why they do not fit, which fails the month before it is published."""
    pool = ThreadPoolExecutor(1, thread_name_prefix="case-audit-metrics-check")
    check = pool.submit(metrics_problem, metrics)
    pool.shutdown(wait=False)
    return check


def metrics_problem(metrics: dict[str, Any]) -> str | None:
    """Why `metrics` does not fit the contract's schema, or None."""
    import jsonschema

    try:
        validate_metrics(metrics)
    except jsonschema.ValidationError as error:
        return f"metrics.json does not fit the contract's schema: {error.message} (at {error.json_path})"
    return None


def read_run_record(month_dir: Path) -> dict[str, Any]:
    """The month's run.json, or {} when there is none or it cannot be read."""
    try:
        loaded = json.loads((month_dir / RUN_RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def relative_files(folder: Path) -> list[str]:
    """Every file under `folder`, as POSIX paths relative to it."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def _link(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:  # a file system without hard links: a copy keeps the record all the same
        shutil.copy2(source, target)


def _made_by(old: dict[str, Any], old_files: list[str]) -> dict[str, str]:
    """Which run made each of the old month's files (a month from before run ids: "earlier")."""
    if isinstance(old.get("files"), dict):
        return {str(k): str(v) for k, v in old["files"].items()}
    made = old.get("run_id") or "earlier"
    kept = ("sent.log", RUN_RECORD)
    return {
        f: made
        for f in old_files
        if f not in kept and not f.startswith(f"{HISTORY}/") and not f.endswith(".eml")
    }


def _summary(record: dict[str, Any]) -> dict[str, Any]:
    keys = ("run_id", "status", "started_at", "finished_at", "formats", "publication")
    summary = {k: record.get(k) for k in keys}
    summary["pages"] = sorted(record.get("pages") or {})
    return summary


def publish_complete(staging: Path, month_dir: Path, record: dict[str, Any]) -> dict[str, Any]:
    """Lay the staging folder's files over the month; returns the run.json written."""
    run_id = record["run_id"]
    made = relative_files(staging)
    old = read_run_record(month_dir) if month_dir.is_dir() else {}
    old_files = relative_files(month_dir) if month_dir.is_dir() else []
    made_by = _made_by(old, old_files)
    for rel in old_files:
        source = month_dir / rel
        if rel in made or rel == RUN_RECORD:
            # The version being replaced is kept under the run that made it.
            maker = old.get("run_id") if rel == RUN_RECORD else made_by.get(rel)
            kept = staging / HISTORY / (maker or "earlier") / rel
            if not kept.exists():
                _link(source, kept)
        else:
            _link(source, staging / rel)
    pages = {
        name: {"run_id": old.get("run_id") or "earlier", **page}
        for name, page in (old.get("pages") or {}).items()
        if isinstance(page, dict)
    }
    pages.update({name: {**page, "run_id": run_id} for name, page in record["pages"].items()})
    runs = [*(old.get("runs") or ([_summary(old)] if old else [])), _summary(record)]
    files = {**made_by, **dict.fromkeys(made, run_id)}
    merged = {
        **record,
        "pages": pages,
        "files": files,
        "runs": runs,
        "latest_run": _summary(record),
        "publication": _all_publication(files, runs, old),
    }
    write_json(staging / RUN_RECORD, merged)
    swap_into_place(staging, month_dir)
    return merged


def _all_publication(files: dict[str, str], runs: list[dict], old: dict[str, Any]) -> bool:
    """True only when every file in the month was made by a publication run.

    A publication rerun of one page over an ordinary month leaves the other pages unsuppressed,
    so the month as a whole is not a publication pack (and `send --publication` refuses it).
    """
    by_run = {r.get("run_id"): bool(r.get("publication")) for r in runs}
    return all(by_run.get(made, bool(old.get("publication"))) for made in set(files.values()))


def publish_failed(staging: Path, month_dir: Path, record: dict[str, Any]) -> Path:
    """Keep a failed run for diagnosis as `YYYY-MM.failed/`; mark the month's run.json failed."""
    failed_dir = month_dir.with_name(f"{month_dir.name}.failed")
    write_json(staging / RUN_RECORD, record)
    swap_into_place(staging, failed_dir)
    if month_dir.is_dir():
        old = read_run_record(month_dir)
        kept = month_dir / HISTORY / (old.get("run_id") or "earlier") / RUN_RECORD
        if (month_dir / RUN_RECORD).exists() and not kept.exists():
            _link(month_dir / RUN_RECORD, kept)
        latest = {**_summary(record), "failed_pages": _failed_pages(record)}
        latest["folder"] = failed_dir.name
        marked = {
            **old,
            "status": record["status"],
            "latest_run": latest,
            "runs": [*(old.get("runs") or ([_summary(old)] if old else [])), _summary(record)],
        }
        fresh = month_dir / f".{RUN_RECORD}.{record['run_id']}"
        write_json(fresh, marked)
        os.replace(fresh, month_dir / RUN_RECORD)
    return failed_dir


def _failed_pages(record: dict[str, Any]) -> list[str]:
    return [n for n, p in record.get("pages", {}).items() if p.get("status") != "done"]


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically (Linux renameat2); False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    done = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    return done == 0


def swap_into_place(staging: Path, destination: Path) -> None:
    """Put `staging` at `destination`; the folder it replaces is removed afterwards."""
    staging.chmod(0o755)  # made private by mkdtemp; the month is meant to be read by others
    if not destination.exists():
        staging.rename(destination)
        return
    if not _exchange(staging, destination):
        # Two renames: a kill between them leaves `.old-*`, which the next run puts back.
        retired = destination.with_name(f".{destination.name}.old-{secrets.token_hex(3)}")
        destination.rename(retired)
        staging.rename(destination)
        staging = retired
    staging.chmod(0o700)  # the replaced copy is private while it is being removed
    shutil.rmtree(staging, ignore_errors=True)


def move_into_place(work_dir: Path, destination: Path) -> None:
    """Replace `destination` with `work_dir` whole (kept for callers of the old runner)."""
    swap_into_place(work_dir, destination)


def remove_legacy_caches(output_dir: Path) -> None:
    """`.cache-*` folders that older versions wrote into the outputs (pickled extracts): removed."""
    for left in output_dir.glob(".cache-*"):
        shutil.rmtree(left, ignore_errors=True)


def recover_month(output_dir: Path, month: str) -> None:
    """What a killed run left beside the month: staging folders removed, a half swap undone.

    Called while holding the month's lock, so nothing found here belongs to a live run.
    """
    month_dir = output_dir / month
    for left in sorted(output_dir.glob(f".{month}.old-*")):
        if not month_dir.exists():
            left.rename(month_dir)
        else:
            shutil.rmtree(left, ignore_errors=True)
    for left in output_dir.glob(f".{month}.partial-*"):
        shutil.rmtree(left, ignore_errors=True)
    for left in month_dir.glob(f".{RUN_RECORD}.*") if month_dir.is_dir() else []:
        left.unlink(missing_ok=True)
