"""Demo comments drawn from `demo_phrases.yaml`, with the theme each sentence was written to show."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from helpers.extracts.demo.world import CHILD_LABELS, WORKERS
from helpers.settings.contract import DOMAINS

PHRASES_FILE = Path(__file__).parent.parent / "demo_phrases.yaml"
TRUTH_COLUMNS: tuple[str, ...] = (
    "audit_id",
    "audit_month",
    "column",
    "phrase_id",
    "kind",
    "theme",
    "near_miss_of",
    "text",
)
_BANDS = ("low", "mid", "high")


@dataclass(frozen=True)
class Slot:
    """One free-text column's phrases, flattened so rows can pick them by index."""

    column: str
    phrase_ids: np.ndarray  # str, one per template
    kinds: np.ndarray  # "base" | "theme" | "near_miss" | "name"
    themes: np.ndarray  # theme id or "" per template
    near_of: np.ndarray  # the theme a near-miss resembles, or ""
    filled: np.ndarray  # (template, worker, child) -> text
    base: tuple[np.ndarray, ...]  # template indices per band
    theme: tuple[np.ndarray, ...]
    near: tuple[np.ndarray, ...]
    names: np.ndarray
    p_theme: tuple[float, ...]
    p_near: tuple[float, ...]
    p_name: float


def _fill(template: str) -> np.ndarray:
    return np.array(
        [[template.format(worker=w, child=c) for c in CHILD_LABELS] for w in WORKERS],
        dtype=object,
    )


def _slot(key: str, spec: dict) -> Slot:
    rows: list[tuple[str, str, str, str, str]] = []  # id, kind, theme, near_of, text
    base_bands: list[list[int]] = [[], [], []]
    theme_bands: list[list[int]] = [[], [], []]
    near_bands: list[list[int]] = [[], [], []]
    for b, band in enumerate(_BANDS):
        for i, text in enumerate(spec["base"][band]):
            base_bands[b].append(len(rows))
            rows.append((f"{key}/base/{band}/{i}", "base", "", "", text))
    for i, phrase in enumerate(spec["phrases"]):
        kind = "theme" if "theme" in phrase else "near_miss"
        for band in phrase["bands"]:
            target = theme_bands if kind == "theme" else near_bands
            target[_BANDS.index(band)].append(len(rows))
        rows.append(
            (
                f"{key}/{kind}/{i}",
                kind,
                phrase.get("theme", ""),
                phrase.get("near_miss", ""),
                phrase["text"],
            )
        )
    names = []
    for i, text in enumerate(spec.get("names", [])):
        names.append(len(rows))
        rows.append((f"{key}/name/{i}", "name", "", "", text))
    column = key if key in ("summary_comment", "actions") else f"comment_{key}"
    return Slot(
        column=column,
        phrase_ids=np.array([r[0] for r in rows], dtype=object),
        kinds=np.array([r[1] for r in rows], dtype=object),
        themes=np.array([r[2] for r in rows], dtype=object),
        near_of=np.array([r[3] for r in rows], dtype=object),
        filled=np.stack([_fill(r[4]) for r in rows]),
        base=tuple(np.array(x, dtype=np.int64) for x in base_bands),
        theme=tuple(np.array(x, dtype=np.int64) for x in theme_bands),
        near=tuple(np.array(x, dtype=np.int64) for x in near_bands),
        names=np.array(names, dtype=np.int64),
        p_theme=tuple(float(spec["p_theme"][b]) for b in _BANDS),
        p_near=tuple(float(spec["p_near"][b]) for b in _BANDS),
        p_name=float(spec.get("p_name", 0.0)),
    )


@lru_cache(maxsize=1)
def phrase_bank() -> tuple[Slot, ...]:
    spec = yaml.safe_load(PHRASES_FILE.read_text(encoding="utf-8"))
    return tuple(_slot(key, spec[key]) for key in (*DOMAINS, "summary_comment", "actions"))


def _join(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.where(a == "", b, np.where(b == "", a, a + " " + b))


def _pick(rng: np.random.Generator, choices: np.ndarray, n: int) -> np.ndarray:
    if len(choices) == 0:
        return np.full(n, -1, dtype=np.int64)
    return choices[rng.integers(0, len(choices), size=n)]


def make_comments(
    rng: np.random.Generator,
    slot: Slot,
    band: np.ndarray,
    returned: np.ndarray,
    who: np.ndarray,
    blank_rate: float,
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """One column's comments and, per part, the template index each row used (-1 for none)."""
    n = len(band)
    parts = {k: np.full(n, -1, dtype=np.int64) for k in ("name", "base", "theme", "near_miss")}
    for b in range(3):
        rows = np.flatnonzero(returned & (band == b))
        k = len(rows)
        parts["base"][rows] = _pick(rng, slot.base[b], k)
        with_theme = rng.random(k) < slot.p_theme[b]
        parts["theme"][rows] = np.where(with_theme, _pick(rng, slot.theme[b], k), -1)
        with_near = rng.random(k) < slot.p_near[b]
        near = np.where(with_near, _pick(rng, slot.near[b], k), -1)
        # A near-miss never contradicts the theme shown beside it.
        clash = (near >= 0) & (parts["theme"][rows] >= 0)
        clash &= (
            slot.near_of[np.maximum(near, 0)] == slot.themes[np.maximum(parts["theme"][rows], 0)]
        )
        parts["near_miss"][rows] = np.where(clash, -1, near)
        with_name = rng.random(k) < slot.p_name
        parts["name"][rows] = np.where(with_name, _pick(rng, slot.names, k), -1)
    blank = returned & (rng.random(n) < blank_rate)
    theme_first = rng.random(n) < 0.4
    for key in parts:
        parts[key][blank | ~returned] = -1
    flat = slot.filled.reshape(len(slot.filled), -1)
    texts = {
        key: np.where(idx >= 0, flat[np.maximum(idx, 0), who], "") for key, idx in parts.items()
    }
    first = np.where(theme_first, texts["theme"], texts["base"])
    second = np.where(theme_first, texts["base"], texts["theme"])
    text = _join(_join(_join(texts["name"], first), second), texts["near_miss"])
    return np.where(text == "", None, text), parts


def comment_truth(
    slot: Slot,
    parts: dict[str, np.ndarray],
    who: np.ndarray,
    audit_id: np.ndarray,
    month: np.ndarray,
) -> pd.DataFrame:
    """One row per sentence used in this column, in the order the parts were drawn."""
    frames = []
    flat = slot.filled.reshape(len(slot.filled), -1)
    for idx in parts.values():
        rows = np.flatnonzero(idx >= 0)
        t = idx[rows]
        frames.append(
            pd.DataFrame(
                {
                    "row": rows,
                    "audit_id": audit_id[rows],
                    "audit_month": month[rows],
                    "column": slot.column,
                    "phrase_id": slot.phrase_ids[t],
                    "kind": slot.kinds[t],
                    "theme": np.where(slot.themes[t] == "", None, slot.themes[t]),
                    "near_miss_of": np.where(slot.near_of[t] == "", None, slot.near_of[t]),
                    "text": flat[t, who[rows]],
                }
            )
        )
    return pd.concat(frames, ignore_index=True)
