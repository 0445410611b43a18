"""Section 7 of the paper, Children Looked After statutory visits, year to date from April."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from helpers.figures.visits import periods_with_visits
from helpers.pages.wording.lookups import (
    Metrics,
    current_visits,
    previous_visits,
)
from helpers.pages.wording.phrases import (
    date_span,
    join_words,
)
from helpers.pages.wording.shown import (
    VISITS_PLACES,
    count_noun,
    direction,
    is_publication,
    shown_rate,
    target_clause,
)
from helpers.settings.params import Params
from helpers.settings.periods import month_label, period_label

APRIL_RESTART = (
    "The visit figures restart each April, so there is no earlier period this reporting year to "
    "compare with."
)


def _visit_rate(
    entry: Mapping[str, Any], key: str, publication: bool, target: float | None = None
) -> str:
    # In publication mode the publishable set has already hidden what must be hidden.
    count_key = key.removesuffix("_rate")
    return shown_rate(
        entry.get(key), entry.get(count_key), entry.get("due"), publication, VISITS_PLACES, target
    )


def describe_visits(metrics: Metrics, params: Params) -> list[str]:
    """Year-to-date statutory visits on time, late and not done, the change, and the target."""
    publication = is_publication(metrics, params)
    visits = metrics.get("visits") or {}
    month = metrics["month"]
    if not visits.get("available", True) or not visits.get("year_to_date"):
        return ["Statutory visit figures are not available: no visits extract was supplied."]
    entry = current_visits(metrics)
    if entry is None:
        return [f"Statutory visit figures for {month_label(month)} are not available."]
    span = date_span(entry["from"], entry["to"])
    if not entry.get("due"):
        return [f"No statutory visits fell due {span}, so visit figures are not available."]
    target = params.targets.visits_on_time_rate
    on_time = _visit_rate(entry, "on_time_rate", publication, target)
    late = _visit_rate(entry, "late_rate", publication)
    not_done = _visit_rate(entry, "not_done_rate", publication)
    due = count_noun(entry["due"], "visit", publication)
    sentences = [
        f"{on_time} of statutory visits were carried out on time {span}, "
        f"with {late} late and {not_done} not done ({due} due)."
    ]
    previous = previous_visits(metrics)
    if entry.get("from") == entry.get("to"):
        sentences.append(APRIL_RESTART)
    elif previous is not None and previous.get("due"):
        before = _visit_rate(previous, "on_time_rate", publication, target)
        before_span = date_span(previous["from"], previous["to"])
        step = direction(before, on_time)
        if step is None:
            sentences.append(f"{before_span[:1].upper()}{before_span[1:]} the figure was {before}.")
        elif step == "same":
            sentences.append(f"This is unchanged from {before} {before_span}.")
        else:
            sentences.append(f"This is {step} from {before} {before_span}.")
    clause = target_clause(on_time, target)
    if clause:
        sentences.append(f"This is {clause}.")
    return sentences


def describe_visits_method(metrics: Metrics, link_text: str = "table 4.A") -> list[str]:
    """The April reset (naming the periods in the table) and why the figures leave a month."""
    every = (metrics.get("visits") or {}).get("year_to_date") or []
    if not every:
        return []
    entries = periods_with_visits(every)
    periods = [period_label(e["from"], e["to"]) for e in entries]
    if len(periods) > 3:  # April, April to May and so on: the list would run to twelve
        shown = f"{periods[0]}, {periods[1]} and so on to {periods[-1]}"
    else:
        shown = join_words(periods)
    reset = (
        "The figures were reset to start again in April, so the table shows visits that fell due "
        f"in {shown}. This is so that performance in the previous year does not "
        "affect this year's figures."
    )
    if len(entries) < len(every):
        reset += (
            f" No visits fell due this reporting year before {month_label(entries[0]['to'])}, "
            f"so the table starts with {periods[0]}."
        )
    lag = (
        f"The figures in {link_text} count each visit in the month it fell due. Visits due late "
        "in the latest month may not yet be recorded on the case system, so the latest figures "
        "can improve as late recording is added; leaving a clear month before the extract is "
        "taken lessens the effect of late recording on the figures."
    )
    return [reset, lag]


def describe_visits_section(metrics: Metrics, params: Params) -> list[str]:
    """The paper's section 7: the figures, then how they are counted. The method already says
    the figures restart in April, so in April that is not said twice."""
    figures = [s for s in describe_visits(metrics, params) if s != APRIL_RESTART]
    return figures + describe_visits_method(metrics)
