"""Deterministic synthetic extracts for a fictional authority, for demos, tests and benchmarks.

Everything is invented: the authority, teams' managers, auditors, workers and children. Comments
are drawn from `demo_phrases.yaml`; which theme each sentence was meant to show is kept apart, in
`make_demo_audit_comment_truth`, never in the extract. The same seed gives byte-identical files.
"""

from helpers.extracts.demo.audits import make_demo_audit_comment_truth, make_demo_audits
from helpers.extracts.demo.cycle import (
    fill_demo_allocation,
    make_demo_actions,
    make_demo_auditors,
    make_demo_children,
    make_demo_moderation,
)
from helpers.extracts.demo.files import make_large_extracts, write_demo_extracts
from helpers.extracts.demo.visits import make_demo_visits
from helpers.extracts.demo.world import (
    AUDITORS,
    AUTHORITY,
    FICTIONAL_NAMES,
    LOW_RETURNING_MANAGERS,
    TEAM_MANAGERS,
    TEAMS,
    WORKERS,
)
from helpers.extracts.writing import write_frame

__all__ = [
    "AUDITORS",
    "AUTHORITY",
    "FICTIONAL_NAMES",
    "LOW_RETURNING_MANAGERS",
    "TEAMS",
    "TEAM_MANAGERS",
    "WORKERS",
    "fill_demo_allocation",
    "make_demo_actions",
    "make_demo_auditors",
    "make_demo_children",
    "make_demo_moderation",
    "make_demo_audit_comment_truth",
    "make_demo_audits",
    "make_demo_visits",
    "make_large_extracts",
    "write_demo_extracts",
    "write_frame",
]
