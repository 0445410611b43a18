"""A region: several authorities' months run together (`case-audit run --authority ...`).

The Dask cluster's side (pages of two authorities running at once, a worker that dies) is in
test_cluster.py; here the local pool, and how results find their authority.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.extracts.demo import write_demo_extracts
from helpers.extracts.loading import load_audits, load_visits
from helpers.running import region
from helpers.running.jobs import PageResult
from helpers.running.runner import prepare_months
from helpers.settings.params import PARAMS_DIR, load_params

MONTH = "2019-06"
CASE_AUDIT = str(Path(sys.executable).parent / "case-audit")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    files = write_demo_extracts(tmp_path_factory.mktemp("demo"))
    return files, load_audits(files["audits"]), load_visits(files["visits"])


def preparer(demo, out: Path, pages: tuple[str, ...]) -> region.Preparer:
    files, audits, visits = demo

    def prepare(stack: contextlib.ExitStack):
        inputs = {"audits": files["audits"], "visits": files["visits"]}
        return stack.enter_context(
            prepare_months(
                [MONTH], audits, visits, load_params(MONTH), inputs, out, ("html",), pages
            )
        )

    return prepare


def skipped(stack: contextlib.ExitStack):
    raise region.AuthoritySkipped("eastfield.yaml: audits.csv has 3 problems", 2)


def test_each_page_result_goes_back_to_its_own_authoritys_month(demo, tmp_path, monkeypatch):
    ran = []

    def fake_pages(jobs, workers, on_event, scheduler=None):
        ran.extend(jobs)  # one submission holding both authorities' pages
        return [PageResult(job.month, job.page, "done", 1.0, [f"{job.page}.html"]) for job in jobs]

    monkeypatch.setattr(region, "run_pages", fake_pages)
    outcomes = region.run_region(
        {
            "northbrook": preparer(demo, tmp_path / "northbrook", ("report", "compliance")),
            "southmere": preparer(demo, tmp_path / "southmere", ("compliance",)),
        }
    )
    assert [job.month for job in ran] == [
        "northbrook/2019-06",  # the report first: the longest page starts first
        "northbrook/2019-06",
        "southmere/2019-06",
    ]
    north, south = outcomes
    assert [r.page for r in north.results[0].pages] == ["report", "compliance"]
    assert [r.page for r in south.results[0].pages] == ["compliance"]
    assert north.results[0].pages[0].month == MONTH
    record = json.loads((tmp_path / "southmere" / MONTH / "run.json").read_text())
    assert list(record["pages"]) == ["compliance"] and record["status"] == "complete"
    assert region.region_exit_code(outcomes) == 0


def test_each_month_is_published_as_soon_as_its_last_page_is_back(demo, tmp_path, monkeypatch):
    seen = {}

    def pages_reported_as_they_end(jobs, workers, on_event, scheduler=None):
        results = []
        for job in jobs:  # northbrook's two pages end first, then southmere's
            result = PageResult(job.month, job.page, "done", 1.0, [f"{job.page}.html"])
            on_event(job.month, job.page, "done", result)
            results.append(result)
            seen[(job.month, job.page)] = {
                name: (tmp_path / name / MONTH).is_dir() for name in ("northbrook", "southmere")
            }
        return results

    monkeypatch.setattr(region, "run_pages", pages_reported_as_they_end)
    north, south = region.run_region(
        {
            "northbrook": preparer(demo, tmp_path / "northbrook", ("report", "compliance")),
            "southmere": preparer(demo, tmp_path / "southmere", ("judgements",)),
        }
    )
    # After northbrook's first page its month waits for the second; then it is in its folder.
    assert seen[("northbrook/2019-06", "report")] == {"northbrook": False, "southmere": False}
    assert seen[("northbrook/2019-06", "compliance")] == {"northbrook": True, "southmere": False}
    assert seen[("southmere/2019-06", "judgements")] == {"northbrook": True, "southmere": True}
    assert [r.page for r in north.results[0].pages] == ["report", "compliance"]
    assert (north.code, south.code) == (0, 0)


def test_a_skipped_authority_leaves_the_others_running_and_the_exit_code_2(demo, tmp_path):
    outcomes = region.run_region(
        {"eastfield": skipped, "southmere": preparer(demo, tmp_path / "southmere", ())}
    )
    east, south = outcomes
    assert east.skipped == "eastfield.yaml: audits.csv has 3 problems" and east.code == 2
    assert south.code == 0 and south.results[0].status == "complete"
    assert (tmp_path / "southmere" / MONTH / "metrics.json").exists()
    assert region.region_exit_code(outcomes) == 2


def test_an_authority_whose_page_failed_makes_the_exit_code_1(demo, tmp_path, monkeypatch):
    def failing(jobs, workers, on_event, scheduler=None):
        return [PageResult(job.month, job.page, "failed", 1.0, error="boom") for job in jobs]

    monkeypatch.setattr(region, "run_pages", failing)
    [outcome] = region.run_region(
        {"northbrook": preparer(demo, tmp_path / "northbrook", ("compliance",))}
    )
    assert outcome.code == 1 and outcome.results[0].status == "failed"
    assert not (tmp_path / "northbrook" / MONTH).exists()
    assert (tmp_path / "northbrook" / f"{MONTH}.failed" / "run.json").exists()


def write_authority(folder: Path, name: str, audits: Path, visits: Path) -> Path:
    file = folder / f"{name}.yaml"
    file.write_text(
        f"authority: {name.title()} Council (test)\ndata:\n  audits: {audits}\n  visits: {visits}\n"
    )
    return file


@pytest.mark.e2e
def test_a_region_runs_together_locally_skips_a_bad_authority_and_matches_a_lone_run(
    demo, tmp_path
):
    files, _, _ = demo
    bad = tmp_path / "bad-audits.csv"
    bad.write_text("audit_id,colour\nA-1,blue\n")
    names = {
        "northbrook": (files["audits"], files["visits"]),
        "eastfield": (bad, files["visits"]),
        "southmere": (files["audits"], files["visits"]),
    }
    authorities = [write_authority(tmp_path, n, *paths) for n, paths in names.items()]
    common = ["--month", MONTH, "--pages", "compliance", "--formats", "html"]
    out = tmp_path / "out"
    region_run = subprocess.run(
        [CASE_AUDIT, "run", *common, "--output-dir", str(out)]
        + [arg for file in authorities for arg in ("--authority", str(file))],
        capture_output=True,
        text=True,
    )
    assert region_run.returncode == 2, region_run.stderr[-3000:]
    assert "bad-audits.csv" in region_run.stderr  # the bad extract is named
    assert "eastfield: skipped" in region_run.stderr
    assert not (out / "eastfield" / MONTH).exists()
    alone = tmp_path / "alone"
    lone_run = subprocess.run(
        [CASE_AUDIT, "run", *common, "--params", str(authorities[0]), "--output-dir", str(alone)],
        capture_output=True,
        text=True,
    )
    assert lone_run.returncode == 0, lone_run.stderr[-3000:]
    for name in ("metrics.json", "params.json", "compliance.html"):
        together = (out / "northbrook" / MONTH / name).read_bytes()
        assert together == (alone / MONTH / name).read_bytes(), name
    southmere = (out / "southmere" / MONTH / "compliance.html").read_text()
    assert "Southmere Council (test)" in southmere
    assert (out / "southmere" / "index.html").exists()


def test_a_prepared_authoritys_extracts_leave_memory_before_its_pages_run(demo, tmp_path):
    """A region of 33 authorities holds them all prepared at once, but not all their extracts."""
    import gc
    import weakref

    files, audits, visits = demo
    copy = audits.copy()
    held = weakref.ref(copy)
    with contextlib.ExitStack() as stack:
        inputs = {"audits": files["audits"], "visits": files["visits"]}
        context = prepare_months([MONTH], copy, visits, load_params(MONTH), inputs, tmp_path, ())
        prepared = stack.enter_context(context)
        del copy
        gc.collect()
        assert held() is None
        assert prepared.inputs["audits"]["rows"] == len(audits)


def test_the_commands_authorities_are_checked_first_and_a_busy_or_bad_one_is_skipped(
    demo, tmp_path
):
    """No page runs here (`pages=()`): what the command does with each authority before its pages."""
    from helpers.running.month_lock import month_lock
    from helpers.running.region_command import RegionChoices, _preparer

    files, _, _ = demo
    bad = tmp_path / "bad-audits.csv"
    bad.write_text("audit_id,colour\nA-1,blue\n")
    authorities = [
        write_authority(tmp_path, "northbrook", files["audits"], files["visits"]),
        write_authority(tmp_path, "eastfield", bad, files["visits"]),
        write_authority(tmp_path, "southmere", files["audits"], files["visits"]),
    ]
    out = tmp_path / "out"
    chosen = RegionChoices([MONTH], out, ("html",), (), False, False, PARAMS_DIR, False)
    (out / "southmere").mkdir(parents=True)
    with month_lock(out / "southmere", MONTH):  # another run is writing southmere's month
        outcomes = region.run_region({f.stem: _preparer(f, chosen) for f in authorities})
    north, east, south = outcomes
    assert north.code == 0 and (out / "northbrook" / MONTH / "metrics.json").exists()
    assert east.code == 2 and "bad-audits.csv" in east.skipped
    assert south.code == 2 and "is being written by" in south.skipped
    assert not (out / "southmere" / MONTH).exists()
    assert region.region_exit_code(outcomes) == 2


def test_a_regions_live_progress_shows_the_pages_running_or_failed_and_counts_the_rest():
    from io import StringIO

    from rich.console import Console

    from helpers.running.progress import PageProgress

    labels = [region.job_label(f"borough{n:02d}", MONTH) for n in range(33)]
    progress = PageProgress(labels, ("report", "compliance"), Console(file=StringIO()))
    progress(labels[0], "report", "done", PageResult(labels[0], "report", "done", 2.0))
    progress(labels[1], "report", "running", None)
    failed = PageResult(labels[2], "report", "failed", 1.0, error="KilledWorker: x", cell=None)
    progress(labels[2], "report", "failed", failed)
    console = Console(file=StringIO(), width=100)
    console.print(progress.table())
    shown = console.file.getvalue()
    assert "borough01/2019-06  report  running" in shown
    assert "borough02/2019-06  report  failed: KilledWorker: x" in shown
    assert "borough00/2019-06" not in shown and "borough03/2019-06" not in shown
    assert "1 of 66 pages done, 63 queued" in shown
