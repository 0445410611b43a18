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

# %% [markdown]
# # Explore the audits
# For analysts, not part of the monthly pack: choose months, teams, districts, cohorts, domains and
# judgements, see the same tables and charts the pages draw for that slice, then the rows behind
# any figure. In JupyterLab (`make lab`) the filters are widgets; papermill uses the parameters.

# %% tags=["parameters"]
# Defaults run on the demo extracts named in params/defaults.yaml (`make demo-data` writes them).
# Each filter is a list of values; None keeps everything.
month = "2019-06"
first_month = None  # e.g. "2019-01": months from then to `month`
teams = None  # e.g. ["0-12 East", "CWAD"]
districts = None
cohorts = None  # LAC, CIN, CP, CL
domains = None  # e.g. ["planning", "recording"]
judgements = None  # e.g. ["Requires Improvement", "Inadequate"]
# The figure whose rows are shown: its key in metrics.json (docs/contract.md).
figure = "scores.month.judgement_counts.Requires Improvement"
audits_path = None
visits_path = None
params_path = None
use_widgets = True  # filter widgets in JupyterLab; False draws once from the parameters

# %%
from helpers.pages.context import load_context
from helpers.pages.explore import (
    Filters,
    show_explore,
    show_trace,
    show_trace_with_widgets,
    show_with_widgets,
)

ctx = load_context(month, audits_path, visits_path, params_path, publication=False)
chosen = Filters.from_parameters(
    first_month=first_month,
    teams=teams,
    districts=districts,
    cohorts=cohorts,
    domains=domains,
    judgements=judgements,
)

# %%
if use_widgets:
    show_with_widgets(ctx, chosen, lambda filters: show_explore(ctx, filters))
else:
    show_explore(ctx, chosen)

# %%
if use_widgets:
    show_trace_with_widgets(ctx, chosen, figure)
else:
    show_trace(ctx, chosen, figure)
