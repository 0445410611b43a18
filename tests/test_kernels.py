"""Warm kernels: each page's kernel is a fork of one process whose imports are done, and pages
stay as isolated from one another as with kernels started cold."""

from __future__ import annotations

import os
import time

import nbformat
import papermill
import psutil
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from helpers.running.jobs import KERNEL_NAME, PAGES
from helpers.running.kernels import WarmKernelManager
from helpers.running.main import pages_asked, starts_local_run
from helpers.running.zygote import ZYGOTE_ENV, warm_kernels

pytestmark = pytest.mark.e2e


def _run(tmp_path, name: str, *sources: str) -> list[str]:
    """Execute a small notebook through papermill as the runner does; each cell's stdout."""
    source = tmp_path / f"{name}.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell(s) for s in sources]), source)
    executed = papermill.execute_notebook(
        str(source),
        str(tmp_path / f"{name}.out.ipynb"),
        kernel_name=KERNEL_NAME,
        kernel_manager_class=WarmKernelManager,
        progress_bar=False,
        cwd=str(tmp_path),
    )
    return ["".join(o.get("text", "") for o in cell.outputs).strip() for cell in executed.cells]


def test_page_kernels_are_forks_of_the_warm_zygote_and_share_nothing(tmp_path):
    with warm_kernels():
        first = _run(
            tmp_path,
            "first",
            "import os, sys; print(os.getppid(), os.getcwd())",
            "print('pandas' in sys.modules, 'helpers.pages.display' in sys.modules)",
            "import pandas; pandas.LEFT_BY_PAGE_ONE = 1; secret = 'page one'",
        )
        second = _run(
            tmp_path,
            "second",
            "import os; print(os.getppid())",
            "import pandas; print(hasattr(pandas, 'LEFT_BY_PAGE_ONE'), 'secret' in dir())",
        )
    parent, cwd = first[0].split()
    assert cwd == str(tmp_path)
    assert first[1] == "True True"  # imports were done before the page's first cell
    assert second[0] == parent  # the same zygote forked both kernels
    assert second[1] == "False False"  # nothing of page one reached page two
    assert int(parent) != os.getpid() and not psutil.pid_exists(int(parent))  # stopped after
    assert ZYGOTE_ENV not in os.environ


def test_without_a_zygote_kernels_start_the_ordinary_way(tmp_path):
    [parent] = _run(tmp_path, "cold", "import os; print(os.getppid())")
    assert int(parent) == os.getpid()  # started by papermill in this process


def test_the_zygote_imports_seaborn_only_for_a_run_with_the_themes_page(tmp_path):
    """seaborn (and scipy.stats) cost ~0.5 s and only the themes heatmap uses them."""
    check = "import sys; print('seaborn' in sys.modules, 'scipy.stats' in sys.modules)"
    with warm_kernels(["scores"]):
        [without] = _run(tmp_path, "scores_only", check)
    with warm_kernels(["scores", "themes"]):
        [with_themes] = _run(tmp_path, "with_themes", check)
    assert without == "False False"
    assert with_themes == "True True"


@pytest.mark.parametrize(
    ("argv", "starts"),
    [
        (["case-audit", "run", "--month", "2019-06"], True),
        (["case-audit", "run", "--quarter", "2019-20Q1"], True),
        (["case-audit", "run", "--month", "2019-06", "--scheduler", "tcp://h:8786"], False),
        (["case-audit", "run", "--scheduler=tcp://h:8786"], False),
        (["case-audit", "run", "--help"], False),
        (["case-audit", "validate", "--month", "2019-06"], False),
        (["case-audit"], False),
    ],
)
def test_the_command_starts_the_zygote_first_only_for_a_local_run(argv, starts):
    assert starts_local_run(argv) is starts


def test_the_zygote_started_first_knows_the_pages_asked_for():
    assert pages_asked(["case-audit", "run", "--month", "2019-06"]) == PAGES
    assert pages_asked(["case-audit", "run", "--pages", "scores, themes"]) == ("scores", "themes")
    assert pages_asked(["case-audit", "run", "--pages=scores", "--month", "2019-06"]) == ("scores",)


def test_a_page_kernel_listens_on_private_unix_sockets_not_tcp_ports(tmp_path):
    """On TCP any user of the machine could subscribe to a kernel's outputs (children's data)."""
    with warm_kernels():
        [seen] = _run(
            tmp_path,
            "sockets",
            "import os; from ipykernel.kernelapp import IPKernelApp; app = IPKernelApp.instance(); "
            "folder = os.path.dirname(app.ip); "
            "print(app.transport, folder, oct(os.stat(folder).st_mode & 0o777), len(os.listdir(folder)))",
        )
    transport, folder, mode, sockets = seen.split()
    assert (transport, mode, sockets) == ("ipc", "0o700", "5")
    assert not os.path.exists(folder)  # removed with the kernel


def test_the_next_run_removes_the_socket_folders_a_killed_run_left(tmp_path):
    import socket

    from helpers.running.zygote import KERNEL_FOLDER, ZYGOTE_FOLDER, remove_stale_socket_folders

    def folder_with_socket(name: str) -> tuple[socket.socket, os.PathLike]:
        folder = tmp_path / name
        folder.mkdir()
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        server.bind(str(folder / "kernel-1"))
        return server, folder

    dead_kernel, dead_kernel_folder = folder_with_socket(f"{KERNEL_FOLDER}dead")
    dead_kernel.close()  # killed: the socket's name is left, bound by nobody
    dead_zygote, dead_zygote_folder = folder_with_socket(f"{ZYGOTE_FOLDER}dead")
    dead_zygote.close()
    live, live_folder = folder_with_socket(f"{KERNEL_FOLDER}live")
    starting = tmp_path / f"{KERNEL_FOLDER}starting"  # made, its kernel not yet listening
    starting.mkdir()
    try:
        removed = remove_stale_socket_folders(tmp_path)
    finally:
        live.close()
    assert sorted(removed) == sorted([dead_kernel_folder, dead_zygote_folder])
    assert live_folder.exists() and starting.exists()


def kernel_folders() -> set[str]:
    import glob
    import tempfile

    from helpers.running.zygote import KERNEL_FOLDER

    return set(glob.glob(os.path.join(tempfile.gettempdir(), f"{KERNEL_FOLDER}*")))


@pytest.fixture
def own_temp_folder(monkeypatch):
    """A temporary folder for this test's kernels alone (other runs on the machine make and
    remove theirs in the shared one), short enough for Unix socket names."""
    import shutil
    import tempfile

    folder = tempfile.mkdtemp(prefix="ca-test-", dir="/tmp")
    monkeypatch.setenv("TMPDIR", folder)
    monkeypatch.setattr(tempfile, "tempdir", folder)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_a_spare_kernel_runs_ahead_of_its_page_and_serves_it_alone(
    tmp_path, capfd, own_temp_folder
):
    """The zygote keeps a kernel running in the pages' folder: a page gets it without waiting
    for a kernel to start; the next page gets another; its log joins the page's."""
    import time

    before = kernel_folders()
    report = "import os, psutil; print(os.getppid(), os.getcwd(), psutil.Process().create_time())"
    (tmp_path / "elsewhere").mkdir()
    with warm_kernels(kernel_cwd=tmp_path):
        deadline = time.monotonic() + 30
        while not any(os.path.exists(f"{f}/kernel.json") for f in kernel_folders() - before):
            assert time.monotonic() < deadline, "no spare kernel started"
            time.sleep(0.05)
        asked = time.time()
        first = _run(
            tmp_path,
            "first",
            report,
            "import sys, pandas; pandas.LEFT_BY_PAGE_ONE = 1; secret = 'page one'",
            "print('a line for the log', file=sys.__stderr__, flush=True)",
        )
        second = _run(
            tmp_path,
            "second",
            report,
            "import pandas; print(hasattr(pandas, 'LEFT_BY_PAGE_ONE'), 'secret' in dir())",
        )
        [elsewhere, *_] = _run(tmp_path / "elsewhere", "elsewhere", report)
    zygote, cwd, started = first[0].split()
    assert float(started) < asked  # running before the page asked for it
    assert cwd == str(tmp_path) and second[0].split()[:2] == [zygote, str(tmp_path)]
    assert second[1] == "False False"  # a kernel of its own: nothing of page one
    assert elsewhere.split()[:2] == [zygote, str(tmp_path / "elsewhere")]  # forked for it
    assert "a line for the log" in capfd.readouterr().err
    assert kernel_folders() == before  # every kernel's folder removed, the unused spare's too


def test_a_spare_kernel_that_ended_while_it_waited_is_replaced(tmp_path, own_temp_folder):
    import signal
    import time

    before = kernel_folders()
    with warm_kernels(kernel_cwd=tmp_path):
        deadline = time.monotonic() + 30
        while not [f for f in kernel_folders() - before if os.listdir(f)]:
            assert time.monotonic() < deadline, "no spare kernel started"
            time.sleep(0.05)
        [zygote] = [
            child
            for child in psutil.Process().children()
            if "helpers.running.zygote" in child.cmdline()
        ]
        [spare_pid] = [kernel.pid for kernel in zygote.children()]
        os.kill(spare_pid, signal.SIGKILL)
        while psutil.pid_exists(spare_pid):  # ended before a page asks
            assert time.monotonic() < deadline, "the spare kernel outlived SIGKILL"
            time.sleep(0.01)
        [answer] = _run(tmp_path, "after", "print(40 + 2)")
    assert answer == "42"
    assert kernel_folders() == before


def test_under_a_temporary_folder_too_long_for_socket_names_pages_get_kernels_on_tcp(
    tmp_path, monkeypatch
):
    import tempfile

    long_folder = tmp_path / ("long-" * 20)
    long_folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(long_folder))
    monkeypatch.setattr(tempfile, "tempdir", str(long_folder))
    with warm_kernels(kernel_cwd=tmp_path):
        [seen] = _run(
            tmp_path,
            "long",
            "import os; from ipykernel.kernelapp import IPKernelApp; "
            "print(IPKernelApp.instance().transport, os.getcwd())",
        )
    assert seen == f"tcp {tmp_path}"


def test_the_pages_that_finish_last_get_the_cpu_first(tmp_path, own_temp_folder):
    """Every page's kernel but the report's and the themes page's runs at a lower priority."""
    from helpers.running.jobs import LONGEST_FIRST, PageJob, kernel_niceness, with_niceness

    assert [p for p in LONGEST_FIRST if kernel_niceness(p) == 0] == ["report", "themes"]
    jobs = [PageJob("2019-06", page, tmp_path, tmp_path, {}, ("html",), page) for page in PAGES]
    assert {j.page: j.niceness for j in with_niceness(jobs)} == {
        p: kernel_niceness(p) for p in PAGES
    }
    # A page run alone gives way to nothing: its kernel keeps the run's priority.
    assert [j.niceness for j in with_niceness(jobs[1:2])] == [0]
    source = tmp_path / "nice.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell("import os; print(os.nice(0))")]), source)
    seen = {}
    with warm_kernels(kernel_cwd=tmp_path):
        for page in ("themes", "scores"):
            executed = papermill.execute_notebook(
                str(source),
                str(tmp_path / f"{page}.out.ipynb"),
                kernel_name=KERNEL_NAME,
                kernel_manager_class=WarmKernelManager.niced(kernel_niceness(page)),
                progress_bar=False,
                cwd=str(tmp_path),
            )
            seen[page] = int(executed.cells[0].outputs[0]["text"])
    assert seen == {"themes": os.nice(0), "scores": os.nice(0) + kernel_niceness("scores")}


def test_the_worker_hears_when_its_kernel_has_answered(tmp_path, own_temp_folder):
    """`when_kernel_ready` calls its action once, after the kernel answered and before the first
    cell ran (the one-page run's worker then starts importing its HTML converter)."""
    from helpers.running.kernels import when_kernel_ready

    heard = []
    with warm_kernels(kernel_cwd=tmp_path), when_kernel_ready(lambda: heard.append(time.time())):
        [printed] = _run(tmp_path, "ready", "import time; print(time.time())")
    first_cell_ran = float(printed)
    assert len(heard) == 1 and heard[0] < first_cell_ran


@pytest.mark.parametrize(
    ("pages", "ahead"), [(("scores",), "True"), (("scores", "report"), "False")]
)
def test_a_run_of_one_page_draws_its_charts_ahead_and_a_run_of_several_does_not(
    tmp_path, own_temp_folder, pages, ahead
):
    """A run of several pages has no core to spare: its kernels draw charts when shown."""
    from helpers.running.zygote import imports_for

    assert ("helpers.running.draw_when_shown" in imports_for(pages)) == (len(pages) > 1)
    cell = "from helpers.pages.chart_png import can_draw_ahead; print(can_draw_ahead())"
    with warm_kernels(pages, kernel_cwd=tmp_path):
        [printed] = _run(tmp_path, "ahead", cell)
    assert printed == ahead
