"""Reconciliation of the audit cycle's figures: every actions.* and moderation.* key of metrics.json
traces to rows that give it back exactly."""

from __future__ import annotations

import pytest

from helpers.extracts.cycle import load_cycle_extracts
from helpers.extracts.demo import write_demo_extracts
from helpers.extracts.loading import load_audits
from helpers.figures.metrics import compute_metrics
from helpers.figures.moderation import apply_moderation
from helpers.figures.trace import TraceSource, figure_keys, published_value, trace_figure
from helpers.settings.params import load_params

MONTH = "2019-06"


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> TraceSource:
    files = write_demo_extracts(tmp_path_factory.mktemp("demo"), start="2018-10")
    audits = load_audits(files["audits"])
    actions, moderation = load_cycle_extracts(files["actions"], files["moderation"], audits)
    return TraceSource(
        MONTH, load_params(MONTH), apply_moderation(audits, moderation), None, actions, moderation
    )


def test_every_actions_and_moderation_figure_reconciles(source):
    metrics = compute_metrics(
        source.audits, None, MONTH, source.params, None, source.actions, source.moderation
    )
    keys = [k for k in figure_keys(metrics) if k.split(".")[0] in ("actions", "moderation")]
    assert len(keys) > 40
    differ = [
        (key, published_value(metrics, key), trace_figure(key, source).value)
        for key in keys
        if trace_figure(key, source).value != published_value(metrics, key)
    ]
    assert differ == []


def test_an_overdue_count_traces_to_exactly_those_actions(source):
    traced = trace_figure("actions.overdue.total", source)
    assert traced.value == len(traced.rows) and set(traced.rows["status"]) == {"overdue"}
    assert (traced.rows["due_date"] <= "2019-06-30").all()
    assert "not completed by then" in traced.arithmetic
