"""The report's charts: one `plot_*` per figure, each with a title that states the finding.

Every `plot_*` takes a small tidy frame from a section's `compute_*` function and returns a
`Chart` (see `chart_style` for the style and shared drawing, `chart_words` for the wording). The
title is not drawn into the image: the report prints it as text, where it can be read and
searched, and the alt text says what a screen reader should.

Publication mode: a frame may carry a boolean `suppressed` column, or the caller passes a
`suppressed` Series aligned on the frame's index. A suppressed value is not drawn, is marked
`[c]`, and never appears in the title or alt text.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.ticker import PercentFormatter

from helpers.pages.charts.colours import best_ink
from helpers.pages.charts.style import (
    BAND_COLOURS,
    DARK_BLUE,
    DARK_GREY,
    GRADE_COLOURS,
    PALETTE,
    SCORE_BANDS,
    TURQUOISE,
    VISIT_OUTCOMES,
    Chart,
    TrendSpec,
    apply_style,
    month_tick,
    new_figure,
    no_data,
    set_month_ticks,
    stacked_share_bars,
    target_line,
    trend_chart,
    wrap,
)
from helpers.pages.charts.words import (
    direction,
    is_are,
    join_names,
    score_shown,
    score_text,
    sentence_start,
    shown_percent,
    target_clause,
    target_text,
)
from helpers.settings.contract import GOOD_OR_BETTER, GRADES
from helpers.settings.formatting import (
    SUPPRESSED,
    VISIT_RATE_PLACES,
    fmt_count,
    fmt_rate,
    fmt_rate_beside,
    plural,
)
from helpers.settings.periods import month_label, months_between, previous_month

# Chart, PALETTE, GRADE_COLOURS and apply_style live in chart_style; they are named here too so
# existing `from helpers.pages.charts.plots import Chart` and `charts.apply_style()` keep working.
__all__ = [
    "GRADE_COLOURS",
    "PALETTE",
    "Chart",
    "apply_style",
    "plot_compliance_by_team",
    "plot_compliance_trend",
    "plot_domain_means",
    "plot_judgement_trend",
    "plot_score_distribution",
    "plot_score_trend",
    "plot_theme_heatmap",
    "plot_visits_trend",
    "plot_visits_ytd",
]

VISITS_PLACES = VISIT_RATE_PLACES  # the same precision as the visits table and sentences

# --- reading the frames passed in ------------------------------------------------------------


def _is_empty(frame: pd.DataFrame | None, columns: Sequence[str]) -> bool:
    return frame is None or frame.empty or not set(columns) <= set(frame.columns)


def _flags(frame: pd.DataFrame, suppressed: pd.Series | Sequence[bool] | None) -> pd.Series:
    """Which rows are suppressed: the `suppressed` argument, else a `suppressed` column."""
    if suppressed is not None:
        if isinstance(suppressed, pd.Series):
            flags = suppressed.reindex(frame.index)
        else:
            flags = pd.Series(list(suppressed), index=frame.index)
    elif "suppressed" in frame.columns:
        flags = frame["suppressed"]
    else:
        return pd.Series(False, index=frame.index)
    return flags.astype("boolean").fillna(False).astype(bool)


def _numbers(values: pd.Series) -> pd.Series:
    return pd.to_numeric(values, errors="coerce").astype(float)


def _label_for(frame: pd.DataFrame, key: str) -> pd.Series:
    return frame["label"].where(frame["label"].notna(), frame[key]).astype(str)


def _by_month(frame: pd.DataFrame, column: str, flags: pd.Series) -> tuple[pd.Series, pd.Series]:
    months = frame["month"].astype(str)
    values = pd.Series(_numbers(frame[column]).to_numpy(), index=months.to_numpy())
    hidden = pd.Series(flags.to_numpy(), index=months.to_numpy())
    return values, hidden


def _row_for(frame: pd.DataFrame, month: str) -> pd.Series | None:
    rows = frame[frame["month"].astype(str) == month]
    return None if rows.empty else rows.iloc[-1]


# --- line charts of one value by month -------------------------------------------------------


def plot_score_trend(
    trend: pd.DataFrame,
    month: str,
    target: float | None = None,
    suppressed: pd.Series | None = None,
) -> Chart:
    """Line chart of the overall average score (0-10 scale) by month, the report month marked."""
    if _is_empty(trend, ["month", "n", "overall_mean"]):
        return no_data(month, "chart of the overall average audit score")
    values, hidden = _by_month(trend, "overall_mean", _flags(trend, suppressed))

    def detail(m: str) -> str:
        row = _row_for(trend, m)
        n = None if row is None else _numbers(pd.Series([row["n"]])).iloc[0]
        return "" if n is None or math.isnan(n) else f"It is based on {plural(int(n), 'audit')}."

    spec = TrendSpec(
        subject="Overall average score",
        what="the overall average audit score",
        show=score_text,
        shown=score_shown,
        axis_label="Average score (1 to 10)",
        upper=10,
        percent=False,
    )
    return trend_chart(values, hidden, month, spec, target, detail)


def _rate_spec(
    subject: str, what: str, axis_label: str, places: int, target: float | None
) -> TrendSpec:
    return TrendSpec(
        subject=subject,
        what=what,
        show=lambda v: fmt_rate_beside(v, target, places=places),
        shown=lambda v: shown_percent(v, places),
        axis_label=axis_label,
        upper=1.05,
        percent=True,
    )


def plot_compliance_trend(
    trend: pd.DataFrame,
    month: str,
    target: float | None,
    suppressed: pd.Series | None = None,
) -> Chart:
    """Line chart of the share of allocated audits returned, by month, with the target."""
    if _is_empty(trend, ["month", "allocated", "returned", "rate"]):
        return no_data(month, "chart of the audit return rate")
    values, hidden = _by_month(trend, "rate", _flags(trend, suppressed))

    def detail(m: str) -> str:
        row = _row_for(trend, m)
        if row is None:
            return ""
        returned, allocated = fmt_count(row["returned"]), fmt_count(row["allocated"])
        return f"{returned} of {allocated} allocated audits were returned."

    spec = _rate_spec(
        "Audit return rate",
        "the share of allocated audits that were returned",
        "Audits returned",
        0,
        target,
    )
    return trend_chart(values, hidden, month, spec, target, detail)


def plot_visits_trend(
    monthly: pd.DataFrame,
    month: str,
    target: float | None,
    suppressed: pd.Series | None = None,
) -> Chart:
    """Line chart of the share of statutory visits done on time, by month due, with the target."""
    if _is_empty(monthly, ["month", "due", "on_time_rate"]):
        return no_data(month, "chart of statutory visits done on time")
    values, hidden = _by_month(monthly, "on_time_rate", _flags(monthly, suppressed))

    def detail(m: str) -> str:
        row = _row_for(monthly, m)
        due = None if row is None else row["due"]
        return "" if due is None or pd.isna(due) else f"{plural(int(due), 'visit')} were due."

    spec = _rate_spec(
        "On-time visit rate",
        "the share of statutory visits done on time",
        "Visits on time",
        VISITS_PLACES,
        target,
    )
    return trend_chart(values, hidden, month, spec, target, detail)


# --- domain scores ---------------------------------------------------------------------------


def plot_domain_means(
    means: pd.DataFrame, month: str, suppressed: pd.Series | None = None
) -> Chart:
    """Grouped horizontal bars of each domain's average, this month and last, in given order.

    A suppressed row hides both of that domain's values.
    """
    if _is_empty(means, ["domain", "label", "this_month", "previous_month"]):
        return no_data(month, "chart of domain average scores")
    frame = means.reset_index(drop=True)
    hidden = _flags(frame, None if suppressed is None else suppressed.reset_index(drop=True))
    this = _numbers(frame["this_month"]).where(~hidden)
    last = _numbers(frame["previous_month"]).where(~hidden)
    if this.isna().all() and last.isna().all() and not hidden.any():
        return no_data(month, "chart of domain average scores")
    labels = _label_for(frame, "domain")
    label, prev_label = month_label(month), month_label(previous_month(month))

    figure, ax = new_figure(0.9 + 0.55 * len(frame))
    y = np.arange(len(frame))
    height = 0.38
    for values, offset, colour, name in (
        (this, -height / 2, DARK_BLUE, label),
        (last, height / 2, TURQUOISE, prev_label),
    ):
        ax.barh(y + offset, values.fillna(0), height=height, color=colour, label=name)
        for i, value in enumerate(values):
            text = SUPPRESSED if hidden[i] else score_text(value)
            ax.text(
                0.1 if math.isnan(value) else value + 0.1,
                y[i] + offset,
                text,
                va="center",
                fontsize=9,
            )
    ax.set_yticks(y, [wrap(t) for t in labels])
    ax.invert_yaxis()  # report order reads top to bottom
    ax.set_xlim(0, 10.6)
    ax.set_xticks(range(0, 11))
    ax.xaxis.grid(True)
    ax.set_xlabel("Average score (1 to 10)")
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1), ncol=2)

    shown = this.dropna()
    alt = [
        f"Horizontal bar chart of the average score (1 to 10) in each of "
        f"{plural(len(frame), 'domain')} in {label}, with {prev_label} for comparison."
    ]
    if shown.empty:
        title = f"No domain average scores for {label}"
    else:
        rounded = shown.map(score_shown)
        low = [labels[i] for i in rounded.index if rounded[i] == rounded.min()]
        high = [labels[i] for i in rounded.index if rounded[i] == rounded.max()]
        were = "was the weakest domain" if len(low) == 1 else "were the weakest domains"
        title = f"{sentence_start(join_names(low))} {were} in {label}"
        alt.append(
            f"Lowest in {label}: {join_names(low)} at {score_text(shown.min())}; "
            f"highest: {join_names(high)} at {score_text(shown.max())}."
        )

    def said(value: float, i: int) -> str:
        if hidden[i]:
            return "suppressed"
        return "no score" if math.isnan(value) else score_text(value)

    items = [f"{labels[i]} {said(this[i], i)} ({said(last[i], i)})" for i in range(len(frame))]
    alt.append(f"Scores for {label} ({prev_label}): " + "; ".join(items) + ".")
    return Chart(figure, title, " ".join(alt))


def plot_score_distribution(
    scores: pd.DataFrame, month: str, suppressed: pd.Series | None = None
) -> Chart:
    """100% stacked bars of each domain's scores in bands 1-3, 4-6, 7-8 and 9-10.

    `scores` has one row per score given; a domain with any suppressed row is hidden as a whole.
    """
    if _is_empty(scores, ["domain", "label", "score"]):
        return no_data(month, "chart of the spread of domain scores")
    frame = scores.assign(score=_numbers(scores["score"]), hidden=_flags(scores, suppressed))
    frame = frame.assign(label=_label_for(frame, "domain"))
    order = list(dict.fromkeys(frame["label"]))
    hidden_labels = set(frame.loc[frame["hidden"], "label"])
    scored = frame[frame["score"].notna() & ~frame["label"].isin(hidden_labels)]
    if scored.empty and not hidden_labels:
        return no_data(month, "chart of the spread of domain scores")
    bands = pd.cut(scored["score"], bins=[0, 3, 6, 8, 10], labels=list(SCORE_BANDS))
    counts = pd.crosstab(scored["label"], bands).reindex(
        index=order, columns=list(SCORE_BANDS), fill_value=0
    )
    totals = counts.sum(axis=1)
    shares = counts.div(totals.where(totals > 0), axis=0)
    label = month_label(month)

    figure, ax = new_figure(1.0 + 0.45 * len(order))
    y = np.arange(len(order))
    segments = [(band, BAND_COLOURS[band], shares[band]) for band in SCORE_BANDS]
    stacked_share_bars(ax, y, segments, 0.65, fmt_rate)
    for i, name in enumerate(order):
        if name in hidden_labels or totals[name] == 0:
            mark = SUPPRESSED if name in hidden_labels else "n/a"
            ax.text(0.01, y[i], mark, va="center", color=DARK_GREY)
    ax.set_yticks(y, [wrap(t) for t in order])
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(PercentFormatter(xmax=1))
    ax.set_xlabel("Share of scores")
    ax.legend(
        title="Score",
        loc="lower left",
        bbox_to_anchor=(0, 1),
        ncol=4,
        title_fontproperties={"size": 9},
        alignment="left",
    )

    total = int(totals.sum())
    alt = [
        f"100% stacked bar chart of the scores given in each of {plural(len(order), 'domain')} "
        f"in {label}, in bands 1 to 3, 4 to 6, 7 to 8 and 9 to 10."
    ]
    if total == 0:
        title = f"No domain scores to show for {label}"
    else:
        high = counts["7-8"] + counts["9-10"]
        overall_high, overall_low = high.sum() / total, counts["1-3"].sum() / total
        title = f"{fmt_rate(overall_high)} of domain scores were 7 or more in {label}"
        alt.append(
            f"Of {plural(total, 'score')}, {fmt_rate(overall_high)} were 7 or more and "
            f"{fmt_rate(overall_low)} were 3 or less."
        )
        high_share = (high / totals.where(totals > 0)).dropna().map(lambda v: shown_percent(v, 0))
        best = [n for n in high_share.index if high_share[n] == high_share.max()]
        worst = [n for n in high_share.index if high_share[n] == high_share.min()]
        if len(high_share) > 1 and best != worst:
            alt.append(
                f"{join_names(best)} had the largest share of scores of 7 or more "
                f"({high_share.max():.0f}%) and {join_names(worst)} the smallest "
                f"({high_share.min():.0f}%)."
            )
    if hidden_labels:
        names = [n for n in order if n in hidden_labels]
        alt.append(f"Scores for {join_names(names)} are suppressed and not shown.")
    return Chart(figure, title, " ".join(alt))


# --- judgements ------------------------------------------------------------------------------


# Publication packs chart two bands, not four grades: a band's count is rarely 1 to 4, so the
# months stay visible where a four-grade chart would hide nearly every one (any Inadequate of 1-4).
GOOD_BAND, BELOW_GOOD_BAND = "Good or Outstanding", "Requires Improvement or Inadequate"
BANDS = (GOOD_BAND, BELOW_GOOD_BAND)
BAND_GRADES = {GOOD_BAND: GOOD_OR_BETTER, BELOW_GOOD_BAND: ("Requires Improvement", "Inadequate")}
JUDGEMENT_BAND_COLOURS = {
    GOOD_BAND: GRADE_COLOURS["Good"],
    BELOW_GOOD_BAND: GRADE_COLOURS["Requires Improvement"],
}


def plot_judgement_trend(
    counts: pd.DataFrame,
    month: str,
    suppressed: pd.Series | None = None,
    bands: bool = False,
) -> Chart:
    """100% stacked bars of judgements by month, grades (or, with `bands`, the two bands
    Good or Outstanding and Requires Improvement or Inadequate) in order with fixed colours.

    A month with any suppressed grade is hidden as a whole: one missing slice of a 100% bar
    would show its size by difference.
    """
    grades = BANDS if bands else GRADES
    good_grades = (GOOD_BAND,) if bands else GOOD_OR_BETTER
    colours = JUDGEMENT_BAND_COLOURS if bands else GRADE_COLOURS
    if _is_empty(counts, ["month", "grade", "count"]):
        return no_data(month, "chart of audit judgements")
    frame = counts.assign(
        month=counts["month"].astype(str),
        count=_numbers(counts["count"]).fillna(0),
        hidden=_flags(counts, suppressed),
    )
    frame = frame[(frame["month"] <= month) & frame["grade"].isin(grades)]
    hidden_months = set(frame.loc[frame["hidden"], "month"])
    if frame.empty or (frame["count"].sum() == 0 and not hidden_months):
        return no_data(month, "chart of audit judgements")
    months = months_between(frame["month"].min(), month)
    table = frame.pivot_table(index="month", columns="grade", values="count", aggfunc="sum")
    table = table.reindex(index=months, columns=list(grades)).fillna(0)
    table.loc[list(hidden_months)] = 0
    totals = table.sum(axis=1)
    shares = table.div(totals.where(totals > 0), axis=0).fillna(0)
    label = month_label(month)

    figure, ax = new_figure(3.6)
    x = np.arange(len(months))
    bottom = np.zeros(len(months))
    for grade in grades:  # best at the bottom, so the good-or-better share reads off the axis
        heights = shares[grade].to_numpy()
        ax.bar(
            x,
            heights,
            bottom=bottom,
            width=0.75,
            color=colours[grade],
            label=grade,
            edgecolor="white",
            linewidth=0.6,
        )
        bottom += heights
    for i, m in enumerate(months):
        if m in hidden_months or totals[m] == 0:
            mark = SUPPRESSED if m in hidden_months else "n/a"
            ax.text(i, 0.02, mark, ha="center", va="bottom", color=DARK_GREY, fontsize=8.5)
    ax.set_ylim(0, 1)
    ax.set_xlim(-0.6, len(months) - 0.4)
    ax.yaxis.set_major_formatter(PercentFormatter(xmax=1))
    ax.set_ylabel("Share of audits")
    set_month_ticks(ax, months, month)
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1), ncol=len(grades))

    alt = [
        f"100% stacked bar chart of audit judgements by month from {month_label(months[0])} "
        f"to {label}, from bottom to top: {join_names(list(grades))}."
    ]
    good = table[list(good_grades)].sum(axis=1) / totals.where(totals > 0)
    if month in hidden_months:
        title = f"Judgements for {label} are suppressed to protect confidentiality"
        alt.append(f"The figures for {label} are suppressed and not shown.")
    elif totals[month] == 0:
        title = f"No audit judgements for {label}"
        alt.append(f"There are no judgements for {label}.")
    else:
        now, prev = good[month], good.get(previous_month(month), np.nan)
        prev_ok = previous_month(month) not in hidden_months and not pd.isna(prev)
        subject = "The share of audits judged Good or Outstanding"
        if not prev_ok:
            title = f"{subject} was {fmt_rate(now)} in {label}"
        else:
            change = direction(shown_percent(now, 0), shown_percent(prev, 0))
            if change == "unchanged":
                title = f"{subject} was unchanged at {fmt_rate(now)} in {label}"
            else:
                title = f"{subject} {change} to {fmt_rate(now)} in {label}"
        parts = [
            f"{fmt_count(table.loc[month, g])} {g} ({fmt_rate(shares.loc[month, g])})"
            for g in grades
        ]
        good_count = int(table.loc[month, list(good_grades)].sum())
        alt.append(
            f"In {label}, {good_count} of {plural(int(totals[month]), 'audit')} "
            f"({fmt_rate(now)}) were judged Good or Outstanding: {join_names(parts)}."
        )
        if prev_ok:
            alt.append(f"In {month_label(previous_month(month))} it was {fmt_rate(prev)}.")
    earlier = len(hidden_months - {month})
    if earlier:
        alt.append(f"{plural(earlier, 'earlier month')} {is_are(earlier)} suppressed.")
    return Chart(figure, title, " ".join(alt))


# --- compliance by team ----------------------------------------------------------------------


def plot_compliance_by_team(
    by_team: pd.DataFrame,
    month: str,
    target: float | None,
    suppressed: pd.Series | None = None,
) -> Chart:
    """Horizontal bars of each team's return rate, highest first; hidden teams go last."""
    if _is_empty(by_team, ["team", "allocated", "returned", "rate"]):
        return no_data(month, "chart of audit return rates by team")
    frame = by_team.assign(rate=_numbers(by_team["rate"]), hidden=_flags(by_team, suppressed))
    frame = frame.assign(team=frame["team"].astype(str))
    frame.loc[frame["hidden"], "rate"] = np.nan  # so a hidden rate cannot set the order
    if frame["rate"].isna().all() and not frame["hidden"].any():
        return no_data(month, "chart of audit return rates by team")
    frame = frame.sort_values(
        ["hidden", "rate", "team"],
        ascending=[True, False, True],
        na_position="last",
        ignore_index=True,
    )
    label = month_label(month)

    figure, ax = new_figure(0.9 + 0.4 * len(frame))
    y = np.arange(len(frame))
    ax.barh(y, frame["rate"].fillna(0), height=0.65, color=DARK_BLUE)
    said = []
    for i, row in frame.iterrows():
        if row["hidden"]:
            text, spoken = SUPPRESSED, f"{row['team']} suppressed"
        elif math.isnan(row["rate"]):
            text, spoken = "n/a", f"{row['team']} no audits allocated"
        else:
            counts = f"{fmt_count(row['returned'])} of {fmt_count(row['allocated'])}"
            text = f"{fmt_rate(row['rate'])} ({counts})"
            spoken = f"{row['team']} {fmt_rate(row['rate'])} ({counts})"
        ax.text(
            (0 if math.isnan(row["rate"]) else row["rate"]) + 0.01,
            y[i],
            text,
            va="center",
            fontsize=9,
        )
        said.append(spoken)
    ax.set_yticks(y, [wrap(t, 28) for t in frame["team"]])
    ax.invert_yaxis()
    ax.set_xlim(0, 1.25)
    ax.set_xticks(np.linspace(0, 1, 6))
    ax.xaxis.set_major_formatter(PercentFormatter(xmax=1))
    ax.xaxis.grid(True)
    ax.set_xlabel("Audits returned")
    if target is not None:
        target_line(ax, target, f"Target {target_text(target)}", vertical=True)

    rated = frame.dropna(subset=["rate"])
    teams = plural(len(frame), "team")
    alt = [
        f"Horizontal bar chart of the audit return rate for each of {teams} in {label}, "
        "highest first."
    ]
    if rated.empty:
        title = f"No team return rates to show for {label}"
    elif target is not None:
        met = rated["rate"] >= target
        if len(rated) == 1:
            lead = f"{rated['team'].iloc[0]} {'met' if met.iloc[0] else 'did not meet'}"
        else:
            lead = f"{int(met.sum())} of {len(rated)} teams met"
        title = f"{lead} the {target_text(target)} return target in {label}"
    else:
        shown = rated["rate"].map(lambda v: shown_percent(v, 0))
        best = list(rated.loc[shown == shown.max(), "team"])
        verb = "had" if len(best) == 1 else "shared"
        top = fmt_rate(rated["rate"].max())
        title = f"{join_names(best)} {verb} the highest return rate in {label}, {top}"
    alt.append("; ".join(said) + ".")
    if target is not None:
        alt.append(f"The target is {target_text(target)}.")
    return Chart(figure, title, " ".join(alt))


# --- statutory visits year to date -----------------------------------------------------------


def plot_visits_ytd(
    ytd: pd.DataFrame,
    target: float | None,
    month: str | None = None,
    suppressed: pd.Series | None = None,
) -> Chart:
    """Stacked 100% bars of visits on time, late and not done for each period from April."""
    what = "chart of statutory visits year to date"
    if _is_empty(ytd, ["period_label", *VISIT_OUTCOMES]):
        return no_data(month, what)
    frame = ytd.reset_index(drop=True)
    hidden = _flags(frame, None if suppressed is None else suppressed.reset_index(drop=True))
    rates = pd.DataFrame({c: _numbers(frame[c]).where(~hidden) for c in VISIT_OUTCOMES})
    if rates.isna().all().all() and not hidden.any():
        return no_data(month, what)
    periods = frame["period_label"].astype(str)

    def pct(value: float) -> str:
        return fmt_rate(value, places=VISITS_PLACES)

    figure, ax = new_figure(0.9 + 0.5 * len(frame))
    y = np.arange(len(frame))
    segments = [(name, colour, rates[column]) for column, (name, colour) in VISIT_OUTCOMES.items()]
    stacked_share_bars(ax, y, segments, 0.6, pct)
    for i in range(len(frame)):
        if hidden[i] or rates.iloc[i].isna().all():
            ax.text(0.01, y[i], SUPPRESSED if hidden[i] else "n/a", va="center", color=DARK_GREY)
    ax.set_yticks(y, [wrap(p, 24) for p in periods])
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(PercentFormatter(xmax=1))
    ax.set_xlabel("Share of visits due")
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1), ncol=3)
    if target is not None:
        target_line(ax, target, f"Target {target_text(target)}", vertical=True)

    alt = [
        "100% stacked bar chart of statutory visits due in each period from April, "
        "split into on time, late and not done."
    ]
    shown = [i for i in range(len(frame)) if not rates.iloc[i].isna().all()]
    if shown:
        last = shown[-1]
        on_time = rates.loc[last, "on_time_rate"]
        title = (
            f"{pct(on_time)} of visits due in {periods[last]} were on time"
            f"{target_clause(on_time, target)}"
        )
    else:
        title = "Visit figures are suppressed to protect confidentiality"
    parts = []
    for i in range(len(frame)):
        if hidden[i]:
            parts.append(f"{periods[i]}: suppressed")
        elif i in shown:
            r = rates.iloc[i]
            parts.append(
                f"{periods[i]}: {pct(r['on_time_rate'])} on time, "
                f"{pct(r['late_rate'])} late, {pct(r['not_done_rate'])} not done"
            )
    alt.append("; ".join(parts) + ".")
    if target is not None:
        alt.append(f"The target for visits on time is {target_text(target)}.")
    return Chart(figure, title, " ".join(alt))


# --- themes ----------------------------------------------------------------------------------


def plot_theme_heatmap(
    counts: pd.DataFrame, month: str, suppressed: pd.Series | None = None
) -> Chart:
    """Heatmap of how many audits showed each theme (rows) in each month (columns).

    With a `returned` column (the month's returned audits) each cell is coloured and labelled by
    its share of that month's audits, so a month with more audits does not look worse, with a
    colour legend and each month's number of audits under it. Suppressed cells are assumed to be
    small counts, so "most common" is judged on shown cells.
    """
    if _is_empty(counts, ["theme_label", "month", "audits"]):
        return no_data(month, "chart of themes in audits")
    frame = counts.assign(
        month=counts["month"].astype(str),
        theme_label=counts["theme_label"].astype(str),
        audits=_numbers(counts["audits"]),
        hidden=_flags(counts, suppressed),
    )
    frame = frame[frame["month"] <= month]
    if frame.empty or (frame["audits"].isna().all() and not frame["hidden"].any()):
        return no_data(month, "chart of themes in audits")
    themes = list(dict.fromkeys(frame["theme_label"]))
    months = months_between(frame["month"].min(), month)
    table = (
        frame.pivot_table(index="theme_label", columns="month", values="audits", aggfunc="sum")
        .reindex(index=themes, columns=months)
        .fillna(0)
    )
    mask = (
        frame.pivot_table(index="theme_label", columns="month", values="hidden", aggfunc="any")
        .reindex(index=themes, columns=months)
        .astype("boolean")
        .fillna(False)
        .astype(bool)
    )
    shown = table.mask(mask)
    label = month_label(month)
    base = None
    if "returned" in frame.columns:
        base = frame.groupby("month")["returned"].max().reindex(months)
        base = _numbers(base).where(lambda b: b > 0)

    figure, ax = new_figure(1.2 + 0.38 * len(themes))
    cmap = LinearSegmentedColormap.from_list("gaf_blue", ["#FFFFFF", DARK_BLUE])
    if base is None:
        colour, annot = shown, shown.map(lambda v: "" if pd.isna(v) else fmt_count(v)).to_numpy()
        scale: dict = {"vmin": 0, "cbar": False}
    else:
        colour = shown.div(base, axis="columns")
        annot = colour.map(lambda v: "" if pd.isna(v) else f"{round(v * 100):.0f}%").to_numpy()
        top = float(np.nanmax(colour.to_numpy())) if colour.notna().any().any() else 1.0
        scale = {
            "vmin": 0,
            "vmax": max(0.1, min(1.0, math.ceil(top * 10) / 10)),
            "cbar": True,
            "cbar_kws": {
                "label": "Share of the month's returned audits",
                "format": PercentFormatter(1.0, decimals=0),
                "shrink": 0.8,
            },
        }
    sns.heatmap(
        colour,
        ax=ax,
        mask=mask.to_numpy() | colour.isna().to_numpy(),
        annot=annot,
        fmt="",
        cmap=cmap,
        linewidths=0.8,
        linecolor="white",
        annot_kws={"fontsize": 8.5},
        **scale,
    )
    # Each count in the ink that reads best on its cell (seaborn's choice can fall to 2.5:1).
    mesh = ax.collections[0]
    mesh.update_scalarmappable()
    cells = mesh.get_facecolors().reshape(len(themes), len(months), 4)
    for text in ax.texts:
        x, y = text.get_position()
        text.set_color(best_ink(cells[int(y), int(x)]))
    for i, j in zip(*np.nonzero(mask.to_numpy()), strict=True):
        ax.text(
            j + 0.5, i + 0.5, SUPPRESSED, ha="center", va="center", fontsize=8.5, color=DARK_GREY
        )
    ticks = [month_tick(m) for m in months]
    if base is not None:
        ticks = [
            f"{t}\nn={fmt_count(b) if pd.notna(b) else 0}" for t, b in zip(ticks, base, strict=True)
        ]
    ax.set_xticks(np.arange(len(months)) + 0.5, ticks, rotation=0)
    ax.set_yticks(np.arange(len(themes)) + 0.5, [wrap(t, 34) for t in themes], rotation=0)
    ax.tick_params(length=0)
    ax.set_xlabel("")
    ax.set_ylabel("")
    for tick, m in zip(ax.get_xticklabels(), months, strict=True):
        if m == month:
            tick.set_fontweight("bold")

    measure = "number" if base is None else "share of the month's returned audits"
    alt = [
        f"Heatmap of the {measure} in which each of {plural(len(themes), 'theme')} was "
        f"found, by month from {month_label(months[0])} to {label}."
    ]
    now = shown[month].dropna().sort_values(ascending=False, kind="stable")
    # With a `kind` column the title names the most common concern: a strength is not a problem.
    noun = "theme"
    ranked = now
    if "kind" in frame.columns:
        concerns = set(frame.loc[frame["kind"] == "concern", "theme_label"])
        ranked, noun = now[[t in concerns for t in now.index]], "concern"
    if ranked.empty or ranked.max() == 0:
        title = (
            f"No {noun}s were found in audits for {label}"
            if not mask[month].any()
            else (f"Theme counts for {label} are suppressed to protect confidentiality")
        )
    else:
        top = [t for t in ranked.index if ranked[t] == ranked.max()]
        title = (
            f"{sentence_start(join_names(top))} {'was' if len(top) == 1 else 'were'} the most "
            f"common {noun if len(top) == 1 else noun + 's'} in {label} "
            f"({plural(int(ranked.max()), 'audit')}{'' if len(top) == 1 else ' each'})"
        )
    parts = [f"{t} {fmt_count(v)}" for t, v in now.items()]
    parts += [f"{t} suppressed" for t in themes if mask.loc[t, month]]
    if parts:
        alt.append(f"Audits in {label}: " + "; ".join(parts) + ".")
    return Chart(figure, title, " ".join(alt))
