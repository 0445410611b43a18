"""Section 8 of the paper, moving forward and actions: what improvement would look like, the
targets missed, the concerns that matter most, the actions agreed and the next cohort."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from helpers.figures.themes import STATUS_NEW
from helpers.pages.wording.lookups import Metrics
from helpers.pages.wording.targets import NOT_MET, describe_targets
from helpers.pages.wording.themes import STRENGTH, seen_count
from helpers.settings.params import Params

# In the first month of data every theme is "no earlier data": none is called new.
NEW_STATUSES = {STATUS_NEW, "new this month"}
IMPROVEMENT = (
    "We will know when we are making improvements when the monthly audit returns consistently "
    "show increased scores, and overall judgements show a percentage increase in those graded "
    "'Good' and 'Outstanding', with fewer 'Requires Improvement' and no 'Inadequate' judgements."
)


def describe_concerns_to_act_on(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    """The most common concern this month and any new ones; strengths are never listed here."""
    concerns = [r for r in rows if r.get("kind") != STRENGTH and seen_count(r.get("audits")) > 0]
    if not concerns:
        return []
    top = max(concerns, key=lambda r: seen_count(r.get("audits")))
    points = [
        f"The concern raised most often in auditors' comments this month was "
        f"'{top['label']}'; it will be taken to the Quality Assurance Meeting."
    ]
    new = [r["label"] for r in concerns if str(r.get("status") or "") in NEW_STATUSES]
    if new:
        points.append(
            "New concerns this month, to watch in the next audit cycle: "
            + "; ".join(f"'{label}'" for label in new)
            + "."
        )
    return points


def describe_moving_forward(
    metrics: Metrics, params: Params, theme_rows: Sequence[Mapping[str, Any]]
) -> list[str]:
    """Section 8's points, in the paper's order."""
    points = [IMPROVEMENT]
    points += [t.sentence for t in describe_targets(metrics, params) if t.status == NOT_MET]
    points += describe_concerns_to_act_on(theme_rows)
    points += list(params.moving_forward)
    if params.next_cohort:
        cohort = params.next_cohort.strip().rstrip(".")
        points.append(f"The cohort of children that will be audited next: {cohort}.")
    return points
