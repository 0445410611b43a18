"""The disclosure audit: can a hidden count be worked out from everything a pack publishes?

Every published count is a `Cell`; everything the pack says about how counts relate (a row adds
up to its total, April-to-June is April-to-May plus June, a segment is part of the whole, a
shown rate ties a count to its base) is a `Relation`: `low <= sum(coefficient * cell) <= high`.
For each hidden cell two linear programmes (scipy's HiGHS) find the least and the most it could
be, given every shown value and every relation, as tau-ARGUS and sdcTable audit a table. A hidden
cell is protected when that interval covers 0 to threshold-1 or is wider than the threshold.
An exposed cell makes `helpers.safe.protection.protect` hide one more published value beside it
and audit again, until nothing is exposed; when nothing is left to hide, `DisclosureError` names
the cell.

The programmes relax counts to real numbers (as those tools do): an interval found here can only
be wider than the integer one, never narrower, so "protected" is judged on the relaxation and
whole-number reasoning (e.g. parity) is not modelled; see docs/assumptions.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

TOLERANCE = 1e-6


class DisclosureError(RuntimeError):
    """A hidden count could be worked out and no further suppression can protect it."""


@dataclass(frozen=True)
class Cell:
    """A count. `published`: printed somewhere (else only implied, e.g. this month's part of a
    cumulative figure); `hidden`: printed as [c]. Implied cells are audited only when sensitive."""

    key: str
    value: int
    hidden: bool = False
    published: bool = True
    where: str = ""
    locked: bool = False  # published in an earlier pack: known to readers, cannot be hidden now
    essential: bool = False  # a headline figure: hidden only when nothing else protects


@dataclass(frozen=True)
class Relation:
    """`low <= sum(terms[key] * cell[key]) <= high`; `via` names a published rate it comes from
    (hiding that rate drops the relation), `where` says which table or sentence publishes it."""

    terms: Mapping[str, float]
    low: float = 0.0
    high: float = 0.0
    via: str | None = None
    where: str = ""


@dataclass(frozen=True)
class Interval:
    key: str
    value: int
    low: float
    high: float
    protected: bool


@dataclass
class AuditResult:
    threshold: int
    cells: int
    hidden: int
    relations: int
    intervals: list[Interval] = field(default_factory=list)
    added: list[str] = field(default_factory=list)  # suppressed by the audit, in order

    @property
    def exposed(self) -> list[Interval]:
        return [i for i in self.intervals if not i.protected]

    def summary(self) -> dict:
        """What run.json records."""
        return {
            "method": "linear programming over published relations (scipy HiGHS)",
            "threshold": self.threshold,
            "cells": self.cells,
            "hidden": self.hidden,
            "relations": self.relations,
            "audited": len(self.intervals),
            "exposed": len(self.exposed),
            "exposed_cells": [i.key for i in self.exposed],
            "suppressed_by_audit": list(self.added),
        }


def rate_relations(
    count: str, base: str, rate: float, places: int, via: str, where: str = ""
) -> list[Relation]:
    """A rate shown as a percentage to `places` decimals bounds count / base within half a unit.

    `base * (rate - h) <= count <= base * (rate + h)` is linear in count and base together.
    """
    half = 0.5 * 10 ** (-places) / 100
    return [
        Relation({count: 1.0, base: -(rate - half)}, 0.0, np.inf, via, where),
        Relation({count: 1.0, base: -(rate + half)}, -np.inf, 0.0, via, where),
    ]


def is_protected(value: int, low: float, high: float, threshold: int) -> bool:
    covers_small_range = low <= TOLERANCE and high >= threshold - 1 - TOLERANCE
    return covers_small_range or high - low > threshold + TOLERANCE


def _to_audit(cells: Mapping[str, Cell], threshold: int) -> list[str]:
    """Hidden published cells, and implied cells whose value would be suppressed if printed."""
    return [
        c.key
        for c in cells.values()
        if (c.published and c.hidden) or (not c.published and 0 < c.value < threshold)
    ]


def _components(unknown: set[str], live: list[Relation]) -> list[tuple[list[str], list[Relation]]]:
    """Groups of unknown cells tied together by relations, each with its relations.

    A hidden cell's interval depends only on its own group, so each group is one small programme.
    """
    parent = {k: k for k in unknown}

    def root(k: str) -> str:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for relation in live:
        tied = [k for k in relation.terms if k in unknown]
        for other in tied[1:]:
            parent[root(other)] = root(tied[0])
    groups: dict[str, tuple[list[str], list[Relation]]] = {}
    for key in sorted(unknown):
        groups.setdefault(root(key), ([], []))[0].append(key)
    for relation in live:
        tied = next(k for k in relation.terms if k in unknown)
        groups[root(tied)][1].append(relation)
    return list(groups.values())


def _solve(
    keys: list[str], relations: list[Relation], cells: Mapping[str, Cell], targets: list[str]
) -> dict[str, tuple[float, float]]:
    """Least and greatest value of each target over the group's programme."""
    index = {k: i for i, k in enumerate(keys)}
    rows_ub, bounds_ub, rows_eq, bounds_eq = [], [], [], []
    for relation in relations:
        row = np.zeros(len(keys))
        constant = 0.0  # shown cells are known numbers: move them to the right-hand side
        for key, coefficient in relation.terms.items():
            if key in index:
                row[index[key]] += coefficient
            else:
                constant += coefficient * cells[key].value
        low, high = relation.low - constant, relation.high - constant
        if relation.low == relation.high:
            rows_eq.append(row)
            bounds_eq.append(low)
            continue
        if np.isfinite(high):
            rows_ub.append(row)
            bounds_ub.append(high)
        if np.isfinite(low):
            rows_ub.append(-row)
            bounds_ub.append(-low)
    problem = {
        "A_ub": np.array(rows_ub) if rows_ub else None,
        "b_ub": np.array(bounds_ub) if rows_ub else None,
        "A_eq": np.array(rows_eq) if rows_eq else None,
        "b_eq": np.array(bounds_eq) if rows_eq else None,
        "bounds": [(0, None)] * len(keys),
        "method": "highs",
    }
    # Imported here: scipy.optimize takes ~0.4 s to import, and only publication runs audit.
    from scipy.optimize import linprog

    found = {}
    for key in targets:
        objective = np.zeros(len(keys))
        objective[index[key]] = 1.0
        lowest = linprog(objective, **problem)
        highest = linprog(-objective, **problem)
        if lowest.status == 2:  # infeasible: the published figures contradict each other
            raise DisclosureError(f"the published figures around {key} do not add up")
        low = lowest.fun if lowest.status == 0 else 0.0
        high = -highest.fun if highest.status == 0 else np.inf
        found[key] = (low, high)
    return found


def _groups(
    cells: Mapping[str, Cell], relations: Iterable[Relation], hidden_rates: frozenset[str]
) -> tuple[set[str], list[tuple[list[str], list[Relation]]]]:
    unknown = {k for k, c in cells.items() if c.hidden or not c.published}
    live = [
        r for r in relations if r.via not in hidden_rates and any(k in unknown for k in r.terms)
    ]
    return unknown, _components(unknown, live)


def _solve_cached(
    keys: list[str],
    group: list[Relation],
    cells: Mapping[str, Cell],
    unknown: set[str],
    targets: list[str],
    cache: dict,
) -> dict[str, tuple[float, float]]:
    # The same group recurs across rounds of `protect`: solve each (group, target) once.
    signature = (
        tuple(keys),
        tuple((tuple(sorted(r.terms.items())), r.low, r.high) for r in group),
        tuple(cells[k].value for r in group for k in r.terms if k not in unknown),
    )
    found = {t: cache[(signature, t)] for t in targets if (signature, t) in cache}
    missing = [t for t in targets if t not in found]
    if missing:
        for target, bounds in _solve(keys, group, cells, missing).items():
            cache[(signature, target)] = found[target] = bounds
    return found


def _interval(key: str, bounds: tuple[float, float], cells: Mapping[str, Cell], threshold: int):
    low, high = bounds
    value = cells[key].value
    return Interval(key, value, low, high, is_protected(value, low, high, threshold))


def compute_intervals(
    cells: Mapping[str, Cell],
    relations: Iterable[Relation],
    threshold: int,
    hidden_rates: frozenset[str] = frozenset(),
    cache: dict | None = None,
) -> list[Interval]:
    """The interval each audited cell could take given every shown value and live relation.

    `cache` keeps solved groups between calls on the same figures (as `protect` makes).
    """
    cache = {} if cache is None else cache
    audited = _to_audit(cells, threshold)
    wanted = set(audited)
    unknown, groups = _groups(cells, relations, hidden_rates)
    bounds: dict[str, tuple[float, float]] = {}
    for keys, group in groups:
        targets = [k for k in keys if k in wanted]
        if targets:
            bounds.update(_solve_cached(keys, group, cells, unknown, targets, cache))
    return [_interval(k, bounds.get(k, (0.0, np.inf)), cells, threshold) for k in audited]


def interval_of(
    key: str,
    cells: Mapping[str, Cell],
    relations: Iterable[Relation],
    threshold: int,
    hidden_rates: frozenset[str],
    cache: dict,
) -> Interval:
    """One cell's interval: only its own group is solved."""
    unknown, groups = _groups(cells, relations, hidden_rates)
    for keys, group in groups:
        if key in keys:
            found = _solve_cached(keys, group, cells, unknown, [key], cache)
            return _interval(key, found[key], cells, threshold)
    return _interval(key, (0.0, np.inf), cells, threshold)
