"""How well the themes coder finds themes in hand-labelled comments, on every labelled set.

`python -m helpers.tools.theme_eval` (or `make eval-themes`) prints, for each set listed in
tests/data/theme_sets.csv, precision and recall per theme and micro-averaged, marking each set as
`tuned` (the patterns were changed while looking at it, so its figures flatter) or `blind` (never
tuned on: the honest estimate for unseen comments). It then shows, on the blind sets, what each part
of the coder adds: the codebook alone, the learned model alone, and the two together (the model
trained on the tuned sets and the analyst's labels only).

`python -m helpers.tools.theme_eval FILE.csv` scores one file (`comment`, `column`,
`expected_themes` with `;`-separated ids, optional `set`).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from helpers.figures.codebook import Codebook, load_codebook
from helpers.figures.theme_coder import (
    BLIND,
    DEFAULT_EVAL_SET,
    SET_REGISTRY,
    TUNED,
    build_coder,
    load_eval_set,
    load_labelled_sets,
    load_labels,
)
from helpers.figures.theme_matching import themes_in_text
from helpers.settings.params import PROJECT_ROOT

__all__ = ["DEFAULT_EVAL_SET", "SET_REGISTRY", "load_eval_set", "load_labelled_sets"]
DEFAULT_LABELS = PROJECT_ROOT / "params" / "theme_labels.csv"
OVERALL = "overall (micro)"

Coder = Codebook | Callable[[str], set[str]]


def _themes_of(coder: Coder) -> Callable[[str], set[str]]:
    if isinstance(coder, Codebook):
        return lambda text: set(themes_in_text(text, coder))
    return coder


def compute_predictions(eval_set: pd.DataFrame, coder: Coder) -> pd.Series:
    """The set of theme ids the coder (a codebook, or text -> ids) finds in each comment."""
    return eval_set["comment"].map(_themes_of(coder))


def compute_theme_scores(
    eval_set: pd.DataFrame, coder: Coder, theme_ids: list[str] | None = None
) -> pd.DataFrame:
    """theme, tp, fp, fn, precision, recall per theme, then the micro-averaged row."""
    predicted = compute_predictions(eval_set, coder)
    theme_ids = theme_ids or (coder.ids if isinstance(coder, Codebook) else load_codebook().ids)
    rows = []
    for theme_id in theme_ids:
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


def table_scores_by_set(eval_set: pd.DataFrame, coder: Coder) -> pd.DataFrame:
    """Per set: role, comments, micro tp/fp/fn/precision/recall and the lowest theme recall."""
    rows = []
    for name, part in eval_set.groupby("set", sort=False):
        scores = compute_theme_scores(part, coder)
        rows.append(
            {
                "set": name,
                "role": part["role"].iloc[0] if "role" in part else "",
                "comments": len(part),
                **scores.iloc[-1].drop("theme").to_dict(),
                "lowest theme recall": scores.iloc[:-1]["recall"].min(),
            }
        )
    return pd.DataFrame(rows)


def table_parts_compared(
    eval_set: pd.DataFrame, codebook: Codebook, labels: pd.DataFrame | None = None
) -> pd.DataFrame:
    """On the blind sets, micro precision/recall of the codebook alone, the model alone and both;
    the model trained on the tuned sets plus the analyst's labels (never on a blind set)."""
    tuned = eval_set[eval_set["role"] == TUNED]
    training = pd.DataFrame({"comment": tuned["comment"], "themes": tuned["expected"]})
    coder = build_coder(codebook, labels, training, use_model=True)
    parts = {
        "codebook alone": codebook,
        "model alone": lambda text: set(coder.model_themes(text)),
        "codebook + model": coder.themes,
    }
    rows = []
    for name, part in eval_set[eval_set["role"] == BLIND].groupby("set", sort=False):
        for label, how in parts.items():
            scores = compute_theme_scores(part, how, codebook.ids)
            rows.append(
                {
                    "set": name,
                    "coder": label,
                    **scores.iloc[-1].drop("theme").to_dict(),
                    "lowest theme recall": scores.iloc[:-1]["recall"].min(),
                }
            )
    return pd.DataFrame(rows)


def describe_misses(eval_set: pd.DataFrame, coder: Coder) -> pd.DataFrame:
    """Rows where the coder's themes differ from the labels: set, comment, missed, extra."""
    predicted = compute_predictions(eval_set, coder)
    missed = [sorted(e - p) for e, p in zip(eval_set["expected"], predicted, strict=True)]
    extra = [sorted(p - e) for e, p in zip(eval_set["expected"], predicted, strict=True)]
    frame = pd.DataFrame(
        {
            "set": eval_set.get("set", ""),
            "comment": eval_set["comment"],
            "missed": missed,
            "extra": extra,
        }
    )
    return frame[frame["missed"].map(bool) | frame["extra"].map(bool)]


def _fmt(frame: pd.DataFrame) -> str:
    return frame.to_string(index=False, float_format=lambda x: f"{x:.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("eval_set", nargs="?", type=Path, default=None)
    parser.add_argument("--codebook", type=Path, default=None)
    parser.add_argument("--labels", type=Path, default=DEFAULT_LABELS)
    parser.add_argument(
        "--misses", action="store_true", help="also list the comments of tuned sets it gets wrong"
    )
    args = parser.parse_args(argv)
    codebook = load_codebook(args.codebook)
    if args.eval_set is not None:
        eval_set = load_eval_set(args.eval_set)
        print(f"{len(eval_set)} labelled comments from {args.eval_set}")
        print(_fmt(compute_theme_scores(eval_set, codebook)))
        return 0
    eval_set = load_labelled_sets()
    for name, part in eval_set.groupby("set", sort=False):
        role = part["role"].iloc[0]
        note = "never tuned on" if role == BLIND else "patterns tuned on it: figures flatter"
        print(f"\n== {name}: {role} ({note}), {len(part)} comments ==")
        print(_fmt(compute_theme_scores(part, codebook)))
    print("\n== every set, codebook ==")
    print(_fmt(table_scores_by_set(eval_set, codebook)))
    print("\n== what each part adds, on the blind sets (model trained on tuned sets + labels) ==")
    labels = load_labels(args.labels, codebook)
    print(_fmt(table_parts_compared(eval_set, codebook, labels)))
    if args.misses:
        tuned = eval_set[eval_set["role"] == TUNED]
        with pd.option_context("display.max_colwidth", 100, "display.width", 200):
            print(describe_misses(tuned, codebook).to_string(index=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
