"""Keeping shared outputs inert: text shown in HTML and cells written to spreadsheets."""

from __future__ import annotations

import html

import pandas as pd

# OWASP CSV-injection advice: a cell starting with one of these may run as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def escape_for_html(text: object) -> str:
    """`text` as inert HTML text: `<script>` shows as characters, never runs. Missing -> ""."""
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return ""
    return html.escape(str(text), quote=True)


def _is_number_text(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def neutralise_formula(value: object) -> object:
    """A text cell that a spreadsheet could run as a formula, prefixed with `'`; others as given.

    Numbers, and texts that are plain numbers ("-5", "+1.5"), are left alone.
    """
    if not isinstance(value, str) or not value.startswith(FORMULA_TRIGGERS):
        return value
    if _is_number_text(value.strip()):
        return value
    return "'" + value


def neutralise_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of `df` with every text cell and column label passed through `neutralise_formula`."""
    out = df.copy()
    for column in out.columns:
        if not pd.api.types.is_numeric_dtype(out[column]) and not pd.api.types.is_bool_dtype(
            out[column]
        ):
            out[column] = out[column].map(neutralise_formula, na_action="ignore")
    out.columns = [neutralise_formula(c) for c in out.columns]
    return out
