"""Actions and moderation figures on small hand-made frames (docs/contract.md, inputs 5 and 6)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.figures.actions import classify_actions, compute_actions
from helpers.figures.judgements import compute_judgement_counts
from helpers.figures.moderation import apply_moderation, compute_moderation, weighted_kappa
from helpers.settings.contract import GRADES

from factories import audit, audits_frame


def actions_frame(rows: list[tuple[str, str, str | None]]) -> pd.DataFrame:
    """(audit_id, due_date, completed_date) rows as the loaded actions frame."""
    frame = pd.DataFrame(rows, columns=["audit_id", "due_date", "completed_date"])
    frame["action"] = "Fictional action."
    frame["owner"] = "Manager Test"
    for column in ("due_date", "completed_date"):
        frame[column] = pd.to_datetime(frame[column])
    return frame


@pytest.fixture
def audits() -> pd.DataFrame:
    frame = audits_frame(
        [
            audit(judgement="Requires Improvement", team="East"),
            audit(judgement="Inadequate", team="West"),
            audit(judgement="Good", team="East"),
            audit(judgement="Requires Improvement", team="West"),
            audit(month="2019-05", judgement="Good", team="West"),
        ]
    )
    frame["audit_id"] = ["A1", "A2", "A3", "A4", "A0"]
    return frame


def test_overdue_counting_at_the_month_boundaries(audits):
    actions = actions_frame(
        [
            ("A1", "2019-06-30", "2019-06-30"),  # done on its due date, the month's last day
            ("A1", "2019-06-15", "2019-06-30"),  # late, but done within the month
            ("A2", "2019-06-15", "2019-07-01"),  # done the day after the month: overdue at 30 June
            ("A2", "2019-06-30", None),  # due on the last day, still open: overdue
            ("A3", "2019-07-01", None),  # due the day after the month: not yet due
            ("A0", "2019-05-31", None),  # due last month, still open: overdue, not due this month
            ("A0", "2019-06-01", "2019-05-20"),  # done early: on time
        ]
    )
    status = classify_actions(actions, "2019-06").tolist()
    assert status == ["on_time", "late", "overdue", "overdue", "not_yet_due", "overdue", "on_time"]
    figures = compute_actions(actions, audits, "2019-06")
    due = figures["due_this_month"]
    assert (due["due"], due["on_time"], due["late"], due["overdue"]) == (5, 2, 1, 2)
    assert due["on_time_rate"] == pytest.approx(0.4)
    assert figures["overdue"] == {"total": 3, "by_team": {"West": 3}}
    # A month later the July action is overdue and the one done on 1 July counts as late.
    july = compute_actions(actions, audits, "2019-07")["overdue"]
    assert july["total"] == 3 and july["by_team"] == {"East": 1, "West": 2}


def test_actions_raised_by_judgement_and_share_of_concern_audits(audits):
    actions = actions_frame(
        [("A1", "2019-07-31", None), ("A1", "2019-07-31", None), ("A3", "2019-07-31", None)]
    )
    raised = compute_actions(actions, audits, "2019-06")["raised"]
    assert raised["by_judgement"] == {
        "Outstanding": 0,
        "Good": 1,
        "Requires Improvement": 2,
        "Inadequate": 0,
    }
    # A1 (RI) has actions; A2 (Inadequate) and A4 (RI) do not.
    assert (raised["concern_audits"], raised["concern_audits_with_action"]) == (3, 1)
    assert raised["concern_share_with_action"] == pytest.approx(1 / 3)


def test_no_actions_extract_is_only_not_available(audits):
    assert compute_actions(None, audits, "2019-06") == {"available": False}
    assert compute_moderation(None, audits, "2019-06", "2019-04") == {"available": False}


def test_weighted_kappa_matches_the_worked_example():
    # Grades O=0, G=1, RI=2, I=3; linear disagreement weights |i - j| / 3.
    # Observed weighted disagreement: three pairs one grade apart of six = (3 * 1/3) / 6 = 1/6.
    # Expected from the margins (auditor 1,2,2,1; moderator 0,4,2,0 of 6) = 30/36 / 3 = 5/18.
    # kappa = 1 - (1/6) / (5/18) = 1 - 3/5 = 0.4.
    auditor = pd.Series(["Good", "Good", "Requires Improvement", "Requires Improvement",
                         "Inadequate", "Outstanding"])  # fmt: skip
    moderator = pd.Series(["Good", "Good", "Requires Improvement", "Good",
                           "Requires Improvement", "Good"])  # fmt: skip
    assert weighted_kappa(auditor, moderator) == pytest.approx(0.4)
    assert weighted_kappa(auditor, auditor) == pytest.approx(1.0)
    assert weighted_kappa(pd.Series(["Good"]), pd.Series(["Good"])) is None  # undefined


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(GRADES), st.sampled_from(GRADES)), min_size=1, max_size=40)
)
def test_weighted_kappa_is_scikit_learns(pairs):
    """Our numpy kappa gives scikit-learn's `cohen_kappa_score` (linear weights) on any pairs."""
    from sklearn.metrics import cohen_kappa_score

    first, second = (pd.Series(side) for side in zip(*pairs, strict=True))
    ours = weighted_kappa(first, second)
    with warnings.catch_warnings(), np.errstate(divide="ignore", invalid="ignore"):
        warnings.simplefilter("ignore")
        theirs = cohen_kappa_score(first, second, labels=list(GRADES), weights="linear")
    if np.isnan(theirs):
        assert ours is None
    else:
        assert ours == pytest.approx(theirs)


def moderation_frame(rows: list[tuple[str, str, int | None]]) -> pd.DataFrame:
    """(audit_id, moderated_judgement, moderated score for every domain or None) rows."""
    from helpers.settings.contract import MODERATED_SCORE_COLUMNS

    frame = pd.DataFrame(
        [(a, "Moderator Test", g) for a, g, _ in rows],
        columns=["audit_id", "moderator", "moderated_judgement"],
    )
    for column in MODERATED_SCORE_COLUMNS:
        frame[column] = [float("nan") if s is None else float(s) for _, _, s in rows]
    return frame


def test_moderation_agreement_moves_and_domain_differences(audits):
    moderation = moderation_frame(
        [
            ("A1", "Requires Improvement", 7),  # agrees; scores as the auditor's (7)
            ("A2", "Requires Improvement", 9),  # Inadequate -> RI: up a grade; +2 a domain
            ("A3", "Requires Improvement", None),  # Good -> RI: down a grade; no scores
        ]
    )
    figures = compute_moderation(moderation, audits, "2019-06", "2019-04")["month"]
    assert (figures["n"], figures["agreed"], figures["moved_up"], figures["moved_down"]) == (
        3,
        1,
        1,
        1,
    )
    assert figures["agreement_rate"] == pytest.approx(1 / 3)
    assert figures["domain_mean_difference"]["planning"] == pytest.approx(1.0)


def test_the_papers_judgements_use_the_moderated_grade(audits):
    moderation = moderation_frame([("A3", "Requires Improvement", None)])
    moderated = apply_moderation(audits, moderation)
    june = moderated[moderated["audit_month"] == "2019-06"]
    counts = compute_judgement_counts(june)
    assert counts["Good"] == 0 and counts["Requires Improvement"] == 3
    assert moderated.loc[moderated["audit_id"] == "A3", "auditor_judgement"].item() == "Good"
    # Applied twice, the auditor's own judgement is still the one kept.
    again = apply_moderation(moderated, moderation)
    pd.testing.assert_frame_equal(again, moderated)
    # Agreement still compares the moderator with the auditor, not with itself.
    figures = compute_moderation(moderation, moderated, "2019-06", "2019-04")["month"]
    assert figures["moved_down"] == 1 and figures["agreed"] == 0
