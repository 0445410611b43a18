"""The committee paper (report.html): cover sheet, sections 1 to 8 and Appendix A, on hand-made figures."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.figures.process import compute_process
from helpers.pages import report
from helpers.pages.display import render_cover_sheet, render_section_heading
from helpers.pages.wording.compliance import describe_not_returned
from helpers.pages.wording.cover import (
    TO_BE_COMPLETED,
    describe_cover_sheet,
    draft_executive_summary,
    missing_cover_fields,
)
from helpers.pages.wording.judgements import describe_balance
from helpers.pages.wording.moving_forward import describe_moving_forward
from helpers.pages.wording.process import describe_process
from helpers.pages.wording.themes import describe_theme_section
from helpers.pages.wording.visits import describe_visits_method

from factories import audit, audits_frame
from test_narrative import JUNE_VISITS, make_cut, make_metrics, make_params

NO_TARGETS = {"compliance_rate": None, "visits_on_time_rate": None, "max_inadequate": None}


def process_of(*rows: dict, month: str = "2019-06") -> dict:
    return compute_process(audits_frame(list(rows)), month, month)


def with_process(process: dict, **metrics) -> dict:
    return make_metrics(**metrics) | {"process": process}


# --- section 2: cohort and escalations -----------------------------------------------------------


@pytest.mark.parametrize(
    ("flags", "sentence"),
    [
        (
            ["no", "no", "no"],
            "None were identified as requiring escalation for immediate attention "
            "in the June audit.",
        ),
        (["yes", "no", "no"], "1 audit was escalated for immediate attention in the June audit."),
        (
            ["yes", "yes", "yes"],
            "3 audits were escalated for immediate attention in the June audit.",
        ),
    ],
)
def test_escalations_none_one_or_several(flags, sentence) -> None:
    process = process_of(*[audit(escalated=pd.NA if f is None else f == "yes") for f in flags])
    escalations = describe_process(with_process(process), make_params())[3]
    assert escalations.startswith("The auditor should escalate any urgent safeguarding concerns")
    assert escalations.endswith(sentence)


def test_an_escalation_left_blank_is_not_counted_as_none() -> None:
    process = process_of(audit(escalated=False), audit(escalated=pd.NA))
    assert (process["escalated"], process["escalation_not_recorded"]) == (0, 1)
    escalations = describe_process(with_process(process), make_params())[3]
    assert "was not recorded for 1 of the 2 returned audits" in escalations


def test_escalations_are_hidden_as_a_small_count_in_publication() -> None:
    process = process_of(audit(escalated=True), *[audit(escalated=False)] * 6)
    escalations = describe_process(with_process(process, publication=True), make_params())[3]
    assert "[c] audits were escalated" in escalations and " 1 audit" not in escalations


def test_a_single_cohort_is_named_as_the_paper_names_it() -> None:
    process = process_of(audit(), audit())
    third = describe_process(with_process(process), make_params())[2]
    assert (
        "The cohort of children audited was chosen from a list of Children Looked After." in third
    )


def test_a_mixed_cohort_names_each_list_most_audits_first() -> None:
    rows = [audit(cohort="CIN")] * 2 + [audit(cohort="LAC")] * 5 + [audit(cohort="CL")]
    third = describe_process(with_process(process_of(*rows)), make_params())[2]
    assert (
        "The children audited were chosen from the lists of Children Looked After (5 audits), "
        "Children in Need (2 audits) and Care Leavers (1 audit)."
    ) in third
    summary = draft_executive_summary(with_process(process_of(*rows)), make_params())[0]
    assert "which covered Children Looked After, Children in Need and Care Leavers" in summary


def test_teams_and_districts_come_from_the_allocated_audits() -> None:
    rows = [audit(team="0-12 East"), audit(team="CWAD", district="West")]
    third = describe_process(with_process(process_of(*rows)), make_params())[2]
    assert "from the 0-12 East and CWAD teams, in the East and West districts." in third


# --- no audits returned, first month of data ----------------------------------------------------


def test_no_audits_returned_says_so_in_process_summary_and_balance() -> None:
    process = process_of(audit(returned=False), audit(returned=False))
    metrics = with_process(process, cut=make_cut(0), compliance=(2, 0))
    assert describe_process(metrics, make_params())[3].endswith(
        "No audits were returned in the June audit, so none were escalated."
    )
    summary = draft_executive_summary(metrics, make_params())
    assert "No audits were returned in June, so there are no audit scores to report." in summary
    assert describe_balance(metrics, make_params()) == []


def test_first_month_of_data_compares_with_nothing() -> None:
    metrics = with_process(
        process_of(audit(month="2017-01"), month="2017-01"),
        month="2017-01",
        previous="2016-12",
        first_data_month="2017-01",
        previous_compliance=None,
        earlier_compliance=None,
        previous_cut=make_cut(0),
        trend=[],
    )
    summary = " ".join(draft_executive_summary(metrics, make_params()))
    assert "this is the first month of audit data" in summary
    assert "December" not in summary


# --- sections 3, 5, 6, 7 and 8 ------------------------------------------------------------------


def test_audits_not_returned_are_named_by_team_and_only_teams_in_publication() -> None:
    rows = [
        {"team": "0-12 East", "not_returned": 2},
        {"team": "CWAD", "not_returned": 1},
        {"team": "13-25 West", "not_returned": 0},
    ]
    internal = describe_not_returned(rows, publication=False, by_manager_shown=True)[0]
    assert internal.startswith("The 3 audits not returned were 2 from 0-12 East and 1 from CWAD.")
    assert "follow-up table in Appendix A" in internal
    public = describe_not_returned(rows, publication=True, by_manager_shown=False)[0]
    assert public.startswith("Audits not returned came from 0-12 East and CWAD.")
    assert describe_not_returned(rows[2:], False, True) == []


@pytest.mark.parametrize(
    ("counts", "words"),
    [
        ((2, 10, 6, 2), "Good or Outstanding judgements are the majority this month (60%)"),
        ((1, 8, 9, 2), "We remain with Good and Requires Improvement being the significant total"),
        ((1, 2, 7, 10), "Good or Outstanding judgements are 15% of the audits returned"),
    ],
)
def test_the_balance_of_judgements_is_read_as_the_paper_reads_it(counts, words) -> None:
    metrics = make_metrics(cut=make_cut(20, 6.9, counts))
    assert describe_balance(metrics, make_params())[0].startswith(words)


def test_strengths_are_kept_apart_from_concerns() -> None:
    rows = [
        {
            "label": "Chronology",
            "description": "The chronology is out of date.",
            "audits": 3,
            "status": "persisting",
        },
        {
            "label": "Voice",
            "description": "The child's voice is clear.",
            "audits": 9,
            "kind": "strength",
        },
        {"label": "Drift", "audits": 5, "status": "new this month", "kind": "concern"},
        {"label": "Meetings", "audits": 0, "status": "ended"},
    ]
    concerns, strengths = describe_theme_section(rows, publication=False)
    assert concerns == [
        "Drift (5 audits; new this month).",
        "The chronology is out of date (3 audits; also seen last month).",
    ]
    assert strengths == ["The child's voice is clear (9 audits)."]
    points = describe_moving_forward(make_metrics(), make_params(targets=NO_TARGETS), rows)
    assert points[1].startswith(
        "The concern raised most often in auditors' comments this month was 'Drift'"
    )
    assert points[2] == "New concerns this month, to watch in the next audit cycle: 'Drift'."
    assert "Voice" not in " ".join(points)


def test_moving_forward_has_improvement_missed_targets_actions_and_next_cohort() -> None:
    params = make_params(
        moving_forward=["Send a chronology reminder with the next audit cycle."],
        next_cohort="those with an allocated worker from the CWAD Team",
    )
    points = describe_moving_forward(make_metrics(compliance=(10, 7)), params, [])
    assert points[0].startswith("We will know when we are making improvements")
    assert points[1] == "Audit compliance of 70% is below the 90% target."
    assert points[-2] == "Send a chronology reminder with the next audit cycle."
    assert points[-1] == (
        "The cohort of children that will be audited next: those with an allocated worker from "
        "the CWAD Team."
    )


def test_visits_method_names_the_april_reset_periods_and_the_late_recording_month() -> None:
    reset, lag = describe_visits_method(make_metrics(visits=JUNE_VISITS))
    assert "in April 2019, April to May 2019 and April to June 2019" in reset
    assert "table 4.A" in lag and "late recording" in lag


# --- cover sheet ----------------------------------------------------------------------------------


COVER_LABELS = [
    "Meeting",
    "Date of meeting",
    "Lead Member",
    "Lead Officer",
    "Executive Summary",
    "Equalities Impact Assessment",
    "Budget",
    "Risk Assessment",
    "Climate implications",
    "Other Implications",
    "Recommendation",
    "Reason for Recommendation",
    "Appendices",
    "Background Papers",
    "Officer contact",
]


def test_cover_sheet_shows_every_field_and_marks_what_is_to_be_completed() -> None:
    metrics = with_process(process_of(audit()))
    fields = describe_cover_sheet(metrics, make_params())
    assert [f.label for f in fields] == COVER_LABELS
    missing = [f.label for f in fields if f.missing]
    assert missing == ["Date of meeting", "Lead Member", "Lead Officer", "Officer contact"]
    assert missing == missing_cover_fields(make_params().cover)
    recommendation = next(f for f in fields if f.label == "Recommendation")
    assert recommendation.lines == (
        "There are no recommendations from this paper except to note its contents.",
    )
    html = render_cover_sheet("Paper", fields, TO_BE_COMPLETED)
    assert html.count(f'<strong class="to-complete">{TO_BE_COMPLETED}</strong>') == 4


def test_cover_sheet_values_set_in_the_parameters_are_shown() -> None:
    cover = {
        "meeting_date": "2019-09-04",
        "lead_member": "Lead Member for Children's Services",
        "lead_officer": "Executive Director, People",
        "officer_contact": {"name": "Designated Safeguarding Manager", "email": "dsm@example.org"},
        "executive_summary": "Set by hand.",
        "current_risk": "Low",
    }
    fields = {f.label: f for f in describe_cover_sheet(make_metrics(), make_params(cover=cover))}
    assert not any(f.missing for f in fields.values())
    assert fields["Date of meeting"].lines == ("4 September 2019",)
    assert fields["Executive Summary"].lines == ("Set by hand.",)
    assert fields["Risk Assessment"].lines[0] == "Current risk: Low"
    assert fields["Officer contact"].lines[-1] == "Email: dsm@example.org"


# --- structure ------------------------------------------------------------------------------------


def test_sections_follow_the_paper_and_cite_their_appendix_part() -> None:
    headings = [report.section_heading(s.number) for s in report.SECTIONS]
    assert [text for text, _, _ in headings] == [
        "1. Introduction",
        "2. Monthly audit process",
        "3. Audit compliance",
        "4. Audit scores",
        "5. Audit judgements",
        "6. Themes",
        "7. Children Looked After statutory visits",
        "8. Moving forward and actions",
    ]
    cited = {text: link for text, _, link in headings if link}
    assert cited["3. Audit compliance"] == ("(see 1 in Appendix A)", "appendix-a-1")
    assert cited["7. Children Looked After statutory visits"] == (
        "(see 4 in Appendix A)",
        "appendix-a-4",
    )
    assert render_section_heading(*headings[2]) == (
        '<h2 id="section-3">3. Audit compliance <a href="#appendix-a-1">(see 1 in Appendix A)</a>'
        "</h2>"
    )
    assert [report.appendix_heading(p)[1] for p in (1, 2, 3, 4)] == [
        f"appendix-a-{p}" for p in (1, 2, 3, 4)
    ]


# --- April and the first month of data, re-read after the merges (issue 14) -----------------------


def test_visits_before_the_first_visit_due_are_left_out_of_table_4a_and_said_so() -> None:
    # Seen in January 2017, the first month of data: nine rows of 0 and n/a from April 2016.
    from helpers.figures.visits import table_visits_year_to_date

    months = ["2016-04", "2016-05", "2016-06", "2017-01"]
    entries = make_metrics(month="2017-01", visits=[(m, 0, 0, 0, 0) for m in months[:3]])
    entries = entries["visits"]["year_to_date"]
    later = make_metrics(month="2017-01", visits=[("2017-01", 167, 139, 24, 4)])
    year = [*entries, {**later["visits"]["year_to_date"][0], "from": "2016-04"}]
    metrics = {"visits": {"available": True, "year_to_date": year}}

    assert table_visits_year_to_date(year)["period"].tolist() == ["April 2016 to January 2017"]
    reset, _ = describe_visits_method(metrics)
    assert "the table shows visits that fell due in April 2016 to January 2017." in reset
    assert reset.endswith(
        "No visits fell due this reporting year before January 2017, so the table starts with "
        "April 2016 to January 2017."
    )
    # A year with visits from April keeps every row and says nothing more.
    reset, _ = describe_visits_method(make_metrics(visits=JUNE_VISITS))
    assert "No visits fell due" not in reset


def moderation_metrics(month: str, up: int, down: int, year_from: str) -> dict:
    agreed = 5 - up - down
    cut = {"n": 5, "agreed": agreed, "agreement_rate": agreed / 5, "moved_up": up}
    return {
        "month": month,
        "moderation": {
            "available": True,
            "month": {**cut, "moved_down": down},
            "year_to_date": {**cut, "kappa": 1.0, "from": year_from, "to": month},
        },
    }


def test_moderation_in_april_says_none_moved_and_does_not_repeat_the_month_as_the_year() -> None:
    from helpers.pages.wording.moderation import describe_moderation

    # Seen: "0 moved up a grade and 0 down" and "From April 2019 to April 2019, moderators ...".
    assert describe_moderation(moderation_metrics("2019-04", 0, 0, "2019-04"), make_params()) == [
        "A moderator re-read 5 audits of April 2019 and gave the same judgement in 100% of them; "
        "none moved up or down a grade. Where an audit was moderated, the judgement figures in "
        "this paper use the moderator's judgement."
    ]
    june = describe_moderation(moderation_metrics("2019-06", 0, 1, "2019-04"), make_params())
    assert "; 0 moved up a grade and 1 down." in june[0]
    assert june[1].startswith("From April to June 2019, moderators agreed with 80% of 5")


def test_one_action_due_is_said_as_one_not_as_percentages() -> None:
    from helpers.pages.wording.actions import describe_actions

    # Seen in January 2017: "Of the 1 action due in January 2017, 100% were completed on time,
    # 0% late, and 0% were still open at the end of the month."
    def metrics(outcome: str) -> dict:
        due = {
            "due": 1,
            **{f"{k}{s}": 0 for k in ("on_time", "late", "overdue") for s in ("", "_rate")},
        }
        due |= {outcome: 1, f"{outcome}_rate": 1.0}
        grades = {"Outstanding": 0, "Good": 1, "Requires Improvement": 0, "Inadequate": 0}
        raised = {"total": 1, "by_judgement": grades, "concern_audits": 0}
        block = {"raised": raised, "due_this_month": due, "overdue": {"total": 0, "by_team": {}}}
        return {"month": "2017-01", "actions": {"available": True, **block}}

    said = {
        o: describe_actions(metrics(o), make_params())[1] for o in ("on_time", "late", "overdue")
    }
    assert said == {
        "on_time": "The one action due in January 2017 was completed on time.",
        "late": "The one action due in January 2017 was completed late.",
        "overdue": "The one action due in January 2017 was still open at the end of the month.",
    }


def test_section_7_in_april_says_the_figures_restart_once() -> None:
    # Seen in April 2019: 7.2 "The visit figures restart each April ..." and 7.4 "The figures
    # were reset to start again in April ..." in the same section.
    from helpers.pages.wording.visits import describe_visits_section

    april = make_metrics(month="2019-04", previous="2019-03", visits=JUNE_VISITS[:1])
    section = describe_visits_section(april, make_params())
    assert sum("restart" in s or "reset" in s for s in section) == 1
    assert section[0].startswith("80.00% of statutory visits were carried out on time in April")
    june = describe_visits_section(make_metrics(visits=JUNE_VISITS), make_params())
    assert june[1] == "This is up from 83.33% between 1 April and 31 May."
