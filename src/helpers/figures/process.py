"""Section 2 of the paper, the audit process: which cohorts and teams were audited, and escalations.

The cohort is read from the `cohort` column of the audits allocated in the period (the list each
case was picked from); escalations from `escalated` on the returned audits. A returned audit with
`escalated` blank is counted as not recorded, never as "no".
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from helpers.figures.selection import in_months, returned
from helpers.settings.contract import COHORTS


def compute_process(audits: pd.DataFrame, first: str, last: str) -> dict[str, Any]:
    """Allocated audits by cohort, the teams and districts audited, and the escalation counts."""
    allocated = in_months(audits, first, last)
    done = returned(allocated)
    cohorts = allocated["cohort"].value_counts()
    flags = done["escalated"].astype("boolean")
    return {
        "from": first,
        "to": last,
        # In the contract's order (LAC, CIN, CP, CL), then anything else the extract holds.
        "cohorts": {
            str(cohort): int(cohorts[cohort])
            for cohort in [
                *[c for c in COHORTS if c in cohorts],
                *sorted(set(cohorts.index) - set(COHORTS)),
            ]
        },
        "teams": sorted(str(team) for team in allocated["team"].dropna().unique()),
        "districts": sorted(str(d) for d in allocated["district"].dropna().unique()),
        "escalated": int((flags == True).sum()),  # noqa: E712 - a nullable boolean column
        "escalation_not_recorded": int(flags.isna().sum()),
        "returned": len(done),
    }
