"""`case-audit trace`: the rows and arithmetic behind one published figure."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from helpers.running.cli_common import (
    ModerationOption,
    ParamsDirOption,
    ParamsFileOption,
    fail,
)
from helpers.settings.params import PARAMS_DIR, ParamsError, load_params
from helpers.settings.periods import (
    parse_month,
)


def _inside_a_pack(path: Path, output_dir: Path) -> bool:
    """True when `path` would land in a month's (or quarter's) folder under `output_dir`."""
    from helpers.sharing.run_index import PERIOD_FOLDER

    try:
        relative = path.resolve().relative_to(output_dir.resolve())
    except ValueError:
        return False
    return len(relative.parts) > 1 and bool(PERIOD_FOLDER.match(relative.parts[0]))


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
    moderation: ModerationOption = None,
    csv: Annotated[
        Path | None,
        typer.Option(metavar="FILE", help="Also write the rows to this CSV (never into a pack)."),
    ] = None,
    params: ParamsFileOption = None,
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
