import math

import pandas as pd
import pytest
import yaml

from helpers.figures.codebook import CodebookError, load_codebook
from helpers.figures.emerging_topics import compute_emerging_topics
from helpers.figures.theme_excerpts import select_excerpts, trim_excerpt
from helpers.figures.theme_matching import match_themes, themes_in_text
from helpers.figures.themes import (
    compute_theme_counts,
    compute_theme_summary,
    compute_unmatched,
    theme_counts_for_month,
)
from helpers.settings.contract import DEFAULT_THEME_IDS, TEXT_COLUMNS


def make_audits(rows: list[tuple[str, str, bool, dict[str, str]]]) -> pd.DataFrame:
    """Audits frame as loading returns it: (audit_id, audit_month, returned, {column: text})."""
    records = []
    for number, (audit_id, month, returned, comments) in enumerate(rows):
        record = {
            "audit_id": audit_id,
            "audit_month": month,
            "date_completed": pd.Timestamp(f"{month}-20") if returned else pd.NaT,
            "source_row": number + 2,
        }
        record.update({column: comments.get(column, pd.NA) for column in TEXT_COLUMNS})
        records.append(record)
    return pd.DataFrame(records)


@pytest.fixture(scope="module")
def codebook():
    return load_codebook()


def found(text, codebook):
    return set(themes_in_text(text, codebook))


def test_default_codebook_has_every_contract_theme(codebook):
    assert set(DEFAULT_THEME_IDS) <= set(codebook.ids)
    assert all(codebook.theme(t).label and codebook.theme(t).description for t in codebook.ids)


@pytest.mark.parametrize(
    ("text", "not_theme"),
    [
        ("Supervision is regular and reflective.", "supervision_not_reflective"),
        ("The chronology is up to date.", "chronology_missing"),
        ("The IRO footprint is evident.", "iro_escalation"),
        ("No IRO escalation was required.", "iro_escalation"),
        ("The child's voice is not evident.", "voice_of_child_strong"),
        ("School attendance isn't good but is improving.", "meeting_attendance"),
    ],
)
def test_negations_and_near_misses_do_not_show_the_theme(text, not_theme, codebook):
    assert not_theme not in found(text, codebook)


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("Supervisions were infrequent.", "supervision_not_reflective"),
        ("The case was reallocated after the worker went off sick.", "drift_worker_absence"),
        ("There isn't a chronology.", "chronology_missing"),
        ("The IRO escalated concerns about drift.", "iro_escalation"),
        ("His wishes and feelings are clearly captured.", "voice_of_child_strong"),
    ],
)
def test_inflections_and_contractions_show_the_theme(text, theme, codebook):
    assert theme in found(text, codebook)


def test_each_sentence_is_judged_on_its_own(codebook):
    text = "Supervision is regular and reflective. The chronology is out of date."
    assert found(text, codebook) == {"chronology_missing"}


def test_matches_record_the_column_and_sentence_of_returned_audits_only(codebook):
    audits = make_audits(
        [
            (
                "C-TEST-001",
                "2019-06",
                True,
                {"actions": "Well done. Please update the chronology."},
            ),
            ("C-TEST-002", "2019-06", False, {"actions": "Please update the chronology."}),
        ]
    )
    matches = match_themes(audits, codebook)
    assert matches[["audit_id", "theme_id", "column", "sentence", "source_row"]].to_dict(
        "records"
    ) == [
        {
            "audit_id": "C-TEST-001",
            "theme_id": "chronology_missing",
            "column": "actions",
            "sentence": "Please update the chronology.",
            "source_row": 2,
        }
    ]


def test_one_row_per_audit_theme_and_column(codebook):
    audits = make_audits(
        [
            (
                "C-TEST-001",
                "2019-06",
                True,
                {
                    "comment_recording": "No chronology. The chronology is missing.",
                    "summary_comment": "Chronology absent.",
                },
            )
        ]
    )
    matches = match_themes(audits, codebook)
    assert sorted(matches["column"]) == ["comment_recording", "summary_comment"]
    assert matches["sentence"].iloc[0] == "No chronology."


@pytest.fixture
def three_months():
    return make_audits(
        [
            ("C-TEST-001", "2019-04", True, {"comment_recording": "No chronology on file."}),
            ("C-TEST-002", "2019-05", True, {"comment_recording": "Chronology is out of date."}),
            ("C-TEST-003", "2019-05", True, {"comment_planning": "The care plan is out of date."}),
            ("C-TEST-004", "2019-06", True, {"comment_recording": "Chronology not started."}),
            (
                "C-TEST-005",
                "2019-06",
                True,
                {
                    "comment_management_oversight": "Supervision is infrequent.",
                    "actions": "Update the chronology.",
                },
            ),
            ("C-TEST-006", "2019-06", True, {"summary_comment": "A stable placement."}),
            ("C-TEST-007", "2019-06", False, {"comment_recording": "No chronology."}),
        ]
    )


def test_theme_counts_per_month_count_distinct_returned_audits(three_months, codebook):
    matches = match_themes(three_months, codebook)
    counts = compute_theme_counts(
        matches, three_months, ["2019-04", "2019-05", "2019-06"], codebook
    )
    assert list(counts.index) == codebook.ids
    assert counts.loc["chronology_missing"].tolist() == [1, 1, 2]
    assert counts.loc["plan_out_of_date"].tolist() == [0, 1, 0]
    assert counts.loc["meeting_attendance"].tolist() == [0, 0, 0]


def test_theme_counts_for_month_gives_every_theme(three_months, codebook):
    counts = theme_counts_for_month(match_themes(three_months, codebook), "2019-06", codebook)
    assert list(counts) == codebook.ids
    assert counts["chronology_missing"] == 2
    assert counts["supervision_not_reflective"] == 1
    assert counts["iro_escalation"] == 0


def test_summary_status_share_and_domains(three_months, codebook):
    matches = match_themes(three_months, codebook)
    summary = compute_theme_summary(matches, three_months, codebook, "2019-06").set_index(
        "theme_id"
    )
    chronology = summary.loc["chronology_missing"]
    assert chronology["status"] == "persisting"
    assert (chronology["audits"], chronology["audits_previous"]) == (2, 1)
    assert chronology["share"] == pytest.approx(2 / 3)
    assert chronology["domains"] == ["recording", "actions"]
    assert chronology["months_seen"] == 3
    assert summary.loc["supervision_not_reflective", "status"] == "new"
    assert summary.loc["plan_out_of_date", "status"] == "not seen this month"
    assert summary.loc["iro_escalation", "status"] == "not seen this month"
    assert summary.loc["voice_of_child_strong", "kind"] == "strength"
    assert chronology["kind"] == "concern"


def test_summary_share_is_nan_when_nothing_returned(codebook):
    audits = make_audits([("C-TEST-001", "2019-06", False, {})])
    summary = compute_theme_summary(match_themes(audits, codebook), audits, codebook, "2019-06")
    assert math.isnan(summary["share"].iloc[0])


def test_excerpts_are_whole_redacted_sentences_one_per_audit(codebook):
    long_sentence = (
        "Over the whole period covered by this audit, and despite many reminders from the team "
        "manager to Sam Example, the chronology has not been updated since 2017 and so the "
        "history of the family and the pattern of concerns cannot be seen at a glance by anyone."
    )
    audits = make_audits(
        [
            ("C-TEST-001", "2019-06", True, {"comment_recording": long_sentence}),
            (
                "C-TEST-002",
                "2019-06",
                True,
                {"comment_recording": "No chronology.", "actions": "Update the chronology."},
            ),
        ]
    )
    matches = match_themes(audits, codebook)
    excerpts = select_excerpts(
        matches,
        "chronology_missing",
        "2019-06",
        redact=lambda text: text.replace("Sam Example", "[name]"),
        max_chars=100,
    )
    assert len(excerpts) == 2
    first = excerpts[0]
    assert first.startswith("Over the whole period") and first.endswith("…")  # never mid-sentence
    assert len(first) <= 101
    assert "Sam" not in first and "Example" not in first
    assert excerpts[1] == "No chronology."


def test_trim_excerpt_keeps_short_text_whole():
    assert trim_excerpt("No chronology.", 0, 13, 160) == "No chronology."


def test_unmatched_counts_cells_and_audits_the_codebook_misses(three_months, codebook):
    matches = match_themes(three_months, codebook)
    assert compute_unmatched(three_months, matches, "2019-06") == {
        "returned": 3,
        "audits_with_text": 3,
        "audits_unmatched": 1,
        "cells_with_text": 4,
        "cells_unmatched": 1,
    }


def test_emerging_topics_find_a_rising_phrase_but_no_theme_or_name(codebook):
    before = [
        (f"C-TEST-0{i}", "2019-05", True, {"summary_comment": "A settled placement at home."})
        for i in range(10, 14)
    ]
    this_month = [
        (
            f"C-TEST-0{i}",
            "2019-06",
            True,
            {
                "summary_comment": "There was a placement breakdown in May. No chronology on file.",
                "comment_voice_of_child": f"Alex Testperson told the worker about C-TEST-00{i}.",
            },
        )
        for i in range(20, 24)
    ]
    audits = make_audits(before + this_month)
    topics = compute_emerging_topics(audits, codebook, "2019-06")
    phrases = set(topics["phrase"])
    assert "placement breakdown" in phrases
    row = topics.set_index("phrase").loc["placement breakdown"]
    assert (row["audits_month"], row["share_month"], row["share_before"]) == (4, 1.0, 0.0)
    assert not any("chronolog" in p for p in phrases)
    assert not any("alex" in p or "testperson" in p or "test" in p for p in phrases)
    assert "placement" not in phrases  # inside the longer phrase with the same count


def test_emerging_topics_need_a_minimum_number_of_audits(codebook):
    audits = make_audits(
        [
            ("C-TEST-001", "2019-06", True, {"summary_comment": "Placement breakdown."}),
            ("C-TEST-002", "2019-06", True, {"summary_comment": "Placement breakdown."}),
        ]
    )
    assert compute_emerging_topics(audits, codebook, "2019-06").empty


def write_codebook(tmp_path, themes, **extra):
    path = tmp_path / "codebook.yaml"
    path.write_text(yaml.safe_dump({"themes": themes, **extra}), encoding="utf-8")
    return path


THEME = {
    "id": "placement_moves",
    "label": "Placement moves",
    "description": "The child moved placement.",
    "patterns": [[r"\bplacement", r"\bmov(e|es|ed)\b"]],
}


def test_a_replacement_codebook_is_used(tmp_path):
    codebook = load_codebook(write_codebook(tmp_path, [THEME]))
    assert codebook.ids == ["placement_moves"]
    assert found("She has moved placement twice.", codebook) == {"placement_moves"}


def test_bad_codebook_missing_id_names_the_entry_and_field(tmp_path):
    entry = {k: v for k, v in THEME.items() if k != "id"}
    with pytest.raises(CodebookError, match=r"theme entry 1 \(no id\), field id: Field required"):
        load_codebook(write_codebook(tmp_path, [entry]))


def test_bad_codebook_regex_names_the_theme_and_pattern(tmp_path):
    entry = {**THEME, "patterns": ["placement (move"]}
    with pytest.raises(CodebookError) as raised:
        load_codebook(write_codebook(tmp_path, [entry]))
    message = str(raised.value)
    assert "theme 'placement_moves', field patterns" in message
    assert "'placement (move' is not a valid regular expression" in message


def test_bad_codebook_unknown_key_names_the_theme_and_key(tmp_path):
    entry = {**THEME, "pattern": ["x"]}
    with pytest.raises(CodebookError, match=r"theme 'placement_moves', field pattern: unknown key"):
        load_codebook(write_codebook(tmp_path, [entry]))
    with pytest.raises(CodebookError, match=r"unknown key\(s\) \['version'\]"):
        load_codebook(write_codebook(tmp_path, [THEME], version=2))


def test_duplicate_ids_are_refused(tmp_path):
    with pytest.raises(CodebookError, match="used more than once"):
        load_codebook(write_codebook(tmp_path, [THEME, THEME]))


def test_add_replaces_a_theme_by_id_and_appends_a_new_one():
    replacement = {
        "id": "chronology_missing",
        "label": "No chronology",
        "description": "The word chronology with 'none'.",
        "patterns": [[r"chronolog\w*", r"\bnone\b"]],
    }
    codebook = load_codebook(add=[replacement, THEME])
    assert codebook.ids == [*DEFAULT_THEME_IDS, "placement_moves"]
    assert codebook.theme("chronology_missing").label == "No chronology"
    assert found("Chronology: none.", codebook) == {"chronology_missing"}
    assert found("No chronology on file.", codebook) == set()


def test_bad_added_theme_is_reported_as_coming_from_params():
    with pytest.raises(CodebookError, match=r"(?s)params themes.add.*theme 'x', field label"):
        load_codebook(add=[{"id": "x", "description": "d", "patterns": ["y"]}])


def months_of(theme_months: dict[str, bool], theme_text: str = "No chronology on file."):
    """One returned audit a month; its comment shows the theme in the months marked True."""
    return make_audits(
        [
            (
                f"C-TEST-{i:03d}",
                month,
                True,
                {"comment_recording": theme_text if shown else "Fine."},
            )
            for i, (month, shown) in enumerate(theme_months.items())
        ]
    )


@pytest.mark.parametrize(
    ("seen", "status"),
    [
        ({"2018-12": False, "2019-03": False, "2019-05": False, "2019-06": True}, "new"),
        ({"2018-11": True, "2019-03": False, "2019-05": False, "2019-06": True}, "new"),
        ({"2018-12": True, "2019-03": False, "2019-05": False, "2019-06": True}, "returning"),
        ({"2019-01": True, "2019-05": False, "2019-06": True}, "returning"),
        ({"2019-04": False, "2019-05": True, "2019-06": True}, "persisting"),
        ({"2019-05": True, "2019-06": False}, "not seen this month"),
        ({"2019-06": True}, "no earlier data"),
    ],
)
def test_status_new_means_none_in_the_previous_six_months(codebook, seen, status):
    audits = months_of(seen)
    summary = compute_theme_summary(match_themes(audits, codebook), audits, codebook, "2019-06")
    assert summary.set_index("theme_id").loc["chronology_missing", "status"] == status


def test_a_sentence_is_shown_under_one_theme_only_and_the_clearest_goes_first(codebook):
    from helpers.figures.theme_excerpts import select_theme_excerpts

    audits = make_audits(
        [
            (
                "C-TEST-001",
                "2019-06",
                True,
                {"summary_comment": "No chronology and the plan is out of date."},
            ),
            ("C-TEST-002", "2019-06", True, {"comment_planning": "The care plan is out of date."}),
            (
                "C-TEST-003",
                "2019-06",
                True,
                {"comment_recording": "the chronology was not found; it was never started."},
            ),
        ]
    )
    chosen = select_theme_excerpts(match_themes(audits, codebook), codebook, "2019-06", n=3)
    shown = [sentence for excerpts in chosen.values() for sentence in excerpts]
    assert len(shown) == len(set(shown))  # each sentence once
    assert chosen["plan_out_of_date"][0] == "The care plan is out of date."  # shows only this theme
    whole = "The chronology was not found; it was never started."  # whole, capitalised
    assert chosen["chronology_missing"][0] == whole
