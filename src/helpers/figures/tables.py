"""The count tables the pages show beyond `metrics.json`, computed once per month.

Pages read these frames (or, in publication mode, their suppressed copies from
`helpers.safe.publishable`), never the extracts, so a table, a chart and the disclosure audit
always see the same numbers.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from helpers.figures import compliance, scores, visits
from helpers.figures.metrics import compute_cut
from helpers.figures.selection import in_months, in_segment, segment_period
from helpers.settings.contract import DOMAINS
from helpers.settings.params import Params
from helpers.settings.periods import parse_month, previous_month, reporting_year_start

VISIT_COUNTS: tuple[str, ...] = ("due", *visits.OUTCOMES)


def trend_months(month: str, first_data_month: str, trend_months: int) -> tuple[str, str]:
    """The months a trend chart or table shows: the last `trend_months` up to the report month."""
    first = str(parse_month(month) - (trend_months - 1))
    return max(first, first_data_month), month


def table_score_bands(audits: pd.DataFrame, month: str, params: Params) -> pd.DataFrame:
    """Per domain (id and short label): scores in each band and the scores given ("Scores")."""
    labels = {d: params.short_label(d) for d in DOMAINS}
    distribution = scores.compute_score_distribution(in_months(audits, month, month), labels)
    bands = scores.table_score_bands(distribution)
    bands["Scores"] = bands[list(scores.SCORE_BANDS)].sum(axis=1).astype(int)
    ids = {label: domain for domain, label in labels.items()}
    bands.insert(0, "domain", bands["Domain"].map(ids))
    return bands


def compute_page_tables(
    audits: pd.DataFrame, visit_rows: pd.DataFrame | None, month: str, params: Params
) -> dict[str, pd.DataFrame]:
    """Every count table a page shows that metrics.json does not hold, keyed by name."""
    tables = compute_audit_tables(audits, month, params)
    if visit_rows is not None:
        tables.update(compute_visit_tables(audits, visit_rows, month, params))
    return tables


def compute_audit_tables(
    audits: pd.DataFrame, month: str, params: Params
) -> dict[str, pd.DataFrame]:
    """The page tables made from the audits alone."""
    return {
        "compliance_by_team": compliance.compute_compliance_by(audits, month, "team"),
        "score_bands": table_score_bands(audits, month, params),
    }


# The page tables made from the visits (`compute_visit_tables`).
VISIT_TABLES: tuple[str, ...] = ("visits_trend", "visits_by_team")


def compute_visit_tables(
    audits: pd.DataFrame, visit_rows: pd.DataFrame, month: str, params: Params
) -> dict[str, pd.DataFrame]:
    """The page tables made from the visits (the audits give the first month of data)."""
    up_to_month = audits[audits["audit_month"] <= month]
    first_data = str(up_to_month["audit_month"].min()) if len(up_to_month) else month
    first, last = trend_months(month, first_data, params.trend_months)
    # The trend starts at April at the latest, so each month of the cumulative table is in it.
    first = min(first, reporting_year_start(month))
    return {
        "visits_trend": visits.compute_visits_trend(visit_rows, first, last),
        "visits_by_team": visits.compute_visits_by_team(
            visit_rows, reporting_year_start(month), month
        ),
    }


def compute_earlier_segments(audits: pd.DataFrame, month: str, params: Params) -> dict[str, Any]:
    """Each reporting-year segment as last month's pack published it (April to the month before).

    A reader can subtract it from this month's figure; the disclosure audit needs it for that.
    None for a segment whose period starts this month.
    """
    earlier = {}
    for name, segment in params.segments.items():
        first, last = segment_period(segment, month)
        before = previous_month(last)
        if first > before:
            earlier[name] = None
            continue
        earlier[name] = compute_cut(in_segment(audits, segment), first, before)
    return earlier
