"""Charts: every text at least 4.5:1 against what is behind it, and colour never the only key.

Measured on the matplotlib figures (helpers.sharing.contrast): axe-core sees a chart as an image.
"""

from __future__ import annotations

import inspect

import pytest
from matplotlib.figure import Figure

from helpers.extracts.demo import write_demo_extracts
from helpers.pages import compliance, judgements, scores, themes, visits
from helpers.pages.charts import style
from helpers.pages.charts.colours import best_ink, contrast_ratio
from helpers.pages.context import load_context
from helpers.sharing.contrast import chart_contrast_problems, colour_only_problems

MONTH = "2019-06"
PAGE_MODULES = (compliance, scores, judgements, themes, visits)


def test_contrast_ratio_matches_wcag_reference_values():
    assert contrast_ratio("black", "white") == pytest.approx(21)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert contrast_ratio("white", "white") == pytest.approx(1)


def test_chart_text_colours_read_on_the_backgrounds_they_are_drawn_on():
    for text in (style.TEXT_COLOUR, style.DARK_GREY):
        assert contrast_ratio(text, "white") >= 4.5, text
    for colour in style.PALETTE:  # labels inside stacked bars
        assert contrast_ratio(style._ink(colour), colour) >= 4.5, colour
        assert contrast_ratio(best_ink(colour), colour) >= 4.5, colour


def test_best_ink_reads_on_every_shade_of_a_heatmap():
    shades = [f"#{v:02x}{v:02x}{v:02x}" for v in range(256)]
    assert min(contrast_ratio(best_ink(s), s) for s in shades) >= 4.5


def test_pale_text_on_a_bar_is_found():
    figure = Figure()
    ax = figure.add_subplot()
    ax.bar([0], [1], color=style.TURQUOISE)
    ax.text(0, 0.5, "42%", color="white", ha="center")
    ax.text(0, 1.1, "above the bar", color=style.DARK_GREY, ha="center")
    assert chart_contrast_problems(figure) == [
        "'42%' is 3.2:1 against its background (text #ffffff on #28a197); it needs 4.5:1."
    ]


def test_series_told_apart_by_colour_alone_are_found():
    figure = Figure()
    ax = figure.add_subplot()
    ax.plot([0, 1], [1, 2], label="This year")
    ax.plot([0, 1], [2, 1], label="Last year")
    assert colour_only_problems(figure) == ["Axes 1 has 2 named series and no legend."]
    ax.legend()
    assert colour_only_problems(figure) == []


@pytest.fixture(scope="module")
def demo_contexts(tmp_path_factory):
    files = write_demo_extracts(tmp_path_factory.mktemp("demo"))
    return [
        load_context(MONTH, files["audits"], files["visits"], publication=publication)
        for publication in (False, True)
    ]


def _month_charts(ctx):
    """Every chart the section pages draw for the month (the report draws the same ones)."""
    figures = themes.compute_theme_figures(ctx)
    for module in PAGE_MODULES:
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("chart_") and function.__module__ == module.__name__:
                takes = len(inspect.signature(function).parameters)
                chart = function(ctx, figures) if takes == 2 else function(ctx)
                if chart is not None:
                    yield f"{module.__name__}.{name}", chart


def test_every_chart_of_the_demo_month_reads_at_4_5_to_1_and_names_its_colours(demo_contexts):
    checked = 0
    for ctx in demo_contexts:
        for name, chart in _month_charts(ctx):
            assert chart_contrast_problems(chart.figure) == [], name
            assert colour_only_problems(chart.figure) == [], name
            checked += 1
    assert checked >= 2 * 9
