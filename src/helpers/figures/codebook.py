"""The themes codebook: what each theme looks like, whether it is a strength or a concern, and the
service's abbreviations to spell out before matching.

The codebook is `codebook.yaml` beside this module, or an authority's own file; its header
documents the pattern language. `load_run_codebook` is the one place a run gets it from its
parameters.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from helpers.settings.params import Params, ParamsError

DEFAULT_CODEBOOK = Path(__file__).with_name("codebook.yaml")

CONCERN = "concern"
STRENGTH = "strength"
ThemeKind = Literal["concern", "strength"]

Pattern = str | list[str]


class CodebookError(ParamsError):
    """A codebook that cannot be used, with a message naming the theme and field."""


@lru_cache(maxsize=2048)
def compile_pattern(regex: str) -> re.Pattern[str]:
    return re.compile(regex, re.IGNORECASE)


def _check_patterns(entries: list[Pattern]) -> list[Pattern]:
    for entry in entries:
        parts = [entry] if isinstance(entry, str) else entry
        if not parts:
            raise ValueError("an all-of pattern list must not be empty")
        for part in parts:
            try:
                compile_pattern(part)
            except re.error as error:
                raise ValueError(f"{part!r} is not a valid regular expression: {error}") from None
    return entries


class Theme(BaseModel):
    """One theme: a sentence shows it when a pattern matches and no exclusion does in that clause.

    `kind` keeps strengths apart from concerns in the page, the paper and Moving forward.
    `exclude` counts in the clauses a match touches; `exclude_sentence` anywhere in the sentence
    (for a negation of the theme itself: "there was no drift").
    `actions` are what an instruction about the theme names ("SW to complete a chronology");
    `window` lets a pattern's parts fall in two adjacent sentences of one comment.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str = Field(min_length=1)
    description: str = Field(min_length=1)
    kind: ThemeKind = CONCERN
    patterns: list[Pattern] = Field(min_length=1)
    exclude: list[Pattern] = Field(default_factory=list)
    exclude_sentence: list[Pattern] = Field(default_factory=list)
    actions: list[Pattern] = Field(default_factory=list)
    window: bool = False

    @field_validator("patterns", "exclude", "exclude_sentence", "actions")
    @classmethod
    def _compiles(cls, entries: list[Pattern]) -> list[Pattern]:
        return _check_patterns(entries)


class Codebook(BaseModel):
    """Themes in report order, the glossary of abbreviations, and the negations every concern
    shares ("no issues with ..."), each scoped to the clause it stands in."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    themes: list[Theme]
    glossary: dict[str, str] = Field(default_factory=dict)
    negations: list[Pattern] = Field(default_factory=list)

    @field_validator("negations")
    @classmethod
    def _compiles(cls, entries: list[Pattern]) -> list[Pattern]:
        return _check_patterns(entries)

    @property
    def ids(self) -> list[str]:
        return [theme.id for theme in self.themes]

    def ids_of_kind(self, kind: str) -> list[str]:
        """Theme ids of one kind (`concern` or `strength`), in codebook order."""
        return [theme.id for theme in self.themes if theme.kind == kind]

    @property
    def kinds(self) -> dict[str, str]:
        """Theme id -> `concern` or `strength`."""
        return {theme.id: theme.kind for theme in self.themes}

    def theme(self, theme_id: str) -> Theme:
        for theme in self.themes:
            if theme.id == theme_id:
                return theme
        raise KeyError(f"no theme {theme_id!r} in the codebook; it has {self.ids}")


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


_CODEBOOK_KEYS = ("themes", "glossary", "negations")


def load_codebook(path: Path | None = None, add: list[dict[str, Any]] | tuple = ()) -> Codebook:
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
    unknown = sorted(set(raw) - set(_CODEBOOK_KEYS))
    if unknown:
        raise CodebookError(
            f"{path}: unknown key(s) {unknown}; a codebook has only {list(_CODEBOOK_KEYS)}"
        )
    themes = validate_theme_entries(raw["themes"], str(path))
    added = validate_theme_entries(list(add), "params themes.add")
    by_id = {theme.id: theme for theme in themes}
    for theme in added:
        by_id[theme.id] = theme  # same id replaces in place; a new id goes at the end
    try:
        return Codebook(
            themes=list(by_id.values()),
            glossary=raw.get("glossary") or {},
            negations=raw.get("negations") or [],
        )
    except ValidationError as error:
        problems = [f"  - {'.'.join(map(str, p['loc']))}: {p['msg']}" for p in error.errors()]
        raise CodebookError("\n".join([f"{path}: the codebook is not valid:", *problems])) from None


def load_run_codebook(params: Params) -> Codebook:
    """The themes codebook for a run, checked before any kernel starts (ParamsError if bad)."""
    return load_codebook(params.themes.codebook, params.themes.add)
