"""What every `case-audit` command shares: the console, failing with an exit code, warnings."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

# soft_wrap: a long line (a path, an error) is left to the terminal, never broken mid-line by rich.
console = Console(stderr=True, soft_wrap=True)


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print `message` for the analyst and return the Exit to raise (no traceback)."""
    console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


ParamsFileOption = Annotated[
    Path | None, typer.Option(metavar="FILE", help="Parameters file laid over params/.")
]
ModerationOption = Annotated[
    Path | None, typer.Option(metavar="FILE", help="Moderation extract (optional).")
]
ParamsDirOption = Annotated[
    Path,
    typer.Option(
        metavar="FOLDER",
        help="Folder of parameters (defaults.yaml, YYYY-MM.yaml), e.g. one written by init.",
        show_default="the suite's params/",
    ),
]


def add_visits_year_warnings(visits, months: list[str], path: Path | None) -> None:
    """A visits extract with nothing due in a month's reporting year: a warning on the frame."""
    from helpers.extracts.cautions import warn_visits_year

    if visits is None:
        return
    found = [w for m in months for w in warn_visits_year(visits, m, Path(path or "visits").name)]
    visits.attrs["warnings"] = [*visits.attrs.get("warnings", []), *dict.fromkeys(found)]


def print_load_warnings(*frames) -> None:
    """What loading passed over without stopping (ignored columns, blank rows, encoding)."""
    for frame in frames:
        for warning in [] if frame is None else frame.attrs.get("warnings", []):
            console.print(f"[yellow]warning:[/] {warning}", highlight=False, soft_wrap=True)
