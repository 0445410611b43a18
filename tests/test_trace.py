"""Reconciliation: every figure of metrics.json traces to rows that recompute it exactly."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from helpers.extracts.cycle import load_cycle_extracts
from helpers.extracts.demo import write_demo_extracts
from helpers.extracts.loading import load_audits, load_visits
from helpers.figures.metrics import compute_metrics
from helpers.figures.moderation import apply_moderation
from helpers.figures.trace import (
    TraceSource,
    UnknownFigure,
    figure_keys,
    published_value,
    trace_figure,
)
from helpers.running import cli
from helpers.running import runner as running
from helpers.settings.params import load_params

from factories import audit, audits_frame, visits_frame

MONTH = "2019-06"


def month_metrics(audits, visits, month, params, actions=None, moderation=None) -> dict:
    counts = running.theme_counter(audits, running.load_run_coder(params), [month])(month)
    return compute_metrics(audits, visits, month, params, counts, actions, moderation)


def unreconciled(
    audits, visits, month, params, metrics=None, actions=None, moderation=None
) -> list[tuple[str, object, object]]:
    """(key, published, traced) for every figure whose traced rows do not give it back exactly."""
    metrics = metrics or month_metrics(audits, visits, month, params, actions, moderation)
    source = TraceSource(month, params, audits, visits, actions, moderation)
    differ = []
    for key in figure_keys(metrics):
        traced = trace_figure(key, source)  # UnknownFigure: a key no tracer claims fails here
        if traced.value != published_value(metrics, key):
            differ.append((key, published_value(metrics, key), traced.value))
    return differ


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> dict:
    files = write_demo_extracts(tmp_path_factory.mktemp("demo"))
    raw = load_audits(files["audits"])
    actions, moderation = load_cycle_extracts(files["actions"], files["moderation"], raw)
    return {
        "audits": apply_moderation(raw, moderation),  # as the run does
        "actions": actions,
        "moderation": moderation,
        "visits": load_visits(files["visits"]),
        "audits_path": files["audits"],
        "visits_path": files["visits"],
    }


@pytest.fixture(scope="module")
def params():
    return load_params(MONTH)


@pytest.fixture(scope="module")
def demo_metrics(demo, params) -> dict:
    return month_metrics(
        demo["audits"], demo["visits"], MONTH, params, demo["actions"], demo["moderation"]
    )


def test_every_figure_of_the_demo_month_reconciles(demo, params, demo_metrics):
    families = {key.split(".")[0] for key in figure_keys(demo_metrics)}
    assert families >= {"compliance", "scores", "judgements", "visits", "themes", "segments"}
    assert families >= {"actions", "moderation"}
    data = (demo["audits"], demo["visits"], MONTH, params, demo_metrics)
    assert unreconciled(*data, demo["actions"], demo["moderation"]) == []


def test_the_inadequate_count_traces_to_exactly_those_audits(demo, params):
    audits = demo["audits"]
    source = TraceSource("2019-05", params, audits, demo["visits"])
    traced = trace_figure("scores.month.judgement_counts.Inadequate", source)
    expected = audits[
        (audits["audit_month"] == "2019-05")
        & audits["date_completed"].notna()
        & (audits["judgement"] == "Inadequate")
    ]
    assert sorted(traced.rows["audit_id"]) == sorted(expected["audit_id"])
    assert traced.value == len(expected) > 0
    assert {"source_row", "audit_id", "team", "judgement"} <= set(traced.rows.columns)


EDGE_CASES = {
    "no audits returned": (
        [audit(returned=False), audit(returned=False), audit("2019-05")],
        [("2019-06-10", "2019-06-09")],
    ),
    "blank scores": (
        [
            audit(scores=[None, 5, None, 7, 8, None, 9]),
            audit(scores=[None] * 7, judgement=None),
            audit(scores=[4, None, 6, None, None, 3, 2], judgement="Inadequate", team="CWAD"),
        ],
        [("2019-06-10", None)],
    ),
    "visits due after the month": (
        [audit()],
        [("2019-06-30", "2019-07-02"), ("2019-07-05", "2019-07-01"), ("2019-08-01", None)],
    ),
    "April reset": (
        [audit("2019-03", team="CWAD"), audit("2019-04", team="CWAD"), audit("2019-04")],
        [("2019-03-15", "2019-03-01"), ("2019-04-02", "2019-04-03"), ("2019-04-30", None)],
    ),
}


@pytest.mark.parametrize("case", list(EDGE_CASES))
def test_hand_made_edge_cases_reconcile(case, params):
    audit_rows, visit_rows = EDGE_CASES[case]
    month = "2019-04" if case == "April reset" else MONTH
    audits, visits = audits_frame(audit_rows), visits_frame(visit_rows)
    assert unreconciled(audits, visits, month, params) == []


def test_april_starts_the_year_to_date_afresh(params):
    audits, visits = audits_frame([audit("2019-04")]), visits_frame([("2019-03-15", None)])
    traced = trace_figure(
        "visits.year_to_date[2019-04..2019-04].not_done",
        TraceSource("2019-04", params, audits, visits),
    )
    assert traced.value == 0 and traced.rows.empty  # March's missed visit is last year's


def test_an_unknown_key_family_fails_loudly(demo, params, demo_metrics):
    metrics = {"new_family": {"agreed": 4}, **demo_metrics}  # a figure added without a tracer
    source = TraceSource(MONTH, params, demo["audits"], demo["visits"])
    with pytest.raises(UnknownFigure, match="no tracer for 'new_family.agreed'"):
        for key in figure_keys(metrics):
            trace_figure(key, source)


def test_labels_are_not_figures():
    keys = figure_keys({"month": "2019-06", "publication": False, "n": 3, "rate": None})
    assert keys == ["n", "rate"]


def invoke(*args: str):
    return CliRunner().invoke(cli.app, ["trace", "--month", "2019-05", *args])


def test_trace_command_prints_the_rows_and_the_arithmetic(demo, tmp_path):
    data = ["--audits", str(demo["audits_path"]), "--visits", str(demo["visits_path"])]
    out = tmp_path / "inadequate.csv"
    result = invoke(
        "--figure", "scores.month.judgement_counts.Inadequate", *data, "--csv", str(out)
    )
    assert result.exit_code == 0, result.output
    assert "judged Inadequate =" in result.output and "agrees with the rows" in result.output
    assert out.read_text().startswith("source_row,audit_id,child_id,audit_month,team,judgement")


def test_trace_refuses_publication_mode_and_writing_into_a_pack(demo, tmp_path):
    # both extracts named: a clean clone has no data/demo/ for the parameters' default paths
    data = ["--audits", str(demo["audits_path"]), "--visits", str(demo["visits_path"])]
    publication = tmp_path / "publication.yaml"
    publication.write_text("publication: true\n")
    refused = invoke("--figure", "compliance.rate", *data, "--params", str(publication))
    into_pack = invoke(
        "--figure",
        "compliance.rate",
        *data,
        "--output-dir",
        str(tmp_path / "outputs"),
        "--csv",
        str(tmp_path / "outputs" / "2019-05" / "rows.csv"),
    )
    assert refused.exit_code == 2 and "refuses publication mode" in refused.output
    assert into_pack.exit_code == 2 and "never writes there" in into_pack.output
    assert not (tmp_path / "outputs").exists()


def test_trace_suggests_the_key_meant(demo):
    data = ["--audits", str(demo["audits_path"]), "--visits", str(demo["visits_path"])]
    result = invoke("--figure", "compliance.rte", *data)
    assert result.exit_code == 2 and "did you mean compliance.rate" in result.output
