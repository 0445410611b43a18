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

# %%
from helpers.pages import compliance, judgements, report, scores, themes, visits
from helpers.pages.context import load_context
from helpers.pages.display import (
    show_bullets,
    show_figure,
    show_heading,
    show_paragraphs,
    show_publication_note,
    show_report_table,
    show_status,
)
from helpers.pages.wording.actions import describe_actions
from helpers.pages.wording.compliance import describe_compliance
from helpers.pages.wording.judgements import describe_judgements
from helpers.pages.wording.moderation import describe_moderation
from helpers.pages.wording.scores import describe_scores
from helpers.pages.wording.summary import describe_executive_summary, describe_missing_data
from helpers.pages.wording.themes import describe_themes
from helpers.pages.wording.visits import describe_visits

ctx = load_context(month, audits_path, visits_path, params_path, publication, metrics_path)
theme_figures = themes.compute_theme_figures(ctx)

# %%
show_heading(f"Monthly audit report, {ctx.label}: {ctx.params.authority}", 1)
show_publication_note(ctx.params)
show_heading("Executive summary", 2)
show_paragraphs(describe_executive_summary(ctx.metrics, ctx.params))
show_bullets(describe_missing_data(ctx.metrics))
for target in report.target_statuses(ctx):
    show_status(
        f"{target.name} (target {target.target}, this month {target.actual})", target.status
    )

# %%
show_heading("1. Audit compliance", 2)
show_paragraphs(describe_compliance(ctx.metrics, ctx.params))
show_report_table(compliance.table_compliance_summary(ctx))
show_figure(compliance.chart_compliance_trend(ctx))
show_report_table(compliance.table_compliance_by_team(ctx))

# %%
show_heading("2. Audit scores", 2)
show_paragraphs(describe_scores(ctx.metrics, ctx.params))
show_report_table(scores.table_domain_means(ctx))
show_figure(scores.chart_score_trend(ctx))
segments = scores.table_segments(ctx)
if segments is not None:
    show_report_table(segments)
show_figure(scores.chart_score_distribution(ctx))

# %%
show_heading("3. Audit judgements", 2)
show_paragraphs(describe_judgements(ctx.metrics, ctx.params))
show_report_table(judgements.table_judgements(ctx))
show_figure(judgements.chart_judgement_trend(ctx))
show_paragraphs(describe_moderation(ctx.metrics, ctx.params))
show_paragraphs(describe_actions(ctx.metrics, ctx.params))

# %%
show_heading("4. Themes", 2)
show_paragraphs(describe_themes(theme_figures.summary.to_dict("records"), ctx.params))
show_report_table(themes.table_theme_summary(ctx, theme_figures))
for label, quotes in themes.theme_excerpts(ctx, theme_figures):
    show_heading(label, 3)
    show_bullets(quotes)

# %%
show_heading("5. Children Looked After statutory visits", 2)
show_paragraphs(describe_visits(ctx.metrics, ctx.params))
year_to_date = visits.table_year_to_date(ctx)
if year_to_date is not None:
    show_report_table(year_to_date)
    show_figure(visits.chart_year_to_date(ctx))

# %%
show_heading("6. Moving forward", 2)
show_bullets(report.describe_moving_forward(ctx, theme_figures))
