"""What loads but deserves a word: printed by `validate` and `run`, listed in run.json."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from helpers.extracts.loading import load_audits, load_visits
from helpers.running.cli import app
from helpers.running.runner import run_months
from helpers.settings.params import load_params

from factories import raw_audit

VISIT = {
    "visit_id": "V-TEST-001",
    "child_id": "C-TEST-001",
    "team": "0-12 East",
    "due_date": "2017-06-10",
    "visit_date": "2017-06-08",
    "recorded_date": "2017-06-09",
}


def write_csv(path: Path, rows: list[dict]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def audits(tmp_path: Path, *changes: dict) -> Path:
    rows = [
        raw_audit(audit_id=f"A-TEST-{i:03d}", child_id=f"C-TEST-{i:03d}", summary_comment="Fine.")
        for i in range(4)
    ]
    for row, change in zip(rows, changes, strict=False):
        row |= change
    return write_csv(tmp_path / "audits.csv", rows)


def warnings_of(path: Path) -> list[str]:
    return load_audits(path).attrs["warnings"]


def test_two_audits_of_one_child_in_a_month_are_named_by_row(tmp_path):
    [warning] = warnings_of(audits(tmp_path, {}, {"child_id": "C-TEST-000"}))
    assert "1 child(ren) have more than one audit in 2019-06 (rows 2, 3)" in warning
    assert "C-TEST-000" not in warning  # rows, never the child's id


def test_audit_ids_differing_only_in_case_are_named(tmp_path):
    [warning] = warnings_of(audits(tmp_path, {"audit_id": "a-test-001"}))
    assert "rows 2, 3 differ only in upper and lower case" in warning


def test_control_characters_in_comments_are_named(tmp_path):
    path = audits(tmp_path, {}, {}, {"summary_comment": "fine\x00 then\x07 odd"})
    [warning] = warnings_of(path)
    assert "summary_comment on row 4 holds control characters" in warning


def test_hidden_rows_in_a_workbook_are_named(tmp_path):
    rows = [raw_audit(audit_id=f"A-TEST-{i:03d}", child_id=f"C-TEST-{i:03d}") for i in range(3)]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(rows[0]))
    for row in rows:
        sheet.append(list(row.values()))
    sheet.row_dimensions[3].hidden = True
    book.save(tmp_path / "audits.xlsx")
    [warning] = warnings_of(tmp_path / "audits.xlsx")
    assert "row 3 are hidden in the workbook but were read and counted" in warning


def test_validate_prints_the_warnings_and_a_visits_extract_outside_the_year(tmp_path):
    path = audits(tmp_path, {}, {"child_id": "C-TEST-000"})
    visits = write_csv(tmp_path / "visits.csv", [VISIT])
    result = CliRunner().invoke(app, ["validate", "--audits", str(path), "--visits", str(visits)])
    assert result.exit_code == 0, result.output
    assert "warning: audits.csv: 1 child(ren) have more than one audit" in result.output
    assert "visits.csv: no visit is due in the reporting year to 2019-06" in result.output


def test_a_clean_extract_has_no_warnings(tmp_path):
    assert warnings_of(audits(tmp_path)) == []


def test_the_run_lists_the_warnings_in_run_json(tmp_path):
    path = audits(tmp_path, {}, {"child_id": "C-TEST-000"})
    frame = load_audits(path)
    visits = load_visits(write_csv(tmp_path / "visits.csv", [VISIT]))
    out = tmp_path / "out"
    inputs = {"audits": path, "visits": tmp_path / "visits.csv"}
    # No pages: the runner's own work (lock, cache, record, month folder) without a kernel.
    [result] = run_months(["2019-06"], frame, visits, load_params("2019-06"), inputs, out, pages=())
    record = json.loads((out / "2019-06" / "run.json").read_text())
    assert result.status == "complete"
    assert any("more than one audit in 2019-06" in w for w in record["warnings"])
