"""The quarterly paper: the quarter's tables beside the quarter before, for Appendix A."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from helpers.figures.quarter import compute_quarter_metrics
from helpers.pages import judgements, visits
from helpers.pages.context import MonthContext, load_frames, load_run_params
from helpers.pages.tables import Table, format_columns
from helpers.settings.contract import DOMAINS
from helpers.settings.formatting import fmt_change, fmt_count
from helpers.settings.params import ParamsError
from helpers.settings.periods import month_label, parse_quarter, quarter_label


@dataclass(frozen=True)
class QuarterContext:
    quarter: str
    month_context: MonthContext  # the quarter's last month, with the quarter's metrics

    @property
    def metrics(self) -> dict:
        return self.month_context.metrics

    @property
    def params(self):
        return self.month_context.params

    @property
    def publication(self) -> bool:
        return self.month_context.publication

    @property
    def label(self) -> str:
        return quarter_label(self.quarter)

    @property
    def previous_label(self) -> str:
        before = self.metrics["previous_quarter"]
        return f"Quarter {before[-1]} {before[:7]}"


def load_quarter_context(
    quarter: str,
    audits_path: str | Path | None = None,
    visits_path: str | Path | None = None,
    params_path: str | Path | None = None,
    publication: bool | None = None,
    metrics_path: str | Path | None = None,
) -> QuarterContext:
    """As `load_context`, for a quarter (`2019-20Q1`); figures computed when no metrics file."""
    _, last = parse_quarter(quarter)
    params = load_run_params(last, params_path, publication)
    audits_file = audits_path or params.data.audits
    if audits_file is None:
        raise ParamsError(
            "no audits extract: give audits_path or set data.audits in the parameters"
        )
    audits, visit_frame = load_frames(audits_file, visits_path or params.data.visits)
    if metrics_path is not None:
        metrics = json.loads(Path(metrics_path).read_text(encoding="utf-8"))
    else:
        metrics = compute_quarter_metrics(audits, visit_frame, quarter, params)
    return QuarterContext(quarter, MonthContext(last, params, audits, visit_frame, metrics))


def table_quarter_compliance(qc: QuarterContext) -> Table:
    """Each month of the quarter, the quarter, and the quarter before: allocated, returned, rate."""
    figures = qc.metrics["compliance"]
    rows = [{"Period": month_label(m["month"]), **_counts(m)} for m in figures["by_month"]]
    rows.append({"Period": qc.label, **_counts(figures)})
    rows.append({"Period": qc.previous_label, **_counts(figures["previous"])})
    shown = format_columns(
        pd.DataFrame(rows),
        counts=("Allocated", "Returned"),
        rates={"Rate": "Allocated"},
        publication=qc.publication,
        numerators={"Rate": "Returned"},
    )
    return Table(
        shown, f"Audits allocated and returned, {qc.label}, by month and the quarter before"
    )


def _counts(figures: dict) -> dict:
    return {
        "Allocated": figures["allocated"],
        "Returned": figures["returned"],
        "Rate": figures["rate"],
    }


def table_quarter_domain_means(qc: QuarterContext) -> Table:
    """Each domain's average score in the quarter and the quarter before, and the change as shown."""
    now, before = qc.metrics["scores"]["quarter"], qc.metrics["scores"]["previous_quarter"]
    labels = [qc.params.short_label(d) for d in DOMAINS] + ["All seven domains"]
    previous = [before["domain_means"][d] for d in DOMAINS] + [before["overall_mean"]]
    current = [now["domain_means"][d] for d in DOMAINS] + [now["overall_mean"]]
    table = pd.DataFrame({"Domain": labels, "before": previous, "now": current}).astype(
        {"before": float, "now": float}
    )
    shown = format_columns(table, scores=("before", "now"))
    shown["Change"] = [
        fmt_change(None if pd.isna(b) else b, None if pd.isna(a) else a)
        for b, a in zip(table["before"], table["now"], strict=True)
    ]
    shown = shown.rename(
        columns={
            "before": f"{qc.previous_label} (n={fmt_count(before['n'])})",
            "now": f"{qc.label} (n={fmt_count(now['n'])})",
        }
    )
    return Table(shown, f"Average score by domain (1 to 10), {qc.label} and the quarter before")


def table_quarter_judgements(qc: QuarterContext) -> Table:
    cuts = {
        qc.previous_label: qc.metrics["scores"]["previous_quarter"],
        qc.label: qc.metrics["scores"]["quarter"],
    }
    return judgements.table_judgement_cuts(
        cuts,
        f"Overall judgements: number of audits (share), {qc.label} and the quarter before",
    )


def table_quarter_visits(qc: QuarterContext) -> Table | None:
    """Table 4.A as of the quarter's last month: cumulative from April."""
    table = visits.table_year_to_date(qc.month_context)
    return None if table is None else Table(table.frame, f"4.A {table.caption}")
