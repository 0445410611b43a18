"""The scores page: domain means, the overall mean, its trend, segments and the spread of scores.

Tables and charts read `ctx.metrics` and `ctx.table`, so a publication page shows only the
publishable set; a hidden mean or count is "[c]" and is neither drawn nor worded.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from helpers.figures import scores
from helpers.figures.selection import in_months
from helpers.pages.chart_png import draw_ahead
from helpers.pages.charts.scores import plot_domain_means, plot_score_distribution, plot_score_trend
from helpers.pages.charts.style import Chart, first_month_trend, withheld
from helpers.pages.compliance import is_first_month_trend, trend_window
from helpers.pages.context import MonthContext, with_hidden_flags
from helpers.pages.tables import Table, format_columns
from helpers.settings.contract import DOMAINS
from helpers.settings.formatting import SUPPRESSED, fmt_change, fmt_count, is_hidden
from helpers.settings.periods import month_label, period_label


def _labels(ctx: MonthContext) -> dict[str, str]:
    return {d: ctx.params.short_label(d) for d in DOMAINS}


def _numeric(means: dict) -> dict:
    return {d: None if is_hidden(v) else v for d, v in means.items()}


def domain_means(ctx: MonthContext) -> pd.DataFrame:
    """Domain means this month and last, with `suppressed` where the set hides a month's means."""
    cuts = ctx.metrics["scores"]
    now, before = cuts["month"]["domain_means"], cuts["previous_month"]["domain_means"]
    table = scores.table_domain_means(_numeric(now), _numeric(before), _labels(ctx))
    table["suppressed"] = [is_hidden(now[d]) or is_hidden(before[d]) for d in DOMAINS]
    return table


def table_domain_means(ctx: MonthContext) -> Table:
    """Each domain and the overall mean, this month and last, in report order."""
    cuts = ctx.metrics["scores"]
    means = domain_means(ctx)[["label", "previous_month", "this_month"]].astype(object)
    for column, cut in (("previous_month", "previous_month"), ("this_month", "month")):
        hidden = [is_hidden(cuts[cut]["domain_means"][d]) for d in DOMAINS]
        means[column] = means[column].where(~pd.Series(hidden), SUPPRESSED)
    overall = pd.DataFrame(
        [
            {
                "label": "All seven domains",
                "previous_month": cuts["previous_month"]["overall_mean"],
                "this_month": cuts["month"]["overall_mean"],
            }
        ]
    )
    table = pd.concat([means, overall], ignore_index=True)
    numbers = table[["this_month", "previous_month"]].map(
        lambda v: float("nan") if is_hidden(v) or v is None else float(v)
    )
    hidden = table[["this_month", "previous_month"]].map(is_hidden).any(axis=1)
    shown = format_columns(table, scores=("previous_month", "this_month"))
    shown["change"] = [
        SUPPRESSED if h else fmt_change(None if pd.isna(b) else b, None if pd.isna(a) else a)
        for h, b, a in zip(hidden, numbers["previous_month"], numbers["this_month"], strict=True)
    ]
    shown = shown.rename(
        columns={
            "label": "Domain",
            "previous_month": f"{month_label(ctx.previous)} "
            f"(n={fmt_count(cuts['previous_month']['n'])})",
            "this_month": f"{month_label(ctx.month)} (n={fmt_count(cuts['month']['n'])})",
            "change": "Change",
        }
    )
    if not ctx.has_previous:
        shown = shown.drop(columns=[shown.columns[1], "Change"])
        return Table(
            shown,
            f"Average score by domain (1 to 10), {month_label(ctx.month)}, the first month of data",
        )
    return Table(
        shown, f"Average score by domain (1 to 10), {month_label(ctx.month)} and the month before"
    )


@dataclass(frozen=True)
class ScoreCharts:
    """The page's three charts, each drawn ahead by a child process (`chart_png.draw_ahead`)."""

    domain_means: Chart
    trend: Chart
    spread: Chart


def charts(ctx: MonthContext) -> ScoreCharts:
    """The page's charts, made as the page starts so that they are drawn while it writes its
    tables and words."""
    return ScoreCharts(
        draw_ahead(chart_domain_means(ctx)),
        draw_ahead(chart_score_trend(ctx)),
        draw_ahead(chart_score_distribution(ctx)),
    )


def chart_domain_means(ctx: MonthContext) -> Chart:
    return plot_domain_means(domain_means(ctx), ctx.month)


def chart_score_trend(ctx: MonthContext) -> Chart:
    if is_first_month_trend(ctx):
        return first_month_trend("Line chart of the overall average score by month", ctx.month)
    first, _ = trend_window(ctx)
    trend = pd.DataFrame(ctx.metrics["scores"]["trend"])
    trend = with_hidden_flags(trend[trend["month"] >= first], ["overall_mean", "n"])
    return plot_score_trend(trend, ctx.month)


def table_score_trend(ctx: MonthContext) -> Table:
    """Every month in the data, so records ("highest since ...") can be checked by eye."""
    trend = pd.DataFrame(ctx.metrics["scores"]["trend"])
    trend["month"] = trend["month"].map(month_label)
    shown = format_columns(trend, counts=("n",), scores=("overall_mean",))
    shown = shown.rename(
        columns={"month": "Month", "n": "Audits returned", "overall_mean": "Average score"}
    )
    return Table(
        shown.iloc[::-1].reset_index(drop=True),
        "Average score across all seven domains by month, newest first",
    )


def table_segments(ctx: MonthContext) -> Table | None:
    """Each segment's domain means and overall mean beside the month's (None without segments)."""
    if not ctx.metrics["segments"]:
        return None
    month_cut = ctx.metrics["scores"]["month"]
    columns = {f"{month_label(ctx.month)} (n={fmt_count(month_cut['n'])})": month_cut}
    for name, cut in ctx.metrics["segments"].items():
        period = period_label(cut["from"], cut["to"])
        columns[f"{name}, {period} (n={fmt_count(cut['n'])})"] = cut
    labels = _labels(ctx)
    rows = [
        {"Domain": labels[d], **{k: c["domain_means"][d] for k, c in columns.items()}}
        for d in DOMAINS
    ]
    rows.append(
        {"Domain": "All seven domains", **{k: c["overall_mean"] for k, c in columns.items()}}
    )
    table = pd.DataFrame(rows)
    return Table(
        format_columns(table, scores=tuple(columns)), "Average score by domain for each segment"
    )


def score_distribution(ctx: MonthContext) -> pd.DataFrame:
    month_audits = in_months(ctx.audits, ctx.month, ctx.month)
    return scores.compute_score_distribution(month_audits, _labels(ctx))


def chart_score_distribution(ctx: MonthContext) -> Chart:
    """The spread of scores; in publication mode a sentence pointing to the bands table, since
    shares of a domain's scores would give its hidden band counts away."""
    if ctx.publication:
        return withheld(
            "Chart of the spread of scores",
            "The spread of scores is not charted in the publication version: see the table of "
            "score bands, where small counts are shown as [c].",
        )
    return plot_score_distribution(score_distribution(ctx), ctx.month)


def table_score_bands(ctx: MonthContext) -> Table:
    bands = ctx.table("score_bands").drop(columns="domain")
    shown = format_columns(bands, counts=(*scores.SCORE_BANDS, "Scores"))
    return Table(shown, f"How many scores fell in each band, by domain, {month_label(ctx.month)}")
