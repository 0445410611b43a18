"""`outputs/index.html`: every month (and quarter) run so far, its status, headline figures and links.

Rewritten after every run from what is on disk (each period's run.json and metrics.json), so it is
right even after a folder is deleted by hand. Self-contained (inline CSS and SVG, only relative
links to the packs beside it) and accessible like the reports: one h1, a captioned table with
header cells, and trend charts that carry their values as text.
"""

from __future__ import annotations

import html
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from helpers.settings.formatting import VISIT_RATE_PLACES, fmt_count, fmt_rate, fmt_score
from helpers.settings.periods import month_label, quarter_label

INDEX_FILE = "index.html"
# Months (2019-06) and quarters: the financial year's (2019-20Q1, as `run --quarter` writes them)
# and the older 2019-Q1.
PERIOD_FOLDER = re.compile(r"^(?P<period>\d{4}-(?:\d{2}|Q[1-4]|\d{2}Q[1-4]))(?P<failed>\.failed)?$")
PUBLICATION_FOLDER = "publication"


@dataclass(frozen=True)
class Headline:
    """One figure of the index: its column heading, how to read it from metrics, how to show it."""

    heading: str
    value: Any  # metrics -> the raw figure (None when the period has none)
    shown: Any  # metrics -> the text in the table
    trend: bool = True  # drawn in the trend charts (rates and means, not counts)
    as_percent: bool = False


def _visits_latest(metrics: dict) -> dict:
    rows = (metrics.get("visits") or {}).get("year_to_date") or []
    return rows[-1] if rows else {}


def _cut(metrics: dict) -> dict:
    """The period's scores: a month's, or a quarter's."""
    scores = metrics.get("scores") or {}
    return scores.get("month") or scores.get("quarter") or {}


def is_quarter(period: str) -> bool:
    return "Q" in period


def _inadequate(metrics: dict) -> int | None:
    return _cut(metrics).get("judgement_counts", {}).get("Inadequate")


HEADLINES: tuple[Headline, ...] = (
    Headline(
        "Audits returned",
        lambda m: m.get("compliance", {}).get("rate"),
        lambda m: (
            f"{fmt_count(m['compliance']['returned'])} of {fmt_count(m['compliance']['allocated'])}"
            f" ({fmt_rate(m['compliance']['rate'])})"
        ),
        as_percent=True,
    ),
    Headline(
        "Average score",
        lambda m: _cut(m).get("overall_mean"),
        lambda m: fmt_score(_cut(m)["overall_mean"]),
    ),
    Headline(
        "Inadequate",
        _inadequate,
        lambda m: fmt_count(_inadequate(m)),
        trend=False,
    ),
    Headline(
        "Visits on time, year to date",
        lambda m: _visits_latest(m).get("on_time_rate"),
        lambda m: fmt_rate(_visits_latest(m).get("on_time_rate"), places=VISIT_RATE_PLACES),
        as_percent=True,
    ),
)


@dataclass
class PeriodRun:
    period: str  # YYYY-MM or YYYY-Qn
    folder: str  # relative to the output folder
    status: str  # complete, failed, or unknown when run.json is missing or unreadable
    finished_at: str | None = None
    metrics: dict | None = None
    failed_pages: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)  # (text, relative href)


def _read_json(path: Path) -> dict | None:
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return loaded if isinstance(loaded, dict) else None


def _pack_links(folder: Path, prefix: str, label: str) -> list[tuple[str, str]]:
    return [
        (f"{label} ({suffix.upper()})", f"{prefix}/report.{suffix}")
        for suffix in ("html", "pdf")
        if (folder / f"report.{suffix}").is_file()
    ]


def _failed_pages(record: dict) -> list[str]:
    latest = record.get("latest_run") or {}
    if isinstance(latest, dict) and latest.get("failed_pages"):
        return sorted(latest["failed_pages"])
    return sorted(
        page
        for page, result in (record.get("pages") or {}).items()
        if isinstance(result, dict) and result.get("status") not in ("done", None)
    )


def _describe_period(output_dir: Path, period: str) -> PeriodRun:
    """One period: its month folder (complete files, perhaps from an earlier run) and any failed run."""
    folder, failed = output_dir / period, output_dir / f"{period}.failed"
    record = _read_json(folder / "run.json") or {} if folder.is_dir() else {}
    failed_record = _read_json(failed / "run.json") or {} if failed.is_dir() else {}
    status = record.get("status") or ("failed" if failed.is_dir() else "unknown")
    run = PeriodRun(period, folder.name, status, record.get("finished_at"))
    run.failed_pages = _failed_pages(record) if status != "complete" else []
    if not run.failed_pages and status != "complete":
        run.failed_pages = _failed_pages(failed_record)
    if (folder / "metrics.json").is_file():  # a month's files stay when a later rerun fails
        run.metrics = _read_json(folder / "metrics.json")
        label = "Publication version" if record.get("publication") else "Report"
        run.links = _pack_links(folder, period, label)
        run.links += _pack_links(
            folder / PUBLICATION_FOLDER, f"{period}/{PUBLICATION_FOLDER}", "Publication version"
        )
    if status != "complete" and (failed / "run.json").is_file():
        run.links.append(("Failed run", f"{failed.name}/run.json"))
    return run


def collect_runs(output_dir: Path) -> list[PeriodRun]:
    """Every period with a folder under `output_dir`, newest first (months, then quarters)."""
    output_dir = Path(output_dir)
    folders = sorted(output_dir.iterdir()) if output_dir.is_dir() else []
    periods = {
        match["period"]
        for folder in folders
        if folder.is_dir() and (match := PERIOD_FOLDER.match(folder.name))
    }
    return [_describe_period(output_dir, period) for period in sorted(periods, reverse=True)]


def period_label(period: str) -> str:
    if re.match(r"^\d{4}-\d{2}Q[1-4]$", period):
        return quarter_label(period)
    if "-Q" in period:
        year, quarter = period.split("-Q")
        return f"Quarter {quarter} {year}"
    return month_label(period)


def _shown(value: float, as_percent: bool) -> str:
    return fmt_rate(value) if as_percent else fmt_score(value)


def _sparkline(title: str, points: list[tuple[str, float]], as_percent: bool) -> str:
    """An inline SVG line of the values, oldest first, with every value spelt out for screen readers."""
    width, height, pad = 240, 48, 4
    values = [value for _, value in points]
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    step = (width - 2 * pad) / max(len(points) - 1, 1)
    xy = [
        (pad + i * step, height - pad - (value - low) / span * (height - 2 * pad))
        for i, value in enumerate(values)
    ]
    shown = [f"{period_label(p)}: {_shown(v, as_percent)}" for p, v in points]
    described = html.escape(f"{title}, oldest first. " + "; ".join(shown) + ".")
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in xy)
    last_x, last_y = xy[-1]
    return (
        f'<svg role="img" aria-label="{described}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}"><polyline points="{path}" fill="none" '
        f'stroke="#12436d" stroke-width="2"/><circle cx="{last_x:.1f}" cy="{last_y:.1f}" r="3" '
        f'fill="#12436d"/></svg>'
    )


def describe_trends(runs: list[PeriodRun], months: int = 12) -> list[str]:
    """A small chart per headline rate or mean over the last `months` complete months."""
    monthly = sorted(
        (r for r in runs if r.metrics and r.status == "complete" and not is_quarter(r.period)),
        key=lambda r: r.period,
    )[-months:]
    figures = []
    for headline in HEADLINES:
        if not headline.trend:
            continue
        points = [(r.period, headline.value(r.metrics)) for r in monthly]
        points = [(p, float(v)) for p, v in points if v is not None]
        if len(points) < 2:
            continue
        figures.append(
            f"<figure>{_sparkline(headline.heading, points, headline.as_percent)}"
            f"<figcaption>{html.escape(headline.heading)}: "
            f"{html.escape(period_label(points[0][0]))} to "
            f"{html.escape(period_label(points[-1][0]))}, latest "
            f"{html.escape(_shown(points[-1][1], headline.as_percent))}</figcaption></figure>"
        )
    return figures


def _cell(text: str) -> str:
    return f"<td>{html.escape(text)}</td>"


def _row(run: PeriodRun) -> str:
    cells = [f'<th scope="row">{html.escape(period_label(run.period))}</th>']
    status = run.status
    if run.failed_pages:
        status += f" ({', '.join(run.failed_pages)})"
    if run.status != "complete" and run.metrics:
        status += "; the last complete pack is kept"
    cells.append(_cell(status))
    for headline in HEADLINES:
        try:
            shown = headline.shown(run.metrics) if run.metrics else ""
        except (KeyError, TypeError):  # an older or partial metrics.json: leave the cell empty
            shown = ""
        cells.append(_cell(shown))
    links = " ".join(
        f'<a href="{html.escape(href)}">{html.escape(text)}'
        f'<span class="visually-hidden">, {html.escape(period_label(run.period))}</span></a>'
        for text, href in run.links
    )
    cells.append(f"<td>{links}</td>")
    return "<tr>" + "".join(cells) + "</tr>"


def _table(caption: str, runs: list[PeriodRun]) -> str:
    """A captioned table of `runs` (newest first), or nothing when there are none."""
    if not runs:
        return ""
    headings = "".join(
        f'<th scope="col">{html.escape(h)}</th>'
        for h in ("Period", "Status", *(h.heading for h in HEADLINES), "Reports")
    )
    body = "".join(_row(run) for run in runs)
    return (
        f"<table><caption>{html.escape(caption)}, newest first</caption>"
        f"<thead><tr>{headings}</tr></thead><tbody>{body}</tbody></table>"
    )


STYLE = """
body { font-family: Arial, Helvetica, sans-serif; color: #0b0c0c; margin: 1.5rem; line-height: 1.4; }
main { max-width: 70rem; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
caption { text-align: left; font-weight: bold; padding-bottom: 0.5rem; }
th, td { border-bottom: 1px solid #b1b4b6; padding: 0.4rem 0.6rem; text-align: left; vertical-align: top; }
a { color: #1d70b8; margin-right: 0.8rem; white-space: nowrap; }
th[scope="row"] { white-space: nowrap; }
a:focus { outline: 3px solid #ffdd00; background: #ffdd00; color: #0b0c0c; }
figure { display: inline-block; margin: 0 1.5rem 1rem 0; }
figcaption { font-size: 0.9rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@media (max-width: 40rem) { body { margin: 0.6rem; } th, td { padding: 0.3rem; } }
"""


def describe_index_html(runs: list[PeriodRun], authority: str) -> str:
    """The whole index page as text."""
    title = f"Monthly audit reports: {authority}"
    trends = describe_trends(runs)
    tables = [
        _table(caption, [r for r in runs if is_quarter(r.period) == quarterly])
        for caption, quarterly in (("Months", False), ("Quarters", True))
    ]
    body = (
        f"<h1>{html.escape(title)}</h1>"
        + (
            "<p>No reports have been run yet.</p>"
            if not runs
            else ("<h2>Trend</h2>" + "".join(trends) if trends else "") + "".join(tables)
        )
        + "<p>Figures are the full (unsuppressed) ones of each pack; share a publication "
        "version, not this page, outside the service.</p>"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>{STYLE}</style></head>"
        f"<body><main>{body}</main></body></html>\n"
    )


def write_run_index(output_dir: Path, authority: str) -> Path:
    """Rewrite `<output_dir>/index.html` from the folders there; a reader never sees half a file."""
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    text = describe_index_html(collect_runs(output_dir), authority)
    handle, temporary = tempfile.mkstemp(prefix=".index-", suffix=".html", dir=output_dir)
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        file.write(text)
    os.chmod(temporary, 0o644)
    target = output_dir / INDEX_FILE
    os.replace(temporary, target)
    return target
