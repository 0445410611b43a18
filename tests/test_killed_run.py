"""`kill -9` of a run at several points: the month is the old complete one (or a new complete
one), no process of the run survives, and no copy of the extracts is left readable."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from helpers.extracts.demo import write_demo_extracts
from helpers.running.month_folder import publish_complete, staging_folder

pytestmark = pytest.mark.e2e
CASE_AUDIT = str(Path(sys.executable).parent / "case-audit")
MONTH = "2019-06"
PAGE = "compliance"


def processes_tagged(tag: str) -> list[int]:
    """Every live process whose environment carries `tag` (the run, its workers, kernels)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if tag.encode() in (entry / "environ").read_bytes():
                state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
                if state != "Z":
                    found.append(int(entry.name))
        except OSError:
            continue
    return found


def wait_for(check: Callable[[], object], seconds: float = 120) -> object:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError("the run never reached the point where it was to be killed")


def old_month(out: Path) -> dict[str, bytes]:
    """A complete month made by an earlier run; returns its files and contents."""
    out.mkdir(parents=True, exist_ok=True)
    staging = staging_folder(out, MONTH)
    for name in ("report.html", "compliance.html", "metrics.json"):
        (staging / name).write_text(f"old {name}")
    record = {"run_id": "old-run", "month": MONTH, "status": "complete", "pages": {}}
    publish_complete(staging, out / MONTH, record)
    (out / MONTH / "sent.log").write_text('{"status": "sent"}\n')
    return snapshot(out / MONTH)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


CHILD_IDS: list[str] = []


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> dict[str, Path]:
    files = write_demo_extracts(tmp_path_factory.mktemp("demo"))
    audits = pd.read_csv(files["audits"], dtype=str)
    CHILD_IDS[:] = sorted(set(audits["child_id"]))[:200]
    return files


def page_executing(out: Path) -> Callable[[], bool]:
    """The page's worker has opened its log and started papermill: its kernel runs the cells."""
    started: list[float] = []

    def check() -> bool:
        if not started and list(out.glob(f".{MONTH}.partial-*/notebooks/{PAGE}.log")):
            started.append(time.monotonic())
        # Soon after: the demo's compliance page can be done in about a second.
        return bool(started) and time.monotonic() - started[0] > 0.3

    return check


@pytest.mark.parametrize("point", ["loading", "cache written", "page executing"])
def test_a_killed_run_leaves_the_old_month_no_process_and_no_readable_copy(demo, tmp_path, point):
    out, private = tmp_path / "outputs", tmp_path / "tmp"
    private.mkdir()
    before = old_month(out)
    tag = f"CASE_AUDIT_KILL_TEST={uuid.uuid4().hex}"
    env = {**os.environ, "TMPDIR": str(private), tag.split("=")[0]: tag.split("=")[1]}
    run = subprocess.Popen(
        [CASE_AUDIT, "run", "--month", MONTH, "--audits", str(demo["audits"]), "--visits",
         str(demo["visits"]), "--pages", "compliance", "--formats", "html",
         "--output-dir", str(out)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    reached = {
        "loading": lambda: time.sleep(1.0) or True,
        "cache written": lambda: list(private.glob("case-audit-cache-*/audits.parquet")),
        "page executing": page_executing(out),
    }[point]
    try:
        wait_for(reached)
        alive = processes_tagged(tag)
    finally:
        run.send_signal(signal.SIGKILL)
        run.wait()
    if point == "page executing":
        # the run and what it started (forkserver, worker, zygote, kernel); how many are still
        # up just after the page began depends on the machine's load (seen: 2 to 6)
        assert len(alive) >= 2, alive
    deadline = time.monotonic() + 10
    while processes_tagged(tag) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert processes_tagged(tag) == [], "a worker or kernel outlived the killed run"
    after = snapshot(out / MONTH)
    if after != before:  # killed after the swap: the new month, complete, with the old kept
        record = json.loads(after["run.json"])
        assert record["status"] == "complete" and "compliance.html" in record["files"]
        assert after["history/old-run/compliance.html"] == before["compliance.html"]
        assert after["sent.log"] == before["sent.log"]
    # Whatever is left of the run is private to its user until the next start removes it.
    for left in [*private.iterdir(), *out.glob(".*partial*")]:
        assert left.stat().st_mode & 0o077 == 0, left
    assert not list(out.rglob("*.parquet")) and not list(out.rglob("*.pkl"))
    assert_no_extract_rows(out)
    # The next start (even one stopped by a bad argument after loading) removes what was left.
    subprocess.run(
        [CASE_AUDIT, "run", "--month", MONTH, "--audits", str(tmp_path / "missing.csv"),
         "--no-visits", "--output-dir", str(out)],
        env=env, capture_output=True,
    )  # fmt: skip
    assert not list(private.glob("case-audit-cache-*"))
    assert_no_extract_rows(private)
    assert_no_extract_rows(out)


def assert_no_extract_rows(folder: Path) -> None:
    """No file under `folder` holds a child's id from the extracts (in any format we write)."""
    for path in (p for p in folder.rglob("*") if p.is_file()):
        content = path.read_bytes()
        assert not any(child.encode() in content for child in CHILD_IDS), path
