"""What loading lets through but a person would want a word about: warnings, never stops.

Each function returns sentences naming the file and the spreadsheet rows (never a child's id or
name, as these sentences are printed and kept in run.json). They are shown by `validate` and
`run` and listed in run.json's `warnings`.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pandas as pd

from helpers.extracts.text_bytes import printable_ascii
from helpers.settings.contract import TEXT_COLUMNS
from helpers.settings.periods import reporting_year_start

CONTROL_CHARACTERS = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
ROWS_SHOWN = 10
_ROW_TAG = re.compile(rb"<(?:\w+:)?row\b[^>]*>")
_HIDDEN = re.compile(rb'\bhidden="(?:1|true)"')
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')


def describe_rows(rows: list[int]) -> str:
    shown = ", ".join(str(r) for r in rows[:ROWS_SHOWN])
    more = f" and {len(rows) - ROWS_SHOWN} more" if len(rows) > ROWS_SHOWN else ""
    return f"row{'s' if len(rows) > 1 else ''} {shown}{more}"


def hidden_xlsx_rows(path: Path, sheet_path: str | None) -> list[int]:
    """Spreadsheet rows hidden in the workbook's sheet (they are read and counted like the rest)."""
    if not sheet_path:
        return []
    try:
        with zipfile.ZipFile(path) as book:
            xml = book.read(sheet_path.lstrip("/"))
    except (OSError, KeyError, zipfile.BadZipFile):
        return []
    rows = []
    for tag in _ROW_TAG.finditer(xml):
        number = _ROW_NUMBER.search(tag.group())
        if _HIDDEN.search(tag.group()) and number:
            rows.append(int(number.group(1)))
    return rows


def warn_hidden_rows(rows: list[int], name: str) -> list[str]:
    if not rows:
        return []
    return [
        f"{name}: {describe_rows(rows)} are hidden in the workbook but were read and counted; "
        "unhide them to check they belong in the extract"
    ]


def warn_audits(frame: pd.DataFrame, name: str) -> list[str]:
    """Two audits of one child in a month; audit ids differing only in case; control characters."""
    warnings = []
    both = frame.dropna(subset=["child_id", "audit_month"])
    repeated = both[both.duplicated(["audit_month", "child_id"], keep=False)]
    for month, group in repeated.groupby("audit_month", sort=True):
        pairs = group.groupby("child_id")["source_row"].agg(list).tolist()
        rows = [f"{describe_rows(sorted(p))}" for p in pairs[:ROWS_SHOWN]]
        warnings.append(
            f"{name}: {len(pairs)} child(ren) have more than one audit in {month} "
            f"({'; '.join(rows)}); check they are not the same audit entered twice"
        )
    ids = frame["audit_id"].dropna()
    folded = ids.str.casefold()
    clash = folded.duplicated(keep=False) & ~ids.duplicated(keep=False)
    if clash.any():
        rows = frame.loc[clash[clash].index, "source_row"].tolist()
        warnings.append(
            f"{name}: the audit_ids on {describe_rows(rows)} differ only in upper and lower case; "
            "check they are different audits"
        )
    return warnings + warn_control_characters(frame, name, TEXT_COLUMNS)


def warn_control_characters(frame: pd.DataFrame, name: str, columns: tuple[str, ...]) -> list[str]:
    """Cells of free text holding NUL or other control characters (the pages leave them out)."""
    warnings = []
    for column in (c for c in columns if c in frame and not printable_ascii(frame[c])):
        hit = frame[column].str.contains(CONTROL_CHARACTERS, regex=True, na=False)
        if hit.any():
            rows = frame.loc[hit, "source_row"].tolist()
            warnings.append(
                f"{name}: {column} on {describe_rows(rows)} holds control characters (such as "
                "NUL) that are not text; they are left out of the report"
            )
    return warnings


def warn_visits_year(visits: pd.DataFrame | None, month: str, name: str = "visits") -> list[str]:
    """A visits extract with no visit due in the reporting year of `month`: likely the wrong file."""
    if visits is None or visits.empty:
        return []
    start = pd.Timestamp(reporting_year_start(month) + "-01")
    end = pd.Period(month, freq="M").end_time
    if visits["due_date"].between(start, end).any():
        return []
    first, last = visits["due_date"].min(), visits["due_date"].max()
    return [
        f"{name}: no visit is due in the reporting year to {month} ({start:%B %Y} to "
        f"{end:%B %Y}); its visits are due {first:%d/%m/%Y} to {last:%d/%m/%Y}: is it the "
        "right extract?"
    ]
