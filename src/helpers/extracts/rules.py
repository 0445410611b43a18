"""The data contract's rules for the two input extracts, declared once.

Every rule is declared once in `RULES` (code, the columns it concerns, its message in plain
words); `AUDITS` and `VISITS` say which columns each extract has and needs. A broken rule is a
`Problem`, and `ExtractError` carries them all. The checks themselves are in
`helpers.extracts.validation`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from helpers.settings import contract

VALUE_WIDTH = 40
LISTING_LIMIT = 200
FIRST_YEAR, LAST_YEAR = 2000, 2099  # no audit or visit is older: a date outside is a typo
SCORE_MIN, SCORE_MAX = 1, 10
_TIME_OF_DAY = r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$"  # ignored after a date
ESCALATED_VALUES: dict[str, bool] = {"yes": True, "no": False}
JUDGEMENT_VALUES: dict[str, str] = {g.casefold(): g for g in contract.GRADES} | dict(
    contract.GRADE_ALIASES
)

_DATES = tuple(
    dict.fromkeys(
        (
            *contract.AUDIT_DATE_COLUMNS,
            *contract.VISIT_DATE_COLUMNS,
            *contract.ACTION_DATE_COLUMNS,
        )
    )
)
_IDS = ("audit_id", "visit_id", "child_id", "auditor")
_REQUIRED = tuple(
    dict.fromkeys(
        (
            *contract.AUDIT_REQUIRED,
            *contract.VISIT_REQUIRED,
            *contract.CHILDREN_REQUIRED,
            *contract.AUDITOR_COLUMNS,
            *contract.ACTION_REQUIRED,
            *contract.MODERATION_REQUIRED,
        )
    )
)
_SCORES = (*contract.SCORE_COLUMNS, *contract.MODERATED_SCORE_COLUMNS)
# Columns whose values are codes, ids, dates or numbers: a formula there is never a real value.
STRICT_COLUMNS: tuple[str, ...] = (
    "audit_id",
    "visit_id",
    "child_id",
    "audit_month",
    "cohort",
    *_DATES,
    *_SCORES,
    "judgement",
    "moderated_judgement",
    "escalated",
)


@dataclass(frozen=True)
class Rule:
    code: str
    columns: tuple[str, ...]  # () for rules about the whole file
    message: str


RULES: dict[str, Rule] = {
    rule.code: rule
    for rule in (
        Rule("file_not_found", (), "the file does not exist"),
        Rule("file_unreadable", (), "the file cannot be read as a CSV or XLSX file"),
        Rule("file_empty", (), "the file is empty"),
        Rule("file_refused", (), "the file is not an extract: give the CSV or XLSX file"),
        Rule("no_rows", (), "the file has a header row but no data rows"),
        Rule("wrong_extract", (), "the file is not the extract expected here"),
        Rule(
            "wrong_delimiter",
            (),
            "the whole header is one column: the values are not separated by commas; "
            "save the file as CSV (comma delimited) or XLSX",
        ),
        Rule(
            "header_not_on_row_1",
            (),
            "the column names must be on row 1; delete the title rows above them",
        ),
        Rule(
            "data_not_on_first_sheet",
            (),
            "the data must be on the first sheet of the workbook; move that sheet first "
            "or save it alone as CSV",
        ),
        Rule("duplicate_column", (), "a column name appears more than once"),
        Rule("row_too_long", (), "the row has more cells than there are column names"),
        Rule("required_column_missing", _REQUIRED, "a required column is missing"),
        Rule("duplicate_id", _IDS, "the id must be unique but appears on more than one row"),
        Rule("required_value_blank", _REQUIRED, "a value is required here but the cell is blank"),
        Rule(
            "formula",
            STRICT_COLUMNS,
            "looks like a spreadsheet formula, not a value; paste values only",
        ),
        Rule("month_format", ("audit_month",), "must be a month written YYYY-MM, e.g. 2019-06"),
        Rule("cohort_unknown", ("cohort",), "must be one of " + ", ".join(contract.COHORTS)),
        Rule("date_unparseable", _DATES, "is not a date: write 2019-06-30 or 30/06/2019"),
        Rule("date_impossible", _DATES, "no such date exists"),
        Rule(
            "date_month_first",
            _DATES,
            "looks month-first (US style); dates must be day-first, e.g. 30/06/2019",
        ),
        Rule(
            "date_two_digit_year",
            _DATES,
            "has a two-digit year; write the year in full, e.g. 30/06/2019",
        ),
        Rule(
            "date_out_of_range",
            _DATES,
            f"the year must be between {FIRST_YEAR} and {LAST_YEAR}",
        ),
        Rule(
            "completed_before_allocated",
            ("date_completed", "date_allocated"),
            "date_completed is before date_allocated",
        ),
        Rule("score_not_number", _SCORES, "a score must be a number from 1 to 10"),
        Rule("score_not_whole", _SCORES, "a score must be a whole number"),
        Rule("score_out_of_range", _SCORES, "a score must be from 1 to 10"),
        Rule(
            "score_missing",
            ("date_completed", *contract.SCORE_COLUMNS),
            "the audit is returned (date_completed is filled) but this score is blank",
        ),
        Rule(
            "judgement_missing",
            ("date_completed", "judgement"),
            "the audit is returned (date_completed is filled) but the judgement is blank",
        ),
        Rule(
            "scored_but_not_returned",
            ("date_completed", *contract.SCORE_COLUMNS, "judgement"),
            "scores or a judgement are filled in but date_completed is blank",
        ),
        Rule(
            "judgement_unknown",
            ("judgement", "moderated_judgement"),
            "must be Outstanding, Good, Requires Improvement (or RI) or Inadequate",
        ),
        Rule("escalated_unknown", ("escalated",), "must be yes or no"),
        Rule(
            "recorded_before_visit",
            ("recorded_date", "visit_date"),
            "recorded_date is before visit_date",
        ),
        Rule(
            "audit_unknown",
            ("audit_id",),
            "no audit with this id is in the audits extract",
        ),
        Rule(
            "moderated_not_returned",
            ("audit_id",),
            "the audit was not returned (no date_completed), so there is nothing to moderate",
        ),
    )
}


@dataclass(frozen=True)
class ExtractSpec:
    """What one kind of extract must hold, from the contract."""

    kind: str
    columns: tuple[str, ...]
    required: tuple[str, ...]
    id_column: str
    date_columns: tuple[str, ...]
    month_columns: tuple[str, ...] = ()


AUDITS = ExtractSpec(
    "audits",
    contract.AUDIT_COLUMNS,
    contract.AUDIT_REQUIRED,
    "audit_id",
    contract.AUDIT_DATE_COLUMNS,
    ("audit_month",),
)
VISITS = ExtractSpec(
    "visits",
    contract.VISIT_COLUMNS,
    contract.VISIT_REQUIRED,
    "visit_id",
    contract.VISIT_DATE_COLUMNS,
)


def shorten(value: object, width: int = VALUE_WIDTH) -> str:
    text = str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


@dataclass(frozen=True)
class Problem:
    """One broken rule: where (file, spreadsheet row with header = 1, column), what, why."""

    file: str
    rule: str
    row: int | None = None
    column: str | None = None
    value: str | None = None  # already shortened to VALUE_WIDTH
    detail: str = ""

    @property
    def message(self) -> str:
        text = RULES[self.rule].message
        return f"{text} ({self.detail})" if self.detail else text

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        if self.value is not None:
            where.append(f"value {self.value!r}")
        return f"{', '.join(where)}: {self.message} [{self.rule}]"


def format_problems(problems: Iterable[Problem], limit: int = LISTING_LIMIT) -> str:
    """All problems as lines for a person, at most `limit` listed, all of them counted."""
    problems = list(problems)
    counts = pd.Series([p.file for p in problems], dtype=object).value_counts(sort=False)
    per_file = ", ".join(f"{file}: {n}" for file, n in counts.items())
    noun = "problem" if len(problems) == 1 else "problems"
    lines = [f"The input data has {len(problems)} {noun} ({per_file}); nothing was loaded."]
    lines += [f"  - {p}" for p in problems[:limit]]
    if len(problems) > limit:
        lines.append(f"  ... and {len(problems) - limit} more ({len(problems)} in all)")
    return "\n".join(lines)


class ExtractError(Exception):
    """An input extract breaks the contract; `.problems` lists every broken rule."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__(self.problems)  # so the error pickles and unpickles whole

    def __str__(self) -> str:
        return format_problems(self.problems)
