"""What stops a run before any page starts: bad arguments, unsafe folders, a full disk; and the
kernels' cache, which is private, cannot run code and never outlives its run."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from helpers.extracts import loading
from helpers.running import cache
from helpers.running.cli import app
from helpers.running.output_dir import UnsafeOutputDir, check_output_dir
from helpers.settings.params import PROJECT_ROOT


def run_cli(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--month", "../../etc"], "--month '../../etc' is not a month"),
        (["--month", "2019-13"], "--month '2019-13' is not a month"),
        (["--from", "2019-06", "--to", "2019-04"], "--to 2019-04 is before --from 2019-06"),
        (["--from", "2019-6", "--to", "2019-08"], "--from '2019-6' is not a month"),
    ],
)
def test_bad_months_are_named_with_exit_2(tmp_path, args, named):
    result = run_cli("run", *args, "--output-dir", str(tmp_path / "out"))
    assert result.exit_code == 2, result.output
    assert named in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("folder", ["/", "/etc", "/usr/local/x", "~", str(PROJECT_ROOT / "src")])
def test_unsafe_output_folders_are_refused(folder):
    with pytest.raises(UnsafeOutputDir, match="--output-dir"):
        check_output_dir(Path(folder))


def test_the_run_refuses_the_root_as_output_folder():
    result = run_cli("run", "--month", "2019-06", "--output-dir", "/")
    assert result.exit_code == 2 and "root of the file system" in result.output
    assert not Path("/2019-06").exists()


def test_an_ordinary_folder_is_accepted(tmp_path):
    assert check_output_dir(tmp_path / "outputs") == (tmp_path / "outputs").resolve()


def frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    audits = pd.DataFrame({"audit_id": ["A-1"], "comment": ["fictional"]})
    audits.attrs["warnings"] = ["a.csv: a warning"]
    return audits, pd.DataFrame({"visit_id": ["V-1"]})


def test_the_cache_is_private_parquet_outside_the_outputs_and_removed_after(tmp_path):
    audits, visits = frames()
    with cache.extracts_cache(audits, visits, tmp_path) as paths:
        folder = paths["audits"].parent
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert paths["audits"].read_bytes().startswith(b"PAR1")
        back = loading.read_cached_frame(paths["audits"])
        pd.testing.assert_frame_equal(back, audits)
        assert back.attrs["warnings"] == ["a.csv: a warning"]
    assert not folder.exists()


def test_the_cache_is_removed_when_the_run_fails(tmp_path):
    with pytest.raises(RuntimeError):
        with cache.extracts_cache(*frames(), tmp_path):
            raise RuntimeError("a page crashed the run")
    assert list(tmp_path.iterdir()) == []


def test_a_full_disk_while_writing_the_cache_is_a_message(tmp_path, monkeypatch):
    def full(frame, path):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(cache, "write_cached_frame", full)
    with pytest.raises(cache.CacheError) as info:
        with cache.extracts_cache(*frames(), tmp_path):
            pass
    assert "the disk is full" in info.value.strerror and "TMPDIR" in info.value.strerror
    assert list(tmp_path.iterdir()) == []


def test_a_cache_left_by_a_killed_run_is_removed_at_the_next_start(tmp_path):
    # A child process makes a cache and is killed with SIGKILL while holding it.
    code = (
        "import os, sys, pandas as pd\n"
        "from helpers.running import cache\n"
        "with cache.extracts_cache(pd.DataFrame({'a': [1]}), None, sys.argv[1]):\n"
        "    print('ready', flush=True); os.kill(os.getpid(), 9)\n"
    )
    child = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True)
    assert child.returncode == -9 and child.stdout.startswith(b"ready")
    [left] = list(tmp_path.glob(f"{cache.PREFIX}*"))
    with cache.extracts_cache(*frames(), tmp_path) as paths:
        assert not left.exists()  # the dead run's copy is gone
        assert paths["audits"].exists()  # the live run's is not touched by its own clean-up
        assert cache.remove_stale_caches(tmp_path) == []
    assert list(tmp_path.iterdir()) == []


def test_the_run_says_so_and_exits_2_for_a_pickle_given_as_the_audits(tmp_path):
    pickled = tmp_path / "audits.pkl"
    pd.DataFrame({"a": [1]}).to_pickle(pickled)
    result = run_cli(
        "run", "--month", "2019-06", "--audits", str(pickled), "--no-visits",
        "--output-dir", str(tmp_path / "out"),
    )  # fmt: skip
    assert result.exit_code == 2, result.output
    assert "pickle" in result.output and "never read" in result.output


def test_a_worker_dies_when_its_run_is_killed():
    # The "run" forks a worker as the pool does, then is killed with SIGKILL.
    code = (
        "import os, time\n"
        "from helpers.running import lifelines\n"
        "parent = os.getpid()\n"
        "pid = os.fork()\n"
        "if pid == 0:\n"
        "    lifelines.die_with_parent(parent); time.sleep(60); os._exit(0)\n"
        "print(pid, flush=True); time.sleep(0.5); os.kill(parent, 9)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    worker = int(run.stdout.split()[0])
    assert run.returncode == -9
    assert wait_until_gone(worker), "the worker outlived its run"


def wait_until_gone(pid: int, seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


def test_a_second_run_of_a_month_being_written_stops_with_exit_2(tmp_path):
    from helpers.running.month_lock import month_lock

    from factories import raw_audit

    extract = tmp_path / "audits.csv"
    pd.DataFrame([raw_audit()]).to_csv(extract, index=False)
    out = tmp_path / "out"
    out.mkdir()
    with month_lock(out, "2019-06"):  # stands for a first run still writing the month
        result = run_cli(
            "run", "--month", "2019-06", "--audits", str(extract), "--no-visits",
            "--formats", "html", "--output-dir", str(out),
        )  # fmt: skip
    assert result.exit_code == 2, result.output
    assert "2019-06 is being written by a run (process" in result.output
    assert "--wait" in result.output
    assert not (out / "2019-06").exists()


def test_parameters_naming_a_pickle_as_the_audits_are_refused_too(tmp_path):
    marker = tmp_path / "ran.txt"
    (tmp_path / "audits.pkl").write_bytes(
        b"cos\nsystem\n(S'touch " + str(marker).encode() + b"'\ntR."
    )  # a pickle that would run a shell command if it were ever opened
    params = tmp_path / "params.yaml"
    params.write_text("data:\n  audits: audits.pkl\n")
    result = run_cli(
        "run", "--month", "2019-06", "--params", str(params), "--no-visits",
        "--output-dir", str(tmp_path / "out"),
    )  # fmt: skip
    assert result.exit_code == 2, result.output
    assert "audits.pkl" in result.output and "pickle" in result.output
    assert not marker.exists()
