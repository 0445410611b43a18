"""Numbers as the report prints them. Rounding happens here and nowhere else.

Rounding is half-up (0.125 -> 0.13, 6.85 -> 6.9), as a reader working by hand expects,
not Python's round-half-to-even.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

SUPPRESSED = "[c]"  # the UK official-statistics mark for a confidential (suppressed) figure
SMALLEST_SHOWN_COUNT = 5  # counts of 1 to 4 are suppressed in publication mode
NOT_AVAILABLE = "n/a"


def round_half_up(value: float, places: int = 0) -> float:
    """`value` rounded to `places` decimals, halves away from zero, judged on its decimal text."""
    quantum = Decimal(1).scaleb(-places)
    return float(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP))


def is_hidden(value: object) -> bool:
    """A figure the publishable set hides (helpers.safe.publishable writes it as "[c]")."""
    return isinstance(value, str) and value == SUPPRESSED


def is_missing(value: float | int | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def is_small_count(count: int | None) -> bool:
    """A count that publication mode hides: 1 to 4 (0 is shown: it reveals no one)."""
    return count is not None and not is_hidden(count) and 0 < count < SMALLEST_SHOWN_COUNT


def fmt_count(count: int | None, publication: bool = False) -> str:
    # "[c]" passes through every formatter: the publishable set has already hidden it.
    if is_hidden(count):
        return SUPPRESSED
    if is_missing(count):
        return NOT_AVAILABLE
    if publication and is_small_count(int(count)):
        return SUPPRESSED
    return f"{int(count):,}"


def fmt_rate(
    rate: float | None, base: int | None = None, publication: bool = False, places: int = 0
) -> str:
    """A fraction 0-1 as a percentage; suppressed in publication mode when its base is under 5."""
    if is_hidden(rate) or is_hidden(base):
        return SUPPRESSED
    if is_missing(rate):
        return NOT_AVAILABLE
    if publication and base is not None and base < SMALLEST_SHOWN_COUNT:
        return SUPPRESSED
    # Scale in decimal so that 0.285 shows as 28.5 -> 29%, not 28.499999... -> 28%.
    percent = Decimal(repr(float(rate))) * 100
    shown = percent.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{shown:.{places}f}%"


def fmt_score(score: float | None, places: int = 1) -> str:
    if is_hidden(score):
        return SUPPRESSED
    if is_missing(score):
        return NOT_AVAILABLE
    return f"{round_half_up(score, places):.{places}f}"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """`1 audit`, `2 audits`, `0 audits`."""
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count:,} {word}"
