"""The analyst's review of theme coding (notebooks/theme_review): the month's comments the coder
doubts, redacted, and the analyst's decisions written to the labels CSV in params."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from helpers.figures.theme_coder import (
    ThemeCoder,
    add_labels,
    compute_review_queue,
    split_ids,
)
from helpers.figures.theme_matching import has_text, returned_audits
from helpers.pages.context import MonthContext
from helpers.pages.display import Table
from helpers.pages.themes import redactor_for
from helpers.settings.contract import TEXT_COLUMNS

ACCEPT = "ok"  # a decision that accepts the suggested themes as they are


def month_comments(ctx: MonthContext) -> list[str]:
    """Every comment cell with text in the month's returned audits, in extract order."""
    returned = returned_audits(ctx.audits)
    returned = returned[returned["audit_month"] == ctx.month]
    columns = [c for c in TEXT_COLUMNS if c in returned.columns]
    cells = returned[columns].to_numpy().ravel().tolist()
    return [text for text in cells if has_text(text)]


def table_review_queue(ctx: MonthContext, coder: ThemeCoder, limit: int = 40) -> pd.DataFrame:
    """The review queue with each comment redacted (names and ids never reach the labels file)."""
    queue = compute_review_queue(month_comments(ctx), coder, limit)
    redact = redactor_for(ctx)
    return queue.assign(comment=queue["comment"].map(redact))


def apply_decisions(
    queue: pd.DataFrame, decisions: dict[int, str], path: Path, coder: ThemeCoder
) -> pd.DataFrame:
    """Write the analyst's decisions (queue row -> theme ids separated by `;`, "" for none, or
    "ok" for the suggestion) to the labels CSV at `path`; returns the rows written."""
    decisions = {int(row): choice for row, choice in decisions.items()}  # papermill sends "0"
    unknown = sorted(set(decisions) - set(queue.index))
    if unknown:
        raise KeyError(f"no row(s) {unknown} in the review queue (rows 0 to {len(queue) - 1})")
    rows = [
        {
            "key": queue.at[row, "key"],
            "comment": queue.at[row, "comment"],
            "themes": split_ids(queue.at[row, "suggested"] if choice == ACCEPT else choice),
            "note": "confirmed in review",
        }
        for row, choice in decisions.items()
    ]
    new = pd.DataFrame(rows, columns=["key", "comment", "themes", "note"])
    if len(new):
        add_labels(path, new, coder.codebook)
    return new


def table_review(queue: pd.DataFrame, label: str) -> Table:
    """The queue as the analyst reads it: row number to decide by, comment, what was found."""
    shown = pd.DataFrame(
        {
            "Row": [str(i) for i in queue.index],
            "Comment (redacted)": queue["comment"],
            "Codebook found": queue["codebook"].replace("", "none"),
            "Suggested": queue["suggested"].replace("", "none"),
            "Why it is here": queue["reason"],
            "Model margin": queue["margin"].map(lambda m: "" if pd.isna(m) else f"{m:.2f}"),
        }
    )
    return Table(shown, f"Comments to review, {label}: confirm or correct each")
