"""Everything a publication pack prints, as counts with one key each and the relations between
them a reader could use (helpers.safe.disclosure audits them; helpers.safe.publishable writes).

Each published count has one key however many places print it (June's Good judgements appear in
the month's cut, the judgement trend and its table). Relations: totals, grades adding up to n,
cumulative periods, a segment within the whole and last month's pack, rates with their bases.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from helpers.safe.disclosure import Cell, Relation, rate_relations
from helpers.settings.contract import DOMAINS, GRADES
from helpers.settings.periods import months_between, previous_month

VISIT_COUNTS = ("due", "on_time", "late", "not_done")
VISIT_PLACES = 2  # visit rates are printed to 2 decimals
RATE_PLACES = 0  # other rates to whole per cent

Path = tuple[Any, ...]


@dataclass(frozen=True)
class _Rate:
    key: str
    count: str
    base: str


class PublishedFigures:
    """Cells, relations, and where each key is printed, gathered from metrics and tables."""

    def __init__(self, threshold: int) -> None:
        self.threshold = threshold
        self.cells: dict[str, Cell] = {}
        self.relations: list[Relation] = []
        self.counts: list[tuple[Path, str]] = []
        self.rates: list[tuple[Path, _Rate]] = []
        self.means: list[tuple[Path, str]] = []

    def count(self, path: Path, key: str, value: Any, where: str) -> None:
        value = int(value)
        known = self.cells.get(key)
        if known is not None and known.value != value:
            raise ValueError(f"{key} is {known.value} in one place and {value} in another")
        if known is None or not known.published:
            self.cells[key] = Cell(key, value, where=where)
        self.counts.append((path, key))

    def implied(self, key: str, value: int, where: str, locked: bool = False) -> None:
        if key not in self.cells:
            self.cells[key] = Cell(key, int(value), published=locked, where=where, locked=locked)

    def rate(self, path: Path, count: str, base: str, value: Any, places: int, where: str) -> None:
        rate = _Rate(f"rate {count} / {base}", count, base)
        self.rates.append((path, rate))
        if value is not None and not (isinstance(value, float) and np.isnan(value)):
            self.relations += rate_relations(count, base, float(value), places, rate.key, where)

    def mean(self, path: Path, base: str) -> None:
        self.means.append((path, base))

    def total(self, total: str, parts: list[str], where: str) -> None:
        self.relations.append(Relation({total: 1.0, **{p: -1.0 for p in parts}}, where=where))

    def part_of(self, part: str, wholes: list[str], where: str) -> None:
        """A count within others' sum (a segment within the whole): `part <= sum(wholes)`."""
        terms: dict[str, float] = {part: 1.0}
        for whole in wholes:
            terms[whole] = terms.get(whole, 0.0) - 1.0
        self.relations.append(Relation(terms, -np.inf, 0.0, where=where))


# --- gathering --------------------------------------------------------------------------------


def _cut(
    f: PublishedFigures, path: Path, cut: Mapping[str, Any], prefix: str, n_key: str, where: str
):
    """A cut's n, grades (with shares and Good or better) and means, keyed under `prefix`."""
    f.count((*path, "n"), n_key, cut["n"], f"{where}: audits returned")
    grades = []
    for grade in GRADES:
        key = f"{prefix}.{grade}"
        grades.append(key)
        f.count((*path, "judgement_counts", grade), key, cut["judgement_counts"][grade], where)
        f.rate(
            (*path, "judgement_shares", grade),
            key,
            n_key,
            cut["judgement_shares"][grade],
            RATE_PLACES,
            f"{where}: share {grade}",
        )
    # The narrative says how many returned audits have no judgement (0 by saying nothing).
    unjudged = cut["n"] - sum(cut["judgement_counts"].values())
    f.count((*path, "unjudged"), f"{prefix}.unjudged", unjudged, f"{where}: no judgement")
    f.total(n_key, [*grades, f"{prefix}.unjudged"], f"{where}: grades add up to n")
    if "good_or_better" in cut:
        key = f"{prefix}.good_or_better"
        f.count((*path, "good_or_better"), key, cut["good_or_better"], f"{where}: Good or better")
        f.total(key, [f"{prefix}.Outstanding", f"{prefix}.Good"], f"{where}: Good or better")
        f.rate(
            (*path, "good_or_better_share"),
            key,
            n_key,
            cut.get("good_or_better_share"),
            RATE_PLACES,
            where,
        )
    f.mean((*path, "overall_mean"), n_key)
    for domain in DOMAINS:
        f.mean((*path, "domain_means", domain), n_key)


def _gather_metrics(
    f: PublishedFigures, metrics: Mapping[str, Any], earlier: Mapping[str, Any]
) -> None:
    month = metrics["month"]
    compliance = metrics["compliance"]
    for i, entry in enumerate(compliance.get("trend") or []):
        m = entry["month"]
        path = ("compliance", "trend", i)
        f.count((*path, "allocated"), f"allocated.{m}", entry["allocated"], f"allocated {m}")
        f.count((*path, "returned"), f"returned.{m}", entry["returned"], f"returned {m}")
        f.rate((*path, "rate"), f"returned.{m}", f"allocated.{m}", entry["rate"], 0, m)
        f.part_of(f"returned.{m}", [f"allocated.{m}"], f"returned of allocated {m}")
    for path, entry in ((("compliance",), compliance), (("compliance", "previous"), None)):
        entry = entry if entry is not None else compliance.get("previous")
        if not entry:
            continue
        m = entry.get("month", month)
        f.count((*path, "allocated"), f"allocated.{m}", entry["allocated"], f"allocated {m}")
        f.count((*path, "returned"), f"returned.{m}", entry["returned"], f"returned {m}")
        f.rate((*path, "rate"), f"returned.{m}", f"allocated.{m}", entry["rate"], 0, m)

    scores = metrics["scores"]
    previous = metrics.get("previous_month") or previous_month(month)
    for name, m in (("month", month), ("previous_month", previous)):
        cut = scores.get(name)
        if not cut:
            continue
        _cut(f, ("scores", name), cut, f"grade.{m}", f"returned.{m}", f"judgements {m}")
    for i, entry in enumerate(scores.get("trend") or []):
        m = entry["month"]
        f.count(("scores", "trend", i, "n"), f"returned.{m}", entry["n"], f"returned {m}")
        f.mean(("scores", "trend", i, "overall_mean"), f"returned.{m}")
    for i, entry in enumerate((metrics.get("judgements") or {}).get("trend") or []):
        m = entry["month"]
        keys = []
        for grade in GRADES:
            keys.append(f"grade.{m}.{grade}")
            path = ("judgements", "trend", i, "counts", grade)
            f.count(path, keys[-1], entry["counts"][grade], f"{grade} judgements {m}")
        if f"returned.{m}" in f.cells:
            unjudged = f.cells[f"returned.{m}"].value - sum(entry["counts"].values())
            f.count((), f"grade.{m}.unjudged", unjudged, f"no judgement {m}")
            f.total(f"returned.{m}", [*keys, f"grade.{m}.unjudged"], f"judgements {m} add up")

    for name, cut in (metrics.get("segments") or {}).items():
        _segment(f, name, cut, earlier.get(name), month)
    _gather_visits(f, metrics)
    _gather_themes(f, metrics)
    _gather_actions(f, metrics)
    _gather_moderation(f, metrics)


def _segment(
    f: PublishedFigures, name: str, cut: Mapping[str, Any], before: Any, month: str
) -> None:
    """A segment's cut, tied to the whole (it is part of it) and to last month's pack."""
    first, last = cut["from"], cut["to"]
    prefix = f"segment.{name}.{first}..{last}"
    _cut(f, ("segments", name), cut, prefix, f"{prefix}.n", f"{name} {first} to {last}")
    months = months_between(first, last)
    for part in (*GRADES, "n"):
        wholes = [f"returned.{m}" if part == "n" else f"grade.{m}.{part}" for m in months]
        if all(w in f.cells for w in wholes):
            f.part_of(f"{prefix}.{part}", wholes, f"{name} within all audits")
    if before is None:
        return
    # Last month's pack printed April to the month before: this month's part is a difference.
    earlier = f"segment.{name}.{before['from']}..{before['to']}"
    for part in (*GRADES, "n"):
        value_before = before["n"] if part == "n" else before["judgement_counts"][part]
        value_now = cut["n"] if part == "n" else cut["judgement_counts"][part]
        f.implied(f"{earlier}.{part}", value_before, f"{name} in last month's pack", locked=True)
        increment = f"segment.{name}.{month}.{part}"
        where = f"{name} {part} in {month} (this month's figure minus last month's)"
        f.implied(increment, value_now - value_before, where)
        f.total(f"{prefix}.{part}", [f"{earlier}.{part}", increment], where)
        whole = f"returned.{month}" if part == "n" else f"grade.{month}.{part}"
        if whole in f.cells:
            f.part_of(increment, [whole], f"{name} within all audits in {month}")


def _gather_visits(f: PublishedFigures, metrics: Mapping[str, Any]) -> None:
    previous: Mapping[str, Any] | None = None
    for i, entry in enumerate((metrics.get("visits") or {}).get("year_to_date") or []):
        first, last = entry["from"], entry["to"]
        prefix = f"visits.{first}..{last}"
        for name in VISIT_COUNTS:
            path = ("visits", "year_to_date", i, name)
            f.count(path, f"{prefix}.{name}", entry[name], f"visits {name} {first} to {last}")
        for name in VISIT_COUNTS[1:]:
            f.rate(
                ("visits", "year_to_date", i, f"{name}_rate"),
                f"{prefix}.{name}",
                f"{prefix}.due",
                entry[f"{name}_rate"],
                VISIT_PLACES,
                f"visits {name} rate {first} to {last}",
            )
        f.total(f"{prefix}.due", [f"{prefix}.{n}" for n in VISIT_COUNTS[1:]], "visits add up")
        # The month alone is this row minus the one before (a reader can subtract them), and
        # it is the month's row of the visits trend table.
        follows = (
            previous is not None
            and previous["from"] == first
            and previous["to"] == previous_month(last)
        )
        if first == last or follows:
            before = f"visits.{first}..{previous['to']}" if follows else None
            for name in VISIT_COUNTS:
                alone = entry[name] - (previous[name] if follows else 0)
                month_key = f"visits.{last}.{name}"
                f.implied(month_key, alone, f"visits {name} due in {last}")
                parts = [month_key, *([f"{before}.{name}"] if before else [])]
                f.total(f"{prefix}.{name}", parts, f"visits {name} cumulative from {first}")
        previous = entry


def _gather_themes(f: PublishedFigures, metrics: Mapping[str, Any]) -> None:
    themes = metrics.get("themes") or {}
    month = metrics["month"]
    if "returned" in themes:
        f.count(("themes", "returned"), f"returned.{month}", themes["returned"], "returned")
    previous = metrics.get("previous_month") or previous_month(month)
    for name, m in (("month", month), ("previous_month", previous)):
        for theme, count in themes.get(name, {}).items():
            key = f"theme.{m}.{theme}"
            f.count(("themes", name, theme), key, count, f"theme {theme} in {m}")
            if f"returned.{m}" in f.cells:
                f.part_of(key, [f"returned.{m}"], f"theme {theme} within returned audits")


def _gather_actions(f: PublishedFigures, metrics: Mapping[str, Any]) -> None:
    """Follow-up actions: raised by grade, due this month by outcome, overdue by team."""
    block = metrics.get("actions") or {}
    if not block.get("available"):
        return
    month = metrics["month"]
    raised, due, overdue = block["raised"], block["due_this_month"], block["overdue"]
    key = f"actions.{month}"
    grades = [f"{key}.raised.{g}" for g in GRADES]
    for grade, cell in zip(GRADES, grades, strict=True):
        f.count(
            ("actions", "raised", "by_judgement", grade), cell, raised["by_judgement"][grade], ""
        )
    f.count(("actions", "raised", "total"), f"{key}.raised", raised["total"], "actions raised")
    f.total(f"{key}.raised", grades, "actions raised add up")
    # The narrative prints the actions raised for Requires Improvement or Inadequate audits.
    concern = raised["by_judgement"]["Requires Improvement"] + raised["by_judgement"]["Inadequate"]
    f.count(("actions", "raised", "concern_actions"), f"{key}.raised.concern", concern, "")
    f.total(f"{key}.raised.concern", grades[2:], "actions for RI or Inadequate audits")
    audits = f"{key}.concern_audits"
    f.count(("actions", "raised", "concern_audits"), audits, raised["concern_audits"], "")
    concern_grades = [f"grade.{month}.{g}" for g in GRADES[2:]]
    if all(k in f.cells for k in concern_grades) and raised["concern_audits"] == sum(
        f.cells[k].value for k in concern_grades
    ):
        f.total(audits, concern_grades, "audits judged RI or Inadequate")
    with_action = f"{key}.concern_with_action"
    path = ("actions", "raised", "concern_audits_with_action")
    f.count(path, with_action, raised["concern_audits_with_action"], "")
    f.part_of(with_action, [audits], "audits with an action")
    path = ("actions", "raised", "concern_share_with_action")
    f.rate(path, with_action, audits, raised["concern_share_with_action"], RATE_PLACES, "")
    outcomes = ("on_time", "late", "overdue")
    for name in ("due", *outcomes):
        f.count(("actions", "due_this_month", name), f"{key}.due.{name}", due[name], "")
    f.total(f"{key}.due.due", [f"{key}.due.{o}" for o in outcomes], "actions due add up")
    for name in outcomes:
        path = ("actions", "due_this_month", f"{name}_rate")
        value = due[f"{name}_rate"]
        f.rate(path, f"{key}.due.{name}", f"{key}.due.due", value, RATE_PLACES, "")
    teams = []
    for team, count in overdue["by_team"].items():
        teams.append(f"{key}.overdue.{team}")
        f.count(("actions", "overdue", "by_team", team), teams[-1], count, f"overdue {team}")
    f.count(("actions", "overdue", "total"), f"{key}.overdue", overdue["total"], "overdue")
    f.total(f"{key}.overdue", teams, "overdue actions add up")


def _gather_moderation(f: PublishedFigures, metrics: Mapping[str, Any]) -> None:
    """Moderated audits: agreed, moved up or down, agreement, kappa and score differences."""
    block = metrics.get("moderation") or {}
    if not block.get("available"):
        return
    month = metrics["month"]
    keys = {}
    for name in ("month", "year_to_date"):
        cut, key = block[name], f"moderation.{month}.{name}"
        keys[name] = key
        for part in ("n", "agreed", "moved_up", "moved_down"):
            f.count(("moderation", name, part), f"{key}.{part}", cut[part], f"moderation {part}")
        parts = [f"{key}.{p}" for p in ("agreed", "moved_up", "moved_down")]
        f.total(f"{key}.n", parts, "moderated audits: same, up or down")
        path = ("moderation", name, "agreement_rate")
        f.rate(path, f"{key}.agreed", f"{key}.n", cut["agreement_rate"], RATE_PLACES, "")
        f.mean(("moderation", name, "kappa"), f"{key}.n")
        for domain in cut.get("domain_mean_difference") or {}:
            f.mean(("moderation", name, "domain_mean_difference", domain), f"{key}.n")
    for part in ("n", "agreed", "moved_up", "moved_down"):
        inner, outer = f"{keys['month']}.{part}", f"{keys['year_to_date']}.{part}"
        f.part_of(inner, [outer], "the month within the year to date")


def _gather_tables(f: PublishedFigures, tables: Mapping[str, pd.DataFrame], month: str) -> None:
    teams = tables.get("compliance_by_team")
    if teams is not None and len(teams):
        allocated, returned = [], []
        for i, row in teams.iterrows():
            prefix = f"team.{month}.{row['team']}"
            for name in ("allocated", "returned", "not_returned"):
                path = ("compliance_by_team", i, name)
                f.count(path, f"{prefix}.{name}", row[name], f"{row['team']} {name} in {month}")
            f.total(f"{prefix}.allocated", [f"{prefix}.returned", f"{prefix}.not_returned"], "row")
            f.rate(
                ("compliance_by_team", i, "rate"),
                f"{prefix}.returned",
                f"{prefix}.allocated",
                row["rate"],
                RATE_PLACES,
                f"{row['team']} rate",
            )
            allocated.append(f"{prefix}.allocated")
            returned.append(f"{prefix}.returned")
        f.total(f"allocated.{month}", allocated, "teams add up to the month's allocated audits")
        f.total(f"returned.{month}", returned, "teams add up to the month's returned audits")
    bands = tables.get("score_bands")
    if bands is not None:
        band_columns = [c for c in bands.columns if c not in ("domain", "Domain", "Scores")]
        for i, row in bands.iterrows():
            prefix = f"bands.{month}.{row['domain']}"
            parts = []
            for band in band_columns:
                parts.append(f"{prefix}.{band}")
                f.count(("score_bands", i, band), parts[-1], row[band], f"{row['Domain']} {band}")
            f.count(("score_bands", i, "Scores"), f"{prefix}.scores", row["Scores"], "scores")
            f.total(f"{prefix}.scores", parts, f"{row['Domain']} bands add up")
            if f"returned.{month}" in f.cells:
                f.part_of(f"{prefix}.scores", [f"returned.{month}"], "at most one score an audit")
    _gather_visit_table(f, tables.get("visits_trend"), "month", "visits")
    _gather_visit_table(f, tables.get("visits_by_team"), "team", f"visits-team.{month}")
    by_team = tables.get("visits_by_team")
    if by_team is not None and len(by_team):
        ytd = [k for k in f.cells if k.startswith("visits.") and k.endswith(f"..{month}.due")]
        if ytd:
            prefix = ytd[0].removesuffix(".due")
            for name in VISIT_COUNTS:
                parts = [f"visits-team.{month}.{t}.{name}" for t in by_team["team"]]
                f.total(f"{prefix}.{name}", parts, f"teams add up to visits {name}")


def _gather_visit_table(
    f: PublishedFigures, table: pd.DataFrame | None, by: str, prefix: str
) -> None:
    if table is None:
        return
    name = "visits_trend" if by == "month" else "visits_by_team"
    for i, row in table.iterrows():
        key = f"{prefix}.{row[by]}"
        for count in VISIT_COUNTS:
            f.count((name, i, count), f"{key}.{count}", row[count], f"visits {count} {row[by]}")
        for count in VISIT_COUNTS[1:]:
            f.rate(
                (name, i, f"{count}_rate"),
                f"{key}.{count}",
                f"{key}.due",
                row[f"{count}_rate"],
                VISIT_PLACES,
                f"visits {count} rate {row[by]}",
            )
        f.total(f"{key}.due", [f"{key}.{c}" for c in VISIT_COUNTS[1:]], f"visits {row[by]}")


def gather_published(
    metrics: Mapping[str, Any],
    tables: Mapping[str, pd.DataFrame],
    earlier_segments: Mapping[str, Any],
    threshold: int,
) -> PublishedFigures:
    """The counts, rates, means and relations of a month's metrics and page tables."""
    figures = PublishedFigures(threshold)
    _gather_metrics(figures, metrics, earlier_segments)
    _gather_tables(figures, tables, metrics["month"])
    return figures
