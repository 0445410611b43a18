"""The cohort filter of `case-audit allocate`: a readable expression over the children list's columns.

`cohort == "LAC" and team == "CWAD"`, `team in ["0-12 East", "0-12 West"]`, `not cohort == "CL"`.
The text is parsed with Python's own grammar (`ast`), then every node is checked against a short
list of what a filter may hold: column names, quoted values, lists of them, comparisons (`==`,
`!=`, `in`, `not in`), `and`, `or`, `not` and brackets. Nothing is ever evaluated as code: the
checked tree is walked here and turned into a boolean mask over the children.
"""

from __future__ import annotations

import ast
import difflib
from collections.abc import Sequence

import numpy as np
import pandas as pd

from helpers.settings.contract import COHORTS

MAX_LENGTH = 500
EXAMPLE = 'cohort == "LAC" and team == "CWAD"'


class CohortFilterError(ValueError):
    """The filter cannot be used; the message says where and why, for the analyst."""


def _fail(expression: str, why: str) -> CohortFilterError:
    return CohortFilterError(
        f"the cohort filter {expression!r} cannot be used: {why}. Write it like: {EXAMPLE}"
    )


def _literal(node: ast.expr, expression: str) -> str | list[str]:
    """A quoted value, or a list of them (numbers are read as their text)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str | int | float):
        if isinstance(node.value, bool):
            raise _fail(expression, "true/false is not a value a column holds")
        return str(node.value)
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        return [str(_literal(item, expression)) for item in node.elts]
    if isinstance(node, ast.Name):
        raise _fail(expression, f"{node.id} on the right of a comparison must be in quotes")
    raise _fail(expression, f"{ast.unparse(node)!r} is not a quoted value or a list of them")


def _column(node: ast.expr, expression: str, columns: Sequence[str]) -> str:
    if not isinstance(node, ast.Name):
        raise _fail(expression, f"{ast.unparse(node)!r} is not a column name")
    if node.id not in columns:
        near = difflib.get_close_matches(node.id, columns, n=1)
        hint = f" (did you mean {near[0]}?)" if near else ""
        known = ", ".join(columns)
        raise _fail(expression, f"there is no column {node.id!r}{hint}; the columns are {known}")
    return node.id


def _check_values(column: str, values: list[str], expression: str) -> None:
    """Codes the contract fixes must be real codes: `cohort == "LAX"` is a typo, not an empty list."""
    if column == "cohort":
        unknown = [v for v in values if v not in COHORTS]
        if unknown:
            raise _fail(expression, f"cohort {unknown[0]!r} is not one of {', '.join(COHORTS)}")


def _compare(node: ast.Compare, children: pd.DataFrame, expression: str) -> np.ndarray:
    if len(node.ops) != 1:
        raise _fail(expression, "compare one column with one value at a time; join with and/or")
    column = _column(node.left, expression, list(children.columns))
    value = _literal(node.comparators[0], expression)
    op = node.ops[0]
    cells = children[column].astype("string").str.strip()
    if isinstance(op, ast.Eq | ast.NotEq):
        if isinstance(value, list):
            raise _fail(expression, "compare a column with a list using `in`, not `==`")
        _check_values(column, [value], expression)
        hit = (cells == value).fillna(False).to_numpy(dtype=bool)
        return hit if isinstance(op, ast.Eq) else ~hit
    if isinstance(op, ast.In | ast.NotIn):
        values = value if isinstance(value, list) else [value]
        _check_values(column, values, expression)
        hit = cells.isin(values).fillna(False).to_numpy(dtype=bool)
        return hit if isinstance(op, ast.In) else ~hit
    symbol = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Is: "is"}.get(type(op))
    raise _fail(expression, f"{symbol or type(op).__name__} is not allowed; use ==, !=, in, not in")


def _mask(node: ast.expr, children: pd.DataFrame, expression: str) -> np.ndarray:
    if isinstance(node, ast.BoolOp):
        parts = [_mask(value, children, expression) for value in node.values]
        combine = np.logical_and if isinstance(node.op, ast.And) else np.logical_or
        return combine.reduce(parts)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return ~_mask(node.operand, children, expression)
    if isinstance(node, ast.Compare):
        return _compare(node, children, expression)
    if isinstance(node, ast.Name):
        raise _fail(expression, f"{node.id} alone is not a condition; compare it with a value")
    raise _fail(expression, f"{ast.unparse(node)!r} is not a comparison")


def select_cohort(children: pd.DataFrame, expression: str | None) -> pd.Series:
    """Which children the filter picks (all of them for no filter); CohortFilterError if unusable."""
    if expression is None or not expression.strip():
        return pd.Series(True, index=children.index)
    if len(expression) > MAX_LENGTH:
        raise _fail(expression[:40] + "…", f"it is longer than {MAX_LENGTH} characters")
    # Analysts write `and`/`or`; `&`/`|`/`=` are common slips, answered with the word to use.
    try:
        tree = ast.parse(expression.strip(), mode="eval")
    except SyntaxError as error:
        hint = " (use == to compare, not =)" if "=" in expression and "==" not in expression else ""
        why = f"it is not a valid expression at character {error.offset}{hint}"
        raise _fail(expression, why) from None
    if isinstance(tree.body, ast.BinOp):
        raise _fail(expression, "join conditions with `and` / `or`, not & or |")
    visible = children.drop(columns=["source_row"], errors="ignore")
    return pd.Series(_mask(tree.body, visible, expression), index=children.index)
