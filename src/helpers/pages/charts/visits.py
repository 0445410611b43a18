"""The statutory visits page's charts: visits on time by month due and year to date.

Publication mode: a suppressed value is not drawn, is marked `[c]` and stays out of the title
and alt text (see `frames.suppressed_flags`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.ticker import PercentFormatter

from helpers.pages.charts.frames import (
    as_numbers,
    by_month,
    is_empty,
    rate_spec,
    row_for,
    suppressed_flags,
)
from helpers.pages.charts.style import (
    DARK_GREY,
    VISIT_OUTCOMES,
    Chart,
    new_figure,
    no_data,
    stacked_share_bars,
    target_line,
    trend_chart,
    wrap,
)
from helpers.pages.charts.words import (
    target_clause,
    target_text,
)
from helpers.settings.formatting import (
    SUPPRESSED,
    VISIT_RATE_PLACES,
    fmt_rate,
    plural,
)

VISITS_PLACES = VISIT_RATE_PLACES  # the same precision as the visits table and sentences


def plot_visits_trend(
    monthly: pd.DataFrame,
    month: str,
    target: float | None,
    suppressed: pd.Series | None = None,
) -> Chart:
    """Line chart of the share of statutory visits done on time, by month due, with the target."""
    if is_empty(monthly, ["month", "due", "on_time_rate"]):
        return no_data(month, "chart of statutory visits done on time")
    values, hidden = by_month(monthly, "on_time_rate", suppressed_flags(monthly, suppressed))

    def detail(m: str) -> str:
        row = row_for(monthly, m)
        due = None if row is None else row["due"]
        return "" if due is None or pd.isna(due) else f"{plural(int(due), 'visit')} were due."

    spec = rate_spec(
        "On-time visit rate",
        "the share of statutory visits done on time",
        "Visits on time",
        VISITS_PLACES,
        target,
    )
    return trend_chart(values, hidden, month, spec, target, detail)


# --- statutory visits year to date -----------------------------------------------------------


def plot_visits_ytd(
    ytd: pd.DataFrame,
    target: float | None,
    month: str | None = None,
    suppressed: pd.Series | None = None,
) -> Chart:
    """Stacked 100% bars of visits on time, late and not done for each period from April."""
    what = "chart of statutory visits year to date"
    if is_empty(ytd, ["period_label", *VISIT_OUTCOMES]):
        return no_data(month, what)
    frame = ytd.reset_index(drop=True)
    hidden = suppressed_flags(
        frame, None if suppressed is None else suppressed.reset_index(drop=True)
    )
    rates = pd.DataFrame({c: as_numbers(frame[c]).where(~hidden) for c in VISIT_OUTCOMES})
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
