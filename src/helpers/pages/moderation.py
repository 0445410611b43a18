"""The moderation page: how far a second reader agreed with the auditors' judgements and scores."""

from __future__ import annotations

import pandas as pd

from helpers.pages.context import MonthContext
from helpers.pages.tables import Table, format_columns
from helpers.settings.contract import DOMAINS
from helpers.settings.formatting import SUPPRESSED, fmt_score, is_small_count
from helpers.settings.periods import month_label


def _available(ctx: MonthContext) -> bool:
    return bool((ctx.metrics.get("moderation") or {}).get("available"))


def _periods(ctx: MonthContext) -> list[tuple[str, dict]]:
    block = ctx.metrics["moderation"]
    year = block["year_to_date"]
    span = f"{month_label(year['from'])} to {month_label(year['to'])}"
    return [(ctx.label, block["month"]), (span, year)]


def _kappa(value: float | None, n: int, publication: bool) -> str:
    if publication and is_small_count(n):
        return SUPPRESSED
    return fmt_score(value, places=2)


def table_agreement(ctx: MonthContext) -> Table | None:
    """Moderated audits, agreement on judgement, weighted kappa and grades moved, month and year."""
    if not _available(ctx):
        return None
    rows = [
        {"period": label, **{k: v for k, v in cut.items() if k != "domain_mean_difference"}}
        for label, cut in _periods(ctx)
    ]
    frame = pd.DataFrame(rows)
    shown = format_columns(
        frame,
        counts=("n", "agreed", "moved_up", "moved_down"),
        rates={"agreement_rate": "n"},
        publication=ctx.publication,
        numerators={"agreement_rate": "agreed"},
    )
    shown["kappa"] = [
        _kappa(k, n, ctx.publication) for k, n in zip(frame["kappa"], frame["n"], strict=True)
    ]
    columns = {
        "period": "Audit month",
        "n": "Moderated",
        "agreed": "Same judgement",
        "agreement_rate": "Agreement %",
        "kappa": "Weighted kappa",
        "moved_up": "Moved up a grade",
        "moved_down": "Moved down",
    }
    return Table(
        shown[list(columns)].rename(columns=columns),
        "Moderation: the moderator's judgement against the auditor's "
        "(kappa with linear weights; 1 is full agreement, 0 no better than chance)",
    )


def table_domain_difference(ctx: MonthContext) -> Table | None:
    """Mean moderated score minus the auditor's, per domain, month and year to date."""
    if not _available(ctx):
        return None
    periods = _periods(ctx)
    rows = []
    for d in DOMAINS:
        row = {"Domain": ctx.params.short_label(d)}
        for label, cut in periods:
            hidden = ctx.publication and is_small_count(cut["n"])
            value = cut["domain_mean_difference"].get(d)
            row[label] = SUPPRESSED if hidden else _signed(value)
        rows.append(row)
    return Table(
        pd.DataFrame(rows),
        "Mean moderated score minus the auditor's, by domain (negative: the moderator scored lower)",
    )


def _signed(value: float | None) -> str:
    shown = fmt_score(value)
    if shown == SUPPRESSED:
        return shown
    if shown in ("0.0", "-0.0"):
        return "0.0"
    return shown if shown.startswith("-") or shown == "n/a" else f"+{shown}"
