"""Audit scores: domain means, the overall mean, trends and distributions (section 4 of the paper).

The overall mean is pooled: every non-blank domain score of the returned audits, added up and
divided by how many there are, so a blank domain score never counts as zero.
"""

from __future__ import annotations

import math

import pandas as pd

from helpers.figures.selection import returned
from helpers.settings.contract import DOMAINS, SCORE_COLUMNS
from helpers.settings.formatting import round_half_up
from helpers.settings.periods import months_between

SCORE_BANDS: tuple[str, ...] = ("1-3", "4-6", "7-8", "9-10")


def _mean_or_none(values: pd.Series) -> float | None:
    value = values.mean()
    return None if pd.isna(value) else float(value)


def compute_domain_means(audits: pd.DataFrame) -> dict[str, float | None]:
    """Mean score of each domain over the returned audits given, in report order."""
    done = returned(audits)
    return {domain: _mean_or_none(done[f"score_{domain}"]) for domain in DOMAINS}


def compute_overall_mean(audits: pd.DataFrame) -> float | None:
    """Pooled mean of every non-blank domain score of the returned audits given."""
    scores = returned(audits)[list(SCORE_COLUMNS)].to_numpy(dtype=float).ravel()
    scored = scores[~pd.isna(scores)]
    return float(scored.mean()) if scored.size else None


def compute_score_trend(audits: pd.DataFrame, first: str, last: str) -> pd.DataFrame:
    """Returned audits and the overall mean for every month from `first` to `last`, oldest first."""
    done = returned(audits)
    months = months_between(first, last)
    long = done[["audit_month", *SCORE_COLUMNS]].melt("audit_month", value_name="score")
    grouped = long.groupby("audit_month")["score"].mean()
    counts = done.groupby("audit_month").size()
    return pd.DataFrame(
        {
            "month": months,
            "n": [int(counts.get(m, 0)) for m in months],
            "overall_mean": [float(grouped.get(m, math.nan)) for m in months],
        }
    )


def table_domain_means(
    this_month: dict[str, float | None],
    previous_month: dict[str, float | None],
    labels: dict[str, str],
) -> pd.DataFrame:
    """Domains in report order with their label and this and last month's means (NaN when none)."""
    return pd.DataFrame(
        {
            "domain": list(DOMAINS),
            "label": [labels[d] for d in DOMAINS],
            "this_month": [math.nan if this_month[d] is None else this_month[d] for d in DOMAINS],
            "previous_month": [
                math.nan if previous_month[d] is None else previous_month[d] for d in DOMAINS
            ],
        }
    )


def extreme_domains(means: dict[str, float | None], lowest: bool) -> list[str]:
    """The weakest (or strongest) domains, several when tied at one decimal as the report shows them."""
    shown = {d: round_half_up(v, 1) for d, v in means.items() if v is not None}
    if not shown:
        return []
    target = min(shown.values()) if lowest else max(shown.values())
    return [d for d in DOMAINS if shown.get(d) == target]


def compute_score_distribution(audits: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """Long frame of every non-blank score of the returned audits: domain, label, score."""
    done = returned(audits)
    long = done[list(SCORE_COLUMNS)].melt(var_name="column", value_name="score").dropna()
    long["domain"] = long["column"].str.removeprefix("score_")
    long["label"] = long["domain"].map(labels)
    return long[["domain", "label", "score"]].reset_index(drop=True)


def table_score_bands(distribution: pd.DataFrame) -> pd.DataFrame:
    """How many scores of each domain fell in each band (1-3, 4-6, 7-8, 9-10), domains in order."""
    bands = pd.cut(distribution["score"], bins=[0, 3, 6, 8, 10], labels=list(SCORE_BANDS))
    table = pd.crosstab(distribution["label"], bands).reindex(
        columns=list(SCORE_BANDS), fill_value=0
    )
    order = list(dict.fromkeys(distribution["label"]))
    return table.reindex(order).rename_axis(index="Domain", columns=None).reset_index()
