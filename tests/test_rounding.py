"""One rounding rule in every output: changes between shown values, one precision per figure."""

from __future__ import annotations

import pytest

from helpers.figures.metrics import compute_metrics
from helpers.pages import scores
from helpers.pages.context import MonthContext
from helpers.settings.formatting import fmt_change, fmt_rate_beside
from helpers.settings.params import load_params
from helpers.settings.periods import period_label
from helpers.sharing.email_message import compute_headlines, describe_score_change

from factories import audit, audits_frame


@pytest.mark.parametrize(
    ("before", "after", "shown"),
    [
        (6.84, 6.96, "+0.2"),  # shown 6.8 and 7.0: the unrounded change (0.12) would read +0.1
        (6.94, 6.86, "0.0"),  # both show 6.9: never -0.0 (the unrounded change is -0.08)
        (7.04, 6.96, "0.0"),
        (6.0, 5.9, "-0.1"),
        (None, 6.9, "n/a"),
    ],
)
def test_a_change_is_the_difference_of_the_shown_values(before, after, shown) -> None:
    assert fmt_change(before, after) == shown


def test_the_email_and_the_scores_table_give_the_same_change() -> None:
    # Every domain 6 then 7 in May, 7 in June: May shows 6.8 (mean 6.84), June 7.0 (6.96).
    may = [audit("2019-05", 6)] * 4 + [audit("2019-05", 7)] * 21
    june = [audit("2019-06", 6)] * 1 + [audit("2019-06", 7)] * 24
    audits = audits_frame(may + june)
    params = load_params("2019-06")
    metrics = compute_metrics(audits, None, "2019-06", params)
    ctx = MonthContext("2019-06", params, audits, None, metrics)
    overall = scores.table_domain_means(ctx).frame.iloc[-1].tolist()
    assert overall[1:] == ["6.8", "7.0", "+0.2"]
    before = metrics["scores"]["previous_month"]["overall_mean"]
    now = metrics["scores"]["month"]["overall_mean"]
    assert describe_score_change(now, before, "May 2019") == "up 0.2 from 6.8 in May 2019"


def test_a_rate_beside_its_target_never_rounds_onto_it() -> None:
    assert fmt_rate_beside(0.896, 0.9) == "89.6%"
    assert fmt_rate_beside(0.8999, 0.9) == "89.99%"
    assert fmt_rate_beside(0.9, 0.9) == "90%"
    assert fmt_rate_beside(0.94, 0.9) == "94%"
    assert fmt_rate_beside(0.8541, 0.95, places=2) == "85.41%"


@pytest.mark.parametrize(
    ("start", "end", "label"),
    [
        ("2019-04", "2019-04", "April 2019"),
        ("2019-04", "2019-06", "April to June 2019"),
        ("2018-12", "2019-02", "December 2018 to February 2019"),
    ],
)
def test_a_period_never_reads_from_a_month_to_itself(start, end, label) -> None:
    assert period_label(start, end) == label


def test_email_in_the_first_month_of_data_says_so_rather_than_a_missing_month() -> None:
    # Seen in January 2017: "5.5 (no score for December 2016 to compare)".
    audits = audits_frame([audit(month="2019-06")] * 4)
    params = load_params("2019-06")
    metrics = compute_metrics(audits, None, "2019-06", params)
    assert metrics["first_data_month"] == "2019-06"
    rows = {measure: figure for measure, figure, _ in compute_headlines(metrics, params, False)}
    score = rows["Average score across all seven domains (1-10)"]
    assert score.endswith("(June 2019 is the first month of data)")
    assert "May 2019" not in score
