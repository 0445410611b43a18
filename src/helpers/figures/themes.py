"""Theme figures: audits showing each theme per month, the month's summary with statuses,
excerpts and what the codebook missed. Pure: DataFrames and plain values in and out.

Matching lives in `theme_matching.py`, the codebook in `codebook.py`, emerging topics in
`emerging_topics.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pandas as pd

from helpers.figures.codebook import Codebook
from helpers.figures.theme_matching import has_text, returned_audits
from helpers.settings.contract import TEXT_COLUMNS
from helpers.settings.periods import months_between, parse_month, previous_month

STATUS_NEW = "new this month"
STATUS_PERSISTING = "persisting"
STATUS_ENDED = "ended"
STATUS_NOT_SEEN = "not seen this month"


def column_domain(column: str) -> str:
    """`comment_planning` -> `planning`; `summary_comment` -> `summary`; `actions` -> `actions`."""
    if column == "summary_comment":
        return "summary"
    return column.removeprefix("comment_")


def returned_ids(audits: pd.DataFrame, months: Iterable[str]) -> pd.DataFrame:
    returned = returned_audits(audits)
    return returned[returned["audit_month"].isin(list(months))][["audit_id", "audit_month"]]


def compute_theme_counts(
    matches: pd.DataFrame,
    audits: pd.DataFrame,
    months: list[str],
    codebook: Codebook | None = None,
) -> pd.DataFrame:
    """Theme × month: distinct returned audits showing the theme (0 where none).

    Rows are the codebook's themes in its order (without a codebook: the themes in `matches`).
    """
    returned = returned_ids(audits, months)
    kept = matches[matches["audit_id"].isin(returned["audit_id"])]
    counts = kept.groupby(["theme_id", "audit_month"])["audit_id"].nunique()
    theme_ids = codebook.ids if codebook is not None else sorted(matches["theme_id"].unique())
    table = counts.unstack("audit_month").reindex(index=theme_ids, columns=months).fillna(0)
    table = table.astype("int64")
    table.index.name, table.columns.name = "theme_id", "month"
    return table


def theme_counts_for_month(matches: pd.DataFrame, month: str, codebook: Codebook) -> dict[str, int]:
    """Every codebook theme id -> returned audits in `month` showing it (`themes.month` in metrics)."""
    in_month = matches[matches["audit_month"] == month]
    counts = in_month.groupby("theme_id")["audit_id"].nunique()
    return {theme_id: int(counts.get(theme_id, 0)) for theme_id in codebook.ids}


def theme_status(this_month: int, last_month: int) -> str:
    """`persisting`: seen this month and last; `new this month`: this month only;
    `ended`: last month only; `not seen this month`: neither."""
    if this_month and last_month:
        return STATUS_PERSISTING
    if this_month:
        return STATUS_NEW
    if last_month:
        return STATUS_ENDED
    return STATUS_NOT_SEEN


def compute_theme_summary(
    matches: pd.DataFrame,
    audits: pd.DataFrame,
    codebook: Codebook,
    month: str,
    trend_months: int = 12,
) -> pd.DataFrame:
    """One row per codebook theme for `month`.

    Columns: theme_id, label, audits (returned audits showing it this month), audits_previous
    (last month), share (of this month's returned audits; NaN when none returned), domains (where it
    appeared this month: domain keys, "summary", "actions", in report order), status (see
    `theme_status`), months_seen (months with the theme among the `trend_months` to `month`).
    """
    last = previous_month(month)
    window = months_between(str(parse_month(month) - (trend_months - 1)), month)
    counts = compute_theme_counts(matches, audits, sorted({*window, last}), codebook)
    returned = len(returned_ids(audits, [month]))
    in_month = matches[matches["audit_month"] == month]
    rows = []
    for theme in codebook.themes:
        now, before = int(counts.at[theme.id, month]), int(counts.at[theme.id, last])
        columns = set(in_month.loc[in_month["theme_id"] == theme.id, "column"])
        rows.append(
            {
                "theme_id": theme.id,
                "label": theme.label,
                "audits": now,
                "audits_previous": before,
                "share": now / returned if returned else float("nan"),
                "domains": [column_domain(c) for c in TEXT_COLUMNS if c in columns],
                "status": theme_status(now, before),
                "months_seen": int((counts.loc[theme.id, window] > 0).sum()),
            }
        )
    return pd.DataFrame(rows)


def identity(text: str) -> str:
    return text


def trim_excerpt(text: str, start: int, end: int, max_chars: int = 160) -> str:
    """`text` cut to about `max_chars` at word edges around text[start:end], "…" where cut."""
    text = " ".join(text.split()) if len(text) > max_chars else text
    if len(text) <= max_chars:
        return text
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    room = max(max_chars - (end - start), 0)
    left = max(0, start - room // 2)
    right = min(len(text), left + max_chars)
    left = max(0, right - max_chars)
    if left > 0:
        next_space = text.find(" ", left)
        left = next_space + 1 if 0 <= next_space < start else left
    if right < len(text):
        last_space = text.rfind(" ", 0, right)
        right = last_space if last_space > end else right
    excerpt = text[left:right].strip()
    return ("…" if left > 0 else "") + excerpt + ("…" if right < len(text) else "")


def select_excerpts(
    matches: pd.DataFrame,
    theme_id: str,
    month: str,
    n: int = 3,
    redact: Callable[[str], str] = identity,
    max_chars: int = 160,
) -> list[str]:
    """Up to `n` short excerpts showing `theme_id` in `month`, one per audit, redacted then trimmed.

    The whole sentence is redacted before it is cut, so a name can never be split at an edge and
    slip past the redactor.
    """
    chosen = matches[(matches["theme_id"] == theme_id) & (matches["audit_month"] == month)]
    order = {column: i for i, column in enumerate(TEXT_COLUMNS)}
    chosen = chosen.assign(_column_order=chosen["column"].map(order)).sort_values(
        ["source_row", "_column_order"]
    )
    excerpts: list[str] = []
    for _, match in chosen.drop_duplicates("audit_id").iterrows():
        if len(excerpts) >= n:
            break
        sentence = str(match["sentence"])
        redacted = redact(sentence)
        start = len(redact(sentence[: match["match_start"]]))
        end = start + len(redact(sentence[match["match_start"] : match["match_end"]]))
        excerpt = trim_excerpt(redacted, start, end, max_chars)
        if excerpt not in excerpts:
            excerpts.append(excerpt)
    return excerpts


def compute_unmatched(audits: pd.DataFrame, matches: pd.DataFrame, month: str) -> dict[str, int]:
    """What the codebook misses in `month`, counted over returned audits.

    returned; audits_with_text (some comment cell has text); audits_unmatched (has text, no theme);
    cells_with_text; cells_unmatched (a cell with text in which no theme was found).
    Cells such as "n/a", "none" or "-" count as empty.
    """
    returned = returned_audits(audits)
    returned = returned[returned["audit_month"] == month]
    columns = [c for c in TEXT_COLUMNS if c in returned.columns]
    cells = returned.melt(id_vars="audit_id", value_vars=columns, var_name="column")
    cells = cells[cells["value"].map(has_text).astype(bool)]
    in_month = matches[matches["audit_month"] == month]
    matched = set(zip(in_month["audit_id"], in_month["column"], strict=True))
    cell_matched = [key in matched for key in zip(cells["audit_id"], cells["column"], strict=True)]
    unmatched_cells = cells[[not hit for hit in cell_matched]]
    audits_with_text = set(cells["audit_id"])
    return {
        "returned": len(returned),
        "audits_with_text": len(audits_with_text),
        "audits_unmatched": len(audits_with_text - set(in_month["audit_id"])),
        "cells_with_text": len(cells),
        "cells_unmatched": len(unmatched_cells),
    }
