# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python (case-audit)
#     language: python
#     name: case-audit
# ---

# %% tags=["parameters"]
# Defaults run on the demo extracts named in params/defaults.yaml (`make demo-data` writes them).
month = "2019-06"
audits_path = None
visits_path = None
params_path = None
publication = None
metrics_path = None
actions_path = None
moderation_path = None
theme_matches_path = None  # the run's matches of the comments; None: the page codes them

# %%
from helpers.pages import compliance, judgements, report, scores, themes, visits
from helpers.pages.context import load_context
from helpers.pages.display import (
    show_cover_sheet,
    show_figure,
    show_numbered,
    show_publication_note,
    show_report_table,
    show_section_heading,
    show_status,
)
from helpers.pages.wording.actions import describe_actions
from helpers.pages.wording.compliance import describe_compliance, describe_not_returned
from helpers.pages.wording.cover import TO_BE_COMPLETED, describe_cover_sheet
from helpers.pages.wording.judgements import describe_balance, describe_judgements
from helpers.pages.wording.moderation import describe_moderation
from helpers.pages.wording.moving_forward import describe_moving_forward
from helpers.pages.wording.process import describe_introduction, describe_process
from helpers.pages.wording.scores import describe_recording, describe_scores
from helpers.pages.wording.themes import describe_theme_section
from helpers.pages.wording.visits import describe_visits_section

ctx = load_context(
    month,
    audits_path,
    visits_path,
    params_path,
    publication,
    metrics_path,
    actions_path,
    moderation_path,
)
charts = report.charts(ctx)  # drawn by other processes while the paper writes its sections
theme_rows = report.theme_rows(themes.compute_theme_figures(ctx, theme_matches_path))
follow_up = compliance.table_follow_up(ctx)

# %%
show_cover_sheet(
    report.paper_title(ctx), describe_cover_sheet(ctx.metrics, ctx.params), TO_BE_COMPLETED
)
show_publication_note(ctx.params)

# %%
show_section_heading(*report.section_heading(1))
show_numbered(1, describe_introduction())
show_section_heading(*report.section_heading(2))
show_numbered(2, describe_process(ctx.metrics, ctx.params))

# %%
show_section_heading(*report.section_heading(3))
show_numbered(
    3,
    describe_compliance(ctx.metrics, ctx.params)
    + describe_not_returned(
        report.not_returned_by_team(ctx), ctx.publication, follow_up is not None
    ),
)

# %%
show_section_heading(*report.section_heading(4))
show_numbered(
    4, describe_scores(ctx.metrics, ctx.params) + describe_recording(ctx.metrics, ctx.params)
)

# %%
show_section_heading(*report.section_heading(5))
show_numbered(
    5,
    describe_judgements(ctx.metrics, ctx.params)
    + describe_balance(ctx.metrics, ctx.params)
    + describe_moderation(ctx.metrics, ctx.params),
)

# %%
show_section_heading(*report.section_heading(6))
concerns, strengths = describe_theme_section(theme_rows, ctx.publication)
report.show_theme_section(concerns, strengths)

# %%
show_section_heading(*report.section_heading(7))
show_numbered(7, describe_visits_section(ctx.metrics, ctx.params))

# %%
show_section_heading(*report.section_heading(8))
for target in report.target_statuses(ctx):
    show_status(
        f"{target.name} (target {target.target}, this month {target.actual})", target.status
    )
show_numbered(
    8,
    describe_moving_forward(ctx.metrics, ctx.params, theme_rows)
    + describe_actions(ctx.metrics, ctx.params),
)

# %%
show_section_heading(report.appendix_title(ctx), report.APPENDIX_ANCHOR)
show_section_heading(*report.appendix_heading(1), level=3)
show_report_table(compliance.table_compliance_summary(ctx))
show_figure(charts.compliance_trend)
show_report_table(compliance.table_compliance_by_team(ctx))
if follow_up is not None:
    show_report_table(follow_up)

# %%
show_section_heading(*report.appendix_heading(2), level=3)
show_report_table(scores.table_domain_means(ctx))
show_figure(charts.score_trend)
segments = scores.table_segments(ctx)
if segments is not None:
    show_report_table(segments)

# %%
show_section_heading(*report.appendix_heading(3), level=3)
show_report_table(judgements.table_judgements(ctx))
show_figure(charts.judgement_trend)

# %%
show_section_heading(*report.appendix_heading(4), level=3)
year_to_date = visits.table_year_to_date(ctx)
if year_to_date is not None:
    show_report_table(report.table_4a(year_to_date))
    show_figure(charts.visits_year_to_date)
