"""The drafted sentences of the monthly paper, checked on small hand-made metrics dicts."""

from __future__ import annotations

from typing import Any

import pytest

from helpers.pages.wording.compliance import describe_compliance
from helpers.pages.wording.judgements import describe_judgements
from helpers.pages.wording.scores import describe_scores
from helpers.pages.wording.summary import describe_executive_summary, describe_missing_data
from helpers.pages.wording.themes import describe_themes
from helpers.pages.wording.visits import describe_visits
from helpers.safe.publishable import make_publishable
from helpers.settings.contract import DOMAINS, GRADES
from helpers.settings.params import Params

LABELS = {d: d.replace("_", " ").capitalize() for d in DOMAINS}


def make_params(**overrides: Any) -> Params:
    return Params(domain_labels=LABELS, **overrides)


def make_cut(
    n: int = 27,
    mean: float | None = 6.9,
    counts: tuple[int, int, int, int] = (5, 15, 5, 2),
    domains: dict[str, float] | None = None,
    start: str = "2019-06",
    end: str = "2019-06",
) -> dict[str, Any]:
    """One cut; domain means default to `mean` with voice_of_child high and oversight low."""
    if n == 0:
        return {
            "from": start,
            "to": end,
            "n": 0,
            "overall_mean": None,
            "domain_means": dict.fromkeys(DOMAINS),
            "judgement_counts": dict.fromkeys(GRADES, 0),
            "judgement_shares": dict.fromkeys(GRADES),
        }
    means = {d: mean for d in DOMAINS}
    means.update({"voice_of_child": 7.4, "management_oversight": 5.9})
    means.update(domains or {})
    return {
        "from": start,
        "to": end,
        "n": n,
        "overall_mean": mean,
        "domain_means": means,
        "judgement_counts": dict(zip(GRADES, counts, strict=True)),
        "judgement_shares": {g: c / n for g, c in zip(GRADES, counts, strict=True)},
    }


def make_metrics(
    month: str = "2019-06",
    previous: str = "2019-05",
    cut: dict[str, Any] | None = None,
    previous_cut: dict[str, Any] | None = None,
    trend: list[tuple[str, float | None]] | None = None,
    compliance: tuple[int, int] = (35, 27),
    previous_compliance: tuple[int, int] | None = (38, 30),
    earlier_compliance: tuple[int, int] | None = (30, 27),
    visits: list[tuple[str, int, int, int, int]] | None = None,
    segments: dict[str, dict[str, Any]] | None = None,
    first_data_month: str = "2018-01",
    publication: bool = False,
) -> dict[str, Any]:
    """A metrics dict shaped as docs/data-shapes.md describes; `visits` rows are (to, due, on, late, not)."""
    cut = cut if cut is not None else make_cut()
    previous_cut = previous_cut if previous_cut is not None else make_cut(30, 6.2, (2, 14, 12, 2))
    trend = trend if trend is not None else [(previous, previous_cut["overall_mean"])]
    score_trend = [{"month": m, "n": 30 if v else 0, "overall_mean": v} for m, v in trend]
    score_trend.append({"month": month, "n": cut["n"], "overall_mean": cut["overall_mean"]})

    def rate_entry(m: str, allocated: int, returned: int) -> dict[str, Any]:
        rate = returned / allocated if allocated else None
        return {"month": m, "allocated": allocated, "returned": returned, "rate": rate}

    compliance_trend = []
    if earlier_compliance is not None:
        compliance_trend.append(rate_entry("2019-04", *earlier_compliance))
    previous_entry = rate_entry(previous, *previous_compliance) if previous_compliance else None
    if previous_entry:
        compliance_trend.append(previous_entry)
    current = rate_entry(month, *compliance)
    compliance_trend.append(current)
    year_to_date = [
        {
            "from": "2019-04",
            "to": to,
            "due": due,
            "on_time": on,
            "late": late,
            "not_done": not_done,
            "on_time_rate": on / due if due else None,
            "late_rate": late / due if due else None,
            "not_done_rate": not_done / due if due else None,
        }
        for to, due, on, late, not_done in (visits or [])
    ]
    metrics = {
        "month": month,
        "previous_month": previous,
        "reporting_year_start": "2019-04",
        "first_data_month": first_data_month,
        "publication": publication,
        "compliance": {
            "allocated": current["allocated"],
            "returned": current["returned"],
            "rate": current["rate"],
            "target": 0.9,
            "previous": previous_entry,
            "trend": compliance_trend,
        },
        "scores": {"month": cut, "previous_month": previous_cut, "trend": score_trend},
        "judgements": {"trend": []},
        "visits": {"available": visits is not None, "target": 0.95, "year_to_date": year_to_date},
        "themes": {"month": {}, "previous_month": {}, "returned": cut["n"]},
        "segments": segments or {},
    }
    # A publication page reads only the publishable set: what helpers.safe.publishable makes.
    return make_publishable(metrics, {}).metrics if publication else metrics


PARAMS = make_params()
# April 2018 at 7.0, April 2019 at 7.2, every other month lower: June 2019's 6.9 is a record
# back to April 2018 apart from April 2019.
PAPER_TREND = [(f"2018-{m:02d}", 7.0 if m == 4 else 6.0) for m in range(1, 13)] + [
    ("2019-01", 6.1),
    ("2019-02", 6.0),
    ("2019-03", 6.3),
    ("2019-04", 7.2),
    ("2019-05", 6.2),
]


# --- compliance ---------------------------------------------------------------------------------


def test_compliance_reduced_again_and_below_target() -> None:
    # April 90%, May 79%, June 77%: a second fall.
    sentences = describe_compliance(make_metrics(), PARAMS)
    assert sentences == [
        "Audit compliance has reduced again this month, down to 77% from 79% in May, "
        "with 27 of the 35 allocated audits returned.",
        "This is below the 90% target.",
    ]


def test_compliance_rise_after_a_fall_is_not_again() -> None:
    metrics = make_metrics(compliance=(35, 33), previous_compliance=(38, 30))
    assert describe_compliance(metrics, PARAMS)[0].startswith(
        "Audit compliance has risen this month, up to 94% from 79% in May"
    )
    assert describe_compliance(metrics, PARAMS)[1] == "This is above the 90% target."


def test_compliance_unchanged_when_both_show_the_same_whole_percent() -> None:
    # 76.5% shows as 77% (half up); 77.4% also shows as 77%.
    metrics = make_metrics(compliance=(200, 153), previous_compliance=(500, 387))
    assert describe_compliance(metrics, PARAMS)[0].startswith(
        "Audit compliance is 77% this month, unchanged from May, with 153"
    )


def test_compliance_first_month_has_no_comparison() -> None:
    metrics = make_metrics(previous_compliance=None, earlier_compliance=None)
    assert describe_compliance(metrics, PARAMS)[0] == (
        "Audit compliance in June was 77%, with 27 of the 35 allocated audits returned."
    )


def test_compliance_with_nothing_allocated_is_not_available() -> None:
    metrics = make_metrics(compliance=(0, 0))
    assert describe_compliance(metrics, PARAMS) == [
        "No audits were allocated in June, so audit compliance is not available."
    ]


def test_compliance_singular_allocated_audit() -> None:
    metrics = make_metrics(compliance=(1, 1), previous_compliance=None)
    assert "with 1 of the 1 allocated audit returned" in describe_compliance(metrics, PARAMS)[0]


# --- scores -------------------------------------------------------------------------------------


def test_scores_risen_with_record_and_one_exception() -> None:
    metrics = make_metrics(trend=PAPER_TREND)
    assert describe_scores(metrics, PARAMS)[0] == (
        "The overall average score across all seven domains has risen from 6.2 in May to 6.9 "
        "in June, the highest since April 2018 apart from April 2019 (7.2)."
    )


def test_scores_record_without_exception_when_last_rival_is_a_year_back() -> None:
    trend = [("2018-04", 7.0)] + [(f"2018-{m:02d}", 6.0) for m in range(5, 13)]
    trend += [(f"2019-{m:02d}", 6.0) for m in range(1, 6)]
    metrics = make_metrics(trend=trend)
    assert describe_scores(metrics, PARAMS)[0].endswith("the highest since April 2018.")


def test_scores_lowest_since_records_began() -> None:
    trend = [("2019-03", 6.0), ("2019-04", 6.5), ("2019-05", 6.2)]
    metrics = make_metrics(trend=trend, cut=make_cut(mean=5.5))
    assert describe_scores(metrics, PARAMS)[0] == (
        "The overall average score across all seven domains has fallen from 6.2 in May to 5.5 "
        "in June, the lowest since records began in March 2019."
    )


def test_scores_unchanged_when_rounded_values_match() -> None:
    # 6.85 rounds half up to 6.9, and 6.94 rounds down to 6.9.
    metrics = make_metrics(cut=make_cut(mean=6.85), previous_cut=make_cut(30, 6.94))
    assert describe_scores(metrics, PARAMS)[0] == (
        "The overall average score across all seven domains is 6.9 in June, unchanged from May."
    )


def test_scores_across_a_year_end_name_both_years() -> None:
    metrics = make_metrics(
        month="2019-01",
        previous="2018-12",
        trend=[("2018-11", 7.5), ("2018-12", 6.2)],
        cut=make_cut(start="2019-01", end="2019-01"),
    )
    assert describe_scores(metrics, PARAMS)[0] == (
        "The overall average score across all seven domains has risen from 6.2 in December "
        "2018 to 6.9 in January 2019, the highest since November 2018."
    )


def test_scores_first_month_of_data() -> None:
    metrics = make_metrics(trend=[], previous_cut=make_cut(0), first_data_month="2019-06")
    headline = describe_scores(metrics, PARAMS)[0]
    assert headline == (
        "The overall average score across all seven domains is 6.9 in June; this is the "
        "first month of audit data, so there is no earlier month to compare with."
    )


def test_scores_with_no_audits_returned_invent_nothing() -> None:
    metrics = make_metrics(cut=make_cut(0))
    sentences = describe_scores(metrics, PARAMS)
    assert sentences == ["No audits were returned in June, so there are no audit scores to report."]


def test_scores_previous_month_without_audits() -> None:
    metrics = make_metrics(previous_cut=make_cut(0), trend=[("2019-04", 6.5)])
    assert describe_scores(metrics, PARAMS)[0] == (
        "The overall average score across all seven domains is 6.9 in June; no audits were "
        "scored in May, so there is no comparison with the previous month."
    )


def test_weakest_and_strongest_shared_by_month_and_segment() -> None:
    cwad = make_cut(
        13,
        6.9,
        (0, 8, 5, 0),
        {"voice_of_child": 7.8, "management_oversight": 5.8},
        start="2019-04",
    )
    sentences = describe_scores(make_metrics(segments={"CWAD": cwad}), PARAMS)
    assert sentences[1:] == [
        "Of the 13 CWAD audits returned since April 2019, the overall average score across "
        "all seven domains is 6.9, in line with the June audit (6.9).",
        "'Management oversight' was the weakest scoring domain both in June (5.9) and for "
        "CWAD since April 2019 (5.8).",
        "'Voice of child' was the highest scoring domain both in June (7.4) and for CWAD "
        "since April 2019 (7.8).",
    ]


def test_tied_weakest_domains_are_joint() -> None:
    # 5.94 and 5.86 both show as 5.9.
    cut = make_cut(domains={"planning": 5.94, "management_oversight": 5.86})
    sentences = describe_scores(make_metrics(cut=cut), PARAMS)
    assert (
        "'Planning' and 'Management oversight' were jointly the weakest scoring domains "
        "in June (5.9)." in sentences
    )


def test_every_domain_the_same_has_no_weakest() -> None:
    cut = make_cut(mean=6.0, domains={"voice_of_child": 6.0, "management_oversight": 6.0})
    sentences = describe_scores(make_metrics(cut=cut), PARAMS)
    assert "Every domain had the same average score in June (6.0)." in sentences
    assert not any("weakest" in s for s in sentences)


def test_segment_without_audits() -> None:
    metrics = make_metrics(segments={"CWAD": make_cut(0, start="2019-04")})
    assert (
        "No CWAD audits have been returned since April 2019, so there are no CWAD scores."
        in describe_scores(metrics, PARAMS)
    )


# --- judgements ---------------------------------------------------------------------------------


def test_judgements_month_against_previous() -> None:
    sentences = describe_judgements(make_metrics(), PARAMS)
    assert sentences == [
        "Judgements for the 27 audits returned in June were 5 Outstanding (19%), 15 Good (56%), "
        "5 Requires Improvement (19%) and 2 Inadequate (7%).",
        "There were 2 Inadequate judgements in June (7% of the audits returned), "
        "the same as in May.",
        "There were 5 Outstanding judgements in June (19% of the audits returned), "
        "up from 2 in May.",
        "20 of the 27 audits returned in June (74%) were judged Good or Outstanding, "
        "up from 53% in May.",
    ]


def test_judgements_zero_and_singular() -> None:
    metrics = make_metrics(cut=make_cut(20, 6.9, (1, 10, 9, 0)))
    sentences = describe_judgements(metrics, PARAMS)
    assert sentences[1] == "There were no Inadequate judgements in June, down from 2 in May."
    assert sentences[2] == (
        "There was 1 Outstanding judgement in June (5% of the audits returned), down from 2 in May."
    )


def test_judgements_unjudged_audits_are_counted() -> None:
    metrics = make_metrics(cut=make_cut(10, 6.9, (1, 4, 3, 1)))
    assert describe_judgements(metrics, PARAMS)[0].endswith("; 1 audit has no judgement recorded.")


def test_judgements_first_month_has_no_comparison() -> None:
    metrics = make_metrics(trend=[], previous_cut=make_cut(0), first_data_month="2019-06")
    sentences = describe_judgements(metrics, PARAMS)
    assert sentences[1] == "There were 2 Inadequate judgements in June (7% of the audits returned)."
    assert not any("May" in s for s in sentences)


def test_judgements_with_no_audits_returned() -> None:
    metrics = make_metrics(cut=make_cut(0))
    assert describe_judgements(metrics, PARAMS) == [
        "No audits were returned in June, so there are no judgements to report."
    ]


def test_judgements_for_a_segment_with_no_outstanding_or_inadequate() -> None:
    cwad = make_cut(13, 6.9, (0, 8, 5, 0), start="2019-04")
    sentences = describe_judgements(make_metrics(segments={"CWAD": cwad}), PARAMS)
    assert sentences[-2:] == [
        "Judgements for the 13 CWAD audits returned since April 2019 were 0 Outstanding (0%), "
        "8 Good (62%), 5 Requires Improvement (38%) and 0 Inadequate (0%).",
        "None of the CWAD audits returned since April 2019 were graded Outstanding or Inadequate.",
    ]


def test_publication_hides_small_counts_and_their_shares() -> None:
    metrics = make_metrics(publication=True)
    sentences = describe_judgements(metrics, PARAMS)
    assert "and [c] Inadequate ([c])." in sentences[0]
    assert sentences[1] == (
        "There were [c] Inadequate judgements in June ([c] of the audits returned), "
        "compared with [c] in May."
    )
    assert sentences[2].endswith("compared with [c] in May.")
    text = " ".join(sentences)
    assert " 2 " not in text and "7%" not in text and "the same as" not in text


# --- visits -------------------------------------------------------------------------------------

JUNE_VISITS = [
    ("2019-04", 100, 80, 15, 5),
    ("2019-05", 300, 250, 40, 10),
    ("2019-06", 10000, 8581, 1233, 186),
]


def test_visits_cumulative_with_change_and_target() -> None:
    sentences = describe_visits(make_metrics(visits=JUNE_VISITS), PARAMS)
    assert sentences == [
        "85.81% of statutory visits were carried out on time between 1 April and 30 June, "
        "with 12.33% late and 1.86% not done (10,000 visits due).",
        "This is up from 83.33% between 1 April and 31 May.",
        "This is below the 95% target.",
    ]


def test_visits_in_april_have_no_earlier_period() -> None:
    metrics = make_metrics(month="2019-04", previous="2019-03", visits=JUNE_VISITS[:1])
    sentences = describe_visits(metrics, PARAMS)
    assert sentences[0].startswith("80.00% of statutory visits were carried out on time")
    assert "on time in April," in sentences[0]
    assert "1 April and 30 April" not in sentences[0]
    assert "no earlier period" in sentences[1]


def test_visits_round_half_up_at_two_places() -> None:
    # 85,805 of 100,000 is 85.805%, which shows half up as 85.81%, not 85.80%.
    visits = [("2019-06", 100000, 85805, 14195, 0)]
    assert describe_visits(make_metrics(visits=visits), PARAMS)[0].startswith("85.81%")


def test_visits_without_extract_are_not_available() -> None:
    assert describe_visits(make_metrics(visits=None), PARAMS) == [
        "Statutory visit figures are not available: no visits extract was supplied."
    ]


def test_visits_with_none_due() -> None:
    metrics = make_metrics(visits=[("2019-06", 0, 0, 0, 0)])
    assert describe_visits(metrics, PARAMS) == [
        "No statutory visits fell due between 1 April and 30 June, so visit figures are not "
        "available."
    ]


# --- themes -------------------------------------------------------------------------------------


def theme(label: str, now: int, before: int, status: str) -> dict[str, Any]:
    return {
        "id": label.lower(),
        "label": label,
        "audits_this_month": now,
        "audits_last_month": before,
        "status": status,
    }


def test_themes_recurring_and_new() -> None:
    rows = [
        theme("Meeting attendance unclear", 4, 3, "persisting"),
        theme("Supervision not reflective", 2, 1, "persisting"),
        theme("Chronology missing", 1, 0, "new this month"),
        theme("IRO escalation", 0, 2, "not seen this month"),
    ]
    assert describe_themes(rows, PARAMS) == [
        "Recurring themes this month: Meeting attendance unclear (4 audits) and "
        "Supervision not reflective (2 audits).",
        "New this month: Chronology missing (1 audit).",
    ]


def test_themes_returning_is_recurring_and_strengths_stand_apart() -> None:
    rows = [
        theme("Chronology missing", 2, 0, "returning"),
        theme("Drift", 1, 0, "new"),
        {**theme("Child's voice clearly captured", 9, 8, "persisting"), "kind": "strength"},
    ]
    assert describe_themes(rows, PARAMS) == [
        "Recurring themes this month: Chronology missing (2 audits).",
        "New this month: Drift (1 audit).",
        "Strengths this month: Child's voice clearly captured (9 audits).",
    ]


def test_themes_none_found() -> None:
    assert describe_themes([theme("Chronology missing", 0, 1, "")], PARAMS) == [
        "No recurring themes were identified in this month's audit comments."
    ]


def test_themes_publication_hides_small_counts() -> None:
    rows = [theme("Chronology missing", 1, 0, "new this month")]
    params = make_params(publication=True)
    assert describe_themes(rows, params) == ["New this month: Chronology missing ([c] audits)."]


# --- summary and missing data -------------------------------------------------------------------


def test_executive_summary_has_a_headline_per_section() -> None:
    summary = describe_executive_summary(make_metrics(visits=JUNE_VISITS), PARAMS)
    assert len(summary) == 4
    assert summary[0].startswith("Audit compliance has reduced again")
    assert summary[3].startswith("85.81% of statutory visits")


def test_executive_summary_with_no_audits_returned() -> None:
    metrics = make_metrics(cut=make_cut(0), compliance=(35, 0))
    summary = describe_executive_summary(metrics, PARAMS)
    assert summary[1] == "No audits were returned in June, so there are no audit scores to report."
    assert len(summary) == 3
    assert summary[2] == (
        "Statutory visit figures are not available: no visits extract was supplied."
    )


def test_missing_data_lists_each_gap() -> None:
    metrics = make_metrics(
        cut=make_cut(0),
        compliance=(0, 0),
        trend=[],
        previous_cut=make_cut(0),
        first_data_month="2019-06",
        segments={"CWAD": make_cut(0, start="2019-04")},
    )
    assert describe_missing_data(metrics) == [
        "No audits were allocated for June 2019, so audit compliance is not available.",
        "No audits were returned for June 2019, so scores and judgements are not available.",
        "June 2019 is the first month of audit data, so there is no comparison with a "
        "previous month.",
        "No statutory visits extract was supplied, so visit figures are not available.",
        "No CWAD audits have been returned since April 2019.",
    ]


def test_missing_data_empty_when_complete() -> None:
    assert describe_missing_data(make_metrics(visits=JUNE_VISITS)) == []


def test_missing_data_previous_month_without_audits() -> None:
    metrics = make_metrics(previous_cut=make_cut(0), visits=JUNE_VISITS)
    assert describe_missing_data(metrics) == [
        "No audits were returned for May 2019, so scores and judgements cannot be compared "
        "with the previous month."
    ]


@pytest.mark.parametrize(
    "describe",
    [describe_compliance, describe_scores, describe_judgements, describe_visits],
)
def test_no_markup_in_sentences(describe: Any) -> None:
    metrics = make_metrics(visits=JUNE_VISITS, trend=PAPER_TREND)
    for sentence in describe(metrics, PARAMS):
        assert not any(mark in sentence for mark in ("<", ">", "**", "`", "\n"))
        assert sentence.endswith(".")


def test_themes_accept_theme_summary_column_names() -> None:
    rows = [{"theme_id": "x", "label": "Late recording", "audits": 3, "audits_previous": 2}]
    assert describe_themes(rows, PARAMS) == [
        "Recurring themes this month: Late recording (3 audits)."
    ]


def test_publication_hides_a_second_grade_that_n_would_give_away() -> None:
    # 5 + 15 + 5 + [c] = 27 would reveal 2 Inadequate: one more grade is hidden, and with it
    # the Good-or-better share whenever it leans on a hidden grade.
    sentences = describe_judgements(make_metrics(publication=True), PARAMS)
    breakdown = sentences[0]
    assert breakdown.count("[c]") == 4
    assert "[c] Outstanding ([c])" in breakdown and "15 Good (56%)" in breakdown
    assert "Good or Outstanding" in sentences[3] and "not shown ([c])" in sentences[3]


def test_publication_hides_a_visit_rate_the_others_would_give_away() -> None:
    # Seen: June's late / not done hidden, but April-to-June minus April-to-May gives them.
    # Here June alone has 1 late and 1 not done; with due and on time shown for both periods,
    # the two would be pinned to 0-2, so the cumulative on-time figure goes too.
    visits = [("2019-04", 100, 95, 5, 0), ("2019-05", 150, 142, 6, 2), ("2019-06", 200, 190, 7, 3)]
    metrics = make_metrics(publication=True, visits=visits)
    sentence = describe_visits(metrics, PARAMS)[0]
    assert "with [c] late and [c] not done" in sentence
    june, may = metrics["visits"]["year_to_date"][2], metrics["visits"]["year_to_date"][1]
    for outcome in ("late", "not_done"):
        both_shown = "[c]" not in (june[outcome], may[outcome])
        assert not both_shown, outcome
    assert metrics["disclosure_audit"]["exposed"] == 0 if "disclosure_audit" in metrics else True
