"""How well the redactor hides planted identifiers and keeps ordinary words.

`python -m helpers.tools.redaction_eval [CORPUS_CSV]` (or `make eval-redaction`) prints, for each
set of the corpus, how many planted identifiers leak and what share of ordinary words is lost.
The corpus (tests/data/redaction_corpus.csv) has `set`, `text`, `targets` (`|`-separated):
`planted` / `clean` rows came with the first redactor; `blind_planted` / `blind_clean` were written
afterwards, before any pattern was changed for them, in forms the first set lacks (dates of birth
in words, schools and buildings, obfuscated emails, handles, capitals, unlisted names, nicknames,
Unicode tricks). In `text`, `\\uXXXX` and `\\UXXXXXXXX` stand for that character.

A planted identifier leaks when any of its parts (2+ characters) is still readable as a whole word
in the output, compared case-insensitively after `normalise_text`, so a name left intact behind a
zero-width space or a Cyrillic letter counts as a leak. A word is lost when it no longer appears,
as written, in the output: over-redaction is the share of a clean set's words lost (and, for a
planted set, of the words that are not part of an identifier).
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from helpers.safe.normalise import normalise_text
from helpers.safe.redaction import build_redactor
from helpers.settings.params import PROJECT_ROOT

DEFAULT_CORPUS = PROJECT_ROOT / "tests" / "data" / "redaction_corpus.csv"
# What the corpus's sentences were written against: ids and staff names the extract would give.
KNOWN_IDS = ("C-TEST-001", "C-TEST-002", "C-TEST-003", "9900101", "9900102", "9900103")
KNOWN_NAMES = ("Alex Testperson", "Robin Sample", "Morgan Fictional", "Casey Madeup")
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_WORD = re.compile(r"[A-Za-z0-9][\w'-]*")


def decode_escapes(text: str) -> str:
    """`\\u00AD` -> the soft hyphen itself; other text unchanged."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)


def load_corpus(path: Path = DEFAULT_CORPUS) -> pd.DataFrame:
    """The corpus with escapes decoded and `targets` as a list."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    return frame.assign(
        text=frame["text"].map(decode_escapes),
        targets=frame["targets"].map(lambda t: [p for p in t.split("|") if p]),
    )


def _present(word: str, text: str, flags: int = 0) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text, flags) is not None


def leaked_parts(target: str, redacted: str) -> list[str]:
    """Parts of a planted identifier (2+ characters) still readable as whole words."""
    seen = normalise_text(redacted)
    parts = [p for p in re.split(r"[\s,]+", target) if len(p) >= 2 and p != "Flat"]
    return [p for p in parts if _present(p, seen, re.IGNORECASE)]


def lost_words(text: str, redacted: str) -> list[str]:
    """Words of `text` (as normalised) that no longer appear in `redacted`, in any case.

    Case is ignored because the redactor writes words in capitals as names are (`TYLER` ->
    `Tyler`) so that a shouted name is caught: the word is still there for the reader.
    """
    return [
        w for w in _WORD.findall(normalise_text(text)) if not _present(w, redacted, re.IGNORECASE)
    ]


@dataclass(frozen=True)
class SetScore:
    name: str
    sentences: int
    identifiers: int
    leaked: int
    words: int
    words_lost: int

    @property
    def over_redaction(self) -> float:
        return self.words_lost / self.words if self.words else 0.0


def score_set(
    corpus: pd.DataFrame, name: str, redact: Callable[[str], str], *, planted: bool = True
) -> tuple[SetScore, list[str]]:
    """The set's score and one line per leak (planted) or per lost word (clean)."""
    rows = corpus[corpus["set"] == name]
    identifiers = leaked = words = lost = 0
    details: list[str] = []
    for text, targets in zip(rows["text"], rows["targets"], strict=True):
        redacted = redact(text)
        # In a planted sentence only the words outside its identifiers count as ordinary.
        parts = {p.lower() for t in targets for p in _WORD.findall(normalise_text(t)) if planted}
        ordinary = [w for w in _WORD.findall(normalise_text(text)) if w.lower() not in parts]
        words_lost = [w for w in lost_words(text, redacted) if w in ordinary]
        words += len(ordinary)
        lost += len(words_lost)
        if planted:
            for target in targets:
                identifiers += 1
                if parts := leaked_parts(target, redacted):
                    leaked += 1
                    details.append(f"leak {parts}: {redacted!r}")
        details += [f"lost {w!r}: {redacted!r}" for w in words_lost]
    return SetScore(name, len(rows), identifiers, leaked, words, lost), details


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--details", action="store_true", help="list each leak and lost word")
    parser.add_argument(
        "--no-allow-list", action="store_true", help="measure without the allow-list step"
    )
    args = parser.parse_args(argv)
    corpus = load_corpus(args.corpus)
    redact = build_redactor(KNOWN_IDS, KNOWN_NAMES, allow_list=not args.no_allow_list)
    for name in dict.fromkeys(corpus["set"]):
        score, details = score_set(corpus, name, redact, planted="clean" not in name)
        if "clean" in name:
            print(
                f"{name:<14}: {score.sentences} sentences, {score.words_lost} of {score.words} "
                f"words lost ({score.over_redaction:.1%} over-redaction)"
            )
        else:
            print(
                f"{name:<14}: {score.sentences} sentences, {score.leaked} of {score.identifiers} "
                f"identifiers leak; {score.words_lost} of {score.words} other words lost "
                f"({score.over_redaction:.1%})"
            )
        if args.details:
            print("\n".join(f"    {line}" for line in details))


if __name__ == "__main__":
    main()
