"""notebooks/explore.ipynb and its filters: the pages' own tables for a slice, and its rows."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pandas as pd
import papermill
import pytest
from bs4 import BeautifulSoup

from helpers.extracts.demo import write_demo_extracts
from helpers.pages.context import MonthContext
from helpers.pages.explore import Filters, explore_context, filter_audits, filter_visits
from helpers.running.runner import KERNEL_NAME
from helpers.settings.params import load_params

from factories import audit, audits_frame, visits_frame

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "explore.ipynb"


def small_frame() -> pd.DataFrame:
    return audits_frame(
        [
            audit("2019-05", team="CWAD", judgement="Good"),
            audit("2019-06", team="CWAD", judgement="Inadequate", cohort="CP"),
            audit("2019-06", team="0-12 East", judgement="Good"),
            audit("2019-06", team="0-12 East", returned=False),
        ]
    )


def test_parameters_become_filters_where_none_keeps_everything():
    filters = Filters.from_parameters(teams=["CWAD"], cohorts=None, first_month="2019-06")
    assert filters == Filters(first_month="2019-06", teams=("CWAD",))
    assert filters.describe() == "from 2019-06; teams: CWAD"
    assert Filters().describe() == "no filters: every audit and visit"


def test_filters_keep_the_chosen_audits():
    audits = small_frame()
    kept = filter_audits(audits, Filters(first_month="2019-06", teams=("CWAD",)))
    assert list(kept["judgement"]) == ["Inadequate"]
    graded = filter_audits(audits, Filters(judgements=("Good",)))
    assert list(graded["audit_month"]) == ["2019-05", "2019-06"]


def test_a_domain_filter_leaves_only_those_scores():
    kept = filter_audits(small_frame(), Filters(domains=("planning",)))
    assert kept["score_planning"].tolist()[:3] == [7.0, 7.0, 7.0]  # the fourth was not returned
    assert kept["score_recording"].isna().all()


def test_visits_follow_the_team_filter_only():
    visits = visits_frame([("2019-06-10", None)], team="CWAD")
    assert filter_visits(visits, Filters(teams=("0-12 East",))).empty
    assert len(filter_visits(visits, Filters(cohorts=("CP",)))) == 1


def test_the_slice_is_recomputed_with_the_runs_own_figures():
    params = load_params("2019-06")
    audits = small_frame()
    ctx = MonthContext("2019-06", params, audits, None, {})
    view = explore_context(ctx, Filters(teams=("0-12 East",)))
    assert view.metrics["compliance"]["allocated"] == 2
    assert view.metrics["compliance"]["returned"] == 1
    with pytest.raises(ValueError, match="not in the extracts"):
        explore_context(ctx, Filters(teams=("No Such Team",)))


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> dict[str, Path]:
    return write_demo_extracts(tmp_path_factory.mktemp("demo"))


def run_explore(tmp_path: Path, demo: dict[str, Path], **parameters) -> nbformat.NotebookNode:
    executed = tmp_path / "explore.ipynb"
    papermill.execute_notebook(
        str(NOTEBOOK),
        str(executed),
        parameters={"audits_path": str(demo["audits"]), "visits_path": str(demo["visits"])}
        | parameters,
        kernel_name=KERNEL_NAME,
        progress_bar=False,
        cwd=str(NOTEBOOK.parent),
        execution_timeout=600,  # a cell that hangs fails the test instead of the whole suite
    )
    return nbformat.read(executed, as_version=4)


def shown_html(notebook: nbformat.NotebookNode) -> str:
    return "".join(
        output.get("data", {}).get("text/html", "")
        for cell in notebook.cells
        for output in cell.get("outputs", [])
    )


@pytest.mark.e2e
def test_explore_runs_on_its_defaults_with_the_filter_widgets(tmp_path, demo):
    notebook = run_explore(tmp_path, demo)
    shown = [
        output.get("data", {}).get("text/plain", "")
        for cell in notebook.cells
        for output in cell.get("outputs", [])
    ]
    assert any(text.startswith("HBox(children=(Dropdown(description='From'") for text in shown)
    assert any(text.startswith("Dropdown(description='Figure'") for text in shown)


@pytest.mark.e2e
def test_explore_draws_a_filtered_slice_and_the_rows_behind_a_figure(tmp_path, demo):
    notebook = run_explore(
        tmp_path,
        demo,
        use_widgets=False,
        first_month="2019-01",
        teams=["CWAD"],
        judgements=["Requires Improvement", "Inadequate"],
        figure="scores.month.n",
    )
    html = shown_html(notebook)
    assert "teams: CWAD; judgements: Requires Improvement, Inadequate" in html
    assert "Audit compliance by team, June 2019" in html
    assert "Rows behind scores.month.n" in html and "give the same" in html
    soup = BeautifulSoup(html, "html.parser")
    behind = next(t for t in soup.find_all("table") if "Rows behind" in t.caption.get_text())
    headings = [th.get_text(strip=True) for th in behind.thead.find_all("th")]
    teams = {
        row.find_all(["td", "th"])[headings.index("team")].get_text()
        for row in behind.tbody.find_all("tr")
    }
    assert teams == {"CWAD"}
