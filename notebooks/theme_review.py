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
# # Review the theme coding
# The month's comments the coder doubts: those that matched no theme, those where the codebook and
# the learned model disagree, and those the model is unsure of. Comments are shown redacted.
# Confirm or correct them by filling `decisions` below (queue row -> theme ids separated by `;`,
# `""` for no theme, `"ok"` to accept the suggestion) and run the last cell: the labels go to the
# labels CSV in `params/` (one file, reviewable in a diff). A confirmed label always wins, and the
# model learns from the labels the next time it is trained.

# %% tags=["parameters"]
month = "2019-06"
audits_path = None
visits_path = None
params_path = None
limit = 40
decisions = {}  # e.g. {0: "supervision_not_reflective", 3: "", 5: "ok"}

# %%
from helpers.figures.theme_coder import load_review_coder
from helpers.pages import theme_review as review
from helpers.pages.context import load_context
from helpers.pages.display import show_paragraphs, show_report_table

ctx = load_context(month, audits_path, visits_path, params_path)
coder = load_review_coder(ctx.params)
queue = review.table_review_queue(ctx, coder, limit)
print("theme ids:", ", ".join(coder.codebook.ids))
show_report_table(review.table_review(queue, ctx.label))

# %%
written = review.apply_decisions(queue, decisions, ctx.params.themes.labels, coder)
show_paragraphs([f"{len(written)} label(s) written to {ctx.params.themes.labels}."])
