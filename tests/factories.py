"""Small fake audit and visit frames in the loaded shape, for tests. All names and ids are fictional."""

from __future__ import annotations

import pandas as pd

from helpers.settings.contract import AUDIT_COLUMNS, DOMAINS, SCORE_COLUMNS, VISIT_COLUMNS


def raw_audit(**overrides: str) -> dict[str, str]:
    """One audit row as its cells read in an extract file: text, ISO dates, a returned audit."""
    row = {
        "audit_id": "A-TEST-001",
        "audit_month": "2019-06",
        "child_id": "C-TEST-001",
        "cohort": "LAC",
        "team": "0-12 East",
        "district": "East",
        "team_manager": "Sam Example",
        "auditor": "Alex Testperson",
        "date_allocated": "2019-06-03",
        "date_completed": "2019-06-20",
        **dict.fromkeys(SCORE_COLUMNS, "7"),
        "judgement": "Good",
        "escalated": "no",
    }
    return row | overrides


def audit(
    month: str = "2019-06",
    scores: int | list[float | None] | None = 7,
    judgement: str | None = "Good",
    returned: bool = True,
    team: str = "0-12 East",
    **overrides,
) -> dict:
    """One loaded audit row; `scores` is one score for every domain or a list of seven."""
    if isinstance(scores, int):
        scores = [scores] * len(DOMAINS)
    row = {column: pd.NA for column in AUDIT_COLUMNS}
    row.update(
        audit_month=month,
        child_id="C-TEST-001",
        cohort="LAC",
        team=team,
        district="East",
        team_manager="Manager Testone",
        auditor="Auditor Testtwo",
        date_allocated=pd.Timestamp(f"{month}-01"),
        date_completed=pd.Timestamp(f"{month}-20") if returned else pd.NaT,
        judgement=judgement if returned else pd.NA,
    )
    for domain, score in zip(DOMAINS, scores if returned and scores else [None] * 7, strict=True):
        row[f"score_{domain}"] = float("nan") if score is None else float(score)
    row.update(overrides)
    return row


def audits_frame(rows: list[dict]) -> pd.DataFrame:
    """Loaded-shape audits with ids A-TEST-1.. and source rows 2.. (header = row 1)."""
    frame = pd.DataFrame(rows, columns=list(AUDIT_COLUMNS))
    frame["audit_id"] = [f"A-TEST-{i}" for i in range(1, len(rows) + 1)]
    frame["source_row"] = range(2, len(rows) + 2)
    for column in ("date_allocated", "date_completed"):
        frame[column] = pd.to_datetime(frame[column])
    for domain in DOMAINS:
        frame[f"score_{domain}"] = frame[f"score_{domain}"].astype(float)
    return frame


def visits_frame(rows: list[tuple[str, str | None]], team: str = "0-12 East") -> pd.DataFrame:
    """Loaded-shape visits from (due_date, visit_date or None) pairs."""
    frame = pd.DataFrame(
        {
            "visit_id": [f"V-TEST-{i}" for i in range(1, len(rows) + 1)],
            "child_id": "C-TEST-001",
            "team": team,
            "due_date": pd.to_datetime([due for due, _ in rows]),
            "visit_date": pd.to_datetime([visit for _, visit in rows]),
            "recorded_date": pd.to_datetime([visit for _, visit in rows]),
        },
        columns=list(VISIT_COLUMNS),
    )
    frame["source_row"] = range(2, len(rows) + 2)
    return frame
