"""`case-audit run --authority A.yaml --authority B.yaml`: a region's months, run together.

Every authority is loaded and checked first; one with bad parameters or extracts (or a month
another run is writing) is reported with its file and skipped, and the others still run. Their
pages then run together, in the local pool or on the Dask cluster at `--scheduler`, and each
authority's months are written into `<output-dir>/<file name without .yaml>/` as a single
authority's are. The exit code is the worst of them: 2 if any authority was skipped for bad
input, else 1 if a page failed, else 0; a summary line per authority says which.
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass
from pathlib import Path

from helpers.running.cli_common import console, fail
from helpers.running.region import (
    AuthorityOutcome,
    AuthoritySkipped,
    Preparer,
    job_label,
    prepare_region,
    region_exit_code,
    run_region_pages,
)
from helpers.running.runner import PreparedMonths
from helpers.sharing.run_index import write_run_index


@dataclass(frozen=True)
class RegionChoices:
    """What the command line chose for every authority of the region."""

    months: list[str]
    output_dir: Path
    formats: tuple[str, ...]
    pages: tuple[str, ...]
    publication: bool
    no_visits: bool
    params_dir: Path
    wait: bool


def _preparer(file: Path, chosen: RegionChoices) -> Preparer:
    """Loads and checks the authority's parameters and extracts, then prepares its months."""
    months = chosen.months

    def prepare(stack: contextlib.ExitStack) -> PreparedMonths:
        from helpers.running.cache import CacheError
        from helpers.running.month_lock import MonthBusy
        from helpers.running.output_dir import UnsafeOutputDir
        from helpers.running.run_inputs import BadRunInput, load_run_extracts, load_run_settings
        from helpers.running.runner import prepare_months

        console.print(f"[bold]{file.stem}[/] ({file})", highlight=False)
        try:
            inputs = load_run_settings(
                months, file, chosen.params_dir, chosen.publication, no_visits=chosen.no_visits
            )
            inputs = load_run_extracts(inputs, months)
            return stack.enter_context(
                prepare_months(
                    months,
                    inputs.audits,
                    inputs.visits,
                    inputs.settings,
                    inputs.files,
                    chosen.output_dir / file.stem,
                    chosen.formats,
                    chosen.pages,
                    theme_counts=inputs.theme_counts(months, chosen.pages),
                    wait=chosen.wait,
                    on_wait=lambda message: console.print(message, highlight=False),
                    extras=inputs.extras,
                )
            )
        except BadRunInput as bad:
            fail(f"{file}: {bad}", 2)  # printed now, in the order the authorities load
            raise AuthoritySkipped(f"{file}: {str(bad).splitlines()[0]}", 2) from None
        except (MonthBusy, UnsafeOutputDir) as error:
            fail(f"{file}: {error}", 2)
            raise AuthoritySkipped(f"{file}: {error}", 2) from None
        except CacheError as error:
            fail(f"{file}: {error.strerror}")
            raise AuthoritySkipped(f"{file}: {error.strerror}", 1) from None

    return prepare


def run_region_command(files: list[Path], chosen: RegionChoices, scheduler: str | None) -> None:
    """Check, run together and publish every authority's months; exit with the worst code."""
    from helpers.running.cache import remove_stale_caches
    from helpers.running.progress import PageProgress
    from helpers.running.run_command import (
        check_machine,
        check_run_output_dir,
        failure_lines,
        start_local_pool,
    )

    remove_stale_caches()
    check_run_output_dir(chosen.output_dir)
    check_machine(chosen.formats, scheduler)
    if not scheduler:
        start_local_pool(chosen.pages)
    months, output_dir, pages = chosen.months, chosen.output_dir, chosen.pages
    authorities = {file.stem: _preparer(file, chosen) for file in files}
    with contextlib.ExitStack() as stack:
        prepared, skipped = prepare_region(authorities, stack, len(months))

        def index(name: str) -> None:  # the authority's run index shows each month once done
            write_run_index(output_dir / name, prepared[name].params.authority)

        labels = [job_label(name, month) for name, ready in prepared.items() for month in months]
        progress = PageProgress(labels, pages, console)
        started = time.perf_counter()
        if progress.live:
            progress.live.start()
        try:
            ran = run_region_pages(prepared, progress, scheduler=scheduler, on_published=index)
            outcomes = {**skipped, **ran}
        finally:
            if progress.live:
                progress.live.stop()
    for name in authorities:
        _report(outcomes[name], output_dir / name, prepared.get(name))
    console.print(
        f"{len(prepared)} of {len(files)} authorities run, {len(months)} month(s) each, "
        f"in {time.perf_counter() - started:.1f} s"
    )
    code = region_exit_code(outcomes.values())
    if code:
        lines = [
            f"{name}: {outcomes[name].skipped}" for name in authorities if outcomes[name].skipped
        ]
        lines += [
            f"{name} {line}"
            for name in authorities
            for line in failure_lines(outcomes[name].results)
        ]
        raise fail("some authorities did not complete:\n" + "\n".join(lines), code)


def _report(outcome: AuthorityOutcome, folder: Path, prepared: PreparedMonths | None) -> None:
    """The authority's line: skipped and why, or each month's status and the run index."""
    if prepared is None:
        console.print(f"{outcome.name}: skipped ({outcome.skipped})", highlight=False)
        return
    index = write_run_index(folder, prepared.params.authority)
    for result in outcome.results:
        console.print(f"{outcome.name} {result.month}: {result.status} -> {result.folder}")
    console.print(f"{outcome.name}: every run: {index}", highlight=False)
