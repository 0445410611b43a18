"""Checks of the two input extracts against the data contract.

Every rule is declared once in `RULES` (in `helpers.extracts.rules`: code, the columns it
concerns, its message in plain words). The checks below are vectorised: each turns text columns into a boolean mask of the rows
that break a rule, and only those rows become `Problem`s. All problems are collected, never just
the first, and `ExtractError` carries them all.

Decisions the contract leaves open:
- dates are ISO `2019-06-30` or day-first `30/06/2019` (day and month may be one digit); a time of
  day after the date is ignored. Two-digit years (`30/06/19`) are rejected, as are month-first
  (`06/30/2019`) and impossible (`31/02/2019`) dates and years outside 2000-2099;
- a header with no data rows is an error ("no rows");
- unknown extra columns are ignored with a warning (see `loading.LoadResult.warnings`).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable

import numpy as np
import pandas as pd

from helpers.extracts.rules import (
    _DATES,
    _SCORES,
    _TIME_OF_DAY,
    AUDITS,
    ESCALATED_VALUES,
    FIRST_YEAR,
    JUDGEMENT_VALUES,
    LAST_YEAR,
    LISTING_LIMIT,
    RULES,
    SCORE_MAX,
    SCORE_MIN,
    STRICT_COLUMNS,
    VALUE_WIDTH,
    VISITS,
    ExtractError,
    ExtractSpec,
    Problem,
    Rule,
    format_problems,
    shorten,
)
from helpers.settings import contract
from helpers.settings.periods import MONTH_PATTERN

__all__ = [
    "AUDITS",
    "ESCALATED_VALUES",
    "ExtractError",
    "ExtractSpec",
    "FINAL_DTYPES",
    "FIRST_YEAR",
    "JUDGEMENT_VALUES",
    "LAST_YEAR",
    "LISTING_LIMIT",
    "PARSERS",
    "Parsed",
    "Problem",
    "RULES",
    "Rule",
    "SCORE_MAX",
    "SCORE_MIN",
    "STRICT_COLUMNS",
    "VALUE_WIDTH",
    "VISITS",
    "check_columns",
    "format_problems",
    "parse_column",
    "shorten",
    "validate_rows",
]


# ---------------------------------------------------------------------------------------------
# Column checks


def check_columns(
    header: list[str], spec: ExtractSpec, file: str
) -> tuple[list[Problem], list[str]]:
    """Duplicate and missing required columns (problems); unknown columns (warnings)."""
    problems: list[Problem] = []
    seen = pd.Series(header, dtype=object)
    for name in seen[seen.duplicated() & (seen != "")].unique():
        problems.append(Problem(file, "duplicate_column", column=name))
    unknown = [c for c in dict.fromkeys(header) if c and c not in spec.columns]
    for name in spec.required:
        if name not in header:
            near = difflib.get_close_matches(name, unknown, n=1)
            hint = f"is the column {near[0]!r} meant to be {name!r}?" if near else ""
            problems.append(Problem(file, "required_column_missing", column=name, detail=hint))
    warnings = []
    if unknown:
        warnings.append(
            f"{file}: {len(unknown)} column(s) not in the contract were ignored: "
            + ", ".join(unknown)
        )
    return problems, warnings


# ---------------------------------------------------------------------------------------------
# Parsers: distinct text values in, typed values and one mask per broken rule out.
# Each sees only non-blank, non-formula values (the rest arrive as NA and must not be flagged).

Parsed = tuple[pd.Series, dict[str, pd.Series]]


def _parse_dates(text: pd.Series) -> Parsed:
    """ISO or day-first UK dates as datetime64[ns]; two-digit years, month-first, impossible
    and out-of-range dates flagged, never reinterpreted."""
    given = text.notna()
    bare = text.str.replace(_TIME_OF_DAY, "", regex=True)
    parsed = pd.to_datetime(bare, format="%Y-%m-%d", errors="coerce")
    retry = given & parsed.isna()
    if retry.any():
        parsed = parsed.copy()
        parsed[retry] = pd.to_datetime(bare[retry], format="%d/%m/%Y", errors="coerce")
    years = parsed.dt.year
    out_of_range = parsed.notna() & ((years < FIRST_YEAR) | (years > LAST_YEAR))
    failed = given & parsed.isna()
    slash = bare.str.extract(r"^(\d{1,2})/(\d{1,2})/(\d+)$")
    is_slash = slash[0].notna()
    first, second = pd.to_numeric(slash[0]), pd.to_numeric(slash[1])
    year_digits = slash[2].str.len()
    two_digit = failed & is_slash & (year_digits == 2)
    full = failed & is_slash & (year_digits == 4)
    month_first = full & (first <= 12) & (second > 12) & (second <= 31)
    iso_shaped = bare.str.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}").fillna(False).astype(bool)
    impossible = (full & ~month_first) | (failed & iso_shaped)
    masks = {
        "date_out_of_range": out_of_range,
        "date_two_digit_year": two_digit,
        "date_month_first": month_first,
        "date_impossible": impossible,
        "date_unparseable": failed & ~(two_digit | month_first | impossible),
    }
    return parsed.where(~out_of_range).astype("datetime64[ns]"), masks


def _parse_scores(text: pd.Series) -> Parsed:
    """Whole numbers 1..10 as float64 (7.0 is fine; 0, 11, 7.5 and "seven" are not)."""
    number = pd.to_numeric(text, errors="coerce").astype("float64")
    whole = number.notna() & (number == np.floor(number))
    out_of_range = whole & ((number < SCORE_MIN) | (number > SCORE_MAX))
    return number.where(whole & ~out_of_range), {
        "score_not_number": text.notna() & number.isna(),
        "score_not_whole": number.notna() & ~whole,
        "score_out_of_range": out_of_range,
    }


def _parse_month(text: pd.Series) -> Parsed:
    bad = text.notna() & ~text.str.fullmatch(MONTH_PATTERN.pattern).fillna(False).astype(bool)
    return text.mask(bad), {"month_format": bad}


def _parse_cohort(text: pd.Series) -> Parsed:
    cohort = text.str.replace(r"\s+", "", regex=True).str.upper()
    bad = text.notna() & ~cohort.isin(contract.COHORTS)
    return cohort.mask(bad), {"cohort_unknown": bad}


def _choice(values: dict[str, object], rule: str) -> Callable[[pd.Series], Parsed]:
    """A parser mapping text onto `values` regardless of case and spacing."""

    def parse(text: pd.Series) -> Parsed:
        key = text.str.replace(r"\s+", " ", regex=True).str.strip().str.casefold()
        typed = key.map(values)
        return typed, {rule: text.notna() & typed.isna()}

    return parse


PARSERS: dict[str, Callable[[pd.Series], Parsed]] = {
    **dict.fromkeys(_DATES, _parse_dates),
    **dict.fromkeys(_SCORES, _parse_scores),
    "audit_month": _parse_month,
    "cohort": _parse_cohort,
    "judgement": _choice(JUDGEMENT_VALUES, "judgement_unknown"),
    "moderated_judgement": _choice(JUDGEMENT_VALUES, "judgement_unknown"),
    "escalated": _choice(ESCALATED_VALUES, "escalated_unknown"),
}
FINAL_DTYPES: dict[str, str] = {
    **dict.fromkeys(_DATES, "datetime64[ns]"),
    **dict.fromkeys(_SCORES, "float64"),
    "escalated": "boolean",
}


def parse_column(text: pd.Series, column: str) -> Parsed:
    """Typed values of one column and the masks of its broken rules, formulas included.

    The parser runs once per distinct value, then results are spread back over the rows: dates
    and codes repeat a lot (a few hundred distinct values in a million rows), so the slow string
    passes never touch most rows.
    """
    codes, uniques = pd.factorize(text)
    values = pd.Series(uniques, dtype="str")
    formula = values.str.startswith("=").fillna(False).astype(bool)
    typed, masks = PARSERS[column](values.mask(formula))
    masks = {"formula": formula, **masks}

    def spread(result: pd.Series, fill: object) -> pd.Series:
        array = result.to_numpy(dtype=object if fill is None else None)
        array = np.append(array, np.array([fill], dtype=array.dtype))  # code -1 = blank cell
        return pd.Series(array[codes], index=text.index)

    dtype = FINAL_DTYPES.get(column, "str")
    fill = {"datetime64[ns]": np.datetime64("NaT"), "float64": np.nan}.get(dtype)
    typed = spread(typed, fill).astype(dtype)
    return typed, {rule: spread(mask.astype(bool), False) for rule, mask in masks.items()}


# ---------------------------------------------------------------------------------------------
# Row checks


def _flag(
    file: str,
    frame: pd.DataFrame,
    rule: str,
    column: str,
    mask: pd.Series,
    detail: pd.Series | str = "",
) -> list[Problem]:
    """One Problem per row in `mask`, naming the row, the column and the cell's value.

    A `detail` Series needs values only for the flagged rows.
    """
    if not mask.any():
        return []
    hits = mask.index[mask.to_numpy()]
    rows = frame.loc[hits, "source_row"].tolist()
    values = frame.loc[hits, column].tolist()
    details = (
        detail.reindex(hits).tolist() if isinstance(detail, pd.Series) else [detail] * len(rows)
    )
    return [
        Problem(file, rule, int(r), column, None if _blank(v) else shorten(v), d)
        for r, v, d in zip(rows, values, details, strict=True)
    ]


def _blank(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value))


def _duplicate_ids(file: str, frame: pd.DataFrame, column: str) -> list[Problem]:
    """Every row whose id is used again, naming the other rows."""
    ids = frame[column]
    dup = ids.notna() & ids.duplicated(keep=False)
    if not dup.any():
        return []
    rows_by_id = frame.loc[dup].groupby(column)["source_row"].agg(list).to_dict()

    def others(row: int, value: str) -> str:
        rest = [r for r in rows_by_id[value] if r != row]
        shown = ", ".join(str(r) for r in rest[:10])
        more = f" and {len(rest) - 10} more" if len(rest) > 10 else ""
        return f"also on row{'s' if len(rest) > 1 else ''} {shown}{more}"

    pairs = zip(frame.loc[dup, "source_row"], ids[dup], strict=True)
    detail = pd.Series([others(r, v) for r, v in pairs], index=ids.index[dup])
    return _flag(file, frame, "duplicate_id", column, dup, detail)


def _before(
    file: str, text: pd.DataFrame, typed: pd.DataFrame, rule: str, later: str, earlier: str
) -> list[Problem]:
    """Rows whose `later` date is before their `earlier` date."""
    early = typed[later] < typed[earlier]
    detail = f"{earlier} is " + typed.loc[early, earlier].dt.strftime("%Y-%m-%d")
    return _flag(file, text, rule, later, early, detail)


def validate_rows(
    text: pd.DataFrame, spec: ExtractSpec, file: str, present: set[str]
) -> tuple[pd.DataFrame, list[Problem]]:
    """Check every cell rule; return the typed frame (docs/data-shapes.md) and all problems found.

    `text` holds every contract column (absent ones all-NA) as stripped text with blanks NA, plus
    `source_row`; `present` names the columns the file really had.
    """
    problems: list[Problem] = []
    typed = pd.DataFrame(index=text.index)
    for column in spec.columns:
        if column in PARSERS:
            typed[column], masks = parse_column(text[column], column)
            for rule, mask in masks.items():
                problems += _flag(file, text, rule, column, mask)
        elif column in STRICT_COLUMNS:  # ids: nearly all distinct, so checked row by row
            formula = text[column].str.startswith("=").fillna(False).astype(bool)
            problems += _flag(file, text, "formula", column, formula)
            typed[column] = text[column].mask(formula).astype("str")
        else:  # free text: kept as it is, formulas too
            typed[column] = text[column].astype("str")
    for column in spec.required:
        if column in present:
            problems += _flag(file, text, "required_value_blank", column, text[column].isna())
    if spec.id_column in present:
        problems += _duplicate_ids(file, text, spec.id_column)
    if spec.kind == "audits":
        problems += _before(
            file, text, typed, "completed_before_allocated", "date_completed", "date_allocated"
        )
        problems += _completeness(text, file, present)
    elif spec.kind == "visits":
        problems += _before(
            file, text, typed, "recorded_before_visit", "recorded_date", "visit_date"
        )
    typed["source_row"] = text["source_row"].astype("int64")
    order = {name: i for i, name in enumerate(spec.columns)}
    problems.sort(key=lambda p: (p.row or 0, order.get(p.column or "", -1), p.rule))
    return typed.reset_index(drop=True), problems


def _completeness(text: pd.DataFrame, file: str, present: set[str]) -> list[Problem]:
    """A returned audit has all seven scores and a judgement; an unreturned one has none."""
    problems: list[Problem] = []
    returned = text["date_completed"].notna()
    graded = (*contract.SCORE_COLUMNS, "judgement")
    if returned.any():
        for column in graded:
            if column not in present:
                detail = f"needed because {int(returned.sum())} audit(s) have a date_completed"
                problems.append(
                    Problem(file, "required_column_missing", None, column, None, detail)
                )
    for column in graded:
        if column in present:
            rule = "judgement_missing" if column == "judgement" else "score_missing"
            problems += _flag(file, text, rule, column, returned & text[column].isna())
    given = text[list(graded)].notna()
    scored = ~returned & given.any(axis=1)
    if scored.any():
        names = [", ".join(given.columns[row]) for row in given[scored].to_numpy()]
        detail = pd.Series(names, index=text.index[scored]).radd("filled: ")
        problems += _flag(file, text, "scored_but_not_returned", "date_completed", scored, detail)
    return problems
