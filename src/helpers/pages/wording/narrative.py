"""The drafted wording of the monthly paper, built from the metrics dict.

Every number is formatted by `helpers.settings.formatting`, and every comparison word (risen, fallen,
unchanged, met) is chosen from the values as shown, so a sentence never says "risen from 6.9
to 6.9". A figure that is None is said to be not available: nothing is invented or carried over.
In publication mode small counts, and the rates and means they would reveal, show as "[c]" and
no wording says what they hide.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from helpers.safe.suppression import hidden_parts
from helpers.settings.contract import DOMAINS, GOOD_OR_BETTER, GRADES
from helpers.settings.formatting import (
    SUPPRESSED,
    fmt_count,
    fmt_rate,
    fmt_score,
    is_missing,
    is_small_count,
    plural,
)
from helpers.settings.params import Params
from helpers.settings.periods import month_label, month_name, parse_month, previous_month

Metrics = Mapping[str, Any]

ALL_DOMAINS = "the overall average score across all seven domains"
VISITS_PLACES = 2  # visit rates are shown to 2 dp, as in the paper ("85.81%")
RECORD_SPAN_MONTHS = 12  # a record is worth one named exception if that stretches it to a year
NEW_THEME = "new this month"
PERSISTING_THEME = "persisting"


# --- shown values -------------------------------------------------------------------------------


def is_publication(metrics: Metrics, params: Params | None = None) -> bool:
    """Publication mode as the metrics record it, else as the parameters set it."""
    if "publication" in metrics:
        return bool(metrics["publication"])
    return bool(params.publication) if params is not None else False


def shown_count(count: int | None, publication: bool) -> str:
    return fmt_count(count, publication=publication)


def shown_rate(
    rate: float | None,
    count: int | None,
    base: int | None,
    publication: bool,
    places: int = 0,
) -> str:
    """A rate, suppressed in publication mode when its base is under 5 or its count is 1-4.

    Suppressing on the count too stops "7% of 27 audits" giving away a hidden count of 2.
    """
    if publication and is_small_count(count):
        return SUPPRESSED
    return fmt_rate(rate, base=base, publication=publication, places=places)


def shown_score(mean: float | None, n: int | None, publication: bool) -> str:
    """A mean score, suppressed in publication mode when fewer than 5 audits make it."""
    if publication and is_small_count(n):
        return SUPPRESSED
    return fmt_score(mean)


def shown_value(text: str) -> Decimal | None:
    """The number a reader sees in `text` ("76%", "6.9", "1,234"), None for "[c]" or "n/a"."""
    cleaned = text.rstrip("%").replace(",", "")
    try:
        return Decimal(cleaned)
    except ArithmeticError:
        return None


def direction(previous: str, current: str) -> str | None:
    """ "up", "down" or "same" between two shown values; None when either is hidden or missing."""
    before, now = shown_value(previous), shown_value(current)
    if before is None or now is None:
        return None
    if now > before:
        return "up"
    if now < before:
        return "down"
    return "same"


def count_noun(count: int | None, singular: str, publication: bool, plural_form: str = "") -> str:
    """`1 audit`, `2 audits`; a hidden count always takes the plural so the noun reveals nothing."""
    shown = shown_count(count, publication)
    if shown == SUPPRESSED or is_missing(count):
        return f"{shown} {plural_form or singular + 's'}"
    return plural(int(count), singular, plural_form or None)


def target_percent(target: float) -> str:
    """A target as a percentage with no more decimals than it needs: 90%, 92.5%."""
    for places in (0, 1, 2):
        text = fmt_rate(target, places=places)
        if Decimal(text.rstrip("%")) == Decimal(repr(float(target))) * 100:
            return text
    return fmt_rate(target, places=2)


def against_target(shown_actual: str, target: float) -> str | None:
    """ "below", "meets" or "above" comparing a shown percentage with a target fraction."""
    actual = shown_value(shown_actual)
    if actual is None:
        return None
    wanted = Decimal(repr(float(target))) * 100
    if actual < wanted:
        return "below"
    if actual > wanted:
        return "above"
    return "meets"


def target_clause(shown_actual: str, target: float | None) -> str | None:
    """`below the 90% target`, `in line with the 90% target`, `above the 90% target`."""
    word = against_target(shown_actual, target) if target is not None else None
    if word is None:
        return None
    relation = {"below": "below", "meets": "in line with", "above": "above"}[word]
    return f"{relation} the {target_percent(target)} target"


# --- months -------------------------------------------------------------------------------------


def month_ref(month: str, report_month: str) -> str:
    """`May` when in the report month's year, `December 2018` when not."""
    if parse_month(month).year == parse_month(report_month).year:
        return month_name(month)
    return month_label(month)


def month_pair(previous: str, current: str) -> tuple[str, str]:
    """Both months by name in one year ("May", "June"), both with years across a year end."""
    if parse_month(previous).year == parse_month(current).year:
        return month_name(previous), month_name(current)
    return month_label(previous), month_label(current)


def months_apart(earlier: str, later: str) -> int:
    return (parse_month(later) - parse_month(earlier)).n


def cut_period(cut: Mapping[str, Any], report_month: str) -> str:
    """Where a cut's audits come from: `in June`, `since April 2019`, `between ... and ...`."""
    start, end = cut.get("from", report_month), cut.get("to", report_month)
    if start == end:
        return f"in {month_ref(start, report_month)}"
    if end == report_month:
        return f"since {month_label(start)}"
    return f"between {month_label(start)} and {month_label(end)}"


def date_span(start: str, end: str) -> str:
    """`1 April and 30 June` in one year, `1 April 2019 and 31 January 2020` across a year end."""
    first, last = parse_month(start), parse_month(end)
    last_day = f"{last.days_in_month} {last.strftime('%B')}"
    if first.year == last.year:
        return f"1 {first.strftime('%B')} and {last_day}"
    return f"1 {first.strftime('%B')} {first.year} and {last_day} {last.year}"


def join_words(words: Sequence[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


def quoted(label: str) -> str:
    return f"'{label}'"


# --- metrics lookups ----------------------------------------------------------------------------


def month_cut(metrics: Metrics) -> Mapping[str, Any]:
    return (metrics.get("scores") or {}).get("month") or {}


def previous_cut(metrics: Metrics) -> Mapping[str, Any] | None:
    """The previous month's cut, or None when it is absent or no audits were returned in it."""
    cut = (metrics.get("scores") or {}).get("previous_month")
    if not cut or not cut.get("n"):
        return None
    return cut


def previous_month_of(metrics: Metrics) -> str:
    return metrics.get("previous_month") or previous_month(metrics["month"])


def is_first_data_month(metrics: Metrics) -> bool:
    """True when nothing was audited before the report month."""
    first = metrics.get("first_data_month")
    if first:
        return first >= metrics["month"]
    trend = (metrics.get("scores") or {}).get("trend") or []
    return not any(entry["month"] < metrics["month"] and entry.get("n") for entry in trend)


def current_visits(metrics: Metrics) -> Mapping[str, Any] | None:
    """The year-to-date visits entry ending in the report month, if there is one."""
    for entry in (metrics.get("visits") or {}).get("year_to_date") or []:
        if entry.get("to") == metrics["month"]:
            return entry
    return None


def previous_visits(metrics: Metrics) -> Mapping[str, Any] | None:
    """The year-to-date entry ending the month before, None in April (the year restarts)."""
    current = current_visits(metrics)
    if current is None or current.get("from") == current.get("to"):
        return None
    wanted = previous_month_of(metrics)
    for entry in (metrics.get("visits") or {}).get("year_to_date") or []:
        if entry.get("to") == wanted and entry.get("from") == current.get("from"):
            return entry
    return None


def good_or_better(cut: Mapping[str, Any]) -> tuple[int, float | None]:
    """Count and share of the cut's returned audits judged Good or Outstanding."""
    counts = cut.get("judgement_counts") or {}
    count = sum(int(counts.get(grade) or 0) for grade in GOOD_OR_BETTER)
    n = cut.get("n") or 0
    return count, (count / n if n else None)


# --- compliance ---------------------------------------------------------------------------------


def _compliance_rate_text(entry: Mapping[str, Any] | None, publication: bool) -> str:
    if not entry:
        return fmt_rate(None)
    return shown_rate(entry.get("rate"), entry.get("returned"), entry.get("allocated"), publication)


def describe_compliance(metrics: Metrics, params: Params) -> list[str]:
    """Compliance this month, its change from last month, audits returned, and the target."""
    publication = is_publication(metrics, params)
    compliance = metrics.get("compliance") or {}
    month = metrics["month"]
    this_name = month_name(month)
    allocated, returned = compliance.get("allocated") or 0, compliance.get("returned") or 0
    if not allocated or is_missing(compliance.get("rate")):
        return [f"No audits were allocated in {this_name}, so audit compliance is not available."]

    rate = _compliance_rate_text(compliance, publication)
    returned_clause = (
        f"with {shown_count(returned, publication)} of the "
        f"{count_noun(allocated, 'allocated audit', publication)} returned"
    )
    previous = compliance.get("previous") or {}
    if not previous.get("month") or is_missing(previous.get("rate")):
        headline = f"Audit compliance in {this_name} was {rate}, {returned_clause}."
    else:
        before = _compliance_rate_text(previous, publication)
        prev_name, _ = month_pair(previous["month"], month)
        step = direction(before, rate)
        if step is None:
            headline = (
                f"Audit compliance in {this_name} was {rate} ({before} in {prev_name}), "
                f"{returned_clause}."
            )
        elif step == "same":
            headline = (
                f"Audit compliance is unchanged this month at {rate}, the same as in "
                f"{prev_name}, {returned_clause}."
            )
        else:
            verb = "risen" if step == "up" else "reduced"
            again = " again" if _compliance_moved_before(metrics, step, publication) else ""
            headline = (
                f"Audit compliance has {verb}{again} this month, {step} to {rate} from {before} "
                f"in {prev_name}, {returned_clause}."
            )
    sentences = [headline]
    clause = target_clause(rate, params.targets.compliance_rate)
    if clause:
        sentences.append(f"This is {clause}.")
    return sentences


def _compliance_moved_before(metrics: Metrics, step: str, publication: bool) -> bool:
    """True when compliance also moved `step` ("up"/"down") the month before last."""
    compliance = metrics.get("compliance") or {}
    previous = compliance.get("previous") or {}
    if not previous.get("month"):
        return False
    wanted = previous_month(previous["month"])
    earlier = next((e for e in compliance.get("trend") or [] if e.get("month") == wanted), None)
    if earlier is None or is_missing(earlier.get("rate")):
        return False
    before = _compliance_rate_text(earlier, publication)
    return direction(before, _compliance_rate_text(previous, publication)) == step


# --- scores -------------------------------------------------------------------------------------


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
        return f"{subject} is unchanged at {now} in {this_ref}, the same as in {prev_name}."
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


def _describe_extremes(
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
    sentences += _describe_extremes(cuts, params, publication, lowest=True)
    sentences += _describe_extremes(cuts, params, publication, lowest=False)
    sentences += _uniform_domains(cuts, publication)
    return sentences


# --- judgements ---------------------------------------------------------------------------------


def hidden_grades(cut: Mapping[str, Any], publication: bool) -> set[str]:
    """Grades whose count publication mode hides, including those that n would give away."""
    if not publication:
        return set()
    counts = cut.get("judgement_counts") or {}
    return hidden_parts({g: int(counts.get(g) or 0) for g in GRADES}, cut.get("n") or 0)


def _breakdown(audits: str, period: str, cut: Mapping[str, Any], publication: bool) -> str:
    """`Judgements for the 27 audits returned in June were 5 Outstanding (19%), ... 2 Inadequate (7%).`"""
    counts = cut.get("judgement_counts") or {}
    shares = cut.get("judgement_shares") or {}
    n = cut.get("n") or 0
    hidden = hidden_grades(cut, publication)
    parts = []
    for grade in GRADES:
        count = int(counts.get(grade) or 0)
        if grade in hidden:
            parts.append(f"{SUPPRESSED} {grade} ({SUPPRESSED})")
            continue
        share = shown_rate(shares.get(grade), count, n, publication)
        parts.append(f"{shown_count(count, publication)} {grade} ({share})")
    sentence = f"Judgements for the {audits} returned {period} were {join_words(parts)}"
    unjudged = n - sum(int(counts.get(grade) or 0) for grade in GRADES)
    if unjudged > 0:
        missing = count_noun(unjudged, "audit", publication)
        verb = "has" if unjudged == 1 and not (publication and is_small_count(unjudged)) else "have"
        sentence += f"; {missing} {verb} no judgement recorded"
    return sentence + "."


def _comparison(metrics: Metrics) -> tuple[Mapping[str, Any] | None, str, str]:
    """The previous month's cut (None when there is nothing to compare) and both months' names."""
    month = metrics["month"]
    previous = None if is_first_data_month(metrics) else previous_cut(metrics)
    if previous is None:
        return None, "", month_name(month)
    prev_name, this_name = month_pair(previous_month_of(metrics), month)
    return previous, prev_name, this_name


def _grade_change(grade: str, metrics: Metrics, publication: bool) -> str:
    """`There were 2 Inadequate judgements in June (7% of the audits returned), the same as in May.`"""
    cut = month_cut(metrics)
    count = int((cut.get("judgement_counts") or {}).get(grade) or 0)
    previous, prev_name, this_name = _comparison(metrics)
    now = shown_count(count, publication)
    if grade in hidden_grades(cut, publication):
        now = SUPPRESSED
    if now == SUPPRESSED:
        opening = (
            f"There were {SUPPRESSED} {grade} judgements in {this_name} "
            f"({SUPPRESSED} of the audits returned)"
        )
    elif count == 0:
        opening = f"There were no {grade} judgements in {this_name}"
    else:
        share = shown_rate(
            (cut.get("judgement_shares") or {}).get(grade), count, cut.get("n"), publication
        )
        noun = count_noun(count, f"{grade} judgement", publication)
        verb = "was" if now == "1" else "were"
        opening = f"There {verb} {noun} in {this_name} ({share} of the audits returned)"
    if previous is None:
        return opening + "."
    before_count = int((previous.get("judgement_counts") or {}).get(grade) or 0)
    before = shown_count(before_count, publication)
    if grade in hidden_grades(previous, publication):
        before = SUPPRESSED
    step = direction(before, now)
    if step is None:
        return f"{opening}, compared with {before} in {prev_name}."
    if step == "same":
        return f"{opening}, the same as in {prev_name}."
    return f"{opening}, {step} from {before} in {prev_name}."


def _good_or_better_sentence(metrics: Metrics, publication: bool) -> str:
    cut = month_cut(metrics)
    count, share = good_or_better(cut)
    n = cut.get("n") or 0
    if hidden_grades(cut, publication) & set(GOOD_OR_BETTER):
        return (
            f"The share of audits judged Good or Outstanding in {month_name(metrics['month'])} "
            f"is not shown ({SUPPRESSED})."
        )
    shown = shown_rate(share, count, n, publication)
    previous, prev_name, this_name = _comparison(metrics)
    opening = (
        f"{shown_count(count, publication)} of the {count_noun(n, 'audit', publication)} "
        f"returned in {this_name} ({shown}) were judged Good or Outstanding"
    )
    if previous is None:
        return opening + "."
    before_count, before_share = good_or_better(previous)
    before = shown_rate(before_share, before_count, previous.get("n"), publication)
    step = direction(before, shown)
    if step is None:
        return f"{opening}, compared with {before} in {prev_name}."
    if step == "same":
        return f"{opening}, the same share as in {prev_name}."
    return f"{opening}, {step} from {before} in {prev_name}."


def _segment_judgements(
    name: str, cut: Mapping[str, Any], metrics: Metrics, publication: bool
) -> list[str]:
    period = cut_period(cut, metrics["month"])
    n = cut.get("n") or 0
    if not n:
        return [f"No {name} audits have been returned {period}, so there are no {name} judgements."]
    audits = count_noun(n, f"{name} audit", publication)
    sentences = [_breakdown(audits, period, cut, publication)]
    counts = cut.get("judgement_counts") or {}
    none_of = [g for g in ("Outstanding", "Inadequate") if not int(counts.get(g) or 0)]
    if none_of:
        sentences.append(
            f"None of the {name} audits returned {period} were graded {' or '.join(none_of)}."
        )
    return sentences


def describe_judgements(metrics: Metrics, params: Params) -> list[str]:
    """Counts and shares of the four grades, changes from last month, Good or better, segments."""
    publication = is_publication(metrics, params)
    month = metrics["month"]
    cut = month_cut(metrics)
    n = cut.get("n") or 0
    if not n:
        sentences = [
            f"No audits were returned in {month_name(month)}, so there are no judgements to report."
        ]
    else:
        audits = count_noun(n, "audit", publication)
        sentences = [
            _breakdown(audits, f"in {month_name(month)}", cut, publication),
            _grade_change("Inadequate", metrics, publication),
            _grade_change("Outstanding", metrics, publication),
            _good_or_better_sentence(metrics, publication),
        ]
    for name, segment in (metrics.get("segments") or {}).items():
        sentences += _segment_judgements(name, segment, metrics, publication)
    return sentences


# --- visits -------------------------------------------------------------------------------------


def _visit_rate(entry: Mapping[str, Any], key: str, publication: bool) -> str:
    count_key = key.removesuffix("_rate")
    if publication:
        outcomes = {k: int(entry.get(k) or 0) for k in ("on_time", "late", "not_done")}
        if count_key in hidden_parts(outcomes, entry.get("due")):
            return SUPPRESSED
    return shown_rate(
        entry.get(key), entry.get(count_key), entry.get("due"), publication, VISITS_PLACES
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
        return [f"No statutory visits fell due between {span}, so visit figures are not available."]
    on_time = _visit_rate(entry, "on_time_rate", publication)
    late = _visit_rate(entry, "late_rate", publication)
    not_done = _visit_rate(entry, "not_done_rate", publication)
    due = count_noun(entry["due"], "visit", publication)
    sentences = [
        f"{on_time} of statutory visits were carried out on time between {span}, "
        f"with {late} late and {not_done} not done ({due} due)."
    ]
    previous = previous_visits(metrics)
    if entry.get("from") == entry.get("to"):
        sentences.append(
            "The visit figures restart each April, so there is no earlier period this "
            "reporting year to compare with."
        )
    elif previous is not None and previous.get("due"):
        before = _visit_rate(previous, "on_time_rate", publication)
        before_span = date_span(previous["from"], previous["to"])
        step = direction(before, on_time)
        if step is None:
            sentences.append(f"Between {before_span} the figure was {before}.")
        elif step == "same":
            sentences.append(f"This is unchanged from {before} between {before_span}.")
        else:
            sentences.append(f"This is {step} from {before} between {before_span}.")
    clause = target_clause(on_time, params.targets.visits_on_time_rate)
    if clause:
        sentences.append(f"This is {clause}.")
    return sentences


# --- themes -------------------------------------------------------------------------------------


def _theme_counts(row: Mapping[str, Any]) -> tuple[int, int]:
    """Audits showing the theme this month and last; takes `helpers.figures.themes` column names too."""
    now = row.get("audits_this_month", row.get("audits"))
    before = row.get("audits_last_month", row.get("audits_previous"))
    return int(now or 0), int(before or 0)


def describe_themes(theme_summary_rows: Sequence[Mapping[str, Any]], params: Params) -> list[str]:
    """`Recurring themes this month: ...` and `New this month: ...` from the theme summary rows.

    A row is recurring when its status is "persisting" (or, with no status, it was seen last
    month too) and new otherwise; rows not seen this month are left out.
    """
    recurring, new = [], []
    for row in theme_summary_rows:
        now, before = _theme_counts(row)
        if now <= 0:
            continue
        item = f"{row['label']} ({count_noun(now, 'audit', params.publication)})"
        status = row.get("status")
        if status == PERSISTING_THEME or (status != NEW_THEME and before > 0):
            recurring.append(item)
        else:
            new.append(item)
    if not recurring and not new:
        return ["No recurring themes were identified in this month's audit comments."]
    sentences = []
    if recurring:
        sentences.append(f"Recurring themes this month: {join_words(recurring)}.")
    if new:
        sentences.append(f"New this month: {join_words(new)}.")
    return sentences


# --- summary and missing data -------------------------------------------------------------------


def describe_missing_data(metrics: Metrics) -> list[str]:
    """What the report cannot show this month, and why."""
    month = metrics["month"]
    label = month_label(month)
    notes = []
    compliance = metrics.get("compliance") or {}
    cut = month_cut(metrics)
    if not compliance.get("allocated"):
        notes.append(f"No audits were allocated for {label}, so audit compliance is not available.")
    if not cut.get("n"):
        notes.append(
            f"No audits were returned for {label}, so scores and judgements are not available."
        )
    if is_first_data_month(metrics):
        notes.append(
            f"{label} is the first month of audit data, so there is no comparison "
            "with a previous month."
        )
    elif previous_cut(metrics) is None:
        prev = month_label(previous_month_of(metrics))
        notes.append(
            f"No audits were returned for {prev}, so scores and judgements cannot be "
            "compared with the previous month."
        )
    visits = metrics.get("visits") or {}
    if not visits.get("available", True) or not visits.get("year_to_date"):
        notes.append(
            "No statutory visits extract was supplied, so visit figures are not available."
        )
    elif current_visits(metrics) is None:
        notes.append(f"The visits extract has no figures for {label}.")
    for name, segment in (metrics.get("segments") or {}).items():
        if not segment.get("n"):
            period = cut_period(segment, month)
            notes.append(f"No {name} audits have been returned {period}.")
    return notes


def describe_executive_summary(metrics: Metrics, params: Params) -> list[str]:
    """The headline of each section: compliance, scores, judgements (if any), visits."""
    sentences = [describe_compliance(metrics, params)[0], describe_scores(metrics, params)[0]]
    if month_cut(metrics).get("n"):
        # With no audits returned the scores headline has already said so.
        sentences.append(describe_judgements(metrics, params)[0])
    sentences.append(describe_visits(metrics, params)[0])
    return sentences
