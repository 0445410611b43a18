"""outputs/index.html: every period run, its status, headline figures, a small trend and its links."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from helpers.sharing import accessibility, convert
from helpers.sharing.run_index import collect_runs, write_run_index


def fake_metrics(returned: int, allocated: int, mean: float, inadequate: int, on_time: float):
    return {
        "compliance": {"allocated": allocated, "returned": returned, "rate": returned / allocated},
        "scores": {"month": {"overall_mean": mean, "judgement_counts": {"Inadequate": inadequate}}},
        "visits": {"year_to_date": [{"on_time_rate": 0.5}, {"on_time_rate": on_time}]},
    }


def fake_pack(
    outputs: Path,
    folder: str,
    status: str = "complete",
    metrics: dict | None = None,
    publication_copy: bool = False,
    pages: dict | None = None,
) -> Path:
    month = outputs / folder
    month.mkdir(parents=True)
    record = {
        "status": status,
        "publication": False,
        "pages": pages or {"report": {"status": "done"}},
    }
    (month / "run.json").write_text(json.dumps(record))
    if status == "complete":
        (month / "metrics.json").write_text(json.dumps(metrics))
        (month / "report.html").write_text("<html></html>")
        (month / "report.pdf").write_bytes(b"%PDF-1.7")
    if publication_copy:
        (month / "publication").mkdir()
        (month / "publication" / "report.html").write_text("<html></html>")
    return month


@pytest.fixture
def outputs(tmp_path) -> Path:
    outputs = tmp_path / "outputs"
    fake_pack(outputs, "2019-04", metrics=fake_metrics(20, 25, 6.25, 0, 0.9))
    fake_pack(
        outputs, "2019-05", metrics=fake_metrics(30, 38, 6.85, 1, 0.875), publication_copy=True
    )
    fake_pack(outputs, "2019-06", metrics=fake_metrics(27, 35, 6.9, 2, 0.8812))
    fake_pack(
        outputs,
        "2019-07.failed",
        status="failed",
        pages={"report": {"status": "done"}, "themes": {"status": "failed"}},
    )
    fake_pack(outputs, "2019-Q1", metrics=fake_metrics(80, 100, 6.5, 3, 0.9))
    (outputs / ".2019-08.partial-x").mkdir()  # a run under way is not listed
    return outputs


@pytest.fixture
def index(outputs) -> Path:
    return write_run_index(outputs, "Northbrook Borough Council (demo)")


def rows(index: Path) -> list[list[str]]:
    soup = BeautifulSoup(index.read_text(), "html.parser")
    return [
        [cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])]
        for body in soup.find_all("tbody")
        for row in body.find_all("tr")
    ]


def test_every_period_is_listed_newest_first_with_its_status(index):
    assert [row[:2] for row in rows(index)] == [
        ["July 2019", "failed (themes)"],
        ["June 2019", "complete"],
        ["May 2019", "complete"],
        ["April 2019", "complete"],
        ["Quarter 1 2019", "complete"],
    ]


def test_headline_figures_are_rounded_as_in_the_reports(index):
    june = rows(index)[1]
    # Visit rates to 2 decimals, as the reports show them (85.41%, never 85% beside it).
    assert june[2:6] == ["27 of 35 (77%)", "6.9", "2", "88.12%"]
    assert rows(index)[2][3] == "6.9"  # 6.85 rounds half up


def test_links_reach_each_pack_and_its_publication_version(index, outputs):
    soup = BeautifulSoup(index.read_text(), "html.parser")
    hrefs = [a["href"] for a in soup.find_all("a")]
    assert "2019-06/report.html" in hrefs and "2019-06/report.pdf" in hrefs
    assert "2019-05/publication/report.html" in hrefs
    assert "2019-07.failed/run.json" in hrefs
    assert all((outputs / href).is_file() for href in hrefs)


def test_the_index_loads_nothing_from_outside_itself(index):
    html = index.read_text()
    links = {a["href"] for a in BeautifulSoup(html, "html.parser").find_all("a")}
    assert set(convert.external_references(html)) == links  # only links to the packs beside it
    assert accessibility.check_page_basics(html) == []


def test_the_trend_spells_out_each_month_it_draws(index):
    soup = BeautifulSoup(index.read_text(), "html.parser")
    labels = [svg["aria-label"] for svg in soup.find_all("svg")]
    assert len(labels) == 3  # returned, mean score and visits on time; counts are not drawn
    assert labels[0] == (
        "Audits returned, oldest first. April 2019: 80%; May 2019: 79%; June 2019: 77%."
    )


def test_an_empty_output_folder_says_nothing_has_run(tmp_path):
    index = write_run_index(tmp_path / "outputs", "Dorset Council")
    assert "No reports have been run yet." in index.read_text()
    assert accessibility.check_page_basics(index.read_text()) == []


def test_an_unreadable_run_record_is_listed_not_fatal(tmp_path):
    month = tmp_path / "2019-06"
    month.mkdir()
    (month / "run.json").write_text("{not json")
    assert [(r.period, r.status) for r in collect_runs(tmp_path)] == [("2019-06", "unknown")]


@pytest.mark.browser
@pytest.mark.skipif(convert.find_chromium() is None, reason="Chromium not found")
@pytest.mark.skipif(not accessibility.AXE_SCRIPT.is_file(), reason="axe-core not installed")
def test_axe_finds_no_violations_on_the_index(index):
    assert accessibility.run_axe([index]) == {index: []}


def test_a_failed_rerun_keeps_the_months_earlier_pack_in_one_row(tmp_path):
    outputs = tmp_path / "outputs"
    month = fake_pack(outputs, "2019-06", metrics=fake_metrics(27, 35, 6.9, 2, 0.88))
    # as the runner marks a month whose latest run failed: files kept, run.json says failed
    (month / "run.json").write_text(
        json.dumps({"status": "failed", "latest_run": {"failed_pages": ["visits"]}})
    )
    fake_pack(outputs, "2019-06.failed", status="failed", pages={"visits": {"status": "failed"}})

    index = write_run_index(outputs, "Northbrook Borough Council (demo)")

    assert [row[:3] for row in rows(index)] == [
        ["June 2019", "failed (visits); the last complete pack is kept", "27 of 35 (77%)"]
    ]
    links = [a["href"] for a in BeautifulSoup(index.read_text(), "html.parser").find_all("a")]
    assert links == ["2019-06/report.html", "2019-06/report.pdf", "2019-06.failed/run.json"]


def test_a_financial_year_quarter_is_listed_with_its_months(tmp_path):
    outputs = tmp_path / "outputs"
    quarter = {
        "compliance": {"allocated": 100, "returned": 80, "rate": 0.8},
        "scores": {"quarter": {"overall_mean": 6.94, "judgement_counts": {"Inadequate": 1}}},
    }
    fake_pack(outputs, "2019-20Q1", metrics=quarter)
    found = rows(write_run_index(outputs, "Northbrook Borough Council (demo)"))
    assert found[0][:4] == [
        "Quarter 1 2019-20 (April to June 2019)",
        "complete",
        "80 of 100 (80%)",
        "6.9",
    ]
