"""`case-audit run`: choosing the months (or quarter), then running and publishing them."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from helpers.running.cli_common import (
    ModerationOption,
    ParamsDirOption,
    ParamsFileOption,
    console,
    fail,
)
from helpers.running.progress import PageProgress
from helpers.running.warm_start import start_local_pool
from helpers.settings.params import PARAMS_DIR
from helpers.settings.periods import (
    months_between,
    parse_month,
    parse_quarter,
    quarter_from_months,
)
from helpers.sharing.run_index import write_run_index


def _quarter(
    quarter: str | None,
    quarterly: bool,
    month: list[str] | None,
    first: str | None,
    last: str | None,
) -> str | None:
    """The quarter a run asks for (`--quarter`, or `--from/--to --quarterly`), None for months."""
    if quarter and (month or first or last or quarterly):
        raise fail("--quarter stands alone: not with --month, --from, --to or --quarterly", 2)
    try:
        if quarter:
            parse_quarter(quarter)
            return quarter.strip()
        if quarterly:
            if not (first and last) or month:
                raise fail("--quarterly needs --from and --to spanning one quarter", 2)
            return quarter_from_months(first, last)
    except ValueError as error:
        raise fail(str(error), 2) from None
    return None


def _months(month: list[str] | None, first: str | None, last: str | None) -> list[str]:
    chosen = list(month or [])
    for option, value in [*(("--month", m) for m in chosen), ("--from", first), ("--to", last)]:
        try:
            if value is not None:
                parse_month(value)
        except ValueError:
            raise fail(
                f"{option} {value!r} is not a month: write YYYY-MM, e.g. 2019-06", 2
            ) from None
    if first or last:
        if not (first and last):
            raise fail("--from and --to go together", 2)
        if last < first:
            raise fail(f"--to {last} is before --from {first}: give the earlier month first", 2)
        chosen += months_between(first, last)
    if not chosen:
        raise fail("say which month to run: --month YYYY-MM (or --from and --to)", 2)
    return sorted(dict.fromkeys(chosen))


def run(
    month: Annotated[
        list[str] | None,
        typer.Option(metavar="YYYY-MM", help="Month to run, YYYY-MM; repeat for more."),
    ] = None,
    first: Annotated[
        str | None, typer.Option("--from", metavar="YYYY-MM", help="First month of a range.")
    ] = None,
    last: Annotated[
        str | None, typer.Option("--to", metavar="YYYY-MM", help="Last month of a range.")
    ] = None,
    audits: Annotated[
        Path | None,
        typer.Option(metavar="FILE", help="Audits extract; overrides the parameters."),
    ] = None,
    visits: Annotated[
        Path | None,
        typer.Option(metavar="FILE", help="Visits extract; overrides the parameters."),
    ] = None,
    no_visits: Annotated[
        bool, typer.Option("--no-visits", help="Run without a visits extract.")
    ] = False,
    actions: Annotated[
        Path | None,
        typer.Option(metavar="FILE", help="Follow-up actions extract (optional)."),
    ] = None,
    moderation: ModerationOption = None,
    params: ParamsFileOption = None,
    params_dir: ParamsDirOption = PARAMS_DIR,
    output_dir: Annotated[
        Path, typer.Option(metavar="FOLDER", help="Where month folders are written.")
    ] = Path("outputs"),
    formats: Annotated[
        str, typer.Option(metavar="LIST", help="Comma-separated: html, pdf.")
    ] = "html,pdf",
    publication: Annotated[
        bool, typer.Option("--publication", help="Suppress small numbers; no excerpts or names.")
    ] = False,
    pages: Annotated[
        str | None,
        typer.Option(metavar="LIST", help="Comma-separated pages to run (default: all six)."),
    ] = None,
    wait: Annotated[
        bool, typer.Option("--wait", help="If another run is writing the month, wait for it.")
    ] = False,
    authority: Annotated[
        list[Path] | None,
        typer.Option(
            metavar="FILE",
            help="Parameters file of one authority, naming its extracts; repeat for several. "
            "Each authority's months go to <output-dir>/<file name without .yaml>/.",
        ),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(
            metavar="ADDRESS",
            help="Run the pages on this Dask scheduler (tcp://host:8786), not locally.",
        ),
    ] = None,
    quarter: Annotated[
        str | None,
        typer.Option(
            "--quarter",
            metavar="YYYY-YYQn",
            help="The quarterly paper for a financial-year quarter, e.g. 2019-20Q1 (April to June).",
        ),
    ] = None,
    quarterly: Annotated[
        bool,
        typer.Option("--quarterly", help="With --from and --to spanning one quarter: its paper."),
    ] = False,
) -> None:
    """Run the month's pages and write HTML, PDF, metrics.json and run.json per month."""
    if authority:
        if audits or visits or actions or moderation or params:
            raise fail("with --authority, each parameters file names its own extracts", 2)
        stems = [file.stem for file in authority]
        if len(set(stems)) != len(stems):
            raise fail(f"--authority files need different names: {', '.join(stems)}", 2)
        if not (quarter or quarterly):
            from helpers.running.region_command import RegionChoices, run_region_command

            chosen = RegionChoices(
                _months(month, first, last),
                output_dir,
                _formats(formats),
                _pages(pages),
                publication,
                no_visits,
                params_dir,
                wait,
            )
            return run_region_command(authority, chosen, scheduler)
        codes = []  # a quarterly paper is one job per authority: they run one after another
        for file in authority:
            console.print(f"[bold]{file.stem}[/] ({file})", highlight=False)
            try:
                run(
                    month=month,
                    first=first,
                    last=last,
                    no_visits=no_visits,
                    params=file,
                    params_dir=params_dir,
                    output_dir=output_dir / file.stem,
                    formats=formats,
                    publication=publication,
                    pages=pages,
                    wait=wait,
                    scheduler=scheduler,
                    quarter=quarter,
                    quarterly=quarterly,
                )
                codes.append(0)
            except typer.Exit as stopped:
                codes.append(stopped.exit_code)
        if max(codes):
            raise typer.Exit(max(codes))
        return
    from helpers.running import runner as running
    from helpers.running.cache import CacheError, remove_stale_caches
    from helpers.running.month_lock import MonthBusy
    from helpers.running.run_inputs import BadRunInput, load_run_extracts, load_run_settings
    from helpers.running.zygote import remove_stale_socket_folders

    remove_stale_caches()  # extracts left by a killed run go first, whatever this run does
    remove_stale_socket_folders()
    quarter = _quarter(quarter, quarterly, month, first, last)
    months = list(parse_quarter(quarter)) if quarter else _months(month, first, last)
    if quarter and publication:
        raise fail(
            "the quarterly paper has no publication version yet: run it without --publication", 2
        )
    if quarter and pages is not None:
        raise fail("--pages is for monthly runs; a quarterly run makes the one quarterly paper", 2)
    check_run_output_dir(output_dir)
    chosen_pages, chosen_formats = _pages(pages), _formats(formats)
    if not scheduler:
        start_local_pool(() if quarter else chosen_pages)
    try:
        inputs = load_run_settings(
            months, params, params_dir, publication, audits, visits, no_visits
        )
    except BadRunInput as bad:
        raise fail(str(bad), 2) from None
    settings = inputs.settings
    check_machine(chosen_formats, scheduler)
    try:
        inputs = load_run_extracts(inputs, months, actions, moderation, audits is not None)
    except BadRunInput as bad:
        raise fail(str(bad), 2) from None
    audit_frame, visit_frame = inputs.audits, inputs.visits
    progress = (
        PageProgress([quarter], ("quarter",), console)
        if quarter
        else PageProgress(months, chosen_pages, console)
    )
    started = time.perf_counter()
    if progress.live:
        progress.live.start()
    try:
        if quarter:
            from helpers.running.quarter import run_quarter

            results = [
                run_quarter(
                    quarter,
                    audit_frame,
                    visit_frame,
                    settings,
                    {"audits": inputs.files["audits"], "visits": inputs.files["visits"]},
                    output_dir,
                    chosen_formats,
                    on_event=progress,
                )
            ]
        else:
            results = running.run_months(
                months,
                audit_frame,
                visit_frame,
                settings,
                inputs.files,
                output_dir,
                chosen_formats,
                chosen_pages,
                theme_counts=inputs.theme_counts(months, chosen_pages),
                on_event=progress,
                wait=wait,
                on_wait=lambda message: console.print(message, highlight=False),
                extras=inputs.extras,
                scheduler=scheduler,
            )
    except MonthBusy as busy:
        raise fail(str(busy), 2) from None
    except CacheError as error:
        raise fail(error.strerror) from None
    finally:
        if progress.live:
            progress.live.stop()
    index = write_run_index(output_dir, settings.authority)
    for result in results:
        console.print(f"{result.month}: {result.status} -> {result.folder}")
    console.print(
        f"{len(results)} month(s) in {time.perf_counter() - started:.1f} s; every run: {index}"
    )
    if failure_lines(results):
        raise fail("some pages failed:\n" + "\n".join(failure_lines(results)))


def failure_lines(results: list) -> list[str]:
    """A line per month stopped before its pages and per failed page, saying where to look."""
    failed = [r for r in results if r.status != "complete"]
    lines = [f"{r.month}: {r.error}" for r in failed if r.error]
    return lines + [
        f"{r.month} {p.page}: failed"
        + (f" at cell {p.cell}" if p.cell is not None else "")
        + f": {p.error} (executed notebook kept in {r.folder / 'notebooks' / (p.page + '.ipynb')})"
        for r in failed
        for p in r.failures
    ]


def check_run_output_dir(output_dir: Path) -> None:
    from helpers.running.output_dir import UnsafeOutputDir, check_output_dir

    try:
        check_output_dir(output_dir)
    except UnsafeOutputDir as error:
        raise fail(str(error), 2) from None


def _pages(pages: str | None) -> tuple[str, ...]:
    from helpers.running.jobs import PAGES

    chosen = PAGES if pages is None else tuple(p.strip() for p in pages.split(","))
    if not chosen or not set(chosen) <= set(PAGES):
        raise fail(f"--pages takes some of {', '.join(PAGES)}, not {pages!r}", 2)
    return chosen


def _formats(formats: str) -> tuple[str, ...]:
    from helpers.running.jobs import FORMATS

    chosen = tuple(f.strip() for f in formats.split(",") if f.strip())
    if not chosen or [f for f in chosen if f not in FORMATS]:
        raise fail(f"--formats takes html and/or pdf, not {formats!r}", 2)
    return chosen


def check_machine(formats: tuple[str, ...], scheduler: str | None) -> None:
    """The kernel registered, the scheduler answering; a note when no PDF can be made."""
    from helpers.running.preflight import kernel_missing_reason, pdf_unavailable_reason

    if kernel_missing_reason():
        raise fail(kernel_missing_reason(), 2)
    if "pdf" in formats and pdf_unavailable_reason():
        console.print(f"[yellow]note:[/] {pdf_unavailable_reason()} HTML is still written.")
    if scheduler:
        from helpers.running.cluster import scheduler_unreachable_reason

        if scheduler_unreachable_reason(scheduler):
            raise fail(scheduler_unreachable_reason(scheduler), 2)
