"""`case-audit demo-data`, `init` and `validate`: the data and parameters before a run."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from helpers.running.cli_common import (
    ParamsDirOption,
    add_visits_year_warnings,
    console,
    fail,
    print_load_warnings,
)
from helpers.settings.params import PARAMS_DIR, ParamsError, load_params


def demo_data(
    out: Annotated[
        Path,
        typer.Option(metavar="FOLDER", help="Folder to write audits.csv and visits.csv into."),
    ] = Path("data/demo"),
    seed: Annotated[
        int, typer.Option(metavar="N", help="Random seed; the same seed writes the same files.")
    ] = 2019,
    fmt: Annotated[str, typer.Option("--format", metavar="csv|xlsx", help="csv or xlsx.")] = "csv",
) -> None:
    """Write a deterministic synthetic pair of extracts for a fictional authority."""
    from helpers.extracts.cycle import load_auditors, load_children, load_cycle_extracts
    from helpers.extracts.demo import write_demo_extracts
    from helpers.extracts.loading import load_extracts
    from helpers.extracts.validation import ExtractError

    if fmt not in ("csv", "xlsx"):
        raise fail(f"--format must be csv or xlsx, not {fmt!r}", 2)
    paths = write_demo_extracts(out, seed=seed, fmt=fmt)
    try:
        audits, visits = load_extracts(paths["audits"], paths["visits"])
        actions, moderation = load_cycle_extracts(paths["actions"], paths["moderation"], audits)
        load_children(paths["children"]), load_auditors(paths["auditors"])
    except ExtractError as error:  # the generator and the contract disagree: say so loudly
        raise fail(f"the demo extracts do not pass validation:\n{error}") from None
    console.print(
        f"wrote {paths['audits']} ({len(audits):,} audits), {paths['visits']} "
        f"({len(visits):,} visits), {paths['actions']} ({len(actions):,} actions), "
        f"{paths['moderation']} ({len(moderation):,} moderated audits) and the children and "
        "auditors lists for `case-audit allocate`; all pass validation"
    )


def init(
    authority: Annotated[
        str, typer.Option(metavar="NAME", help='The council, e.g. "Dorset Council".')
    ],
    directory: Annotated[
        Path,
        typer.Option("--dir", metavar="FOLDER", help="Where to write params/defaults.yaml."),
    ] = Path("."),
    service: Annotated[
        str, typer.Option(metavar="NAME", help="The service the paper reports on.")
    ] = "Children's Services",
    force: Annotated[
        bool, typer.Option("--force", help="Replace parameters already in the folder.")
    ] = False,
) -> None:
    """Write a new council's parameters, each explained, for it to fill in."""
    from helpers.settings.council import CouncilExists, write_council_params

    try:
        written = write_council_params(directory, authority, service, force)
    except (CouncilExists, ValueError) as error:
        raise fail(str(error), 2) from None
    console.print(
        f"wrote {written}: fill in the lines marked TO SET, then run "
        f"`case-audit validate --params-dir {written.parent}` to see what is still missing"
    )


def validate(
    audits: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE", help="Audits extract (CSV or XLSX); default: the parameters'."
        ),
    ] = None,
    visits: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE", help="Visits extract (CSV or XLSX); default: the parameters'."
        ),
    ] = None,
    params_dir: ParamsDirOption = PARAMS_DIR,
) -> None:
    """Check the parameters and the extracts; list every problem and what is still to set."""
    from helpers.extracts.loading import load_extracts
    from helpers.extracts.validation import ExtractError
    from helpers.settings.council import validate_council_params

    try:
        settings = load_params(None, params_dir=params_dir)
    except ParamsError as error:
        raise fail(str(error), 2) from None
    given = {"data.audits": audits, "data.visits": visits}
    missing = [
        line for line in validate_council_params(settings) if given.get(line.split(":")[0]) is None
    ]
    for line in missing:
        console.print(f"[yellow]still to set:[/] {line}", highlight=False)
    audits = audits or settings.data.audits
    visits = visits or settings.data.visits
    if audits is None:
        raise fail("no audits extract to check: pass --audits or set data.audits", 2)
    try:
        audit_frame, visit_frame = load_extracts(audits, visits)
    except ExtractError as error:
        raise fail(str(error), 2) from None
    latest = audit_frame["audit_month"].dropna().max()
    if isinstance(latest, str):  # the month validate checks the visits against: the latest audited
        add_visits_year_warnings(visit_frame, [latest], visits)
    print_load_warnings(audit_frame, visit_frame)
    message = f"{audits}: {len(audit_frame):,} audits pass"
    if visit_frame is not None:
        message += f"; {visits}: {len(visit_frame):,} visits pass"
    console.print(message + f"; parameters in {params_dir} pass")
