"""`case-audit allocate`: each allocation rule on small hand-made lists, and the command itself."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from helpers.cycle.allocation import (
    AllocationError,
    AllocationRequest,
    allocate,
    describe_workload,
    recently_audited,
)
from helpers.cycle.cohort_filter import CohortFilterError, select_cohort
from helpers.extracts.loading import load_audits
from helpers.running.cli import app
from helpers.settings.contract import AUDIT_COLUMNS


def children(teams: dict[str, int], cohort: str = "LAC") -> pd.DataFrame:
    """`teams` maps a team to how many fictional children it has."""
    rows = [
        {
            "child_id": f"C-{team[:2]}-{i:03d}",
            "cohort": cohort,
            "team": team,
            "district": "East",
            "team_manager": f"Manager {team}",
        }
        for team, n in teams.items()
        for i in range(n)
    ]
    return pd.DataFrame(rows)


def auditors(teams: dict[str, int]) -> pd.DataFrame:
    rows = [
        {"auditor": f"Auditor {team}-{i}", "team": team}
        for team, n in teams.items()
        for i in range(n)
    ]
    return pd.DataFrame(rows)


def with_homes(allocation: pd.DataFrame, roster: pd.DataFrame) -> pd.DataFrame:
    homes = roster.set_index("auditor")["team"]
    return allocation.assign(auditor_team=allocation["auditor"].map(homes))


def test_no_auditor_audits_their_own_team():
    kids = children({"East": 6, "West": 6, "CWAD": 2})
    roster = auditors({"East": 2, "West": 2, "CWAD": 1})
    allocation = with_homes(allocate(kids, roster, None, AllocationRequest("2019-08")), roster)
    assert len(allocation) == 14
    assert (allocation["team"] != allocation["auditor_team"]).all()


def test_workloads_differ_by_at_most_one():
    kids = children({"East": 9, "West": 4})
    roster = auditors({"East": 2, "West": 3})
    allocation = allocate(kids, roster, None, AllocationRequest("2019-08"))
    load = describe_workload(allocation, roster)["audits"]
    assert sorted(load) == [2, 3, 3, 3, 2] or (load.max() - load.min() <= 1 and load.sum() == 13)
    assert load.max() - load.min() <= 1


def test_auditors_who_could_take_nobody_sit_out_of_the_balance():
    # Every child is East: East's three auditors can take none, so West's one takes them all.
    kids = children({"East": 8})
    roster = auditors({"East": 3, "West": 1})
    allocation = allocate(kids, roster, None, AllocationRequest("2019-08"))
    assert set(allocation["auditor"]) == {"Auditor West-0"}


def test_tight_mix_of_teams_names_the_balance_rule():
    # 6 East and 1 West child, 3 West auditors and 1 East: West's three may take East children,
    # East's one takes the West child; 7 audits over 4 auditors is 1 or 2 each, which fits.
    kids = children({"East": 6, "West": 1})
    roster = auditors({"East": 1, "West": 3})
    fits = allocate(kids, roster, None, AllocationRequest("2019-08"))
    assert describe_workload(fits, roster)["audits"].tolist() == [2, 2, 2, 1]
    # 9 East children: the East auditor may take only the West child but must carry 2 or 3.
    with pytest.raises(AllocationError, match="balance rule") as error:
        allocate(children({"East": 9, "West": 1}), roster, None, AllocationRequest("2019-08"))
    assert "'East'" in str(error.value)


def test_every_auditor_in_the_only_team_is_impossible_and_says_why():
    kids = children({"CWAD": 5})
    roster = auditors({"CWAD": 3})
    with pytest.raises(AllocationError, match="own team rule") as error:
        allocate(kids, roster, None, AllocationRequest("2019-08"))
    assert "every auditor is in team 'CWAD'" in str(error.value)


def test_children_audited_recently_are_not_picked_again():
    kids = children({"East": 3})
    roster = auditors({"West": 2})
    history = pd.DataFrame(
        {
            "audit_id": ["A1", "A2", "A3"],
            "audit_month": ["2019-01", "2019-02", "2019-07"],
            "child_id": ["C-Ea-000", "C-Ea-001", "C-Ea-002"],
        }
    )
    # Six months before August: February to July; January is long enough ago.
    assert recently_audited(history, "2019-08", 6) == {"C-Ea-001", "C-Ea-002"}
    allocation = allocate(kids, roster, history, AllocationRequest("2019-08", recent_months=6))
    assert allocation["child_id"].tolist() == ["C-Ea-000"]
    with pytest.raises(AllocationError, match="size rule"):
        allocate(kids, roster, history, AllocationRequest("2019-08", size=2, recent_months=6))
    with pytest.raises(AllocationError, match="recent rule"):
        allocate(kids, roster, history, AllocationRequest("2019-08", recent_months=7))


def test_same_seed_same_allocation_and_another_seed_differs():
    kids = children({"East": 30, "West": 30, "CWAD": 10})
    roster = auditors({"East": 3, "West": 3, "CWAD": 2})
    one = allocate(kids, roster, None, AllocationRequest("2019-08", size=20, seed=5))
    again = allocate(kids.sample(frac=1, random_state=1), roster[::-1], None,
                     AllocationRequest("2019-08", size=20, seed=5))  # fmt: skip
    other = allocate(kids, roster, None, AllocationRequest("2019-08", size=20, seed=6))
    pd.testing.assert_frame_equal(one, again)
    assert not one.equals(other)


def test_allocation_is_an_audits_extract_for_the_month(tmp_path: Path):
    kids = children({"East": 3, "West": 3})
    roster = auditors({"East": 1, "West": 1})
    allocation = allocate(kids, roster, None, AllocationRequest("2019-08"))
    assert list(allocation.columns) == list(AUDIT_COLUMNS)
    assert allocation["audit_id"].tolist()[:2] == ["A2019-08-001", "A2019-08-002"]
    assert set(allocation["date_allocated"]) == {"2019-08-01"}
    path = tmp_path / "allocation.csv"
    allocation.to_csv(path, index=False)
    loaded = load_audits(path)
    assert loaded["date_completed"].isna().all() and len(loaded) == 6


@pytest.mark.parametrize(
    ("expression", "picked"),
    [
        ('cohort == "LAC" and team == "CWAD"', ["c1"]),
        ('team in ["East", "CWAD"]', ["c1", "c3"]),
        ('not cohort == "LAC" or team != "West"', ["c1", "c3", "c4"]),
        ('(cohort == "CIN")', ["c4"]),
        ("", ["c1", "c2", "c3", "c4"]),
    ],
)
def test_cohort_filter_reads_like_the_question(expression, picked):
    kids = pd.DataFrame(
        {
            "child_id": ["c1", "c2", "c3", "c4"],
            "cohort": ["LAC", "LAC", "LAC", "CIN"],
            "team": ["CWAD", "West", "East", "West"],
        }
    )
    assert kids.loc[select_cohort(kids, expression), "child_id"].tolist() == picked


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ('cohort = "LAC"', "use == to compare"),
        ('cohrt == "LAC"', "did you mean cohort"),
        ('cohort == "LAX"', "'LAX' is not one of LAC"),
        ("cohort == LAC", "must be in quotes"),
        ('__import__("os").system("true")', "is not a comparison"),
        ("team.str.len() > 3", "not a column name"),
        ('cohort == "LAC" & team == "CWAD"', "not & or |"),
        ("1 < 2", "not a column name"),
        ("team", "alone is not a condition"),
    ],
)
def test_cohort_filter_refuses_anything_else_with_a_clear_message(expression, message):
    kids = pd.DataFrame({"child_id": ["c1"], "cohort": ["LAC"], "team": ["CWAD"]})
    with pytest.raises(CohortFilterError, match=message):
        select_cohort(kids, expression)


def write_lists(folder: Path) -> tuple[Path, Path]:
    children({"East": 10, "West": 10, "CWAD": 4}).to_csv(folder / "children.csv", index=False)
    auditors({"East": 2, "West": 2, "CWAD": 1}).to_csv(folder / "auditors.csv", index=False)
    return folder / "children.csv", folder / "auditors.csv"


def test_allocate_command_writes_csv_and_xlsx_that_load_as_audits(tmp_path: Path):
    kids, roster = write_lists(tmp_path)
    args = ["allocate", "--month", "2019-08", "--children", str(kids), "--auditors", str(roster),
            "--size", "10", "--seed", "3", "--out", str(tmp_path / "out"),
            "--audits", str(tmp_path / "none.csv")]  # fmt: skip
    pd.DataFrame(columns=list(AUDIT_COLUMNS)).to_csv(tmp_path / "none.csv", index=False)
    result = CliRunner().invoke(app, args)
    # An audits extract with no rows is refused: it says so and writes nothing.
    assert result.exit_code == 2 and not (tmp_path / "out").exists()
    result = CliRunner().invoke(app, args[:-2])
    assert result.exit_code == 0, result.output
    csv_file = tmp_path / "out" / "allocation-2019-08.csv"
    from_csv, from_xlsx = load_audits(csv_file), load_audits(csv_file.with_suffix(".xlsx"))
    assert len(from_csv) == 10
    pd.testing.assert_frame_equal(from_csv, from_xlsx)


def test_allocate_command_writes_nothing_when_the_rules_cannot_be_met(tmp_path: Path):
    kids, roster = write_lists(tmp_path)
    result = CliRunner().invoke(
        app,
        ["allocate", "--month", "2019-08", "--children", str(kids), "--auditors", str(roster),
         "--cohort", 'team == "CWAD"', "--size", "5", "--out", str(tmp_path / "out")],
    )  # fmt: skip
    assert result.exit_code == 2
    assert "size rule" in result.output and "nothing was written" in result.output
    assert not (tmp_path / "out").exists()
