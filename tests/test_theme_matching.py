"""How a comment is read: glossary, clause-scoped negation, instructions, two-sentence window."""

import hashlib

import pytest

from helpers.figures.codebook import STRENGTH, load_codebook
from helpers.figures.theme_matching import clause_spans, normalise_text, themes_in_text
from helpers.settings.params import PROJECT_ROOT


@pytest.fixture(scope="module")
def codebook():
    return load_codebook()


def found(text, codebook):
    return set(themes_in_text(text, codebook))


def test_the_blind_batch_is_frozen():
    # blind2 was written and labelled before the patterns were read; nobody may edit it since.
    data = (PROJECT_ROOT / "tests" / "data" / "theme_blind2.csv").read_bytes()
    assert hashlib.sha256(data).hexdigest() == (
        "97ad48df0c2b569a722288a69ee03e534874094b81fbb09551cf50e6b10f0086"
    )


def test_strengths_are_kept_apart_from_concerns(codebook):
    assert codebook.ids_of_kind(STRENGTH) == ["voice_of_child_strong"]
    assert "chronology_missing" in codebook.ids_of_kind("concern")


def test_glossary_spells_out_abbreviations_and_keeps_positions(codebook):
    normal = normalise_text("PP out of date; SW on LTS.", codebook.glossary)
    assert normal.text == "pathway plan out of date; SW on long-term sickness."
    start, end = normal.original_span(0, len("pathway plan"))
    assert (start, end) == (0, 2)
    assert found("PP out of date.", codebook) == {"plan_out_of_date"}
    assert found("Chron not updated since 2018.", codebook) == {"chronology_missing"}


def test_lower_case_pp_is_not_a_pathway_plan(codebook):
    assert normalise_text("see pp 4-5", codebook.glossary).text == "see pp 4-5"


def test_late_before_a_month_is_a_date_not_lateness(codebook):
    assert found("Visit in late June was recorded the same day.", codebook) == set()


def test_clauses_split_at_contrast():
    text = "Supervision is regular but not reflective"
    assert [text[s:e] for s, e, _ in clause_spans(text)] == [
        "Supervision is regular",
        "but not reflective",
    ]


def test_praise_before_but_does_not_cancel_the_problem(codebook):
    assert "supervision_not_reflective" in found(
        "Supervision regular but not reflective.", codebook
    )


def test_no_issues_with_a_topic_is_not_a_concern(codebook):
    assert found("No issues with the chronology.", codebook) == set()


def test_not_clear_what_the_domain_asks(codebook):
    assert found(
        "Not clear what is expected in this domain for a White British child.", codebook
    ) == {"equality_diversity_uncertainty"}


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("SW to start a chronology.", "chronology_missing"),
        ("Minor action: refresh the chronology", "chronology_missing"),
        ("Chronology to be written.", "chronology_missing"),
        ("2. Review care plan with carers", "plan_out_of_date"),
        ("TM and SW to reallocate while the worker is off.", "drift_worker_absence"),
        ("Worker to write up the last three home visits.", "late_recording"),
    ],
)
def test_instructions_anywhere_or_after_a_label_show_their_theme(codebook, text, theme):
    assert theme in found(text, codebook)


def test_a_statement_that_is_not_an_instruction_is_not_read_as_one(codebook):
    assert found("Cultural needs explored in depth with grandparents.", codebook) == set()
    assert found("No further action.", codebook) == set()


def test_a_theme_split_over_two_sentences_is_found_when_the_second_refers_back(codebook):
    text = "A chronology is on file. It has not been updated since 2015."
    sentence, start, end = themes_in_text(text, codebook)["chronology_missing"]
    assert sentence == text  # both whole sentences are the evidence
    assert found("The chronology is on file. Mum was seen last week.", codebook) == set()


def test_praise_of_one_topic_does_not_lend_its_problem_to_another(codebook):
    text = "Chronology complete and current, but the plan has not been updated since May."
    assert found(text, codebook) == {"plan_out_of_date"}


def test_a_childs_wish_for_more_does_not_cancel_a_strength(codebook):
    text = "He said he wants more time with his nan and this is clearly captured in the plan."
    assert "voice_of_child_strong" in found(text, codebook)
    assert found("The plan needs more of the child's voice.", codebook) == set()


def test_negating_the_theme_anywhere_in_the_sentence_cancels_it(codebook):
    assert found(
        "Worker was off sick but the TM picked it up so there was no drift.", codebook
    ) == (set())


def test_a_sentence_seen_before_is_matched_from_memory_with_the_same_result(codebook):
    cells = [
        "No chronology on file. Supervision is infrequent.",
        "Supervision is infrequent. The plan is out of date.",
        "There is a plan. It pre-dates the move.",
        "Visits were on time. There is a plan. It pre-dates the move.",
        "No chronology on file.",
    ]
    memo: dict = {}
    remembered = [themes_in_text(cell, codebook, memo) for cell in cells]
    assert remembered == [themes_in_text(cell, codebook) for cell in cells]
    single = {sentence for pair, sentence in memo if not pair}
    assert "Supervision is infrequent." in single and len(single) == 6  # each sentence once
    assert any(pair for pair, _ in memo)  # "It pre-dates the move." refers back to the plan
