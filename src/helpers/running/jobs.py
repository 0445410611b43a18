"""What a run is made of: the pages, the formats, one page's job and its result."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the page workers import this module: they need neither pandas nor pydantic
    from helpers.settings.params import Params

NOTEBOOKS_DIR = Path(__file__).resolve().parents[3] / "notebooks"  # settings.params.PROJECT_ROOT
KERNEL_NAME = "case-audit"
SECTIONS: tuple[str, ...] = (
    "compliance",
    "scores",
    "judgements",
    "themes",
    "visits",
    "actions",
    "moderation",
)
PAGES: tuple[str, ...] = (*SECTIONS, "report")
# The pages that read the theme matches of their trend window (coded once by the run).
READ_MATCHES: tuple[str, ...] = ("themes", "report")
# The pages that finish last: their kernels run at the system's normal priority, the others'
# `LATER_PAGES_NICENESS` steps lower, so that on a busy machine the others fill the gaps rather
# than slow the last pages down (the large extract 8.48 -> 8.25 s, the month unchanged: medians
# of 3 interleaved pairs).
FIRST_PRIORITY: tuple[str, ...] = ("report", "themes")
LATER_PAGES_NICENESS = 10


def kernel_niceness(page: str) -> int:
    """How much lower than the run's the priority of `page`'s kernel is (Linux nice steps)."""
    return 0 if page in FIRST_PRIORITY else LATER_PAGES_NICENESS


def one_page_run(pages: Iterable[str]) -> bool:
    """Whether a run of `pages` is of one page (a rerun: `--pages scores`), which has the second
    core to itself: its worker imports the HTML converter while the kernel runs
    (`warm_start.worker_imports`), its kernel draws charts ahead (`zygote.imports_for`)."""
    return len(set(pages)) == 1


def with_niceness(jobs: list[PageJob]) -> list[PageJob]:
    """The jobs with their kernels' niceness (`kernel_niceness`); a job alone keeps the run's
    priority: there is no other page to give way to, only the run's own work."""
    if len(jobs) == 1:
        return jobs
    return [replace(job, niceness=kernel_niceness(job.page)) for job in jobs]


# Longest pages start first so that the last one to finish is a short one.
LONGEST_FIRST: tuple[str, ...] = (
    "report",
    "themes",
    "visits",
    "scores",
    "compliance",
    "judgements",
    "actions",
    "moderation",
)
FORMATS: tuple[str, ...] = ("html", "pdf")


@dataclass(frozen=True)
class PageJob:
    month: str
    page: str
    notebook: Path
    work_dir: Path
    parameters: dict[str, Any]
    formats: tuple[str, ...]
    title: str
    niceness: int = 0  # how much lower its kernel's priority is (`with_niceness`)


@dataclass
class PageResult:
    month: str
    page: str
    status: str  # "done" or "failed"
    seconds: float
    outputs: list[str] = field(default_factory=list)
    error: str | None = None
    cell: int | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class MonthResult:
    month: str
    status: str  # "complete" or "failed"
    folder: Path
    pages: list[PageResult]
    error: str | None = (
        None  # why the month stopped before its pages ran (e.g. the disclosure audit)
    )

    @property
    def failures(self) -> list[PageResult]:
        return [p for p in self.pages if p.status != "done"]


def page_title(page: str, month_label: str, params: Params) -> str:
    names = {
        "report": "Monthly audit report",
        "compliance": "Audit compliance",
        "scores": "Audit scores",
        "judgements": "Audit judgements",
        "themes": "Themes",
        "visits": "Children Looked After statutory visits",
        "actions": "Follow-up actions",
        "moderation": "Moderation",
    }
    return f"{names[page]}, {month_label}: {params.authority}"
