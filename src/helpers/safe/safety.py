"""Keeping shared outputs inert: text shown in HTML and cells written to spreadsheets.

Every text cell of the extracts is stripped of control and invisible characters (NUL, ESC and
terminal escape sequences, bidi overrides, zero-width characters) once, where the pages read the
extracts (`pages.context.load_context` calls `strip_frame_controls`; for the frames the runner
caches for its kernels, `running.cache` does, once for all pages): tables, charts, alt text,
excerpts and the paper's sentences are all made from those frames.
"""

from __future__ import annotations

import html

import pandas as pd

from helpers.extracts.text_bytes import printable_ascii
from helpers.safe.normalise import strip_controls

# OWASP CSV-injection advice: a cell starting with one of these may run as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def escape_for_html(text: object) -> str:
    """`text` as inert HTML text: `<script>` shows as characters, never runs. Missing -> ""."""
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return ""
    return html.escape(strip_controls(str(text)), quote=True)


# Printable ASCII: a cell made only of these has nothing `strip_controls` would remove.
PLAIN_TEXT = r"[\x20-\x7e]*"


def strip_frame_controls(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of `df` whose text cells and column labels carry no control characters.

    Only the cells that are not plain printable ASCII go through `strip_controls`, found by one
    vectorised match per column: ids, teams and most comments are plain, and a million-row
    extract took a second a column cell by cell.
    """
    out = df.copy()
    for column in out.columns:
        values = out[column]
        if not (values.dtype == object or pd.api.types.is_string_dtype(values)):
            continue
        if printable_ascii(values):  # read from the column's bytes, no cell-by-cell match
            continue
        try:
            plain = values.str.fullmatch(PLAIN_TEXT).fillna(False).astype(bool)
        except AttributeError:  # an object column of no strings at all
            continue
        to_strip = values.notna() & ~plain
        if to_strip.any():
            out.loc[to_strip, column] = values[to_strip].map(
                lambda v: strip_controls(v) if isinstance(v, str) else v
            )
    out.columns = [strip_controls(c) if isinstance(c, str) else c for c in out.columns]
    return out


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
