"""The themes coder a run uses: the codebook, the analyst's confirmed labels, and (when switched on)
a small model learned from labelled comments.

- A confirmed label always wins: a comment the analyst has labelled gets exactly those themes.
- Otherwise the codebook's matches, plus, when `themes.learned_model` is on, the themes the model
  gives a probability of at least `threshold` (`make eval-themes` shows on held-out comments what
  each part adds; the model stays off unless it beats the codebook).
- The model is scikit-learn: word (1-2) and character (2-5) n-grams, TF-IDF, one logistic
  regression per theme. It trains in a second or two from CSVs in the repo; nothing is downloaded.

Labels file (`params/theme_labels.csv`, one row per comment, reviewable in a diff): `key`, a hash
of the comment as written (so the file need not hold the original words: the review notebook
stores the comment redacted); `comment`, the text (redacted) to read and learn from; `themes`,
theme ids separated by `;` (empty: confirmed as showing no theme); `note`, optional. A row without
a key is looked up by its comment text.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from helpers.figures.codebook import Codebook, CodebookError, load_run_codebook
from helpers.figures.theme_matching import Found, SentenceMemo, sentence_spans, themes_in_text
from helpers.settings.contract import TEXT_COLUMNS
from helpers.settings.params import PROJECT_ROOT, Params

LABEL_COLUMNS: tuple[str, ...] = ("key", "comment", "themes", "note")
DEFAULT_THRESHOLD = 0.5
# The shipped labelled sets: which were used for tuning and which are blind.
SET_REGISTRY = PROJECT_ROOT / "tests" / "data" / "theme_sets.csv"
DEFAULT_EVAL_SET = SET_REGISTRY.parent / "theme_eval.csv"
TUNED, BLIND = "tuned", "blind"


def label_key(text: str) -> str:
    """The form a comment is looked up by: case, quotes and spacing do not matter."""
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.split()).casefold()


def comment_key(text: str) -> str:
    """A short hash of the comment as looked up (case, quotes and spacing do not matter)."""
    return hashlib.sha256(label_key(text).encode("utf-8")).hexdigest()[:16]


def split_ids(ids: Any) -> frozenset[str]:
    """`"a; b"` -> {"a", "b"}; empty or missing -> empty set."""
    if not isinstance(ids, str):
        return frozenset()
    return frozenset(i.strip() for i in ids.split(";") if i.strip())


def join_ids(ids: Iterable[str], order: list[str]) -> str:
    """Theme ids in codebook order, separated by `;`."""
    wanted = set(ids)
    return ";".join(i for i in order if i in wanted)


def load_labels(path: Path | None, codebook: Codebook) -> pd.DataFrame:
    """The analyst's labels (`comment`, `themes` as a frozenset, `note`); an empty frame when the
    file is absent. Unknown theme ids and a comment labelled twice differently are errors."""
    if path is None or not Path(path).exists():
        return pd.DataFrame({c: [] for c in LABEL_COLUMNS})
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in ("comment", "themes") if c not in frame.columns]
    if missing:
        raise CodebookError(f"{path}: theme labels need the column(s) {missing}")
    frame = _with_keys(frame.assign(themes=frame["themes"].map(split_ids)))
    unknown = sorted(set().union(*frame["themes"]) - set(codebook.ids)) if len(frame) else []
    if unknown:
        raise CodebookError(
            f"{path}: unknown theme id(s) {unknown}; the codebook has {codebook.ids}"
        )
    clash = frame.groupby("key")["themes"].nunique()
    if (clash > 1).any():
        first = frame.loc[frame["key"] == clash[clash > 1].index[0], "comment"].iloc[0]
        raise CodebookError(f"{path}: the comment {first!r} is labelled twice, differently")
    return frame[list(LABEL_COLUMNS)].reset_index(drop=True)


def _with_keys(frame: pd.DataFrame) -> pd.DataFrame:
    """Every column of a labels frame, a blank key filled from the comment."""
    frame = frame.copy()
    for column in ("key", "note"):
        if column not in frame.columns:
            frame[column] = ""
        frame[column] = frame[column].fillna("").astype(str)
    blank = frame["key"].str.strip() == ""
    frame.loc[blank, "key"] = frame.loc[blank, "comment"].map(comment_key)
    return frame


def save_labels(labels: pd.DataFrame, path: Path) -> None:
    """Write labels sorted by comment (so a diff shows what changed), one row per comment."""
    frame = _with_keys(labels).assign(themes=[";".join(sorted(ids)) for ids in labels["themes"]])
    frame = frame.assign(_order=frame["comment"].map(label_key))
    frame = frame.drop_duplicates("key", keep="last").sort_values(["_order", "key"])
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    frame[list(LABEL_COLUMNS)].to_csv(path, index=False)


def add_labels(path: Path, new: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """The labels at `path` with `new` rows (comment, themes as ids or `;` text) added or
    replacing the same comment; written back and returned."""
    new = new.assign(
        themes=[
            ids if isinstance(ids, frozenset | set) else split_ids(ids) for ids in new["themes"]
        ]
    )
    unknown = sorted(set().union(*new["themes"]) - set(codebook.ids)) if len(new) else []
    if unknown:
        raise CodebookError(f"unknown theme id(s) {unknown}; the codebook has {codebook.ids}")
    new = _with_keys(new)
    merged = pd.concat([load_labels(path, codebook), new[list(LABEL_COLUMNS)]], ignore_index=True)
    save_labels(merged, path)
    return load_labels(path, codebook)


def load_eval_set(path: Path = DEFAULT_EVAL_SET) -> pd.DataFrame:
    """The labelled comments, `expected` as a set of theme ids per row."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    unknown = sorted(set(frame["column"]) - set(TEXT_COLUMNS))
    if unknown:
        raise ValueError(f"{path}: unknown comment column(s) {unknown}")
    return frame.assign(expected=frame["expected_themes"].map(lambda ids: set(split_ids(ids))))


def load_labelled_sets(registry: Path = SET_REGISTRY) -> pd.DataFrame:
    """Every labelled set the registry lists, with its `set` and `role` (tuned or blind)."""
    sets = pd.read_csv(registry, dtype=str, keep_default_na=False)
    bad = sorted(set(sets["role"]) - {TUNED, BLIND})
    if bad:
        raise ValueError(f"{registry}: role must be {TUNED!r} or {BLIND!r}, not {bad}")
    parts = []
    for file, listed in sets.groupby("file", sort=False):
        frame = load_eval_set(registry.parent / file)
        frame = frame[frame["set"].isin(listed["set"])]
        parts.append(frame.merge(listed[["set", "role"]], on="set"))
    order = {name: i for i, name in enumerate(sets["set"])}
    frame = pd.concat(parts, ignore_index=True)
    return frame.sort_values("set", key=lambda s: s.map(order), kind="stable").reset_index(
        drop=True
    )


# --- the learned model ---------------------------------------------------------------------


@dataclass(frozen=True)
class ThemeModel:
    """One-vs-rest logistic regression on word and character n-grams."""

    theme_ids: list[str]
    pipeline: Any

    def probabilities(self, texts: list[str]) -> np.ndarray:
        """texts × themes probability that the text shows the theme."""
        if not texts:
            return np.zeros((0, len(self.theme_ids)))
        return np.asarray(self.pipeline.predict_proba(texts))


def train_model(texts: list[str], themes: list[frozenset[str]], theme_ids: list[str]) -> ThemeModel:
    """Fit the model on labelled comments (a theme with no positive example is never predicted)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.pipeline import make_pipeline, make_union

    target = np.array([[t in ids for t in theme_ids] for ids in themes], dtype=int)
    # A theme nobody labelled gets one dummy positive of an impossible text, so the shape holds
    # and its probability stays near zero.
    empty = np.flatnonzero(target.sum(axis=0) == 0)
    if len(empty):
        texts = [*texts, *["\x00" for _ in empty]]
        extra = np.zeros((len(empty), len(theme_ids)), dtype=int)
        extra[np.arange(len(empty)), empty] = 1
        target = np.vstack([target, extra])
    features = make_union(
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1, lowercase=True),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2),
    )
    classifier = OneVsRestClassifier(
        LogisticRegression(C=8.0, class_weight="balanced", max_iter=2000)
    )
    pipeline = make_pipeline(features, classifier).fit(texts, target)
    return ThemeModel(theme_ids, pipeline)


# --- the coder -----------------------------------------------------------------------------


@dataclass
class ThemeCoder:
    """Codes one comment cell: labels, else codebook plus model. See the module docstring."""

    codebook: Codebook
    labels: dict[str, frozenset[str]] = field(default_factory=dict)
    model: ThemeModel | None = None
    threshold: float = DEFAULT_THRESHOLD
    # What each sentence read so far showed: comments repeat sentences across many cells.
    memo: SentenceMemo = field(default_factory=dict, repr=False, compare=False)

    def code(self, text: str) -> dict[str, Found]:
        """Theme id -> (evidence sentence as written, match start, match end)."""
        matched = themes_in_text(text, self.codebook, self.memo)
        confirmed = self.labels.get(comment_key(text))
        if confirmed is not None:
            wanted = set(confirmed)
        else:
            wanted = set(matched) | set(self.model_themes(text))
        return {
            theme_id: matched.get(theme_id) or self._evidence(text, theme_id)
            for theme_id in self.codebook.ids
            if theme_id in wanted
        }

    def themes(self, text: str) -> set[str]:
        return set(self.code(text))

    def model_themes(self, text: str) -> list[str]:
        if self.model is None:
            return []
        probabilities = self.model.probabilities([text])[0]
        return [
            t
            for t, p in zip(self.model.theme_ids, probabilities, strict=True)
            if p >= self.threshold
        ]

    def _evidence(self, text: str, theme_id: str) -> Found:
        """The sentence the model rates highest for the theme, else the first sentence."""
        spans = sentence_spans(text) or [(0, len(text))]
        best = 0
        if self.model is not None and theme_id in self.model.theme_ids and len(spans) > 1:
            column = self.model.theme_ids.index(theme_id)
            rated = self.model.probabilities([text[s:e] for s, e in spans])[:, column]
            best = int(np.argmax(rated))
        start, end = spans[best]
        return text[start:end], 0, end - start

    def confidence(self, texts: list[str]) -> pd.DataFrame:
        """For the analyst's review: per text, the codebook's themes, the model's themes and its
        lowest margin from the threshold (0 = a coin toss, 0.5 = sure)."""
        rows = []
        probabilities = self.model.probabilities(texts) if self.model is not None else None
        for i, text in enumerate(texts):
            matched = set(themes_in_text(text, self.codebook, self.memo))
            row = {"comment": text, "codebook": join_ids(matched, self.codebook.ids)}
            if probabilities is not None:
                p = probabilities[i]
                chosen = {
                    t for t, v in zip(self.model.theme_ids, p, strict=True) if v >= self.threshold
                }
                row["model"] = join_ids(chosen, self.codebook.ids)
                row["margin"] = float(np.min(np.abs(p - self.threshold)))
            rows.append(row)
        return pd.DataFrame(rows)


_WORDS = re.compile(r"\w+")


@lru_cache(maxsize=8)
def _cached_model(key: tuple[tuple[str, str], ...], theme_ids: tuple[str, ...]) -> ThemeModel:
    texts = [text for text, _ in key]
    themes = [split_ids(ids) for _, ids in key]
    return train_model(texts, themes, list(theme_ids))


def build_coder(
    codebook: Codebook,
    labels: pd.DataFrame | None = None,
    training: pd.DataFrame | None = None,
    use_model: bool = False,
    threshold: float = DEFAULT_THRESHOLD,
) -> ThemeCoder:
    """A coder from the codebook, the analyst's labels and, with `use_model`, a model trained on
    `training` (comment, themes as sets) plus the labels. Trained once per process per data."""
    labels = _with_keys(
        labels if labels is not None else pd.DataFrame({"comment": [], "themes": []})
    )
    lookup = {key: frozenset(t) for key, t in zip(labels["key"], labels["themes"], strict=True)}
    model = None
    if use_model:
        parts = [labels[["comment", "themes"]]]
        if training is not None:
            parts.insert(0, training[["comment", "themes"]])
        data = pd.concat(parts, ignore_index=True)
        data = data[data["comment"].map(lambda t: bool(_WORDS.search(str(t))))]
        key = tuple(
            (str(c), ";".join(sorted(t)))
            for c, t in zip(data["comment"], data["themes"], strict=True)
        )
        model = _cached_model(key, tuple(codebook.ids))
    return ThemeCoder(codebook, lookup, model, threshold)


def load_run_coder(params: Params) -> ThemeCoder:
    """The coder of a run: its codebook, the analyst's labels and, if switched on, the model
    (trained on the shipped tuned sets and the labels). `case-audit code-themes` uses the same."""
    codebook = load_run_codebook(params)
    labels = load_labels(params.themes.labels, codebook)
    training = None
    if params.themes.learned_model and SET_REGISTRY.exists():
        tuned = load_labelled_sets()
        tuned = tuned[tuned["role"] == TUNED]
        training = pd.DataFrame({"comment": tuned["comment"], "themes": tuned["expected"]})
    return build_coder(
        codebook, labels, training, params.themes.learned_model, params.themes.model_threshold
    )


def code_comments(
    comments: pd.DataFrame, coder: ThemeCoder, id_column: str = "id", text_column: str = "comment"
) -> pd.DataFrame:
    """One row per comment, in input order: its id and its theme ids in codebook order joined by
    `;` (empty when it shows none). ValueError naming the problem for missing columns, a blank or
    repeated id."""
    missing = [c for c in (id_column, text_column) if c not in comments.columns]
    if missing:
        raise ValueError(
            f"no column(s) {missing}; the file has {list(comments.columns)} "
            "(name them with --id-column and --text-column)"
        )
    ids = comments[id_column].astype("string").str.strip()
    blank = ids.isna() | (ids == "")
    if blank.any():
        raise ValueError(
            f"{int(blank.sum())} row(s) have no {id_column}, e.g. row {int(blank.idxmax()) + 2}"
        )
    repeated = ids[ids.duplicated()].unique().tolist()
    if repeated:
        raise ValueError(f"{id_column} must be unique; repeated: {repeated[:5]}")
    texts = comments[text_column]
    coded = {
        text: join_ids(coder.themes(text), coder.codebook.ids)
        for text in texts.dropna().unique()
        if isinstance(text, str) and text.strip()
    }
    return pd.DataFrame(
        {
            id_column: ids.to_numpy(),
            "themes": [coded.get(t, "") if isinstance(t, str) else "" for t in texts],
        }
    )


def load_review_coder(params: Params) -> ThemeCoder:
    """The run's coder with the model always trained, so the review can rank its doubts."""
    settings = params.model_copy(
        update={"themes": params.themes.model_copy(update={"learned_model": True})}
    )
    return load_run_coder(settings)


REVIEW_MARGIN = 0.2


def compute_review_queue(texts: Iterable[str], coder: ThemeCoder, limit: int = 40) -> pd.DataFrame:
    """Comments for the analyst to confirm or correct, most doubtful first: not yet labelled, and
    matching nothing, or where the codebook and the model disagree, or the model is unsure (a
    probability within `REVIEW_MARGIN` of the threshold). Columns: key, comment, codebook
    (its theme ids), suggested (codebook and model together), reason, margin."""
    columns = ["key", "comment", "codebook", "suggested", "reason", "margin"]
    distinct = [t for t in dict.fromkeys(texts) if isinstance(t, str) and t.strip()]
    distinct = [t for t in distinct if comment_key(t) not in coder.labels]
    if not distinct:
        return pd.DataFrame(columns=columns)
    rated = coder.confidence(distinct)
    if "model" not in rated.columns:
        rated = rated.assign(model=rated["codebook"], margin=float("nan"))
    rows = []
    for row in rated.itertuples():
        if not row.codebook and not row.model:
            reason = "matched no theme"
        elif row.codebook != row.model:
            reason = "codebook and model disagree"
        elif row.margin < REVIEW_MARGIN:
            reason = "model unsure"
        else:
            continue
        suggested = split_ids(row.codebook) | split_ids(row.model)
        rows.append(
            {
                "key": comment_key(row.comment),
                "comment": row.comment,
                "codebook": row.codebook,
                "suggested": join_ids(suggested, coder.codebook.ids),
                "reason": reason,
                "margin": row.margin,
            }
        )
    queue = pd.DataFrame(rows, columns=columns)
    return queue.sort_values("margin", kind="stable").head(limit).reset_index(drop=True)
