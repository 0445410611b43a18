"""The allow-list: a word that is neither common English nor social-care vocabulary is masked.

Patterns and name lists only find what they were written for; a surname, a village or a nickname
nobody listed slips past them. Read the other way round, an excerpt keeps only words it can vouch
for: those common in English (wordfreq's Zipf frequency, `COMMON_ZIPF` or more: about one use in
three million words) and those in the domain glossary (data/glossary.txt: IRO, PEP, CWAD, Mosaic,
genogram, ...) or passed in (team names, domain labels). Everything else becomes `[name]`.

Short upper-case words (2 to 4 letters, with a plural `s`: `PEPs`) are kept as acronyms: a shouted name of that length is
caught by the first-name list instead. Common words that are also names (Tyler, Kerry) are left
to the name finder, which reads their context.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from wordfreq import zipf_frequency

from helpers.safe.names import PERSON_VERBS, STOP_CAPS

GLOSSARY_FILE = Path(__file__).with_name("data") / "glossary.txt"
# Zipf 2.5 = 3 uses per 10 million words. Chosen on the first corpus's clean sentences and the
# themes evaluation comments (not on the blind batch); see docs/assumptions.md for what it costs.
COMMON_ZIPF = 2.5
_WORD = re.compile(r"\[[a-z ]+\]|[^\W\d_]+(?:['’][^\W\d_]+)*")
_POSSESSIVE = re.compile(r"['’][sS]$")
# `NFA`, `PEPs`, `SVs`: read as acronyms.
_ACRONYM = re.compile(r"[A-Z]{2,4}s?")
# A word rarer than this (Zipf), capitalised, opening a sentence and doing what a person does
# ("Bubba is", "Jojo and"), is read as a name with the words before it ("Stafford Fakes is").
SUBJECT_ZIPF = 3.5
# Only at the start of a sentence: mid-sentence capitals are the name finder's ("Traveller and").
_SUBJECT = re.compile(
    r"(?:^|(?<=[.!?;:(]\s)|(?<=\n)|(?<=\())"
    r"((?:[A-Z][a-z][\w'’-]*\s+){0,2}[A-Z][a-z][\w'’-]*)(?=\s+(?:"
    + "|".join(sorted(PERSON_VERBS | {"and"}))
    + r")\b)"
)


@cache
def zipf(word: str) -> float:
    """How common `word` is in English (Zipf scale: 7 for "the", 0 for unseen), ignoring case."""
    return zipf_frequency(word.lower(), "en")


@cache
def load_glossary(path: Path = GLOSSARY_FILE) -> frozenset[str]:
    """The glossary's words, lower-cased: one a line, `#` comments."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))


def allowed_words(extra: Iterable[str] = ()) -> frozenset[str]:
    """The glossary with the words of `extra` (team names, labels) added, lower-cased."""
    words = {w.lower() for text in extra for w in _WORD.findall(str(text))}
    return load_glossary() | frozenset(words)


def is_known_word(word: str, allowed: frozenset[str]) -> bool:
    """True when `word` (a possessive is read without its `'s`) may be shown."""
    base = _POSSESSIVE.sub("", word)
    if base.lower() in allowed or word.lower() in allowed:
        return True
    if _ACRONYM.fullmatch(base):
        return True
    return len(base) <= 1 or max(zipf(base), zipf(word)) >= COMMON_ZIPF


def _mask_subjects(text: str, allowed: frozenset[str], tag: str) -> str:
    def mask(match: re.Match[str]) -> str:
        words = match.group(1).split()
        # Hyphenated words ("Penny-pinching") are left to the word-by-word check.
        named = [
            w for w in words if w not in STOP_CAPS and w.lower() not in allowed and "-" not in w
        ]
        if not any(zipf(_POSSESSIVE.sub("", w)) < SUBJECT_ZIPF for w in named):
            return match.group()
        return " ".join(tag if w in named else w for w in words)

    return _SUBJECT.sub(mask, text)


def mask_unknown_words(text: str, allowed: frozenset[str], tag: str) -> str:
    """`text` with each word that is not known replaced by `tag` (a possessive keeps its `'s`)."""
    text = _mask_subjects(text, allowed, tag)

    def mask(match: re.Match[str]) -> str:
        word = match.group()
        if word.startswith("[") or is_known_word(word, allowed):
            return word
        possessive = _POSSESSIVE.search(word)
        return tag + (possessive.group() if possessive else "")

    return _WORD.sub(mask, text)
