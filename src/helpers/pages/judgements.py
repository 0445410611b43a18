"""The judgements page: the four grades this month and last, their trend, and segments."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from helpers.pages.chart_png import draw_ahead
from helpers.pages.charts.judgements import plot_judgement_trend
from helpers.pages.charts.style import Chart, first_month_trend, withheld
from helpers.pages.compliance import is_first_month_trend, trend_window
from helpers.pages.context import MonthContext, with_hidden_flags
from helpers.pages.tables import Table, format_columns
from helpers.pages.wording.lookups import good_or_better
from helpers.settings.contract import GRADES
from helpers.settings.formatting import SUPPRESSED, fmt_count, fmt_rate, is_hidden
from helpers.settings.periods import month_label, period_label


def _cell(count: object, share: object) -> str:
    """`15 (52%)`; "[c]" when the publishable set hides the count."""
    if is_hidden(count):
        return SUPPRESSED
    return f"{fmt_count(count)} ({fmt_rate(share)})"


def table_judgements(ctx: MonthContext) -> Table:
    """Count and share of each grade for the month, the month before and each segment."""
    cuts = {
        month_label(ctx.previous): ctx.metrics["scores"]["previous_month"],
        month_label(ctx.month): ctx.metrics["scores"]["month"],
    }
    if not ctx.has_previous:  # the first month of data: no empty column for the month before
        del cuts[month_label(ctx.previous)]
    for name, cut in ctx.metrics["segments"].items():
        cuts[f"{name}, {period_label(cut['from'], cut['to'])}"] = cut
    parts = [month_label(ctx.month)]
    parts += ["the month before"] if ctx.has_previous else []
    parts += ["segments"] if ctx.metrics["segments"] else []
    shown = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
    return table_judgement_cuts(cuts, f"Overall judgements: number of audits (share), {shown}")


def table_judgement_cuts(cuts: dict[str, dict], caption: str) -> Table:
    """Count and share of each grade, and Good or Outstanding, for each labelled cut."""
    table = pd.DataFrame({"Grade": [*GRADES, "Good or Outstanding"]})
    for label, cut in cuts.items():
        cells = {g: (cut["judgement_counts"][g], cut["judgement_shares"][g]) for g in GRADES}
        cells["Good or Outstanding"] = good_or_better(cut)
        table[f"{label} (n={fmt_count(cut['n'])})"] = [_cell(*cells[r]) for r in table["Grade"]]
    return Table(table, caption)


def judgement_trend(ctx: MonthContext) -> pd.DataFrame:
    """Long frame month, grade, count over the trend window, from metrics ("[c]" when hidden)."""
    first, last = trend_window(ctx)
    rows = [
        {"month": entry["month"], "grade": grade, "count": entry["counts"][grade]}
        for entry in ctx.metrics["judgements"]["trend"]
        if first <= entry["month"] <= last
        for grade in GRADES
    ]
    return pd.DataFrame(rows, columns=["month", "grade", "count"])


@dataclass(frozen=True)
class JudgementCharts:
    """The page's chart, drawn ahead (`chart_png.draw_ahead`) while it writes its tables."""

    trend: Chart


def charts(ctx: MonthContext) -> JudgementCharts:
    return JudgementCharts(draw_ahead(chart_judgement_trend(ctx)))


def chart_judgement_trend(ctx: MonthContext) -> Chart:
    """The 12-month judgements chart; in a publication pack where most months have a hidden
    grade, a sentence instead, since a chart of mostly withheld bars says nothing."""
    if is_first_month_trend(ctx):
        return first_month_trend("Chart of judgements by month", ctx.month)
    flagged = with_hidden_flags(judgement_trend(ctx), ["count"])
    hidden_months = flagged.loc[flagged["suppressed"], "month"].nunique()
    months = flagged["month"].nunique()
    if ctx.publication and months and hidden_months * 2 > months:
        return withheld(
            "Chart of judgements by month",
            f"Judgements by month are not charted in the publication version: in {hidden_months} "
            f"of the {months} months shown at least one grade had fewer than "
            f"{ctx.params.publication.threshold} audits, so most bars would be withheld. The "
            "table of judgements by month shows every figure that can be published.",
        )
    return plot_judgement_trend(flagged, ctx.month)


def table_judgement_trend(ctx: MonthContext) -> Table:
    wide = judgement_trend(ctx).pivot(index="month", columns="grade", values="count")
    wide = wide.reindex(columns=list(GRADES)).reset_index()
    returned = {e["month"]: e["n"] for e in ctx.metrics["scores"]["trend"]}
    wide["Total"] = wide["month"].map(returned)
    wide["month"] = wide["month"].map(month_label)
    shown = format_columns(wide, counts=(*GRADES, "Total"))
    return Table(shown.rename(columns={"month": "Month"}), "Judgements by month")
