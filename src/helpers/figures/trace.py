"""Every figure of `metrics.json` back to the extract rows behind it, and the arithmetic on them.

A figure is named by its key: the dotted path into metrics.json, with a list entry named in
brackets by its month, or by `from..to` for a cumulative period. For example:

    compliance.rate                                   compliance.trend[2019-05].returned
    scores.month.judgement_counts.Inadequate          scores.trend[2019-05].overall_mean
    segments.CWAD.domain_means.planning               judgements.trend[2019-05].counts.Good
    visits.year_to_date[2019-04..2019-06].late        themes.month.plan_out_of_date

`trace_figure` returns the rows (ids, team, the columns used) and recomputes the figure from those
rows alone with plain arithmetic, so the figure can be checked by hand and by the reconciliation
test. Strings and true/false values in metrics.json are labels, not figures, and are not traced.

To trace a new family of keys, add one function decorated with `@tracer(<regex of its keys>)`
that returns a `Trace`. `figure_keys` lists every figure of a metrics dict; `trace_figure` raises
`UnknownFigure` for a key no tracer claims, so a new family cannot go untraced unnoticed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import pandas as pd

from helpers.figures.selection import in_segment, segment_period
from helpers.figures.visits import classify_visits
from helpers.settings.contract import DOMAINS, GOOD_OR_BETTER, GRADES, SCORE_COLUMNS
from helpers.settings.params import Params
from helpers.settings.periods import previous_month

Number = int | float | None


class UnknownFigure(KeyError):
    """A key that names no figure, or one that no tracer knows how to trace."""

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True)
class Trace:
    key: str
    rows: pd.DataFrame  # the rows behind the figure: ids, team and the columns used
    value: Number  # the figure recomputed from `rows` alone
    arithmetic: str  # how `rows` become `value`, in words and numbers


@dataclass
class TraceSource:
    """What a figure is traced against: the month, its parameters and the loaded extracts."""

    month: str
    params: Params
    audits: pd.DataFrame  # with the moderated judgements applied, as metrics.json was computed
    visits: pd.DataFrame | None = None
    actions: pd.DataFrame | None = None
    moderation: pd.DataFrame | None = None

    @cached_property
    def theme_matches(self) -> pd.DataFrame:
        from helpers.figures.theme_coder import load_run_coder
        from helpers.figures.theme_matching import match_themes

        # the run's own coder: the analyst's confirmed labels win, as in metrics.json
        coder = load_run_coder(self.params)
        return match_themes(self.audits, coder.codebook, coder.code)


Tracer = Callable[[re.Match[str], TraceSource], Trace]
TRACERS: list[tuple[re.Pattern[str], Tracer]] = []
AUDIT_ID_COLUMNS = ["source_row", "audit_id", "child_id", "audit_month", "team"]
VISIT_ID_COLUMNS = ["source_row", "visit_id", "child_id", "team", "due_date"]
MONTH = r"\d{4}-\d{2}"


def tracer(pattern: str) -> Callable[[Tracer], Tracer]:
    """Register `function` as the tracer of every key matching `pattern` (the whole key)."""

    def register(function: Tracer) -> Tracer:
        TRACERS.append((re.compile(pattern), function))
        return function

    return register


# --- the keys of a metrics dict --------------------------------------------------------------


def _entry_name(entry: dict, index: int) -> str:
    if "month" in entry:
        return str(entry["month"])
    if "from" in entry and "to" in entry:
        return f"{entry['from']}..{entry['to']}"
    return str(index)


def figure_keys(metrics: dict, prefix: str = "") -> list[str]:
    """Every figure (number or empty figure) in `metrics`, as trace keys, in file order."""
    keys = []
    for name, value in metrics.items():
        key = f"{prefix}.{name}" if prefix else str(name)
        if isinstance(value, dict):
            keys += figure_keys(value, key)
        elif isinstance(value, list):
            for index, entry in enumerate(value):
                if isinstance(entry, dict):
                    keys += figure_keys(entry, f"{key}[{_entry_name(entry, index)}]")
        elif value is None or (isinstance(value, int | float) and not isinstance(value, bool)):
            keys.append(key)
    return keys


def published_value(metrics: dict, key: str) -> Number:
    """The figure `key` names in `metrics` (UnknownFigure when there is none)."""
    value: Any = metrics
    for part in re.findall(r"([^.\[\]]+)(?:\[([^\]]+)\])?", key):
        name, entry = part
        if not isinstance(value, dict) or name not in value:
            raise UnknownFigure(f"{key}: metrics.json has no {name!r} there")
        value = value[name]
        if entry:
            found = [e for i, e in enumerate(value) if _entry_name(e, i) == entry]
            if not found:
                raise UnknownFigure(f"{key}: no entry [{entry}] in {name}")
            value = found[0]
    if isinstance(value, dict | list):
        raise UnknownFigure(f"{key} names a group of figures; add the figure's own name")
    return value


def trace_figure(key: str, source: TraceSource) -> Trace:
    """The rows behind the figure `key` and the figure recomputed from them."""
    for pattern, function in TRACERS:
        match = pattern.fullmatch(key)
        if match:
            return function(match, source)
    raise UnknownFigure(
        f"no tracer for {key!r}: add one to helpers/figures/trace.py (see its docstring)"
    )


# --- arithmetic shared by the tracers --------------------------------------------------------


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def _show(value: Number) -> str:
    return "none" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


def _audit_rows(audits: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    keep = [c for c in AUDIT_ID_COLUMNS if c in audits.columns]
    return audits[keep + [c for c in columns if c not in keep]].reset_index(drop=True)


def _in_month(audits: pd.DataFrame, first: str, last: str | None = None) -> pd.DataFrame:
    month = audits["audit_month"]
    return audits[(month >= first) & (month <= (last or first))]


def _returned(audits: pd.DataFrame) -> pd.DataFrame:
    return audits[audits["date_completed"].notna()]


def _where(first: str, last: str) -> str:
    return f"audit_month {first}" if first == last else f"audit_month {first} to {last}"


def _compliance(audits: pd.DataFrame, month: str, figure: str, key: str) -> Trace:
    chosen = _in_month(audits, month)
    allocated, returned = len(chosen), int(chosen["date_completed"].notna().sum())
    if figure == "allocated":
        rows, value = chosen, allocated
        arithmetic = f"count of audits with audit_month {month} = {allocated}"
    elif figure == "returned":
        rows, value = _returned(chosen), returned
        arithmetic = f"count of those audits with date_completed filled = {returned}"
    else:
        rows, value = chosen, _ratio(returned, allocated)
        arithmetic = f"{returned} returned / {allocated} allocated = {_show(value)}"
    return Trace(key, _audit_rows(rows, ["date_allocated", "date_completed"]), value, arithmetic)


def _cut(audits: pd.DataFrame, first: str, last: str, figure: str, key: str) -> Trace:
    """A figure of a `cut`: n, overall_mean, domain_means.D, judgement_counts.G, judgement_shares.G."""
    done = _returned(_in_month(audits, first, last))
    where = _where(first, last)
    if figure == "n":
        value = len(done)
        return Trace(
            key,
            _audit_rows(done, ["date_completed"]),
            value,
            f"count of returned audits with {where} = {value}",
        )
    if figure == "overall_mean":
        scores = done[list(SCORE_COLUMNS)]
        total, count = scores.sum().sum(), int(scores.notna().sum().sum())
        value = float(total) / count if count else None
        arithmetic = (
            f"sum of every non-blank domain score of the returned audits with {where} "
            f"= {total:g} / {count} scores = {_show(value)}"
        )
        return Trace(key, _audit_rows(done, list(SCORE_COLUMNS)), value, arithmetic)
    group, _, name = figure.partition(".")
    if group == "domain_means" and name in DOMAINS:
        column = f"score_{name}"
        scored = done[done[column].notna()]
        total, count = scored[column].sum(), len(scored)
        value = float(total) / count if count else None
        arithmetic = (
            f"sum of {column} over returned audits with {where} and a score "
            f"= {total:g} / {count} = {_show(value)}"
        )
        return Trace(key, _audit_rows(scored, [column]), value, arithmetic)
    if group in ("judgement_counts", "judgement_shares") and name in GRADES:
        return _grades(done, (name,), name, group == "judgement_counts", where, key)
    if figure in ("good_or_better", "good_or_better_share"):
        return _grades(
            done, GOOD_OR_BETTER, "Outstanding or Good", figure == "good_or_better", where, key
        )
    raise UnknownFigure(f"{key}: a cut has no figure {figure!r}")


def _grades(
    done: pd.DataFrame, grades: tuple[str, ...], named: str, count: bool, where: str, key: str
) -> Trace:
    """How many returned audits were judged one of `grades`, or their share of those judged."""
    judged = done[done["judgement"].isin(GRADES)]
    graded = judged[judged["judgement"].isin(grades)]
    if count:
        value = len(graded)
        arithmetic = f"count of returned audits with {where} judged {named} = {value}"
        return Trace(key, _audit_rows(graded, ["judgement"]), value, arithmetic)
    value = _ratio(len(graded), len(judged))
    arithmetic = (
        f"{len(graded)} judged {named} / {len(judged)} returned audits with a judgement "
        f"({where}) = {_show(value)}"
    )
    return Trace(key, _audit_rows(judged, ["judgement"]), value, arithmetic)


CUT_FIGURE = (
    r"(?P<figure>n|overall_mean|good_or_better|good_or_better_share"
    r"|(?:domain_means|judgement_counts|judgement_shares)\..+)"
)


# --- the tracers, one per family of keys -----------------------------------------------------


@tracer(r"compliance\.(?P<figure>allocated|returned|rate)")
def trace_compliance(match: re.Match[str], source: TraceSource) -> Trace:
    return _compliance(source.audits, source.month, match["figure"], match.string)


@tracer(r"compliance\.previous\.(?P<figure>allocated|returned|rate)")
def trace_compliance_previous(match: re.Match[str], source: TraceSource) -> Trace:
    return _compliance(source.audits, previous_month(source.month), match["figure"], match.string)


@tracer(rf"compliance\.trend\[(?P<month>{MONTH})\]\.(?P<figure>allocated|returned|rate)")
def trace_compliance_trend(match: re.Match[str], source: TraceSource) -> Trace:
    return _compliance(source.audits, match["month"], match["figure"], match.string)


@tracer(rf"scores\.(?P<which>month|previous_month)\.{CUT_FIGURE}")
def trace_scores(match: re.Match[str], source: TraceSource) -> Trace:
    month = source.month if match["which"] == "month" else previous_month(source.month)
    return _cut(source.audits, month, month, match["figure"], match.string)


@tracer(rf"scores\.trend\[(?P<month>{MONTH})\]\.(?P<figure>n|overall_mean)")
def trace_score_trend(match: re.Match[str], source: TraceSource) -> Trace:
    return _cut(source.audits, match["month"], match["month"], match["figure"], match.string)


@tracer(rf"judgements\.trend\[(?P<month>{MONTH})\]\.counts\.(?P<grade>.+)")
def trace_judgement_trend(match: re.Match[str], source: TraceSource) -> Trace:
    month, figure = match["month"], f"judgement_counts.{match['grade']}"
    return _cut(source.audits, month, month, figure, match.string)


@tracer(rf"segments\.(?P<name>[^.]+)\.{CUT_FIGURE}")
def trace_segment(match: re.Match[str], source: TraceSource) -> Trace:
    segment = source.params.segments.get(match["name"])
    if segment is None:
        raise UnknownFigure(f"{match.string}: no segment {match['name']!r} in the parameters")
    first, last = segment_period(segment, source.month)
    chosen = in_segment(source.audits, segment)
    trace = _cut(chosen, first, last, match["figure"], match.string)
    filters = {
        column: values
        for column, values in (("team", segment.team), ("cohort", segment.cohort))
        if values
    }
    if segment.district:
        filters["district"] = segment.district
    rule = ", ".join(f"{column} in {values}" for column, values in filters.items())
    return Trace(trace.key, trace.rows, trace.value, f"audits with {rule}: {trace.arithmetic}")


@tracer(
    r"visits\.year_to_date\[(?P<first>\d{4}-\d{2})\.\.(?P<last>\d{4}-\d{2})\]\."
    r"(?P<figure>due|on_time|late|not_done)(?P<rate>_rate)?"
)
def trace_visits(match: re.Match[str], source: TraceSource) -> Trace:
    visits = source.visits
    if visits is None:
        raise UnknownFigure(f"{match.string}: no visits extract was given")
    first, last, figure = match["first"], match["last"], match["figure"]
    due_month = visits["due_date"].dt.strftime("%Y-%m")
    period = visits[(due_month >= first) & (due_month <= last)].copy()
    period["outcome"] = classify_visits(period)
    keep = [c for c in VISIT_ID_COLUMNS if c in period.columns] + ["visit_date", "outcome"]
    where = f"visits due {first} to {last}"
    due = len(period)
    if figure == "due":
        return Trace(
            match.string, period[keep].reset_index(drop=True), due, f"count of {where} = {due}"
        )
    chosen = period[period["outcome"] == figure]
    if not match["rate"]:
        value = len(chosen)
        arithmetic = f"count of {where} that were {figure.replace('_', ' ')} = {value}"
        return Trace(match.string, chosen[keep].reset_index(drop=True), value, arithmetic)
    value = _ratio(len(chosen), due)
    arithmetic = f"{len(chosen)} {figure.replace('_', ' ')} / {due} {where} = {_show(value)}"
    return Trace(match.string, period[keep].reset_index(drop=True), value, arithmetic)


@tracer(r"themes\.(?P<which>month|previous_month)\.(?P<theme>[^.]+)")
def trace_theme(match: re.Match[str], source: TraceSource) -> Trace:
    month = source.month if match["which"] == "month" else previous_month(source.month)
    matches = source.theme_matches
    shown = matches[(matches["audit_month"] == month) & (matches["theme_id"] == match["theme"])]
    audits = shown["audit_id"].nunique()
    rows = shown.merge(source.audits[["audit_id", "child_id", "team"]], on="audit_id")
    rows = rows[["source_row", "audit_id", "child_id", "audit_month", "team", "column", "sentence"]]
    arithmetic = (
        f"returned audits with audit_month {month} whose comments show {match['theme']} "
        f"(each audit once, however many comments) = {audits}"
    )
    return Trace(match.string, rows.reset_index(drop=True), audits, arithmetic)


@tracer(r"themes\.returned")
def trace_themes_returned(match: re.Match[str], source: TraceSource) -> Trace:
    return _compliance(source.audits, source.month, "returned", match.string)


@tracer(r"(?:targets\.(?P<target>[a-z_]+)|(?P<section>compliance|visits)\.target)")
def trace_target(match: re.Match[str], source: TraceSource) -> Trace:
    name = (
        match["target"]
        or {
            "compliance": "compliance_rate",
            "visits": "visits_on_time_rate",
        }[match["section"]]
    )
    value = getattr(source.params.targets, name)
    arithmetic = f"a parameter, not data: targets.{name} = {_show(value)}"
    return Trace(match.string, pd.DataFrame(), value, arithmetic)


@tracer(r"process\.(?P<figure>escalated|escalation_not_recorded|returned|cohorts\.(?P<cohort>.+))")
def trace_process(match: re.Match[str], source: TraceSource) -> Trace:
    """Section 2's figures: allocated audits by cohort; escalations on the returned audits."""
    month = source.month
    chosen = _in_month(source.audits, month)
    if match["cohort"] is not None:
        rows = chosen[chosen["cohort"] == match["cohort"]]
        arithmetic = f"count of audits with audit_month {month} and cohort {match['cohort']}"
        return Trace(
            match.string, _audit_rows(rows, ["cohort"]), len(rows), f"{arithmetic} = {len(rows)}"
        )
    done = _returned(chosen)
    flags = done["escalated"].astype("boolean")
    if match["figure"] == "escalated":
        rows, what = done[flags.fillna(False)], "escalated yes"
    elif match["figure"] == "escalation_not_recorded":
        rows, what = done[flags.isna()], "escalated blank"
    else:
        rows, what = done, "date_completed filled"
    arithmetic = f"count of audits with audit_month {month} and {what} = {len(rows)}"
    return Trace(match.string, _audit_rows(rows, ["escalated"]), len(rows), arithmetic)


# The audit cycle's figures (actions, moderation) have their tracers in their own module.
from helpers.figures import trace_cycle  # noqa: E402, F401
