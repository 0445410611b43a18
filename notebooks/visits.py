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

# %%
from helpers.pages import visits as page
from helpers.pages.context import load_context
from helpers.pages.display import (
    show_figure,
    show_heading,
    show_paragraphs,
    show_publication_note,
    show_report_table,
)
from helpers.pages.wording.visits import describe_visits

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
charts = page.charts(ctx)  # drawn by other processes while the page writes its tables

# %%
show_heading(f"Children Looked After statutory visits, {ctx.label}", 1)
show_publication_note(ctx.params)
show_paragraphs(describe_visits(ctx.metrics, ctx.params))

# %%
year_to_date = page.table_year_to_date(ctx)
if year_to_date is not None:
    show_report_table(year_to_date)
    show_figure(charts.year_to_date)

# %%
if charts.trend is not None:
    show_heading("Trend", 2)
    show_figure(charts.trend)
    trend_table = page.table_visits_trend(ctx)
    show_report_table(trend_table)

# %%
by_team = page.table_visits_by_team(ctx)
if by_team is not None:
    show_heading("By team", 2)
    show_report_table(by_team)
