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
from helpers.pages import judgements as page
from helpers.pages.context import load_context
from helpers.pages.display import (
    show_figure,
    show_heading,
    show_paragraphs,
    show_publication_note,
    show_report_table,
)
from helpers.pages.wording.judgements import describe_judgements
from helpers.pages.wording.moderation import describe_moderated_judgements

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
charts = page.charts(ctx)  # drawn by another process while the page writes its tables

# %%
show_heading(f"Audit judgements, {ctx.label}", 1)
show_publication_note(ctx.params)
show_paragraphs(describe_judgements(ctx.metrics, ctx.params))
show_paragraphs(describe_moderated_judgements(ctx.metrics, ctx.params))

# %%
grades = page.table_judgements(ctx)
show_report_table(grades)

# %%
show_heading("Trend", 2)
show_figure(charts.trend)
trend_table = page.table_judgement_trend(ctx)
show_report_table(trend_table)
