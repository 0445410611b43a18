"""The judgements page: the four grades this month and last, their trend, and segments."""

from __future__ import annotations

import pandas as pd

from helpers import charts, judgements
from helpers.context import MonthContext
from helpers.contract import GOOD_OR_BETTER, GRADES
from helpers.formatting import SUPPRESSED, fmt_count, fmt_rate
from helpers.pages.compliance import trend_window
from helpers.pages.tables import Table, format_columns
from helpers.periods import month_label


def _count_and_share(count: int | None, share: float | None, n: int, publication: bool) -> str:
    """`4 (13%)`; a share reveals its count when n is known, so both go when either is hidden."""
    shown_count = "" if count is None else fmt_count(count, publication)
    shown_share = fmt_rate(share, n, publication)
    if SUPPRESSED in (shown_count, shown_share):
        return SUPPRESSED
    return shown_share if count is None else f"{shown_count} ({shown_share})"


def table_judgements(ctx: MonthContext) -> Table:
    """Count and share of each grade for the month, the month before and each segment."""
    cuts = {
        month_label(ctx.previous): ctx.metrics["scores"]["previous_month"],
        month_label(ctx.month): ctx.metrics["scores"]["month"],
    }
    for name, cut in ctx.metrics["segments"].items():
        cuts[f"{name}, {month_label(cut['from'])} to {month_label(cut['to'])}"] = cut
    table = pd.DataFrame({"Grade": [*GRADES, "Good or better"]})
    for label, cut in cuts.items():
        counts = cut["judgement_counts"]
        shares = judgements.compute_judgement_shares(counts)
        cells = [_count_and_share(counts[g], shares[g], cut["n"], ctx.publication) for g in GRADES]
        good = judgements.good_or_better_share(counts)
        good_count = sum(counts[g] for g in GOOD_OR_BETTER)
        cells.append(_count_and_share(good_count, good, cut["n"], ctx.publication))
        table[f"{label} (n={fmt_count(cut['n'])})"] = cells
    return Table(
        table,
        f"Overall judgements: number of audits (share), {month_label(ctx.month)}, "
        "the month before and segments",
    )


def judgement_trend(ctx: MonthContext) -> pd.DataFrame:
    first, last = trend_window(ctx)
    return judgements.compute_judgement_trend(ctx.audits, first, last)


def chart_judgement_trend(ctx: MonthContext) -> charts.Chart:
    trend = judgement_trend(ctx)
    if ctx.publication:
        trend = trend.assign(suppressed=trend["count"].between(1, 4))
    return charts.plot_judgement_trend(trend, ctx.month)


def table_judgement_trend(ctx: MonthContext) -> Table:
    wide = judgement_trend(ctx).pivot(index="month", columns="grade", values="count")
    wide = wide.reindex(columns=list(GRADES)).reset_index()
    wide["Total"] = wide[list(GRADES)].sum(axis=1)
    wide["month"] = wide["month"].map(month_label)
    shown = format_columns(wide, counts=(*GRADES, "Total"), publication=ctx.publication)
    return Table(shown.rename(columns={"month": "Month"}), "Judgements by month")
