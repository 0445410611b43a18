"""Moderation: a second reader's judgement and scores beside the auditor's (docs/contract.md, input 6).

The paper's judgement figures use the moderated judgement where one exists: `apply_moderation`
does that once, upstream of every figure, and keeps the auditor's own in `auditor_judgement`.
Agreement is the share of moderated audits whose judgement did not change, and Cohen's kappa
with linear weights over the four grades (a move of two grades counts twice as much as one).
Kappa is computed here in numpy rather than by scikit-learn's `cohen_kappa_score`: importing
scikit-learn costs every run about a second before its first page, for a dozen lines of arithmetic;
the tests check this against scikit-learn's on many random pairs.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from helpers.settings.contract import DOMAINS, GRADES

AUDITOR_JUDGEMENT = "auditor_judgement"


def apply_moderation(audits: pd.DataFrame, moderation: pd.DataFrame | None) -> pd.DataFrame:
    """The audits with `judgement` replaced by the moderator's where there is one.

    The auditor's own judgement is kept in `auditor_judgement`, and `moderated` marks the audits
    re-graded; applying it twice gives the same frame.
    """
    out = audits.copy()
    original = out[AUDITOR_JUDGEMENT] if AUDITOR_JUDGEMENT in out else out["judgement"]
    out[AUDITOR_JUDGEMENT] = original
    moderated = pd.Series(pd.NA, index=out.index, dtype=object)
    if moderation is not None and len(moderation):
        by_audit = moderation.set_index("audit_id")["moderated_judgement"]
        moderated = out["audit_id"].map(by_audit)
    out["moderated"] = moderated.notna().to_numpy()
    out["judgement"] = moderated.where(moderated.notna(), original).astype(original.dtype)
    return out


def paired(audits: pd.DataFrame, moderation: pd.DataFrame) -> pd.DataFrame:
    """Each moderation beside its audit's month, the auditor's judgement and scores."""
    judgement = AUDITOR_JUDGEMENT if AUDITOR_JUDGEMENT in audits else "judgement"
    columns = ["audit_id", "audit_month", judgement, *(f"score_{d}" for d in DOMAINS)]
    merged = moderation.merge(audits[columns], on="audit_id", how="inner", validate="one_to_one")
    return merged.rename(columns={judgement: "auditor_grade"})


def weighted_kappa(first: pd.Series, second: pd.Series) -> float | None:
    """Cohen's kappa with linear weights over the grades; None when it is undefined (one grade only).

    kappa = 1 - sum(w * observed) / sum(w * expected), where observed is the table of grade pairs,
    expected the product of its margins (as if the two readers graded independently) and
    w = |i - j| the distance between grades i and j.
    """
    if len(first) == 0:
        return None
    k = len(GRADES)
    rows = pd.Categorical(first, categories=list(GRADES)).codes
    columns = pd.Categorical(second, categories=list(GRADES)).codes
    known = (rows >= 0) & (columns >= 0)  # a value that is not a grade is left out of the table
    observed = np.zeros((k, k))
    np.add.at(observed, (rows[known], columns[known]), 1)
    expected = np.outer(observed.sum(axis=1), observed.sum(axis=0)) / max(observed.sum(), 1)
    weights = np.abs(np.subtract.outer(np.arange(k), np.arange(k)))
    disagreement_by_chance = float((weights * expected).sum())
    if disagreement_by_chance == 0:  # one grade only on both sides: kappa is undefined
        return None
    return 1 - float((weights * observed).sum()) / disagreement_by_chance


def compute_agreement(pairs: pd.DataFrame) -> dict[str, Any]:
    """Agreement, kappa, grades moved up and down, and mean moderated minus auditor score per domain."""
    n = len(pairs)
    before = pairs["auditor_grade"].map(GRADES.index)
    after = pairs["moderated_judgement"].map(GRADES.index)
    agreed = int((before == after).sum())
    differences = {}
    for d in DOMAINS:
        gap = (pairs[f"moderated_score_{d}"] - pairs[f"score_{d}"]).dropna()
        differences[d] = float(gap.mean()) if len(gap) else None
    return {
        "n": n,
        "agreed": agreed,
        "agreement_rate": agreed / n if n else None,
        "kappa": weighted_kappa(pairs["auditor_grade"], pairs["moderated_judgement"]),
        "moved_up": int((after < before).sum()),  # a better grade: GRADES runs best first
        "moved_down": int((after > before).sum()),
        "domain_mean_difference": differences,
    }


def compute_moderation(
    moderation: pd.DataFrame | None, audits: pd.DataFrame, month: str, year_start: str
) -> dict[str, Any]:
    """metrics.json's `moderation` block: the month and the reporting year to date."""
    if moderation is None:
        return {"available": False}
    pairs = paired(audits, moderation)
    months = pairs["audit_month"]
    return {
        "available": True,
        "kappa_weights": "linear",
        "month": compute_agreement(pairs[months == month]),
        "year_to_date": {
            "from": year_start,
            "to": month,
            **compute_agreement(pairs[(months >= year_start) & (months <= month)]),
        },
    }
