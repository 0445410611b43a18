import pandas as pd
import pytest

from helpers.figures.codebook import load_codebook
from helpers.settings.contract import DEFAULT_THEME_IDS
from helpers.tools.theme_eval import OVERALL, compute_theme_scores, load_eval_set, main


@pytest.fixture(scope="module")
def eval_set():
    return load_eval_set()


@pytest.fixture(scope="module")
def scores(eval_set):
    return compute_theme_scores(eval_set, load_codebook()).set_index("theme")


def test_eval_set_is_large_enough_for_every_theme(eval_set):
    assert len(eval_set) >= 150
    assert eval_set["comment"].is_unique
    for theme in DEFAULT_THEME_IDS:
        positives = eval_set["expected"].map(lambda ids, t=theme: t in ids).sum()
        assert positives >= 10, theme
    assert (eval_set["expected"].map(len) == 0).sum() >= 50  # plenty of near-misses


def test_eval_set_names_only_known_themes(eval_set):
    named = set().union(*eval_set["expected"])
    assert named <= set(DEFAULT_THEME_IDS)


def test_default_codebook_reaches_the_agreed_precision_and_recall(scores):
    overall = scores.loc[OVERALL]
    assert overall["precision"] >= 0.85
    assert overall["recall"] >= 0.80


def test_scores_count_true_and_false_hits():
    eval_set = pd.DataFrame(
        {
            "comment": [
                "No chronology.",
                "The chronology is up to date.",
                "Supervision is regular.",
            ],
            "column": ["comment_recording"] * 3,
            "expected": [{"chronology_missing"}, set(), {"supervision_not_reflective"}],
        }
    )
    scores = compute_theme_scores(eval_set, load_codebook()).set_index("theme")
    assert scores.loc["chronology_missing", ["tp", "fp", "fn"]].tolist() == [1, 0, 0]
    assert scores.loc["supervision_not_reflective", ["tp", "fp", "fn"]].tolist() == [0, 0, 1]
    assert scores.loc[OVERALL, "precision"] == 1.0
    assert scores.loc[OVERALL, "recall"] == 0.5


def test_main_prints_the_table(capsys):
    assert main([]) == 0
    printed = capsys.readouterr().out
    assert "precision" in printed and OVERALL in printed and "chronology_missing" in printed


def test_main_prints_every_labelled_set_marked_tuned_or_blind(capsys):
    assert main([]) == 0
    printed = capsys.readouterr().out
    assert "== blind2: blind (never tuned on), 206 comments ==" in printed
    assert "== tune3: tuned" in printed and "== dev: tuned" in printed
    assert "what each part adds" in printed and "codebook + model" in printed
