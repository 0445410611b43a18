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


def load_cycle_extracts(
    actions_path: str | Path | None, moderation_path: str | Path | None, audits: pd.DataFrame
) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    """Both optional extracts (None where no file is named), checked together against `audits`."""
    problems: list[Problem] = []
    frames: list[pd.DataFrame | None] = []
    for path, load in ((actions_path, load_actions), (moderation_path, load_moderation)):
        try:
            frames.append(None if path is None else load(path, audits))
        except ExtractError as error:
            problems += error.problems
            frames.append(None)
    if problems:
        raise ExtractError(problems)
    return frames[0], frames[1]


def cycle_paths(
    named: dict[str, Path | None], given: dict[str, Path | None], audits_given: bool
) -> tuple[dict[str, Path | None], list[str]]:
    """Which actions and moderation files a run reads, and notes on those it leaves out.

    `given` are the files named for this run (command line); `named` those in the parameters,
    which belong with the parameters' audits: they are used only when the audits come from the
    parameters too, and only if the file exists (demo data written before it had them).
    """
    chosen: dict[str, Path | None] = {}
    notes = []
    for name in ("actions", "moderation"):
        path = given.get(name)
        default = named.get(name)
        if path is None and default is not None and not audits_given:
            if Path(default).exists():
                path = default
            else:
                notes.append(f"the {name} extract {default} named in the parameters is not there")
        chosen[name] = path
        if path is None:
            notes.append(f"no {name} extract: that part of the report is not available")
    return chosen, notes
