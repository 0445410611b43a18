"""Identifiers in forms the redactor's first corpus lacked, planted in a demo extract's comments.

Each sentence shows one theme of the default codebook, so it becomes an excerpt on the themes
page; none of `PLANTED_PARTS` may then be readable in any page. All names are invented.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from helpers.safe.normalise import normalise_text
from helpers.settings.contract import TEXT_COLUMNS

PLANTED_SENTENCES = (
    "The chronology is missing and does not record that Tyler Fakeson (born on the 3rd March "
    "2012) moved to 14 Larkspur Drive, Milbrook.",
    "The plan is out of date: Jaxtyn now attends St Bartholomew's CE Primary and Little Mo "
    "lives at Flat 3, Mercer House.",
    "Supervision was not reflective and never discussed why mum emails from kezza.t(at)gmail.com "
    "or john dot smith at examplemail dot com.",
    "The visit was late because KERRY FAKEWOOD and Oluwadamilare were away, and contact "
    "@shadowboi07 on 07700.900.654.",
    "There is no record of who attended the meeting with Ka\u00adyleigh, Chl\u043ee and Zarielle, "
    "date of birth 14th July 2011.",
    "The IRO should have escalated the drift for Tiggy and Bubba, who were moved to Kingsmere "
    "Academy near Dunmoor.",
    "Case notes were recorded late for Ysolde Fakeridge, ghostrider4412 and the family at 5 The "
    "Paddocks, Little Hatherley.",
    "Identity and culture are not explored for \uff34\uff59\uff4c\uff45\uff52 Mockley or Marquiz "
    "(DOB 1/9/11, UPN A123456789012).",
)
# Distinctive parts only, so that a hit can only be a leak.
PLANTED_PARTS = (
    "Tyler Fakeson Larkspur Milbrook Jaxtyn Bartholomew Mercer kezza examplemail Kerry Fakewood "
    "Oluwadamilare shadowboi07 900.654 Kayleigh Chloe Zarielle Tiggy Bubba Kingsmere Dunmoor "
    "Ysolde Fakeridge ghostrider4412 Paddocks Hatherley Mockley Marquiz A123456789012"
).split()


def plant_identifiers(audits_csv: Path, month: str) -> None:
    """Give the first returned audits of `month` one planted sentence each as their only comment."""
    frame = pd.read_csv(audits_csv, dtype=str, keep_default_na=False)
    returned = frame.index[(frame["audit_month"] == month) & (frame["date_completed"] != "")]
    columns = [c for c in TEXT_COLUMNS if c in frame.columns]
    for row, sentence in zip(returned, PLANTED_SENTENCES, strict=False):
        frame.loc[row, columns] = ""
        frame.loc[row, columns[0]] = sentence
    frame.to_csv(audits_csv, index=False, lineterminator="\n")


def leaked_parts(text: str) -> list[str]:
    """Planted parts readable in `text`, compared case-insensitively after `normalise_text`, so a
    name left whole behind a soft hyphen or a Cyrillic letter counts."""
    plain = normalise_text(text)
    return [
        p for p in PLANTED_PARTS if re.search(rf"(?<![\w-]){re.escape(p)}(?![\w-])", plain, re.I)
    ]
