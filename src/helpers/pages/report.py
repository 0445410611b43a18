"""The combined monthly paper: executive summary, targets and "moving forward"."""

from __future__ import annotations

from helpers.pages.context import MonthContext
from helpers.pages.themes import ThemeFigures
from helpers.pages.wording.targets import TargetStatus, describe_targets


def target_statuses(ctx: MonthContext) -> list[TargetStatus]:
    return describe_targets(ctx.metrics, ctx.params)


def describe_moving_forward(ctx: MonthContext, figures: ThemeFigures) -> list[str]:
    """Targets missed, themes that persist, then the actions agreed in the parameters."""
    points = [t.sentence for t in target_statuses(ctx) if t.status == "not met"]
    summary = figures.summary
    # Strengths are not something to fix: only concerns go to Moving forward.
    concern = summary["kind"] == "concern" if "kind" in summary.columns else True
    persisting = summary[(summary["status"] == "persisting") & concern]["label"].tolist()
    if persisting:
        points.append(
            "Themes seen again this month, to take to the Quality Assurance Meeting: "
            + "; ".join(persisting)
            + "."
        )
    points.extend(ctx.params.moving_forward)
    if not points:
        points.append("Every target was met and no theme persisted from last month.")
    return points
