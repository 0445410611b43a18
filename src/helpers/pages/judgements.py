"""The judgements page: the four grades this month and last, their trend, and segments."""

from __future__ import annotations

import pandas as pd

from helpers.figures import judgements
from helpers.pages.charts import plots as charts
from helpers.pages.compliance import trend_window
from helpers.pages.context import MonthContext
from helpers.pages.tables import Table, format_columns
from helpers.safe.suppression import suppress_table
from helpers.settings.contract import GOOD_OR_BETTER, GRADES
from helpers.settings.formatting import SUPPRESSED, fmt_count, fmt_rate
from helpers.settings.periods import month_label


def _hidden_counts(cuts: dict[str, dict]) -> pd.DataFrame:
    """True where publication mode hides a grade's count, totals (n) taken into account."""
    counts = pd.DataFrame(
        {
            label: [*(cut["judgement_counts"][g] for g in GRADES), cut["n"]]
            for label, cut in cuts.items()
        },
        index=[*GRADES, "n"],
    )
    return suppress_table(counts, list(cuts), column_total_row="n").mask


def table_judgements(ctx: MonthContext) -> Table:
    """Count and share of each grade for the month, the month before and each segment.

    In publication mode a hidden count hides its share too, since n is shown.
    """
    cuts = {
        month_label(ctx.previous): ctx.metrics["scores"]["previous_month"],
        month_label(ctx.month): ctx.metrics["scores"]["month"],
    }
    for name, cut in ctx.metrics["segments"].items():
        cuts[f"{name}, {month_label(cut['from'])} to {month_label(cut['to'])}"] = cut
    hidden = _hidden_counts(cuts) if ctx.publication else None
    table = pd.DataFrame({"Grade": [*GRADES, "Good or better"]})
    for label, cut in cuts.items():
        counts = {**cut["judgement_counts"]}
        counts["Good or better"] = sum(counts[g] for g in GOOD_OR_BETTER)
        cells = []
        for row in table["Grade"]:
            share = counts[row] / cut["n"] if cut["n"] else None
            grades = GOOD_OR_BETTER if row == "Good or better" else (row,)
            if hidden is not None and (cut["n"] < 5 or hidden.loc[list(grades), label].any()):
                cells.append(SUPPRESSED)
            else:
                cells.append(f"{fmt_count(counts[row])} ({fmt_rate(share)})")
        table[f"{label} (n={fmt_count(cut['n'], ctx.publication)})"] = cells
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
    shown = format_columns(
        wide, counts=(*GRADES, "Total"), publication=ctx.publication, row_total="Total"
    )
    return Table(shown.rename(columns={"month": "Month"}), "Judgements by month")
