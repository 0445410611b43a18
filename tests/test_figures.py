"""Section figures on small hand-made frames, checked against values worked out by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from helpers.figures import compliance, judgements, scores, visits
from helpers.settings.formatting import fmt_rate, fmt_score

from factories import audit, audits_frame, visits_frame


def test_compliance_counts_returned_audits_of_the_month_only():
    frame = audits_frame(
        [audit(), audit(), audit(returned=False), audit(month="2019-05", returned=False)]
    )
    result = compliance.compute_compliance(frame, "2019-06")
    assert (result["allocated"], result["returned"]) == (3, 2)
    assert result["rate"] == pytest.approx(2 / 3)


def test_compliance_of_a_month_with_nothing_allocated_has_no_rate():
    frame = audits_frame([audit(month="2019-05")])
    assert compliance.compute_compliance(frame, "2019-06") == {
        "month": "2019-06",
        "allocated": 0,
        "returned": 0,
        "rate": None,
    }


def test_compliance_by_manager_lists_the_lowest_rate_first():
    frame = audits_frame(
        [
            audit(team_manager="Manager Alpha"),
            audit(team_manager="Manager Beta", returned=False),
            audit(team_manager="Manager Beta"),
        ]
    )
    table = compliance.compute_compliance_by(frame, "2019-06", "team_manager")
    assert table["team_manager"].tolist() == ["Manager Beta", "Manager Alpha"]
    assert table["not_returned"].tolist() == [1, 0]


def test_not_returned_table_has_no_identifiers():
    frame = audits_frame([audit(returned=False), audit()])
    table = compliance.compute_not_returned(frame, "2019-06")
    assert len(table) == 1
    assert not {"audit_id", "child_id"} & set(table.columns)
    assert table["source_row"].tolist() == [2]


def test_month_with_no_returned_audits_has_no_means_and_zero_judgements():
    frame = audits_frame([audit(returned=False), audit(returned=False)])
    assert scores.compute_overall_mean(frame) is None
    assert all(v is None for v in scores.compute_domain_means(frame).values())
    counts = judgements.compute_judgement_counts(frame)
    assert counts == {"Outstanding": 0, "Good": 0, "Requires Improvement": 0, "Inadequate": 0}
    assert judgements.compute_judgement_shares(counts)["Good"] is None


def test_blank_domain_score_is_left_out_not_counted_as_zero():
    # Two audits; the second has no management oversight score.
    frame = audits_frame([audit(scores=[8, 8, 8, 8, 8, 8, 4]), audit(scores=[6] * 6 + [None])])
    means = scores.compute_domain_means(frame)
    assert means["voice_of_child"] == 7.0
    assert means["management_oversight"] == 4.0
    # Pooled: (6*8 + 4 + 6*6) / 13 scores = 88 / 13
    assert scores.compute_overall_mean(frame) == pytest.approx(88 / 13)


def test_score_trend_has_every_month_including_empty_ones():
    frame = audits_frame([audit(month="2019-04", scores=5), audit(month="2019-06", scores=7)])
    trend = scores.compute_score_trend(frame, "2019-04", "2019-06")
    assert trend["month"].tolist() == ["2019-04", "2019-05", "2019-06"]
    assert trend["n"].tolist() == [1, 0, 1]
    assert trend["overall_mean"].iloc[0] == 5.0 and math.isnan(trend["overall_mean"].iloc[1])


def test_weakest_domains_are_tied_at_the_shown_decimal():
    means = {d: 7.0 for d in scores.DOMAINS}
    means["management_oversight"] = 5.86
    means["recording"] = 5.94  # both show as 5.9
    assert scores.extreme_domains(means, lowest=True) == ["recording", "management_oversight"]
    assert scores.extreme_domains({d: None for d in scores.DOMAINS}, lowest=True) == []


def test_score_bands_count_each_domain():
    frame = audits_frame([audit(scores=[1, 4, 7, 9, 10, 3, 6])])
    labels = {d: d for d in scores.DOMAINS}
    bands = scores.table_score_bands(scores.compute_score_distribution(frame, labels))
    assert bands.set_index("Domain").loc["voice_of_child"].tolist() == [1, 0, 0, 0]
    assert bands["9-10"].sum() == 2


def test_judgement_shares_and_good_or_better():
    frame = audits_frame(
        [
            audit(judgement="Outstanding"),
            audit(judgement="Good"),
            audit(judgement="Good"),
            audit(judgement="Inadequate"),
        ]
    )
    counts = judgements.compute_judgement_counts(frame)
    assert counts["Good"] == 2
    assert judgements.good_or_better_share(counts) == 0.75


def test_judgement_trend_has_every_grade_for_every_month():
    frame = audits_frame([audit(month="2019-05", judgement="Good")])
    trend = judgements.compute_judgement_trend(frame, "2019-05", "2019-06")
    assert len(trend) == 8
    assert trend["count"].sum() == 1


def test_visits_due_after_the_month_are_not_counted():
    frame = visits_frame([("2019-06-10", "2019-06-09"), ("2019-07-02", None)])
    june = visits.compute_visits_year_to_date(frame, "2019-06")[-1]
    assert (june["due"], june["on_time"], june["not_done"]) == (1, 1, 0)


def test_visit_on_the_due_date_is_on_time_and_a_day_after_is_late():
    frame = visits_frame(
        [("2019-04-10", "2019-04-10"), ("2019-04-10", "2019-04-11"), ("2019-04-10", None)]
    )
    april = visits.compute_visits_period(frame, "2019-04", "2019-04")
    assert (april["on_time"], april["late"], april["not_done"]) == (1, 1, 1)
    assert april["on_time_rate"] == pytest.approx(1 / 3)


def test_reporting_year_resets_in_april():
    # A late visit in March belongs to the previous reporting year and is not in April's table.
    frame = visits_frame(
        [("2019-03-20", "2019-03-30"), ("2019-04-05", "2019-04-01"), ("2019-05-05", "2019-05-20")]
    )
    table = visits.compute_visits_year_to_date(frame, "2019-05")
    assert [(r["from"], r["to"], r["due"]) for r in table] == [
        ("2019-04", "2019-04", 1),
        ("2019-04", "2019-05", 2),
    ]
    assert table[-1]["late"] == 1
    march = visits.compute_visits_year_to_date(frame, "2019-03")
    assert march[0]["from"] == "2018-04" and len(march) == 12
    assert march[-1]["due"] == 1 and march[-1]["late"] == 1


def test_segment_period_for_march_and_april_audits():
    from helpers.figures.selection import segment_period
    from helpers.settings.params import Segment

    cwad = Segment(team=["CWAD"])
    assert segment_period(cwad, "2020-03") == ("2019-04", "2020-03")
    assert segment_period(cwad, "2020-04") == ("2020-04", "2020-04")


def test_rates_at_exactly_a_half_round_up_when_shown():
    frame = visits_frame([("2019-04-01", "2019-04-01")] * 57 + [("2019-04-01", None)] * 143)
    april = visits.compute_visits_period(frame, "2019-04", "2019-04")
    assert april["on_time_rate"] == 0.285
    assert fmt_rate(april["on_time_rate"]) == "29%"
    assert fmt_rate(0.125, places=1) == "12.5%" and fmt_rate(0.00125, places=1) == "0.1%"
    assert fmt_score(6.85) == "6.9" and fmt_score(6.95) == "7.0"


def test_visits_by_team_lists_the_lowest_on_time_rate_first():
    frame = pd.concat(
        [
            visits_frame([("2019-04-01", "2019-04-01")]),
            visits_frame([("2019-04-01", None)], team="CWAD"),
        ],
        ignore_index=True,
    )
    table = visits.compute_visits_by_team(frame, "2019-04", "2019-04")
    assert table["team"].tolist() == ["CWAD", "0-12 East"]


@pytest.mark.parametrize("with_missing", [False, True])
def test_isin_column_answers_as_pandas_isin(with_missing: bool) -> None:
    from helpers.figures.selection import isin_column

    values = pd.Series(["A-1", "A-2", None, "A-3", "A-1"], dtype="str")
    wanted = pd.Series(["A-1", "A-9", *([None] if with_missing else [])], dtype="str")
    found = isin_column(values, wanted)
    assert found.equals(values.isin(wanted))
    assert found.tolist() == [True, False, with_missing, False, True]
    assert isin_column(values, pd.Series(["A-3"], dtype=object)).tolist() == [
        False,
        False,
        False,
        True,
        False,
    ]
