"""Target statuses, judged on the figures as shown."""

from __future__ import annotations

from helpers.pages.wording.targets import TargetStatus, describe_targets
from helpers.settings.params import Targets

from test_narrative import JUNE_VISITS, make_cut, make_metrics, make_params

ALL_TARGETS = Targets(
    compliance_rate=0.9, visits_on_time_rate=0.95, max_inadequate=0, good_or_better_share=0.7
)


def by_key(statuses: list[TargetStatus]) -> dict[str, TargetStatus]:
    return {status.key: status for status in statuses}


def test_one_status_per_target_set() -> None:
    statuses = describe_targets(make_metrics(visits=JUNE_VISITS), make_params())
    # Defaults set three targets; good_or_better_share is None and left out.
    assert [s.key for s in statuses] == ["compliance_rate", "visits_on_time_rate", "max_inadequate"]


def test_statuses_for_the_june_paper() -> None:
    params = make_params(targets=ALL_TARGETS)
    statuses = by_key(describe_targets(make_metrics(visits=JUNE_VISITS), params))
    compliance = statuses["compliance_rate"]
    assert (compliance.target, compliance.actual, compliance.status) == ("90%", "77%", "not met")
    assert compliance.sentence == "Audit compliance of 77% is below the 90% target."
    assert statuses["visits_on_time_rate"].sentence == (
        "The on-time rate for statutory visits of 85.81% is below the 95% target."
    )
    assert statuses["max_inadequate"].status == "not met"
    assert statuses["max_inadequate"].sentence == (
        "There were 2 Inadequate judgements in June, against a target of none."
    )
    good = statuses["good_or_better_share"]
    assert (good.actual, good.status) == ("74%", "met")
    assert good.sentence == "The Good or Outstanding share of 74% is above the 70% target."


def test_a_rate_just_under_target_gets_the_decimal_that_shows_it_missed() -> None:
    # 89.5% would show half up as 90%; beside a 90% target it shows as 89.5%, not met, as the
    # email and the charts say too.
    metrics = make_metrics(compliance=(200, 179))
    status = by_key(describe_targets(metrics, make_params()))["compliance_rate"]
    assert (status.actual, status.status) == ("89.5%", "not met")
    assert status.sentence == "Audit compliance of 89.5% is below the 90% target."
    exact = by_key(describe_targets(make_metrics(compliance=(200, 180)), make_params()))
    assert (exact["compliance_rate"].actual, exact["compliance_rate"].status) == ("90%", "met")


def test_no_inadequate_meets_a_target_of_none() -> None:
    metrics = make_metrics(cut=make_cut(20, 6.9, (2, 10, 8, 0)))
    status = by_key(describe_targets(metrics, make_params()))["max_inadequate"]
    assert (status.actual, status.status) == ("0", "met")
    assert (
        status.sentence == "There were no Inadequate judgements in June, meeting a target of none."
    )


def test_one_inadequate_is_singular() -> None:
    metrics = make_metrics(cut=make_cut(20, 6.9, (2, 10, 7, 1)))
    params = make_params(targets=Targets(max_inadequate=2))
    status = by_key(describe_targets(metrics, params))["max_inadequate"]
    assert status.status == "met"
    assert status.sentence == (
        "There was 1 Inadequate judgement in June, meeting a target of no more than 2."
    )


def test_no_data_when_figures_are_missing() -> None:
    metrics = make_metrics(cut=make_cut(0), compliance=(0, 0), visits=None)
    params = make_params(targets=ALL_TARGETS)
    statuses = by_key(describe_targets(metrics, params))
    assert {s.status for s in statuses.values()} == {"no data"}
    assert statuses["compliance_rate"].actual == "n/a"
    assert statuses["visits_on_time_rate"].sentence == (
        "Statutory visit figures are not available, so the 95% target cannot be assessed."
    )
    assert statuses["max_inadequate"].sentence == (
        "No audits were returned in June, so the Inadequate target cannot be assessed."
    )


def test_publication_hides_a_status_that_would_reveal_a_small_count() -> None:
    metrics = make_metrics(publication=True)  # 2 Inadequate: hidden as [c]
    limit_two = make_params(targets=Targets(max_inadequate=2))
    status = by_key(describe_targets(metrics, limit_two))["max_inadequate"]
    assert (status.actual, status.status) == ("[c]", "suppressed")
    assert "2 " not in status.sentence.replace("no more than 2", "")
    # With a target of none any hidden count (1 to 4) misses it, so saying so reveals nothing.
    none = by_key(describe_targets(metrics, make_params()))["max_inadequate"]
    assert (none.actual, none.status) == ("[c]", "not met")


def test_publication_hides_a_rate_on_a_small_base() -> None:
    metrics = make_metrics(compliance=(4, 3), cut=make_cut(3, 6.9, (0, 3, 0, 0)), publication=True)
    status = by_key(describe_targets(metrics, make_params()))["compliance_rate"]
    assert (status.actual, status.status) == ("[c]", "suppressed")
    assert "75%" not in status.sentence


def test_target_with_a_decimal_is_shown_with_its_decimal() -> None:
    params = make_params(targets=Targets(compliance_rate=0.925))
    status = by_key(describe_targets(make_metrics(), params))["compliance_rate"]
    assert status.target == "92.5%"
