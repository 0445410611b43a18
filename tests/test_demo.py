"""The synthetic demo extracts: shape, determinism and the patterns the reports should find."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from helpers.extracts import demo
from helpers.settings.contract import (
    AUDIT_COLUMNS,
    DEFAULT_THEME_IDS,
    GRADES,
    SCORE_COLUMNS,
    TEXT_COLUMNS,
    VISIT_COLUMNS,
)


@pytest.fixture(scope="module")
def audits() -> pd.DataFrame:
    return demo.make_demo_audits()


@pytest.fixture(scope="module")
def returned(audits: pd.DataFrame) -> pd.DataFrame:
    out = audits[audits["date_completed"].notna()].copy()
    out[list(SCORE_COLUMNS)] = out[list(SCORE_COLUMNS)].astype(float)
    out["mean"] = out[list(SCORE_COLUMNS)].mean(axis=1)
    return out


@pytest.fixture(scope="module")
def truth() -> pd.DataFrame:
    return demo.make_demo_audit_comment_truth()


@pytest.fixture(scope="module")
def visits() -> pd.DataFrame:
    out = demo.make_demo_visits()
    for column in ("due_date", "visit_date", "recorded_date"):
        out[column] = pd.to_datetime(out[column], format="%Y-%m-%d")
    return out


def _status(visits: pd.DataFrame) -> pd.Series:
    status = pd.Series("not_done", index=visits.index)
    status[visits["visit_date"] <= visits["due_date"]] = "on_time"
    status[visits["visit_date"] > visits["due_date"]] = "late"
    return status


# ----------------------------------------------------------------------------- files


def test_same_seed_writes_byte_identical_csv(tmp_path: Path) -> None:
    first = demo.write_demo_extracts(tmp_path / "one", seed=7, start="2019-01")
    second = demo.write_demo_extracts(tmp_path / "two", seed=7, start="2019-01")
    other = demo.write_demo_extracts(tmp_path / "three", seed=8, start="2019-01")
    assert sorted(first) == ["actions", "auditors", "audits", "children", "moderation", "visits"]
    for name in first:
        assert first[name].read_bytes() == second[name].read_bytes()
        if name != "auditors":  # the auditors list is the authority's, not drawn at random
            assert first[name].read_bytes() != other[name].read_bytes()


def test_same_seed_writes_byte_identical_xlsx_with_date_cells(tmp_path: Path) -> None:
    first = demo.write_demo_extracts(tmp_path / "one", fmt="xlsx", start="2019-01")
    second = demo.write_demo_extracts(tmp_path / "two", fmt="xlsx", start="2019-01")
    assert first["audits"].name == "audits.xlsx"
    assert first["audits"].read_bytes() == second["audits"].read_bytes()
    read = pd.read_excel(first["visits"])
    assert pd.api.types.is_datetime64_any_dtype(read["due_date"])


def test_unknown_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="fmt"):
        demo.write_demo_extracts(tmp_path, fmt="json")  # type: ignore[arg-type]


def test_large_extracts_have_exact_sizes_and_the_contract_shape(tmp_path: Path) -> None:
    paths = demo.make_large_extracts(tmp_path, n_audits=700, n_visits=3000, seed=3)
    audits = pd.read_csv(paths["audits"], dtype=str)
    visits = pd.read_csv(paths["visits"], dtype=str)
    assert list(audits.columns) == list(AUDIT_COLUMNS) and len(audits) == 700
    assert list(visits.columns) == list(VISIT_COLUMNS) and len(visits) == 3000
    assert audits["audit_id"].is_unique and visits["visit_id"].is_unique


# ----------------------------------------------------------------------------- audits


def test_audit_columns_are_exactly_the_contract(audits: pd.DataFrame) -> None:
    assert list(audits.columns) == list(AUDIT_COLUMNS)


def test_at_least_24_months_of_30_to_45_audits(audits: pd.DataFrame) -> None:
    per_month = audits.groupby("audit_month").size()
    assert len(per_month) >= 24
    assert list(per_month.index) == [
        str(p) for p in pd.period_range("2017-01", "2019-06", freq="M")
    ]
    assert per_month.between(30, 45).all()


def test_ids_are_pseudonymous_and_unique(audits: pd.DataFrame) -> None:
    assert audits["audit_id"].is_unique
    assert audits["audit_id"].str.fullmatch(r"A\d{4}-\d{2}-\d{3}").all()
    assert (audits["audit_id"].str[1:8] == audits["audit_month"]).all()
    assert audits["child_id"].str.fullmatch(r"C\d{6}").all()
    assert audits["child_id"].str.startswith("C0").any()  # leading zeros survive
    assert not audits.duplicated(["audit_month", "child_id"]).any()


def test_dates_are_iso_text_and_completion_follows_allocation(audits: pd.DataFrame) -> None:
    done = audits["date_completed"].dropna()
    assert audits["date_allocated"].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
    assert done.str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
    assert (done >= audits.loc[done.index, "date_allocated"]).all()
    assert (audits["date_allocated"].str[:7] == audits["audit_month"]).all()


def test_every_month_has_unreturned_audits_and_compliance_varies(audits: pd.DataFrame) -> None:
    rate = audits["date_completed"].notna().groupby(audits["audit_month"]).mean()
    assert (rate < 1).all()
    assert rate.between(0.70, 0.97).all()
    assert rate.max() - rate.min() > 0.1


def test_named_managers_return_fewer_audits(audits: pd.DataFrame) -> None:
    rate = audits["date_completed"].notna().groupby(audits["team_manager"]).mean()
    low = rate[list(demo.LOW_RETURNING_MANAGERS)]
    others = rate.drop(list(demo.LOW_RETURNING_MANAGERS))
    assert low.max() < others.min()


def test_returned_audits_are_complete_and_unreturned_are_empty(audits: pd.DataFrame) -> None:
    back = audits["date_completed"].notna()
    scores = audits[list(SCORE_COLUMNS)]
    assert scores[back].notna().all().all()
    assert scores[back].astype(int).isin(range(1, 11)).all().all()
    assert audits.loc[back, "judgement"].isin(GRADES).all()
    assert audits.loc[back, "escalated"].isin(["yes", "no"]).all()
    assert (audits.loc[back, "escalated"] == "yes").sum() > 0
    assert (
        audits.loc[~back, [*SCORE_COLUMNS, "judgement", "escalated", *TEXT_COLUMNS]]
        .isna()
        .all()
        .all()
    )


def test_oversight_is_weakest_and_voice_strongest(returned: pd.DataFrame) -> None:
    means = returned[list(SCORE_COLUMNS)].mean()
    assert means.idxmin() == "score_management_oversight"
    assert means.idxmax() == "score_voice_of_child"


def test_scores_trend_gently_upwards(returned: pd.DataFrame) -> None:
    by_month = returned.groupby("audit_month")["mean"].mean()
    assert 0.5 < by_month.tail(6).mean() - by_month.head(6).mean() < 1.5


def test_judgements_follow_scores(returned: pd.DataFrame) -> None:
    by_grade = returned.groupby("judgement")["mean"].mean()
    assert list(by_grade[list(GRADES)].sort_values(ascending=False).index) == list(GRADES)
    high = returned.loc[returned["mean"] >= 8, "judgement"]
    low = returned.loc[returned["mean"] < 4, "judgement"]
    assert high.isin(["Outstanding", "Good"]).mean() > 0.9
    assert (low == "Inadequate").mean() > 0.8


def test_cwad_every_month_and_june_2019_mostly_lac(audits: pd.DataFrame) -> None:
    cwad = (audits["team"] == "CWAD").groupby(audits["audit_month"]).sum()
    assert (cwad >= 2).all()
    june = audits[audits["audit_month"] == "2019-06"]
    assert (june["cohort"] == "LAC").mean() > 0.7
    assert set(audits["cohort"]) == {"LAC", "CIN", "CP", "CL"}


def test_people_are_from_the_fictional_lists(audits: pd.DataFrame) -> None:
    managers = {m for ms in demo.TEAM_MANAGERS.values() for m in ms}
    assert set(audits["team_manager"]) <= managers
    assert set(audits["auditor"]) <= set(demo.AUDITORS)
    home = audits["auditor"].map(demo.AUDITORS)
    assert (home != audits["team"]).all()  # peer auditors never audit their own team
    text = " ".join(audits[list(TEXT_COLUMNS)].stack().dropna().tolist())
    assert set(re.findall(r"SW ([A-Z]\w+ [A-Z]\w+)", text)) <= set(demo.WORKERS)
    assert any(name in text for name in demo.WORKERS)
    assert "Child A" in text


# ----------------------------------------------------------------------------- comment truth


def test_truth_covers_every_default_theme_in_varied_words(truth: pd.DataFrame) -> None:
    shown = truth[truth["kind"] == "theme"]
    assert set(shown["theme"]) == set(DEFAULT_THEME_IDS)
    wordings = shown.groupby("theme")["phrase_id"].nunique()
    assert (wordings >= 4).all()


def test_truth_has_near_misses_for_the_lookalike_themes(truth: pd.DataFrame) -> None:
    near = truth[truth["kind"] == "near_miss"]
    assert near["theme"].isna().all()
    expected = {
        "supervision_not_reflective",
        "chronology_missing",
        "iro_escalation",
        "meeting_attendance",
        "visits_out_of_timescale",
    }
    assert expected <= set(near["near_miss_of"])
    assert "Supervision is regular and reflective." in set(near["text"])


def test_truth_sentences_make_up_the_comments_exactly(
    audits: pd.DataFrame, truth: pd.DataFrame
) -> None:
    # Every comment is its truth sentences and nothing else.
    long = (
        audits.set_index("audit_id")[list(TEXT_COLUMNS)]
        .stack()
        .dropna()
        .rename("text")
        .reset_index()
    )
    long.columns = ["audit_id", "column", "text"]
    parts = truth.groupby(["audit_id", "column"])["text"].apply(list)
    sample = long.sample(400, random_state=1)
    for row in sample.itertuples():
        rest = row.text
        for sentence in parts[(row.audit_id, row.column)]:
            assert sentence in rest
            rest = rest.replace(sentence, "", 1)
        assert rest.strip() == ""
    assert set(truth["audit_id"]) <= set(audits.loc[audits["date_completed"].notna(), "audit_id"])


def test_themes_sit_with_the_scores_they_explain(
    returned: pd.DataFrame, truth: pd.DataFrame
) -> None:
    def share(theme: str, rows: pd.DataFrame) -> float:
        ids = set(truth.loc[truth["theme"] == theme, "audit_id"])
        return rows["audit_id"].isin(ids).mean()

    oversight = returned["score_management_oversight"]
    voice = returned["score_voice_of_child"]
    supervision = "supervision_not_reflective"
    assert share(supervision, returned[oversight <= 4]) > 2 * share(
        supervision, returned[oversight >= 7]
    )
    strong = "voice_of_child_strong"
    assert share(strong, returned[voice >= 7]) > 2 * share(strong, returned[voice <= 4])


# ----------------------------------------------------------------------------- visits


def test_visit_columns_ids_and_children(visits: pd.DataFrame) -> None:
    assert list(visits.columns) == list(VISIT_COLUMNS)
    assert visits["visit_id"].is_unique
    assert visits["child_id"].nunique() == 300
    assert visits["child_id"].str.fullmatch(r"C\d{6}").all()
    assert set(visits["team"]) <= set(demo.TEAMS)
    assert visits["due_date"].min() >= pd.Timestamp("2017-01-01")
    assert visits["due_date"].max() <= pd.Timestamp("2019-06-30")


def test_visits_fall_due_about_every_six_weeks(visits: pd.DataFrame) -> None:
    gaps = visits.sort_values("due_date").groupby("child_id")["due_date"].diff().dt.days.dropna()
    assert gaps.median() == 42
    assert gaps.between(28, 42).all()


def test_visit_rates_are_roughly_as_designed_and_improve(visits: pd.DataFrame) -> None:
    status = _status(visits)
    rates = status.value_counts(normalize=True)
    assert 0.80 < rates["on_time"] < 0.90
    assert 0.08 < rates["late"] < 0.16
    assert 0.01 < rates["not_done"] < 0.06
    on_time = (status == "on_time").groupby(visits["due_date"].dt.year).mean()
    assert on_time[2019] > on_time[2017]


def test_visits_are_recorded_mostly_promptly_some_weeks_late(visits: pd.DataFrame) -> None:
    done = visits["visit_date"].notna()
    assert (visits["recorded_date"].notna() == done).all()
    lag = (visits["recorded_date"] - visits["visit_date"]).dt.days[done]
    assert (lag >= 0).all()
    assert (lag <= 3).mean() > 0.7
    assert 0.01 < (lag > 14).mean() < 0.1


def test_xlsx_and_csv_extracts_load_to_the_same_frames(tmp_path: Path) -> None:
    from helpers.extracts.cycle import load_actions, load_moderation
    from helpers.extracts.loading import load_audits

    xlsx = demo.write_demo_extracts(tmp_path / "x", fmt="xlsx", start="2019-04")
    csv = demo.write_demo_extracts(tmp_path / "c", fmt="csv", start="2019-04")
    audits = load_audits(xlsx["audits"])
    pd.testing.assert_frame_equal(audits, load_audits(csv["audits"]))
    pd.testing.assert_frame_equal(
        load_actions(xlsx["actions"], audits), load_actions(csv["actions"], audits)
    )
    pd.testing.assert_frame_equal(
        load_moderation(xlsx["moderation"], audits), load_moderation(csv["moderation"], audits)
    )
