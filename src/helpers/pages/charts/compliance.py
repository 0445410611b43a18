"""The compliance page's charts: the return rate by month and by team.

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
    rate_spec,
    row_for,
    suppressed_flags,
)
from helpers.pages.charts.style import (
    DARK_BLUE,
    Chart,
    new_figure,
    no_data,
    target_line,
    trend_chart,
    wrap,
)
from helpers.pages.charts.words import (
    join_names,
    shown_percent,
    target_text,
)
from helpers.settings.formatting import (
    SUPPRESSED,
    fmt_count,
    fmt_rate,
    plural,
)
from helpers.settings.periods import month_label


def plot_compliance_trend(
    trend: pd.DataFrame,
    month: str,
    target: float | None,
    suppressed: pd.Series | None = None,
) -> Chart:
    """Line chart of the share of allocated audits returned, by month, with the target."""
    if is_empty(trend, ["month", "allocated", "returned", "rate"]):
        return no_data(month, "chart of the audit return rate")
    values, hidden = by_month(trend, "rate", suppressed_flags(trend, suppressed))

    def detail(m: str) -> str:
        row = row_for(trend, m)
        if row is None:
            return ""
        returned, allocated = fmt_count(row["returned"]), fmt_count(row["allocated"])
        return f"{returned} of {allocated} allocated audits were returned."

    spec = rate_spec(
        "Audit return rate",
        "the share of allocated audits that were returned",
        "Audits returned",
        0,
        target,
    )
    return trend_chart(values, hidden, month, spec, target, detail)


# --- compliance by team ----------------------------------------------------------------------


def plot_compliance_by_team(
    by_team: pd.DataFrame,
    month: str,
    target: float | None,
    suppressed: pd.Series | None = None,
) -> Chart:
    """Horizontal bars of each team's return rate, highest first; hidden teams go last."""
    if is_empty(by_team, ["team", "allocated", "returned", "rate"]):
        return no_data(month, "chart of audit return rates by team")
    frame = by_team.assign(
        rate=as_numbers(by_team["rate"]), hidden=suppressed_flags(by_team, suppressed)
    )
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
