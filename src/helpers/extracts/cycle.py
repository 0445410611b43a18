"""The audit cycle's inputs: the children and auditors lists (allocation), and the optional actions
and moderation extracts. Each is read and checked like the audits and visits extracts (file, row,
column, value, every problem at once); actions and moderation are also checked against the audits.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from helpers.extracts.loading import load_extract
from helpers.extracts.validation import ExtractError, ExtractSpec, Problem, shorten
from helpers.settings import contract

CHILDREN = ExtractSpec(
    "children", contract.CHILDREN_COLUMNS, contract.CHILDREN_REQUIRED, "child_id", ()
)
AUDITORS = ExtractSpec(
    "auditors", contract.AUDITOR_COLUMNS, contract.AUDITOR_COLUMNS, "auditor", ()
)
# An audit may have several actions, so the actions extract has no id column of its own.
ACTIONS = ExtractSpec(
    "actions", contract.ACTION_COLUMNS, contract.ACTION_REQUIRED, "", contract.ACTION_DATE_COLUMNS
)
# One moderation per audit: the audit id is the moderation's id.
MODERATION = ExtractSpec(
    "moderation", contract.MODERATION_COLUMNS, contract.MODERATION_REQUIRED, "audit_id", ()
)


def _frame(path: str | Path, spec: ExtractSpec) -> pd.DataFrame:
    result = load_extract(path, spec)
    result.frame.attrs["warnings"] = list(result.warnings)
    return result.frame


def load_children(path: str | Path) -> pd.DataFrame:
    """The children list the month's cohort is picked from (docs/contract.md, input 3)."""
    return _frame(path, CHILDREN)


def load_auditors(path: str | Path) -> pd.DataFrame:
    """The peer auditors and their own teams (docs/contract.md, input 4)."""
    return _frame(path, AUDITORS)


def _unknown_audits(frame: pd.DataFrame, audits: pd.DataFrame, file: str) -> list[Problem]:
    known = set(audits["audit_id"])
    return [
        Problem(file, "audit_unknown", int(row), "audit_id", shorten(value))
        for row, value in zip(frame["source_row"], frame["audit_id"], strict=True)
        if value not in known
    ]


def load_actions(path: str | Path, audits: pd.DataFrame) -> pd.DataFrame:
    """The follow-up actions (docs/contract.md, input 5); every audit id must be in `audits`."""
    frame = _frame(path, ACTIONS)
    problems = _unknown_audits(frame, audits, Path(path).name)
    if problems:
        raise ExtractError(problems)
    return frame


def load_moderation(path: str | Path, audits: pd.DataFrame) -> pd.DataFrame:
    """Second readings (docs/contract.md, input 6): each of a known, returned audit."""
    frame = _frame(path, MODERATION)
    file = Path(path).name
    problems = _unknown_audits(frame, audits, file)
    known = set(audits["audit_id"])
    returned = set(audits.loc[audits["date_completed"].notna(), "audit_id"])
    problems += [
        Problem(file, "moderated_not_returned", int(row), "audit_id", shorten(value))
        for row, value in zip(frame["source_row"], frame["audit_id"], strict=True)
        if value in known and value not in returned
    ]
    if problems:
        raise ExtractError(problems)
    return frame
