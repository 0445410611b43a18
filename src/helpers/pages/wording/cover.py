"""The committee cover sheet: each field from `params.cover`, the executive summary drafted.

A value the paper needs but nobody has set (the meeting's date, the lead member and officer, the
contact officer) shows as "To be completed" rather than stopping the run: the month's figures are
run and checked as soon as the extracts arrive, often before the meeting's date and names are
known, and the marker is impossible to miss on the first page. `missing_cover_fields` lists them
so a command can warn before the paper is sent.
"""

from __future__ import annotations

from dataclasses import dataclass

from helpers.pages.wording.lookups import Metrics
from helpers.pages.wording.phrases import join_words
from helpers.pages.wording.process import ordered_cohorts
from helpers.pages.wording.summary import describe_executive_summary
from helpers.settings.contract import COHORT_NAMES
from helpers.settings.params import CoverSheet, Params
from helpers.settings.periods import month_label, period_label

TO_BE_COMPLETED = "To be completed"


@dataclass(frozen=True)
class CoverField:
    label: str
    lines: tuple[str, ...]  # one paragraph each; empty when the value is to be completed
    missing: bool = False


def _field(label: str, *values: str | None) -> CoverField:
    lines = tuple(v for v in values if v)
    return CoverField(label, lines, missing=not lines)


def missing_cover_fields(cover: CoverSheet) -> list[str]:
    """The cover sheet's required values that are not set, by the label the sheet shows."""
    required = {
        "Meeting": cover.meeting,
        "Date of meeting": cover.meeting_date,
        "Lead Member": cover.lead_member,
        "Lead Officer": cover.lead_officer,
        "Officer contact": cover.officer_contact.name,
    }
    return [label for label, value in required.items() if not value]


def _cohort_words(metrics: Metrics) -> str:
    cohorts = (metrics.get("process") or {}).get("cohorts") or {}
    names = [COHORT_NAMES.get(code, code) for code, _ in ordered_cohorts(cohorts)]
    if not names:
        return ""
    if len(names) == 1:
        return f", which was for {names[0]} ({next(iter(cohorts))})"
    return f", which covered {join_words(names)}"


def draft_executive_summary(
    metrics: Metrics, params: Params, headlines: list[str] | None = None
) -> list[str]:
    """The paper's opening sentence for the period, then each section's headline (the month's
    unless `headlines` are given, as the quarterly paper does)."""
    process = metrics.get("process") or {}
    first, last = process.get("from") or metrics["month"], process.get("to") or metrics["month"]
    opening = (
        "This paper provides an update and overall conclusion of the findings of the "
        f"Safeguarding and Standards monthly manager's audit for {period_label(first, last)}"
        f"{_cohort_words(metrics)}"
    )
    segments = metrics.get("segments") or {}
    if segments:
        parts = [
            f"{name} case files audited since {month_label(cut['from'])}"
            if cut.get("from") != cut.get("to")
            else f"{name} case files audited in {month_label(cut['from'])}"
            for name, cut in segments.items()
        ]
        opening += f", and includes a summary of {join_words(parts)}"
    if headlines is None:
        headlines = describe_executive_summary(metrics, params)
    return [opening + ".", *headlines]


def _appendices(metrics: Metrics, params: Params, report: str) -> str:
    if params.cover.appendices:
        return params.cover.appendices
    process = metrics.get("process") or {}
    first, last = process.get("from") or metrics["month"], process.get("to") or metrics["month"]
    text = f"Appendix A - {report} - {period_label(first, last)}"
    segments = [
        f"{n} since {month_label(c['from'])}" for n, c in (metrics.get("segments") or {}).items()
    ]
    if segments:
        text += f", detailing {join_words(segments)}"
    return text + "."


def _risk(cover: CoverSheet) -> tuple[str | None, ...]:
    return (
        f"Current risk: {cover.current_risk}" if cover.current_risk else None,
        f"Residual risk: {cover.residual_risk}" if cover.residual_risk else None,
        cover.risk_assessment,
    )


def describe_cover_sheet(
    metrics: Metrics,
    params: Params,
    headlines: list[str] | None = None,
    report: str = "Monthly Audit Report",
) -> list[CoverField]:
    """Every field of the reference paper's cover sheet, in its order."""
    cover = params.cover
    date = cover.meeting_date
    contact = cover.officer_contact
    summary = [cover.executive_summary] if cover.executive_summary else None
    return [
        _field("Meeting", cover.meeting),
        _field("Date of meeting", f"{date.day} {date:%B %Y}" if date else None),
        _field("Lead Member", cover.lead_member),
        _field("Lead Officer", cover.lead_officer),
        _field(
            "Executive Summary", *(summary or draft_executive_summary(metrics, params, headlines))
        ),
        _field("Equalities Impact Assessment", cover.equalities_impact),
        _field("Budget", cover.budget),
        _field("Risk Assessment", *_risk(cover)),
        _field("Climate implications", cover.climate_implications),
        _field("Other Implications", cover.other_implications),
        _field("Recommendation", cover.recommendation),
        _field("Reason for Recommendation", cover.reason_for_recommendation),
        _field("Appendices", _appendices(metrics, params, report)),
        _field("Background Papers", cover.background_papers),
        CoverField(
            "Officer contact",
            tuple(
                f"{label}: {value}"
                for label, value in (
                    ("Name", ", ".join(v for v in (contact.name, contact.role) if v)),
                    ("Tel", contact.tel),
                    ("Email", contact.email),
                )
                if value
            ),
            missing=not contact.name,
        ),
    ]
