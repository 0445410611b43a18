"""The rule table, the parsers and the problem listing of helpers.extracts.validation."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.extracts.validation import (
    AUDITS,
    RULES,
    ExtractError,
    Problem,
    check_columns,
    format_problems,
    parse_column,
    validate_rows,
)
from helpers.settings.contract import (
    ACTION_COLUMNS,
    AUDIT_COLUMNS,
    AUDITOR_COLUMNS,
    CHILDREN_COLUMNS,
    MODERATION_COLUMNS,
    SCORE_COLUMNS,
    VISIT_COLUMNS,
)


def column(*values: str | None) -> pd.Series:
    return pd.Series(values, dtype="str")


def flagged(masks: dict[str, pd.Series]) -> dict[str, list[int]]:
    return {rule: mask[mask].index.tolist() for rule, mask in masks.items() if mask.any()}


def test_every_rule_names_its_columns_and_a_message():
    for code, rule in RULES.items():
        assert rule.code == code
        assert rule.message and not rule.message.endswith(".")
        assert set(rule.columns) <= {
            *AUDIT_COLUMNS,
            *VISIT_COLUMNS,
            *CHILDREN_COLUMNS,
            *AUDITOR_COLUMNS,
            *ACTION_COLUMNS,
            *MODERATION_COLUMNS,
        }


def test_dates_parse_iso_and_uk_and_flag_the_rest():
    values = column(
        "2019-06-30", "30/06/2019", "1/7/2019", None, "31/02/2019", "06/30/2019", "30/06/19",
        "next week", "1899-12-31", "=TODAY()",
    )  # fmt: skip
    typed, masks = parse_column(values, "due_date")
    assert typed.dtype == "datetime64[ns]"
    assert typed[:3].tolist() == [pd.Timestamp("2019-06-30")] * 2 + [pd.Timestamp("2019-07-01")]
    assert typed[3:].isna().all()
    assert flagged(masks) == {
        "formula": [9],
        "date_out_of_range": [8],
        "date_two_digit_year": [6],
        "date_month_first": [5],
        "date_impossible": [4],
        "date_unparseable": [7],
    }


def test_scores_are_whole_numbers_one_to_ten():
    scores = column("7", "7.0", "10", "1", "0", "11", "7.5", "seven", None)
    typed, masks = parse_column(scores, "score_impact")
    assert typed.tolist()[:4] == [7.0, 7.0, 10.0, 1.0]
    assert typed[4:].isna().all()
    assert flagged(masks) == {
        "score_out_of_range": [4, 5],
        "score_not_whole": [6],
        "score_not_number": [7],
    }


def test_month_must_be_yyyy_mm():
    typed, masks = parse_column(column("2019-06", "2019-6", "June 2019", "2019-13"), "audit_month")
    assert typed[0] == "2019-06"
    assert flagged(masks) == {"month_format": [1, 2, 3]}


def test_parsing_runs_per_distinct_value_but_answers_per_row():
    typed, masks = parse_column(column("xx", "RI", None, "xx", "RI"), "judgement")
    assert typed.tolist()[1::3] == ["Requires Improvement", "Requires Improvement"]
    assert flagged(masks) == {"judgement_unknown": [0, 3]}


def text_frame(**columns: list) -> pd.DataFrame:
    n = len(next(iter(columns.values())))
    frame = pd.DataFrame({c: pd.Series([pd.NA] * n, dtype="str") for c in AUDITS.columns})
    for name, values in columns.items():
        frame[name] = pd.Series(values, dtype="str")
    frame["source_row"] = range(2, n + 2)
    return frame


def test_validate_rows_skips_checks_of_columns_the_file_lacks():
    text = text_frame(audit_id=["A-1"], date_completed=["2019-06-20"])
    _, problems = validate_rows(text, AUDITS, "a.csv", {"audit_id", "date_completed"})
    assert {p.rule for p in problems} == {"required_column_missing"}
    assert {p.column for p in problems} == {"judgement", *SCORE_COLUMNS}
    assert "needed because 1 audit(s) have a date_completed" in str(problems[0])


def test_scored_but_not_returned_names_the_filled_columns():
    text = text_frame(score_impact=["5"], judgement=["Good"])
    _, problems = validate_rows(text, AUDITS, "a.csv", {"score_impact", "judgement"})
    (problem,) = [p for p in problems if p.rule == "scored_but_not_returned"]
    assert problem.detail == "filled: score_impact, judgement"


def test_check_columns_suggests_a_near_name_and_warns_of_extras():
    header = [c for c in AUDITS.required if c != "team_manager"] + ["team_manger", "notes"]
    problems, warnings = check_columns(header, AUDITS, "a.csv")
    assert [(p.rule, p.column) for p in problems] == [("required_column_missing", "team_manager")]
    assert "is the column 'team_manger' meant to be 'team_manager'?" in str(problems[0])
    assert warnings == ["a.csv: 2 column(s) not in the contract were ignored: team_manger, notes"]


def test_problem_reads_as_file_row_column_value_rule():
    problem = Problem("audits.csv", "score_out_of_range", 5, "score_impact", "11")
    assert str(problem) == (
        "audits.csv, row 5, column score_impact, value '11': a score must be from 1 to 10 "
        "[score_out_of_range]"
    )


def test_long_values_are_shortened_in_problems():
    text = text_frame(audit_id=["A-1"], cohort=["x" * 100])
    _, problems = validate_rows(text, AUDITS, "a.csv", {"audit_id", "cohort"})
    (problem,) = [p for p in problems if p.rule == "cohort_unknown"]
    assert len(problem.value) == 40 and problem.value.endswith("…")


def test_format_problems_caps_the_listing_and_counts_all():
    problems = [Problem("v.csv", "date_unparseable", r, "due_date", "soon") for r in range(2, 7)]
    text = format_problems(problems, limit=3)
    assert text.splitlines()[0] == "The input data has 5 problems (v.csv: 5); nothing was loaded."
    assert len(text.splitlines()) == 5
    assert text.splitlines()[-1] == "  ... and 2 more (5 in all)"


def test_extract_error_lists_every_problem():
    problems = [Problem("a.csv", "file_empty"), Problem("v.csv", "file_not_found")]
    error = ExtractError(problems)
    assert error.problems == problems
    assert "a.csv: the file is empty [file_empty]" in str(error)
    assert "v.csv: the file does not exist [file_not_found]" in str(error)


@pytest.mark.parametrize("value", ["yes", "YES", " No "])
def test_escalated_yes_no_any_case(value):
    typed, masks = parse_column(column(value), "escalated")
    assert typed[0] == (value.strip().lower() == "yes")
    assert not flagged(masks)
