"""Emerging topics: words and short phrases that more audits mention this month than before and
that no theme covers, with possible names and ids never formed into a phrase."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from helpers.figures.codebook import Codebook, compile_pattern
from helpers.figures.selection import isin_column
from helpers.figures.theme_matching import (
    comment_codes,
    has_text,
    split_sentences,
    spread_items,
)
from helpers.figures.themes import returned_ids
from helpers.settings.contract import TEXT_COLUMNS
from helpers.settings.periods import months_between, parse_month, previous_month

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


def _audit_sentences(audits: pd.DataFrame, keep: pd.Series) -> pd.DataFrame:
    """The sentences of the returned audits among `keep`: audit_id, audit_month, sentence; column
    by column (the first comment column's sentences of every audit, then the next column's),
    each cell's in order."""
    columns = [c for c in TEXT_COLUMNS if c in audits.columns]
    rows = np.flatnonzero((keep & audits["date_completed"].notna()).to_numpy())
    if not columns:  # as a melt of no columns gives it
        return audits[["audit_id", "audit_month"]].iloc[:0].assign(sentence=np.nan)
    # Each distinct text is hashed and cut once, and only the sentences are copied, not the
    # audits' comment cells: extracts repeat comments ("No concerns") across audits (on the large
    # extract's seven months 0.55 s -> 0.09 s).
    codes, texts = comment_codes(audits, columns)
    codes = codes.reshape(len(columns), len(audits))[:, rows].ravel()
    sentences_of = [split_sentences(text) if has_text(text) else [] for text in texts]
    cells, flat = spread_items(codes, np.array([len(s) for s in sentences_of], dtype=np.int64))
    sentences = np.array([s for found in sentences_of for s in found], dtype=object)
    taken = rows[cells % max(len(rows), 1)]
    return pd.DataFrame(
        {
            "audit_id": audits["audit_id"].take(taken).reset_index(drop=True),
            "audit_month": audits["audit_month"].take(taken).reset_index(drop=True),
            "sentence": pd.Series(sentences[flat], dtype="str"),
        }
    )


def _mentions(sentences: pd.DataFrame, min_words: int) -> pd.DataFrame:
    """Each phrase of `min_words` words or more in each audit's sentences: audit_id, audit_month,
    phrase, once per audit and phrase. Each distinct sentence is cut into phrases once, and the
    phrases spread back by position (a map and explode of the large extract's 270,000 sentences
    took 0.25 s)."""
    codes, distinct = pd.factorize(sentences["sentence"])
    banned = _name_like_words(distinct)
    phrases_of = [
        sorted(p for p in _phrases(sentence, banned) if len(p.split()) >= min_words)
        for sentence in distinct
    ]
    cells, flat = spread_items(codes, np.array([len(p) for p in phrases_of], dtype=np.int64))
    phrases = np.array([p for found in phrases_of for p in found], dtype=object)
    mentions = pd.DataFrame(
        {
            "audit_id": sentences["audit_id"].take(cells).reset_index(drop=True),
            "audit_month": sentences["audit_month"].take(cells).reset_index(drop=True),
            "phrase": pd.Series(phrases[flat], dtype=object),
        }
    )
    return mentions.drop_duplicates(["phrase", "audit_id"])


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
    top: int = 10,
    min_audits: int = 4,
    min_share: float = 0.1,
    min_auditors: int = 2,
    min_words: int = 2,
    min_rise: float = 0.1,
    min_ratio: float = 1.5,
) -> pd.DataFrame:
    """Phrases of `min_words` to 3 words that more returned audits mention this month than before.

    Only phrases with real support are kept: mentioned this month in at least `min_audits` audits
    and `min_share` of the month's returned audits, written by at least `min_auditors` different
    auditors (when the extract names them), rising by at least `min_rise` (share_month -
    share_before, the share over the `lookback` months before) to at least `min_ratio` times the
    share before, and matched by no theme pattern.
    Single words ("standard", "place") say too little and are left out by default. Phrases with
    possible names or id-like tokens are never formed; a phrase inside a longer kept phrase with
    the same count is dropped.
    """
    columns = ["phrase", "audits_month", "share_month", "share_before", "rise"]
    start = parse_month(month) - lookback
    before_months = months_between(str(start), previous_month(month)) if lookback else []
    returned = returned_ids(audits, [month, *before_months])
    sentences = _audit_sentences(audits, isin_column(audits["audit_id"], returned["audit_id"]))
    mentions = _mentions(sentences, min_words)
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
        counts = counts[counts["month"] >= max(min_audits, min_share * n_month)]
        if "auditor" in audits.columns:
            auditor_of = audits.set_index("audit_id")["auditor"]
            this_month = mentions[mentions["period"] == "month"]
            writers = this_month.assign(auditor=this_month["audit_id"].map(auditor_of))
            writers = writers.groupby("phrase")["auditor"].nunique()
            counts = counts[writers.reindex(counts.index, fill_value=0) >= min_auditors]
        share = counts["month"] / n_month
        share_before = counts["before"] / n_before if n_before else share * 0.0
        rising = counts[
            (share - share_before >= min_rise) & (share >= min_ratio * share_before)
        ].index
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
