"""The figures behind a quarterly paper: the quarter's three months pooled, beside the quarter before.

Quarters follow the council's financial year (Q1 is April to June; see settings/periods.py). A
month of the quarter with no audits allocated is listed in `missing_months`, never filled in.
Rates and means are unrounded, as in a month's metrics.json.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from helpers.figures import compliance
from helpers.figures import visits as visit_figures
from helpers.figures.metrics import compute_cut, compute_segments
from helpers.figures.process import compute_process
from helpers.figures.selection import in_months
from helpers.settings.params import Params
from helpers.settings.periods import months_between, parse_quarter, previous_quarter


def compute_period_compliance(audits: pd.DataFrame, first: str, last: str) -> dict[str, Any]:
    """Allocated, returned and rate over the months `first` to `last` (rate None if none allocated)."""
    chosen = in_months(audits, first, last)
    allocated, returned = len(chosen), int(chosen["date_completed"].notna().sum())
    return {
        "from": first,
        "to": last,
        "allocated": allocated,
        "returned": returned,
        "rate": returned / allocated if allocated else None,
    }


def compute_quarter_metrics(
    audits: pd.DataFrame, visits: pd.DataFrame | None, quarter: str, params: Params
) -> dict[str, Any]:
    """Compliance, scores, judgements, process, segments and visits for `quarter` and the one before."""
    first, last = parse_quarter(quarter)
    before = previous_quarter(quarter)
    before_first, before_last = parse_quarter(before)
    months = months_between(first, last)
    allocated_months = set(audits["audit_month"])
    up_to = audits[audits["audit_month"] <= last]
    first_data = str(up_to["audit_month"].min()) if len(up_to) else first
    return {
        "quarter": quarter,
        "from": first,
        "to": last,
        "months": months,
        "missing_months": [m for m in months if m not in allocated_months],
        "previous_quarter": before,
        "first_data_month": first_data,
        "publication": bool(params.publication),
        "compliance": {
            **compute_period_compliance(audits, first, last),
            "target": params.targets.compliance_rate,
            "previous": {
                "quarter": before,
                **compute_period_compliance(audits, before_first, before_last),
            },
            "by_month": [compliance.compute_compliance(audits, m) for m in months],
        },
        "scores": {
            "quarter": compute_cut(audits, first, last),
            "previous_quarter": compute_cut(audits, before_first, before_last),
        },
        "visits": visit_figures.compute_visits_summary(
            visits, last, params.targets.visits_on_time_rate
        ),
        "segments": compute_segments(audits, last, params, first_data),
        "process": compute_process(audits, first, last),
        "targets": params.targets.model_dump(),
    }
