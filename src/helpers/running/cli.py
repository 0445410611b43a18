"""The `case-audit` command: demo data, checking extracts, monthly runs and sending the pack."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from helpers.running.allocate_command import allocate_command
from helpers.running.progress import PageProgress
from helpers.settings.params import PARAMS_DIR, ParamsError, load_params
from helpers.settings.periods import (
    months_between,
    parse_month,
    parse_quarter,
    quarter_from_months,
)
from helpers.sharing.run_index import write_run_index
from helpers.sharing.sending import send_command

# Plain help (no rich panels): option values show as FILE, YYYY-MM, ... (each option's metavar),
# never as typer's `<list[str]>` or `<bool>` type labels, and the text wraps at the terminal.
app = typer.Typer(
    help="Monthly case-audit reports for children's social care.",
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    add_completion=False,
)
# soft_wrap: a long line (a path, an error) is left to the terminal, never broken mid-line by rich.
console = Console(stderr=True, soft_wrap=True)


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print `message` for the analyst and return the Exit to raise (no traceback)."""
    console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


@app.command("demo-data")
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


ParamsDirOption = Annotated[
    Path,
    typer.Option(
        metavar="FOLDER",
        help="Folder of parameters (defaults.yaml, YYYY-MM.yaml), e.g. one written by init.",
        show_default="the suite's params/",
    ),
]


@app.command("init")
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


@app.command("validate")
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


@app.command("run")
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
    moderation: Annotated[
        Path | None, typer.Option(metavar="FILE", help="Moderation extract (optional).")
    ] = None,
    params: Annotated[
        Path | None, typer.Option(metavar="FILE", help="Parameters file laid over params/.")
    ] = None,
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
        codes = []
        for file in authority:
            console.print(f"[bold]{file.stem}[/] ({file})", highlight=False)
            try:
                run(
                    month=month,
                    first=first,
                    last=last,
                    no_visits=no_visits,
                    params=file,
                    output_dir=output_dir / file.stem,
                    formats=formats,
                    publication=publication,
                    pages=pages,
                    wait=wait,
                    scheduler=scheduler,
                )
                codes.append(0)
            except typer.Exit as stopped:
                codes.append(stopped.exit_code)
        if max(codes):
            raise typer.Exit(max(codes))
        return
    from helpers.extracts.cycle import cycle_paths, load_cycle_extracts
    from helpers.extracts.loading import load_extracts
    from helpers.extracts.validation import ExtractError
    from helpers.figures.moderation import apply_moderation
    from helpers.running import runner as running
    from helpers.running.cache import CacheError, remove_stale_caches
    from helpers.running.kernels import start_warm_kernels
    from helpers.running.month_lock import MonthBusy
    from helpers.running.output_dir import UnsafeOutputDir, check_output_dir

    remove_stale_caches()  # extracts left by a killed run go first, whatever this run does
    quarter = _quarter(quarter, quarterly, month, first, last)
    months = list(parse_quarter(quarter)) if quarter else _months(month, first, last)
    if quarter and publication:
        raise fail(
            "the quarterly paper has no publication version yet: run it without --publication", 2
        )
    if quarter and pages is not None:
        raise fail("--pages is for monthly runs; a quarterly run makes the one quarterly paper", 2)
    try:
        check_output_dir(output_dir)
    except UnsafeOutputDir as error:
        raise fail(str(error), 2) from None
    chosen_pages = running.PAGES if pages is None else tuple(p.strip() for p in pages.split(","))
    if not chosen_pages or not set(chosen_pages) <= set(running.PAGES):
        raise fail(f"--pages takes some of {', '.join(running.PAGES)}, not {pages!r}", 2)
    chosen_formats = tuple(f.strip() for f in formats.split(",") if f.strip())
    unknown = [f for f in chosen_formats if f not in running.FORMATS]
    if unknown or not chosen_formats:
        raise fail(f"--formats takes html and/or pdf, not {formats!r}", 2)
    try:
        overrides = {"publication": {"enabled": True}} if publication else None
        settings = load_params(months[-1], params, overrides, params_dir)
        coder = running.load_run_coder(settings)
    except ParamsError as error:
        raise fail(str(error), 2) from None
    if running.kernel_missing_reason():
        raise fail(running.kernel_missing_reason(), 2)
    audits_file = audits or settings.data.audits
    visits_file = None if no_visits else (visits or settings.data.visits)
    if audits_file is None:
        raise fail("no audits extract: pass --audits or set data.audits in the parameters", 2)
    if "pdf" in chosen_formats and running.pdf_unavailable_reason():
        console.print(f"[yellow]note:[/] {running.pdf_unavailable_reason()} HTML is still written.")
    if scheduler:
        from helpers.running.cluster import scheduler_unreachable_reason

        if scheduler_unreachable_reason(scheduler):
            raise fail(scheduler_unreachable_reason(scheduler), 2)
    else:
        start_warm_kernels()  # page kernels do their imports while the extracts load and are checked
    console.print(f"loading {audits_file}" + (f" and {visits_file}" if visits_file else ""))
    named = settings.data.model_dump()
    cycle_files, notes = cycle_paths(
        named, {"actions": actions, "moderation": moderation}, audits is not None
    )
    for note in notes:
        console.print(f"[yellow]note:[/] {note}", highlight=False)
    try:
        audit_frame, visit_frame = load_extracts(audits_file, visits_file)
        action_frame, moderation_frame = load_cycle_extracts(
            cycle_files["actions"], cycle_files["moderation"], audit_frame
        )
    except ExtractError as error:
        raise fail(str(error), 2) from None
    add_visits_year_warnings(visit_frame, months, visits_file)
    print_load_warnings(audit_frame, visit_frame, action_frame, moderation_frame)
    audit_frame = apply_moderation(audit_frame, moderation_frame)
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

            inputs = {
                "audits": Path(audits_file).resolve(),
                "visits": Path(visits_file).resolve() if visit_frame is not None else None,
            }
            results = [
                run_quarter(
                    quarter,
                    audit_frame,
                    visit_frame,
                    settings,
                    inputs,
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
                {
                    "audits": Path(audits_file).resolve(),
                    "visits": Path(visits_file).resolve() if visit_frame is not None else None,
                    **{k: Path(v).resolve() if v else None for k, v in cycle_files.items()},
                },
                output_dir,
                chosen_formats,
                chosen_pages,
                theme_counts=running.theme_counter(audit_frame, coder, months),
                on_event=progress,
                wait=wait,
                on_wait=lambda message: console.print(message, highlight=False),
                extras={"actions": action_frame, "moderation": moderation_frame},
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
    failed = [r for r in results if r.status != "complete"]
    for result in results:
        console.print(f"{result.month}: {result.status} -> {result.folder}")
    console.print(
        f"{len(results)} month(s) in {time.perf_counter() - started:.1f} s; every run: {index}"
    )
    if failed:
        lines = [f"{r.month}: {r.error}" for r in failed if r.error]
        lines += [
            f"{r.month} {p.page}: failed"
            + (f" at cell {p.cell}" if p.cell is not None else "")
            + f": {p.error} (executed notebook kept in {r.folder / 'notebooks' / (p.page + '.ipynb')})"
            for r in failed
            for p in r.failures
        ]
        raise fail("some pages failed:\n" + "\n".join(lines))


@app.command("code-themes")
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


app.command("allocate")(allocate_command)
app.command("send", help="Email the month's report to named recipients (or write it as .eml).")(
    send_command
)


def _inside_a_pack(path: Path, output_dir: Path) -> bool:
    """True when `path` would land in a month's (or quarter's) folder under `output_dir`."""
    from helpers.sharing.run_index import PERIOD_FOLDER

    try:
        relative = path.resolve().relative_to(output_dir.resolve())
    except ValueError:
        return False
    return len(relative.parts) > 1 and bool(PERIOD_FOLDER.match(relative.parts[0]))


@app.command("trace")
def trace(
    month: Annotated[str, typer.Option(metavar="YYYY-MM", help="Report month.")],
    figure: Annotated[
        str,
        typer.Option(
            metavar="KEY",
            help="The figure's key in metrics.json, e.g. scores.month.judgement_counts.Inadequate "
            "or compliance.trend[2019-05].returned (docs/contract.md lists the forms).",
        ),
    ],
    audits: Annotated[
        Path | None,
        typer.Option(metavar="FILE", help="Audits extract; default: the parameters'."),
    ] = None,
    visits: Annotated[
        Path | None,
        typer.Option(metavar="FILE", help="Visits extract; default: the parameters'."),
    ] = None,
    actions: Annotated[
        Path | None, typer.Option(metavar="FILE", help="Actions extract (optional).")
    ] = None,
    moderation: Annotated[
        Path | None, typer.Option(metavar="FILE", help="Moderation extract (optional).")
    ] = None,
    csv: Annotated[
        Path | None,
        typer.Option(metavar="FILE", help="Also write the rows to this CSV (never into a pack)."),
    ] = None,
    params: Annotated[
        Path | None, typer.Option(metavar="FILE", help="Parameters file laid over params/.")
    ] = None,
    params_dir: ParamsDirOption = PARAMS_DIR,
    output_dir: Annotated[
        Path, typer.Option(metavar="FOLDER", help="Where month folders are (read only).")
    ] = Path("outputs"),
) -> None:
    """Show the rows behind one figure of a month and the figure recomputed from them (internal)."""
    import difflib
    import json

    from helpers.extracts.cycle import cycle_paths, load_cycle_extracts
    from helpers.extracts.loading import load_extracts
    from helpers.extracts.validation import ExtractError
    from helpers.figures.metrics import compute_metrics
    from helpers.figures.moderation import apply_moderation
    from helpers.figures.trace import (
        TraceSource,
        UnknownFigure,
        figure_keys,
        published_value,
        trace_figure,
    )
    from helpers.running import runner as running

    try:
        parse_month(month)
        settings = load_params(month, params, None, params_dir)
    except (ValueError, ParamsError) as error:
        raise fail(str(error), 2) from None
    if settings.publication:
        raise fail(
            "trace shows ids and rows, so it refuses publication mode: "
            "run it with parameters where publication is false",
            2,
        )
    if csv is not None and _inside_a_pack(csv, output_dir):
        raise fail(f"{csv} is inside a month's pack: trace never writes there", 2)
    audits_file, visits_file = audits or settings.data.audits, visits or settings.data.visits
    if audits_file is None:
        raise fail("no audits extract: pass --audits or set data.audits in the parameters", 2)
    cycle_files, _ = cycle_paths(
        settings.data.model_dump(), {"actions": actions, "moderation": moderation}, bool(audits)
    )
    try:
        audit_frame, visit_frame = load_extracts(audits_file, visits_file)
        action_frame, moderation_frame = load_cycle_extracts(
            cycle_files["actions"], cycle_files["moderation"], audit_frame
        )
        coder = running.load_run_coder(settings)
    except (ExtractError, ParamsError) as error:
        raise fail(str(error), 2) from None
    # As the run does: the judgements are the moderator's where an audit was moderated.
    audit_frame = apply_moderation(audit_frame, moderation_frame)
    counts = running.theme_counter(audit_frame, coder, [month])(month)
    metrics = compute_metrics(
        audit_frame, visit_frame, month, settings, counts, action_frame, moderation_frame
    )
    try:
        published = published_value(metrics, figure)
        source = TraceSource(
            month, settings, audit_frame, visit_frame, action_frame, moderation_frame
        )
        traced = trace_figure(figure, source)
    except UnknownFigure as error:
        near = difflib.get_close_matches(figure, figure_keys(metrics), n=5, cutoff=0.6)
        hint = f"; did you mean {', '.join(near)}?" if near else ""
        raise fail(f"{error}{hint}", 2) from None
    typer.echo(traced.rows.to_string(index=False) if len(traced.rows) else "(no rows)")
    typer.echo(f"\n{figure}: {traced.arithmetic}")
    pack = output_dir / month / "metrics.json"
    sources = [("computed from these extracts", published)]
    if pack.is_file():
        try:
            sources.append((f"in {pack}", published_value(json.loads(pack.read_text()), figure)))
        except (UnknownFigure, ValueError):
            pass
    for where, value in sources:
        agrees = "agrees" if value == traced.value else "DIFFERS"
        typer.echo(f"metrics value {where}: {value} ({agrees} with the rows)")
    if csv is not None:
        csv.parent.mkdir(parents=True, exist_ok=True)
        traced.rows.to_csv(csv, index=False)
        typer.echo(f"wrote {len(traced.rows):,} rows to {csv}")
    if published != traced.value:
        raise typer.Exit(1)
