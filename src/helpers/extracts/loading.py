"""Read the audits and visits extracts (CSV or XLSX) into the frames of docs/data-shapes.md.

Every cell is read as text first (so `child_id` keeps its leading zeros), then checked and typed
by `helpers.extracts.validation`. Anything wrong raises one `ExtractError` listing every problem.

Warnings (an encoding fallback, ignored extra columns, blank rows skipped) do not stop loading:
they are kept in `LoadResult.warnings` and, on the frames `load_audits` / `load_visits` return,
in `frame.attrs["warnings"]` (a list of sentences).

Nothing given to the loaders is ever unpickled: a pickle can run code when opened, so a `.pkl`
file is refused with a message. The runner hands the kernels a frame it already loaded and
validated as Parquet (data only), read with `read_cached_frame`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from helpers.extracts.cautions import warn_audits
from helpers.extracts.reading import _Stop, read_table
from helpers.extracts.validation import (
    AUDITS,
    VISITS,
    ExtractError,
    ExtractSpec,
    Problem,
    check_columns,
    validate_rows,
)


@dataclass
class LoadResult:
    frame: pd.DataFrame
    warnings: list[str] = field(default_factory=list)


def load_audits(path: str | Path) -> pd.DataFrame:
    """The audits extract as the frame of docs/data-shapes.md; ExtractError listing every problem."""
    return _with_warnings(load_extract(path, AUDITS))


def load_visits(path: str | Path) -> pd.DataFrame:
    """The visits extract as the frame of docs/data-shapes.md; ExtractError listing every problem."""
    return _with_warnings(load_extract(path, VISITS))


def load_extracts(
    audits_path: str | Path, visits_path: str | Path | None = None
) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """Both extracts, checked together: one ExtractError lists the problems of both files."""
    problems: list[Problem] = []
    frames: list[pd.DataFrame | None] = []
    for path, spec in ((audits_path, AUDITS), (visits_path, VISITS)):
        if path is None:
            frames.append(None)
            continue
        try:
            frames.append(_with_warnings(load_extract(path, spec)))
        except ExtractError as error:
            problems += error.problems
            frames.append(None)
    if problems:
        raise ExtractError(problems)
    audits, visits = frames
    assert audits is not None
    return audits, visits


def load_extract(path: str | Path, spec: ExtractSpec) -> LoadResult:
    """Read, check and type one extract of the kind `spec` describes."""
    path = Path(path)
    try:
        table = read_table(path, spec)
    except _Stop as stop:
        raise ExtractError(stop.problems) from None
    wrong = _wrong_extract(table.header, spec, path.name)
    if wrong:
        raise ExtractError([wrong])
    problems, warnings = check_columns(table.header, spec, path.name)
    if table.frame.empty:
        problems.append(Problem(path.name, "no_rows"))
    if problems and (table.frame.empty or any(p.rule == "duplicate_column" for p in problems)):
        raise ExtractError(problems)
    present = set(table.header) & set(spec.columns)
    text = table.frame.reindex(columns=[*spec.columns, "source_row"])
    # An absent column is all blanks, as text like the others, so every check can read it.
    text = text.astype({c: "str" for c in spec.columns if c not in present})
    frame, row_problems = validate_rows(text, spec, path.name, present)
    problems += row_problems
    if problems:
        raise ExtractError(problems)
    if spec is AUDITS:
        warnings += warn_audits(frame, path.name)
    return LoadResult(frame, table.warnings + warnings)


def _wrong_extract(header: list[str], spec: ExtractSpec, name: str) -> Problem | None:
    """The other kind of extract, or an unrelated table, given in place of this one."""
    found = [c for c in spec.required if c in header]
    if len(found) * 2 > len(spec.required):
        return None
    other = VISITS if spec is AUDITS else AUDITS
    if sum(c in header for c in other.required) * 2 > len(other.required):
        detail = f"it looks like the {other.kind} extract; give the {spec.kind} extract here"
    else:
        columns = ", ".join(c for c in header if c)[:120] or "none"
        detail = (
            f"it has {len(found)} of the {len(spec.required)} required columns "
            f"({', '.join(spec.required)}); its columns are: {columns}"
        )
    return Problem(name, "wrong_extract", detail=detail)


def _with_warnings(result: LoadResult) -> pd.DataFrame:
    result.frame.attrs["warnings"] = list(result.warnings)
    return result.frame


# In a cached frame's attrs: its text holds no control characters (`pages.context` skips them).
CONTROLS_STRIPPED = "controls_stripped"


def write_cached_frame(frame: pd.DataFrame, path: Path) -> None:
    """A loaded, validated frame as Parquet for the page kernels (its warnings travel with it)."""
    frame.to_parquet(path, index=False)


def read_cached_frame(path: str | Path) -> pd.DataFrame:
    """A frame written by `write_cached_frame`: Parquet holds data only, so reading runs no code."""
    frame = pd.read_parquet(path)
    frame.attrs["warnings"] = list(frame.attrs.get("warnings", []))
    return frame
