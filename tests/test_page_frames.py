"""What a page reads from the runner's cache: frames without control characters (stripped once,
by the runner), and the visits only when the page uses them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from helpers.extracts.loading import write_cached_frame
from helpers.figures.metrics import compute_metrics
from helpers.figures.tables import compute_page_tables
from helpers.pages import context
from helpers.running import cache
from helpers.settings.contract import MODERATED_SCORE_COLUMNS
from helpers.settings.params import load_params

from factories import audit, audits_frame, visits_frame

COMMENT = "Chronology\x1b[31m missing \u202eforged\u202c.\x00"


def frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    audits = audits_frame(
        [audit(summary_comment=COMMENT), audit(month="2019-05", team="CWAD"), audit()]
    )
    visits = visits_frame(
        [("2019-06-10", "2019-06-08"), ("2019-05-02", None), ("2019-04-20", "2019-04-29")],
        team="0-12\u200b East",
    )
    return audits, visits


@contextmanager
def page_on_run_cache(tmp_path, monkeypatch, read: list[str]) -> Iterator[context.MonthContext]:
    """A page's context on the runner's cache of `frames()`, recording each Parquet file read."""
    audits, visits = frames()
    params = load_params("2019-06")
    metrics = tmp_path / "metrics.json"
    metrics.write_text(json.dumps(compute_metrics(audits, visits, "2019-06", params), default=str))
    original = context.read_cached_frame

    def reading(path):
        read.append(Path(path).name)
        return original(path)

    monkeypatch.setattr(context, "read_cached_frame", reading)
    with cache.extracts_cache(audits, visits, tmp_path) as paths:
        yield context.load_context(
            "2019-06", paths["audits"], paths["visits"], metrics_path=metrics
        )


def test_a_page_reads_the_runners_cache_without_control_characters(tmp_path, monkeypatch):
    with page_on_run_cache(tmp_path, monkeypatch, []) as ctx:
        assert ctx.audits["summary_comment"].iloc[0] == "Chronology missing forged."
        assert set(ctx.visits["team"]) == {"0-12 East"}


def test_a_page_that_shows_no_visits_never_reads_them(tmp_path, monkeypatch):
    read: list[str] = []
    with page_on_run_cache(tmp_path, monkeypatch, read) as ctx:
        ctx.table("compliance_by_team"), ctx.table("score_bands")
        assert read == ["audits.parquet"]
        trend = ctx.table("visits_trend")
        assert read == ["audits.parquet", "visits.parquet"]
    audits, visits = frames()
    expected = compute_page_tables(
        audits, visits.assign(team="0-12 East"), "2019-06", load_params("2019-06")
    )
    pd.testing.assert_frame_equal(trend, expected["visits_trend"])
    pd.testing.assert_frame_equal(ctx.table("visits_by_team"), expected["visits_by_team"])
    assert trend.set_index("month").loc["2019-05", "not_done"] == 1


def test_a_parquet_file_the_runner_did_not_strip_is_stripped_by_the_page(tmp_path):
    audits, visits = frames()
    write_cached_frame(audits, tmp_path / "audits.parquet")
    write_cached_frame(visits, tmp_path / "visits.parquet")
    read_audits, read_visits = context.load_frames(
        tmp_path / "audits.parquet", tmp_path / "visits.parquet"
    )
    assert read_audits["summary_comment"].iloc[0] == "Chronology missing forged."
    assert set(read_visits["team"]) == {"0-12 East"}


def test_a_page_reads_the_runs_actions_and_moderation_from_its_cache_unchecked_again(
    tmp_path, monkeypatch
):
    audits, visits = frames()
    actions = pd.DataFrame(
        {
            "audit_id": ["A-TEST-1"],
            "action": ["Update the plan\x1b[0m"],
            "owner": ["Manager Testone"],
            "due_date": pd.to_datetime(["2019-07-01"]),
            "completed_date": pd.to_datetime([None]),
        }
    )
    moderation = pd.DataFrame(
        {"audit_id": ["A-TEST-1"], "moderator": ["Moderator Test"]}
        | {"moderated_judgement": ["Requires Improvement"]}
        | {column: [float("nan")] for column in MODERATED_SCORE_COLUMNS}
    )

    def read_again(*_):
        raise AssertionError("the run's own extracts were read and checked again")

    monkeypatch.setattr(context, "load_cycle_extracts", read_again)
    extras = {"actions": actions, "moderation": moderation}
    with cache.extracts_cache(audits, visits, tmp_path, extras=extras) as paths:
        ctx = context.load_context(
            "2019-06",
            paths["audits"],
            paths["visits"],
            actions_path=paths["actions"],
            moderation_path=paths["moderation"],
        )
    assert ctx.actions["action"].tolist() == ["Update the plan"]
    assert ctx.audits.set_index("audit_id").loc["A-TEST-1", "judgement"] == "Requires Improvement"
    assert ctx.audits.set_index("audit_id").loc["A-TEST-1", "auditor_judgement"] == "Good"
    pd.testing.assert_frame_equal(ctx.moderation, moderation, check_dtype=False)


def test_a_run_without_actions_caches_none_and_its_pages_get_no_path(tmp_path):
    audits, visits = frames()
    with cache.extracts_cache(audits, visits, tmp_path, extras={"actions": None}) as paths:
        assert paths["actions"] is None and paths["moderation"] is None
        assert sorted(p.name for p in paths["audits"].parent.glob("*.parquet")) == [
            "audits.parquet",
            "audits_without_text.parquet",
            "visits.parquet",
        ]


def test_only_the_pages_that_show_comments_get_the_audits_free_text(tmp_path):
    from helpers.running.runner import audits_parameter
    from helpers.settings.contract import TEXT_COLUMNS

    audits, visits = frames()
    params = load_params("2019-06")
    metrics = tmp_path / "metrics.json"
    metrics.write_text(json.dumps(compute_metrics(audits, visits, "2019-06", params), default=str))
    with cache.extracts_cache(audits, visits, tmp_path) as paths:
        scores = audits_parameter("scores", paths, params)["audits_path"]
        assert audits_parameter("themes", paths, params) == {}  # the whole audits, comments too
        assert audits_parameter("report", paths, params) == {}
        published = params.model_copy(update={"publication": params.publication.turned(True)})
        assert audits_parameter("scores", paths, published) == {}  # no extract at all
        ctx = context.load_context("2019-06", scores, paths["visits"], metrics_path=metrics)
        assert not set(TEXT_COLUMNS) & set(ctx.audits.columns)
        whole = context.load_context(
            "2019-06", paths["audits"], paths["visits"], metrics_path=metrics
        )
        assert whole.audits["summary_comment"].iloc[0] == "Chronology missing forged."
        pd.testing.assert_frame_equal(
            ctx.table("compliance_by_team"), whole.table("compliance_by_team")
        )
