"""Redaction of free text: planted identifiers never survive; ordinary words mostly do."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pytest

from helpers.safe.allow_list import allowed_words, mask_unknown_words
from helpers.safe.normalise import normalise_text, strip_controls
from helpers.safe.redaction import (
    KnownIds,
    build_redactor,
    load_first_names,
    nhs_check_digit_ok,
    redact_frame_text,
    redact_text,
    split_known_ids,
)
from helpers.safe.safety import escape_for_html
from helpers.tools.redaction_eval import (
    KNOWN_IDS,
    KNOWN_NAMES,
    load_corpus,
    lost_words,
    score_set,
)

CORPUS = Path(__file__).parent / "data" / "redaction_corpus.csv"


def _rows(kind: str) -> list[dict[str, str]]:
    with CORPUS.open(newline="", encoding="utf-8") as fh:
        return [row for row in csv.DictReader(fh) if row["set"] == kind]


def _present(word: str, text: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text) is not None


def _survivors(target: str, redacted: str) -> list[str]:
    """Parts of a planted identifier (2+ characters) still visible as whole words."""
    parts = [p for p in re.split(r"[\s,]+", target) if len(p) >= 2 and p != "Flat"]
    return [p for p in parts if _present(p, redacted)]


@pytest.fixture(scope="module")
def redact():
    return build_redactor(KNOWN_IDS, KNOWN_NAMES)


def test_corpus_sizes():
    assert len(_rows("planted")) >= 100
    assert len(_rows("clean")) >= 50


def test_no_planted_identifier_survives(redact):
    leaks = []
    for row in _rows("planted"):
        redacted = redact(row["text"])
        for target in row["targets"].split("|"):
            if _survivors(target, redacted):
                leaks.append((target, redacted))
    assert leaks == []


def test_over_redaction_of_clean_sentences_is_bounded(redact):
    words = lost = traps = traps_lost = 0
    for row in _rows("clean"):
        redacted = redact(row["text"])
        for word in re.findall(r"[A-Za-z0-9][\w'-]*", row["text"]):
            words += 1
            lost += not _present(word, redacted)
        for trap in filter(None, row["targets"].split("|")):
            traps += 1
            traps_lost += not _present(trap, redacted)
    assert traps >= 50
    assert traps_lost / traps <= 0.05
    assert lost / words <= 0.02


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Spoke with Jo Marsh on 07700 900123 about the pathway plan.",
            "Spoke with [name] on [phone] about the pathway plan.",
        ),
        ("Mum Kerry said Grace was happy.", "Mum [name] said [name] was happy."),
        ("The SW accepted this with good grace.", "The SW accepted this with good grace."),
        ("May 2019 was rated Good.", "May 2019 was rated Good."),
        ("May Sampleton is the grandmother.", "[name] is the grandmother."),
        ("Will need to chase the IRO.", "Will need to chase the IRO."),
        ("Mrs J Smith and Dr. Patel attended.", "Mrs [name] and Dr. [name] attended."),
        ("Email sam@example.org or ring 01632 960123.", "Email [email] or ring [phone]."),
        ("Lives at 12 Acacia Avenue, Testville TE1 2ST.", "Lives at [address] [postcode]."),
        ("NHS no 999 000 0018, NI QQ 12 34 56 C.", "NHS no [nhs number], NI [ni number]."),
        ("Health number 9990003343 noted.", "Health number [nhs number] noted."),
        ("Lily-Mae's plan is late.", "[name]'s plan is late."),
        ("Tobiah said he was happy.", "[name] said he was happy."),
        ("spoke with kerry today", "spoke with [name] today"),
        ("Nan attends contact in jan.", "Nan attends contact in jan."),
        (
            "Case held in 0-12 East, CWAD and 13-25 West.",
            "Case held in 0-12 East, CWAD and 13-25 West.",
        ),
    ],
)
def test_examples(redact, text, expected):
    assert redact(text) == expected


def test_birth_dates_are_redacted_but_audit_dates_kept(redact):
    text = "DOB 01/02/2010; born 3rd June 2009; d.o.b. 14.03.2012; plan updated 01/03/2019."
    assert redact(text) == "DOB [date]; born [date]; d.o.b. [date]; plan updated 01/03/2019."


def test_all_dates_option_redacts_every_full_date():
    redact = build_redactor(all_dates=True)
    assert redact("Plan updated 01/03/2019 and reviewed 4 June 2019.") == (
        "Plan updated [date] and reviewed [date]."
    )


def test_known_ids_match_whole_tokens_only():
    redact = build_redactor(known_ids=["C-TEST-001", "4411"])
    assert redact("Audit C-TEST-001 and C-TEST-0012; 4411 not 44115.") == (
        "Audit [id] and [id]; [id] not 44115."
    )


def test_a_page_s_id_columns_give_the_ids_a_list_of_them_gives():
    ids = [" C-TEST-001 ", "C-TEST-001", "c_test_2", "_x", "é1", "AB 12", "AB/12", "A\n1", "", "  "]
    ids += ["Z", "-", "ß9", "A\u00a0", "\u2003B"]
    as_column = pd.Series([*ids, None], dtype="str")
    tokens, odd = split_known_ids(as_column)
    assert isinstance(tokens, KnownIds)
    assert (tokens.every(), sorted(odd)) == (
        split_known_ids(ids)[0],
        sorted(split_known_ids(ids)[1]),
    )
    assert all(i in tokens for i in ("C-TEST-001", "A", "B", "Z", "ß9", "_x"))
    assert "" not in tokens and "C-TEST-00" not in tokens and "AB 12" not in tokens
    assert sorted(odd) == ["AB 12", "AB/12"]
    redact = build_redactor(as_column)
    assert redact("Seen C-TEST-001 about AB/12.") == "Seen [id] about [id]."


def test_the_set_of_a_page_s_ids_is_made_only_for_a_token_that_may_be_one():
    tokens, _ = split_known_ids(pd.Series(["V0000001", "C123456"], dtype="str"))
    assert isinstance(tokens, KnownIds)
    assert "Chronology" not in tokens and "V10" not in tokens and tokens._all is None
    assert "V0000001" in tokens and tokens._all == {"V0000001", "C123456"}


def test_known_names_and_their_surnames_are_redacted():
    redact = build_redactor(known_names=["Quill Testperson"])
    assert redact("Agreed with quill testperson. Testperson will chase.") == (
        "Agreed with [name]. [name] will chase."
    )


def test_long_digit_runs_are_treated_as_ids(redact):
    assert redact("Mosaic number 4455667 on file.") == "Mosaic number [id] on file."


def test_nhs_check_digit():
    assert nhs_check_digit_ok("9990000018")
    assert not nhs_check_digit_ok("9990000019")
    assert not nhs_check_digit_ok("99900000")


def test_first_name_list_marks_word_names_for_context():
    names, wordlike, capital_only = load_first_names()
    assert len(names) > 2000
    assert {"Grace", "May", "Will", "Hope"} <= wordlike
    assert "Good" not in names | wordlike
    assert "September" not in names | wordlike
    assert "Martin" in capital_only and capital_only <= names


def test_redact_text_matches_built_redactor():
    text = "Auditor Alex Testperson saw C-TEST-001."
    assert redact_text(text, KNOWN_IDS, KNOWN_NAMES) == "Auditor [name] saw [id]."


def test_redact_frame_text_redacts_only_named_columns_and_keeps_missing():
    df = pd.DataFrame(
        {
            "audit_id": ["C-TEST-001", "C-TEST-002"],
            "actions": ["Chase GP for Sam Example", pd.NA],
            "team": ["0-12 East", "CWAD"],
        }
    )
    out = redact_frame_text(df, ["actions"], build_redactor())
    assert out["actions"].iloc[0] == "Chase GP for [name]"
    assert pd.isna(out["actions"].iloc[1])
    assert out["audit_id"].tolist() == ["C-TEST-001", "C-TEST-002"]
    assert df["actions"].iloc[0] == "Chase GP for Sam Example"  # input untouched


def test_markup_stays_inert_after_redaction_and_escaping(redact):
    text = "<script>alert('Jo')</script><img src=x onerror=alert(1)> Mum Kerry"
    shown = escape_for_html(redact(text))
    assert "<script>" not in shown and "<img" not in shown
    assert "&lt;script&gt;" in shown and "&lt;img src=x " in shown
    assert "Kerry" not in shown and "Jo" not in shown


# --- the blind batch: forms the first corpus lacked, written before the patterns were changed ---


# blind3 was written after the redesign and scored once before its own fixes; the lower-case
# "zayn" (a name common on the web, with no clue around it) is the leak that remains.
@pytest.mark.parametrize(("batch", "known_leaks"), [("blind", []), ("blind3", ["zayn"])])
def test_blind_batches_leak_no_identifier(batch, known_leaks):
    corpus = load_corpus()
    score, details = score_set(corpus, f"{batch}_planted", build_redactor(KNOWN_IDS, KNOWN_NAMES))
    leaks = [line for line in details if line.startswith("leak")]
    assert score.identifiers >= 70
    assert [part for line in leaks for part in re.findall(r"'([^']+)'\]", line)] == known_leaks


@pytest.mark.parametrize("batch", ["blind", "blind3"])
def test_blind_batches_over_redaction_is_under_two_percent(batch):
    corpus = load_corpus()
    score, lost = score_set(
        corpus, f"{batch}_clean", build_redactor(KNOWN_IDS, KNOWN_NAMES), planted=False
    )
    assert score.words >= 400
    assert score.over_redaction < 0.02, lost


@pytest.mark.parametrize("name", ["theme_eval.csv", "theme_blind2.csv", "theme_tune3.csv"])
def test_auditors_comments_written_for_the_themes_keep_their_words(name):
    """Hundreds of comments another engineer wrote for the codebook: few words are lost."""
    comments = pd.read_csv(CORPUS.parent / name, dtype=str, keep_default_na=False)["comment"]
    redact = build_redactor()
    words = sum(len(re.findall(r"[^\W\d_][\w'-]*", normalise_text(c))) for c in comments)
    lost = [w for c in comments for w in lost_words(c, redact(c))]
    assert words > 800
    assert len(lost) / words < 0.01, lost


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Spoke with Ka\u00adyleigh about contact.", "Spoke with [name] about contact."),
        ("SW \uff2a\uff4f\uff45\uff4c visited.", "SW [name] visited."),
        ("Chl\u043ee's plan is late.", "[name]'s plan is late."),
        ("Mum \u202aKerry\u202c came; \x1b[31mok\x00.", "Mum [name] came; ok."),
        ("TYLER FAKESON WAS SEEN ALONE.", "[name] was seen alone."),
        ("She was born on the 3rd March 2012.", "She was born on the [date]."),
        ("Email john dot smith at mail dot com today.", "Email [email] today."),
        ("Ask kezza.t(at)gmail.com or @shadowboi07.", "Ask [email] or [handle]."),
        ("Attends St Bartholomew's CE Primary.", "Attends St [name]'s CE Primary."),
        ("Lives at 14 Larkspur Drive, Milbrook now.", "Lives at [address], [place] now."),
        ("Little Mo and Bubba are settled.", "Little [name] and [name] are settled."),
        ("Jaxtyn has settled at his placement.", "[name] has settled at his placement."),
        ("The IRO, SENCO and CAMHS met about the genogram.", None),
        ("Spoke with Олена and 李明 at the café.", "Spoke with [name] and [name] at the café."),
        ("Carer Zoë Fakeström visited.", "Carer [name] visited."),
    ],
)
def test_unseen_forms(redact, text, expected):
    assert redact(text) == (expected or text)


def test_normalise_text_undoes_invisible_and_look_alike_characters():
    assert normalise_text("Ka\u00adyl\u200beigh \uff34\uff59 R\u0443an Sta\ufb00ord") == (
        "Kayleigh Ty Ryan Stafford"
    )


def test_strip_controls_removes_nul_escape_sequences_and_bidi_overrides_only():
    text = "a\x00b\x1b[31mc\u202ed\u2066e\u200bf\r\ng\th"
    assert strip_controls(text) == "abcdef\ng\th"
    assert strip_controls("Café – naïve ‘quote’ £5") == "Café – naïve ‘quote’ £5"


def test_allow_list_masks_unknown_words_but_keeps_glossary_and_acronyms():
    allowed = allowed_words(["0-12 Northbrook"])
    masked = mask_unknown_words(
        "Zarielle attends Northbrook; the IRO checked the genogram and NFA.", allowed, "[name]"
    )
    assert masked == "[name] attends Northbrook; the IRO checked the genogram and NFA."
