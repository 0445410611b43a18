"""The themes coder: the analyst's labels win, the learned model learns from them, the review
queue and `case-audit code-themes` code comments the way the monthly run does."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import papermill
import pytest
import yaml

from helpers.figures.codebook import CodebookError, load_codebook
from helpers.figures.theme_coder import (
    TUNED,
    add_labels,
    build_coder,
    code_comments,
    comment_key,
    compute_review_queue,
    load_labelled_sets,
    load_labels,
)
from helpers.running.runner import KERNEL_NAME

ROOT = Path(__file__).resolve().parents[1]
CASE_AUDIT = str(Path(sys.executable).parent / "case-audit")
SUPERVISION = "supervision_not_reflective"


@pytest.fixture(scope="module")
def codebook():
    return load_codebook()


@pytest.fixture(scope="module")
def training():
    """The shipped tuned sets, as the run's model would be trained on them (never the blind ones)."""
    sets = load_labelled_sets()
    tuned = sets[sets["role"] == TUNED]
    assert not (sets["role"] != TUNED).sum() == 0  # some set stays blind
    return pd.DataFrame({"comment": tuned["comment"], "themes": tuned["expected"]})


def labels_frame(rows: list[tuple[str, str]]) -> pd.DataFrame:
    return pd.DataFrame({"comment": [c for c, _ in rows], "themes": [t for _, t in rows]})


def test_a_confirmed_label_always_wins(codebook, tmp_path):
    path = tmp_path / "labels.csv"
    add_labels(path, labels_frame([("Chronology out of date.", "")]), codebook)
    coder = build_coder(codebook, load_labels(path, codebook))
    assert coder.themes("Chronology out of date.") == set()  # the analyst said: no theme
    assert coder.themes("  chronology OUT of date. ") == set()  # case and spacing do not matter
    assert coder.themes("No chronology on file.") == {"chronology_missing"}


def test_labels_file_is_one_sorted_csv_with_a_key_per_comment(codebook, tmp_path):
    path = tmp_path / "labels.csv"
    add_labels(path, labels_frame([("Zebra crossing.", ""), ("Apple.", SUPERVISION)]), codebook)
    add_labels(path, labels_frame([("Zebra crossing.", "chronology_missing")]), codebook)
    written = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert written.columns.tolist() == ["key", "comment", "themes", "note"]
    assert written["comment"].tolist() == ["Apple.", "Zebra crossing."]
    assert written["themes"].tolist() == [SUPERVISION, "chronology_missing"]  # the later one won
    assert written["key"].tolist() == [comment_key("Apple."), comment_key("Zebra crossing.")]


def test_labels_with_an_unknown_theme_are_refused(codebook, tmp_path):
    with pytest.raises(CodebookError, match="unknown theme id"):
        add_labels(tmp_path / "labels.csv", labels_frame([("x", "no_such_theme")]), codebook)


def test_labels_teach_the_model_a_wording_it_then_finds_in_a_held_out_comment(
    codebook, training, tmp_path
):
    held_out = "No 1:1s with the team manager since the spring."
    before = build_coder(codebook, None, training, use_model=True)
    assert SUPERVISION not in before.themes(held_out)
    path = tmp_path / "labels.csv"
    taught = [
        "1:1s with the TM have lapsed.",
        "No 1:1s recorded for months.",
        "1:1 sessions are rare and brief.",
        "The worker has had no 1:1s this quarter.",
        "1:1s keep being cancelled.",
        "There are no 1:1 notes since January.",
    ]
    add_labels(path, labels_frame([(text, SUPERVISION) for text in taught]), codebook)
    after = build_coder(codebook, load_labels(path, codebook), training, use_model=True)
    assert held_out not in taught
    assert SUPERVISION in after.themes(held_out)


def test_review_queue_lists_what_matched_nothing_and_leaves_out_labelled_comments(codebook):
    labelled = "Nothing more to add."
    coder = build_coder(codebook, labels_frame([(labelled, "")]))
    queue = compute_review_queue(["No chronology.", "The family has moved twice.", labelled], coder)
    assert queue["comment"].tolist() == ["The family has moved twice."]
    assert queue["reason"].tolist() == ["matched no theme"]


def test_code_comments_gives_one_row_per_comment_in_input_order(codebook):
    coder = build_coder(codebook)
    comments = pd.DataFrame(
        {"ref": ["b", "a", "c"], "text": ["PP out of date; no chronology.", "", "All good."]}
    )
    coded = code_comments(comments, coder, "ref", "text")
    assert coded.to_dict("list") == {
        "ref": ["b", "a", "c"],
        "themes": ["plan_out_of_date;chronology_missing", "", ""],
    }
    with pytest.raises(ValueError, match="repeated"):
        code_comments(comments.assign(ref="x"), coder, "ref", "text")
    with pytest.raises(ValueError, match="no column"):
        code_comments(comments, coder)


@pytest.mark.e2e
def test_code_themes_command_codes_a_file_with_the_runs_labels(tmp_path):
    comments = tmp_path / "comments.csv"
    pd.DataFrame(
        {
            "id": ["t1", "t2", "t3"],
            "comment": ["TM to ensure the plan is updated.", "Chron missing.", "Seen at school."],
        }
    ).to_csv(comments, index=False)
    labels = tmp_path / "labels.csv"
    params = tmp_path / "params.yaml"
    params.write_text(yaml.safe_dump({"themes": {"labels": str(labels)}}))
    out = tmp_path / "coded.csv"

    def run(*extra: str) -> subprocess.CompletedProcess:
        args = [CASE_AUDIT, "code-themes", "--in", str(comments), "--out", str(out), *extra]
        return subprocess.run(args, capture_output=True, text=True, cwd=ROOT)

    done = run("--params", str(params))
    assert done.returncode == 0, done.stderr
    coded = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert coded.values.tolist() == [
        ["t1", "plan_out_of_date"],
        ["t2", "chronology_missing"],
        ["t3", ""],
    ]
    add_labels(
        labels, labels_frame([("Seen at school.", "visits_out_of_timescale")]), load_codebook()
    )
    assert run("--params", str(params)).returncode == 0
    assert pd.read_csv(out, dtype=str)["themes"].tolist()[2] == "visits_out_of_timescale"
    bad = run("--params", str(params), "--text-column", "note")
    assert bad.returncode == 2 and "note" in bad.stderr


@pytest.mark.e2e
def test_review_notebook_writes_the_analysts_decisions(tmp_path, codebook):
    labels = tmp_path / "labels.csv"
    params = tmp_path / "params.yaml"
    params.write_text(yaml.safe_dump({"themes": {"labels": str(labels)}}))
    executed = tmp_path / "review.ipynb"
    papermill.execute_notebook(
        ROOT / "notebooks" / "theme_review.ipynb",
        executed,
        parameters={"params_path": str(params), "limit": 5, "decisions": {"0": "", "1": "ok"}},
        kernel_name=KERNEL_NAME,
        progress_bar=False,
        cwd=str(ROOT / "notebooks"),
    )
    notebook = nbformat.read(executed, as_version=4)
    html = "".join(
        o.get("data", {}).get("text/html", "")
        for c in notebook.cells
        if c.cell_type == "code"
        for o in c.outputs
    )
    assert "Comments to review" in html and "2 label(s) written" in html
    written = load_labels(labels, codebook)
    assert len(written) == 2
    assert frozenset() in set(written["themes"])  # row 0 confirmed as showing no theme
