"""The disclosure audit on hand-made tables: each way a hidden cell can be worked out is caught,
and then fixed by suppressing more, or refused naming the cell."""

from __future__ import annotations

import pytest

from helpers.safe.disclosure import (
    Cell,
    DisclosureError,
    Relation,
    compute_intervals,
    rate_relations,
)
from helpers.safe.protection import protect

THRESHOLD = 5


def _cells(values: dict[str, int], hidden: set[str] = frozenset(), **extra: Cell) -> dict:
    cells = {k: Cell(k, v, hidden=k in hidden) for k, v in values.items()}
    cells.update(extra)
    return cells


def _total(total: str, parts: list[str], where: str = "") -> Relation:
    return Relation({total: 1.0, **{p: -1.0 for p in parts}}, where=where)


def _exposed(cells, relations, hidden_rates=frozenset()) -> list[str]:
    return [
        i.key
        for i in compute_intervals(cells, relations, THRESHOLD, hidden_rates)
        if not i.protected
    ]


def test_a_row_total_exposes_a_lone_hidden_cell_and_protect_hides_a_second():
    # Team East: Outstanding [c], Good 10, total 13 -> Outstanding is 3.
    cells = _cells({"east.outstanding": 3, "east.good": 10, "east.total": 13}, {"east.outstanding"})
    relations = [_total("east.total", ["east.outstanding", "east.good"])]
    assert _exposed(cells, relations) == ["east.outstanding"]
    cells, _, result = protect(cells, relations, THRESHOLD)
    assert cells["east.good"].hidden
    assert result.summary()["exposed"] == 0
    assert result.added == ["east.good"]


def test_a_column_total_exposes_a_hidden_cell_and_the_next_smallest_is_hidden():
    cells = _cells({"east": 3, "west": 12, "cwad": 8, "all": 23}, {"east"})
    relations = [_total("all", ["east", "west", "cwad"])]
    assert _exposed(cells, relations) == ["east"]
    cells, _, result = protect(cells, relations, THRESHOLD)
    assert [k for k, c in cells.items() if c.hidden] == ["east", "cwad"]
    assert not result.exposed


def test_two_tables_together_expose_what_neither_does_alone():
    # The team table has no total; the summary table on another page shows all returned.
    teams = _cells({"east": 3, "west": 12}, {"east"})
    alone = compute_intervals(teams, [], THRESHOLD)
    assert all(i.protected for i in alone)
    both = _cells({"east": 3, "west": 12, "returned": 15}, {"east"})
    relations = [_total("returned", ["east", "west"], "team table and summary")]
    assert _exposed(both, relations) == ["east"]
    cells, _, result = protect(both, relations, THRESHOLD)
    assert cells["west"].hidden and result.summary()["exposed"] == 0


def test_a_rate_and_its_base_expose_a_hidden_count_and_the_rate_is_dropped():
    # 15% of 20 visits late, the count of late visits hidden: 20 * 15% = 3.
    cells = _cells({"late": 3, "due": 20}, {"late"})
    relations = rate_relations("late", "due", 0.15, places=0, via="late_rate")
    assert _exposed(cells, relations) == ["late"]
    cells, hidden_rates, result = protect(cells, relations, THRESHOLD)
    assert hidden_rates == {"late_rate"} and not cells["due"].hidden
    assert result.summary()["suppressed_by_audit"] == ["late_rate"]


def test_a_rounded_rate_protects_only_when_its_interval_is_wide_enough():
    # 0% of 1,000 (4 late, shown as "0%") could be 0 to 5 visits: that covers 0 to 4.
    cells = _cells({"late": 4, "due": 1000}, {"late"})
    relations = rate_relations("late", "due", 0.004, places=0, via="late_rate")
    assert _exposed(cells, relations) == []
    # 1% of 400 could be 2 to 6: narrower than the threshold and not reaching 0, so exposed.
    cells = _cells({"late": 4, "due": 400}, {"late"})
    relations = rate_relations("late", "due", 0.01, places=0, via="late_rate")
    assert _exposed(cells, relations) == ["late"]


def test_cumulative_minus_earlier_cumulative_exposes_the_month():
    # April to June 30 late, April to May 27 late (both shown): June alone is 3.
    june = Cell("late.june", 3, published=False)
    cells = _cells({"late.apr_jun": 30, "late.apr_may": 27}, **{"late.june": june})
    relations = [_total("late.apr_jun", ["late.apr_may", "late.june"])]
    assert _exposed(cells, relations) == ["late.june"]
    cells, _, _ = protect(cells, relations, THRESHOLD)
    assert cells["late.apr_may"].hidden  # the smaller of the two shown totals


def test_when_nothing_is_left_to_hide_the_run_is_refused_naming_the_cell():
    # Last month's pack already published April to May; this month's total is published too.
    june = Cell("cwad.june.good", 2, published=False, where="CWAD Good in June")
    before = Cell("cwad.apr_may.good", 6, locked=True)
    now = Cell("cwad.apr_jun.good", 8, locked=True)
    cells = {c.key: c for c in (june, before, now)}
    relations = [_total("cwad.apr_jun.good", ["cwad.apr_may.good", "cwad.june.good"])]
    with pytest.raises(DisclosureError, match="CWAD Good in June"):
        protect(cells, relations, THRESHOLD)


def test_zero_and_large_counts_need_no_protection():
    cells = _cells({"a": 0, "b": 40, "total": 40})
    assert compute_intervals(cells, [_total("total", ["a", "b"])], THRESHOLD) == []
