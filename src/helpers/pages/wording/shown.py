"""Numbers as a reader sees them, and comparisons made on those shown numbers.

Every comparison word (risen, fallen, unchanged, met) is chosen from the values as shown, so a
sentence never says "risen from 6.9 to 6.9". In publication mode small counts, and the rates and
means they would reveal, show as "[c]" and no wording says what they hide.
"""

from __future__ import annotations

from decimal import Decimal

from helpers.pages.wording.lookups import Metrics
from helpers.settings.formatting import (
    RATE_PLACES,
    SUPPRESSED,
    VISIT_RATE_PLACES,
    fmt_count,
    fmt_rate,
    fmt_rate_beside,
    fmt_score,
    is_missing,
    is_small_count,
    plural,
)
from helpers.settings.params import Params

VISITS_PLACES = VISIT_RATE_PLACES


def is_publication(metrics: Metrics, params: Params | None = None) -> bool:
    """Publication mode as the metrics record it, else as the parameters set it."""
    if "publication" in metrics:
        return bool(metrics["publication"])
    return bool(params.publication) if params is not None else False


def shown_count(count: int | None, publication: bool) -> str:
    return fmt_count(count, publication=publication)


def shown_rate(
    rate: float | None,
    count: int | None,
    base: int | None,
    publication: bool,
    places: int = RATE_PLACES,
    target: float | None = None,
) -> str:
    """A rate, suppressed in publication mode when its base is under 5 or its count is 1-4.

    Suppressing on the count too stops "7% of 27 audits" giving away a hidden count of 2. Beside
    a `target` it gets the extra decimal that keeps 89.6% from reading as a 90% target met.
    """
    if publication and is_small_count(count):
        return SUPPRESSED
    return fmt_rate_beside(rate, target, base=base, publication=publication, places=places)


def shown_score(mean: float | None, n: int | None, publication: bool) -> str:
    """A mean score, suppressed in publication mode when fewer than 5 audits make it."""
    if publication and is_small_count(n):
        return SUPPRESSED
    return fmt_score(mean)


def shown_value(text: str) -> Decimal | None:
    """The number a reader sees in `text` ("76%", "6.9", "1,234"), None for "[c]" or "n/a"."""
    cleaned = text.rstrip("%").replace(",", "")
    try:
        return Decimal(cleaned)
    except ArithmeticError:
        return None


def direction(previous: str, current: str) -> str | None:
    """ "up", "down" or "same" between two shown values; None when either is hidden or missing."""
    before, now = shown_value(previous), shown_value(current)
    if before is None or now is None:
        return None
    if now > before:
        return "up"
    if now < before:
        return "down"
    return "same"


def count_noun(count: int | None, singular: str, publication: bool, plural_form: str = "") -> str:
    """`1 audit`, `2 audits`; a hidden count always takes the plural so the noun reveals nothing."""
    shown = shown_count(count, publication)
    if shown == SUPPRESSED or is_missing(count):
        return f"{shown} {plural_form or singular + 's'}"
    return plural(int(count), singular, plural_form or None)


def target_percent(target: float) -> str:
    """A target as a percentage with no more decimals than it needs: 90%, 92.5%."""
    for places in (0, 1, 2):
        text = fmt_rate(target, places=places)
        if Decimal(text.rstrip("%")) == Decimal(repr(float(target))) * 100:
            return text
    return fmt_rate(target, places=2)


def against_target(shown_actual: str, target: float) -> str | None:
    """ "below", "meets" or "above" comparing a shown percentage with a target fraction."""
    actual = shown_value(shown_actual)
    if actual is None:
        return None
    wanted = Decimal(repr(float(target))) * 100
    if actual < wanted:
        return "below"
    if actual > wanted:
        return "above"
    return "meets"


def target_clause(shown_actual: str, target: float | None) -> str | None:
    """`below the 90% target`, `in line with the 90% target`, `above the 90% target`."""
    word = against_target(shown_actual, target) if target is not None else None
    if word is None:
        return None
    relation = {"below": "below", "meets": "in line with", "above": "above"}[word]
    return f"{relation} the {target_percent(target)} target"
