"""Secondary suppression driven by the disclosure audit (helpers.safe.disclosure).

While the audit finds a hidden cell exposed, `protect` hides one more published value beside it
(or two together, when no single one will do) and audits again; when nothing is left to hide it
raises DisclosureError naming the cell.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from helpers.safe.disclosure import (
    TOLERANCE,
    AuditResult,
    Cell,
    DisclosureError,
    Interval,
    Relation,
    compute_intervals,
    interval_of,
)


def _candidates(
    exposed: str, cells: Mapping[str, Cell], relations: list[Relation], hidden_rates: set[str]
) -> list[list[tuple[int, int, float, str]]]:
    """Published values that could be hidden to protect `exposed`, in rings: those in a relation
    with it, then with the hidden cells it is tied to, and so on. Within a ring, cheapest first:
    a rate, then the smallest non-zero count, then one that fewer relations use (an inner
    cell before a total)."""
    live = [r for r in relations if r.via not in hidden_rates]
    uses: dict[str, int] = {}
    for relation in live:
        if relation.via is None:
            for key in relation.terms:
                uses[key] = uses.get(key, 0) + 1
    reached, seen, rings = {exposed}, set(), []
    while True:
        found: dict[str, tuple[int, int, float, str]] = {}
        touching = [r for r in live if reached & set(r.terms)]
        for relation in touching:
            if relation.via is not None and relation.via not in seen:
                found[relation.via] = (0, 0.0, 0, relation.via)
            for key in relation.terms:
                cell = cells[key]
                if cell.published and not cell.hidden and not cell.locked and key not in seen:
                    # Zeros last: hiding a 0 protects little.
                    rank = 1 if cell.value else 2
                    found[key] = (rank, float(cell.value), uses.get(key, 0), key)
        if found:
            rings.append(sorted(found.values()))
            seen |= set(found)
        wider = reached | {
            k for r in touching for k in r.terms if cells[k].hidden or not cells[k].published
        }
        if wider == reached:
            return rings
        reached = wider


def _hide(
    pick: str,
    cells: Mapping[str, Cell],
    hidden_rates: set[str],
    companions: Mapping[str, Iterable[str]],
) -> tuple[dict[str, Cell], set[str]]:
    cells, hidden_rates = dict(cells), set(hidden_rates)
    if pick in cells:
        cells[pick] = replace(cells[pick], hidden=True)
        hidden_rates.update(companions.get(pick, ()))
    else:
        hidden_rates.add(pick)
    return cells, hidden_rates


def _best_option(
    worst: Interval,
    rings: list[list[tuple]],
    cells: Mapping[str, Cell],
    relations: list[Relation],
    threshold: int,
    hidden_rates: set[str],
    companions: Mapping[str, Iterable[str]],
    cache: dict,
    tries: int = 12,
    pair_pool: int = 6,
) -> tuple[str, ...]:
    """What to hide for `worst`, nearest and cheapest first: one value that protects it, else two
    together, else a headline figure, else the value that widens it most, else the cheapest."""

    def essential(option: tuple) -> bool:
        return option[-1] in cells and cells[option[-1]].essential

    def check(*picks: str) -> Interval:
        """`worst`'s interval were `picks` hidden too (only its own group is solved)."""
        trial_cells, trial_rates = cells, hidden_rates
        for pick in picks:
            trial_cells, trial_rates = _hide(pick, trial_cells, trial_rates, companions)
        rates = frozenset(trial_rates)
        return interval_of(worst.key, trial_cells, relations, threshold, rates, cache)

    ordinary = [o for ring in rings for o in ring if not essential(o)]
    widest, best_width = None, worst.high - worst.low
    for option in ordinary[:tries]:
        found = check(option[-1])
        if found.protected:
            return (option[-1],)
        if found.high - found.low > best_width + TOLERANCE:
            widest, best_width = option[-1], found.high - found.low
    pool = [o[-1] for o in ordinary if o[0] > 0][:pair_pool]
    for i, first in enumerate(pool):
        for second in pool[i + 1 :]:
            if check(first, second).protected:
                return (first, second)
    headline = sorted((o for ring in rings for o in ring if essential(o)), key=lambda o: o[2])
    for option in headline:
        if check(option[-1]).protected:
            return (option[-1],)
    if widest is not None:
        return (widest,)
    counts = [o for o in ordinary if o[0] > 0] or [o for ring in rings for o in ring]
    return (counts[0][-1],)


def protect(
    cells: Mapping[str, Cell],
    relations: list[Relation],
    threshold: int,
    hidden_rates: Iterable[str] = (),
    companions: Mapping[str, Iterable[str]] | None = None,
    max_rounds: int = 500,
) -> tuple[dict[str, Cell], set[str], AuditResult]:
    """Hide further values until the audit finds nothing exposed; DisclosureError if it cannot.

    `companions` maps a count to the rates hidden with it (a rate goes with its count or base).
    Returns the cells (with any newly hidden), the hidden rates and the final audit.
    """
    cells = dict(cells)
    hidden_rates = set(hidden_rates)
    companions = companions or {}
    added: list[str] = []
    cache: dict[tuple, dict[str, tuple[float, float]]] = {}
    for _ in range(max_rounds):
        intervals = compute_intervals(cells, relations, threshold, frozenset(hidden_rates), cache)
        exposed = [i for i in intervals if not i.protected]
        if not exposed:
            result = AuditResult(
                threshold,
                cells=len(cells),
                hidden=sum(c.hidden for c in cells.values()),
                relations=len(relations),
                intervals=intervals,
                added=added,
            )
            return cells, hidden_rates, result
        worst = exposed[0]
        options = _candidates(worst.key, cells, relations, hidden_rates)
        if not options:
            where = cells[worst.key].where or worst.key
            raise DisclosureError(
                f"{where} ({worst.key}) can be worked out as {worst.low:g} to {worst.high:g} "
                "from the published figures, and nothing beside it is left to suppress"
            )
        picks = _best_option(
            worst, options, cells, relations, threshold, hidden_rates, companions, cache
        )
        for pick in picks:
            cells, hidden_rates = _hide(pick, cells, hidden_rates, companions)
            added.append(pick)
    raise DisclosureError(f"suppression did not settle after {max_rounds} rounds")
