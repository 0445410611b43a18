"""Theme counts for the months of a run, from one pass over their comments (metrics.json's themes),
and the matches of the comments every theme page of the run reads, coded in the same pass.

A run codes each distinct comment text once: the counter keeps what it coded, so the matches of
the pages' trend windows (`match`) only code the texts the run's own months did not hold, and
the kernels read those matches instead of coding the same comments again (`pages.themes.compute_theme_figures`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from helpers.figures import themes
from helpers.figures.codebook import Codebook
from helpers.figures.theme_matching import (
    Found,
    comment_codes,
    has_text,
    match_themes,
    returned_audits,
    themes_in_text,
)
from helpers.settings.contract import TEXT_COLUMNS
from helpers.settings.periods import parse_month, previous_month


class ThemeCounter:
    """Theme counts per month (call it with a month), from `matches` of the run's months and the
    months before them; `code` remembers every text it coded, so no text is coded twice."""

    def __init__(self, coder: Any) -> None:
        """`coder` is a `ThemeCoder` (labels and model included) or a bare `Codebook`."""
        self.codebook: Codebook = getattr(coder, "codebook", coder)
        self.read: Callable[[str], dict[str, Found]] = getattr(coder, "code", None) or partial(
            themes_in_text, codebook=self.codebook, memo={}
        )
        self.coded: dict[str, dict[str, Found]] = {}
        self.matches = pd.DataFrame()
        # The matches of the theme pages' trend windows, handed to their kernels (None: the
        # kernels code the comments themselves).
        self.window_matches: pd.DataFrame | None = None

    def code(self, text: str) -> dict[str, Found]:
        if text not in self.coded:
            self.coded[text] = self.read(text)
        return self.coded[text]

    def match(self, audits: pd.DataFrame) -> pd.DataFrame:
        """`match_themes` of `audits`, coding only texts not coded before."""
        return match_themes(audits, self.codebook, self.code)

    def count_months(self, audits: pd.DataFrame, months: list[str]) -> ThemeCounter:
        """The matches of `months` and the months before them, for the counts."""
        self.matches = self.match(audits[audits["audit_month"].isin(counted_months(months))])
        return self

    def __call__(self, month: str) -> dict[str, dict[str, int]]:
        return {
            "month": themes.theme_counts_for_month(self.matches, month, self.codebook),
            "previous_month": themes.theme_counts_for_month(
                self.matches, previous_month(month), self.codebook
            ),
            "kinds": self.codebook.kinds,
        }


def counted_months(months: Iterable[str]) -> set[str]:
    """The months whose theme counts metrics.json holds for `months`: each and the one before."""
    return set(months) | {previous_month(m) for m in months}


def theme_counter(audits: pd.DataFrame, coder: Any, months: list[str]) -> ThemeCounter:
    """Theme counts for each of `months` and the month before, from one pass over their comments.

    `coder` is a `ThemeCoder` (labels and model included) or a bare `Codebook`.
    """
    return ThemeCounter(coder).count_months(audits, months)


def distinct_comments(audits: pd.DataFrame) -> list[str]:
    """The distinct comment texts `match_themes` reads in `audits`, in order of appearance
    (audit by audit, each audit's columns in contract order). Hashed where pyarrow holds them
    (`comment_codes`), not made Python strings cell by cell first: 0.13 s -> 0.03 s for a year
    of the large extract's comments."""
    returned = returned_audits(audits)
    columns = [c for c in TEXT_COLUMNS if c in returned.columns]
    if not columns or returned.empty:
        return []
    codes, texts = comment_codes(returned, columns)  # column by column
    # Each text's first cell counted audit by audit, as the texts appear in the extract.
    cell = np.arange(len(codes))
    place = (cell % len(returned)) * len(columns) + cell // len(returned)
    first = np.full(len(texts), len(codes), dtype=np.int64)
    np.minimum.at(first, codes[codes >= 0], place[codes >= 0])
    return [texts[i] for i in np.argsort(first, kind="stable") if has_text(texts[i])]


def code_texts(code: Callable[[str], dict[str, Found]], texts: list[str]) -> dict[str, Any]:
    """Each text's themes (`code`): a part of a run's comments, coded in another process."""
    return {text: code(text) for text in texts}


def theme_window(months: Iterable[str], trend_months: int) -> tuple[str, str]:
    """The first and last month whose comments the theme pages of `months` read: each month's
    trend (`trend_months` up to it) and the month before it (`pages.themes`)."""
    months = list(months)
    firsts = [min(str(parse_month(m) - (trend_months - 1)), previous_month(m)) for m in months]
    return min(firsts), max(months)
