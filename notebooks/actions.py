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
from helpers.pages import actions as page
from helpers.pages.context import load_context
from helpers.pages.display import (
    show_heading,
    show_paragraphs,
    show_publication_note,
    show_report_table,
)
from helpers.pages.wording.actions import describe_actions

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

# %%
show_heading(f"Follow-up actions, {ctx.label}", 1)
show_publication_note(ctx.params)
show_paragraphs(describe_actions(ctx.metrics, ctx.params))

# %%
for table in (page.table_actions_raised(ctx), page.table_actions_due(ctx)):
    if table is not None:
        show_report_table(table)

# %%
by_team = page.table_overdue_by_team(ctx)
if by_team is not None:
    show_heading("Overdue by team", 2)
    show_report_table(by_team)

# %%
# Internal pack only: the function gives nothing in publication mode.
by_owner = page.table_overdue_by_owner(ctx)
if by_owner is not None:
    show_heading("Overdue by owner", 2)
    show_report_table(by_owner)
