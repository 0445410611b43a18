"""Section 4 of the paper, audit scores: overall mean, record, segments, weakest and strongest domains."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from helpers.pages.wording.lookups import (
    Metrics,
    is_first_data_month,
    month_cut,
    previous_cut,
    previous_month_of,
)
from helpers.pages.wording.phrases import (
    cut_period,
    join_words,
    month_pair,
    months_apart,
    quoted,
)
from helpers.pages.wording.shown import (
    count_noun,
    direction,
    is_publication,
    shown_score,
    shown_value,
)
from helpers.settings.contract import DOMAINS
from helpers.settings.formatting import (
    is_missing,
)
from helpers.settings.params import Params
from helpers.settings.periods import month_label, month_name

ALL_DOMAINS = "the overall average score across all seven domains"
RECORD_SPAN_MONTHS = 12  # a record is worth one named exception if that stretches it to a year


def _earlier_scores(metrics: Metrics, publication: bool) -> list[tuple[str, Decimal]]:
    """(month, shown mean) for every earlier month with a mean that can be shown, oldest first."""
    trend = (metrics.get("scores") or {}).get("trend") or []
    earlier = []
    for entry in sorted(trend, key=lambda e: e["month"]):
        if entry["month"] >= metrics["month"]:
            continue
        value = shown_value(shown_score(entry.get("overall_mean"), entry.get("n"), publication))
        if value is not None:
            earlier.append((entry["month"], value))
    return earlier


def describe_record(
    metrics: Metrics, current: Decimal, highest: bool, publication: bool = False
) -> str | None:
    """`the highest since April 2018 apart from April 2019 (7.2)`, or the lowest; None if no history.

    The record runs back to the most recent earlier month whose shown mean was at least as high
    (as low, for the lowest). When that month is within the last 12 months but skipping it alone
    would stretch the record to 12 months or more, that month is named as the one exception.
    """
    earlier = _earlier_scores(metrics, publication)
    if not earlier:
        return None
    word = "highest" if highest else "lowest"
    rivals = [(m, v) for m, v in earlier if (v >= current if highest else v <= current)]
    month = metrics["month"]
    records_began = f"since records began in {month_label(earlier[0][0])}"
    if not rivals:
        return f"the {word} {records_began}"
    last_month, last_value = rivals[-1]
    if months_apart(last_month, month) < RECORD_SPAN_MONTHS:
        before = rivals[-2][0] if len(rivals) > 1 else None
        stretch = months_apart(before or earlier[0][0], month)
        if stretch >= RECORD_SPAN_MONTHS:
            since = f"since {month_label(before)}" if before else records_began
            return f"the {word} {since} apart from {month_label(last_month)} ({last_value})"
    return f"the {word} since {month_label(last_month)}"


def _overall_headline(metrics: Metrics, publication: bool) -> str:
    month = metrics["month"]
    cut = month_cut(metrics)
    this_name = month_name(month)
    if not cut.get("n"):
        return f"No audits were returned in {this_name}, so there are no audit scores to report."
    now = shown_score(cut.get("overall_mean"), cut.get("n"), publication)
    if is_missing(cut.get("overall_mean")):
        return f"No domain scores were recorded in {this_name}, so audit scores are not available."
    subject = ALL_DOMAINS[0].upper() + ALL_DOMAINS[1:]
    if is_first_data_month(metrics):
        return (
            f"{subject} is {now} in {this_name}; this is the first month of audit data, "
            "so there is no earlier month to compare with."
        )
    prev_month = previous_month_of(metrics)
    previous = previous_cut(metrics)
    prev_name, this_ref = month_pair(prev_month, month)
    if previous is None or is_missing(previous.get("overall_mean")):
        return (
            f"{subject} is {now} in {this_ref}; no audits were scored in {prev_name}, "
            "so there is no comparison with the previous month."
        )
    before = shown_score(previous.get("overall_mean"), previous.get("n"), publication)
    step = direction(before, now)
    if step is None:
        return f"{subject} is {now} in {this_ref} ({before} in {prev_name})."
    if step == "same":
        return f"{subject} is {now} in {this_ref}, unchanged from {prev_name}."
    verb = "risen" if step == "up" else "fallen"
    record = describe_record(metrics, shown_value(now), step == "up", publication)
    tail = f", {record}" if record else ""
    return f"{subject} has {verb} from {before} in {prev_name} to {now} in {this_ref}{tail}."


def _segment_overall(name: str, cut: Mapping[str, Any], metrics: Metrics, publication: bool) -> str:
    month = metrics["month"]
    period = cut_period(cut, month)
    n = cut.get("n") or 0
    if not n or is_missing(cut.get("overall_mean")):
        return f"No {name} audits have been returned {period}, so there are no {name} scores."
    audits = count_noun(n, f"{name} audit", publication)
    value = shown_score(cut.get("overall_mean"), n, publication)
    month_value = shown_score(
        month_cut(metrics).get("overall_mean"), month_cut(metrics).get("n"), publication
    )
    opening = f"Of the {audits} returned {period}, {ALL_DOMAINS} is {value}"
    step = direction(month_value, value)
    if step is None:
        return f"{opening}."
    relation = {"same": "in line with", "up": "above", "down": "below"}[step]
    return f"{opening}, {relation} the {month_name(month)} audit ({month_value})."


def _extreme_domains(
    cut: Mapping[str, Any], params: Params, publication: bool, lowest: bool
) -> tuple[tuple[str, ...], str] | None:
    """Labels of the weakest (or strongest) domains in a cut, ties together, and their shown mean."""
    means = cut.get("domain_means") or {}
    shown = {
        domain: shown_value(shown_score(means.get(domain), cut.get("n"), publication))
        for domain in DOMAINS
    }
    values = {domain: value for domain, value in shown.items() if value is not None}
    if len(values) < 2 or min(values.values()) == max(values.values()):
        return None  # one domain, or all the same: there is no weakest or strongest
    best = min(values.values()) if lowest else max(values.values())
    labels = tuple(params.short_label(d) for d in DOMAINS if values.get(d) == best)
    return labels, f"{best}"


def describe_extremes(
    cuts: list[tuple[str, Mapping[str, Any]]], params: Params, publication: bool, lowest: bool
) -> list[str]:
    """One sentence per set of weakest (strongest) domains, naming every cut that shares it."""
    word = "weakest" if lowest else "highest"
    groups: dict[tuple[str, ...], list[str]] = {}
    for where, cut in cuts:
        found = _extreme_domains(cut, params, publication, lowest)
        if found is not None:
            labels, value = found
            groups.setdefault(labels, []).append(f"{where} ({value})")
    sentences = []
    for labels, places in groups.items():
        names = join_words([quoted(label) for label in labels])
        both = "both " if len(places) == 2 else ""
        if len(labels) == 1:
            sentences.append(f"{names} was the {word} scoring domain {both}{join_words(places)}.")
        else:
            sentences.append(
                f"{names} were jointly the {word} scoring domains {both}{join_words(places)}."
            )
    return sentences


def _uniform_domains(cuts: list[tuple[str, Mapping[str, Any]]], publication: bool) -> list[str]:
    """`Every domain had the same average score in June (6.0).` for cuts with no weakest domain."""
    sentences = []
    for where, cut in cuts:
        means = cut.get("domain_means") or {}
        shown = [shown_score(means.get(d), cut.get("n"), publication) for d in DOMAINS]
        values = {shown_value(text) for text in shown}
        if len(values) == 1 and None not in values:
            sentences.append(f"Every domain had the same average score {where} ({shown[0]}).")
    return sentences


def describe_scores(metrics: Metrics, params: Params) -> list[str]:
    """The overall mean and its change, records, segments, and the weakest and strongest domains."""
    publication = is_publication(metrics, params)
    month = metrics["month"]
    sentences = [_overall_headline(metrics, publication)]
    segments = metrics.get("segments") or {}
    for name, cut in segments.items():
        sentences.append(_segment_overall(name, cut, metrics, publication))
    cuts: list[tuple[str, Mapping[str, Any]]] = []
    if month_cut(metrics).get("n"):
        cuts.append((f"in {month_name(month)}", month_cut(metrics)))
    for name, cut in segments.items():
        if cut.get("n"):
            cuts.append((f"for {name} {cut_period(cut, month)}", cut))
    sentences += describe_extremes(cuts, params, publication, lowest=True)
    sentences += describe_extremes(cuts, params, publication, lowest=False)
    sentences += _uniform_domains(cuts, publication)
    return sentences


RECORDING_DOMAIN = "recording"
RECORDING_THEME = "late_recording"
RECORDING = (
    "There continues to be evidence that work is taking place, but it is not always recorded "
    "consistently and in a timely way. It is important that there continues to be an emphasis on "
    "the expectation that work is recorded as soon after taking place as possible, so that this "
    "becomes fully embedded."
)


def describe_recording(metrics: Metrics, params: Params) -> list[str]:
    """The paper's recording paragraph, when recording is among the two weakest domains this
    month or auditors' comments show late recording; otherwise nothing."""
    cut = month_cut(metrics)
    publication = is_publication(metrics, params)
    means = cut.get("domain_means") or {}
    shown = {d: shown_value(shown_score(means.get(d), cut.get("n"), publication)) for d in DOMAINS}
    ranked = sorted(v for v in shown.values() if v is not None)
    weak = len(ranked) >= 2 and shown.get(RECORDING_DOMAIN) is not None
    weak = weak and shown[RECORDING_DOMAIN] <= ranked[1]
    late = ((metrics.get("themes") or {}).get("month") or {}).get(RECORDING_THEME) or 0
    # A hidden count ("[c]" in a publication pack) is 1 to 4: late recording was seen.
    return [RECORDING] if (weak or late) else []
