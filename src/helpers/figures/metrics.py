"""The figures behind a month's report, as `metrics.json` (shape: settings/schema/metrics.schema.json, docs/contract.md).

Every section notebook, chart and sentence reads its numbers from here or from the same compute
functions, so a number in a sentence, a chart and a table cannot disagree.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pandas as pd

from helpers.figures import compliance, judgements, process, scores
from helpers.figures import visits as visit_figures
from helpers.figures.actions import compute_actions
from helpers.figures.moderation import compute_moderation
from helpers.figures.selection import in_months, in_segment, segment_period
from helpers.settings.contract import GOOD_OR_BETTER, TEXT_COLUMNS
from helpers.settings.params import Params
from helpers.settings.periods import previous_month, reporting_year_start

# The contract's metrics.json schema (docs/contract.md), shipped with the package.
SCHEMA_FILE = Path(__file__).parents[1] / "settings" / "schema" / "metrics.schema.json"


def compute_cut(audits: pd.DataFrame, first: str, last: str) -> dict[str, Any]:
    """Scores and judgements for the returned audits from `first` to `last` (the schema's `cut`)."""
    chosen = in_months(audits, first, last)
    counts = judgements.compute_judgement_counts(chosen)
    return {
        "from": first,
        "to": last,
        "n": int(chosen["date_completed"].notna().sum()),
        "overall_mean": scores.compute_overall_mean(chosen),
        "domain_means": scores.compute_domain_means(chosen),
        "judgement_counts": counts,
        "judgement_shares": judgements.compute_judgement_shares(counts),
        # Printed in the judgements table and the narrative; the disclosure audit needs it too.
        "good_or_better": sum(counts[g] for g in GOOD_OR_BETTER),
        "good_or_better_share": judgements.good_or_better_share(counts),
    }


def compute_segments(
    audits: pd.DataFrame, month: str, params: Params, first_data_month: str | None = None
) -> dict[str, dict]:
    """Each segment named in the parameters, over its own period ending with the report month.

    The period starts no earlier than the first month of data, so that a paper never says
    "since April 2016" of audits that began in January 2017.
    """
    cuts = {}
    for name, segment in params.segments.items():
        first, last = segment_period(segment, month)
        first = max(first, first_data_month or first)
        cuts[name] = compute_cut(in_segment(audits, segment), first, last)
    return cuts


def _none_for_nan(value: Any) -> Any:
    return None if isinstance(value, float) and math.isnan(value) else value


def _records(frame: pd.DataFrame) -> list[dict]:
    return [
        {key: _none_for_nan(value) for key, value in row.items()}
        for row in frame.to_dict(orient="records")
    ]


def compute_metrics(
    audits: pd.DataFrame,
    visits: pd.DataFrame | None,
    month: str,
    params: Params,
    theme_counts: dict[str, dict[str, int]] | None = None,
    actions: pd.DataFrame | None = None,
    moderation: pd.DataFrame | None = None,
) -> dict[str, Any]:
    """All the month's figures. `theme_counts` maps "month"/"previous_month" to theme id -> audits.

    `actions` and `moderation` are the optional extracts (None: not given); when moderation is
    given, `audits` should already carry the moderated judgements (`moderation.apply_moderation`).

    The trends start at the first audit month in the extract; `visits` None means no visits
    extract was given, and the visits figures say so instead of being invented.
    """
    # No figure here reads the comments (theme counts come in `theme_counts`): without them
    # each selection below copies far less (the large extract's metrics 0.20 -> 0.12 s).
    audits = audits.drop(columns=[c for c in TEXT_COLUMNS if c in audits.columns])
    previous = previous_month(month)
    up_to_month = audits[audits["audit_month"] <= month]
    first = str(up_to_month["audit_month"].min()) if len(up_to_month) else month
    this = compliance.compute_compliance(audits, month)
    before = compliance.compute_compliance(audits, previous)
    judgement_trend = judgements.compute_judgement_trend(audits, first, month)
    themes = theme_counts or {"month": {}, "previous_month": {}}
    return {
        "month": month,
        "previous_month": previous,
        "reporting_year_start": reporting_year_start(month),
        "first_data_month": first,
        "publication": bool(params.publication),
        "compliance": {
            "allocated": this["allocated"],
            "returned": this["returned"],
            "rate": this["rate"],
            "target": params.targets.compliance_rate,
            "previous": before,
            "trend": _records(compliance.compute_compliance_trend(audits, first, month)),
        },
        "scores": {
            "month": compute_cut(audits, month, month),
            "previous_month": compute_cut(audits, previous, previous),
            "trend": _records(scores.compute_score_trend(audits, first, month)),
        },
        "judgements": {
            "trend": [
                {
                    "month": m,
                    "counts": dict(zip(group["grade"], group["count"].tolist(), strict=True)),
                }
                for m, group in judgement_trend.groupby("month", sort=True)
            ],
        },
        "visits": visit_figures.compute_visits_summary(
            visits, month, params.targets.visits_on_time_rate
        ),
        "themes": {
            "month": dict(themes.get("month", {})),
            "previous_month": dict(themes.get("previous_month", {})),
            "returned": this["returned"],
            # Theme id -> "concern" or "strength", so readers of metrics.json keep them apart.
            "kinds": dict(themes.get("kinds", {})),
        },
        "segments": compute_segments(audits, month, params, first),
        "process": process.compute_process(audits, month, month),
        "targets": params.targets.model_dump(),
        "actions": compute_actions(actions, audits, month),
        "moderation": compute_moderation(moderation, audits, month, reporting_year_start(month)),
    }


def metrics_to_json(metrics: dict[str, Any]) -> str:
    """Stable text: sorted keys and plain floats, so the same inputs give byte-identical files."""
    return json.dumps(metrics, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False) + "\n"


def validate_metrics(metrics: dict[str, Any], schema_file: Path = SCHEMA_FILE) -> None:
    """Raise jsonschema.ValidationError when `metrics` does not fit the contract's schema."""
    # Imported here: jsonschema takes ~2 s to import (its URI grammar), and every page's kernel
    # imports this module without ever validating.
    import jsonschema

    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    # The schema itself is checked by the tests (test_project), not on every run: that check
    # cost more than checking the month's figures (0.018 s against 0.006 s).
    jsonschema.validators.validator_for(schema)(schema).validate(metrics)
