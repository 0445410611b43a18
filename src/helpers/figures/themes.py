"""Themes in auditors' comments: the codebook, sentence matching, and the figures built on it.

The codebook (`codebook.yaml` beside this module, or an authority's own file) says what each theme
looks like; its header documents the pattern language. Everything here is pure: DataFrames and
plain values in and out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from helpers.settings.contract import TEXT_COLUMNS
from helpers.settings.params import ParamsError
from helpers.settings.periods import months_between, parse_month, previous_month

DEFAULT_CODEBOOK = Path(__file__).with_name("codebook.yaml")

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
STATUS_NEW = "new this month"
STATUS_PERSISTING = "persisting"
STATUS_ENDED = "ended"
STATUS_NOT_SEEN = "not seen this month"

# Cell text that says nothing: not counted as a comment the codebook missed.
EMPTY_COMMENTS = frozenset({"", "-", "n/a", "na", "none", "nil", "no comment", "no comments", "."})

Pattern = str | list[str]


class CodebookError(ParamsError):
    """A codebook that cannot be used, with a message naming the theme and field."""


class Theme(BaseModel):
    """One theme: a sentence shows it when a pattern matches and no exclusion does."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str = Field(min_length=1)
    description: str = Field(min_length=1)
    patterns: list[Pattern] = Field(min_length=1)
    exclude: list[Pattern] = Field(default_factory=list)

    @field_validator("patterns", "exclude")
    @classmethod
    def _compiles(cls, entries: list[Pattern]) -> list[Pattern]:
        for entry in entries:
            parts = [entry] if isinstance(entry, str) else entry
            if not parts:
                raise ValueError("an all-of pattern list must not be empty")
            for part in parts:
                try:
                    compile_pattern(part)
                except re.error as error:
                    raise ValueError(
                        f"{part!r} is not a valid regular expression: {error}"
                    ) from None
        return entries


class Codebook(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    themes: list[Theme]

    @property
    def ids(self) -> list[str]:
        return [theme.id for theme in self.themes]

    def theme(self, theme_id: str) -> Theme:
        for theme in self.themes:
            if theme.id == theme_id:
                return theme
        raise KeyError(f"no theme {theme_id!r} in the codebook; it has {self.ids}")


@lru_cache(maxsize=1024)
def compile_pattern(regex: str) -> re.Pattern[str]:
    return re.compile(regex, re.IGNORECASE)


def _describe_theme_error(error: ValidationError, where: str, entry: Any) -> list[str]:
    theme_id = entry.get("id") if isinstance(entry, dict) else None
    name = f"theme {theme_id!r}" if theme_id else f"{where} (no id)"
    lines = []
    for problem in error.errors():
        field = ".".join(str(part) for part in problem["loc"]) or "(entry)"
        message = problem["msg"].removeprefix("Value error, ")
        if problem["type"] == "extra_forbidden":
            message = f"unknown key (a theme has only {list(Theme.model_fields)})"
        lines.append(f"  - {name}, field {field}: {message}")
    return lines


def validate_theme_entries(entries: Any, source: str) -> list[Theme]:
    """Theme entries as `Theme`s; CodebookError listing every problem by theme id and field."""
    if not isinstance(entries, list):
        raise CodebookError(f"{source}: themes must be a list of theme entries")
    themes, problems = [], []
    for number, entry in enumerate(entries, start=1):
        try:
            themes.append(Theme.model_validate(entry))
        except ValidationError as error:
            problems += _describe_theme_error(error, f"theme entry {number}", entry)
    seen: set[str] = set()
    for theme in themes:
        if theme.id in seen:
            problems.append(f"  - theme {theme.id!r}: the id is used more than once")
        seen.add(theme.id)
    if problems:
        raise CodebookError("\n".join([f"{source}: the codebook is not valid:", *problems]))
    return themes


def load_codebook(path: Path | None = None, add: Sequence[dict[str, Any]] = ()) -> Codebook:
    """The codebook at `path` (default: the built-in one), with `add` themes added or replacing by id."""
    path = Path(path) if path is not None else DEFAULT_CODEBOOK
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CodebookError(f"{path}: codebook file not found") from None
    except yaml.YAMLError as error:
        raise CodebookError(f"{path}: not valid YAML: {error}") from None
    if not isinstance(raw, dict) or "themes" not in raw:
        raise CodebookError(f"{path}: a codebook is a mapping with a `themes:` list")
    unknown = sorted(set(raw) - {"themes"})
    if unknown:
        raise CodebookError(f"{path}: unknown key(s) {unknown}; a codebook has only `themes`")
    themes = validate_theme_entries(raw["themes"], str(path))
    added = validate_theme_entries(list(add), "params themes.add")
    by_id = {theme.id: theme for theme in themes}
    for theme in added:
        by_id[theme.id] = theme  # same id replaces in place; a new id goes at the end
    return Codebook(themes=list(by_id.values()))


# --- matching -------------------------------------------------------------------------------

_SENTENCE_BREAK = re.compile(r"(?<=[.!?;])\s+|\s*[\r\n]+\s*")


def split_sentences(text: str) -> list[str]:
    """`text` cut at . ! ? ; and line breaks, each sentence stripped, empty ones dropped."""
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return [
        part.strip(" -\u2022\t") for part in _SENTENCE_BREAK.split(text) if part.strip(" -\u2022\t")
    ]


_CONTRACTION = re.compile(r"\b(\w+?)n't\b", re.IGNORECASE)
_IRREGULAR_CONTRACTIONS = {"ca": "can", "wo": "will", "sha": "shall"}


def expand_contractions(sentence: str) -> tuple[str, list[int]]:
    """`isn't` -> `is not` (also can't, won't), with each character's position in `sentence`.

    Patterns then need only `not`; the positions map a match back onto the original wording.
    """
    pieces, positions, last = [], [], 0
    for found in _CONTRACTION.finditer(sentence):
        pieces.append(sentence[last : found.start()])
        positions += range(last, found.start())
        base = _IRREGULAR_CONTRACTIONS.get(found.group(1).lower(), found.group(1))
        replacement = f"{base} not"
        pieces.append(replacement)
        width = found.end() - found.start()
        positions += [found.start() + min(i, width - 1) for i in range(len(replacement))]
        last = found.end()
    pieces.append(sentence[last:])
    positions += range(last, len(sentence))
    return "".join(pieces), positions


def _entry_span(entry: Pattern, sentence: str) -> tuple[int, int] | None:
    """Where every part of `entry` is found in `sentence` (their joint span), or None."""
    spans = []
    for part in [entry] if isinstance(entry, str) else entry:
        found = compile_pattern(part).search(sentence)
        if found is None:
            return None
        spans.append(found.span())
    return min(s for s, _ in spans), max(e for _, e in spans)


def find_theme(theme: Theme, sentence: str) -> tuple[int, int] | None:
    """The span of the first pattern of `theme` matching `sentence`, unless an exclusion matches."""
    if any(_entry_span(entry, sentence) for entry in theme.exclude):
        return None
    for entry in theme.patterns:
        span = _entry_span(entry, sentence)
        if span is not None:
            return span
    return None


def themes_in_text(text: str, codebook: Codebook) -> dict[str, tuple[str, int, int]]:
    """Theme id -> (first matching sentence, match start, match end) for one comment cell."""
    found: dict[str, tuple[str, int, int]] = {}
    for sentence in split_sentences(text):
        expanded, positions = expand_contractions(sentence)
        for theme in codebook.themes:
            if theme.id in found:
                continue
            span = find_theme(theme, expanded)
            if span is not None:
                start, end = span
                found[theme.id] = (sentence, positions[start], positions[max(end - 1, start)] + 1)
    return found


def _returned(audits: pd.DataFrame) -> pd.DataFrame:
    return audits[audits["date_completed"].notna()]


def _has_text(value: Any) -> bool:
    return isinstance(value, str) and value.strip().lower() not in EMPTY_COMMENTS


def match_themes(audits: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """One row per (returned audit, theme, comment column) whose text shows the theme.

    Each distinct text is read once and its matches joined back to every cell holding it:
    extracts repeat boilerplate ("n/a", "No concerns") across many audits.
    """
    returned = _returned(audits)
    columns = [c for c in TEXT_COLUMNS if c in returned.columns]
    cells = returned[["audit_id", "audit_month", "source_row", *columns]].melt(
        id_vars=["audit_id", "audit_month", "source_row"], var_name="column", value_name="text"
    )
    cells = cells[cells["text"].map(_has_text).astype(bool)]
    found = [
        (text, theme_id, sentence, start, end)
        for text in cells["text"].unique()
        for theme_id, (sentence, start, end) in themes_in_text(text, codebook).items()
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


# --- figures ---------------------------------------------------------------------------------


def column_domain(column: str) -> str:
    """`comment_planning` -> `planning`; `summary_comment` -> `summary`; `actions` -> `actions`."""
    if column == "summary_comment":
        return "summary"
    return column.removeprefix("comment_")


def _returned_ids(audits: pd.DataFrame, months: Iterable[str]) -> pd.DataFrame:
    returned = _returned(audits)
    return returned[returned["audit_month"].isin(list(months))][["audit_id", "audit_month"]]


def compute_theme_counts(
    matches: pd.DataFrame,
    audits: pd.DataFrame,
    months: list[str],
    codebook: Codebook | None = None,
) -> pd.DataFrame:
    """Theme × month: distinct returned audits showing the theme (0 where none).

    Rows are the codebook's themes in its order (without a codebook: the themes in `matches`).
    """
    returned = _returned_ids(audits, months)
    kept = matches[matches["audit_id"].isin(returned["audit_id"])]
    counts = kept.groupby(["theme_id", "audit_month"])["audit_id"].nunique()
    theme_ids = codebook.ids if codebook is not None else sorted(matches["theme_id"].unique())
    table = counts.unstack("audit_month").reindex(index=theme_ids, columns=months).fillna(0)
    table = table.astype("int64")
    table.index.name, table.columns.name = "theme_id", "month"
    return table


def theme_counts_for_month(matches: pd.DataFrame, month: str, codebook: Codebook) -> dict[str, int]:
    """Every codebook theme id -> returned audits in `month` showing it (`themes.month` in metrics)."""
    in_month = matches[matches["audit_month"] == month]
    counts = in_month.groupby("theme_id")["audit_id"].nunique()
    return {theme_id: int(counts.get(theme_id, 0)) for theme_id in codebook.ids}


def theme_status(this_month: int, last_month: int) -> str:
    """`persisting`: seen this month and last; `new this month`: this month only;
    `ended`: last month only; `not seen this month`: neither."""
    if this_month and last_month:
        return STATUS_PERSISTING
    if this_month:
        return STATUS_NEW
    if last_month:
        return STATUS_ENDED
    return STATUS_NOT_SEEN


def compute_theme_summary(
    matches: pd.DataFrame,
    audits: pd.DataFrame,
    codebook: Codebook,
    month: str,
    trend_months: int = 12,
) -> pd.DataFrame:
    """One row per codebook theme for `month`.

    Columns: theme_id, label, audits (returned audits showing it this month), audits_previous
    (last month), share (of this month's returned audits; NaN when none returned), domains (where it
    appeared this month: domain keys, "summary", "actions", in report order), status (see
    `theme_status`), months_seen (months with the theme among the `trend_months` to `month`).
    """
    last = previous_month(month)
    window = months_between(str(parse_month(month) - (trend_months - 1)), month)
    counts = compute_theme_counts(matches, audits, sorted({*window, last}), codebook)
    returned = len(_returned_ids(audits, [month]))
    in_month = matches[matches["audit_month"] == month]
    rows = []
    for theme in codebook.themes:
        now, before = int(counts.at[theme.id, month]), int(counts.at[theme.id, last])
        columns = set(in_month.loc[in_month["theme_id"] == theme.id, "column"])
        rows.append(
            {
                "theme_id": theme.id,
                "label": theme.label,
                "audits": now,
                "audits_previous": before,
                "share": now / returned if returned else float("nan"),
                "domains": [column_domain(c) for c in TEXT_COLUMNS if c in columns],
                "status": theme_status(now, before),
                "months_seen": int((counts.loc[theme.id, window] > 0).sum()),
            }
        )
    return pd.DataFrame(rows)


def identity(text: str) -> str:
    return text


def trim_excerpt(text: str, start: int, end: int, max_chars: int = 160) -> str:
    """`text` cut to about `max_chars` at word edges around text[start:end], "…" where cut."""
    text = " ".join(text.split()) if len(text) > max_chars else text
    if len(text) <= max_chars:
        return text
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    room = max(max_chars - (end - start), 0)
    left = max(0, start - room // 2)
    right = min(len(text), left + max_chars)
    left = max(0, right - max_chars)
    if left > 0:
        next_space = text.find(" ", left)
        left = next_space + 1 if 0 <= next_space < start else left
    if right < len(text):
        last_space = text.rfind(" ", 0, right)
        right = last_space if last_space > end else right
    excerpt = text[left:right].strip()
    return ("…" if left > 0 else "") + excerpt + ("…" if right < len(text) else "")


def select_excerpts(
    matches: pd.DataFrame,
    theme_id: str,
    month: str,
    n: int = 3,
    redact: Callable[[str], str] = identity,
    max_chars: int = 160,
) -> list[str]:
    """Up to `n` short excerpts showing `theme_id` in `month`, one per audit, redacted then trimmed.

    The whole sentence is redacted before it is cut, so a name can never be split at an edge and
    slip past the redactor.
    """
    chosen = matches[(matches["theme_id"] == theme_id) & (matches["audit_month"] == month)]
    order = {column: i for i, column in enumerate(TEXT_COLUMNS)}
    chosen = chosen.assign(_column_order=chosen["column"].map(order)).sort_values(
        ["source_row", "_column_order"]
    )
    excerpts: list[str] = []
    for _, match in chosen.drop_duplicates("audit_id").iterrows():
        if len(excerpts) >= n:
            break
        sentence = str(match["sentence"])
        redacted = redact(sentence)
        start = len(redact(sentence[: match["match_start"]]))
        end = start + len(redact(sentence[match["match_start"] : match["match_end"]]))
        excerpt = trim_excerpt(redacted, start, end, max_chars)
        if excerpt not in excerpts:
            excerpts.append(excerpt)
    return excerpts


def compute_unmatched(audits: pd.DataFrame, matches: pd.DataFrame, month: str) -> dict[str, int]:
    """What the codebook misses in `month`, counted over returned audits.

    returned; audits_with_text (some comment cell has text); audits_unmatched (has text, no theme);
    cells_with_text; cells_unmatched (a cell with text in which no theme was found).
    Cells such as "n/a", "none" or "-" count as empty.
    """
    returned = _returned(audits)
    returned = returned[returned["audit_month"] == month]
    columns = [c for c in TEXT_COLUMNS if c in returned.columns]
    cells = returned.melt(id_vars="audit_id", value_vars=columns, var_name="column")
    cells = cells[cells["value"].map(_has_text).astype(bool)]
    in_month = matches[matches["audit_month"] == month]
    matched = set(zip(in_month["audit_id"], in_month["column"], strict=True))
    cell_matched = [key in matched for key in zip(cells["audit_id"], cells["column"], strict=True)]
    unmatched_cells = cells[[not hit for hit in cell_matched]]
    audits_with_text = set(cells["audit_id"])
    return {
        "returned": len(returned),
        "audits_with_text": len(audits_with_text),
        "audits_unmatched": len(audits_with_text - set(in_month["audit_id"])),
        "cells_with_text": len(cells),
        "cells_unmatched": len(unmatched_cells),
    }


# --- emerging topics -------------------------------------------------------------------------

STOP_WORDS = frozenset(
    """a about above after again against all also although am an and any are aren't as at be
    because been before being below between both but by can can't cannot could couldn't did didn't
    do does doesn't doing don't down during each either etc few for from further had hadn't has
    hasn't have haven't having he her here hers herself him himself his how however i if in into is
    isn't it its itself just let like made make may me might more most much must mustn't my myself
    need needs no nor not now of off on once one only or other ought our ours ourselves out over own
    per please same shall she should shouldn't since so some still such than that the their theirs
    them themselves then there these they this those though through to too under until up upon us
    very via was wasn't we were weren't what when where whether which while whilst who whom why will
    with within without won't would wouldn't yet you your yours yourself
    evidence evident noted note case file seen good well clear clearly able around
    """.split()
)
# Words auditors capitalise mid-sentence that are not names; any other capitalised word is
# treated as a possible name and never output.
SERVICE_WORDS = frozenset(
    """child children protection plan plans care leaver leavers looked after team manager managers
    social worker workers independent reviewing officer conference review reviews pathway need
    education health personal court assessment school police family group core strategy meeting
    service services early help virtual designated nurse foster carer carers residential home
    mum dad iro iros pep peps lac cla cin cp cwad sw tm ehcp cse cce gp camhs sgo drp fgc mash
    lado sdq ofsted covid""".split()
)
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’_/-]*")


def normalise_word(word: str) -> str:
    """Lower case, no possessive 's, a simple plural made singular."""
    word = word.lower().replace("’", "'").removesuffix("'s").strip("'")
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _looks_like_id(token: str) -> bool:
    return any(ch.isdigit() for ch in token) or "_" in token or "/" in token


def _capitalised(token: str) -> bool:
    return token[:1].isupper()


def _tokens(sentence: str) -> list[tuple[str, bool]]:
    """(raw token, is sentence-initial) pairs."""
    return [(m.group(), i == 0) for i, m in enumerate(_TOKEN.finditer(sentence))]


def _audit_sentences(audits: pd.DataFrame) -> pd.DataFrame:
    """Returned audits' sentences: audit_id, audit_month, sentence."""
    columns = [c for c in TEXT_COLUMNS if c in audits.columns]
    cells = _returned(audits).melt(
        id_vars=["audit_id", "audit_month"], value_vars=columns, value_name="text"
    )
    cells = cells[cells["text"].map(_has_text).astype(bool)]
    rows = [
        (audit_id, month, sentence)
        for audit_id, month, text in zip(
            cells["audit_id"], cells["audit_month"], cells["text"], strict=True
        )
        for sentence in split_sentences(text)
    ]
    return pd.DataFrame(rows, columns=["audit_id", "audit_month", "sentence"])


def _name_like_words(sentences: Iterable[str]) -> set[str]:
    """Lower-cased words that may be names: capitalised mid-sentence, or never seen lower case."""
    capitalised_mid, lower_seen, initial = set(), set(), set()
    for sentence in sentences:
        for token, first in _tokens(sentence):
            word = token.lower()
            if first and _capitalised(token):
                initial.add(word)
            elif _capitalised(token):
                capitalised_mid.add(word)
            else:
                lower_seen.add(word)
    risky = capitalised_mid | (initial - lower_seen)
    return {word for word in risky if word not in SERVICE_WORDS}


def _phrases(sentence: str, banned: set[str], max_words: int = 3) -> set[str]:
    """Normalised 1- to `max_words`-word phrases in runs of content words of `sentence`.

    Stop words, id-like tokens and possible names break a run, so they are never inside a phrase.
    """
    found: set[str] = set()
    run: list[str] = []
    for token, _ in [*_tokens(sentence), ("", False)]:
        word = token.lower()
        if not token or _looks_like_id(token) or word in banned or word in STOP_WORDS:
            for size in range(1, max_words + 1):
                found.update(" ".join(run[i : i + size]) for i in range(len(run) - size + 1))
            run = []
            continue
        normal = normalise_word(token)
        # Very short words are skipped without breaking the run ("TM", "x").
        if len(normal) > 2 and normal not in STOP_WORDS:
            run.append(normal)
    return found


def _covered(phrase: str, codebook: Codebook) -> bool:
    """True when any part of any theme pattern matches `phrase`."""
    for theme in codebook.themes:
        for entry in theme.patterns:
            for part in [entry] if isinstance(entry, str) else entry:
                if compile_pattern(part).search(phrase):
                    return True
    return False


def compute_emerging_topics(
    audits: pd.DataFrame,
    codebook: Codebook,
    month: str,
    lookback: int = 6,
    top: int = 15,
    min_audits: int = 3,
) -> pd.DataFrame:
    """Words and 2–3-word phrases mentioned by more returned audits this month than before.

    share_month: share of `month`'s returned audits mentioning the phrase; share_before: the same
    over the `lookback` months before; rise = share_month - share_before. Kept when at least
    `min_audits` audits mention it this month, it rose, and no theme pattern matches it. Phrases
    with possible names or id-like tokens are never formed. A phrase inside a longer kept phrase
    with the same count is dropped.
    """
    columns = ["phrase", "audits_month", "share_month", "share_before", "rise"]
    start = parse_month(month) - lookback
    before_months = months_between(str(start), previous_month(month)) if lookback else []
    returned = _returned_ids(audits, [month, *before_months])
    sentences = _audit_sentences(audits[audits["audit_id"].isin(returned["audit_id"])])
    distinct = sentences["sentence"].unique()
    banned = _name_like_words(distinct)
    # Each distinct sentence is cut into phrases once; comments repeat a lot across audits.
    phrases_of = {sentence: sorted(_phrases(sentence, banned)) for sentence in distinct}
    mentions = (
        sentences.assign(phrase=sentences["sentence"].map(phrases_of))
        .explode("phrase")
        .dropna(subset=["phrase"])
        .drop_duplicates(["phrase", "audit_id"])
    )
    mentions["period"] = (mentions["audit_month"] == month).map({True: "month", False: "before"})
    counts = (
        mentions.groupby(["phrase", "period"])
        .size()
        .unstack(fill_value=0)
        .reindex(columns=["month", "before"], fill_value=0)
    )
    n_month = int((returned["audit_month"] == month).sum())
    n_before = len(returned) - n_month
    rows = []
    if n_month:
        counts = counts[counts["month"] >= min_audits]
        share = counts["month"] / n_month
        share_before = counts["before"] / n_before if n_before else share * 0.0
        rising = counts[share > share_before].index
        for phrase in rising:
            if not _covered(phrase, codebook):
                rows.append(
                    (
                        phrase,
                        int(counts.at[phrase, "month"]),
                        float(share[phrase]),
                        float(share_before[phrase]),
                        float(share[phrase] - share_before[phrase]),
                    )
                )
    topics = pd.DataFrame(rows, columns=columns)
    kept = pd.Series([not _subsumed(row, topics) for row in topics.itertuples()], dtype=bool)
    topics = topics.loc[kept.to_numpy()]
    topics = topics.sort_values(["rise", "audits_month", "phrase"], ascending=[False, False, True])
    return topics.head(top).reset_index(drop=True)


def _subsumed(row: Any, topics: pd.DataFrame) -> bool:
    """A phrase found inside a longer candidate phrase mentioned by as many audits."""
    pattern = re.compile(rf"(^| ){re.escape(row.phrase)}( |$)")
    longer = topics[(topics["phrase"] != row.phrase) & (topics["audits_month"] == row.audits_month)]
    return any(pattern.search(other) for other in longer["phrase"])
