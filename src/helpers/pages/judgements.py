"""The judgements page: the four grades this month and last, their trend, and segments."""

from __future__ import annotations

import pandas as pd

from helpers import charts, judgements
from helpers.context import MonthContext
from helpers.contract import GRADES
from helpers.pages.compliance import trend_window
from helpers.pages.tables import Table, format_columns
from helpers.periods import month_label


def _cut_columns(label: str, cut: dict) -> dict[str, list]:
    shares = judgements.compute_judgement_shares(cut["judgement_counts"])
    good = judgements.good_or_better_share(cut["judgement_counts"])
    return {
        f"{label} count": [cut["judgement_counts"][g] for g in GRADES] + [None],
        f"{label} share": [shares[g] for g in GRADES] + [good],
    }


def table_judgements(ctx: MonthContext) -> Table:
    """Counts and shares of each grade for the month, the month before and each segment."""
    cuts = {
        month_label(ctx.previous): ctx.metrics["scores"]["previous_month"],
        month_label(ctx.month): ctx.metrics["scores"]["month"],
    }
    for name, cut in ctx.metrics["segments"].items():
        cuts[f"{name} {month_label(cut['from'])} to {month_label(cut['to'])}"] = cut
    table = pd.DataFrame({"Grade": [*GRADES, "Good or better"]})
    counts, rates = [], {}
    for label, cut in cuts.items():
        for column, values in _cut_columns(label, cut).items():
            table[column] = values
        counts.append(f"{label} count")
        rates[f"{label} share"] = None
    shown = format_columns(table, counts=tuple(counts), rates=rates, publication=ctx.publication)
    if ctx.publication:
        # A share reveals its count when n is known: suppress it with the count.
        for label, cut in cuts.items():
            hidden = shown[f"{label} count"] == "[c]"
            shown.loc[hidden, f"{label} share"] = "[c]"
            if cut["n"] < 5:
                shown[f"{label} share"] = "[c]"
    shown.loc[shown["Grade"] == "Good or better", counts] = ""  # a share only, no count
    return Table(
        shown, f"Overall judgements, {month_label(ctx.month)}, the month before and segments"
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
