"""The judgements page's chart: judgements by month, as grades or (publication) two bands.

Publication mode: a suppressed value is not drawn, is marked `[c]` and stays out of the title
and alt text (see `frames.suppressed_flags`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.ticker import PercentFormatter

from helpers.pages.charts.frames import as_numbers, is_empty, suppressed_flags
from helpers.pages.charts.style import (
    DARK_GREY,
    GRADE_COLOURS,
    Chart,
    new_figure,
    no_data,
    set_month_ticks,
)
from helpers.pages.charts.words import (
    direction,
    is_are,
    join_names,
    shown_percent,
)
from helpers.settings.contract import GOOD_OR_BETTER, GRADES
from helpers.settings.formatting import (
    SUPPRESSED,
    fmt_count,
    fmt_rate,
    plural,
)
from helpers.settings.periods import month_label, months_between, previous_month

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
    if is_empty(counts, ["month", "grade", "count"]):
        return no_data(month, "chart of audit judgements")
    frame = counts.assign(
        month=counts["month"].astype(str),
        count=as_numbers(counts["count"]).fillna(0),
        hidden=suppressed_flags(counts, suppressed),
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
