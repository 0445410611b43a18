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
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import pandas as pd

from helpers.figures.codebook import CONCERN, Codebook, Pattern, Theme, compile_pattern
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


# --- normalising ---------------------------------------------------------------------------


class Normalised:
    """A text rewritten for matching, with each character's position in the original."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.positions = list(range(len(text)))

    def rewrite(self, regex: re.Pattern[str], replace: Callable[[re.Match[str]], str]) -> None:
        pieces, positions, last = [], [], 0
        for found in regex.finditer(self.text):
            pieces.append(self.text[last : found.start()])
            positions += self.positions[last : found.start()]
            replacement = replace(found)
            pieces.append(replacement)
            span = self.positions[found.start() : found.end()] or [self.positions[found.start()]]
            positions += [span[min(i, len(span) - 1)] for i in range(len(replacement))]
            last = found.end()
        pieces.append(self.text[last:])
        positions += self.positions[last:]
        self.text, self.positions = "".join(pieces), positions

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        if not self.positions:
            return 0, 0
        end = max(end - 1, start)
        return self.positions[min(start, len(self.positions) - 1)], self.positions[
            min(end, len(self.positions) - 1)
        ] + 1


_CONTRACTION = re.compile(r"\b(\w+?)n't\b", re.IGNORECASE)
_IRREGULAR_CONTRACTIONS = {"ca": "can", "wo": "will", "sha": "shall"}
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec"
)
# "late June" and "early 2019" are dates; patterns for lateness must not see them.
_DATED_LATE = re.compile(rf"\blate(?= (?:{_MONTHS}|\d{{4}})\b)", re.IGNORECASE)


def _contraction(found: re.Match[str]) -> str:
    return f"{_IRREGULAR_CONTRACTIONS.get(found.group(1).lower(), found.group(1))} not"


@lru_cache(maxsize=64)
def _glossary_regexes(items: tuple[tuple[str, str], ...]) -> tuple[re.Pattern[str], ...]:
    """One regex for terms written with capitals (matched as written) and one for lower-case
    terms (matched in any case); a plural `s` is allowed after either."""
    regexes = []
    for sensitive in (True, False):
        terms = [term for term, _ in items if (term != term.lower()) == sensitive]
        if terms:
            alternatives = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
            flags = 0 if sensitive else re.IGNORECASE
            regexes.append(re.compile(rf"(?<![\w/&])({alternatives})(s?)(?![\w/&])", flags))
    return tuple(regexes)


def normalise_text(text: str, glossary: dict[str, str] | None = None) -> Normalised:
    """`text` ready for matching: straight quotes, contractions out, abbreviations spelled out."""
    normal = Normalised(text.replace("\u2019", "'").replace("\u2018", "'"))
    normal.rewrite(_CONTRACTION, _contraction)
    if glossary:
        lookup = {term.lower(): full for term, full in glossary.items()}
        for regex in _glossary_regexes(tuple(sorted(glossary.items()))):
            normal.rewrite(regex, lambda m, lk=lookup: lk[m.group(1).lower()] + m.group(2))
    normal.rewrite(_DATED_LATE, lambda m: "end of")
    return normal


def expand_contractions(sentence: str) -> tuple[str, list[int]]:
    """`isn't` -> `is not` (also can't, won't), with each character's position in `sentence`."""
    normal = Normalised(sentence)
    normal.rewrite(_CONTRACTION, _contraction)
    return normal.text, normal.positions


# --- sentences and clauses -----------------------------------------------------------------

_SENTENCE_BREAK = re.compile(r"(?<=[.!?;])\s+|\s*[\r\n]+\s*")
_STRIP = " -\u2022\t"


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text`, cut at . ! ? ; and line breaks, edges stripped."""
    spans, last = [], 0
    for cut in [*_SENTENCE_BREAK.finditer(text), None]:
        end = cut.start() if cut else len(text)
        start = last
        while start < end and text[start] in _STRIP:
            start += 1
        stop = end
        while stop > start and text[stop - 1] in _STRIP:
            stop -= 1
        if stop > start:
            spans.append((start, stop))
        last = cut.end() if cut else len(text)
    return spans


_FULL_STOP = re.compile(r"(?<=[.!?])\s+|\s*[\r\n]+\s*")


def whole_sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The whole sentence(s) of `text` (cut at . ! ? and line breaks only, never at ; or a
    comma) that hold text[start:end]: an excerpt then never starts mid-sentence."""
    left, right = 0, len(text)
    for cut in _FULL_STOP.finditer(text):
        if cut.end() <= start:
            left = cut.end()
        elif cut.start() >= end:
            right = cut.start()
            break
    while left < right and text[left] in _STRIP:
        left += 1
    while right > left and text[right - 1] in _STRIP:
        right -= 1
    return left, right


def split_sentences(text: str) -> list[str]:
    """`text` cut at . ! ? ; and line breaks, each sentence stripped, empty ones dropped."""
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return [text[s:e] for s, e in sentence_spans(text)]


_CONTRAST = r"but|however|although|though|yet|whereas|even though|despite|except"
_CLAUSE_BREAK = re.compile(rf"\s*(?:[,:()]|\s[-\u2013\u2014]\s)\s*|\s+(?=(?:{_CONTRAST})\b)", re.I)
_CONTRAST_START = re.compile(rf"\W*(?:and\s+|,\s*)?(?:{_CONTRAST})\b", re.IGNORECASE)


def clause_spans(sentence: str) -> list[tuple[int, int, bool]]:
    """(start, end, starts_with_contrast) of each clause of a sentence."""
    spans, last = [], 0
    for cut in [*_CLAUSE_BREAK.finditer(sentence), None]:
        end = cut.start() if cut else len(sentence)
        if end > last:
            spans.append((last, end, bool(_CONTRAST_START.match(sentence[last:end]))))
        last = cut.end() if cut else len(sentence)
    return spans or [(0, len(sentence), False)]


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
    rf"^\W*(?:and\s+)?(?:{_CONTRAST})\W+(?:the|a|an|his|her|their|[a-z]+'s)(?! minutes| notes)\b",
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


def themes_in_text(text: str, codebook: Codebook) -> dict[str, Found]:
    """Theme id -> (the whole sentence showing it, as written; match start; match end) for one
    cell. A match found across two sentences gives both sentences as its evidence."""
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
        sentence = normal.text[s_start:s_end]
        for theme in codebook.themes:
            if theme.id in found:
                continue
            span = find_theme(theme, sentence, codebook) or find_action(theme, sentence, codebook)
            if span is not None:
                keep(theme.id, index, index, s_start + span[0], s_start + span[1])
    for index in range(len(spans) - 1):
        (a_start, a_end), (b_start, b_end) = spans[index], spans[index + 1]
        if not _REFERS_BACK.search(normal.text[b_start:b_end]):
            continue
        pair = normal.text[a_start:a_end] + " " + normal.text[b_start:b_end]
        for theme in codebook.themes:
            if theme.id in found or not theme.window:
                continue
            span = find_theme(theme, pair, codebook)
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


def returned_audits(audits: pd.DataFrame) -> pd.DataFrame:
    return audits[audits["date_completed"].notna()]


def match_themes(
    audits: pd.DataFrame,
    codebook: Codebook,
    code: Callable[[str], dict[str, Found]] | None = None,
) -> pd.DataFrame:
    """One row per (returned audit, theme, comment column) whose text shows the theme.

    `code` reads one cell (default: the codebook alone; a `ThemeCoder` adds the analyst's labels
    and the learned model). Each distinct text is read once and its matches joined back to every
    cell holding it: extracts repeat boilerplate ("n/a", "No concerns") across many audits.
    """
    code = code or (lambda text: themes_in_text(text, codebook))
    returned = returned_audits(audits)
    columns = [c for c in TEXT_COLUMNS if c in returned.columns]
    cells = returned[["audit_id", "audit_month", "source_row", *columns]].melt(
        id_vars=["audit_id", "audit_month", "source_row"], var_name="column", value_name="text"
    )
    cells = cells[cells["text"].map(has_text).astype(bool)]
    found = [
        (text, theme_id, sentence, start, end)
        for text in cells["text"].unique()
        for theme_id, (sentence, start, end) in code(text).items()
    ]
    by_text = pd.DataFrame(
        found, columns=["text", "theme_id", "sentence", "match_start", "match_end"]
    )
    matches = cells.merge(by_text, on="text").drop(columns="text")
    # Report order: as the extract lists the audits, then the comment columns in contract order.
    matches["_column_order"] = matches["column"].map({c: i for i, c in enumerate(columns)})
    matches = matches.sort_values(["source_row", "_column_order"], kind="stable")
    matches = matches[list(MATCH_COLUMNS)].reset_index(drop=True)
    return matches.astype({"source_row": "int64", "match_start": "int64", "match_end": "int64"})
