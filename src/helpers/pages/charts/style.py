"""The report's chart style and the drawing pieces several charts share.

Palette and fixed colours, `STYLE` for matplotlib, the `Chart` every plot returns, and
primitives: a new figure, the "no data" chart, month ticks, target lines, stacked share bars and
the line chart of one value by month (`trend_chart`, described by a `TrendSpec`). Figures are
built on matplotlib's object API with an Agg canvas, not through pyplot, so no global figure is
left open and the notebook's own backend is untouched.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import matplotlib as mpl
import numpy as np
import pandas as pd
from cycler import cycler
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from helpers.pages.charts.words import direction, is_are, target_clause, target_text
from helpers.settings.formatting import SUPPRESSED, plural
from helpers.settings.periods import month_label, months_between, parse_month, previous_month

if TYPE_CHECKING:
    from helpers.pages.chart_png import DrawingAhead

# UK Government Analysis Function categorical palette (colour-blind safe, in its stated order).
DARK_BLUE = "#12436D"
TURQUOISE = "#28A197"
DARK_PINK = "#801650"
ORANGE = "#F46A25"
DARK_GREY = "#3D3D3D"
LIGHT_PURPLE = "#A285D1"
PALETTE: tuple[str, ...] = (DARK_BLUE, TURQUOISE, DARK_PINK, ORANGE, DARK_GREY, LIGHT_PURPLE)
TEXT_COLOUR = "#0B0C0C"
GRID_COLOUR = "#D9D9D9"

# The same grade always has the same colour, whichever chart or grades appear.
GRADE_COLOURS: dict[str, str] = {
    "Outstanding": DARK_BLUE,
    "Good": TURQUOISE,
    "Requires Improvement": ORANGE,
    "Inadequate": DARK_PINK,
}
# Score bands as in scores.table_score_bands; low bands share the colours of low grades.
SCORE_BANDS: tuple[str, ...] = ("1-3", "4-6", "7-8", "9-10")
BAND_COLOURS: dict[str, str] = {
    "1-3": DARK_PINK,
    "4-6": ORANGE,
    "7-8": TURQUOISE,
    "9-10": DARK_BLUE,
}
VISIT_OUTCOMES: dict[str, tuple[str, str]] = {
    "on_time_rate": ("On time", DARK_BLUE),
    "late_rate": ("Late", ORANGE),
    "not_done_rate": ("Not done", DARK_PINK),
}

FIGURE_WIDTH = 7.5  # inches: the text width of an A4 page with normal margins
MAX_MONTH_TICKS = 12

STYLE: dict[str, object] = {
    "font.family": "sans-serif",
    # Liberation Sans (Debian: fonts-liberation) has Arial's metrics; DejaVu Sans is always there.
    "font.sans-serif": ["Arial", "Helvetica", "Liberation Sans", "DejaVu Sans"],
    "font.size": 10,
    "axes.labelsize": 10,
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
    "legend.fontsize": 9,
    "text.color": TEXT_COLOUR,
    "axes.labelcolor": TEXT_COLOUR,
    "xtick.color": DARK_GREY,
    "ytick.color": DARK_GREY,
    "axes.edgecolor": DARK_GREY,
    "axes.linewidth": 0.8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,
    "axes.axisbelow": True,
    "grid.color": GRID_COLOUR,
    "grid.linewidth": 0.6,
    "axes.prop_cycle": cycler(color=list(PALETTE)),
    "legend.frameon": False,
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "pdf.fonttype": 42,  # real text in PDFs, not outlines
    "svg.fonttype": "none",
}


@dataclass(frozen=True)
class Chart:
    """A figure with the sentence it proves (`title`) and what a screen reader says (`alt`)."""

    figure: Figure
    title: str
    alt: str
    # The same finding drawn for a phone's width (390 px), when the full figure would not read
    # there; the page shows it on narrow screens, with the same alt text.
    phone: Figure | None = None
    # The child process drawing it while the page goes on (`chart_png.draw_ahead`), if any.
    ahead: DrawingAhead | None = field(default=None, compare=False, repr=False)


def apply_style() -> None:
    """Set the suite's chart style (idempotent); every plot_* calls it."""
    mpl.rcParams.update(STYLE)


# --- drawing pieces shared by several charts -------------------------------------------------


def new_figure(height: float, width: float = FIGURE_WIDTH) -> tuple[Figure, Axes]:
    """A styled figure (full width unless told) of `height` inches with one axes, on its own
    Agg canvas."""
    apply_style()
    figure = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(figure)
    return figure, figure.add_subplot()


def no_data(month: str | None, what: str) -> Chart:
    """A chart that says plainly there is nothing to show."""
    when = f" for {month_label(month)}" if month else ""
    figure, ax = new_figure(1.6)
    ax.set_axis_off()
    ax.text(0.5, 0.5, f"No data{when}", ha="center", va="center", fontsize=12, color=DARK_GREY)
    return Chart(figure, f"No data{when}", f"No {what} is shown because there is no data{when}.")


def not_charted(note: str, sentence: str, alt: str) -> Chart:
    """A chart replaced by a sentence (`sentence`, its caption) and a short `note` in its place."""
    figure, ax = new_figure(1.2)
    ax.set_axis_off()
    ax.text(0.5, 0.5, note, ha="center", va="center", fontsize=11, color=DARK_GREY)
    return Chart(figure, sentence, alt)


def withheld(what: str, sentence: str) -> Chart:
    """A chart replaced by a sentence (publication mode, where drawing it would say nothing or
    give a hidden figure away)."""
    return not_charted(
        "Not charted in the publication version",
        sentence,
        f"{what} is not shown in the publication version.",
    )


def first_month_trend(what: str, month: str) -> Chart:
    """A trend chart in the first month of data: one point says nothing a table does not."""
    label = month_label(month)
    return not_charted(
        "The trend is charted from next month",
        f"{label} is the first month of data, so there is no trend to chart yet",
        f"{what} is not shown: {label} is the first month of data, so there is no trend yet.",
    )


def wrap(label: str, width: int = 30) -> str:
    """A long axis label broken into lines of at most `width` characters."""
    return "\n".join(textwrap.wrap(str(label), width)) or str(label)


def month_tick(month: str) -> str:
    """`2019-06` as a two-line tick label, `Jun` over `2019`."""
    return parse_month(month).strftime("%b\n%Y")


def set_month_ticks(ax: Axes, months: list[str], report_month: str) -> None:
    """Month labels along x, thinned to about a year's worth, always keeping the report month."""
    step = max(1, math.ceil(len(months) / MAX_MONTH_TICKS))
    last = len(months) - 1
    positions = [i for i in range(len(months)) if (last - i) % step == 0]
    ax.set_xticks(positions, [month_tick(months[i]) for i in positions])
    for position, tick in zip(positions, ax.get_xticklabels(), strict=True):
        if months[position] == report_month:
            tick.set_fontweight("bold")


def target_line(ax: Axes, target: float, text: str, vertical: bool = False) -> None:
    """A dashed line at `target` labelled `text`: across the axes, or up it when `vertical`."""
    style = {"color": DARK_GREY, "linestyle": "--", "linewidth": 1.2, "zorder": 1}
    if vertical:
        ax.axvline(target, **style)
        ax.annotate(
            text,
            (target, 1),
            xycoords=("data", "axes fraction"),
            xytext=(3, 2),
            textcoords="offset points",
            fontsize=9,
            color=DARK_GREY,
            va="bottom",
        )
    else:
        ax.axhline(target, **style)
        # Outside the plotted area, to the right of the line's end, so no data point sits on it.
        ax.annotate(
            text.replace(" ", "\n", 1),
            (1, target),
            xycoords=("axes fraction", "data"),
            xytext=(4, 0),
            textcoords="offset points",
            fontsize=9,
            color=DARK_GREY,
            ha="left",
            va="center",
            annotation_clip=False,
        )


def _ink(colour: str) -> str:
    """Label colour on a bar: white on the dark colours, near-black on turquoise and orange."""
    return "white" if colour in (DARK_BLUE, DARK_PINK, DARK_GREY) else TEXT_COLOUR


def stacked_share_bars(
    ax: Axes,
    y: np.ndarray,
    segments: Sequence[tuple[str, str, pd.Series]],
    height: float,
    label: Callable[[float], str],
) -> None:
    """Horizontal 100% bars, one segment per (name, colour, shares), each wide one labelled."""
    left = np.zeros(len(y))
    for name, colour, shares in segments:
        widths = shares.fillna(0).to_numpy()
        ax.barh(
            y,
            widths,
            left=left,
            height=height,
            color=colour,
            label=name,
            edgecolor="white",
            linewidth=0.8,
        )
        for i, width in enumerate(widths):
            if width >= 0.08:  # narrower segments have no room for their label
                ax.text(
                    left[i] + width / 2,
                    y[i],
                    label(width),
                    ha="center",
                    va="center",
                    color=_ink(colour),
                    fontsize=8.5,
                )
        left += widths


# --- line charts of one value by month -------------------------------------------------------


@dataclass(frozen=True)
class TrendSpec:
    """What `trend_chart` needs to know about the value it draws and how to say it."""

    subject: str  # "Overall average score": starts the title
    what: str  # "the overall average audit score": names the line in alt text
    show: Callable[[float], str]  # value -> printed text
    shown: Callable[[float], float]  # value -> the number as printed, for rose/fell
    axis_label: str
    upper: float
    percent: bool


def trend_chart(
    values: pd.Series,
    hidden: pd.Series,
    month: str,
    spec: TrendSpec,
    target: float | None,
    detail: Callable[[str], str],
) -> Chart:
    """`values` and `hidden` are indexed by month; `detail(month)` adds a sentence of counts."""
    values = values[values.index <= month]
    hidden = hidden.reindex(values.index, fill_value=False)
    drawn = values.where(~hidden)
    if drawn.isna().all() and not hidden.any():
        return no_data(month, f"chart of {spec.what}")
    months = months_between(min(values.index), month)
    drawn = drawn.reindex(months)
    hidden = hidden.reindex(months, fill_value=False)
    label, prev = month_label(month), previous_month(month)
    last_value = drawn.get(month, np.nan)
    prev_value = drawn.get(prev, np.nan)
    target_words = (
        "" if target is None else (target_text(target) if spec.percent else spec.show(target))
    )

    figure, ax = new_figure(3.4)
    x = np.arange(len(months))
    ax.plot(x, drawn.to_numpy(), color=DARK_BLUE, linewidth=2, marker="o", markersize=4)
    ax.set_ylim(0, spec.upper)
    ax.set_xlim(-0.6, len(months) - 0.4)
    ax.yaxis.grid(True)
    ax.set_ylabel(spec.axis_label)
    if spec.percent:
        ax.yaxis.set_major_formatter(PercentFormatter(xmax=1))
    set_month_ticks(ax, months, month)
    for i, m in enumerate(months):
        if hidden[m]:
            ax.text(i, spec.upper * 0.03, SUPPRESSED, ha="center", va="bottom", color=DARK_GREY)
    if not math.isnan(last_value):
        ax.plot([x[-1]], [last_value], marker="o", markersize=8, color=DARK_BLUE)
        ax.annotate(
            spec.show(last_value),
            (x[-1], last_value),
            xytext=(0, 8),
            textcoords="offset points",
            ha="center",
            fontweight="bold",
            bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"},
            zorder=4,
        )
    if target is not None:
        target_line(ax, target, f"Target {target_words}")

    first_label = month_label(months[0])
    alt = [f"Line chart of {spec.what} by month from {first_label} to {label}."]
    if hidden[month]:
        title = f"{spec.subject} for {label} is suppressed to protect confidentiality"
        alt.append(f"The figure for {label} is suppressed and not shown.")
    elif math.isnan(last_value):
        title = f"No {spec.subject[:1].lower() + spec.subject[1:]} for {label}"
        alt.append(f"There is no figure for {label}.")
    else:
        now = spec.show(last_value)
        if math.isnan(prev_value):
            title = f"{spec.subject} was {now} in {label}"
            alt.append(f"It was {now} in {label}.")
        else:
            before, prev_label = spec.show(prev_value), month_label(prev)
            change = direction(spec.shown(last_value), spec.shown(prev_value))
            if change == "unchanged":
                title = f"{spec.subject} was unchanged at {now} in {label}"
                alt.append(f"It was {now} in {label}, unchanged from {prev_label}.")
            else:
                title = f"{spec.subject} {change} to {now} in {label}"
                alt.append(f"It {change} from {before} in {prev_label} to {now} in {label}.")
        title += target_clause(last_value, target, target_words)
        alt.append(detail(month))
    shown = drawn.dropna()
    if len(shown) >= 3:
        low, high = shown.idxmin(), shown.idxmax()
        alt.append(
            f"The lowest was {spec.show(shown[low])} in {month_label(low)} and the highest "
            f"was {spec.show(shown[high])} in {month_label(high)}."
        )
    if target is not None:
        alt.append(f"The target is {target_words}.")
    hidden_count = int(hidden.sum()) - int(hidden[month])
    if hidden_count:
        alt.append(f"{plural(hidden_count, 'earlier month')} {is_are(hidden_count)} suppressed.")
    return Chart(figure, title, " ".join(a for a in alt if a))
