"""Theme counts for the months of a run, from one pass over their comments (metrics.json's themes)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from helpers.figures import themes
from helpers.figures.theme_matching import match_themes
from helpers.settings.periods import previous_month


def theme_counter(
    audits: pd.DataFrame, coder: Any, months: list[str]
) -> Callable[[str], dict[str, dict[str, int]]]:
    """Theme counts for each of `months` and the month before, from one pass over their comments.

    `coder` is a `ThemeCoder` (labels and model included) or a bare `Codebook`.
    """
    codebook = getattr(coder, "codebook", coder)
    code = getattr(coder, "code", None)
    wanted = set(months) | {previous_month(m) for m in months}
    matches = match_themes(audits[audits["audit_month"].isin(wanted)], codebook, code)

    def counts(month: str) -> dict[str, dict[str, int]]:
        return {
            "month": themes.theme_counts_for_month(matches, month, codebook),
            "previous_month": themes.theme_counts_for_month(
                matches, previous_month(month), codebook
            ),
            "kinds": codebook.kinds,
        }

    return counts
