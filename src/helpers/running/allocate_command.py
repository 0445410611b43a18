"""`case-audit allocate`: next month's audits, children picked and given peer auditors.

The rules live in `helpers.cycle.allocation`; this is the command around them: read the lists,
apply the parameters, say which rule failed (exit 2, nothing written) or write the allocation.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from helpers.settings.params import ParamsError, load_params
from helpers.settings.periods import parse_month


def allocate_command(
    month: Annotated[str, typer.Option(metavar="YYYY-MM", help="The month to allocate, YYYY-MM.")],
    children: Annotated[
        Path, typer.Option(metavar="FILE", help="Children list (CSV or XLSX) to pick from.")
    ],
    auditors: Annotated[
        Path, typer.Option(metavar="FILE", help="Peer auditors and their teams (CSV or XLSX).")
    ],
    cohort: Annotated[
        str | None,
        typer.Option(
            metavar="QUERY", help='Which children, e.g. \'cohort == "LAC" and team == "CWAD"\'.'
        ),
    ] = None,
    size: Annotated[
        int | None,
        typer.Option(metavar="N", help="How many audits (default: allocation.size).", min=1),
    ] = None,
    seed: Annotated[
        int, typer.Option(metavar="N", help="The same seed gives the same allocation.")
    ] = 1,
    out: Annotated[
        Path, typer.Option(metavar="FOLDER", help="Folder for allocation-<month>.csv/.xlsx.")
    ] = Path("allocations"),
    audits: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE", help="Audits so far, for the recent-audit rule (default: data.audits)."
        ),
    ] = None,
    recent_months: Annotated[
        int | None,
        typer.Option(
            metavar="N", help="Skip children audited in this many months before (default 6).", min=0
        ),
    ] = None,
    params: Annotated[
        Path | None, typer.Option(metavar="FILE", help="Parameters file laid over params/.")
    ] = None,
) -> None:
    """Pick the month's children and give each a peer auditor; write it as an audits extract."""
    from helpers.cycle.allocation import (
        AllocationError,
        AllocationRequest,
        describe_allocation,
    )
    from helpers.cycle.allocation import allocate as allocate_month
    from helpers.cycle.cohort_filter import CohortFilterError
    from helpers.cycle.files import write_allocation
    from helpers.extracts.cycle import load_auditors, load_children
    from helpers.extracts.loading import load_audits
    from helpers.extracts.validation import ExtractError
    from helpers.running.cli_common import console, fail, print_load_warnings

    started = time.perf_counter()
    try:
        parse_month(month)
        settings = load_params(month, params)
    except (ParamsError, ValueError) as error:
        raise fail(str(error), 2) from None
    history_file = audits or settings.data.audits
    if history_file is not None and not Path(history_file).exists() and audits is None:
        history_file = None  # the defaults name demo data that may not be written yet
    try:
        child_list, auditor_list = load_children(children), load_auditors(auditors)
        history = load_audits(history_file) if history_file is not None else None
    except ExtractError as error:
        raise fail(str(error), 2) from None
    print_load_warnings(child_list, auditor_list, history)
    if history is None:
        console.print("[yellow]note:[/] no audits extract, so no child is skipped as recent")
    request = AllocationRequest(
        month=month,
        size=size if size is not None else settings.allocation.size,
        recent_months=(
            recent_months if recent_months is not None else settings.allocation.recent_months
        ),
        seed=seed,
        cohort=cohort,
    )
    try:
        allocation = allocate_month(child_list, auditor_list, history, request)
    except (AllocationError, CohortFilterError) as error:
        raise fail(f"{error}; nothing was written", 2) from None
    paths = write_allocation(allocation, out, month)
    console.print(
        f"{month}: {describe_allocation(allocation, auditor_list)}; seed {seed}; wrote {paths['csv']} and {paths['xlsx']} in {time.perf_counter() - started:.2f} s"
    )
