"""The data contract (docs/contract.md) as constants, declared once.

Every other module takes column names, domain keys and grade names from here.
"""

from __future__ import annotations

# The seven practice domains, in report order.
DOMAINS: tuple[str, ...] = (
    "voice_of_child",
    "assessment",
    "planning",
    "impact",
    "equality_diversity",
    "recording",
    "management_oversight",
)
SCORE_COLUMNS: tuple[str, ...] = tuple(f"score_{d}" for d in DOMAINS)
COMMENT_COLUMNS: tuple[str, ...] = tuple(f"comment_{d}" for d in DOMAINS)
# Every free-text column whose words can show a theme, in the order they are read.
TEXT_COLUMNS: tuple[str, ...] = (*COMMENT_COLUMNS, "summary_comment", "actions")

# Ofsted-style grades, best first.
GRADES: tuple[str, ...] = ("Outstanding", "Good", "Requires Improvement", "Inadequate")
GOOD_OR_BETTER: tuple[str, ...] = ("Outstanding", "Good")
GRADE_ALIASES: dict[str, str] = {"ri": "Requires Improvement"}

COHORTS: tuple[str, ...] = ("LAC", "CIN", "CP", "CL")
COHORT_NAMES: dict[str, str] = {
    "LAC": "Children Looked After",
    "CIN": "Children in Need",
    "CP": "children subject to a Child Protection plan",
    "CL": "Care Leavers",
}

AUDIT_REQUIRED: tuple[str, ...] = (
    "audit_id",
    "audit_month",
    "child_id",
    "cohort",
    "team",
    "team_manager",
    "auditor",
    "date_allocated",
)
AUDIT_OPTIONAL: tuple[str, ...] = (
    "district",
    "date_completed",
    *SCORE_COLUMNS,
    "judgement",
    "escalated",
    *TEXT_COLUMNS,
)
AUDIT_COLUMNS: tuple[str, ...] = (
    "audit_id",
    "audit_month",
    "child_id",
    "cohort",
    "team",
    "district",
    "team_manager",
    "auditor",
    "date_allocated",
    "date_completed",
    *SCORE_COLUMNS,
    "judgement",
    "escalated",
    *TEXT_COLUMNS,
)
AUDIT_DATE_COLUMNS: tuple[str, ...] = ("date_allocated", "date_completed")

VISIT_REQUIRED: tuple[str, ...] = ("visit_id", "child_id", "team", "due_date")
VISIT_COLUMNS: tuple[str, ...] = (
    "visit_id",
    "child_id",
    "team",
    "due_date",
    "visit_date",
    "recorded_date",
)
VISIT_DATE_COLUMNS: tuple[str, ...] = ("due_date", "visit_date", "recorded_date")

# Identifiers that must never reach a shareable output.
IDENTIFIER_COLUMNS: tuple[str, ...] = ("audit_id", "child_id", "visit_id")

# Theme ids the default codebook must provide.
DEFAULT_THEME_IDS: tuple[str, ...] = (
    "meeting_attendance",
    "equality_diversity_uncertainty",
    "drift_worker_absence",
    "supervision_not_reflective",
    "iro_escalation",
    "plan_out_of_date",
    "chronology_missing",
    "late_recording",
    "visits_out_of_timescale",
    "voice_of_child_strong",
)

# The audit cycle's lists and optional extracts (docs/contract.md, inputs 3 to 6).
CHILDREN_REQUIRED: tuple[str, ...] = ("child_id", "cohort", "team", "team_manager")
CHILDREN_COLUMNS: tuple[str, ...] = ("child_id", "cohort", "team", "district", "team_manager")
AUDITOR_COLUMNS: tuple[str, ...] = ("auditor", "team")
# The columns an allocation fills in: the rest of AUDIT_COLUMNS stay blank until the audit returns.
ALLOCATION_COLUMNS: tuple[str, ...] = tuple(
    c for c in AUDIT_COLUMNS if c in (*AUDIT_REQUIRED, "district")
)
ACTION_REQUIRED: tuple[str, ...] = ("audit_id", "action", "owner", "due_date")
ACTION_COLUMNS: tuple[str, ...] = (*ACTION_REQUIRED, "completed_date")
ACTION_DATE_COLUMNS: tuple[str, ...] = ("due_date", "completed_date")
MODERATED_SCORE_COLUMNS: tuple[str, ...] = tuple(f"moderated_score_{d}" for d in DOMAINS)
MODERATION_REQUIRED: tuple[str, ...] = ("audit_id", "moderator", "moderated_judgement")
MODERATION_COLUMNS: tuple[str, ...] = (*MODERATION_REQUIRED, *MODERATED_SCORE_COLUMNS)
