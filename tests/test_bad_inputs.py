"""Bad input files, made in tmp_path: each gives a clear ExtractError (or a correct load).

`RULE_CASES` holds one small bad file per validation rule; a test checks that every rule in
`validation.RULES` has its case, and that the message names the row, column and rule.
"""

from __future__ import annotations

import csv
import pickle
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from helpers.extracts.cycle import load_actions, load_moderation
from helpers.extracts.loading import load_audits, load_visits
from helpers.extracts.validation import RULES, ExtractError, Problem
from helpers.settings.contract import SCORE_COLUMNS

from factories import raw_audit

GOOD_AUDIT = raw_audit(summary_comment="Fictional comment.")
GOOD_VISIT = {
    "visit_id": "V-TEST-001",
    "child_id": "C-TEST-001",
    "team": "0-12 East",
    "due_date": "2019-06-10",
    "visit_date": "2019-06-08",
    "recorded_date": "2019-06-09",
}
GOOD_ACTION = {
    "audit_id": "A-TEST-001",
    "action": "Fictional action: update the plan.",
    "owner": "Sam Example",
    "due_date": "2019-07-31",
    "completed_date": "",
}
GOOD_MODERATION = {"audit_id": "A-TEST-001", "moderator": "Pat Dummy", "moderated_judgement": "RI"}


def write_csv(path: Path, rows: list[dict], columns: list[str] | None = None) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns or list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def audits_csv(tmp_path: Path, change: dict, name: str = "audits.csv") -> Path:
    """A good audit on row 2 and a second audit with `change` on row 3."""
    second = GOOD_AUDIT | {"audit_id": "A-TEST-002"} | change
    return write_csv(tmp_path / name, [GOOD_AUDIT, second])


def visits_csv(tmp_path: Path, change: dict) -> Path:
    second = GOOD_VISIT | {"visit_id": "V-TEST-002"} | change
    return write_csv(tmp_path / "visits.csv", [GOOD_VISIT, second])


def write_text(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def write_bytes(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    return path


def write_xlsx(path: Path, sheets: dict[str, list[list]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def header_and_row() -> list[list]:
    return [list(GOOD_AUDIT), list(GOOD_AUDIT.values())]


def problems_of(load: Callable[[Path], object], path: Path) -> list[Problem]:
    with pytest.raises(ExtractError) as info:
        load(path)
    assert str(info.value).startswith("The input data has")
    return info.value.problems


def audit_cell(change: dict) -> Callable[[Path], tuple]:
    return lambda tmp: (load_audits, audits_csv(tmp, change))


def visit_cell(change: dict) -> Callable[[Path], tuple]:
    return lambda tmp: (load_visits, visits_csv(tmp, change))


# rule -> (make the bad file in tmp_path, the row and column the problem must name)
RULE_CASES: dict[str, tuple[Callable[[Path], tuple], int | None, str | None]] = {
    "file_not_found": (lambda tmp: (load_audits, tmp / "missing.csv"), None, None),
    "file_unreadable": (
        lambda tmp: (load_audits, write_bytes(tmp / "old.xls", b"\xd0\xcf\x11\xe0 old Excel")),
        None,
        None,
    ),
    "file_empty": (lambda tmp: (load_audits, write_text(tmp / "a.csv", "")), None, None),
    "file_refused": (
        lambda tmp: (load_audits, write_bytes(tmp / "a.pkl", pickle.dumps({"a": 1}))),
        None,
        None,
    ),
    "no_rows": (
        lambda tmp: (load_audits, write_text(tmp / "a.csv", ",".join(GOOD_AUDIT) + "\n")),
        None,
        None,
    ),
    "wrong_extract": (
        lambda tmp: (load_audits, write_csv(tmp / "v.csv", [GOOD_VISIT])),
        None,
        None,
    ),
    "wrong_delimiter": (
        lambda tmp: (load_audits, write_text(tmp / "a.csv", ";".join(GOOD_AUDIT) + "\nx;y\n")),
        None,
        None,
    ),
    "header_not_on_row_1": (
        lambda tmp: (
            load_audits,
            write_text(tmp / "a.csv", "Audit extract June 2019\n\n" + ",".join(GOOD_AUDIT) + "\n"),
        ),
        3,
        None,
    ),
    "data_not_on_first_sheet": (
        lambda tmp: (
            load_audits,
            write_xlsx(tmp / "a.xlsx", {"Notes": [["Read me first"]], "Data": header_and_row()}),
        ),
        None,
        None,
    ),
    "duplicate_column": (
        lambda tmp: (
            load_audits,
            write_text(tmp / "a.csv", ",".join([*GOOD_AUDIT, "team"]) + "\n"),
        ),
        None,
        "team",
    ),
    "required_column_missing": (
        lambda tmp: (
            load_audits,
            write_csv(tmp / "a.csv", [{k: v for k, v in GOOD_AUDIT.items() if k != "auditor"}]),
        ),
        None,
        "auditor",
    ),
    "row_too_long": (
        lambda tmp: (
            load_visits,
            write_text(tmp / "v.csv", "visit_id,child_id\nV-1,C-1\nV-2,C-2,extra\n"),
        ),
        3,
        None,
    ),
    "duplicate_id": (audit_cell({"audit_id": "A-TEST-001"}), 3, "audit_id"),
    "required_value_blank": (audit_cell({"team_manager": " "}), 3, "team_manager"),
    "formula": (audit_cell({"child_id": '=HYPERLINK("http://x.invalid","C")'}), 3, "child_id"),
    "month_format": (audit_cell({"audit_month": "Jun-19"}), 3, "audit_month"),
    "cohort_unknown": (audit_cell({"cohort": "CiC"}), 3, "cohort"),
    "date_unparseable": (audit_cell({"date_allocated": "3rd June"}), 3, "date_allocated"),
    "date_impossible": (audit_cell({"date_allocated": "31/02/2019"}), 3, "date_allocated"),
    "date_month_first": (audit_cell({"date_completed": "06/30/2019"}), 3, "date_completed"),
    "date_two_digit_year": (audit_cell({"date_allocated": "03/06/19"}), 3, "date_allocated"),
    "date_out_of_range": (audit_cell({"date_allocated": "1019-06-03"}), 3, "date_allocated"),
    "completed_before_allocated": (
        audit_cell({"date_completed": "01/06/2019"}),
        3,
        "date_completed",
    ),
    "score_not_number": (audit_cell({"score_impact": "seven"}), 3, "score_impact"),
    "score_not_whole": (audit_cell({"score_impact": "7.5"}), 3, "score_impact"),
    "score_out_of_range": (audit_cell({"score_impact": "11"}), 3, "score_impact"),
    "score_missing": (audit_cell({"score_recording": ""}), 3, "score_recording"),
    "judgement_missing": (audit_cell({"judgement": ""}), 3, "judgement"),
    "scored_but_not_returned": (audit_cell({"date_completed": ""}), 3, "date_completed"),
    "judgement_unknown": (audit_cell({"judgement": "Very good"}), 3, "judgement"),
    "escalated_unknown": (audit_cell({"escalated": "maybe"}), 3, "escalated"),
    "recorded_before_visit": (visit_cell({"recorded_date": "2019-06-07"}), 3, "recorded_date"),
    "audit_unknown": (
        lambda tmp: (
            lambda path: load_actions(path, load_audits(audits_csv(tmp, {}))),
            write_csv(tmp / "actions.csv", [GOOD_ACTION, GOOD_ACTION | {"audit_id": "A-NONE"}]),
        ),
        3,
        "audit_id",
    ),
    "moderated_not_returned": (
        lambda tmp: (
            lambda path: load_moderation(
                path,
                load_audits(
                    audits_csv(
                        tmp,
                        {"date_completed": "", **dict.fromkeys(SCORE_COLUMNS, ""), "judgement": ""},
                    )
                ),
            ),
            write_csv(
                tmp / "moderation.csv",
                [GOOD_MODERATION, GOOD_MODERATION | {"audit_id": "A-TEST-002"}],
            ),
        ),
        3,
        "audit_id",
    ),  # fmt: skip
}


def test_every_rule_has_a_bad_input_case():
    assert set(RULE_CASES) == set(RULES)


@pytest.mark.parametrize("rule", sorted(RULES))
def test_each_rule_names_row_column_and_rule(tmp_path, rule):
    make, row, column = RULE_CASES[rule]
    load, path = make(tmp_path)
    problems = problems_of(load, path)
    found = [p for p in problems if p.rule == rule]
    assert found, [str(p) for p in problems]
    problem = found[-1]
    assert (problem.file, problem.row, problem.column) == (path.name, row, column)
    assert RULES[rule].message in str(problem)
    if row is not None:
        assert f"row {row}" in str(problem)


@pytest.mark.parametrize("score", ["0", "11", "7.5", "seven", "-1", "=SUM(A1)"])
def test_bad_scores_are_named_with_their_value(tmp_path, score):
    problems = problems_of(load_audits, audits_csv(tmp_path, {"score_planning": score}))
    assert [(p.row, p.column, p.value) for p in problems] == [(3, "score_planning", score)]


@pytest.mark.parametrize("date", ["31/02/2019", "06/30/2019", "2019-02-30", "30.06.2019", "43646"])
def test_impossible_and_month_first_dates_are_errors_never_reread(tmp_path, date):
    problems = problems_of(load_visits, visits_csv(tmp_path, {"due_date": date}))
    assert [(p.row, p.column, p.value) for p in problems] == [(3, "due_date", date)]


def test_duplicate_ids_name_every_row_involved(tmp_path):
    rows = [GOOD_VISIT | {"visit_id": v} for v in ("V-1", "V-2", "V-1", "V-1")]
    problems = problems_of(load_visits, write_csv(tmp_path / "visits.csv", rows))
    assert [(p.row, p.rule) for p in problems] == [(r, "duplicate_id") for r in (2, 4, 5)]
    assert "also on rows 4, 5" in str(problems[0])


def test_all_problems_are_collected_not_just_the_first(tmp_path):
    change = {"cohort": "X", "score_impact": "0", "judgement": "meh", "escalated": "?"}
    problems = problems_of(load_audits, audits_csv(tmp_path, change))
    assert {p.rule for p in problems} == {
        "cohort_unknown",
        "score_out_of_range",
        "judgement_unknown",
        "escalated_unknown",
    }


def test_formula_in_a_strict_column_is_reported_once(tmp_path):
    problems = problems_of(load_audits, audits_csv(tmp_path, {"date_completed": "=TODAY()"}))
    assert [(p.row, p.column, p.rule) for p in problems] == [(3, "date_completed", "formula")]


def test_formula_in_free_text_is_kept_as_text(tmp_path):
    text = '=HYPERLINK("http://x.invalid","see notes")'
    frame = load_audits(audits_csv(tmp_path, {"summary_comment": text}))
    assert frame.loc[1, "summary_comment"] == text


def test_missing_and_extra_columns(tmp_path):
    row = {k: v for k, v in GOOD_AUDIT.items() if k not in ("cohort", "team")} | {"notes": "x"}
    problems = problems_of(load_audits, write_csv(tmp_path / "a.csv", [row]))
    assert [(p.rule, p.column) for p in problems] == [
        ("required_column_missing", "cohort"),
        ("required_column_missing", "team"),
    ]


def test_extra_column_alone_is_a_warning_not_an_error(tmp_path):
    frame = load_audits(write_csv(tmp_path / "a.csv", [GOOD_AUDIT | {"worker_notes": "x"}]))
    assert "worker_notes" not in frame.columns
    assert frame.attrs["warnings"] == [
        "a.csv: 1 column(s) not in the contract were ignored: worker_notes"
    ]


def test_xlsx_with_merged_title_rows_says_where_the_header_is(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Monthly audit extract"])
    sheet.merge_cells("A1:H1")
    sheet.append([])
    for row in header_and_row():
        sheet.append(row)
    book.save(tmp_path / "a.xlsx")
    (problem,) = problems_of(load_audits, tmp_path / "a.xlsx")
    assert problem.rule == "header_not_on_row_1"
    assert "found on row 3" in str(problem)


def test_xlsx_on_second_sheet_names_the_sheets(tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", {"Notes": [["Read me"]], "June": header_and_row()})
    (problem,) = problems_of(load_audits, path)
    assert "'Notes', 'June'" in str(problem)
    assert "'June' seems to hold the data" in str(problem)


def test_xlsx_formula_cell_in_an_id_column_is_an_error(tmp_path):
    rows = header_and_row()
    rows[1][0] = '=HYPERLINK("http://x.invalid","A")'
    (problem,) = problems_of(load_audits, write_xlsx(tmp_path / "a.xlsx", {"Audits": rows}))
    assert (problem.row, problem.column, problem.rule) == (2, "audit_id", "formula")


@pytest.mark.parametrize(
    "content",
    [b"\x00\x01\x02binary", b"PK\x03\x04not really a zip", b"   \n\n  ", b'"unclosed,quote\n'],
)
def test_garbage_never_gives_a_traceback(tmp_path, content):
    path = tmp_path / "audits.csv"
    path.write_bytes(content)
    assert problems_of(load_audits, path)


def test_every_row_one_cell_too_long_is_reported_not_shifted(tmp_path):
    text = ",".join(GOOD_VISIT) + "\n" + ",".join(GOOD_VISIT.values()) + ",extra,cells\n"
    problems = problems_of(load_visits, write_text(tmp_path / "visits.csv", text))
    assert [(p.rule, p.row) for p in problems] == [("row_too_long", 2)]


def test_trailing_blank_cells_are_harmless(tmp_path):
    text = ",".join(GOOD_VISIT) + "\n" + ",".join(GOOD_VISIT.values()) + ",\n"
    frame = load_visits(write_text(tmp_path / "visits.csv", text))
    assert frame.loc[0, "visit_id"] == "V-TEST-001"
    assert frame.loc[0, "recorded_date"].isoformat() == "2019-06-09T00:00:00"


def test_listing_is_capped_but_every_problem_counted(tmp_path):
    rows = [GOOD_VISIT | {"visit_id": f"V-{i}", "due_date": "soon"} for i in range(250)]
    with pytest.raises(ExtractError) as info:
        load_visits(write_csv(tmp_path / "visits.csv", rows))
    assert len(info.value.problems) == 250
    assert "... and 50 more (250 in all)" in str(info.value)


def test_plain_number_in_an_xlsx_date_column_is_not_read_as_a_serial_date(tmp_path):
    rows = header_and_row()
    rows[1][list(GOOD_AUDIT).index("date_allocated")] = 2019
    (problem,) = problems_of(load_audits, write_xlsx(tmp_path / "a.xlsx", {"Audits": rows}))
    assert (problem.column, problem.value, problem.rule) == (
        "date_allocated",
        "2019",
        "date_unparseable",
    )


def test_rows_with_non_blank_cells_past_the_header_are_reported(tmp_path):
    header = "visit_id,child_id,team,due_date"
    text = f"{header}\nV-1,C-1,T,2019-06-01,,x\nV-2,C-2,T,2019-06-01,,\n"
    problems = problems_of(load_visits, write_text(tmp_path / "visits.csv", text))
    assert [(p.rule, p.row) for p in problems] == [("row_too_long", 2)]


class _Planted:
    """Unpickling this writes a file: the proof that a pickle was (or was not) opened."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (self.marker, "the pickle ran"))


@pytest.mark.parametrize("name", ["audits.pkl", "audits.csv", "audits.pickle"])
def test_a_pickle_is_refused_and_never_opened(tmp_path, name):
    marker = tmp_path / "ran.txt"
    path = write_bytes(tmp_path / name, pickle.dumps(_Planted(marker)))
    problems = problems_of(load_audits, path)
    assert [p.rule for p in problems] == ["file_refused"]
    assert "pickle" in str(problems[0]) and "never read" in str(problems[0])
    assert not marker.exists()


def test_extract_error_survives_pickling(tmp_path):
    error = ExtractError([Problem("a.csv", "file_empty")])
    copy = pickle.loads(pickle.dumps(error))
    assert copy.problems == error.problems and str(copy) == str(error)
