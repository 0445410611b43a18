"""Charts for the report: one shared style, a title that states the finding, real alt text.

Every `plot_*` takes a small tidy frame from a section's `compute_*` function and returns a
`Chart`. Figures are built on matplotlib's object API with an Agg canvas, not through pyplot, so
no global figure is left open and the notebook's own backend is untouched. The title is not drawn
into the image: the report prints it as text, where it can be read and searched.

Publication mode: a frame may carry a boolean `suppressed` column, or the caller passes a
`suppressed` Series aligned on the frame's index. A suppressed value is not drawn, is marked
`[c]`, and never appears in the title or alt text.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import matplotlib as mpl
import numpy as np
import pandas as pd
import seaborn as sns
from cycler import cycler
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from helpers.contract import GOOD_OR_BETTER, GRADES
from helpers.formatting import SUPPRESSED, fmt_count, fmt_rate, fmt_score, plural, round_half_up
from helpers.periods import month_label, months_between, parse_month, previous_month

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
VISITS_PLACES = 1  # visit rates sit close to a 95% target, so whole percents hide the gap

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


def apply_style() -> None:
    """Set the suite's chart style (idempotent); every plot_* calls it."""
    mpl.rcParams.update(STYLE)


# --- small shared pieces ---------------------------------------------------------------------


def _new_figure(height: float) -> tuple[Figure, Axes]:
    apply_style()
    figure = Figure(figsize=(FIGURE_WIDTH, height), layout="constrained")
    FigureCanvasAgg(figure)
    return figure, figure.add_subplot()


def _is_empty(frame: pd.DataFrame | None, columns: Sequence[str]) -> bool:
    return frame is None or frame.empty or not set(columns) <= set(frame.columns)


def _no_data(month: str | None, what: str) -> Chart:
    """A chart that says plainly there is nothing to show."""
    when = f" for {month_label(month)}" if month else ""
    figure, ax = _new_figure(1.6)
    ax.set_axis_off()
    ax.text(0.5, 0.5, f"No data{when}", ha="center", va="center", fontsize=12, color=DARK_GREY)
    return Chart(figure, f"No data{when}", f"No {what} is shown because there is no data{when}.")


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


def _shown_percent(rate: float, places: int) -> float:
    """The percentage as printed, so comparisons agree with the numbers on the page."""
    return float(fmt_rate(rate, places=places).rstrip("%"))


def _score(value: float) -> str:
    # float() first: formatting reads repr(), and numpy 2 writes np.float64(6.9).
    return fmt_score(float(value))


def _score_shown(value: float) -> float:
    return round_half_up(float(value), 1)


def _direction(now: float, before: float) -> str:
    return "rose" if now > before else "fell" if now < before else "unchanged"


def _is_are(count: int) -> str:
    return "is" if count == 1 else "are"


def _sentence_start(text: str) -> str:
    return text[:1].upper() + text[1:]


def _join(names: Sequence[str]) -> str:
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _wrap(label: str, width: int = 30) -> str:
    return "\n".join(textwrap.wrap(str(label), width)) or str(label)


def _month_tick(month: str) -> str:
    return parse_month(month).strftime("%b\n%Y")


def _set_month_ticks(ax: Axes, months: list[str], report_month: str) -> None:
    """Month labels along x, thinned to about a year's worth, always keeping the report month."""
    step = max(1, math.ceil(len(months) / MAX_MONTH_TICKS))
    last = len(months) - 1
    positions = [i for i in range(len(months)) if (last - i) % step == 0]
    ax.set_xticks(positions, [_month_tick(months[i]) for i in positions])
    for position, tick in zip(positions, ax.get_xticklabels(), strict=True):
        if months[position] == report_month:
            tick.set_fontweight("bold")


def _target_line(ax: Axes, target: float, text: str, vertical: bool = False) -> None:
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
        ax.annotate(
            text,
            (0, target),
            xycoords=("axes fraction", "data"),
            xytext=(4, 3),
            textcoords="offset points",
            fontsize=9,
            color=DARK_GREY,
            ha="left",
        )


def _ink(colour: str) -> str:
    """Label colour on a bar: white on the dark colours, near-black on turquoise and orange."""
    return "white" if colour in (DARK_BLUE, DARK_PINK, DARK_GREY) else TEXT_COLOUR


def _target_text(target: float) -> str:
    """A target as people say it: 95%, or 92.5% when it is not a whole percent."""
    whole = fmt_rate(target)
    return (
        whole
        if _shown_percent(target, 1) == float(whole.rstrip("%"))
        else fmt_rate(target, places=1)
    )


def _target_clause(value: float, target: float | None, text: str | None = None) -> str:
    """`, below the 90% target`; `text` names a target that is not a rate (a score of 7.0)."""
    if target is None or math.isnan(target):
        return ""
    side = "meeting" if value >= target else "below"
    return f", {side} the {text or _target_text(target)} target"


def _label_for(frame: pd.DataFrame, key: str) -> pd.Series:
    return frame["label"].where(frame["label"].notna(), frame[key]).astype(str)


# --- line charts of one value by month -------------------------------------------------------


@dataclass(frozen=True)
class _TrendSpec:
    subject: str  # "Overall average score": starts the title
    what: str  # "the overall average audit score": names the line in alt text
    show: Callable[[float], str]  # value -> printed text
    shown: Callable[[float], float]  # value -> the number as printed, for rose/fell
    axis_label: str
    upper: float
    percent: bool


def _stacked_share_bars(
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


def _trend_chart(
    values: pd.Series,
    hidden: pd.Series,
    month: str,
    spec: _TrendSpec,
    target: float | None,
    detail: Callable[[str], str],
) -> Chart:
    """`values` and `hidden` are indexed by month; `detail(month)` adds a sentence of counts."""
    values = values[values.index <= month]
    hidden = hidden.reindex(values.index, fill_value=False)
    drawn = values.where(~hidden)
    if drawn.isna().all() and not hidden.any():
        return _no_data(month, f"chart of {spec.what}")
    months = months_between(min(values.index), month)
    drawn = drawn.reindex(months)
    hidden = hidden.reindex(months, fill_value=False)
    label, prev = month_label(month), previous_month(month)
    last_value = drawn.get(month, np.nan)
    prev_value = drawn.get(prev, np.nan)
    target_text = (
        "" if target is None else (_target_text(target) if spec.percent else spec.show(target))
    )

    figure, ax = _new_figure(3.4)
    x = np.arange(len(months))
    ax.plot(x, drawn.to_numpy(), color=DARK_BLUE, linewidth=2, marker="o", markersize=4)
    ax.set_ylim(0, spec.upper)
    ax.set_xlim(-0.6, len(months) - 0.4)
    ax.yaxis.grid(True)
    ax.set_ylabel(spec.axis_label)
    if spec.percent:
        ax.yaxis.set_major_formatter(PercentFormatter(xmax=1))
    _set_month_ticks(ax, months, month)
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
        _target_line(ax, target, f"Target {target_text}")

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
            change = _direction(spec.shown(last_value), spec.shown(prev_value))
            if change == "unchanged":
                title = f"{spec.subject} was unchanged at {now} in {label}"
                alt.append(f"It was {now} in {label}, unchanged from {prev_label}.")
            else:
                title = f"{spec.subject} {change} to {now} in {label}"
                alt.append(f"It {change} from {before} in {prev_label} to {now} in {label}.")
        title += _target_clause(last_value, target, target_text)
        alt.append(detail(month))
    shown = drawn.dropna()
    if len(shown) >= 3:
        low, high = shown.idxmin(), shown.idxmax()
        alt.append(
            f"The lowest was {spec.show(shown[low])} in {month_label(low)} and the highest "
            f"was {spec.show(shown[high])} in {month_label(high)}."
        )
    if target is not None:
        alt.append(f"The target is {target_text}.")
    hidden_count = int(hidden.sum()) - int(hidden[month])
    if hidden_count:
        alt.append(f"{plural(hidden_count, 'earlier month')} {_is_are(hidden_count)} suppressed.")
    return Chart(figure, title, " ".join(a for a in alt if a))


def _by_month(frame: pd.DataFrame, column: str, flags: pd.Series) -> tuple[pd.Series, pd.Series]:
    months = frame["month"].astype(str)
    values = pd.Series(_numbers(frame[column]).to_numpy(), index=months.to_numpy())
    hidden = pd.Series(flags.to_numpy(), index=months.to_numpy())
    return values, hidden


def _row_for(frame: pd.DataFrame, month: str) -> pd.Series | None:
    rows = frame[frame["month"].astype(str) == month]
    return None if rows.empty else rows.iloc[-1]


def plot_score_trend(
    trend: pd.DataFrame,
    month: str,
    target: float | None = None,
    suppressed: pd.Series | None = None,
) -> Chart:
    """Line chart of the overall average score (0-10 scale) by month, the report month marked."""
    if _is_empty(trend, ["month", "n", "overall_mean"]):
        return _no_data(month, "chart of the overall average audit score")
    values, hidden = _by_month(trend, "overall_mean", _flags(trend, suppressed))

    def detail(m: str) -> str:
        row = _row_for(trend, m)
        n = None if row is None else _numbers(pd.Series([row["n"]])).iloc[0]
        return "" if n is None or math.isnan(n) else f"It is based on {plural(int(n), 'audit')}."

    spec = _TrendSpec(
        subject="Overall average score",
        what="the overall average audit score",
        show=_score,
        shown=_score_shown,
        axis_label="Average score (1 to 10)",
        upper=10,
        percent=False,
    )
    return _trend_chart(values, hidden, month, spec, target, detail)


def _rate_spec(subject: str, what: str, axis_label: str, places: int) -> _TrendSpec:
    return _TrendSpec(
        subject=subject,
        what=what,
        show=lambda v: fmt_rate(v, places=places),
        shown=lambda v: _shown_percent(v, places),
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
        return _no_data(month, "chart of the audit return rate")
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
    )
    return _trend_chart(values, hidden, month, spec, target, detail)


def plot_visits_trend(
    monthly: pd.DataFrame,
    month: str,
    target: float | None,
    suppressed: pd.Series | None = None,
) -> Chart:
    """Line chart of the share of statutory visits done on time, by month due, with the target."""
    if _is_empty(monthly, ["month", "due", "on_time_rate"]):
        return _no_data(month, "chart of statutory visits done on time")
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
    )
    return _trend_chart(values, hidden, month, spec, target, detail)


# --- domain scores ---------------------------------------------------------------------------


def plot_domain_means(
    means: pd.DataFrame, month: str, suppressed: pd.Series | None = None
) -> Chart:
    """Grouped horizontal bars of each domain's average, this month and last, in given order.

    A suppressed row hides both of that domain's values.
    """
    if _is_empty(means, ["domain", "label", "this_month", "previous_month"]):
        return _no_data(month, "chart of domain average scores")
    frame = means.reset_index(drop=True)
    hidden = _flags(frame, None if suppressed is None else suppressed.reset_index(drop=True))
    this = _numbers(frame["this_month"]).where(~hidden)
    last = _numbers(frame["previous_month"]).where(~hidden)
    if this.isna().all() and last.isna().all() and not hidden.any():
        return _no_data(month, "chart of domain average scores")
    labels = _label_for(frame, "domain")
    label, prev_label = month_label(month), month_label(previous_month(month))

    figure, ax = _new_figure(0.9 + 0.55 * len(frame))
    y = np.arange(len(frame))
    height = 0.38
    for values, offset, colour, name in (
        (this, -height / 2, DARK_BLUE, label),
        (last, height / 2, TURQUOISE, prev_label),
    ):
        ax.barh(y + offset, values.fillna(0), height=height, color=colour, label=name)
        for i, value in enumerate(values):
            text = SUPPRESSED if hidden[i] else _score(value)
            ax.text(
                0.1 if math.isnan(value) else value + 0.1,
                y[i] + offset,
                text,
                va="center",
                fontsize=9,
            )
    ax.set_yticks(y, [_wrap(t) for t in labels])
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
        rounded = shown.map(_score_shown)
        low = [labels[i] for i in rounded.index if rounded[i] == rounded.min()]
        high = [labels[i] for i in rounded.index if rounded[i] == rounded.max()]
        were = "was the weakest domain" if len(low) == 1 else "were the weakest domains"
        title = f"{_sentence_start(_join(low))} {were} in {label}"
        alt.append(
            f"Lowest in {label}: {_join(low)} at {_score(shown.min())}; "
            f"highest: {_join(high)} at {_score(shown.max())}."
        )

    def said(value: float, i: int) -> str:
        if hidden[i]:
            return "suppressed"
        return "no score" if math.isnan(value) else _score(value)

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
        return _no_data(month, "chart of the spread of domain scores")
    frame = scores.assign(score=_numbers(scores["score"]), hidden=_flags(scores, suppressed))
    frame = frame.assign(label=_label_for(frame, "domain"))
    order = list(dict.fromkeys(frame["label"]))
    hidden_labels = set(frame.loc[frame["hidden"], "label"])
    scored = frame[frame["score"].notna() & ~frame["label"].isin(hidden_labels)]
    if scored.empty and not hidden_labels:
        return _no_data(month, "chart of the spread of domain scores")
    bands = pd.cut(scored["score"], bins=[0, 3, 6, 8, 10], labels=list(SCORE_BANDS))
    counts = pd.crosstab(scored["label"], bands).reindex(
        index=order, columns=list(SCORE_BANDS), fill_value=0
    )
    totals = counts.sum(axis=1)
    shares = counts.div(totals.where(totals > 0), axis=0)
    label = month_label(month)

    figure, ax = _new_figure(1.0 + 0.45 * len(order))
    y = np.arange(len(order))
    segments = [(band, BAND_COLOURS[band], shares[band]) for band in SCORE_BANDS]
    _stacked_share_bars(ax, y, segments, 0.65, fmt_rate)
    for i, name in enumerate(order):
        if name in hidden_labels or totals[name] == 0:
            mark = SUPPRESSED if name in hidden_labels else "n/a"
            ax.text(0.01, y[i], mark, va="center", color=DARK_GREY)
    ax.set_yticks(y, [_wrap(t) for t in order])
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
        high_share = (high / totals.where(totals > 0)).dropna().map(lambda v: _shown_percent(v, 0))
        best = [n for n in high_share.index if high_share[n] == high_share.max()]
        worst = [n for n in high_share.index if high_share[n] == high_share.min()]
        if len(high_share) > 1 and best != worst:
            alt.append(
                f"{_join(best)} had the largest share of scores of 7 or more "
                f"({high_share.max():.0f}%) and {_join(worst)} the smallest "
                f"({high_share.min():.0f}%)."
            )
    if hidden_labels:
        names = [n for n in order if n in hidden_labels]
        alt.append(f"Scores for {_join(names)} are suppressed and not shown.")
    return Chart(figure, title, " ".join(alt))


# --- judgements ------------------------------------------------------------------------------


def plot_judgement_trend(
    counts: pd.DataFrame, month: str, suppressed: pd.Series | None = None
) -> Chart:
    """100% stacked bars of judgements by month, grades in order with fixed colours.

    A month with any suppressed grade is hidden as a whole: one missing slice of a 100% bar
    would show its size by difference.
    """
    if _is_empty(counts, ["month", "grade", "count"]):
        return _no_data(month, "chart of audit judgements")
    frame = counts.assign(
        month=counts["month"].astype(str),
        count=_numbers(counts["count"]).fillna(0),
        hidden=_flags(counts, suppressed),
    )
    frame = frame[(frame["month"] <= month) & frame["grade"].isin(GRADES)]
    hidden_months = set(frame.loc[frame["hidden"], "month"])
    if frame.empty or (frame["count"].sum() == 0 and not hidden_months):
        return _no_data(month, "chart of audit judgements")
    months = months_between(frame["month"].min(), month)
    table = frame.pivot_table(index="month", columns="grade", values="count", aggfunc="sum")
    table = table.reindex(index=months, columns=list(GRADES)).fillna(0)
    table.loc[list(hidden_months)] = 0
    totals = table.sum(axis=1)
    shares = table.div(totals.where(totals > 0), axis=0).fillna(0)
    label = month_label(month)

    figure, ax = _new_figure(3.6)
    x = np.arange(len(months))
    bottom = np.zeros(len(months))
    for grade in GRADES:  # best at the bottom, so the good-or-better share reads off the axis
        heights = shares[grade].to_numpy()
        ax.bar(
            x,
            heights,
            bottom=bottom,
            width=0.75,
            color=GRADE_COLOURS[grade],
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
    _set_month_ticks(ax, months, month)
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1), ncol=4)

    alt = [
        f"100% stacked bar chart of audit judgements by month from {month_label(months[0])} "
        f"to {label}, from bottom to top: {_join(list(GRADES))}."
    ]
    good = table[list(GOOD_OR_BETTER)].sum(axis=1) / totals.where(totals > 0)
    if month in hidden_months:
        title = f"Judgements for {label} are suppressed to protect confidentiality"
        alt.append(f"The figures for {label} are suppressed and not shown.")
    elif totals[month] == 0:
        title = f"No audit judgements for {label}"
        alt.append(f"There are no judgements for {label}.")
    else:
        now, prev = good[month], good.get(previous_month(month), np.nan)
        prev_ok = previous_month(month) not in hidden_months and not pd.isna(prev)
        subject = "The share of audits judged good or better"
        if not prev_ok:
            title = f"{subject} was {fmt_rate(now)} in {label}"
        else:
            change = _direction(_shown_percent(now, 0), _shown_percent(prev, 0))
            if change == "unchanged":
                title = f"{subject} was unchanged at {fmt_rate(now)} in {label}"
            else:
                title = f"{subject} {change} to {fmt_rate(now)} in {label}"
        parts = [
            f"{fmt_count(table.loc[month, g])} {g} ({fmt_rate(shares.loc[month, g])})"
            for g in GRADES
        ]
        good_count = int(table.loc[month, list(GOOD_OR_BETTER)].sum())
        alt.append(
            f"In {label}, {good_count} of {plural(int(totals[month]), 'audit')} "
            f"({fmt_rate(now)}) were judged good or better: {_join(parts)}."
        )
        if prev_ok:
            alt.append(f"In {month_label(previous_month(month))} it was {fmt_rate(prev)}.")
    earlier = len(hidden_months - {month})
    if earlier:
        alt.append(f"{plural(earlier, 'earlier month')} {_is_are(earlier)} suppressed.")
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
        return _no_data(month, "chart of audit return rates by team")
    frame = by_team.assign(rate=_numbers(by_team["rate"]), hidden=_flags(by_team, suppressed))
    frame = frame.assign(team=frame["team"].astype(str))
    frame.loc[frame["hidden"], "rate"] = np.nan  # so a hidden rate cannot set the order
    if frame["rate"].isna().all() and not frame["hidden"].any():
        return _no_data(month, "chart of audit return rates by team")
    frame = frame.sort_values(
        ["hidden", "rate", "team"],
        ascending=[True, False, True],
        na_position="last",
        ignore_index=True,
    )
    label = month_label(month)

    figure, ax = _new_figure(0.9 + 0.4 * len(frame))
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
    ax.set_yticks(y, [_wrap(t, 28) for t in frame["team"]])
    ax.invert_yaxis()
    ax.set_xlim(0, 1.25)
    ax.set_xticks(np.linspace(0, 1, 6))
    ax.xaxis.set_major_formatter(PercentFormatter(xmax=1))
    ax.xaxis.grid(True)
    ax.set_xlabel("Audits returned")
    if target is not None:
        _target_line(ax, target, f"Target {_target_text(target)}", vertical=True)

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
        title = f"{lead} the {_target_text(target)} return target in {label}"
    else:
        shown = rated["rate"].map(lambda v: _shown_percent(v, 0))
        best = list(rated.loc[shown == shown.max(), "team"])
        verb = "had" if len(best) == 1 else "shared"
        top = fmt_rate(rated["rate"].max())
        title = f"{_join(best)} {verb} the highest return rate in {label}, {top}"
    alt.append("; ".join(said) + ".")
    if target is not None:
        alt.append(f"The target is {_target_text(target)}.")
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
        return _no_data(month, what)
    frame = ytd.reset_index(drop=True)
    hidden = _flags(frame, None if suppressed is None else suppressed.reset_index(drop=True))
    rates = pd.DataFrame({c: _numbers(frame[c]).where(~hidden) for c in VISIT_OUTCOMES})
    if rates.isna().all().all() and not hidden.any():
        return _no_data(month, what)
    periods = frame["period_label"].astype(str)

    def pct(value: float) -> str:
        return fmt_rate(value, places=VISITS_PLACES)

    figure, ax = _new_figure(0.9 + 0.5 * len(frame))
    y = np.arange(len(frame))
    segments = [(name, colour, rates[column]) for column, (name, colour) in VISIT_OUTCOMES.items()]
    _stacked_share_bars(ax, y, segments, 0.6, pct)
    for i in range(len(frame)):
        if hidden[i] or rates.iloc[i].isna().all():
            ax.text(0.01, y[i], SUPPRESSED if hidden[i] else "n/a", va="center", color=DARK_GREY)
    ax.set_yticks(y, [_wrap(p, 24) for p in periods])
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(PercentFormatter(xmax=1))
    ax.set_xlabel("Share of visits due")
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1), ncol=3)
    if target is not None:
        _target_line(ax, target, f"Target {_target_text(target)}", vertical=True)

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
            f"{_target_clause(on_time, target)}"
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
        alt.append(f"The target for visits on time is {_target_text(target)}.")
    return Chart(figure, title, " ".join(alt))


# --- themes ----------------------------------------------------------------------------------


def plot_theme_heatmap(
    counts: pd.DataFrame, month: str, suppressed: pd.Series | None = None
) -> Chart:
    """Heatmap of how many audits showed each theme (rows) in each month (columns).

    Suppressed cells are assumed to be small counts, so "most common" is judged on shown cells.
    """
    if _is_empty(counts, ["theme_label", "month", "audits"]):
        return _no_data(month, "chart of themes in audits")
    frame = counts.assign(
        month=counts["month"].astype(str),
        theme_label=counts["theme_label"].astype(str),
        audits=_numbers(counts["audits"]),
        hidden=_flags(counts, suppressed),
    )
    frame = frame[frame["month"] <= month]
    if frame.empty or (frame["audits"].isna().all() and not frame["hidden"].any()):
        return _no_data(month, "chart of themes in audits")
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

    figure, ax = _new_figure(1.2 + 0.38 * len(themes))
    cmap = LinearSegmentedColormap.from_list("gaf_blue", ["#FFFFFF", DARK_BLUE])
    annot = shown.map(lambda v: "" if pd.isna(v) else fmt_count(v)).to_numpy()
    sns.heatmap(
        shown,
        ax=ax,
        mask=mask.to_numpy(),
        annot=annot,
        fmt="",
        cmap=cmap,
        vmin=0,
        cbar=False,
        linewidths=0.8,
        linecolor="white",
        annot_kws={"fontsize": 8.5},
    )
    for i, j in zip(*np.nonzero(mask.to_numpy()), strict=True):
        ax.text(
            j + 0.5, i + 0.5, SUPPRESSED, ha="center", va="center", fontsize=8.5, color=DARK_GREY
        )
    ax.set_xticks(np.arange(len(months)) + 0.5, [_month_tick(m) for m in months], rotation=0)
    ax.set_yticks(np.arange(len(themes)) + 0.5, [_wrap(t, 34) for t in themes], rotation=0)
    ax.tick_params(length=0)
    ax.set_xlabel("")
    ax.set_ylabel("")
    for tick, m in zip(ax.get_xticklabels(), months, strict=True):
        if m == month:
            tick.set_fontweight("bold")

    alt = [
        f"Heatmap of the number of audits in which each of {plural(len(themes), 'theme')} was "
        f"found, by month from {month_label(months[0])} to {label}."
    ]
    now = shown[month].dropna().sort_values(ascending=False, kind="stable")
    if now.empty or now.max() == 0:
        title = (
            f"No themes were found in audits for {label}"
            if not mask[month].any()
            else (f"Theme counts for {label} are suppressed to protect confidentiality")
        )
    else:
        top = [t for t in now.index if now[t] == now.max()]
        title = (
            f"{_sentence_start(_join(top))} {'was' if len(top) == 1 else 'were'} the most "
            f"common {'theme' if len(top) == 1 else 'themes'} in {label} "
            f"({plural(int(now.max()), 'audit')}{'' if len(top) == 1 else ' each'})"
        )
    parts = [f"{t} {fmt_count(v)}" for t, v in now.items()]
    parts += [f"{t} suppressed" for t in themes if mask.loc[t, month]]
    if parts:
        alt.append(f"Audits in {label}: " + "; ".join(parts) + ".")
    return Chart(figure, title, " ".join(alt))
