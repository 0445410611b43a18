"""The visits page: the cumulative reporting-year table (the paper's table 4.A), trend and teams."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from helpers.figures import visits
from helpers.pages.chart_png import draw_ahead
from helpers.pages.charts.style import Chart, first_month_trend
from helpers.pages.charts.visits import plot_visits_trend, plot_visits_ytd
from helpers.pages.compliance import is_first_month_trend, trend_window
from helpers.pages.context import MonthContext, with_hidden_flags
from helpers.pages.tables import Table, format_columns
from helpers.settings.formatting import VISIT_RATE_PLACES
from helpers.settings.periods import month_label, period_label, reporting_year_start

_COUNTS = {"due": "Visits due", "on_time": "On time", "late": "Late", "not_done": "Not done"}
_RATES = {"on_time_rate": "On time %", "late_rate": "Late %", "not_done_rate": "Not done %"}


def _shown(frame: pd.DataFrame, first_column: str, ctx: MonthContext) -> pd.DataFrame:
    shown = format_columns(
        frame,
        counts=tuple(_COUNTS),
        rates=dict.fromkeys(_RATES, "due"),
        rate_places=VISIT_RATE_PLACES,
    )
    order = [
        first_column,
        "due",
        "on_time",
        "on_time_rate",
        "late",
        "late_rate",
        "not_done",
        "not_done_rate",
    ]
    return shown[order].rename(columns={**_COUNTS, **_RATES})


def table_year_to_date(ctx: MonthContext) -> Table | None:
    """April; April to May; ... cumulative from 1 April (None when there is no visits extract)."""
    if not ctx.metrics["visits"]["available"]:
        return None
    table = visits.table_visits_year_to_date(ctx.metrics["visits"]["year_to_date"])
    shown = _shown(table, "period", ctx).rename(columns={"period": "Period"})
    return Table(
        shown,
        "Statutory visits to Children Looked After, cumulative from 1 April "
        f"{reporting_year_start(ctx.month)[:4]}",
    )


@dataclass(frozen=True)
class VisitCharts:
    """The page's charts (None without a visits extract), drawn ahead while it writes its tables."""

    year_to_date: Chart | None
    trend: Chart | None


def charts(ctx: MonthContext) -> VisitCharts:
    return VisitCharts(draw_ahead(chart_year_to_date(ctx)), draw_ahead(chart_visits_trend(ctx)))


def chart_year_to_date(ctx: MonthContext) -> Chart | None:
    if not ctx.metrics["visits"]["available"]:
        return None
    table = visits.table_visits_year_to_date(ctx.metrics["visits"]["year_to_date"])
    table = table.rename(columns={"period": "period_label"})
    table = with_hidden_flags(table, [*visits.OUTCOMES, *_RATES, "due"])
    return plot_visits_ytd(table, ctx.params.targets.visits_on_time_rate)


def visits_trend(ctx: MonthContext) -> pd.DataFrame | None:
    """Visits by the month they fell due over the trend window (None without a visits extract)."""
    trend = ctx.table("visits_trend")
    if trend is None:
        return None
    first, last = trend_window(ctx)
    return trend[(trend["month"] >= first) & (trend["month"] <= last)].reset_index(drop=True)


def chart_visits_trend(ctx: MonthContext) -> Chart | None:
    trend = visits_trend(ctx)
    if trend is None:
        return None
    if is_first_month_trend(ctx):
        return first_month_trend("Line chart of the on-time visit rate by month", ctx.month)
    trend = with_hidden_flags(trend, [*visits.OUTCOMES, *_RATES, "due"])
    return plot_visits_trend(trend, ctx.month, ctx.params.targets.visits_on_time_rate)


def table_visits_trend(ctx: MonthContext) -> Table | None:
    trend = visits_trend(ctx)
    if trend is None:
        return None
    trend["month"] = trend["month"].map(month_label)
    return Table(
        _shown(trend, "month", ctx).rename(columns={"month": "Month due"}),
        "Statutory visits by the month they fell due",
    )


def table_visits_by_team(ctx: MonthContext) -> Table | None:
    by_team = ctx.table("visits_by_team")
    if by_team is None:
        return None
    first = reporting_year_start(ctx.month)
    return Table(
        _shown(by_team, "team", ctx).rename(columns={"team": "Team"}),
        f"Statutory visits by team, {period_label(first, ctx.month)}, lowest on-time rate first",
    )
