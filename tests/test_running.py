"""Runner pieces that need no kernel: moving a month into place, and PDFs without Chromium."""

from __future__ import annotations

from pathlib import Path

from helpers.running import runner as running
from helpers.running import workers
from helpers.sharing import chromium, convert

DEMO_NOTEBOOK = Path(__file__).parent / "notebooks" / "display_demo.ipynb"


def test_month_replaces_the_old_one_whole(tmp_path):
    old = tmp_path / "2019-06"
    old.mkdir()
    (old / "stale.html").write_text("old")
    new = tmp_path / ".2019-06.partial-x"
    new.mkdir()
    (new / "report.html").write_text("new")
    running.move_into_place(new, old)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2019-06"]
    assert [p.name for p in old.iterdir()] == ["report.html"]
    assert oct(old.stat().st_mode & 0o777) == "0o755"


def test_without_chromium_html_is_written_and_the_note_says_how_to_get_pdfs(tmp_path, monkeypatch):
    monkeypatch.setattr(chromium, "find_chromium", lambda: None)
    job = running.PageJob(
        "2019-06", "report", DEMO_NOTEBOOK, tmp_path, {}, ("html", "pdf"), "Test page"
    )
    outputs, _ = running._convert(job, DEMO_NOTEBOOK, convert)
    printer, notes = workers._printer([job])
    assert outputs == ["report.html"] and (tmp_path / "report.html").exists()
    assert printer is None and not (tmp_path / "report.pdf").exists()
    assert "apt-get install chromium" in notes[0] and "CASE_AUDIT_CHROMIUM" in notes[0]
    assert "apt-get install chromium" in running.pdf_unavailable_reason()


def test_the_pool_has_one_worker_more_than_the_cores_but_never_more_than_the_pages(monkeypatch):
    monkeypatch.setattr(workers.os, "cpu_count", lambda: 2)
    assert workers.default_workers(8) == 3
    assert workers.default_workers(1) == 1
    monkeypatch.setattr(workers.os, "cpu_count", lambda: None)  # unknown: one core
    assert workers.default_workers(8) == 2


def test_a_month_whose_figures_do_not_fit_the_schema_is_never_published(tmp_path, monkeypatch):
    """metrics.json is checked while the pages run; a month that fails it is kept as .failed."""
    from helpers.settings.params import load_params

    from factories import audit, audits_frame

    monkeypatch.setattr(running, "compute_metrics", lambda *args: {"month": "2019-06"})
    audits = audits_frame([audit()])
    [result] = running.run_months(
        ["2019-06"], audits, None, load_params("2019-06"), {"audits": None}, tmp_path, pages=()
    )
    assert result.status == "failed"
    assert "metrics.json does not fit the contract's schema" in result.error
    assert not (tmp_path / "2019-06").exists() and (tmp_path / "2019-06.failed").is_dir()
