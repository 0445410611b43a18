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
from helpers.pages import compliance as page
from helpers.pages.context import load_context
from helpers.pages.display import (
    show_figure,
    show_heading,
    show_paragraphs,
    show_publication_note,
    show_report_table,
)
from helpers.pages.wording.compliance import describe_compliance

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
show_heading(f"Audit compliance, {ctx.label}", 1)
show_publication_note(ctx.params)
show_paragraphs(describe_compliance(ctx.metrics, ctx.params))

# %%
summary = page.table_compliance_summary(ctx)
show_report_table(summary)

# %%
show_heading("Trend", 2)
show_figure(charts.trend)

# %%
show_heading("By team", 2)
by_team = page.table_compliance_by_team(ctx)
show_report_table(by_team)
show_figure(charts.by_team)

# %%
follow_up = page.table_follow_up(ctx)
if follow_up is not None:
    show_heading("Audits not returned: follow-up", 2)
    show_report_table(follow_up)
