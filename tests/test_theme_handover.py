"""A run codes each comment once and hands the matches to its theme pages, which then show
exactly what they show when they code the comments themselves (as in JupyterLab)."""

from __future__ import annotations

import os
import time
from functools import partial
from pathlib import Path

import pandas as pd

from helpers.extracts.loading import write_cached_frame
from helpers.figures.codebook import load_codebook
from helpers.figures.metrics import compute_metrics
from helpers.figures.theme_coder import load_run_coder
from helpers.figures.theme_counts import theme_counter, theme_window
from helpers.figures.theme_matching import themes_in_text
from helpers.pages import themes
from helpers.pages.context import make_context
from helpers.running import cache, theme_coding
from helpers.running.run_inputs import RunInputs
from helpers.running.runner import theme_matches_parameter
from helpers.safe.safety import strip_frame_controls
from helpers.settings.params import load_params

from factories import audit, audits_frame

COMMENTS = [
    "No chronology on file. Supervision is infrequent.",
    "The plan is out of date and the chronology is missing.",
    "Voice of the child is clear.",
    "No chronology\u200b on file.",  # a zero-width space, stripped before the page reads it
    "n/a",
]


def year_of_audits() -> pd.DataFrame:
    """Fourteen months of audits, comments repeated across months, some not returned."""
    rows = []
    for number, month in enumerate(pd.period_range("2018-05", "2019-06", freq="M").astype(str)):
        for i, comment in enumerate(COMMENTS):
            returned = (number + i) % 4 != 0
            rows.append(audit(month=month, returned=returned, summary_comment=comment))
            rows.append(audit(month=month, comment_planning=COMMENTS[(number + i) % 5]))
    return audits_frame(rows)


def page_context(audits: pd.DataFrame, params):
    metrics = compute_metrics(audits, None, "2019-06", params)
    # Pages read the extracts with control characters stripped (pages.context.load_frames).
    return make_context("2019-06", params, strip_frame_controls(audits), None, metrics)


def run_inputs(audits: pd.DataFrame, coder, publication: bool = False) -> RunInputs:
    params = load_params("2019-06", overrides={"publication": publication})
    return RunInputs(params, coder, Path("audits.csv"), None, audits=audits)


def test_the_matches_a_run_hands_over_give_the_page_what_its_own_coding_gives(tmp_path):
    params = load_params("2019-06")
    audits = year_of_audits()
    counter = run_inputs(audits, load_run_coder(params)).theme_counts(["2019-06"])
    path = tmp_path / "theme_matches.parquet"
    write_cached_frame(counter.window_matches, path)
    ctx = page_context(audits, params)

    own, handed = themes.compute_theme_figures(ctx), themes.compute_theme_figures(ctx, path)

    assert len(own.matches) > 20  # the window has matches to compare
    pd.testing.assert_frame_equal(handed.matches, own.matches)
    pd.testing.assert_frame_equal(handed.summary, own.summary)
    assert themes.describe_theme_changes(ctx, handed) == themes.describe_theme_changes(ctx, own)
    assert themes.describe_unmatched(ctx, handed) == themes.describe_unmatched(ctx, own)


def test_a_run_codes_each_distinct_comment_once_and_counts_what_was_written():
    codebook = load_codebook()
    read: list[str] = []

    class CountingCoder:
        def __init__(self) -> None:
            self.codebook = codebook

        def code(self, text: str):
            read.append(text)
            return themes_in_text(text, codebook)

    audits = year_of_audits()
    counter = run_inputs(audits, CountingCoder()).theme_counts(["2019-06"])
    assert sorted(read) == sorted(set(read))
    # metrics.json's counts come from the text as written (the zero-width space kept), as before.
    assert "No chronology\u200b on file." in read and "No chronology on file." in read
    assert counter("2019-06") == theme_counter(audits, codebook, ["2019-06"])("2019-06")


def test_a_publication_run_hands_no_comment_text_over():
    counter = run_inputs(year_of_audits(), load_codebook(), publication=True).theme_counts(
        ["2019-06"]
    )
    assert counter.window_matches is None
    assert counter("2019-06")["month"]["chronology_missing"] > 0


def test_a_run_without_a_theme_page_codes_only_the_months_metrics_json_counts():
    """A one-page rerun of scores does not wait for a year of comments to be coded."""
    audits = year_of_audits()
    counter = run_inputs(audits, load_codebook()).theme_counts(["2019-06"], ("scores",))
    assert counter.window_matches is None
    assert counter("2019-06") == theme_counter(audits, load_codebook(), ["2019-06"])("2019-06")
    with_report = run_inputs(audits, load_codebook()).theme_counts(["2019-06"], ("report",))
    assert set(with_report.window_matches["audit_month"]) > {"2019-05", "2019-06"}


def test_comments_coded_in_two_processes_are_coded_as_in_one(monkeypatch):
    codebook = load_codebook()
    texts = [f"{comment} Seen on day {day}." for day in range(8) for comment in COMMENTS]
    monkeypatch.setattr(theme_coding, "PARALLEL_TEXTS", 4)
    monkeypatch.setattr(theme_coding, "CHUNK", 3)
    coding = theme_coding.Coding(partial(themes_in_text, codebook=codebook), texts)
    assert coding.pool is not None  # the second process took part
    assert coding.result() == {text: themes_in_text(text, codebook) for text in texts}
    wanted = set(texts[:5])
    coding = theme_coding.Coding(partial(themes_in_text, codebook=codebook), texts)
    assert set(coding.result(wanted)) >= wanted


def _stuck_elsewhere(text: str, run: int, codebook) -> dict:
    """Codes in the run's own process; in any other it never returns (a hung second process)."""
    if os.getpid() != run:
        time.sleep(3600)
    return themes_in_text(text, codebook)


def test_a_second_process_that_hangs_does_not_hold_the_run_up(monkeypatch):
    codebook = load_codebook()
    texts = [f"{comment} Seen on day {day}." for day in range(8) for comment in COMMENTS]
    monkeypatch.setattr(theme_coding, "PARALLEL_TEXTS", 4)
    monkeypatch.setattr(theme_coding, "CHUNK", 3)
    monkeypatch.setattr(theme_coding, "CHUNK_WAIT", 0.5)
    code = partial(_stuck_elsewhere, run=os.getpid(), codebook=codebook)
    started = time.monotonic()
    coding = theme_coding.Coding(code, texts)
    [second] = coding.pool._processes.values()
    coded = coding.result()
    assert coded == {text: themes_in_text(text, codebook) for text in texts}
    assert time.monotonic() - started < 30
    second.join(10)  # stopped, or Python would wait for it at exit (an hour here)
    assert not second.is_alive()


def test_the_window_covers_each_months_trend_and_the_month_before():
    assert theme_window(["2019-06"], 12) == ("2018-07", "2019-06")
    assert theme_window(["2019-05", "2019-06"], 3) == ("2019-03", "2019-06")
    assert theme_window(["2019-06"], 1) == ("2019-05", "2019-06")


def test_only_the_theme_pages_get_the_matches_and_never_in_publication(tmp_path):
    cached = {"audits": tmp_path / "a.parquet", "theme_matches": tmp_path / "m.parquet"}
    internal, published = (
        load_params("2019-06"),
        load_params("2019-06", overrides={"publication": True}),
    )
    assert theme_matches_parameter("themes", cached, internal) == {
        "theme_matches_path": str(tmp_path / "m.parquet")
    }
    assert "theme_matches_path" in theme_matches_parameter("report", cached, internal)
    assert theme_matches_parameter("scores", cached, internal) == {}
    assert theme_matches_parameter("themes", cached, published) == {}
    assert theme_matches_parameter("themes", {**cached, "theme_matches": None}, internal) == {}


def test_the_matches_live_in_the_private_cache_and_go_with_it(tmp_path):
    audits = year_of_audits()
    matches = run_inputs(audits, load_codebook()).theme_counts(["2019-06"]).window_matches
    with cache.extracts_cache(audits, None, tmp_path, theme_matches=matches) as paths:
        assert paths["theme_matches"].parent == paths["audits"].parent
        pd.testing.assert_frame_equal(pd.read_parquet(paths["theme_matches"]), matches)
    assert not paths["theme_matches"].exists()
    with cache.extracts_cache(audits, None, tmp_path) as paths:
        assert paths["theme_matches"] is None
