"""The scores page's charts: the overall average by month, domain averages and score bands.

Each `plot_*` takes a small tidy frame from a `compute_*` function and returns a `Chart`;
the title states the finding and is printed as text by the report, not drawn into the image.

Publication mode: a suppressed value is not drawn, is marked `[c]` and stays out of the title
and alt text (see `frames.suppressed_flags`).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib.ticker import PercentFormatter

from helpers.pages.charts.frames import (
    as_numbers,
    by_month,
    is_empty,
    label_for,
    row_for,
    suppressed_flags,
)
from helpers.pages.charts.style import (
    BAND_COLOURS,
    DARK_BLUE,
    DARK_GREY,
    SCORE_BANDS,
    TURQUOISE,
    Chart,
    TrendSpec,
    new_figure,
    no_data,
    stacked_share_bars,
    trend_chart,
    wrap,
)
from helpers.pages.charts.words import (
    join_names,
    score_shown,
    score_text,
    sentence_start,
    shown_percent,
)
from helpers.settings.formatting import (
    SUPPRESSED,
    fmt_rate,
    plural,
)
from helpers.settings.periods import month_label, previous_month

# --- line charts of one value by month -------------------------------------------------------


def plot_score_trend(
    trend: pd.DataFrame,
    month: str,
    target: float | None = None,
    suppressed: pd.Series | None = None,
) -> Chart:
    """Line chart of the overall average score (0-10 scale) by month, the report month marked."""
    if is_empty(trend, ["month", "n", "overall_mean"]):
        return no_data(month, "chart of the overall average audit score")
    values, hidden = by_month(trend, "overall_mean", suppressed_flags(trend, suppressed))

    def detail(m: str) -> str:
        row = row_for(trend, m)
        n = None if row is None else as_numbers(pd.Series([row["n"]])).iloc[0]
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


# --- domain scores ---------------------------------------------------------------------------


def plot_domain_means(
    means: pd.DataFrame, month: str, suppressed: pd.Series | None = None
) -> Chart:
    """Grouped horizontal bars of each domain's average, this month and last, in given order.

    A suppressed row hides both of that domain's values.
    """
    if is_empty(means, ["domain", "label", "this_month", "previous_month"]):
        return no_data(month, "chart of domain average scores")
    frame = means.reset_index(drop=True)
    hidden = suppressed_flags(
        frame, None if suppressed is None else suppressed.reset_index(drop=True)
    )
    this = as_numbers(frame["this_month"]).where(~hidden)
    last = as_numbers(frame["previous_month"]).where(~hidden)
    if this.isna().all() and last.isna().all() and not hidden.any():
        return no_data(month, "chart of domain average scores")
    labels = label_for(frame, "domain")
    label, prev_label = month_label(month), month_label(previous_month(month))

    # The first month of data has no month before: one series, not a legend entry of n/a bars.
    compare = bool(last.notna().any() or hidden.any())
    figure, ax = new_figure(0.9 + 0.55 * len(frame))
    y = np.arange(len(frame))
    height = 0.38 if compare else 0.5
    series = [(this, -height / 2 if compare else 0.0, DARK_BLUE, label)]
    if compare:
        series.append((last, height / 2, TURQUOISE, prev_label))
    for values, offset, colour, name in series:
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
    if compare:
        ax.legend(loc="lower left", bbox_to_anchor=(0, 1), ncol=2)

    shown = this.dropna()
    alt = [
        f"Horizontal bar chart of the average score (1 to 10) in each of "
        f"{plural(len(frame), 'domain')} in {label}"
        + (f", with {prev_label} for comparison." if compare else ".")
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

    if compare:
        items = [f"{labels[i]} {said(this[i], i)} ({said(last[i], i)})" for i in range(len(frame))]
        alt.append(f"Scores for {label} ({prev_label}): " + "; ".join(items) + ".")
    else:
        items = [f"{labels[i]} {said(this[i], i)}" for i in range(len(frame))]
        alt.append(f"Scores for {label}: " + "; ".join(items) + ".")
    return Chart(figure, title, " ".join(alt))


def plot_score_distribution(
    scores: pd.DataFrame, month: str, suppressed: pd.Series | None = None
) -> Chart:
    """100% stacked bars of each domain's scores in bands 1-3, 4-6, 7-8 and 9-10.

    `scores` has one row per score given; a domain with any suppressed row is hidden as a whole.
    """
    if is_empty(scores, ["domain", "label", "score"]):
        return no_data(month, "chart of the spread of domain scores")
    frame = scores.assign(
        score=as_numbers(scores["score"]), hidden=suppressed_flags(scores, suppressed)
    )
    frame = frame.assign(label=label_for(frame, "domain"))
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
