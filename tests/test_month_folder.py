"""A month folder is only ever added to: partial reruns, history, failed runs, kills, locks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers.running import month_folder
from helpers.running.month_folder import (
    publish_complete,
    publish_failed,
    read_run_record,
    recover_month,
    staging_folder,
)
from helpers.running.month_lock import MonthBusy, month_lock

MONTH = "2019-06"


def staged(out: Path, files: dict[str, str]) -> Path:
    """A run's staging folder holding `files` (relative path -> text)."""
    folder = staging_folder(out, MONTH)
    for rel, text in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text)
    return folder


def record(run_id: str, pages: dict[str, str], status: str = "complete") -> dict:
    return {
        "run_id": run_id,
        "month": MONTH,
        "status": status,
        "formats": ["html"],
        "pages": {page: {"status": state} for page, state in pages.items()},
    }


def full_month(out: Path) -> Path:
    files = {
        f"{p}.{ext}": f"{p} {ext} v1" for p in ("report", "compliance") for ext in ("html", "pdf")
    }
    files |= {"metrics.json": "{}", "notebooks/report.ipynb": "{}"}
    publish_complete(
        staged(out, files),
        out / MONTH,
        record("run-1", dict.fromkeys(("report", "compliance"), "done")),
    )
    (out / MONTH / "sent.log").write_text('{"status": "sent"}\n' * 12)
    (out / MONTH / f"email-{MONTH}.eml").write_text("From: x")
    return out / MONTH


def test_a_partial_rerun_replaces_only_what_it_made_and_keeps_the_old_version(tmp_path):
    month = full_month(tmp_path)
    rerun = staged(tmp_path, {"compliance.html": "compliance html v2", "metrics.json": '{"v": 2}'})
    publish_complete(rerun, month, record("run-2", {"compliance": "done"}))
    assert (month / "compliance.html").read_text() == "compliance html v2"
    assert (month / "compliance.pdf").read_text() == "compliance pdf v1"  # not rerun: kept
    assert (month / "report.pdf").read_text() == "report pdf v1"
    assert (month / "sent.log").read_text().count("\n") == 12
    assert (month / f"email-{MONTH}.eml").exists()
    assert (month / "history/run-1/compliance.html").read_text() == "compliance html v1"
    assert json.loads((month / "history/run-1/run.json").read_text())["run_id"] == "run-1"
    run = read_run_record(month)
    assert run["files"]["compliance.html"] == "run-2" and run["files"]["report.pdf"] == "run-1"
    assert {p: v["run_id"] for p, v in run["pages"].items()} == {
        "report": "run-1",
        "compliance": "run-2",
    }
    assert [r["run_id"] for r in run["runs"]] == ["run-1", "run-2"]
    assert run["status"] == "complete"
    assert sorted(p.name for p in tmp_path.iterdir()) == [MONTH]  # no staging left


def test_a_file_replaced_twice_keeps_each_version_under_its_own_run(tmp_path):
    month = full_month(tmp_path)
    for version in (2, 3):
        rerun = staged(tmp_path, {"report.html": f"report html v{version}"})
        publish_complete(rerun, month, record(f"run-{version}", {"report": "done"}))
    assert (month / "history/run-1/report.html").read_text() == "report html v1"
    assert (month / "history/run-2/report.html").read_text() == "report html v2"
    assert (month / "report.html").read_text() == "report html v3"


def test_a_failed_run_leaves_the_month_files_and_marks_it_failed(tmp_path):
    month = full_month(tmp_path)
    failed = staged(tmp_path, {"notebooks/visits.ipynb": "broken"})
    folder = publish_failed(failed, month, record("run-2", {"visits": "failed"}, "failed"))
    assert folder == tmp_path / f"{MONTH}.failed" and (folder / "notebooks/visits.ipynb").exists()
    assert (month / "report.html").read_text() == "report html v1"
    assert (month / "sent.log").read_text().count("\n") == 12
    run = read_run_record(month)
    assert run["status"] == "failed"
    assert run["latest_run"]["failed_pages"] == ["visits"]
    assert run["files"]["report.html"] == "run-1"


def test_a_month_written_before_run_ids_keeps_its_files_in_history(tmp_path):
    month = tmp_path / MONTH
    month.mkdir()
    (month / "report.html").write_text("old report")
    (month / "sent.log").write_text("one\n")
    (month / "run.json").write_text('{"month": "2019-06", "status": "complete"}')
    publish_complete(
        staged(tmp_path, {"report.html": "new"}), month, record("run-2", {"report": "done"})
    )
    assert (month / "history/earlier/report.html").read_text() == "old report"
    assert (month / "sent.log").read_text() == "one\n"


def test_the_swap_is_atomic_and_a_kill_mid_swap_is_undone(tmp_path, monkeypatch):
    month = full_month(tmp_path)
    # Without an atomic exchange a kill between the two renames leaves only `.2019-06.old-*`.
    monkeypatch.setattr(month_folder, "_exchange", lambda a, b: False)
    monkeypatch.setattr(Path, "rename", _rename_then_die_once())
    with pytest.raises(KeyboardInterrupt):
        publish_complete(staged(tmp_path, {"report.html": "new"}), month, record("run-2", {}))
    monkeypatch.undo()
    assert not month.exists() and list(tmp_path.glob(f".{MONTH}.old-*"))
    recover_month(tmp_path, MONTH)
    assert (month / "report.html").read_text() == "report html v1"
    assert sorted(p.name for p in tmp_path.iterdir()) == [MONTH]


def _rename_then_die_once():
    real = Path.rename

    def rename(self, target):
        done = real(self, target)
        if ".old-" in str(target):
            raise KeyboardInterrupt  # stands for SIGKILL between the two renames
        return done

    return rename


def test_the_atomic_exchange_is_used_on_this_machine(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    (first / "x").write_text("a")
    assert month_folder._exchange(first, second)
    assert (second / "x").read_text() == "a" and not (first / "x").exists()


def test_a_second_run_of_the_month_stops_with_a_clear_message(tmp_path):
    with month_lock(tmp_path, MONTH):
        with pytest.raises(MonthBusy, match=r"2019-06 is being written by a run \(process \d+"):
            with month_lock(tmp_path, MONTH):
                pass
    with month_lock(tmp_path, MONTH):  # released when the first run ends
        pass


def test_what_a_killed_run_left_beside_the_month_is_removed_under_the_lock(tmp_path):
    month = full_month(tmp_path)
    staging_folder(tmp_path, MONTH)  # a killed run's staging folder
    legacy = tmp_path / ".cache-abc"  # an older version's pickled extracts in the outputs
    legacy.mkdir()
    (legacy / "audits.pkl").write_bytes(b"rows")
    month_folder.remove_legacy_caches(tmp_path)
    recover_month(tmp_path, MONTH)
    assert sorted(p.name for p in tmp_path.iterdir()) == [MONTH]
    assert (month / "report.html").read_text() == "report html v1"


def test_a_publication_rerun_of_one_page_does_not_make_the_month_a_publication(tmp_path):
    month = full_month(tmp_path)
    rerun = staged(tmp_path, {"report.html": "suppressed"})
    publish_complete(rerun, month, record("run-2", {"report": "done"}) | {"publication": True})
    assert read_run_record(month)["publication"] is False  # compliance.html is not suppressed
    whole = staged(tmp_path, {rel: "suppressed" for rel in read_run_record(month)["files"]})
    publish_complete(whole, month, record("run-3", {"report": "done"}) | {"publication": True})
    assert read_run_record(month)["publication"] is True
