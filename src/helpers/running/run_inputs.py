"""What `case-audit run` loads and checks before any page runs: the parameters and the extracts.

One authority's run and a region's (several authorities, `region_command.py`) load each
authority the same way; a problem is a BadRunInput (exit code 2) whose message says what to fix.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from helpers.running.cli_common import add_visits_year_warnings, console, print_load_warnings
from helpers.running.jobs import PAGES, READ_MATCHES
from helpers.settings.params import Params, ParamsError, load_params


class BadRunInput(Exception):
    """Parameters or extracts that a run cannot use: the message for the analyst (exit code 2)."""


@dataclass
class RunInputs:
    """One authority's checked inputs: its parameters, its extracts and the files they came from."""

    settings: Params
    coder: Any
    audits_file: Path
    visits_file: Path | None
    audits: pd.DataFrame | None = None
    visits: pd.DataFrame | None = None
    extras: dict[str, pd.DataFrame | None] = field(default_factory=dict)
    files: dict[str, Path | None] = field(default_factory=dict)

    def theme_counts(self, months: list[str], pages: Iterable[str] = PAGES) -> Any:
        """metrics.json's theme counts for `months` (call it with a month); outside publication
        mode, and when `pages` has a page that reads them (a one-page rerun of scores need not
        wait for a year of comments), its `window_matches` hold the matches those pages read.
        Each distinct comment is coded once, a large run's comments on two cores."""
        from helpers.figures.theme_counts import ThemeCounter, counted_months, distinct_comments
        from helpers.running.theme_coding import code_comments

        counter = ThemeCounter(self.coder)
        audits = self.audits
        counted = audits[audits["audit_month"].isin(counted_months(months))]
        # A publication kernel gets no comment text: no window, no matches handed over.
        reads_window = not self.settings.publication and bool(set(pages) & set(READ_MATCHES))
        window = page_window(audits, months, self.settings) if reads_window else None
        texts = distinct_comments(counted)
        if window is not None:
            texts = list(dict.fromkeys([*texts, *distinct_comments(window)]))
        counter.coded.update(code_comments(counter.read, texts))
        counter.count_months(counted, months)
        if window is not None:
            counter.window_matches = counter.match(window)
        return counter


def page_window(audits: pd.DataFrame, months: list[str], settings: Params) -> pd.DataFrame:
    """The comments the theme pages of `months` read: their trend windows' audits, with control
    characters stripped as `pages.context` strips them (the columns `match_themes` reads)."""
    from helpers.figures.selection import in_months
    from helpers.figures.theme_counts import theme_window
    from helpers.safe.safety import strip_frame_controls
    from helpers.settings.contract import TEXT_COLUMNS

    window = in_months(audits, *theme_window(months, settings.trend_months))
    read = ["audit_id", "audit_month", "source_row", "date_completed", *TEXT_COLUMNS]
    return strip_frame_controls(window[[c for c in read if c in window.columns]])


def load_run_settings(
    months: list[str],
    params_file: Path | None,
    params_dir: Path,
    publication: bool,
    audits: Path | None = None,
    visits: Path | None = None,
    no_visits: bool = False,
) -> RunInputs:
    """The parameters (for the run's last month) and the themes coder; which extracts to read."""
    from helpers.running.preflight import load_run_coder

    try:
        overrides = {"publication": {"enabled": True}} if publication else None
        settings = load_params(months[-1], params_file, overrides, params_dir)
        coder = load_run_coder(settings)
    except ParamsError as error:
        raise BadRunInput(str(error)) from None
    audits_file = audits or settings.data.audits
    visits_file = None if no_visits else (visits or settings.data.visits)
    if audits_file is None:
        raise BadRunInput("no audits extract: pass --audits or set data.audits in the parameters")
    return RunInputs(settings, coder, Path(audits_file), visits_file and Path(visits_file))


def load_run_extracts(
    inputs: RunInputs,
    months: list[str],
    actions: Path | None = None,
    moderation: Path | None = None,
    audits_given: bool = False,
) -> RunInputs:
    """The extracts read and checked (every problem at once), moderation applied; `inputs` filled."""
    from helpers.extracts.cycle import cycle_paths, load_cycle_extracts
    from helpers.extracts.loading import load_extracts
    from helpers.extracts.validation import ExtractError
    from helpers.figures.moderation import apply_moderation

    audits_file, visits_file = inputs.audits_file, inputs.visits_file
    console.print(f"loading {audits_file}" + (f" and {visits_file}" if visits_file else ""))
    cycle_files, notes = cycle_paths(
        inputs.settings.data.model_dump(),
        {"actions": actions, "moderation": moderation},
        audits_given,
    )
    for note in notes:
        console.print(f"[yellow]note:[/] {note}", highlight=False)

    try:
        audit_frame, visit_frame = load_extracts(audits_file, visits_file)
        action_frame, moderation_frame = load_cycle_extracts(
            cycle_files["actions"], cycle_files["moderation"], audit_frame
        )
    except ExtractError as error:
        raise BadRunInput(str(error)) from None
    add_visits_year_warnings(visit_frame, months, visits_file)
    print_load_warnings(audit_frame, visit_frame, action_frame, moderation_frame)
    inputs.audits = apply_moderation(audit_frame, moderation_frame)
    inputs.visits = visit_frame
    inputs.extras = {"actions": action_frame, "moderation": moderation_frame}
    inputs.files = {
        "audits": audits_file.resolve(),
        "visits": visits_file.resolve() if visit_frame is not None else None,
        **{k: Path(v).resolve() if v else None for k, v in cycle_files.items()},
    }
    return inputs
