"""Redaction of free text before it reaches a shareable output.

Identifiers are replaced by tags (`[name]`, `[id]`, `[date]`, ...), in this order:
1. the text is made plain (`normalise.py`: controls stripped, NFKC, look-alike letters made Latin)
   and words in capitals are written as names are (`TYLER` -> `Tyler`);
2. ids and names passed in from the extract (audit and child ids, auditors, team managers);
3. patterned identifiers (`patterns.py`): links, emails (also spelt out, "name (at) mail dot com"),
   handles, dates of birth, phones, postcodes, NHS and NI numbers, addresses and the town after
   them, the names of schools and buildings, reference numbers;
4. names (`names.py`): a first-name list read in context, nicknames, surnames after names, and
   a capitalised word joined by "and" to a name;
5. the allow-list (`allow_list.py`): any word left that is neither common English nor in the
   domain glossary.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Iterable

import pandas as pd

from helpers.safe.allow_list import COMMON_ZIPF, allowed_words, mask_unknown_words, zipf
from helpers.safe.names import (
    MONTHS,
    PERSON_NOUNS,
    STOP_CAPS,
    TITLES,
    NameFinder,
    load_first_names,
    unshout,
)
from helpers.safe.normalise import normalise_text
from helpers.safe.patterns import ID, NAME, nhs_check_digit_ok, redact_patterns

__all__ = [
    "build_redactor",
    "load_first_names",
    "nhs_check_digit_ok",
    "redact_frame_text",
    "redact_text",
]

# A maximal run of word characters and hyphens: the unit a known id is matched as.
_ID_TOKEN = re.compile(r"[\w-]+")
_NOT_ID_TOKEN = re.compile(r"[^\w\-\n]")
_MERGE_NAMES = re.compile(r"\[name\](?:(?:\s+|-)\[name\])+")
# "Jojo and Bear": a capitalised word joined to a name is a name too.
_JOINED_AFTER = re.compile(r"(\[name\](?:,\s+|\s+(?:and|&)\s+))([A-Z][a-z]+)\b")
# "Nova's nursery", "JF's plan": the word before a person's belongings is a name.
_POSSESSOR = re.compile(
    r"\b([A-Z][a-z]+|[A-Z]{2,3})(['’]s\s+(?:" + "|".join(sorted(PERSON_NOUNS)) + r"))\b"
)
_JOINED_BEFORE = re.compile(
    r"(?<![.!?:;]\s)(?<!^)\b([A-Z][a-z]+)((?:,\s+|\s+(?:and|&)\s+)\[name\])"
)


def _replace_spans(text: str, spans: list[tuple[int, int]], tag: str) -> str:
    out: list[str] = []
    last = 0
    for start, end in sorted(spans):
        if start < last:
            continue
        out.append(text[last:start])
        out.append(tag)
        last = end
    out.append(text[last:])
    return "".join(out)


def _known_token(token: str, ids: Container[str]) -> bool:
    return token in ids or token.upper() in ids or token.lower() in ids


def _known_pattern(values: Iterable[str], flags: int = 0) -> re.Pattern[str] | None:
    cleaned = sorted({v.strip() for v in values if v and v.strip()}, key=len, reverse=True)
    if not cleaned:
        return None
    body = "|".join(re.escape(v) for v in cleaned)
    return re.compile(rf"(?<![\w\-])(?:{body})(?![\w\-])", flags)


def _joined_name(match: re.Match[str], word_group: int, allowed: frozenset[str]) -> str:
    word = match.group(word_group)
    if word in STOP_CAPS or word in MONTHS or word in TITLES or word.lower() in allowed:
        return match.group()
    return match.group().replace(word, NAME, 1)


class KnownIds:
    """A page's known ids (a million visits' among them), looked up token by token.

    A token can only be an id if its first three characters begin one: the few such prefixes
    are found by pyarrow, and the set of every id (~0.2 s to make for the large extract's 1.2
    million) is made only when a text holds a token with one of them. Excerpts rarely do."""

    def __init__(self, plain: pd.Series, others: frozenset[str]) -> None:
        self._plain: pd.Series | None = plain
        self._others = others
        self._all: frozenset[str] | None = None
        self.prefixes = frozenset(plain.str.slice(0, 3).unique().tolist()) | {v[:3] for v in others}

    def __bool__(self) -> bool:
        return bool(self.prefixes)

    def __contains__(self, token: object) -> bool:
        return isinstance(token, str) and token[:3] in self.prefixes and token in self.every()

    def every(self) -> frozenset[str]:
        if self._all is None:
            assert self._plain is not None
            self._all = frozenset([*self._plain.tolist(), *self._others])
            self._plain = None
        return self._all


def split_known_ids(
    known_ids: Iterable[str] | pd.Series,
) -> tuple[frozenset[str] | KnownIds, list[str]]:
    """The distinct non-blank ids, stripped: those made of word characters and hyphens (looked up
    token by token in a set, as written, upper- or lower-cased, which stays fast with a million
    ids) and the other shapes (matched by one regular expression).

    A text Series (a page's id columns) is sorted out by pyarrow, and only the few ids that
    strip or the odd shapes could touch go through Python; the set is made when first needed
    (`KnownIds`): the large extract's 1.2 million distinct ids in ~0.1 s instead of ~0.6 s,
    the same ids in the same places."""
    if isinstance(known_ids, pd.Series) and pd.api.types.is_string_dtype(known_ids):
        return _split_id_series(known_ids)
    if hasattr(known_ids, "tolist"):  # pandas and numpy arrays are slow to iterate item by item
        known_ids = known_ids.tolist()
    token_ids = frozenset(s for v in known_ids if v is not None and (s := str(v).strip()))
    odd_ids: list[str] = []
    if _NOT_ID_TOKEN.search("\n".join(token_ids)):
        odd_ids = [v for v in token_ids if _NOT_ID_TOKEN.search(v)]
        token_ids = token_ids - set(odd_ids)
    return token_ids, odd_ids


# An id all of ASCII letters, digits, "_" and "-", starting and ending with a letter or digit:
# `str.strip` leaves it as it is and it is a token (`_NOT_ID_TOKEN` finds nothing in it).
_PLAIN_ID = r"^[A-Za-z0-9]([A-Za-z0-9_\-]*[A-Za-z0-9])?$"


def _split_id_series(ids: pd.Series) -> tuple[KnownIds, list[str]]:
    # Not made distinct here: the set does that, and hashing a million ids twice costs 0.5 s.
    ids = ids.dropna()
    plain = ids.str.fullmatch(_PLAIN_ID).fillna(False).astype(bool).to_numpy()
    # The rest (ids with spaces, slashes, accents, ...) exactly as for any other iterable.
    token_ids, odd_ids = split_known_ids(ids[~plain].tolist())
    assert isinstance(token_ids, frozenset)
    return KnownIds(ids[plain], token_ids), odd_ids


def build_redactor(
    known_ids: Iterable[str] = (),
    known_names: Iterable[str] = (),
    *,
    all_dates: bool = False,
    allowed: Iterable[str] = (),
    allow_list: bool = True,
) -> Callable[[str], str]:
    """A function that redacts one text; patterns are compiled once here.

    `known_ids` are matched as whole tokens (case-insensitive); `known_names` as whole names
    and, for each part that is not an everyday word, as a single capitalised word. `allowed`
    adds words an excerpt may show (team names, labels) to the glossary; `allow_list=False`
    turns the allow-list step off (for measuring what it adds).
    """
    plain, wordlike, capital_only = load_first_names()
    known_names = [str(n) for n in known_names if n is not None and str(n).strip()]
    token_ids, odd_ids = split_known_ids(known_ids)
    ids_re = _known_pattern(odd_ids, re.IGNORECASE)
    names_re = _known_pattern(known_names, re.IGNORECASE)
    parts = {p for n in known_names for p in re.split(r"[\s,]+", n.strip()) if len(p) > 1}
    surnames = frozenset(
        p.title() if p.isupper() or p.islower() else p
        for p in parts
        if p.title() not in wordlike and p.title() not in STOP_CAPS and p.title() not in MONTHS
    )
    finder = NameFinder(plain, wordlike, capital_only, surnames)
    vocabulary = allowed_words(allowed)

    def is_common(word: str) -> bool:
        return zipf(word) >= COMMON_ZIPF

    def is_name(word: str) -> bool:
        return word in plain or word in surnames

    def redact(text: str) -> str:
        if not text:
            return text
        text = unshout(normalise_text(text), vocabulary, is_common, is_name)
        if token_ids:
            text = _ID_TOKEN.sub(
                lambda m: ID if _known_token(m.group(0), token_ids) else m.group(0), text
            )
        if ids_re is not None:
            text = ids_re.sub(ID, text)
        text = redact_patterns(text, all_dates=all_dates)
        if names_re is not None:
            text = names_re.sub(NAME, text)
        text = _replace_spans(text, finder.spans(text), NAME)
        if allow_list:
            text = mask_unknown_words(text, vocabulary, NAME)
        text = _POSSESSOR.sub(lambda m: _joined_name(m, 1, vocabulary), text)
        text = _JOINED_AFTER.sub(lambda m: _joined_name(m, 2, vocabulary), text)
        text = _JOINED_BEFORE.sub(lambda m: _joined_name(m, 1, vocabulary), text)
        return _MERGE_NAMES.sub(NAME, text)

    return redact


def redact_text(text: str, known_ids: Iterable[str] = (), known_names: Iterable[str] = ()) -> str:
    """Redact one text; for many texts build the redactor once with `build_redactor`."""
    return build_redactor(known_ids, known_names)(text)


def redact_frame_text(
    df: pd.DataFrame, columns: Iterable[str], redactor: Callable[[str], str]
) -> pd.DataFrame:
    """A copy of `df` with each text of `columns` redacted; missing values stay missing."""
    out = df.copy()
    for column in columns:
        if column in out.columns:
            out[column] = out[column].map(
                lambda v: redactor(str(v)) if not pd.isna(v) else v, na_action="ignore"
            )
    return out
