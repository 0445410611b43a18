"""The themes page: what recurs in auditors' comments, with redacted evidence and what is missed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from helpers.figures import emerging_topics, themes
from helpers.figures.codebook import Codebook
from helpers.figures.selection import in_months
from helpers.figures.theme_coder import load_run_coder
from helpers.figures.theme_matching import match_themes
from helpers.pages.charts import plots as charts
from helpers.pages.compliance import trend_window
from helpers.pages.context import MonthContext
from helpers.pages.tables import Table, format_columns
from helpers.safe.redaction import build_redactor
from helpers.settings.contract import DOMAINS
from helpers.settings.formatting import fmt_count
from helpers.settings.periods import month_label, months_between


@dataclass(frozen=True)
class ThemeFigures:
    """The codebook, the trend window's audits, their matches and the month's summary."""

    codebook: Codebook
    window: pd.DataFrame
    matches: pd.DataFrame
    summary: pd.DataFrame


def compute_theme_figures(ctx: MonthContext) -> ThemeFigures:
    """Match the comments of the trend window once; every table and chart of the page reads this."""
    coder = load_run_coder(ctx.params)
    codebook = coder.codebook
    first, last = trend_window(ctx)
    window = in_months(ctx.audits, min(first, ctx.previous), last)
    matches = match_themes(window, codebook, coder.code)
    summary = themes.compute_theme_summary(
        matches, window, codebook, ctx.month, ctx.params.trend_months
    )
    return ThemeFigures(codebook, window, matches, summary)


def _domain_names(ctx: MonthContext, keys: list[str]) -> str:
    names = {d: ctx.params.short_label(d) for d in DOMAINS} | {
        "summary": "Summary comment",
        "actions": "Actions",
    }
    return ", ".join(names.get(k, k) for k in keys)


def table_theme_summary(ctx: MonthContext, figures: ThemeFigures) -> Table:
    summary = figures.summary
    table = pd.DataFrame(
        {
            "Theme": summary["label"],
            "This month": summary["audits"],
            "Last month": summary["audits_previous"],
            "Share of returned audits": summary["share"],
            "Status": summary["status"],
            "Months seen (of the last 12)": summary["months_seen"],
            "Where it appears this month": [_domain_names(ctx, d) for d in summary["domains"]],
        }
    )
    returned = ctx.metrics["themes"]["returned"]
    table["_base"] = returned
    shown = format_columns(
        table,
        counts=("This month", "Last month"),
        rates={"Share of returned audits": "_base"},
        publication=ctx.publication,
        numerators={"Share of returned audits": "This month"},
    ).drop(columns="_base")
    return Table(
        shown, f"Themes in auditors' comments, {month_label(ctx.month)}: audits showing each"
    )


def chart_theme_trend(ctx: MonthContext, figures: ThemeFigures) -> charts.Chart:
    months = months_between(*trend_window(ctx))
    counts = themes.compute_theme_counts(figures.matches, figures.window, months, figures.codebook)
    labels = {t.id: t.label for t in figures.codebook.themes}
    long = (
        counts.rename_axis(index="theme_id", columns="month").stack().rename("audits").reset_index()
    )
    long["theme_label"] = long["theme_id"].map(labels)
    if ctx.publication:
        long["suppressed"] = long["audits"].between(1, 4)
    return charts.plot_theme_heatmap(long[[c for c in long.columns if c != "theme_id"]], ctx.month)


def redactor_for(ctx: MonthContext) -> Callable[[str], str]:
    """Redacts ids from both extracts and the people named in them, as well as names in context.

    Team and district names may be shown: the allow-list would otherwise mask a rare one.
    """
    ids = pd.concat([ctx.audits["audit_id"], ctx.audits["child_id"]])
    if ctx.visits is not None:
        ids = pd.concat([ids, ctx.visits["visit_id"], ctx.visits["child_id"]])
    names = pd.concat([ctx.audits["auditor"], ctx.audits["team_manager"]])
    places = pd.concat([ctx.audits["team"], ctx.audits["district"]])
    return build_redactor(
        ids.dropna().unique(), names.dropna().unique(), allowed=places.dropna().unique()
    )


def theme_excerpts(ctx: MonthContext, figures: ThemeFigures) -> list[tuple[str, list[str]]]:
    """(theme label, redacted excerpts) for each theme seen this month; none in publication mode."""
    if ctx.publication or ctx.params.themes.excerpts_per_theme == 0:
        return []
    redact = redactor_for(ctx)
    found = []
    for theme in figures.codebook.themes:
        excerpts = themes.select_excerpts(
            figures.matches, theme.id, ctx.month, ctx.params.themes.excerpts_per_theme, redact
        )
        if excerpts:
            found.append((theme.label, excerpts))
    return found


def describe_unmatched(ctx: MonthContext, figures: ThemeFigures) -> list[str]:
    counts = themes.compute_unmatched(figures.window, figures.matches, ctx.month)
    if not counts["audits_with_text"]:
        return [f"No returned audit for {month_label(ctx.month)} has comments to read."]
    unmatched = fmt_count(counts["audits_unmatched"], ctx.publication)
    return [
        f"{unmatched} of {fmt_count(counts['audits_with_text'])} returned audits with comments "
        f"matched no theme, and {fmt_count(counts['cells_unmatched'])} of "
        f"{fmt_count(counts['cells_with_text'])} comment cells matched none: read these for "
        "what the codebook misses."
    ]


def table_emerging_topics(ctx: MonthContext, figures: ThemeFigures) -> Table | None:
    """Words and phrases rising this month that no theme covers (for the analyst, not for email).

    None in publication mode: free-text phrases are not published.
    """
    if ctx.publication:
        return None
    window = in_months(ctx.audits, str(pd.Period(ctx.month, "M") - 6), ctx.month)
    topics = emerging_topics.compute_emerging_topics(window, figures.codebook, ctx.month)
    # A phrase the redactor would change may hold an identifier: it is left out, not masked.
    redact = redactor_for(ctx)
    topics = topics[[redact(phrase) == phrase for phrase in topics["phrase"]]]
    if topics.empty:
        return None
    shown = format_columns(
        topics.rename(
            columns={
                "phrase": "Phrase",
                "audits_month": "Audits this month",
                "share_month": "Share this month",
                "share_before": "Share, previous six months",
            }
        ).drop(columns="rise"),
        counts=("Audits this month",),
        rates={"Share this month": None, "Share, previous six months": None},
    )
    return Table(
        shown,
        "Emerging topics: phrases more common this month than in the previous six "
        "months that no theme covers",
    )
