"""How well a codebook finds themes in a hand-labelled set of comments.

`python -m helpers.tools.theme_eval [EVAL_CSV] [--codebook PATH]` prints precision and recall per theme
and micro-averaged over themes. The default set is tests/data/theme_eval.csv: one comment cell a
row, with `comment`, `column`, `expected_themes` (`;`-separated theme ids, empty for none) and
`set`: `dev` rows were labelled before any pattern was written; `holdout` and `holdout2` rows were
written later, in new wording, and scored once before the patterns were tuned on them (see the
overall row per set: the first score of a new set is the honest estimate for unseen comments).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from helpers.figures.codebook import Codebook, load_codebook
from helpers.figures.theme_matching import themes_in_text
from helpers.settings.contract import TEXT_COLUMNS
from helpers.settings.params import PROJECT_ROOT

DEFAULT_EVAL_SET = PROJECT_ROOT / "tests" / "data" / "theme_eval.csv"
OVERALL = "overall (micro)"


def load_eval_set(path: Path = DEFAULT_EVAL_SET) -> pd.DataFrame:
    """The labelled comments, `expected` as a set of theme ids per row."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    unknown = sorted(set(frame["column"]) - set(TEXT_COLUMNS))
    if unknown:
        raise ValueError(f"{path}: unknown comment column(s) {unknown}")
    expected = frame["expected_themes"].map(
        lambda ids: {i.strip() for i in ids.split(";") if i.strip()}
    )
    return frame.assign(expected=expected)


def compute_predictions(eval_set: pd.DataFrame, codebook: Codebook) -> pd.Series:
    """The set of theme ids the codebook finds in each comment."""
    return eval_set["comment"].map(lambda text: set(themes_in_text(text, codebook)))


def compute_theme_scores(eval_set: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """theme, tp, fp, fn, precision, recall per codebook theme, then the micro-averaged row."""
    predicted = compute_predictions(eval_set, codebook)
    rows = []
    for theme_id in codebook.ids:
        hit = predicted.map(lambda found, t=theme_id: t in found)
        wanted = eval_set["expected"].map(lambda ids, t=theme_id: t in ids)
        rows.append(
            {
                "theme": theme_id,
                "tp": int((hit & wanted).sum()),
                "fp": int((hit & ~wanted).sum()),
                "fn": int((~hit & wanted).sum()),
            }
        )
    scores = pd.DataFrame(rows)
    total = scores[["tp", "fp", "fn"]].sum()
    scores.loc[len(scores)] = {"theme": OVERALL, **total.to_dict()}
    tp, fp, fn = scores["tp"], scores["fp"], scores["fn"]
    return scores.assign(
        precision=(tp / (tp + fp)).where(tp + fp > 0),
        recall=(tp / (tp + fn)).where(tp + fn > 0),
    )


def table_scores_by_set(eval_set: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """The micro-averaged row for each `set` of the eval file."""
    rows = [
        {
            "set": name,
            "comments": len(part),
            **compute_theme_scores(part, codebook).iloc[-1].to_dict(),
        }
        for name, part in eval_set.groupby("set", sort=False)
    ]
    return pd.DataFrame(rows).drop(columns="theme")


def describe_misses(eval_set: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """Rows where the codebook's themes differ from the labels: comment, missed, extra."""
    predicted = compute_predictions(eval_set, codebook)
    missed = [sorted(e - p) for e, p in zip(eval_set["expected"], predicted, strict=True)]
    extra = [sorted(p - e) for e, p in zip(eval_set["expected"], predicted, strict=True)]
    frame = pd.DataFrame({"comment": eval_set["comment"], "missed": missed, "extra": extra})
    return frame[frame["missed"].map(bool) | frame["extra"].map(bool)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("eval_set", nargs="?", type=Path, default=DEFAULT_EVAL_SET)
    parser.add_argument("--codebook", type=Path, default=None)
    parser.add_argument(
        "--misses", action="store_true", help="also list the comments it gets wrong"
    )
    args = parser.parse_args(argv)
    eval_set = load_eval_set(args.eval_set)
    codebook = load_codebook(args.codebook)
    scores = compute_theme_scores(eval_set, codebook)
    print(f"{len(eval_set)} labelled comments from {args.eval_set}")
    print(scores.to_string(index=False, float_format=lambda x: f"{x:.3f}"))
    if "set" in eval_set.columns:
        print(
            table_scores_by_set(eval_set, codebook).to_string(
                index=False, float_format=lambda x: f"{x:.3f}"
            )
        )
    if args.misses:
        with pd.option_context("display.max_colwidth", 100, "display.width", 200):
            print(describe_misses(eval_set, codebook).to_string(index=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
