"""The actions and moderation pages and paragraphs: what they show, and hide in publication mode."""

from __future__ import annotations

import pandas as pd

from helpers.figures.metrics import compute_metrics
from helpers.figures.moderation import apply_moderation
from helpers.pages import actions as actions_page
from helpers.pages import moderation as moderation_page
from helpers.pages.context import MonthContext, make_context
from helpers.pages.wording.actions import describe_actions
from helpers.pages.wording.moderation import describe_moderated_judgements, describe_moderation
from helpers.settings.contract import MODERATED_SCORE_COLUMNS
from helpers.settings.params import load_params

from factories import audit, audits_frame


def month(publication: bool = False, with_extracts: bool = True) -> MonthContext:
    """Six June audits (two Inadequate), eight actions (six overdue), three moderated."""
    audits = audits_frame(
        [audit(judgement="Inadequate", team="East", team_manager="Manager Testone")] * 2
        + [audit(judgement="Good", team="West", team_manager="Manager Testtwo")] * 4
    )
    actions = pd.DataFrame(
        {
            "audit_id": ["A-TEST-1"] * 6 + ["A-TEST-3"] * 2,
            "action": "Fictional action.",
            "owner": ["Manager Testone"] * 6 + ["Manager Testtwo"] * 2,
            "due_date": pd.to_datetime(["2019-06-10"] * 8),
            "completed_date": pd.to_datetime([None] * 6 + ["2019-06-05", "2019-06-20"]),
        }
    )
    moderation = pd.DataFrame(
        {
            "audit_id": ["A-TEST-1", "A-TEST-3", "A-TEST-4"],
            "moderator": "Moderator Test",
            "moderated_judgement": ["Inadequate", "Requires Improvement", "Good"],
            **{c: [7.0, 6.0, 7.0] for c in MODERATED_SCORE_COLUMNS},
        }
    )
    if not with_extracts:
        actions = moderation = None
    audits = apply_moderation(audits, moderation)
    params = load_params("2019-06", overrides={"publication": publication})
    metrics = compute_metrics(audits, None, "2019-06", params, None, actions, moderation)
    # A publication page gets the publishable set only (helpers.safe.publishable).
    return make_context("2019-06", params, audits, None, metrics, actions, moderation)


def test_internal_pack_lists_overdue_actions_by_owner():
    table = actions_page.table_overdue_by_owner(month())
    assert table.frame["Owner"].tolist() == ["Manager Testone"]
    assert table.frame["Overdue actions"].tolist() == ["6"]


def test_publication_pack_never_lists_owners_and_hides_small_counts():
    ctx = month(publication=True)
    assert actions_page.table_overdue_by_owner(ctx) is None
    text = " ".join(describe_actions(ctx.metrics, ctx.params))
    assert "Manager" not in text and "East" not in text
    by_team = actions_page.table_overdue_by_team(ctx).frame
    assert by_team["Overdue actions"].tolist() == ["6", "6"]
    # One late action of eight due: hidden, and another part with it so the total cannot tell.
    due = actions_page.table_actions_due(ctx).frame.iloc[0]
    assert due["Late"] == "[c]" and due["Due"] == "8"
    # On time (1) is hidden too; with both small, 8 - 6 would pin them to 0-2, so the audit
    # hides overdue as well (helpers.safe.protection).
    assert [due["On time"], due["Overdue"]].count("[c]") >= 1


def test_paper_says_the_judgements_are_the_moderators_where_moderated():
    ctx = month()
    text = " ".join(describe_moderation(ctx.metrics, ctx.params))
    assert "re-read 3 audits of June 2019" in text
    assert "use the moderator's judgement" in text
    # Good -> Requires Improvement for A-TEST-3: the month's counts follow the moderator.
    counts = ctx.metrics["scores"]["month"]["judgement_counts"]
    assert counts["Good"] == 3 and counts["Requires Improvement"] == 1
    assert describe_moderated_judgements(ctx.metrics, ctx.params) == [
        "For the 3 audits moderated this month, the figures use the moderator's judgement "
        "in place of the auditor's."
    ]
    table = moderation_page.table_agreement(ctx).frame
    assert table.iloc[0]["Same judgement"] == "2" and table.iloc[0]["Moved down"] == "1"


def test_without_the_extracts_each_part_is_one_line_and_no_table():
    ctx = month(with_extracts=False)
    assert describe_actions(ctx.metrics, ctx.params) == [
        "Follow-up actions are not available: no actions extract was supplied."
    ]
    assert describe_moderation(ctx.metrics, ctx.params) == [
        "Moderation is not available: no moderation extract was supplied."
    ]
    assert actions_page.table_actions_raised(ctx) is None
    assert actions_page.table_overdue_by_owner(ctx) is None
    assert moderation_page.table_agreement(ctx) is None
    assert describe_moderated_judgements(ctx.metrics, ctx.params) == []
