"""Text made plain before it is matched, and made inert before it reaches any output.

Free text typed into a case system can hide a name from a pattern without changing what a reader
sees: a soft hyphen or zero-width space inside it (`Ka\u00adyleigh`), full-width or mathematical
letters (`Ｔｙｌｅｒ`), Cyrillic or Greek letters that look Latin (`Chlоe` with a Cyrillic о), or
bidirectional controls that reorder what is shown. `normalise_text` undoes all of these before the
redactor reads a text; `strip_controls` removes the invisible and control characters (NUL, ESC and
terminal escape sequences, bidi overrides) from any text shown in an output.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

# Kept: they lay text out and are visible as such.
_KEPT_CONTROLS = frozenset("\n\t")
# A terminal escape sequence (`ESC [ 31 m`) is removed whole, not just its ESC.
_ANSI_ESCAPE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|[@-Z\\-_])")


def _is_hidden(char: str) -> bool:
    """Control (Cc) and format (Cf: soft hyphen, zero-width, bidi) characters, bar newline/tab."""
    return char not in _KEPT_CONTROLS and unicodedata.category(char) in {"Cc", "Cf"}


def strip_controls(text: str) -> str:
    """`text` without control or invisible formatting characters; `\\r\\n` becomes `\\n`."""
    text = _ANSI_ESCAPE.sub("", text.replace("\r\n", "\n"))
    if text.isascii() and text.isprintable():
        return text
    return "".join(" " if c == "\r" else c for c in text if c == "\r" or not _is_hidden(c))


@cache
def latin_lookalike(char: str) -> str:
    """The ASCII letter or digit `char` is drawn like (`о` Cyrillic -> `o`), else `char`."""
    if char.isascii() or not char.isalnum():
        return char
    # Imported at the first letter outside ASCII: loading its tables takes ~0.1 s, which every
    # page's kernel and every run would otherwise pay for text that is nearly always ASCII.
    from confusable_homoglyphs import confusables

    found = confusables.is_confusable(char, greedy=True, preferred_aliases=["latin"]) or []
    for entry in found:
        for glyph in entry["homoglyphs"]:
            if len(glyph["c"]) == 1 and glyph["c"].isascii() and glyph["c"].isalnum():
                return glyph["c"]
    return char


def normalise_text(text: str) -> str:
    """`text` as a pattern should read it: controls stripped, NFKC, look-alike letters made Latin.

    Full-width and styled letters, ligatures (`ﬀ`) and odd spaces become their plain forms
    (Unicode NFKC); then letters of other scripts that look Latin are replaced by the Latin letter.
    """
    text = unicodedata.normalize("NFKC", strip_controls(text))
    if text.isascii():
        return text
    return "".join(latin_lookalike(c) for c in text)
