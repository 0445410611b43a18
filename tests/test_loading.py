"""Good inputs load into the frames of docs/data-shapes.md, whatever their format."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from helpers.extracts.loading import (
    load_audits,
    load_extracts,
    load_visits,
    read_cached_frame,
    write_cached_frame,
)
from helpers.extracts.validation import ExtractError
from helpers.settings.contract import AUDIT_COLUMNS, SCORE_COLUMNS, VISIT_COLUMNS

from factories import raw_audit

AUDIT = raw_audit(child_id="00123", team="CWAD")
UNRETURNED = AUDIT | {
    "audit_id": "A-TEST-002",
    "date_completed": "",
    **dict.fromkeys(SCORE_COLUMNS, ""),
    "judgement": "",
    "escalated": "",
}
VISIT = {
    "visit_id": "V-TEST-001",
    "child_id": "007",
    "team": "0-12 East",
    "due_date": "2019-06-10",
    "visit_date": "2019-06-08",
    "recorded_date": "",
}


def write_csv(path: Path, rows: list[dict], encoding: str = "utf-8") -> Path:
    with path.open("w", newline="", encoding=encoding) as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[dict], convert=lambda column, value: value) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(rows[0]))
    for row in rows:
        sheet.append([None if v == "" else convert(k, v) for k, v in row.items()])
    book.save(path)
    return path


def test_audits_frame_has_the_columns_and_types_of_frames_md(tmp_path):
    frame = load_audits(write_csv(tmp_path / "a.csv", [AUDIT, UNRETURNED]))
    assert list(frame.columns) == [*AUDIT_COLUMNS, "source_row"]
    assert frame["source_row"].tolist() == [2, 3]
    assert frame["date_completed"].dtype == "datetime64[ns]"
    assert frame["date_completed"].isna().tolist() == [False, True]
    assert frame[list(SCORE_COLUMNS)].dtypes.eq("float64").all()
    assert frame.loc[0, "score_impact"] == 7.0 and pd.isna(frame.loc[1, "score_impact"])
    assert str(frame["escalated"].dtype) == "boolean"
    assert frame["comment_impact"].isna().all()  # optional column absent from the file


def test_visits_frame(tmp_path):
    frame = load_visits(write_csv(tmp_path / "v.csv", [VISIT]))
    assert list(frame.columns) == [*VISIT_COLUMNS, "source_row"]
    assert frame.loc[0, "child_id"] == "007"
    assert frame.loc[0, "due_date"] == pd.Timestamp("2019-06-10")
    assert pd.isna(frame.loc[0, "recorded_date"])
    assert frame["recorded_date"].dtype == "datetime64[ns]"


def uk(value: str) -> str:
    return dt.date.fromisoformat(value).strftime("%d/%m/%Y") if value else value


DATES = ("date_allocated", "date_completed")


def test_iso_uk_and_excel_dates_give_the_same_frame(tmp_path):
    rows = [AUDIT, UNRETURNED]
    iso = load_audits(write_csv(tmp_path / "iso.csv", rows))
    in_uk = [{k: uk(v) if k in DATES else v for k, v in r.items()} for r in rows]
    as_uk = load_audits(write_csv(tmp_path / "uk.csv", in_uk))

    def as_date_cell(column, value):
        return dt.datetime.fromisoformat(value) if column in DATES else value

    def as_serial(column, value):
        return (
            (dt.date.fromisoformat(value) - dt.date(1899, 12, 30)).days
            if column in DATES
            else value
        )

    excel = load_audits(write_xlsx(tmp_path / "cells.xlsx", rows, as_date_cell))
    serial = load_audits(write_xlsx(tmp_path / "serial.xlsx", rows, as_serial))
    for other in (as_uk, excel, serial):
        pd.testing.assert_frame_equal(other, iso)


def test_single_digit_day_and_midnight_time_are_accepted(tmp_path):
    rows = [VISIT | {"due_date": "1/6/2019", "visit_date": "2019-06-01 00:00:00"}]
    frame = load_visits(write_csv(tmp_path / "v.csv", rows))
    assert frame.loc[0, "due_date"] == frame.loc[0, "visit_date"] == pd.Timestamp("2019-06-01")


def test_judgement_cohort_and_escalated_are_normalised(tmp_path):
    values = [(" ri ", " cin ", "YES"), ("requires  improvement", "Cp", "No"), (" good ", "cl", "")]
    rows = [
        AUDIT | {"audit_id": f"A-{i}", "judgement": j, "cohort": c, "escalated": e}
        for i, (j, c, e) in enumerate(values)
    ]
    frame = load_audits(write_csv(tmp_path / "a.csv", rows))
    assert frame["judgement"].tolist() == ["Requires Improvement", "Requires Improvement", "Good"]
    assert frame["cohort"].tolist() == ["CIN", "CP", "CL"]
    assert frame["escalated"].tolist() == [True, False, pd.NA]


def test_xlsx_and_csv_of_the_same_data_are_equal(tmp_path):
    rows = [AUDIT, UNRETURNED]
    from_csv = load_audits(write_csv(tmp_path / "a.csv", rows))
    from_xlsx = load_audits(write_xlsx(tmp_path / "a.xlsx", rows))
    pd.testing.assert_frame_equal(from_xlsx, from_csv)
    assert from_xlsx.loc[0, "child_id"] == "00123"  # a text cell keeps its zeros


def test_xlsx_numbers_and_date_cells_become_the_text_a_person_sees(tmp_path):
    def convert(column, value):
        if column == "child_id":
            return 123.0
        if column == "audit_month":
            return dt.datetime(2019, 6, 1)
        if column in SCORE_COLUMNS:
            return 7.0
        return value

    frame = load_audits(write_xlsx(tmp_path / "a.xlsx", [AUDIT], convert))
    assert frame.loc[0, ["child_id", "audit_month", "score_impact"]].tolist() == [
        "123",
        "2019-06",
        7.0,
    ]


def test_utf8_bom_is_read(tmp_path):
    frame = load_visits(write_csv(tmp_path / "v.csv", [VISIT], encoding="utf-8-sig"))
    assert frame.loc[0, "visit_id"] == "V-TEST-001"
    assert frame.attrs["warnings"] == []


def test_cp1252_falls_back_with_a_warning(tmp_path):
    rows = [AUDIT | {"team_manager": "Renée Example"}]
    frame = load_audits(write_csv(tmp_path / "a.csv", rows, encoding="cp1252"))
    assert frame.loc[0, "team_manager"] == "Renée Example"
    assert "read as Windows-1252" in frame.attrs["warnings"][0]


def test_blank_rows_are_skipped_and_rows_keep_their_spreadsheet_numbers(tmp_path):
    header = ",".join(VISIT)
    line = ",".join(VISIT.values())
    second = line.replace("V-TEST-001", "V-TEST-002")
    text = f"{header}\n{line}\n,,,,,\n{second}\n,,,,,\n"
    (tmp_path / "v.csv").write_text(text, encoding="utf-8")
    frame = load_visits(tmp_path / "v.csv")
    assert frame["source_row"].tolist() == [2, 4]
    assert frame.attrs["warnings"] == ["v.csv: 1 blank row(s) were skipped"]


def test_multiline_comment_does_not_shift_row_numbers(tmp_path):
    rows = [
        AUDIT | {"summary_comment": "line one\nline two"},
        AUDIT | {"audit_id": "A-TEST-002", "score_impact": "12", "summary_comment": ""},
    ]
    with pytest.raises(ExtractError) as info:
        load_audits(write_csv(tmp_path / "a.csv", rows))
    assert [(p.row, p.column) for p in info.value.problems] == [(3, "score_impact")]


def test_headers_are_matched_without_regard_to_case_or_spaces(tmp_path):
    rows = [{f" {k.upper()} ": v for k, v in VISIT.items()}]
    assert load_visits(write_csv(tmp_path / "v.csv", rows)).loc[0, "team"] == "0-12 East"


def test_the_kernels_parquet_cache_gives_back_the_same_frame_and_warnings(tmp_path):
    frame = load_visits(write_csv(tmp_path / "v.csv", [VISIT | {"extra": "x"}]))
    assert frame.attrs["warnings"]
    write_cached_frame(frame, tmp_path / "visits.parquet")
    back = read_cached_frame(tmp_path / "visits.parquet")
    pd.testing.assert_frame_equal(back, frame)
    assert back.attrs["warnings"] == frame.attrs["warnings"]


def test_load_extracts_returns_both_frames_or_none_for_visits(tmp_path):
    audits_path = write_csv(tmp_path / "a.csv", [AUDIT])
    visits_path = write_csv(tmp_path / "v.csv", [VISIT])
    audits, visits = load_extracts(audits_path, visits_path)
    assert (len(audits), len(visits)) == (1, 1)
    assert load_extracts(audits_path)[1] is None


def test_load_extracts_lists_the_problems_of_both_files_together(tmp_path):
    audits_path = write_csv(tmp_path / "a.csv", [AUDIT | {"cohort": "XX"}])
    visits_path = write_csv(tmp_path / "v.csv", [VISIT | {"due_date": ""}])
    with pytest.raises(ExtractError) as info:
        load_extracts(audits_path, visits_path)
    assert [(p.file, p.rule) for p in info.value.problems] == [
        ("a.csv", "cohort_unknown"),
        ("v.csv", "required_value_blank"),
    ]
    assert "(a.csv: 1, v.csv: 1)" in str(info.value)
