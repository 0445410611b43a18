"""Pages on a Dask cluster (`case-audit run --scheduler`), here a `distributed.LocalCluster`.

The packs are the same, byte for byte, as the local pool's; a worker that dies mid-page has the
page run again, and one that keeps dying fails the month, which is then never published.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import dask
import nbformat
import pytest

from helpers.extracts.demo import write_demo_extracts
from helpers.extracts.loading import load_audits, load_visits
from helpers.running import runner as running
from helpers.settings.params import load_params
from helpers.sharing.convert import find_chromium

pytestmark = [pytest.mark.e2e, pytest.mark.cluster]
ROOT = Path(__file__).resolve().parents[1]
MONTH = "2019-06"
CASE_AUDIT = str(Path(sys.executable).parent / "case-audit")
PAGES = ("compliance", "judgements")


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    # One retry after a worker dies, so the always-dying page fails quickly.
    with (
        dask.config.set({"distributed.scheduler.allowed-failures": 1}),
        LocalCluster(
            n_workers=2, threads_per_worker=1, dashboard_address=None, silence_logs=40
        ) as local,
    ):
        yield local.scheduler_address


@pytest.fixture(autouse=True)
def workers_back(request):
    """Each test starts with both workers running: those a test before it killed are restarted
    by their nannies, and a file sent to the cluster goes to the workers there are."""
    if "cluster" not in request.fixturenames:
        return
    from distributed import Client

    with Client(request.getfixturevalue("cluster"), set_as_default=False) as client:
        client.wait_for_workers(2, timeout=60)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    files = write_demo_extracts(tmp_path_factory.mktemp("demo"))
    return files, load_audits(files["audits"]), load_visits(files["visits"])


def run_month_command(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [CASE_AUDIT, "run", "--month", MONTH, *args], capture_output=True, text=True
    )


def run(
    demo,
    out: Path,
    scheduler=None,
    notebooks_dir=running.NOTEBOOKS_DIR,
    formats=("html",),
    pages=PAGES,
):
    files, audits, visits = demo
    [result] = running.run_months(
        [MONTH],
        audits,
        visits,
        load_params(MONTH),
        {"audits": files["audits"], "visits": files["visits"]},
        out,
        formats,
        pages,
        notebooks_dir=notebooks_dir,
        scheduler=scheduler,
    )
    return result


def test_the_cluster_writes_the_same_pack_as_the_local_pool(cluster, demo, tmp_path):
    formats = ("html", "pdf") if find_chromium() else ("html",)
    local = run(demo, tmp_path / "local", formats=formats)
    remote = run(demo, tmp_path / "cluster", cluster, formats=formats)
    assert (local.status, remote.status) == ("complete", "complete")
    for name in ("metrics.json", "params.json", *(f"{p}.html" for p in PAGES)):
        assert (remote.folder / name).read_bytes() == (local.folder / name).read_bytes(), name
    made = {p.name for p in remote.folder.iterdir()}
    assert {f"{p}.{f}" for p in PAGES for f in formats} <= made
    assert (remote.folder / "notebooks" / "judgements.ipynb").exists()


def _notebooks_whose_judgements_page_kills_its_worker(tmp_path: Path, times: str) -> Path:
    """A copy of notebooks/ where judgements' first cell kills the Dask worker running it
    (the kernel's parent), once (`times="once"`) or every time."""
    notebooks = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", notebooks)
    marker = tmp_path / "died-once"
    planted = nbformat.read(notebooks / "judgements.ipynb", as_version=4)
    guard = (
        f"not __import__('pathlib').Path({str(marker)!r}).exists()" if times == "once" else "True"
    )
    planted.cells.insert(
        0,
        nbformat.v4.new_code_cell(
            "import os, signal, pathlib\n"
            f"if {guard}:\n"
            f"    pathlib.Path({str(marker)!r}).write_text('died')\n"
            "    os.kill(os.getppid(), signal.SIGKILL)"
        ),
    )
    nbformat.write(planted, notebooks / "judgements.ipynb")
    return notebooks


def test_a_worker_that_dies_mid_page_has_the_page_run_again(cluster, demo, tmp_path):
    notebooks = _notebooks_whose_judgements_page_kills_its_worker(tmp_path, "once")
    result = run(demo, tmp_path / "out", cluster, notebooks)
    assert (tmp_path / "died-once").exists()  # the first attempt did kill its worker
    assert result.status == "complete"
    assert (result.folder / "judgements.html").exists()


def test_a_page_whose_worker_keeps_dying_fails_the_month_and_nothing_is_published(
    cluster, demo, tmp_path
):
    notebooks = _notebooks_whose_judgements_page_kills_its_worker(tmp_path, "always")
    result = run(demo, tmp_path / "out", cluster, notebooks)
    assert result.status == "failed"
    [failure] = result.failures
    assert failure.page == "judgements" and "KilledWorker" in failure.error
    assert not (tmp_path / "out" / MONTH).exists()
    assert result.folder == tmp_path / "out" / f"{MONTH}.failed"


def _computed(task_stream: list[dict], authority: str) -> list[tuple[float, float]]:
    """When each of the authority's pages was computed on a worker (start, stop)."""
    return [
        (step["start"], step["stop"])
        for task in task_stream
        if task["key"].startswith(f"case-audit-{authority}/")
        for step in task["startstops"]
        if step["action"] == "compute"
    ]


def test_several_authorities_pages_are_on_the_cluster_together(cluster, demo, tmp_path):
    """Two authorities' pages at once; a third with a bad extract is skipped, with exit code 2.

    (The packs are those of each authority alone: test_region.py shows it for the local pool,
    and the first test here that the cluster's packs are the local pool's.)
    """
    from distributed import Client, get_task_stream

    files, _, _ = demo
    bad = tmp_path / "bad-audits.csv"
    bad.write_text("audit_id,colour\nA-1,blue\n")
    authorities = []
    for name, audits in (
        ("northbrook", files["audits"]),
        ("eastfield", bad),
        ("southmere", files["audits"]),
    ):
        file = tmp_path / f"{name}.yaml"
        file.write_text(
            f"authority: {name.title()} Council (test)\n"
            f"data:\n  audits: {audits}\n  visits: {files['visits']}\n"
        )
        authorities += ["--authority", str(file)]
    out = tmp_path / "out"
    with Client(cluster, set_as_default=False) as client, get_task_stream(client) as stream:
        completed = run_month_command(
            *authorities,
            "--scheduler",
            cluster,
            "--pages",
            "compliance",
            "--formats",
            "html",
            "--output-dir",
            str(out),
        )
    assert completed.returncode == 2, completed.stderr[-3000:]
    assert "bad-audits.csv" in completed.stderr and "eastfield: skipped" in completed.stderr
    assert not (out / "eastfield" / MONTH).exists()
    north, south = _computed(stream.data, "northbrook"), _computed(stream.data, "southmere")
    assert north and south
    # Run one after another, southmere's page would only start once northbrook's had ended.
    assert min(start for start, _ in south) < max(stop for _, stop in north)
    assert min(start for start, _ in north) < max(stop for _, stop in south)
    for name in ("northbrook", "southmere"):
        html = (out / name / MONTH / "compliance.html").read_text()
        assert f"{name.title()} Council (test)" in html


def test_a_worker_that_keeps_dying_fails_only_its_authoritys_month(cluster, demo, tmp_path):
    from helpers.running.region import run_region

    files, audits, visits = demo
    killing = _notebooks_whose_judgements_page_kills_its_worker(tmp_path, "always")

    def authority(name: str, notebooks: Path):
        def prepare(stack):
            return stack.enter_context(
                running.prepare_months(
                    [MONTH],
                    audits,
                    visits,
                    load_params(MONTH),
                    {"audits": files["audits"], "visits": files["visits"]},
                    tmp_path / name,
                    ("html",),
                    ("judgements",),
                    notebooks_dir=notebooks,
                )
            )

        return prepare

    north, south = run_region(
        {
            "northbrook": authority("northbrook", killing),
            "southmere": authority("southmere", running.NOTEBOOKS_DIR),
        },
        scheduler=cluster,
    )
    assert (north.code, south.code) == (1, 0)
    [failure] = north.results[0].failures
    assert "KilledWorker" in failure.error
    assert not (tmp_path / "northbrook" / MONTH).exists()  # never half written
    assert (tmp_path / "northbrook" / f"{MONTH}.failed").is_dir()
    assert (tmp_path / "southmere" / MONTH / "judgements.html").exists()


def test_an_unreachable_scheduler_is_a_message_with_exit_2(tmp_path):
    completed = run_month_command("--scheduler", "tcp://127.0.0.1:9", "--output-dir", str(tmp_path))
    assert completed.returncode == 2
    assert "no Dask scheduler answers at tcp://127.0.0.1:9" in completed.stderr
    assert "Traceback" not in completed.stderr
