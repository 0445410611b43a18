"""The committee paper: its numbered sections, Appendix A's parts and the links between them.

Sections 1 to 8 follow the reference paper; a section with figures in Appendix A points to its
part ("(see 1 in Appendix A)"), which is a link in the HTML.
"""

from __future__ import annotations

from dataclasses import dataclass

from helpers.pages import compliance, judgements, scores, visits
from helpers.pages.chart_png import draw_ahead
from helpers.pages.charts.style import Chart
from helpers.pages.compliance import compliance_by_team
from helpers.pages.context import MonthContext
from helpers.pages.display import Table, show_bullets, show_numbered
from helpers.pages.themes import ThemeFigures
from helpers.pages.wording.targets import TargetStatus, describe_targets
from helpers.settings.periods import month_label


@dataclass(frozen=True)
class ReportCharts:
    """Appendix A's charts, the section pages' own, drawn ahead (`chart_png.draw_ahead`) while
    the paper writes its sections."""

    compliance_trend: Chart
    score_trend: Chart
    judgement_trend: Chart
    visits_year_to_date: Chart | None


def charts(ctx: MonthContext) -> ReportCharts:
    return ReportCharts(
        draw_ahead(compliance.chart_compliance_trend(ctx)),
        draw_ahead(scores.chart_score_trend(ctx)),
        draw_ahead(judgements.chart_judgement_trend(ctx)),
        draw_ahead(visits.chart_year_to_date(ctx)),
    )


@dataclass(frozen=True)
class Section:
    number: int
    title: str
    appendix_part: int | None = None  # the part of Appendix A holding its tables and charts


SECTIONS: tuple[Section, ...] = (
    Section(1, "Introduction"),
    Section(2, "Monthly audit process"),
    Section(3, "Audit compliance", 1),
    Section(4, "Audit scores", 2),
    Section(5, "Audit judgements", 3),
    Section(6, "Themes"),
    Section(7, "Children Looked After statutory visits", 4),
    Section(8, "Moving forward and actions"),
)
APPENDIX = "Appendix A"
APPENDIX_ANCHOR = "appendix-a"


def section(number: int) -> Section:
    return SECTIONS[number - 1]


def section_anchor(number: int) -> str:
    return f"section-{number}"


def appendix_anchor(part: int) -> str:
    return f"{APPENDIX_ANCHOR}-{part}"


def appendix_link(part: int) -> tuple[str, str]:
    """(link text, anchor) of a part of Appendix A, as the body cites it."""
    return f"(see {part} in {APPENDIX})", appendix_anchor(part)


def section_heading(number: int) -> tuple[str, str, tuple[str, str] | None]:
    """(heading text, its anchor, the link to its appendix part or None) for a body section."""
    found = section(number)
    link = appendix_link(found.appendix_part) if found.appendix_part else None
    return f"{found.number}. {found.title}", section_anchor(number), link


def appendix_heading(part: int) -> tuple[str, str]:
    """(heading text, anchor) of a part of Appendix A: the title of the section citing it."""
    cited_by = next(s for s in SECTIONS if s.appendix_part == part)
    return f"{part}. {cited_by.title}", appendix_anchor(part)


def paper_title(ctx: MonthContext) -> str:
    """The paper's title; a publication pack says which version it is on its first page, where
    the cover sheet would otherwise be all a reader sees before the note."""
    title = f"Monthly Audit Report, {ctx.label}: {ctx.params.authority}"
    return f"{title} (publication version)" if ctx.publication else title


def appendix_title(ctx: MonthContext) -> str:
    return f"{APPENDIX}: Monthly Audit Report, {month_label(ctx.month)}"


def target_statuses(ctx: MonthContext) -> list[TargetStatus]:
    return describe_targets(ctx.metrics, ctx.params)


def not_returned_by_team(ctx: MonthContext) -> list[dict]:
    return compliance_by_team(ctx).to_dict("records")


def theme_rows(figures: ThemeFigures) -> list[dict]:
    """The month's theme summary rows with each theme's `kind` and `description` from the codebook.

    A `kind` already in the summary (if the themes figures carry it) wins over the codebook's.
    """
    themes = {theme.id: theme for theme in getattr(figures.codebook, "themes", [])}
    rows = []
    for row in figures.summary.to_dict("records"):
        theme = themes.get(row.get("theme_id"))
        extra = {}
        if theme is not None:
            extra = {"kind": getattr(theme, "kind", None), "description": theme.description}
        rows.append({**extra, **{k: v for k, v in row.items() if v is not None}})
    return rows


def table_4a(year_to_date: Table) -> Table:
    """The visits year-to-date table, captioned as the paper cites it: table 4.A."""
    return Table(year_to_date.frame, f"4.A {year_to_date.caption}")


def show_theme_section(concerns: list[str], strengths: list[str]) -> None:
    """Section 6: the concerns in auditors' comments, then, apart from them, the strengths."""
    if concerns:
        show_numbered(6, ["The themes of concern in auditors' comments this month were:"])
        show_bullets(concerns)
    else:
        show_numbered(6, ["No themes of concern were identified in auditors' comments this month."])
    if strengths:
        show_numbered(6, ["Strengths the auditors found this month:"], start=2)
        show_bullets(strengths)
