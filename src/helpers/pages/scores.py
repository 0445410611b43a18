"""The scores page: domain means, the overall mean, its trend, segments and the spread of scores."""

from __future__ import annotations

import pandas as pd

from helpers.figures import scores
from helpers.figures.selection import in_months
from helpers.pages.charts import plots as charts
from helpers.pages.compliance import trend_window
from helpers.pages.context import MonthContext
from helpers.pages.tables import Table, format_columns
from helpers.settings.contract import DOMAINS
from helpers.settings.formatting import fmt_score
from helpers.settings.periods import month_label


def _labels(ctx: MonthContext) -> dict[str, str]:
    return {d: ctx.params.short_label(d) for d in DOMAINS}


def domain_means(ctx: MonthContext) -> pd.DataFrame:
    cuts = ctx.metrics["scores"]
    return scores.table_domain_means(
        cuts["month"]["domain_means"], cuts["previous_month"]["domain_means"], _labels(ctx)
    )


def table_domain_means(ctx: MonthContext) -> Table:
    """Each domain and the overall mean, this month and last, in report order."""
    cuts = ctx.metrics["scores"]
    means = domain_means(ctx)[["label", "previous_month", "this_month"]]
    overall = pd.DataFrame(
        [
            {
                "label": "All seven domains",
                "previous_month": cuts["previous_month"]["overall_mean"],
                "this_month": cuts["month"]["overall_mean"],
            }
        ]
    )
    table = pd.concat([means, overall], ignore_index=True).astype(
        {"previous_month": float, "this_month": float}
    )
    table["change"] = table["this_month"] - table["previous_month"]
    shown = format_columns(table, scores=("previous_month", "this_month", "change"))
    shown["change"] = [_signed(v) for v in table["change"]]
    shown = shown.rename(
        columns={
            "label": "Domain",
            "previous_month": f"{month_label(ctx.previous)} (n={cuts['previous_month']['n']})",
            "this_month": f"{month_label(ctx.month)} (n={cuts['month']['n']})",
            "change": "Change",
        }
    )
    return Table(
        shown, f"Average score by domain (1 to 10), {month_label(ctx.month)} and the month before"
    )


def _signed(change: float) -> str:
    if pd.isna(change):
        return "n/a"
    shown = fmt_score(change)
    return shown if shown.startswith("-") or shown == "0.0" else f"+{shown}"


def chart_domain_means(ctx: MonthContext) -> charts.Chart:
    return charts.plot_domain_means(domain_means(ctx), ctx.month)


def chart_score_trend(ctx: MonthContext) -> charts.Chart:
    first, _ = trend_window(ctx)
    trend = pd.DataFrame(ctx.metrics["scores"]["trend"])
    trend = trend[trend["month"] >= first].astype({"overall_mean": float})
    return charts.plot_score_trend(trend, ctx.month)


def table_score_trend(ctx: MonthContext) -> Table:
    """Every month in the data, so records ("highest since ...") can be checked by eye."""
    trend = pd.DataFrame(ctx.metrics["scores"]["trend"]).astype({"overall_mean": float})
    trend["month"] = trend["month"].map(month_label)
    shown = format_columns(
        trend, counts=("n",), scores=("overall_mean",), publication=ctx.publication
    )
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
    columns = {f"{month_label(ctx.month)} (n={month_cut['n']})": month_cut}
    for name, cut in ctx.metrics["segments"].items():
        period = (
            month_label(cut["from"])
            if cut["from"] == cut["to"]
            else (f"{month_label(cut['from'])} to {month_label(cut['to'])}")
        )
        columns[f"{name}, {period} (n={cut['n']})"] = cut
    labels = _labels(ctx)
    rows = [
        {"Domain": labels[d], **{k: c["domain_means"][d] for k, c in columns.items()}}
        for d in DOMAINS
    ]
    rows.append(
        {"Domain": "All seven domains", **{k: c["overall_mean"] for k, c in columns.items()}}
    )
    table = pd.DataFrame(rows).astype({k: float for k in columns})
    return Table(
        format_columns(table, scores=tuple(columns)), "Average score by domain for each segment"
    )


def score_distribution(ctx: MonthContext) -> pd.DataFrame:
    month_audits = in_months(ctx.audits, ctx.month, ctx.month)
    return scores.compute_score_distribution(month_audits, _labels(ctx))


def chart_score_distribution(ctx: MonthContext) -> charts.Chart:
    return charts.plot_score_distribution(score_distribution(ctx), ctx.month)


def table_score_bands(ctx: MonthContext) -> Table:
    bands = scores.table_score_bands(score_distribution(ctx))
    bands["Scores"] = bands[list(scores.SCORE_BANDS)].sum(axis=1)
    shown = format_columns(
        bands,
        counts=(*scores.SCORE_BANDS, "Scores"),
        publication=ctx.publication,
        row_total="Scores",
    )
    return Table(shown, f"How many scores fell in each band, by domain, {month_label(ctx.month)}")
