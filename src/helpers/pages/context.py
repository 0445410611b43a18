"""What every page of a month's report starts from: parameters, the two extracts and the month.

A notebook's `parameters` cell names the month and, optionally, files; `load_context` turns them into
one `MonthContext`. Run by the runner, the extracts arrive already loaded and validated (Parquet);
opened by an analyst in JupyterLab, the defaults read the demo extracts named in `params/`.

In publication mode a context holds no extracts: only the publishable set (metrics with "[c]"
and the page tables, helpers.safe.publishable), so no page can show a raw count.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from helpers.extracts.cycle import cycle_paths, load_cycle_extracts
from helpers.extracts.loading import (
    CONTROLS_STRIPPED,
    load_audits,
    load_visits,
    read_cached_frame,
)
from helpers.figures.metrics import compute_metrics
from helpers.figures.moderation import apply_moderation
from helpers.figures.tables import VISIT_TABLES, compute_audit_tables, compute_visit_tables
from helpers.figures.theme_coder import load_run_coder
from helpers.figures.theme_counts import theme_counter
from helpers.safe.publishable import (
    compute_publishable,
    publishable_metrics,
    tables_from_metrics,
)
from helpers.safe.safety import strip_frame_controls
from helpers.settings.formatting import is_hidden
from helpers.settings.params import Params, ParamsError, load_params
from helpers.settings.periods import month_label, parse_month, previous_month


class LazyFrame:
    """A frame read when a page first asks for it: most pages never look at the visits, and a
    large extract has a million of them."""

    def __init__(self, load: Callable[[], pd.DataFrame]) -> None:
        self._load: Callable[[], pd.DataFrame] | None = load
        self._frame: pd.DataFrame | None = None

    def get(self) -> pd.DataFrame:
        if self._load is not None:
            self._frame, self._load = self._load(), None
        assert self._frame is not None
        return self._frame


@dataclass(frozen=True)
class MonthContext:
    month: str
    params: Params
    audits: pd.DataFrame | None  # None in publication mode: pages read `metrics` and `tables`
    # `visits`: None when no visits extract was given (or publication mode); read on first use.
    _visits: pd.DataFrame | LazyFrame | None
    metrics: dict  # the month's figures, as written to metrics.json
    actions: pd.DataFrame | None = None  # None: no actions extract for this run
    moderation: pd.DataFrame | None = None  # None: no moderation extract for this run
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)  # helpers.figures.tables

    @property
    def visits(self) -> pd.DataFrame | None:
        return self._visits.get() if isinstance(self._visits, LazyFrame) else self._visits

    def table(self, name: str) -> pd.DataFrame | None:
        """A page table by name (None when the month has none, e.g. no visits extract).

        Made when first asked for, from the frames it needs: an audits table never reads the visits.
        """
        if name not in self.tables and self.audits is not None:
            if name not in VISIT_TABLES:
                self.tables.update(compute_audit_tables(self.audits, self.month, self.params))
            elif self.visits is not None:
                self.tables.update(
                    compute_visit_tables(self.audits, self.visits, self.month, self.params)
                )
        return self.tables.get(name)

    @property
    def previous(self) -> str:
        return previous_month(self.month)

    @property
    def has_previous(self) -> bool:
        """False in the first month of data: tables then show no empty "month before" column."""
        return self.previous >= self.metrics.get("first_data_month", self.previous)

    @property
    def label(self) -> str:
        return month_label(self.month)

    @property
    def publication(self) -> bool:
        return bool(self.params.publication)


def with_hidden_flags(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """`frame` for a chart: a `suppressed` flag on rows with any "[c]" among `columns`, and
    those columns numeric (a hidden value becomes NaN, so no chart can draw or word it)."""
    hidden = pd.Series(False, index=frame.index)
    for column in columns:
        hidden |= frame[column].map(is_hidden)
    numbers = {c: pd.to_numeric(frame[c].where(~hidden), errors="coerce") for c in columns}
    return frame.assign(**numbers, suppressed=hidden)


def load_run_params(
    month: str, params_path: str | Path | None = None, publication: bool | None = None
) -> Params:
    """The run's parameters: a resolved `params.json` written by the runner, or the YAML layers."""
    if params_path is not None and Path(params_path).suffix == ".json":
        params = Params.model_validate_json(Path(params_path).read_text(encoding="utf-8"))
    else:
        params = load_params(month, params_path)
    if publication is not None and publication != params.publication:
        params = params.model_copy(update={"publication": params.publication.turned(publication)})
    return params


def load_context(
    month: str,
    audits_path: str | Path | None = None,
    visits_path: str | Path | None = None,
    params_path: str | Path | None = None,
    publication: bool | None = None,
    metrics_path: str | Path | None = None,
    actions_path: str | Path | None = None,
    moderation_path: str | Path | None = None,
) -> MonthContext:
    """Parameters, extracts and figures for `month`; explicit paths win over the parameters'.

    `metrics_path` is the run's metrics.json; without it (in JupyterLab) the figures are computed.
    `actions_path` and `moderation_path` are the run's cache of those extracts, already checked;
    without them the files the parameters name are read and checked here.
    """
    parse_month(month)
    params = load_run_params(month, params_path, publication)
    if params.publication and metrics_path is not None:
        published = json.loads(Path(metrics_path).read_text(encoding="utf-8"))
        if "tables" in published:  # the runner's publishable metrics.json: no extracts needed
            return publication_context(month, params, published)
    audits_file = audits_path or params.data.audits
    if audits_file is None:
        raise ParamsError(
            "no audits extract: give audits_path or set data.audits in the parameters"
        )
    # With the run's metrics.json no figure needs the visits: a page reads them if it shows them.
    lazy = metrics_path is not None and not params.publication
    audits, visits = load_frames(audits_file, visits_path or params.data.visits, lazy)
    # A run's params.json names the run's own actions and moderation files; the YAML parameters
    # name them only together with their own audits.
    from_run = params_path is not None and Path(params_path).suffix == ".json"
    if actions_path is not None or moderation_path is not None:
        actions, moderation = load_cycle_frames(actions_path, moderation_path, audits)
    else:
        chosen, _ = cycle_paths(
            params.data.model_dump(), {}, audits_path is not None and not from_run
        )
        actions, moderation = load_cycle_extracts(chosen["actions"], chosen["moderation"], audits)
    actions = None if actions is None else strip_frame_controls(actions)
    audits = apply_moderation(audits, moderation)
    metrics = json.loads(Path(metrics_path).read_text(encoding="utf-8")) if metrics_path else None
    return make_context(month, params, audits, visits, metrics, actions, moderation)


def make_context(
    month: str,
    params: Params,
    audits: pd.DataFrame,
    visits: pd.DataFrame | LazyFrame | None,
    metrics: dict | None = None,
    actions: pd.DataFrame | None = None,
    moderation: pd.DataFrame | None = None,
) -> MonthContext:
    """The context for `month`: figures computed when not given; in publication mode the
    publishable set only, the extracts dropped."""
    if metrics is None or params.publication:  # figures from the visits themselves
        visits = visits.get() if isinstance(visits, LazyFrame) else visits
    if metrics is None:
        metrics = compute_month_metrics(audits, visits, month, params, actions, moderation)
    if not params.publication:
        return MonthContext(month, params, audits, visits, metrics, actions, moderation)
    publishable = compute_publishable(audits, visits, metrics, params)
    return publication_context(month, params, publishable_metrics(publishable))


def publication_context(month: str, params: Params, metrics: dict) -> MonthContext:
    """A publication page's context: the pack's metrics.json and nothing else."""
    return MonthContext(month, params, None, None, metrics, tables=tables_from_metrics(metrics))


def load_frames(
    audits_file: str | Path, visits_file: str | Path | None, lazy: bool = False
) -> tuple[pd.DataFrame, pd.DataFrame | LazyFrame | None]:
    """The audits and (if named) visits frames a page reads, from the runner's cache or a file.

    With `lazy`, visits from the runner's cache are read when first used (`LazyFrame`); an
    extract file is always read now, so that its problems show at once."""

    def read_visits() -> pd.DataFrame:
        return _stripped(_load(visits_file, load_visits))

    visits: pd.DataFrame | LazyFrame | None = None
    if visits_file and lazy and Path(visits_file).suffix == ".parquet":
        visits = LazyFrame(read_visits)
    elif visits_file:
        visits = read_visits()
    return _stripped(_load(audits_file, load_audits)), visits


def load_cycle_frames(
    actions_path: str | Path | None, moderation_path: str | Path | None, audits: pd.DataFrame
) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    """The actions and moderation frames: the runner's cache as it is (the run read and checked
    the files), extract files read and checked against `audits`."""
    paths = (actions_path, moderation_path)
    if all(path is None or Path(path).suffix == ".parquet" for path in paths):
        actions, moderation = (None if path is None else read_cached_frame(path) for path in paths)
        return actions, moderation
    return load_cycle_extracts(actions_path, moderation_path, audits)


def _stripped(frame: pd.DataFrame) -> pd.DataFrame:
    """Control characters typed into the case system never reach a page: stripped once, by the
    runner for the frames it caches (marked so), or here."""
    return frame if frame.attrs.get(CONTROLS_STRIPPED) else strip_frame_controls(frame)


def _load(path: str | Path, loader) -> pd.DataFrame:
    """The runner's Parquet cache as it is; an extract through its loader and checks."""
    return read_cached_frame(path) if Path(path).suffix == ".parquet" else loader(path)


def compute_month_metrics(
    audits: pd.DataFrame,
    visits: pd.DataFrame | None,
    month: str,
    params: Params,
    actions: pd.DataFrame | None = None,
    moderation: pd.DataFrame | None = None,
) -> dict:
    """metrics.json's figures for one month, theme counts included."""
    counter = theme_counter(audits, load_run_coder(params), [month])
    return compute_metrics(audits, visits, month, params, counter(month), actions, moderation)
