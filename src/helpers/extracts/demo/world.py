"""The fictional authority behind the demo data: its teams, managers, auditors, workers and children."""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.settings.contract import COHORTS
from helpers.settings.periods import parse_month

AUTHORITY = "Northbrook Borough Council"
TEAMS: tuple[str, ...] = ("0-12 East", "0-12 West", "13-25 East", "13-25 West", "CWAD")
TEAM_MANAGERS: dict[str, tuple[str, ...]] = {
    "0-12 East": ("Manager Ashdown", "Manager Bramble"),
    "0-12 West": ("Manager Coppice", "Manager Dellwood"),
    "13-25 East": ("Manager Eskdale", "Manager Fernhill"),
    "13-25 West": ("Manager Gorsey", "Manager Heathfield"),
    "CWAD": ("Manager Ivybridge",),
}
# These two return fewer audits, so compliance by manager has something to show.
LOW_RETURNING_MANAGERS: tuple[str, ...] = ("Manager Fernhill", "Manager Gorsey")
# Peer auditors with their own team: nobody audits their own team's work.
AUDITORS: dict[str, str] = {
    "Auditor Birch": "0-12 East",
    "Auditor Cedar": "0-12 East",
    "Auditor Hazel": "0-12 West",
    "Auditor Juniper": "0-12 West",
    "Auditor Larch": "13-25 East",
    "Auditor Maple": "13-25 East",
    "Auditor Rowan": "13-25 West",
    "Auditor Spruce": "13-25 West",
    "Auditor Willow": "CWAD",
    "Auditor Yew": "CWAD",
}
# Names that comments may mention, so that redaction has something to find.
WORKERS: tuple[str, ...] = (
    "Jo Testname",
    "Sam Example",
    "Alex Testperson",
    "Robin Sample",
    "Charlie Placeholder",
    "Pat Dummy",
)
CHILD_LABELS: tuple[str, ...] = ("Child A", "Child B", "Child C")
FICTIONAL_NAMES: tuple[str, ...] = (
    *(m for ms in TEAM_MANAGERS.values() for m in ms),
    *AUDITORS,
    *WORKERS,
    *CHILD_LABELS,
)

# Mean score offset of each domain from the case's overall quality (reference paper, section 4).
DOMAIN_OFFSETS: dict[str, float] = {
    "voice_of_child": 0.6,
    "assessment": 0.1,
    "planning": 0.0,
    "impact": -0.1,
    "equality_diversity": 0.3,
    "recording": -0.3,
    "management_oversight": -0.9,
}
# Each month's list of children; anchored so that June 2019 is LAC, as in the reference paper.
COHORT_CYCLE: tuple[str, ...] = ("LAC", "CIN", "CP", "CL")
COHORT_ANCHOR = parse_month("2019-06")

ROSTER_SIZE = 4000
# Independent random streams, so adding one part of the demo never changes another.
STREAM_ROSTER, STREAM_AUDITS, STREAM_VISITS, STREAM_SAMPLE = 0, 1, 2, 3
STREAM_CYCLE = 4


def rng_stream(seed: int, stream: int) -> np.random.Generator:
    return np.random.default_rng([seed, stream])


def make_roster(seed: int, size: int) -> pd.DataFrame:
    """Fictional children: pseudonymous id, cohort, team, district, team manager."""
    rng = rng_stream(seed, STREAM_ROSTER)
    ids = rng.choice(999_999, size=size, replace=False) + 1
    cohort = rng.choice(np.array(COHORTS, dtype=object), size=size, p=[0.3, 0.35, 0.2, 0.15])
    cwad = rng.random(size) < np.where(cohort == "CL", 0.05, 0.1)
    # Care leavers are 18-25, so they sit in the 13-25 teams.
    ages = np.where((cohort == "CL") | (rng.random(size) < 0.4), "13-25", "0-12").astype(object)
    district = rng.choice(np.array(["East", "West"], dtype=object), size=size)
    team = np.where(cwad, "CWAD", ages + " " + district)
    manager_pick = rng.random(size)
    manager = np.empty(size, dtype=object)
    for name, managers in TEAM_MANAGERS.items():
        here = team == name
        manager[here] = np.array(managers, dtype=object)[
            (manager_pick[here] * len(managers)).astype(int)
        ]
    return pd.DataFrame(
        {
            "child_id": np.char.add("C", np.char.zfill(ids.astype(str), 6)).astype(object),
            "cohort": cohort,
            "team": team,
            "district": district,
            "team_manager": manager,
        }
    )


def iso_days(days: np.ndarray) -> np.ndarray:
    """datetime64[D] as `YYYY-MM-DD` text, None where NaT."""
    # Few distinct days even in a million rows: format each once.
    unique, inverse = np.unique(days, return_inverse=True)
    text = np.datetime_as_string(unique, unit="D").astype(object)
    text[np.isnat(unique)] = None
    return text[inverse]
