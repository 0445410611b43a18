"""The note every page and email of a publication pack carries near the top."""

from __future__ import annotations

from helpers.settings.formatting import SUPPRESSED

DEFAULT_THRESHOLD = 5


def describe_publication_note(threshold: int = DEFAULT_THRESHOLD) -> str:
    """What every page and email of a publication pack says near the top."""
    return (
        "Publication version. This version of the report may be shared outside the council. "
        f"{SUPPRESSED} marks a figure withheld to protect confidentiality: counts of 1 to "
        f"{threshold - 1} (0 is shown), rates and averages based on fewer than {threshold} "
        "audits or visits, and further figures withheld so that a hidden one cannot be worked "
        "out from totals, other tables or earlier months. Comment excerpts and names are left out."
    )
