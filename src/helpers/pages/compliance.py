"""The compliance page: how many allocated audits were returned, by team and manager, over time.

Every table and chart reads the month's figures (`ctx.metrics`) and page tables (`ctx.table`), so
in publication mode they show the publishable set and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from helpers.figures import compliance
from helpers.pages.chart_png import draw_ahead
from helpers.pages.charts.compliance import plot_compliance_by_team, plot_compliance_trend
from helpers.pages.charts.style import Chart, first_month_trend
from helpers.pages.context import MonthContext, with_hidden_flags
from helpers.pages.tables import Table, format_columns
from helpers.settings.periods import month_label, parse_month


def trend_window(ctx: MonthContext) -> tuple[str, str]:
    """The months a trend chart shows: the last `trend_months` up to the report month."""
    first = str(parse_month(ctx.month) - (ctx.params.trend_months - 1))
    return max(first, ctx.metrics["first_data_month"]), ctx.month


def is_first_month_trend(ctx: MonthContext) -> bool:
    """The trend window is the report month alone: the first month of data."""
    first, last = trend_window(ctx)
    return first == last


def table_compliance_summary(ctx: MonthContext) -> Table:
    rows = pd.DataFrame(
        [
            {"Month": month_label(ctx.month), **_figures(ctx.metrics["compliance"])},
            {"Month": month_label(ctx.previous), **_figures(ctx.metrics["compliance"]["previous"])},
        ][: 2 if ctx.has_previous else 1]
    )
    shown = format_columns(rows, counts=("Allocated", "Returned"), rates={"Rate": "Allocated"})
    before = " and the month before" if ctx.has_previous else ", the first month of data"
    return Table(shown, f"Audits allocated and returned, {month_label(ctx.month)}{before}")


def _figures(figures: dict) -> dict:
    return {
        "Allocated": figures["allocated"],
        "Returned": figures["returned"],
        "Rate": figures["rate"],
    }


def compliance_trend(ctx: MonthContext) -> pd.DataFrame:
    """The trend window's months from metrics: allocated, returned, rate ("[c]" when hidden)."""
    first, last = trend_window(ctx)
    trend = pd.DataFrame(ctx.metrics["compliance"]["trend"])
    return trend[(trend["month"] >= first) & (trend["month"] <= last)].reset_index(drop=True)


@dataclass(frozen=True)
class ComplianceCharts:
    """The page's charts, drawn ahead (`chart_png.draw_ahead`) while it writes its tables."""

    trend: Chart
    by_team: Chart


def charts(ctx: MonthContext) -> ComplianceCharts:
    return ComplianceCharts(
        draw_ahead(chart_compliance_trend(ctx)), draw_ahead(chart_compliance_by_team(ctx))
    )


def chart_compliance_trend(ctx: MonthContext) -> Chart:
    if is_first_month_trend(ctx):
        return first_month_trend("Line chart of the audit return rate by month", ctx.month)
    trend = with_hidden_flags(compliance_trend(ctx), ["rate"])
    return plot_compliance_trend(trend, ctx.month, ctx.params.targets.compliance_rate)


def compliance_by_team(ctx: MonthContext) -> pd.DataFrame:
    return ctx.table("compliance_by_team")


def table_compliance_by_team(ctx: MonthContext) -> Table:
    by_team = compliance_by_team(ctx).rename(
        columns={
            "team": "Team",
            "allocated": "Allocated",
            "returned": "Returned",
            "not_returned": "Not returned",
            "rate": "Rate",
        }
    )
    shown = format_columns(
        by_team, counts=("Allocated", "Returned", "Not returned"), rates={"Rate": "Allocated"}
    )
    return Table(shown, f"Audit compliance by team, {month_label(ctx.month)}, lowest rate first")


def chart_compliance_by_team(ctx: MonthContext) -> Chart:
    # A team with any figure hidden is drawn as [c] whole: its label would give the rest away.
    by_team = with_hidden_flags(compliance_by_team(ctx), ["allocated", "returned", "rate"])
    return plot_compliance_by_team(by_team, ctx.month, ctx.params.targets.compliance_rate)


def table_follow_up(ctx: MonthContext) -> Table | None:
    """Team managers with audits not returned this month (names appear in this table only).

    None in publication mode, where no names are shown.
    """
    if ctx.publication:
        return None
    by_manager = compliance.compute_compliance_by(ctx.audits, ctx.month, "team_manager")
    missing = by_manager[by_manager["not_returned"] > 0].rename(
        columns={
            "team_manager": "Team manager",
            "allocated": "Allocated",
            "returned": "Returned",
            "not_returned": "Not returned",
            "rate": "Rate",
        }
    )
    shown = format_columns(
        missing, counts=("Allocated", "Returned", "Not returned"), rates={"Rate": "Allocated"}
    )
    return Table(
        shown, f"Follow-up: team managers with audits not returned, {month_label(ctx.month)}"
    )
