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
show_emerging_topics = True  # for the analyst; the emailed report leaves them out

# %%
from helpers.pages import themes as page
from helpers.pages.context import load_context
from helpers.pages.display import (
    show_bullets,
    show_figure,
    show_heading,
    show_paragraphs,
    show_publication_note,
    show_report_table,
)

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
figures = page.compute_theme_figures(ctx, theme_matches_path)
charts = page.charts(ctx, figures)  # drawn by another process while the page redacts excerpts

# %%
show_heading(f"Themes, {ctx.label}", 1)
show_publication_note(ctx.params)
show_paragraphs(page.describe_theme_changes(ctx, figures))
show_heading("Concerns", 2)
show_report_table(page.table_theme_summary(ctx, figures, "concern"))
show_paragraphs(page.describe_statuses())
show_heading("Strengths", 2)
show_report_table(page.table_theme_summary(ctx, figures, "strength"))
show_paragraphs(page.describe_unmatched(ctx, figures))

# %%
show_heading("Trend", 2)
show_figure(charts.trend)

# %%
excerpts = page.theme_excerpts(ctx, figures)
if excerpts:
    show_heading("What auditors wrote (redacted excerpts)", 2)
    for label, quotes in excerpts:
        show_heading(label, 3)
        show_bullets(quotes)

# %%
topics = page.table_emerging_topics(ctx, figures) if show_emerging_topics else None
if show_emerging_topics and not ctx.publication:
    show_heading("Emerging topics (for the analyst)", 2)
    if topics is not None:
        show_report_table(topics)
    else:
        show_paragraphs([page.NO_EMERGING_TOPICS])
