"""The themes page: what recurs in auditors' comments, with redacted evidence and what is missed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from helpers.extracts.loading import read_cached_frame
from helpers.figures import emerging_topics, themes
from helpers.figures import theme_excerpts as theme_excerpts_module
from helpers.figures.codebook import CONCERN, STRENGTH, Codebook, load_run_codebook
from helpers.figures.selection import in_months
from helpers.figures.theme_coder import load_run_coder
from helpers.figures.theme_matching import match_themes
from helpers.pages.chart_png import draw_ahead
from helpers.pages.charts.style import Chart, withheld
from helpers.pages.charts.themes import plot_theme_heatmap
from helpers.pages.compliance import trend_window
from helpers.pages.context import MonthContext
from helpers.pages.tables import Table, format_columns
from helpers.pages.wording.phrases import join_words
from helpers.pages.wording.shown import count_noun
from helpers.safe.redaction import build_redactor
from helpers.settings.contract import DOMAINS
from helpers.settings.formatting import SUPPRESSED, fmt_count, is_hidden
from helpers.settings.periods import month_label, months_between


@dataclass(frozen=True)
class ThemeFigures:
    """The codebook, the trend window's audits, their matches and the month's summary; `redact`
    is the page's redactor (`redactor_for`), built once on first use and shared by the excerpts
    and the emerging topics (with a million visit ids it takes about a second to build)."""

    codebook: Codebook
    window: pd.DataFrame
    matches: pd.DataFrame
    summary: pd.DataFrame
    redact: Callable[[str], str] | None = None


class PageRedactor:
    """`redactor_for(ctx)`, built on its first call and then reused."""

    def __init__(self, ctx: MonthContext) -> None:
        self._ctx = ctx
        self._redact: Callable[[str], str] | None = None

    def __call__(self, text: str) -> str:
        if self._redact is None:
            self._redact = redactor_for(self._ctx)
        return self._redact(text)


def page_redactor(ctx: MonthContext, figures: ThemeFigures) -> Callable[[str], str]:
    return figures.redact or redactor_for(ctx)


def published_theme_summary(ctx: MonthContext, codebook: Codebook) -> pd.DataFrame:
    """The theme summary from the publishable set's counts (publication mode has no comments).

    Only this month and last are known, so a theme seen this month but not last is "no earlier
    data"; a hidden count ("[c]") is 1 or more.
    """
    counts, returned = ctx.metrics["themes"], ctx.metrics["themes"]["returned"]
    rows = []
    for theme in codebook.themes:
        now = counts["month"].get(theme.id, 0)
        before = counts.get("previous_month", {}).get(theme.id, 0)
        hidden = is_hidden(now) or is_hidden(returned)
        rows.append(
            {
                "theme_id": theme.id,
                "label": theme.label,
                "kind": theme.kind,
                "audits": now,
                "audits_previous": before,
                "share": SUPPRESSED if hidden else (now / returned if returned else None),
                "domains": [],
                "status": themes.theme_status(
                    1 if is_hidden(now) else now, 1 if is_hidden(before) else before, 0, False
                ),
                "months_seen": None,
            }
        )
    return pd.DataFrame(rows)


def _seen(counts: pd.Series) -> pd.Series:
    """Counts above 0; a hidden count ("[c]") is 1 or more."""
    return counts.map(lambda v: is_hidden(v) or v > 0).astype(bool)


def compute_theme_figures(
    ctx: MonthContext, theme_matches_path: str | Path | None = None
) -> ThemeFigures:
    """Match the comments of the trend window once; every table and chart of the page reads this.

    `theme_matches_path` names the matches the run coded once for all its pages (the notebooks'
    parameter of that name); without it (JupyterLab) the page codes the comments itself.
    In publication mode there are no comments to match: the summary comes from the publishable set.
    """
    # The whole coder (labels, and the model when switched on) only where this page codes.
    codes_here = theme_matches_path is None and not ctx.publication
    coder = load_run_coder(ctx.params) if codes_here else None
    codebook = coder.codebook if coder else load_run_codebook(ctx.params)
    if ctx.publication:
        empty = pd.DataFrame()
        return ThemeFigures(codebook, empty, empty, published_theme_summary(ctx, codebook))
    first, last = trend_window(ctx)
    window = in_months(ctx.audits, min(first, ctx.previous), last)
    if coder is not None:
        matches = match_themes(window, codebook, coder.code)
    else:
        matches = load_theme_matches(theme_matches_path, min(first, ctx.previous), last)
    summary = themes.compute_theme_summary(
        matches, window, codebook, ctx.month, ctx.params.trend_months
    )
    return ThemeFigures(codebook, window, matches, summary, PageRedactor(ctx))


def load_theme_matches(path: str | Path, first: str, last: str) -> pd.DataFrame:
    """The run's matches (`match_themes`'s rows, in its order) of the audits from month `first`
    to month `last`: what `match_themes` gives for those months' audits."""
    matches = read_cached_frame(path)
    month = matches["audit_month"]
    return matches[(month >= first) & (month <= last)].reset_index(drop=True)


def _domain_names(ctx: MonthContext, keys: list[str]) -> str:
    names = {d: ctx.params.short_label(d) for d in DOMAINS} | {
        "summary": "Summary comment",
        "actions": "Actions",
    }
    return ", ".join(names.get(k, k) for k in keys)


NO_EMERGING_TOPICS = (
    "No phrase outside the themes was used this month by at least 4 audits (and a tenth of those "
    "returned) from at least 2 auditors, clearly more often than in the previous six months "
    "(by at least 10 percentage points and half as much again)."
)
KIND_NAMES = {CONCERN: "Concerns", STRENGTH: "Strengths"}


def table_theme_summary(ctx: MonthContext, figures: ThemeFigures, kind: str | None = None) -> Table:
    """Audits showing each theme this month and last, its status and where it appears.

    `kind` (`concern` or `strength`) keeps one kind only; without it both are listed, concerns
    first, with a Kind column, so a strength is never read as something to fix.
    """
    summary = figures.summary
    if kind is not None:
        summary = summary[summary["kind"] == kind]
    else:
        summary = summary.sort_values("kind", key=lambda k: k != CONCERN, kind="stable")
    table = pd.DataFrame(
        {
            "Theme": summary["label"],
            "Kind": summary["kind"].map({CONCERN: "Concern", STRENGTH: "Strength"}),
            "This month": summary["audits"],
            "Last month": summary["audits_previous"],
            "Share of returned audits": summary["share"],
            "Status": summary["status"],
            f"Months seen of last {ctx.params.trend_months}": summary["months_seen"],
            "Where it appears": [_domain_names(ctx, d) for d in summary["domains"]],
        }
    )
    if kind is not None:
        table = table.drop(columns="Kind")
    if not ctx.has_previous:  # the first month of data: no last month, not a column of zeros
        table = table.drop(columns="Last month")
    shown = format_columns(
        table,
        counts=tuple(c for c in ("This month", "Last month") if c in table.columns),
        rates={"Share of returned audits": None},
    )
    if ctx.publication:  # drawn from the comments, which a publication page never sees
        shown = shown.drop(columns=[c for c in shown.columns if c.startswith(("Months", "Where"))])
    what = KIND_NAMES.get(kind, "Themes") if kind else "Themes"
    return Table(
        shown.reset_index(drop=True),
        f"{what} in auditors' comments, {month_label(ctx.month)}: audits showing each",
    )


def describe_theme_changes(ctx: MonthContext, figures: ThemeFigures) -> list[str]:
    """The month's concerns by what changed (new, returning, persisting, gone since last month),
    then the strengths, kept apart so a strength is never read as something to fix."""
    summary = figures.summary
    concerns = summary[summary["kind"] == CONCERN]
    strengths = summary[(summary["kind"] == STRENGTH) & _seen(summary["audits"])]

    def names(rows: pd.DataFrame) -> str:
        return join_words(
            [
                f"{r.label} ({count_noun(r.audits, 'audit', ctx.publication)})"
                for r in rows.itertuples()
            ]
        )

    sentences = []
    for status, opening in (
        (themes.STATUS_NEW, f"New concerns (none in the previous {themes.NEW_LOOKBACK} months)"),
        (themes.STATUS_RETURNING, "Concerns back after a month or more without them"),
        (themes.STATUS_PERSISTING, "Concerns seen again, as last month"),
        (themes.STATUS_NO_HISTORY, "Concerns seen (no earlier months to compare)"),
    ):
        rows = concerns[concerns["status"] == status]
        # Most audits first; a hidden count ([c], 1 to 4) goes last.
        rows = rows.sort_values(
            "audits", key=lambda a: -pd.to_numeric(a, errors="coerce").fillna(0), kind="stable"
        )
        if len(rows):
            sentences.append(f"{opening}: {names(rows)}.")
    gone = concerns[~_seen(concerns["audits"]) & _seen(concerns["audits_previous"])]
    if len(gone):
        sentences.append(
            f"Not seen this month, after last month: {join_words(gone['label'].tolist())}."
        )
    if not sentences:
        sentences.append("No concern was found in this month's audit comments.")
    if len(strengths):
        sentences.append(f"Strengths: {names(strengths)}.")
    return sentences


def describe_statuses() -> list[str]:
    """What the Status column means, for the reader."""
    return [
        f"Status: new means seen this month and in none of the previous {themes.NEW_LOOKBACK} "
        "months; returning, seen this month and in an earlier one of those months but not last "
        "month; persisting, seen this month and last month; not seen this month, none this month."
    ]


@dataclass(frozen=True)
class ThemeCharts:
    """The page's chart, drawn ahead (`chart_png.draw_ahead`) while it redacts its excerpts."""

    trend: Chart


def charts(ctx: MonthContext, figures: ThemeFigures) -> ThemeCharts:
    return ThemeCharts(draw_ahead(chart_theme_trend(ctx, figures)))


def chart_theme_trend(ctx: MonthContext, figures: ThemeFigures) -> Chart:
    """Share of each month's returned audits showing each theme, so months with more audits do
    not look worse; the number of audits each month is shown under it."""
    if ctx.publication:
        return withheld(
            "Heatmap of themes by month",
            "The themes heatmap is not shown in the publication version: the tables give this "
            "month's and last month's counts.",
        )
    months = months_between(*trend_window(ctx))
    counts = themes.compute_theme_counts(figures.matches, figures.window, months, figures.codebook)
    returned = themes.returned_per_month(figures.window, months)
    labels = {t.id: t.label for t in figures.codebook.themes}
    long = (
        counts.rename_axis(index="theme_id", columns="month").stack().rename("audits").reset_index()
    )
    long["theme_label"] = long["theme_id"].map(labels)
    long["returned"] = long["month"].map(returned)
    long["kind"] = long["theme_id"].map(figures.codebook.kinds)
    return plot_theme_heatmap(long[[c for c in long.columns if c != "theme_id"]], ctx.month)


def redactor_for(ctx: MonthContext) -> Callable[[str], str]:
    """Redacts ids from both extracts and the people named in them, as well as names in context.

    Team and district names may be shown: the allow-list would otherwise mask a rare one.
    """
    columns = [ctx.audits["audit_id"], ctx.audits["child_id"]]
    if ctx.visits is not None:
        columns += [ctx.visits["visit_id"], ctx.visits["child_id"]]
    # Joined as they are (pyarrow's columns, not copied): the redactor looks at prefixes first
    # and makes its set of ids only if a text may hold one (`safe.redaction.KnownIds`), so
    # making them distinct first cost more than it saved (0.21 -> 0.13 s on the large extract).
    ids = pd.concat(columns, ignore_index=True)
    names = pd.concat([ctx.audits["auditor"], ctx.audits["team_manager"]])
    places = pd.concat([ctx.audits["team"], ctx.audits["district"]])
    return build_redactor(ids, names.dropna().unique(), allowed=places.dropna().unique())


def theme_excerpts(ctx: MonthContext, figures: ThemeFigures) -> list[tuple[str, list[str]]]:
    """(theme label, redacted whole-sentence excerpts) for each theme seen this month, concerns
    first; each sentence under one theme only; none in publication mode."""
    if ctx.publication or ctx.params.themes.excerpts_per_theme == 0:
        return []
    chosen = theme_excerpts_module.select_theme_excerpts(
        figures.matches,
        figures.codebook,
        ctx.month,
        ctx.params.themes.excerpts_per_theme,
        page_redactor(ctx, figures),
    )
    kinds = figures.codebook.kinds
    order = sorted(chosen, key=lambda t: kinds[t] != CONCERN)
    return [(figures.codebook.theme(t).label, chosen[t]) for t in order]


def describe_unmatched(ctx: MonthContext, figures: ThemeFigures) -> list[str]:
    if ctx.publication:
        return ["Comments that match no theme are counted in the internal version only."]
    """What "matched no theme" means for the reader, with the counts."""
    counts = themes.compute_unmatched(figures.window, figures.matches, ctx.month)
    if not counts["audits_with_text"]:
        return [f"No returned audit for {month_label(ctx.month)} has comments to read."]
    cells, unmatched = counts["cells_with_text"], counts["cells_unmatched"]
    audits = count_noun(counts["audits_unmatched"], "audit", ctx.publication)
    return [
        f"Auditors wrote {fmt_count(cells)} comments (one per box of the audit form filled in) "
        f"in {fmt_count(counts['audits_with_text'])} returned audits. {fmt_count(unmatched)} of "
        f"these comments showed none of the themes above, and in {audits} no comment did. Most "
        "such comments describe the case or say the practice was sound; they are not counted as "
        "good or bad. The themes are found by reading comments against a list of patterns, which "
        "can miss an unusual wording, so the analyst reviews these comments each month and "
        "teaches the coder what it missed."
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
    redact = page_redactor(ctx, figures)
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
