"""Wording for chart titles and alt text: numbers as printed, directions, lists and targets.

Comparisons use the number as printed (`shown_percent`, `score_shown`), so a title never says
"rose" when the two figures on the page read the same.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from helpers.settings.formatting import fmt_rate, fmt_score, round_half_up


def shown_percent(rate: float, places: int) -> float:
    """The percentage as printed, so comparisons agree with the numbers on the page."""
    return float(fmt_rate(rate, places=places).rstrip("%"))


def score_text(value: float) -> str:
    """A score as printed, 6.9."""
    # float() first: formatting reads repr(), and numpy 2 writes np.float64(6.9).
    return fmt_score(float(value))


def score_shown(value: float) -> float:
    """A score rounded as printed, for rose/fell."""
    return round_half_up(float(value), 1)


def direction(now: float, before: float) -> str:
    """`rose`, `fell` or `unchanged`."""
    return "rose" if now > before else "fell" if now < before else "unchanged"


def is_are(count: int) -> str:
    return "is" if count == 1 else "are"


def sentence_start(text: str) -> str:
    return text[:1].upper() + text[1:]


def join_names(names: Sequence[str]) -> str:
    """`A`, `A and B`, `A, B and C`."""
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def target_text(target: float) -> str:
    """A target as people say it: 95%, or 92.5% when it is not a whole percent."""
    whole = fmt_rate(target)
    return (
        whole
        if shown_percent(target, 1) == float(whole.rstrip("%"))
        else fmt_rate(target, places=1)
    )


def target_clause(value: float, target: float | None, text: str | None = None) -> str:
    """`, below the 90% target`; `text` names a target that is not a rate (a score of 7.0)."""
    if target is None or math.isnan(target):
        return ""
    side = "meeting" if value >= target else "below"
    return f", {side} the {text or target_text(target)} target"
