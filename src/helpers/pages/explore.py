"""The exploration notebook's filters: the same figures, tables and charts for a chosen slice.

`explore_context` narrows a month's context to some months, teams, districts, cohorts, domains
and judgements, and recomputes its figures with the same functions as the monthly run, so every
page helper (`table_*`, `chart_*`) draws the slice exactly as it draws the whole month. Not part of
the monthly pack: notebooks/explore.ipynb is for analysts, in JupyterLab.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from typing import Any

import pandas as pd

from helpers.pages.context import MonthContext, compute_month_metrics
from helpers.settings.contract import DOMAINS, GRADES
from helpers.settings.periods import months_between


@dataclass(frozen=True)
class Filters:
    """What to keep; an empty choice keeps everything. Months run from `first_month` to the month."""

    first_month: str | None = None
    teams: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()
    cohorts: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    judgements: tuple[str, ...] = ()

    @classmethod
    def from_parameters(cls, **chosen: Any) -> Filters:
        """Filters from notebook parameters, where None or [] means no filter."""
        values = {}
        for item in fields(cls):
            value = chosen.get(item.name)
            if item.name == "first_month":
                values[item.name] = value or None
            else:
                values[item.name] = tuple(value or ())
        return cls(**values)

    def describe(self) -> str:
        """The filters in a line, for the heading of what is shown."""
        parts = [
            f"{item.name.replace('_', ' ')}: {', '.join(value)}"
            for item in fields(self)
            if item.name != "first_month" and (value := getattr(self, item.name))
        ]
        if self.first_month:
            parts.insert(0, f"from {self.first_month}")
        return "; ".join(parts) or "no filters: every audit and visit"


def filter_options(ctx: MonthContext) -> dict[str, list[str]]:
    """The values each filter can take in these extracts (domains and grades in report order)."""

    def values(column: str) -> list[str]:
        return sorted(ctx.audits[column].dropna().astype(str).unique())

    months = sorted(ctx.audits.loc[ctx.audits["audit_month"] <= ctx.month, "audit_month"].unique())
    return {
        "first_month": months,
        "teams": values("team"),
        "districts": values("district"),
        "cohorts": values("cohort"),
        "domains": list(DOMAINS),
        "judgements": list(GRADES),
    }


def _check(chosen: Sequence[str], allowed: Sequence[str], name: str) -> None:
    unknown = sorted(set(chosen) - set(allowed))
    if unknown:
        raise ValueError(f"{name}: {unknown} not in the extracts; choose from {list(allowed)}")


def filter_audits(audits: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The audits the filters keep. A judgement filter keeps returned audits with those grades
    only, so compliance then counts those alone; a domain filter blanks the other domains' scores,
    so the overall mean is over the chosen domains."""
    keep = pd.Series(True, index=audits.index)
    if filters.first_month:
        keep &= audits["audit_month"] >= filters.first_month
    for column, chosen in (
        ("team", filters.teams),
        ("district", filters.districts),
        ("cohort", filters.cohorts),
        ("judgement", filters.judgements),
    ):
        if chosen:
            keep &= audits[column].isin(chosen)
    kept = audits[keep].copy()
    if filters.domains:
        for domain in set(DOMAINS) - set(filters.domains):
            kept[f"score_{domain}"] = float("nan")
    return kept


def filter_visits(visits: pd.DataFrame | None, filters: Filters) -> pd.DataFrame | None:
    """Visits of the chosen teams (visits have no district, cohort, domain or judgement)."""
    if visits is None or not filters.teams:
        return visits
    return visits[visits["team"].isin(filters.teams)]


def explore_context(ctx: MonthContext, filters: Filters) -> MonthContext:
    """`ctx` narrowed to `filters`, with its figures recomputed from what is kept."""
    options = filter_options(ctx)
    for name in ("teams", "districts", "cohorts", "domains", "judgements"):
        _check(getattr(filters, name), options[name], name)
    audits = filter_audits(ctx.audits, filters)
    visits = filter_visits(ctx.visits, filters)
    params = ctx.params
    if filters.first_month:
        shown = len(months_between(filters.first_month, ctx.month))
        params = params.model_copy(update={"trend_months": max(shown, 1)})
    # actions and moderations follow their audits into the slice
    actions, moderation = (
        None if frame is None else frame[frame["audit_id"].isin(audits["audit_id"])]
        for frame in (ctx.actions, ctx.moderation)
    )
    metrics = compute_month_metrics(audits, visits, ctx.month, params, actions, moderation)
    return MonthContext(ctx.month, params, audits, visits, metrics, actions, moderation)


def filter_widgets(ctx: MonthContext, filters: Filters) -> dict[str, Any]:
    """ipywidgets for each filter, set to `filters` (JupyterLab only; papermill uses parameters)."""
    import ipywidgets as widgets

    options = filter_options(ctx)
    controls: dict[str, Any] = {
        "first_month": widgets.Dropdown(
            options=[("(all)", None), *[(m, m) for m in options["first_month"]]],
            value=filters.first_month,
            description="From",
        )
    }
    for name in ("teams", "districts", "cohorts", "domains", "judgements"):
        controls[name] = widgets.SelectMultiple(
            options=options[name],
            value=getattr(filters, name),
            description=name.capitalize(),
            rows=min(len(options[name]), 7),
        )
    return controls


def show_with_widgets(ctx: MonthContext, filters: Filters, draw: Callable[[Filters], None]) -> None:
    """The filter widgets above an area that `draw` redraws whenever a filter changes."""
    import ipywidgets as widgets
    from IPython.display import display

    controls = filter_widgets(ctx, filters)

    def redraw(**chosen: Any) -> None:
        draw(Filters.from_parameters(**chosen))

    output = widgets.interactive_output(redraw, controls)
    display(widgets.HBox(list(controls.values())), output)


def show_explore(ctx: MonthContext, filters: Filters) -> None:
    """The slice's compliance, scores, judgements and visits, drawn by the pages' own helpers."""
    from helpers.pages import compliance, judgements, scores, visits
    from helpers.pages.display import show_figure, show_heading, show_report_table

    view = explore_context(ctx, filters)
    show_heading(f"{view.label}: {filters.describe()}", 2)
    show_report_table(compliance.table_compliance_summary(view))
    show_figure(compliance.chart_compliance_trend(view))
    show_report_table(compliance.table_compliance_by_team(view))
    show_report_table(scores.table_domain_means(view))
    show_figure(scores.chart_domain_means(view))
    show_report_table(judgements.table_judgements(view))
    show_figure(judgements.chart_judgement_trend(view))
    year_to_date = visits.table_year_to_date(view)
    if year_to_date is not None:
        show_report_table(year_to_date)


def show_trace(ctx: MonthContext, filters: Filters, figure: str) -> None:
    """The rows behind one figure of the slice and the arithmetic that gives it."""
    from helpers.figures.trace import TraceSource, published_value, trace_figure
    from helpers.pages.display import show_heading, show_paragraphs, show_table

    view = explore_context(ctx, filters)
    source = TraceSource(
        view.month, view.params, view.audits, view.visits, view.actions, view.moderation
    )
    traced = trace_figure(figure, source)
    shown = published_value(view.metrics, figure)
    show_heading(f"Rows behind {figure}", 2)
    show_paragraphs(
        [
            f"{traced.arithmetic}.",
            f"The figure is {shown}; the {len(traced.rows):,} rows below give "
            f"{'the same' if shown == traced.value else traced.value}.",
        ]
    )
    if len(traced.rows):
        show_table(traced.rows, f"Rows behind {figure}")


def show_trace_with_widgets(ctx: MonthContext, filters: Filters, figure: str) -> None:
    """A choice of every figure of the slice, and the rows behind the chosen one."""
    import ipywidgets as widgets
    from IPython.display import display

    from helpers.figures.trace import figure_keys

    keys = figure_keys(explore_context(ctx, filters).metrics)
    choice = widgets.Dropdown(
        options=keys, value=figure if figure in keys else keys[0], description="Figure"
    )
    output = widgets.interactive_output(lambda key: show_trace(ctx, filters, key), {"key": choice})
    display(choice, output)
