"""Excerpts for the themes page: for each theme, the clearest whole sentences auditors wrote,
each sentence shown once across all themes, redacted before anything else is done to it."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from helpers.figures.codebook import Codebook
from helpers.settings.contract import TEXT_COLUMNS

MAX_EXCERPT_CHARS = 300


def identity(text: str) -> str:
    return text


def trim_excerpt(text: str, start: int, end: int, max_chars: int = 160) -> str:
    """`text` cut to about `max_chars` at word edges around text[start:end], "…" where cut."""
    text = " ".join(text.split()) if len(text) > max_chars else text
    if len(text) <= max_chars:
        return text
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    room = max(max_chars - (end - start), 0)
    left = max(0, start - room // 2)
    right = min(len(text), left + max_chars)
    left = max(0, right - max_chars)
    if left > 0:
        next_space = text.find(" ", left)
        left = next_space + 1 if 0 <= next_space < start else left
    if right < len(text):
        last_space = text.rfind(" ", 0, right)
        right = last_space if last_space > end else right
    excerpt = text[left:right].strip()
    return ("…" if left > 0 else "") + excerpt + ("…" if right < len(text) else "")


def rank_candidates(matches: pd.DataFrame, theme_id: str, month: str) -> pd.DataFrame:
    """The month's evidence sentences for `theme_id`, clearest first: a sentence that shows this
    theme alone before one that shows several, a single sentence before a pair, a short one that
    is still a full thought (30 to 200 characters) before a long or very short one; then extract
    order. One candidate per audit."""
    in_month = matches[matches["audit_month"] == month]
    themes_per_sentence = in_month.groupby("sentence")["theme_id"].nunique()
    chosen = in_month[in_month["theme_id"] == theme_id]
    order = {column: i for i, column in enumerate(TEXT_COLUMNS)}
    length = chosen["sentence"].str.len()
    ranked = chosen.assign(
        _others=chosen["sentence"].map(themes_per_sentence) - 1,
        _pair=chosen["sentence"].str.count(r"[.!?]\s+\S") > 0,
        _size=~length.between(30, 200),
        _length=length,
        _column=chosen["column"].map(order),
    ).sort_values(["_others", "_pair", "_size", "source_row", "_column"], kind="stable")
    return ranked.drop_duplicates("audit_id")


def _shown(sentence: str, redact: Callable[[str], str], max_chars: int) -> str:
    text = " ".join(redact(sentence).split())
    text = text[:1].upper() + text[1:]
    if len(text) > max_chars:  # still starts at the sentence's start
        cut = text.rfind(" ", 0, max_chars)
        text = text[: cut if cut > 0 else max_chars].rstrip(" ,;:") + "…"
    return text


def select_excerpts(
    matches: pd.DataFrame,
    theme_id: str,
    month: str,
    n: int = 3,
    redact: Callable[[str], str] = identity,
    max_chars: int = MAX_EXCERPT_CHARS,
    used: set[str] | None = None,
) -> list[str]:
    """Up to `n` whole sentences showing `theme_id` in `month`, clearest first, one per audit,
    redacted (the whole sentence, before anything else). A sentence in `used` is skipped and the
    ones chosen are added to it, so no sentence appears under two themes."""
    used = used if used is not None else set()
    excerpts: list[str] = []
    for sentence in rank_candidates(matches, theme_id, month)["sentence"]:
        if len(excerpts) >= n:
            break
        if sentence in used:
            continue
        shown = _shown(str(sentence), redact, max_chars)
        if shown not in excerpts:
            excerpts.append(shown)
            used.add(sentence)
    return excerpts


def select_theme_excerpts(
    matches: pd.DataFrame,
    codebook: Codebook,
    month: str,
    n: int = 3,
    redact: Callable[[str], str] = identity,
) -> dict[str, list[str]]:
    """Theme id -> its excerpts, for the themes seen in `month`; each sentence used once. Themes
    with the fewest candidates choose first, so a sentence showing two themes goes where it is
    needed."""
    in_month = matches[matches["audit_month"] == month]
    candidates = in_month.groupby("theme_id")["sentence"].nunique()
    used: set[str] = set()
    chosen = {}
    for theme_id in sorted(
        candidates.index,
        key=lambda t: (candidates[t], codebook.ids.index(t) if t in codebook.ids else 99),
    ):
        chosen[theme_id] = select_excerpts(matches, theme_id, month, n, redact, used=used)
    return {t: chosen[t] for t in codebook.ids if chosen.get(t)}
