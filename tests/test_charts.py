"""Charts: titles and alt text state the right figures; style, suppression and empty data."""

from __future__ import annotations

import math

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.colors import to_rgba

from helpers.pages.charts.compliance import plot_compliance_by_team, plot_compliance_trend
from helpers.pages.charts.judgements import plot_judgement_trend
from helpers.pages.charts.scores import plot_domain_means, plot_score_distribution, plot_score_trend
from helpers.pages.charts.style import GRADE_COLOURS, PALETTE, Chart, apply_style
from helpers.pages.charts.themes import plot_theme_heatmap
from helpers.pages.charts.visits import plot_visits_trend, plot_visits_ytd
from helpers.settings.contract import GRADES

MONTH = "2019-06"
NAN = math.nan


def texts(chart: Chart) -> list[str]:
    """Every text drawn on the chart's axes (value labels, [c] marks)."""
    return [t.get_text() for ax in chart.figure.axes for t in ax.texts]


def score_trend(*means: float, last: str = MONTH) -> pd.DataFrame:
    months = pd.period_range(end=last, periods=len(means), freq="M").astype(str)
    return pd.DataFrame({"month": months, "n": 20, "overall_mean": list(means)})


def judgement_counts(by_month: dict[str, tuple[int, int, int, int]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"month": month, "grade": grade, "count": count}
            for month, counts in by_month.items()
            for grade, count in zip(GRADES, counts, strict=True)
        ]
    )


# --- overall score trend ---------------------------------------------------------------------


def test_score_trend_rising_states_the_rise_and_the_extremes():
    chart = plot_score_trend(score_trend(6.3, 5.8, 6.0, 6.2, 6.9), MONTH)
    assert chart.title == "Overall average score rose to 6.9 in June 2019"
    assert "from February 2019 to June 2019" in chart.alt
    assert "It rose from 6.2 in May 2019 to 6.9 in June 2019." in chart.alt
    assert "The lowest was 5.8 in March 2019 and the highest was 6.9 in June 2019." in chart.alt
    assert "20 audits" in chart.alt


def test_score_trend_falling():
    chart = plot_score_trend(score_trend(6.9, 6.2), MONTH)
    assert chart.title == "Overall average score fell to 6.2 in June 2019"


def test_score_trend_compares_the_rounded_values_people_see():
    same = plot_score_trend(score_trend(6.86, 6.94), MONTH)
    assert same.title == "Overall average score was unchanged at 6.9 in June 2019"
    # Half-up: 6.85 shows as 6.9, so against 6.84 (6.8) it rose.
    half = plot_score_trend(score_trend(6.84, 6.85), MONTH)
    assert half.title == "Overall average score rose to 6.9 in June 2019"


def test_score_trend_without_last_month_just_states_the_value():
    chart = plot_score_trend(score_trend(6.1, NAN, 6.9), MONTH)
    assert chart.title == "Overall average score was 6.9 in June 2019"


def test_score_trend_ignores_months_after_the_report_month_and_starts_at_zero():
    chart = plot_score_trend(score_trend(6.0, 6.5, 9.9, last="2019-07"), MONTH)
    assert chart.title == "Overall average score rose to 6.5 in June 2019"
    assert "9.9" not in chart.alt
    assert chart.figure.axes[0].get_ylim()[0] == 0


def test_score_trend_mentions_the_target():
    chart = plot_score_trend(score_trend(6.2, 6.9), MONTH, target=7.0)
    assert chart.title == "Overall average score rose to 6.9 in June 2019, below the 7.0 target"
    assert "The target is 7.0." in chart.alt


# --- domains ---------------------------------------------------------------------------------


def domain_means() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "domain": ["voice_of_child", "planning", "recording", "management_oversight"],
            "label": ["Voice of the child", "Planning", "Recording", "Management oversight"],
            "this_month": [7.4, 6.9, NAN, 5.9],
            "previous_month": [7.0, 6.1, 6.0, 5.5],
        }
    )


def test_domain_means_names_the_weakest_domain_and_marks_missing_as_na():
    chart = plot_domain_means(domain_means(), MONTH)
    assert chart.title == "Management oversight was the weakest domain in June 2019"
    assert "Management oversight at 5.9" in chart.alt
    assert "Voice of the child at 7.4" in chart.alt
    assert "Recording no score (6.0)" in chart.alt
    assert "n/a" in texts(chart)
    labels = [t.get_text() for t in chart.figure.axes[0].get_yticklabels()]
    assert labels == ["Voice of the child", "Planning", "Recording", "Management oversight"]


def test_domain_means_in_the_first_month_of_data_draw_one_series_without_na_bars():
    # Seen in January 2017: a "December 2016" legend entry and an n/a bar under every domain.
    chart = plot_domain_means(domain_means().assign(previous_month=NAN), MONTH)
    assert "n/a" in texts(chart)  # Recording has no score this month: still said
    assert texts(chart).count("n/a") == 1
    assert chart.figure.axes[0].get_legend() is None
    assert "May 2019" not in chart.alt and "for comparison" not in chart.alt
    assert "Scores for June 2019: Voice of the child 7.4; Planning 6.9;" in chart.alt


def test_domain_means_names_every_domain_tied_for_weakest():
    means = domain_means().assign(this_month=[7.4, 5.94, 6.5, 5.9])
    chart = plot_domain_means(means, MONTH)
    assert chart.title == "Planning and Management oversight were the weakest domains in June 2019"


def test_score_distribution_states_the_share_of_high_scores():
    scores = pd.DataFrame(
        {
            "domain": ["planning"] * 4 + ["impact"] * 4,
            "label": ["Planning"] * 4 + ["Impact"] * 4,
            "score": [2, 5, 7, 9, 8, 8, 10, 3],
        }
    )
    chart = plot_score_distribution(scores, MONTH)
    assert chart.title == "63% of domain scores were 7 or more in June 2019"  # 5 of 8
    assert "Of 8 scores, 63% were 7 or more and 25% were 3 or less." in chart.alt
    assert "Impact had the largest share of scores of 7 or more (75%)" in chart.alt
    assert "Planning the smallest (50%)" in chart.alt


# --- judgements ------------------------------------------------------------------------------


def bar_colours(chart: Chart) -> dict[str, tuple]:
    ax = chart.figure.axes[0]
    return {bars.get_label(): bars.patches[0].get_facecolor() for bars in ax.containers}


def test_grade_colours_are_fixed_whichever_grades_and_order_appear():
    full = plot_judgement_trend(judgement_counts({MONTH: (5, 15, 5, 2)}), MONTH)
    shuffled = judgement_counts({MONTH: (0, 10, 3, 0)}).iloc[::-1]
    other = plot_judgement_trend(shuffled, MONTH)
    for chart in (full, other):
        assert bar_colours(chart) == {g: to_rgba(GRADE_COLOURS[g]) for g in GRADES}
    assert len(set(GRADE_COLOURS.values())) == len(GRADES)


def test_judgement_trend_states_the_good_or_better_share():
    counts = judgement_counts({"2019-05": (2, 10, 6, 2), MONTH: (5, 15, 5, 2)})
    chart = plot_judgement_trend(counts, MONTH)
    assert chart.title == "The share of audits judged Good or Outstanding rose to 74% in June 2019"
    assert "In June 2019, 20 of 27 audits (74%) were judged Good or Outstanding" in chart.alt
    assert "2 Inadequate (7%)" in chart.alt
    assert "In May 2019 it was 60%." in chart.alt


def test_judgement_trend_hides_a_whole_month_with_a_suppressed_grade():
    counts = judgement_counts({"2019-05": (2, 10, 6, 2), MONTH: (5, 15, 5, 3)})
    counts["suppressed"] = counts["count"].between(1, 4)
    chart = plot_judgement_trend(counts, MONTH)
    assert "suppressed" in chart.title
    assert "[c]" in texts(chart)
    for figure in ("15", "74%", "56%", "60%"):
        assert figure not in chart.alt
    heights = [bars.patches[-1].get_height() for bars in chart.figure.axes[0].containers]
    assert heights == [0, 0, 0, 0]


# --- compliance ------------------------------------------------------------------------------


def compliance_trend() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "month": ["2019-04", "2019-05", MONTH],
            "allocated": [40, 38, 35],
            "returned": [36, 30, 27],
            "rate": [36 / 40, 30 / 38, 27 / 35],
        }
    )


def test_compliance_trend_states_the_fall_and_the_target():
    chart = plot_compliance_trend(compliance_trend(), MONTH, 0.9)
    assert chart.title == "Audit return rate fell to 77% in June 2019, below the 90% target"
    assert "It fell from 79% in May 2019 to 77% in June 2019." in chart.alt
    assert "27 of 35 allocated audits were returned." in chart.alt
    assert "The target is 90%." in chart.alt


def test_compliance_trend_suppressed_month_is_not_drawn_or_stated():
    trend = compliance_trend().assign(suppressed=[False, False, True])
    chart = plot_compliance_trend(trend, MONTH, 0.9)
    assert "77%" not in chart.title + chart.alt and "27 of 35" not in chart.alt
    assert "[c]" in texts(chart)
    line = chart.figure.axes[0].lines[0]
    assert math.isnan(line.get_ydata()[-1])


def test_compliance_by_team_sorts_by_rate_and_counts_teams_meeting_target():
    by_team = pd.DataFrame(
        {
            "team": ["Team Alpha", "Team Beta", "Team Gamma"],
            "allocated": [10, 8, 3],
            "returned": [7, 8, 1],
            "rate": [0.7, 1.0, 1 / 3],
        }
    )
    chart = plot_compliance_by_team(by_team, MONTH, 0.9)
    assert chart.title == "1 of 3 teams met the 90% return target in June 2019"
    labels = [t.get_text() for t in chart.figure.axes[0].get_yticklabels()]
    assert labels == ["Team Beta", "Team Alpha", "Team Gamma"]
    assert "Team Alpha 70% (7 of 10)" in chart.alt

    hidden = plot_compliance_by_team(by_team, MONTH, 0.9, suppressed=by_team["allocated"] < 5)
    assert hidden.title == "1 of 2 teams met the 90% return target in June 2019"
    assert "33%" not in hidden.alt and "1 of 3" not in hidden.alt
    assert "Team Gamma suppressed" in hidden.alt
    assert "[c]" in texts(hidden)


# --- visits ----------------------------------------------------------------------------------


def test_visits_ytd_states_the_latest_period_against_target():
    ytd = pd.DataFrame(
        {
            "period_label": ["April 2019", "April to May 2019", "April to June 2019"],
            "on_time_rate": [0.84, 0.85, 0.8581],
            "late_rate": [0.12, 0.125, 0.1233],
            "not_done_rate": [0.04, 0.025, 0.0186],
        }
    )
    chart = plot_visits_ytd(ytd, 0.95)
    assert chart.title == (
        "85.81% of visits due in April to June 2019 were on time, below the 95% target"
    )
    assert "April 2019: 84.00% on time, 12.00% late, 4.00% not done" in chart.alt


def test_visits_trend_states_the_rise():
    monthly = pd.DataFrame(
        {"month": ["2019-05", MONTH], "due": [110, 120], "on_time_rate": [0.8, 0.96]}
    )
    chart = plot_visits_trend(monthly, MONTH, 0.95)
    assert chart.title == "On-time visit rate rose to 96.00% in June 2019, meeting the 95% target"
    assert "120 visits were due." in chart.alt


# --- themes ----------------------------------------------------------------------------------


def test_theme_heatmap_names_the_most_common_theme_and_hides_suppressed_cells():
    counts = pd.DataFrame(
        {
            "theme_label": ["Meeting attendance", "Plan out of date", "IRO escalation"] * 2,
            "month": ["2019-05"] * 3 + [MONTH] * 3,
            "audits": [6, 2, 5, 8, 3, 6],
        }
    )
    counts["suppressed"] = counts["audits"].between(1, 4)
    chart = plot_theme_heatmap(counts, MONTH)
    assert chart.title == "Meeting attendance was the most common theme in June 2019 (8 audits)"
    assert "Meeting attendance 8; IRO escalation 6; Plan out of date suppressed" in chart.alt
    assert "3" not in chart.alt.split("June 2019:")[-1]
    assert texts(chart).count("[c]") == 2


def test_theme_heatmap_colours_the_share_of_each_months_audits_with_a_legend():
    counts = pd.DataFrame(
        {
            "theme_label": ["Chronology missing"] * 2,
            "month": ["2019-05", MONTH],
            "audits": [10, 5],
            "returned": [40, 10],  # fewer audits in June, but a larger share shows the theme
        }
    )
    chart = plot_theme_heatmap(counts, MONTH)
    assert texts(chart) == ["25%", "50%"]
    heatmap_axes, legend_axes = chart.figure.axes
    assert legend_axes.get_ylabel() == "Share of the month's returned audits"
    ticks = [t.get_text() for t in heatmap_axes.get_xticklabels()]
    assert ticks[-1].endswith("n=10") and ticks[0].endswith("n=40")
    assert "share of the month's returned audits" in chart.alt


def test_theme_heatmap_title_names_the_most_common_concern_not_a_strength():
    counts = pd.DataFrame(
        {
            "theme_label": ["Voice captured", "Chronology missing"],
            "month": [MONTH, MONTH],
            "audits": [9, 4],
            "returned": [10, 10],
            "kind": ["strength", "concern"],
        }
    )
    chart = plot_theme_heatmap(counts, MONTH)
    assert chart.title == "Chronology missing was the most common concern in June 2019 (4 audits)"


# --- style, empty data, figures --------------------------------------------------------------


def test_apply_style_sets_the_palette_and_font_and_can_run_twice():
    apply_style()
    apply_style()
    colours = mpl.rcParams["axes.prop_cycle"].by_key()["color"]
    assert [c.upper() for c in colours] == list(PALETTE)
    assert mpl.rcParams["font.sans-serif"][0] == "Arial"
    assert mpl.rcParams["font.sans-serif"][-1] == "DejaVu Sans"


EMPTY_CALLS = {
    "score_trend": lambda f: plot_score_trend(f, MONTH),
    "domain_means": lambda f: plot_domain_means(f, MONTH),
    "score_distribution": lambda f: plot_score_distribution(f, MONTH),
    "judgement_trend": lambda f: plot_judgement_trend(f, MONTH),
    "compliance_trend": lambda f: plot_compliance_trend(f, MONTH, 0.9),
    "compliance_by_team": lambda f: plot_compliance_by_team(f, MONTH, 0.9),
    "visits_ytd": lambda f: plot_visits_ytd(f, 0.95, MONTH),
    "visits_trend": lambda f: plot_visits_trend(f, MONTH, 0.95),
    "theme_heatmap": lambda f: plot_theme_heatmap(f, MONTH),
}
ALL_NAN = {
    "score_trend": {"month": [MONTH], "n": [0], "overall_mean": [NAN]},
    "domain_means": {"domain": ["a"], "label": ["A"], "this_month": [NAN], "previous_month": [NAN]},
    "score_distribution": {"domain": ["a"], "label": ["A"], "score": [NAN]},
    "judgement_trend": {"month": [MONTH], "grade": ["Good"], "count": [0]},
    "compliance_trend": {"month": [MONTH], "allocated": [0], "returned": [0], "rate": [None]},
    "compliance_by_team": {"team": ["T"], "allocated": [0], "returned": [0], "rate": [None]},
    "visits_ytd": {
        "period_label": ["April"],
        "on_time_rate": [None],
        "late_rate": [None],
        "not_done_rate": [None],
    },
    "visits_trend": {"month": [MONTH], "due": [0], "on_time_rate": [None]},
    "theme_heatmap": {"theme_label": ["T"], "month": [MONTH], "audits": [NAN]},
}


@pytest.mark.parametrize("name", EMPTY_CALLS)
@pytest.mark.parametrize("shape", ["no columns", "no rows", "all missing"])
def test_every_chart_says_no_data_instead_of_raising(name, shape):
    columns = list(ALL_NAN[name])
    frame = {
        "no columns": pd.DataFrame(),
        "no rows": pd.DataFrame(columns=columns),
        "all missing": pd.DataFrame(ALL_NAN[name]),
    }[shape]
    chart = EMPTY_CALLS[name](frame)
    assert chart.title == "No data for June 2019"
    assert chart.alt.endswith("because there is no data for June 2019.")
    assert texts(chart) == ["No data for June 2019"]


def test_score_trend_suppressed_report_month_is_never_stated():
    trend = score_trend(6.2, 6.9).assign(suppressed=[False, True])
    chart = plot_score_trend(trend, MONTH)
    assert "6.9" not in chart.title + chart.alt
    assert "suppressed" in chart.title
    assert "[c]" in texts(chart)


def test_charts_leave_no_pyplot_figure_open():
    plot_score_trend(score_trend(6.2, 6.9), MONTH)
    plot_judgement_trend(pd.DataFrame(), MONTH)
    assert plt.get_fignums() == []


def test_figures_fit_an_a4_page():
    chart = plot_domain_means(domain_means(), MONTH)
    width, height = chart.figure.get_size_inches()
    assert 7 <= width <= 8 and height < 10


def test_publication_judgement_chart_shows_two_bands_so_months_stay_visible():
    # Every month has 1 Inadequate (hidden as a grade) but 6 and 5 audits in the two bands.
    rows = []
    for month in ("2019-04", "2019-05", "2019-06"):
        for grade, count in (("Good", 6), ("Requires Improvement", 4), ("Inadequate", 1)):
            rows.append({"month": month, "grade": grade, "count": count})
    four = pd.DataFrame(rows).assign(suppressed=lambda f: f["count"].between(1, 4))
    assert "suppressed" in plot_judgement_trend(four, "2019-06").title
    band_of = {
        "Good": "Good or Outstanding",
        "Requires Improvement": "Requires Improvement or Inadequate",
        "Inadequate": "Requires Improvement or Inadequate",
    }
    banded = (
        pd.DataFrame(rows)
        .assign(grade=lambda f: f["grade"].map(band_of))
        .groupby(["month", "grade"], as_index=False)["count"]
        .sum()
    )
    banded = banded.assign(suppressed=banded["count"].between(1, 4))
    chart = plot_judgement_trend(banded, "2019-06", bands=True)
    assert (
        chart.title
        == "The share of audits judged Good or Outstanding was unchanged at 55% in June 2019"
    )
    assert "suppressed" not in chart.alt


def test_theme_heatmap_for_a_phone_shows_the_last_six_months_at_a_phones_width():
    months = [f"2018-{m:02d}" for m in range(7, 13)] + [f"2019-{m:02d}" for m in range(1, 7)]
    counts = pd.DataFrame(
        {
            "theme_label": ["Chronology missing or out of date"] * 12,
            "month": months,
            "audits": range(1, 13),
            "returned": [30] * 12,
        }
    )
    chart = plot_theme_heatmap(counts, MONTH)
    desktop = chart.figure.axes[0]
    (phone,) = chart.phone.axes  # no colour legend: every cell is labelled with its share
    assert len(desktop.get_xticklabels()) == 12
    ticks = [t.get_text() for t in phone.get_xticklabels()]
    assert ticks[0].startswith("Jan\n2019") and ticks[-1] == "Jun\n2019\nn=30"
    assert [t.get_text() for t in phone.texts] == ["23%", "27%", "30%", "33%", "37%", "40%"]
    # 3.7 inches is 355 CSS px: the whole chart fits a 390 px screen at the size it was drawn,
    # so its 8.5 pt labels stay about 11 px high.
    assert chart.phone.get_size_inches()[0] == pytest.approx(3.7)
    assert max(len(line) for line in phone.get_yticklabels()[0].get_text().split("\n")) <= 16
    assert "last 6 months" in phone.get_xlabel()
    # The same finding and alt text serve both drawings.
    assert chart.title.endswith("in June 2019 (12 audits)")


def test_theme_heatmap_for_a_phone_of_a_short_history_has_no_note():
    counts = pd.DataFrame(
        {"theme_label": ["Plan out of date"] * 2, "month": ["2019-05", MONTH], "audits": [3, 5]}
    )
    phone = plot_theme_heatmap(counts, MONTH).phone.axes[0]
    assert len(phone.get_xticklabels()) == 2 and phone.get_xlabel() == ""
