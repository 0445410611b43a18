"""The themes page's chart: a heatmap of how many audits showed each theme each month.

Publication mode: a suppressed value is not drawn, is marked `[c]` and stays out of the title
and alt text (see `frames.suppressed_flags`).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from helpers.pages.charts.colours import best_ink
from helpers.pages.charts.frames import as_numbers, is_empty, suppressed_flags
from helpers.pages.charts.style import (
    DARK_BLUE,
    DARK_GREY,
    FIGURE_WIDTH,
    Chart,
    month_tick,
    new_figure,
    no_data,
    wrap,
)
from helpers.pages.charts.words import (
    join_names,
    sentence_start,
)
from helpers.settings.formatting import (
    SUPPRESSED,
    fmt_count,
    plural,
)
from helpers.settings.periods import month_label, months_between

# A phone screen (390 px, 358 px of it for the page) holds a chart about 3.7 inches wide at the
# size it is drawn, and six months of cells at that width with their labels.
PHONE_WIDTH = 3.7
PHONE_MONTHS = 6


def plot_theme_heatmap(
    counts: pd.DataFrame, month: str, suppressed: pd.Series | None = None
) -> Chart:
    """Heatmap of how many audits showed each theme (rows) in each month (columns).

    With a `returned` column (the month's returned audits) each cell is coloured and labelled by
    its share of that month's audits, so a month with more audits does not look worse, with a
    colour legend and each month's number of audits under it. Suppressed cells are assumed to be
    small counts, so "most common" is judged on shown cells.
    """
    if is_empty(counts, ["theme_label", "month", "audits"]):
        return no_data(month, "chart of themes in audits")
    frame = counts.assign(
        month=counts["month"].astype(str),
        theme_label=counts["theme_label"].astype(str),
        audits=as_numbers(counts["audits"]),
        hidden=suppressed_flags(counts, suppressed),
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
        base = as_numbers(base).where(lambda b: b > 0)

    figure = _draw_heatmap(shown, mask, base, month, width=FIGURE_WIDTH, legend=True)
    # A phone gets the last PHONE_MONTHS months at a width that fits it, so the text stays
    # legible and this month is on screen, not at the end of a sideways scroll.
    recent = months[-PHONE_MONTHS:]
    phone = _draw_heatmap(
        shown[recent],
        mask[recent],
        None if base is None else base[recent],
        month,
        width=PHONE_WIDTH,
        legend=False,
        note=f"The last {len(recent)} months; a wider screen or the PDF shows the whole year."
        if len(recent) < len(months)
        else None,
    )
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
    return Chart(figure, title, " ".join(alt), phone=phone)


def _draw_heatmap(
    shown: pd.DataFrame,
    mask: pd.DataFrame,
    base: pd.Series | None,
    month: str,
    *,
    width: float,
    legend: bool,
    note: str | None = None,
) -> Figure:
    """The heatmap of `shown` (themes by months; `mask` marks suppressed cells), as shares of
    `base` when given, `width` inches wide; `legend` adds the colour scale beside it."""
    themes, months = list(shown.index), list(shown.columns)
    phone = width < FIGURE_WIDTH
    figure, ax = new_figure((0.5 if phone else 0.38) * len(themes) + 1.2, width=width)
    cmap = LinearSegmentedColormap.from_list("gaf_blue", ["#FFFFFF", DARK_BLUE])
    if base is None:
        colour, annot = shown, shown.map(lambda v: "" if pd.isna(v) else fmt_count(v)).to_numpy()
        scale: dict = {"vmin": 0, "cbar": False}
    else:
        colour = shown.div(base, axis="columns")
        annot = colour.map(lambda v: "" if pd.isna(v) else f"{round(v * 100):.0f}%").to_numpy()
        top = float(np.nanmax(colour.to_numpy())) if colour.notna().any().any() else 1.0
        scale = {"vmin": 0, "vmax": max(0.1, min(1.0, math.ceil(top * 10) / 10)), "cbar": legend}
        if legend:
            scale["cbar_kws"] = {
                "label": "Share of the month's returned audits",
                "format": PercentFormatter(1.0, decimals=0),
                "shrink": 0.8,
            }
    # Imported here: seaborn (and the scipy.stats it loads) takes ~0.5 s, and only this chart
    # of all the pages uses it, so a run without the themes page never pays for it.
    import seaborn as sns

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
    ax.set_yticks(
        np.arange(len(themes)) + 0.5, [wrap(t, 16 if phone else 34) for t in themes], rotation=0
    )
    ax.tick_params(length=0)
    ax.set_xlabel(note or "", fontsize=8.5, color=DARK_GREY, loc="right")
    ax.set_ylabel("")
    for tick, m in zip(ax.get_xticklabels(), months, strict=True):
        if m == month:
            tick.set_fontweight("bold")
    return figure
