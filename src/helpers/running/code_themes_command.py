"""`case-audit code-themes`: code any file of comments as the monthly run does."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from helpers.running.cli_common import (
    console,
    fail,
)
from helpers.settings.params import ParamsError, load_params


def code_themes(
    in_file: Annotated[
        Path,
        typer.Option(
            "--in", metavar="FILE", help="CSV or XLSX of comments: an id column and a text column."
        ),
    ],
    out_file: Annotated[
        Path, typer.Option("--out", metavar="FILE", help="CSV to write: id, themes (`;`).")
    ],
    id_column: Annotated[
        str, typer.Option(metavar="NAME", help="The column holding each comment's id.")
    ] = "id",
    text_column: Annotated[
        str, typer.Option(metavar="NAME", help="The column holding the comment.")
    ] = "comment",
    params: Annotated[
        Path | None,
        typer.Option(metavar="FILE", help="Parameters file laid over params/defaults.yaml."),
    ] = None,
) -> None:
    """Code any file of comments with the monthly run's codebook, labels and parameters."""
    import pandas as pd

    from helpers.figures.theme_coder import code_comments, load_run_coder

    try:
        settings = load_params(None, params)
        coder = load_run_coder(settings)
    except ParamsError as error:
        raise fail(str(error), 2) from None
    try:
        if in_file.suffix.lower() in (".xlsx", ".xlsm", ".xls"):
            comments = pd.read_excel(in_file, dtype=str, keep_default_na=False)
        else:
            comments = pd.read_csv(in_file, dtype=str, keep_default_na=False)
    except FileNotFoundError:
        raise fail(f"{in_file}: file not found", 2) from None
    except (ValueError, pd.errors.ParserError) as error:
        raise fail(f"{in_file}: cannot be read as a table: {error}", 2) from None
    try:
        coded = code_comments(comments, coder, id_column, text_column)
    except ValueError as error:
        raise fail(f"{in_file}: {error}", 2) from None
    out_file.parent.mkdir(parents=True, exist_ok=True)
    coded.to_csv(out_file, index=False)
    with_theme = int((coded["themes"] != "").sum())
    console.print(
        f"coded {len(coded):,} comments from {in_file}: {with_theme:,} show a theme, "
        f"{len(coded) - with_theme:,} none; wrote {out_file}"
    )
