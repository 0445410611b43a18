"""The publishable set: the month's figures as a publication pack may show them, made once.

`make_publishable` takes the metrics dict and the page tables (helpers.figures.tables) and
returns copies in which every count of 1 to threshold-1, every rate and mean on a base under the
threshold, and whatever else the disclosure audit finds it must hide, is replaced by "[c]".
Every renderer of a publication pack (tables, charts, alt text, narrative, email, metrics.json)
reads only this set, so none can show a raw count: it never receives one.

Each published count has one key however many places print it (June's Good judgements appear in
the month's cut, the judgement trend and its table): hiding the key hides it everywhere. The
relations a reader could use are gathered by `helpers.safe.published_relations`, audited by
`helpers.safe.disclosure` and protected by `helpers.safe.protection`.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from helpers.figures.tables import compute_earlier_segments, compute_page_tables
from helpers.safe.disclosure import Cell
from helpers.safe.protection import protect
from helpers.safe.published_relations import Path, PublishedFigures, gather_published
from helpers.settings.formatting import SUPPRESSED
from helpers.settings.params import Params

DEFAULT_THRESHOLD = 5


@dataclass(frozen=True)
class Publishable:
    metrics: dict[str, Any]
    tables: dict[str, pd.DataFrame]
    audit: dict[str, Any]


# --- suppressing and writing ------------------------------------------------------------------


def _set(target: Any, path: Path, value: Any) -> None:
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value


def _primary(cells: dict[str, Cell], threshold: int) -> dict[str, Cell]:
    return {
        k: replace(c, hidden=True) if c.published and 0 < c.value < threshold else c
        for k, c in cells.items()
    }


def _hidden_rates(f: PublishedFigures, cells: Mapping[str, Cell], threshold: int) -> set[str]:
    """Rates hidden with their count or base, and rates on a base under the threshold."""
    hidden = set()
    for _, rate in f.rates:
        count, base = cells[rate.count], cells[rate.base]
        if count.hidden or base.hidden or not count.published or base.value < threshold:
            hidden.add(rate.key)
    return hidden


def make_publishable(
    metrics: Mapping[str, Any],
    tables: Mapping[str, pd.DataFrame],
    earlier_segments: Mapping[str, Any] | None = None,
    threshold: int = DEFAULT_THRESHOLD,
) -> Publishable:
    """The metrics and page tables with every figure a publication may not show as "[c]".

    Raises `helpers.safe.disclosure.DisclosureError` naming a cell that cannot be protected.
    """
    f = gather_published(metrics, tables, earlier_segments or {}, threshold)
    cells = _primary(f.cells, threshold)
    month = metrics["month"]
    for key in (f"allocated.{month}", f"returned.{month}"):  # the paper's headline figures
        if key in cells:
            cells[key] = replace(cells[key], essential=True)
    hidden_rates = _hidden_rates(f, cells, threshold)
    companions: dict[str, set[str]] = {}
    for _, rate in f.rates:
        companions.setdefault(rate.count, set()).add(rate.key)
        companions.setdefault(rate.base, set()).add(rate.key)
    cells, hidden_rates, result = protect(cells, f.relations, threshold, hidden_rates, companions)
    hidden_rates |= _hidden_rates(f, cells, threshold)

    published = copy.deepcopy(dict(metrics))
    # Section 2's cohort and escalation counts are small and not protected cell by cell: the
    # publication paper leaves them out (pages/wording/process.py says so).
    published.pop("process", None)
    shown_tables = {name: table.copy().astype(object) for name, table in tables.items()}

    def put(path: Path, value: Any) -> None:
        if path[0] in shown_tables:
            shown_tables[path[0]].at[path[1], path[2]] = value
        else:
            _set(published, path, value)

    for path, key in f.counts:
        if path:
            put(path, SUPPRESSED if cells[key].hidden else cells[key].value)
    for path, rate in f.rates:
        if rate.key in hidden_rates:
            put(path, SUPPRESSED)
    for path, base in f.means:
        if 0 < cells[base].value < threshold:
            put(path, SUPPRESSED)
    published["publication"] = True
    audit = result.summary()
    audit["hidden_rates"] = len(hidden_rates)
    return Publishable(published, shown_tables, audit)


def compute_publishable(
    audits: pd.DataFrame, visits: pd.DataFrame | None, metrics: Mapping[str, Any], params: Params
) -> Publishable:
    """The month's publishable set from the extracts and its metrics (DisclosureError if none)."""
    month = metrics["month"]
    tables = compute_page_tables(audits, visits, month, params)
    earlier = compute_earlier_segments(audits, month, params)
    return make_publishable(metrics, tables, earlier, params.publication.threshold)


def publishable_metrics(publishable: Publishable) -> dict[str, Any]:
    """A publication pack's metrics.json: the publishable figures, page tables and the audit."""
    # "split" keeps the columns in page order (metrics.json is written with sorted keys).
    tables = {
        name: json.loads(frame.to_json(orient="split", index=False))
        for name, frame in publishable.tables.items()
    }
    return {**publishable.metrics, "tables": tables, "disclosure_audit": publishable.audit}


def tables_from_metrics(metrics: Mapping[str, Any]) -> dict[str, pd.DataFrame]:
    """The page tables a publication metrics.json carries, as frames ("[c]" where hidden)."""
    return {
        name: pd.DataFrame(table["data"], columns=table["columns"])
        for name, table in (metrics.get("tables") or {}).items()
    }
