"""Publication mode on small hand-made months: each way a pack once gave a hidden count away.

Every page reads the publishable set (helpers.safe.publishable); these tests look at what a
reader would see in it, with no access to the extracts.
"""

from __future__ import annotations

import pandas as pd
from disclosure_scan import small_counts_in_figures

from helpers.figures.metrics import compute_metrics
from helpers.pages import compliance, scores
from helpers.pages.context import make_context
from helpers.running.month_folder import publish_complete
from helpers.running.publication import pack_folder
from helpers.safe.publishable import make_publishable
from helpers.settings.params import load_params

from factories import audit, audits_frame


def publication(audits: pd.DataFrame):
    params = load_params("2019-06", overrides={"publication": True})
    return make_context(
        "2019-06", params, audits, None, compute_metrics(audits, None, "2019-06", params)
    )


def test_charts_say_nothing_a_hidden_table_cell_hides():
    # Seen: the team chart said "0-12 East 33% (1 of 3)" while the table showed [c], and the
    # score-band chart's shares of n=29 gave the hidden band counts.
    rows = [audit(team="0-12 East", returned=False)] * 2 + [audit(team="0-12 East")]
    rows += [audit(team="0-12 West")] * 9 + [audit(team="CWAD")] * 8
    rows += [audit(team="CWAD", scores=[2, 7, 7, 7, 7, 7, 7])]
    ctx = publication(audits_frame(rows))
    chart = compliance.chart_compliance_by_team(ctx)
    assert "1 of 3" not in chart.alt and "33%" not in chart.alt + chart.title
    assert "0-12 East suppressed" in chart.alt
    bands = scores.chart_score_distribution(ctx)
    assert "%" not in bands.alt + bands.title
    assert (
        scores.table_score_bands(ctx).frame.set_index("Domain").loc["Voice of the child", "1-3"]
        == "[c]"
    )


def test_a_segment_since_april_cannot_be_differenced_with_last_months_pack():
    # Seen: the segment since April minus the same segment last month gives the month's count.
    rows = [audit(month="2019-04", team="CWAD")] * 6 + [audit(month="2019-05", team="CWAD")] * 6
    rows += [audit(month="2019-06", team="CWAD")] * 2 + [audit(month="2019-06")] * 20
    ctx = publication(audits_frame(rows))
    cwad = ctx.metrics["segments"]["CWAD"]
    # Last month's pack showed 12 Good (April to May); 14 now would give June's 2 away.
    assert cwad["judgement_counts"]["Good"] == "[c]" and cwad["n"] == "[c]"
    assert ctx.metrics["disclosure_audit"]["exposed"] == 0


def test_publication_metrics_hold_no_count_of_one_to_four():
    # Seen: the publication folder's metrics.json held the raw counts.
    rows = [audit(judgement="Outstanding")] * 3 + [audit(judgement="Good")] * 12
    rows += [audit(month="2019-05", judgement="Inadequate")] + [audit(month="2019-05")] * 9
    metrics = publication(audits_frame(rows)).metrics
    assert small_counts_in_figures(metrics) == []
    assert metrics["scores"]["month"]["judgement_counts"]["Outstanding"] == "[c]"
    assert "tables" in metrics and metrics["disclosure_audit"]["exposed"] == 0


def test_the_threshold_is_a_parameter():
    rows = [audit(judgement="Outstanding")] * 6 + [audit(judgement="Good")] * 12
    params = load_params("2019-06", overrides={"publication": {"enabled": True, "threshold": 10}})
    metrics = compute_metrics(audits_frame(rows), None, "2019-06", params)
    published = make_publishable(metrics, {}, threshold=10).metrics
    assert published["scores"]["month"]["judgement_counts"]["Outstanding"] == "[c]"
    assert (
        make_publishable(metrics, {}).metrics["scores"]["month"]["judgement_counts"]["Outstanding"]
        == 6
    )


def test_rerunning_the_internal_pack_keeps_the_publication_pack(tmp_path):
    # Seen: a publication run overwrote the internal pack in the same month folder.
    month = tmp_path / "2019-06"
    (month / "publication").mkdir(parents=True)
    (month / "publication" / "report.html").write_text("publication", encoding="utf-8")
    (month / "report.html").write_text("old internal", encoding="utf-8")
    rerun = tmp_path / ".2019-06.partial"
    rerun.mkdir()
    (rerun / "report.html").write_text("new internal", encoding="utf-8")
    publish_complete(rerun, month, {"run_id": "test-run", "status": "complete", "pages": {}})
    assert (month / "report.html").read_text() == "new internal"
    assert (month / "publication" / "report.html").read_text() == "publication"
    # And the publication pack goes to its own folder, never the month's.
    assert pack_folder(tmp_path, "2019-06", publication=True) == month / "publication"
