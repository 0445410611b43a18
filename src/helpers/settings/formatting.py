"""Numbers as the report prints them. Rounding happens here and nowhere else.

Rounding is half-up (0.125 -> 0.13, 6.85 -> 6.9), as a reader working by hand expects,
not Python's round-half-to-even. Each kind of figure has one precision (scores 1 decimal, audit
rates whole per cent, visit rates 2 decimals, as in the paper) used by every table, sentence,
chart and email. A change between two figures is taken between the values as shown (6.8 -> 7.0
is +0.2 even when the unrounded change is 0.14), so a reader subtracting gets the same answer.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

SUPPRESSED = "[c]"  # the UK official-statistics mark for a confidential (suppressed) figure
SMALLEST_SHOWN_COUNT = 5  # counts of 1 to 4 are suppressed in publication mode
NOT_AVAILABLE = "n/a"
SCORE_PLACES = 1  # scores: 6.9
RATE_PLACES = 0  # compliance and judgement shares: 76%
VISIT_RATE_PLACES = 2  # statutory visit rates, as in the paper: 85.81%


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


def fmt_score(score: float | None, places: int = SCORE_PLACES) -> str:
    if is_hidden(score):
        return SUPPRESSED
    if is_missing(score):
        return NOT_AVAILABLE
    return f"{round_half_up(score, places):.{places}f}"


def shown_decimal(value: float, places: int) -> Decimal:
    """`value` as printed to `places` decimals, as an exact Decimal."""
    return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def change_as_shown(
    previous: float | None, current: float | None, places: int = SCORE_PLACES
) -> Decimal | None:
    """`current - previous` between the two values as printed; None when either is missing."""
    if is_missing(previous) or is_missing(current):
        return None
    change = shown_decimal(current, places) - shown_decimal(previous, places)
    return change if change != 0 else Decimal(0).quantize(Decimal(1).scaleb(-places))


def fmt_change(previous: float | None, current: float | None, places: int = SCORE_PLACES) -> str:
    """A signed change between the shown values: `+0.2`, `-0.1`, `0.0` (never `-0.0`), `n/a`."""
    change = change_as_shown(previous, current, places)
    if change is None:
        return NOT_AVAILABLE
    if change == 0:
        return f"{abs(change):.{places}f}"
    return f"{change:+.{places}f}"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """`1 audit`, `2 audits`, `0 audits`."""
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count:,} {word}"


def fmt_rate_beside(
    rate: float | None,
    target: float | None,
    base: int | None = None,
    publication: bool = False,
    places: int = RATE_PLACES,
) -> str:
    """A rate shown beside its target, with a decimal more when rounding would reach the target.

    89.6% against a 90% target reads `89.6%`, not `90%`, so a rate below target never prints as
    meeting it; every output (sentence, table, chart, email) then judges the target on the shown
    value and agrees with the unrounded one.
    """
    shown = fmt_rate(rate, base=base, publication=publication, places=places)
    if is_missing(rate) or is_missing(target) or shown == SUPPRESSED:
        return shown
    for extra in (places, places + 1, places + 2):
        shown = fmt_rate(rate, base=base, publication=publication, places=extra)
        if (Decimal(shown.rstrip("%")) >= Decimal(repr(float(target))) * 100) == (rate >= target):
            return shown
    return shown
