"""Reading a comment for themes: spell out abbreviations, cut it into sentences and clauses, and
match each theme's patterns, with negations scoped to the clause they stand in.

How a comment cell is read (the codebook's header says the same for whoever edits patterns):
1. curly quotes made straight, contractions written out (isn't -> is not), the codebook's glossary
   applied (PP -> pathway plan, LTS -> long-term sickness, A/L -> annual leave, chron ->
   chronology) and "late June" read as a date, not as lateness; every character keeps its place in
   the original so an excerpt shows the words as written;
2. the cell is cut into sentences at . ! ? ; and line breaks, and each sentence into clauses at
   commas, dashes, colons and "but", "however", "although";
3. a theme is shown by a sentence when one of its patterns matches and no exclusion (the theme's,
   or for a concern the codebook's shared negations) matches in a clause the match touches; praise
   before "but" does not cancel a problem stated after it;
4. an instruction ("SW to complete a chronology", "Minor action: update PP", "Chronology to be
   started") shows a theme when it names one of the theme's `actions`;
5. for themes with `window: true`, a pattern may take its parts from a sentence and the next one
   when the next one refers back ("There is a plan. It pre-dates the move.").
Steps 1 and 2 live in `theme_text.py`. Each distinct sentence is matched once per coder
(`sentence_themes`): comments repeat the same sentences across many cells.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from helpers.figures.codebook import CONCERN, Codebook, Pattern, Theme, compile_pattern
from helpers.figures.theme_text import (  # noqa: F401 (read from here by the pages and tools)
    CONTRAST_WORDS,
    Normalised,
    clause_spans,
    expand_contractions,
    normalise_text,
    sentence_spans,
    split_sentences,
    whole_sentence_bounds,
)
from helpers.settings.contract import TEXT_COLUMNS

MATCH_COLUMNS: tuple[str, ...] = (
    "audit_id",
    "audit_month",
    "source_row",
    "theme_id",
    "column",
    "sentence",
    "match_start",
    "match_end",
)

# Cell text that says nothing: not counted as a comment the codebook missed.
EMPTY_COMMENTS = frozenset({"", "-", "n/a", "na", "none", "nil", "no comment", "no comments", "."})

# (sentence as written, match start, match end) for one theme in one comment cell.
Found = tuple[str, int, int]


# --- one theme in one sentence -------------------------------------------------------------


def _entry_spans(entry: Pattern, text: str) -> list[tuple[int, int]] | None:
    """Where each part of `entry` is first found in `text`, or None if a part is missing."""
    spans = []
    for part in [entry] if isinstance(entry, str) else entry:
        found = compile_pattern(part).search(text)
        if found is None:
            return None
        spans.append(found.span())
    return spans


def _scope(text: str, start: int, end: int) -> str:
    """The clauses a match from `start` to `end` touches, without praise that a later "but"
    overrides: "Supervision is regular but not reflective" keeps only "but not reflective" to
    check for exclusions when the problem lies after the "but"."""
    clauses = clause_spans(text)
    touched = [c for c in clauses if c[0] < max(end, start + 1) and c[1] > start]
    if not touched:
        return text[start:end]
    last_contrast = max((i for i, c in enumerate(touched) if c[2]), default=0)
    kept = touched[last_contrast:] if end > touched[last_contrast][0] else touched
    return text[kept[0][0] : kept[-1][1]]


def _excluded(entries: list[Pattern], scope: str) -> bool:
    return any(_entry_spans(entry, scope) is not None for entry in entries)


def _exclusions(theme: Theme, codebook: Codebook) -> list[Pattern]:
    return theme.exclude + (codebook.negations if theme.kind == CONCERN else [])


_NEW_SUBJECT = re.compile(
    rf"^\W*(?:and\s+)?(?:{CONTRAST_WORDS})\W+(?:the|a|an|his|her|their|[a-z]+'s)(?! minutes| notes)\b",
    re.I,
)


def _about_another_subject(text: str, spans: list[tuple[int, int]]) -> bool:
    """True when a part of an all-of pattern lies after a "but" that brings in a new subject:
    in "Chronology up to date, but the care plan has not been updated" the "not" is about the
    plan, not the chronology."""
    if len(spans) < 2:
        return False
    clauses = clause_spans(text)

    def clause_of(position: int) -> int:
        return next((i for i, c in enumerate(clauses) if c[0] <= position < c[1]), 0)

    subject = clause_of(spans[0][0])
    last = max(clause_of(start) for start, _ in spans[1:])
    return any(
        _NEW_SUBJECT.match(text[clauses[i][0] : clauses[i][1]])
        for i in range(subject + 1, last + 1)
    )


def find_theme(theme: Theme, text: str, codebook: Codebook | None = None) -> tuple[int, int] | None:
    """The span of the first pattern of `theme` in `text` that no exclusion in its clauses stops."""
    if _excluded(theme.exclude_sentence, text):
        return None
    exclusions = _exclusions(theme, codebook) if codebook else theme.exclude
    for entry in theme.patterns:
        spans = _entry_spans(entry, text)
        if spans is None or _about_another_subject(text, spans):
            continue
        start, end = min(s for s, _ in spans), max(e for _, e in spans)
        if not _excluded(exclusions, _scope(text, start, end)):
            return start, end
    return None


_ACTION_LABEL = re.compile(
    r"^\s*(?:\(?\d+[.)]\s*|[a-z][.)]\s+)?(?:(?:minor|major|key|further|agreed|next)\s+)?"
    r"(?:actions?|next steps?|recommendations?|to do|todo|follow[- ]up)?\s*(?:[:\-\u2013]\s*)?",
    re.IGNORECASE,
)
_IMPERATIVE = (
    r"update|complete|start|ensure|record|book|arrange|hold|review|re-?allocate|allocate|explore|"
    r"consider|write|type|bring|undertake|carry out|make sure|add|upload|chase|provide|increase|"
    r"discuss|evidence|capture|progress|convene|obtain|seek|revisit|include|visit|see|devise|"
    r"draft|finali[sz]e|put|set up|back[- ]?record|file|address|prioriti[sz]e|check|input|enter|"
    r"create|produce|develop|refresh|revise|share|send|invite|note|minute|document|clarify"
)
_INSTRUCTION = re.compile(
    rf"^(?:please\s+)?(?:{_IMPERATIVE})\b"
    rf"|\b(?:social worker|SW|team manager|TM|manager|worker|practitioner|IRO|PA|personal adviser)s?"
    rf"(?:\s+(?:and|/)\s+\w+(?: \w+)?)?\s+(?:needs?\s+|must\s+|should\s+|will\s+)?to\s+(?:{_IMPERATIVE})\b"
    r"|\bto be\s+(?:\w+ed|done|written|brought|held|put|set up|kept|seen|sent|undertaken)\b"
    r"|\b(?:needs?|requires?|must|should)\s+(?:to\s+)?be\s+(?:\w+ed|started|done|written)\b"
    r"|\bneeds?\s+(?:an?\s+)?(?:updat|complet|review|start)\w*"
    r"|^\w+(?: \w+){0,2} to (?:take place|happen|resume|restart|be)\b",
    re.IGNORECASE,
)


def instruction_text(sentence: str) -> str | None:
    """The sentence without a leading label ("Minor action:", "1.") when it is an instruction."""
    label = _ACTION_LABEL.match(sentence)
    rest = sentence[label.end() :] if label else sentence
    return rest if _INSTRUCTION.search(rest) else None


def find_action(theme: Theme, sentence: str, codebook: Codebook) -> tuple[int, int] | None:
    """The span of an instruction in `sentence` that names one of `theme`'s actions."""
    if not theme.actions:
        return None
    rest = instruction_text(sentence)
    if rest is None or _excluded(theme.exclude_sentence, sentence):
        return None
    offset = len(sentence) - len(rest)
    for entry in theme.actions:
        spans = _entry_spans(entry, rest)
        if spans is not None:
            start, end = min(s for s, _ in spans), max(e for _, e in spans)
            # The theme's own exclusions are for statements ("minutes record attendance"); an
            # instruction is stopped only by the shared negations ("no issues with ...").
            if not _excluded(codebook.negations, _scope(rest, start, end)):
                return start + offset, end + offset
    return None


# A second sentence that refers back to the first ("It stops in 2017.", "She escalated it.").
_REFERS_BACK = re.compile(
    r"^\W*(?:it|its|this|that|these|those|he|she|they|his|her|their|there|however|but|although|"
    r"and|also|nothing|no one|which|during|since|as a result|so|the (?:same|case|plan|chronology|"
    r"worker|social worker|IRO))\b|\b(?:at (?:the|that) time|during (?:this|that) (?:time|period)|"
    r"as a result)\b",
    re.IGNORECASE,
)


# --- a comment cell ------------------------------------------------------------------------


# A sentence (or pair of sentences, as read for matching) -> where each theme shows in it.
SentenceMemo = dict[tuple[bool, str], dict[str, tuple[int, int] | None]]


def sentence_themes(
    sentence: str, codebook: Codebook, memo: SentenceMemo | None = None, pair: bool = False
) -> dict[str, tuple[int, int] | None]:
    """Theme id -> the span showing it in `sentence` (None: it does not), every theme (only the
    `window` themes' patterns for a `pair` of sentences); what `memo` already holds is reused:
    comments repeat the same sentences ("Chronology not up to date.") across many cells."""
    key = (pair, sentence)
    if memo is not None and key in memo:
        return memo[key]
    if pair:
        spans = {t.id: find_theme(t, sentence, codebook) for t in codebook.themes if t.window}
    else:
        spans = {
            t.id: find_theme(t, sentence, codebook) or find_action(t, sentence, codebook)
            for t in codebook.themes
        }
    if memo is not None:
        memo[key] = spans
    return spans


def themes_in_text(
    text: str, codebook: Codebook, memo: SentenceMemo | None = None
) -> dict[str, Found]:
    """Theme id -> (the whole sentence showing it, as written; match start; match end) for one
    cell. A match found across two sentences gives both sentences as its evidence. `memo` keeps
    what each sentence showed, for the next cells of the same coder."""
    normal = normalise_text(text, codebook.glossary)
    spans = sentence_spans(normal.text)
    found: dict[str, Found] = {}

    def keep(theme_id: str, first: int, last: int, start: int, end: int) -> None:
        origin_start = normal.original_span(spans[first][0], spans[first][0] + 1)[0]
        origin_end = normal.original_span(spans[last][1] - 1, spans[last][1])[1]
        origin_start, origin_end = whole_sentence_bounds(text, origin_start, origin_end)
        match_start, match_end = normal.original_span(start, end)
        sentence = text[origin_start:origin_end]
        found[theme_id] = (sentence, match_start - origin_start, match_end - origin_start)

    for index, (s_start, s_end) in enumerate(spans):
        shown = sentence_themes(normal.text[s_start:s_end], codebook, memo)
        for theme in codebook.themes:
            span = None if theme.id in found else shown[theme.id]
            if span is not None:
                keep(theme.id, index, index, s_start + span[0], s_start + span[1])
    for index in range(len(spans) - 1):
        (a_start, a_end), (b_start, b_end) = spans[index], spans[index + 1]
        if not _REFERS_BACK.search(normal.text[b_start:b_end]):
            continue
        pair = normal.text[a_start:a_end] + " " + normal.text[b_start:b_end]
        if all(theme.id in found for theme in codebook.themes if theme.window):
            continue
        shown = sentence_themes(pair, codebook, memo, pair=True)
        for theme in codebook.themes:
            if theme.id in found or not theme.window:
                continue
            span = shown[theme.id]
            first_len = a_end - a_start
            if span is None or span[0] >= first_len or span[1] <= first_len + 1:
                continue  # a match inside one sentence was already tried there
            start = a_start + span[0]
            end = b_start + span[1] - first_len - 1
            keep(theme.id, index, index + 1, start, end)
    return {theme_id: found[theme_id] for theme_id in codebook.ids if theme_id in found}


def has_text(value: Any) -> bool:
    """True for a comment that says something ("n/a", "none", "-" say nothing)."""
    return isinstance(value, str) and value.strip().lower() not in EMPTY_COMMENTS


def with_text(values: pd.Series) -> pd.Series:
    """`has_text` of each value, judged once per distinct value (comments repeat a lot)."""
    said = [value for value in values.dropna().unique() if has_text(value)]
    return values.isin(said)


def returned_audits(audits: pd.DataFrame) -> pd.DataFrame:
    return audits[audits["date_completed"].notna()]


def comment_codes(returned: pd.DataFrame, columns: list[str]) -> tuple[np.ndarray, Any]:
    """Each comment cell of `returned` as a code into the distinct texts (-1: blank), column by
    column as a melt lists them. Comments repeat ("No concerns"), so each distinct text is hashed
    once and no cell's text is copied."""
    return pd.factorize(pd.concat([returned[c] for c in columns], ignore_index=True))


def spread_items(codes: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For cells holding distinct values (`codes`, -1 for a blank cell) whose value number `u`
    has `counts[u]` items: each item of each cell, in cell order, as (its cell, its place in the
    flat list of every value's items, value by value)."""
    counts = np.append(counts, 0)  # a blank cell has no items
    per_cell = counts[codes]
    cells = np.repeat(np.arange(len(codes)), per_cell)
    within = np.arange(len(cells)) - np.repeat(np.cumsum(per_cell) - per_cell, per_cell)
    return cells, (np.cumsum(counts) - counts)[codes[cells]] + within


def match_themes(
    audits: pd.DataFrame,
    codebook: Codebook,
    code: Callable[[str], dict[str, Found]] | None = None,
) -> pd.DataFrame:
    """One row per (returned audit, theme, comment column) whose text shows the theme.

    `code` reads one cell (default: the codebook alone; a `ThemeCoder` adds the analyst's labels
    and the learned model). Each distinct text is read once and its matches spread back to every
    cell holding it: extracts repeat boilerplate ("n/a", "No concerns") across many audits. (By
    codes, not a merge on the text: a year of the large extract's comments 0.13 s -> 0.05 s.)
    """
    memo: SentenceMemo = {}
    code = code or (lambda text: themes_in_text(text, codebook, memo))
    columns = [c for c in TEXT_COLUMNS if c in audits.columns]
    # The columns read, then the returned audits: fewer columns to copy.
    returned = returned_audits(
        audits[["audit_id", "audit_month", "source_row", "date_completed", *columns]]
    )
    codes, texts = comment_codes(returned, columns) if columns else (np.array([], int), [])
    # In order of first appearance, as before: column by column, each audit in extract order.
    found = [list(code(text).items()) if has_text(text) else [] for text in texts]
    cells, flat = spread_items(codes, np.array([len(f) for f in found], dtype=np.int64))
    items = [(theme, *where) for f in found for theme, where in f]
    theme_id, sentence, start, end = (
        np.array([item[i] for item in items], dtype=object) for i in range(4)
    )
    rows, column_order = cells % len(returned), cells // len(returned)
    matches = pd.DataFrame(
        {
            "audit_id": returned["audit_id"].take(rows).reset_index(drop=True),
            "audit_month": returned["audit_month"].take(rows).reset_index(drop=True),
            "source_row": returned["source_row"].to_numpy()[rows],
            # (Text when there are matches; as pandas made them before, objects when none.)
            "theme_id": pd.Series(theme_id[flat], dtype="str" if items else object),
            "column": pd.Series(np.array(columns, dtype=object)[column_order], dtype="str"),
            "sentence": pd.Series(sentence[flat], dtype="str" if items else object),
            "match_start": start[flat].astype("int64"),
            "match_end": end[flat].astype("int64"),
            "_column_order": column_order,
        }
    )
    # Report order: as the extract lists the audits, then the comment columns in contract order.
    matches = matches.sort_values(["source_row", "_column_order"], kind="stable")
    matches = matches[list(MATCH_COLUMNS)].reset_index(drop=True)
    return matches.astype({"source_row": "int64", "match_start": "int64", "match_end": "int64"})
