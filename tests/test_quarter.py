"""The quarterly paper: financial-year quarters, the quarter's figures, and its wording."""

from __future__ import annotations

import pytest

from helpers.figures.quarter import compute_quarter_metrics
from helpers.pages.wording.quarter import (
    describe_missing_months,
    describe_quarter_compliance,
    describe_quarter_judgements,
    describe_quarter_scores,
)
from helpers.settings.periods import (
    parse_quarter,
    previous_quarter,
    quarter_from_months,
    quarter_label,
    quarter_of,
)

from factories import audit, audits_frame
from test_narrative import make_params


@pytest.mark.parametrize(
    ("quarter", "months"),
    [
        ("2019-20Q1", ("2019-04", "2019-06")),
        ("2019-20Q3", ("2019-10", "2019-12")),
        ("2019-20Q4", ("2020-01", "2020-03")),
    ],
)
def test_quarters_follow_the_financial_year(quarter, months) -> None:
    assert parse_quarter(quarter) == months
    assert quarter_of(months[0]) == quarter_of(months[1]) == quarter
    assert quarter_from_months(*months) == quarter


def test_quarter_notation_cannot_be_misread() -> None:
    assert quarter_label("2019-20Q1") == "Quarter 1 2019-20 (April to June 2019)"
    assert previous_quarter("2019-20Q1") == "2018-19Q4"
    for bad in ("2019Q1", "2019-21Q1", "2019-20Q5"):
        with pytest.raises(ValueError):
            parse_quarter(bad)
    with pytest.raises(ValueError, match="not a quarter"):
        quarter_from_months("2019-05", "2019-07")


def quarter_audits():
    """Q4 2018-19: 10 audits scored 6, 5 Good; Q1 2019-20: April and June only, scored 7 and 8."""
    rows = [audit("2019-01", 6, "Good")] * 5 + [audit("2019-02", 6, "Requires Improvement")] * 5
    rows += [audit("2019-04", 7, "Good")] * 6 + [audit("2019-04", returned=False)] * 2
    rows += [audit("2019-06", 8, "Outstanding")] * 4 + [audit("2019-06", 7, "Inadequate")]
    return audits_frame(rows)


def test_quarter_figures_pool_its_months_and_name_the_missing_one() -> None:
    metrics = compute_quarter_metrics(quarter_audits(), None, "2019-20Q1", make_params())
    assert metrics["missing_months"] == ["2019-05"]
    assert (metrics["compliance"]["allocated"], metrics["compliance"]["returned"]) == (13, 11)
    assert [m["allocated"] for m in metrics["compliance"]["by_month"]] == [8, 0, 5]
    assert metrics["scores"]["quarter"]["n"] == 11
    assert metrics["scores"]["previous_quarter"]["n"] == 10
    assert describe_missing_months(metrics) == [
        "No audits were allocated in May 2019, so the quarter's figures cover April 2019 and "
        "June 2019 only."
    ]


def test_quarter_is_compared_with_the_quarter_before() -> None:
    params = make_params()
    metrics = compute_quarter_metrics(quarter_audits(), None, "2019-20Q1", params)
    compliance = describe_quarter_compliance(metrics, params)
    assert compliance[0].startswith(
        "Audit compliance in Quarter 1 2019-20 (April to June 2019) was 85%"
    )
    assert compliance[0].endswith("down from 100% in Quarter 4 2018-19.")
    assert compliance[-1].startswith("No audits were allocated in May 2019")
    scores = describe_quarter_scores(metrics, params)[0]
    # 6 audits at 7, 4 at 8 and 1 at 7: (42 + 32 + 7) * 7 / 77 = 7.4 against 6.0 before.
    assert scores.endswith("up from 6.0 in Quarter 4 2018-19.")
    assert "is 7.4 for the 11 audits returned" in scores
    judgements = describe_quarter_judgements(metrics, params)
    assert judgements[-1] == (
        "91% of the audits returned were judged Good or Outstanding, up from 50% in Quarter 4 2018-19."
    )


def test_a_quarter_with_no_audits_says_so() -> None:
    params = make_params()
    metrics = compute_quarter_metrics(quarter_audits(), None, "2019-20Q2", params)
    assert metrics["missing_months"] == ["2019-07", "2019-08", "2019-09"]
    assert describe_quarter_compliance(metrics, params) == [
        "No audits were allocated in Quarter 2 2019-20 (July to September 2019), so audit "
        "compliance is not available."
    ]
    assert describe_quarter_scores(metrics, params)[0].startswith("No audits were returned")
