"""The visits page: the cumulative reporting-year table (the paper's table 4.A), trend and teams."""

from __future__ import annotations

import pandas as pd

from helpers.figures import visits
from helpers.pages.charts import plots as charts
from helpers.pages.compliance import trend_window
from helpers.pages.context import MonthContext
from helpers.pages.tables import Table, format_columns
from helpers.settings.periods import month_label, reporting_year_start

_COUNTS = {"due": "Due", "on_time": "On time", "late": "Late", "not_done": "Not done"}
_RATES = {"on_time_rate": "On time %", "late_rate": "Late %", "not_done_rate": "Not done %"}


def _shown(frame: pd.DataFrame, first_column: str, ctx: MonthContext) -> pd.DataFrame:
    shown = format_columns(
        frame,
        counts=tuple(_COUNTS),
        rates=dict.fromkeys(_RATES, "due"),
        publication=ctx.publication,
        rate_places=2,
        row_total="due",
        numerators={f"{outcome}_rate": outcome for outcome in visits.OUTCOMES},
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
    shown = _shown(table, "period", ctx).rename(columns={"period": "Visits due"})
    return Table(
        shown,
        "Statutory visits to Children Looked After, cumulative from 1 April "
        f"{reporting_year_start(ctx.month)[:4]}",
    )


def chart_year_to_date(ctx: MonthContext) -> charts.Chart | None:
    if not ctx.metrics["visits"]["available"]:
        return None
    table = visits.table_visits_year_to_date(ctx.metrics["visits"]["year_to_date"])
    table = table.rename(columns={"period": "period_label"})
    return charts.plot_visits_ytd(table, ctx.params.targets.visits_on_time_rate)


def visits_trend(ctx: MonthContext) -> pd.DataFrame:
    first, last = trend_window(ctx)
    return visits.compute_visits_trend(ctx.visits, first, last)


def chart_visits_trend(ctx: MonthContext) -> charts.Chart | None:
    if ctx.visits is None:
        return None
    return charts.plot_visits_trend(
        visits_trend(ctx), ctx.month, ctx.params.targets.visits_on_time_rate
    )


def table_visits_trend(ctx: MonthContext) -> Table | None:
    if ctx.visits is None:
        return None
    trend = visits_trend(ctx)
    trend["month"] = trend["month"].map(month_label)
    return Table(
        _shown(trend, "month", ctx).rename(columns={"month": "Month due"}),
        "Statutory visits by the month they fell due",
    )


def table_visits_by_team(ctx: MonthContext) -> Table | None:
    if ctx.visits is None:
        return None
    first = reporting_year_start(ctx.month)
    by_team = visits.compute_visits_by_team(ctx.visits, first, ctx.month)
    return Table(
        _shown(by_team, "team", ctx).rename(columns={"team": "Team"}),
        f"Statutory visits by team, {month_label(first)} to {month_label(ctx.month)}, "
        "lowest on-time rate first",
    )
