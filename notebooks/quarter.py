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
quarter = "2019-20Q1"
audits_path = None
visits_path = None
params_path = None
publication = None
metrics_path = None

# %%
from helpers.pages import report, visits
from helpers.pages.display import (
    show_cover_sheet,
    show_figure,
    show_numbered,
    show_report_table,
    show_section_heading,
)
from helpers.pages.quarter import (
    load_quarter_context,
    table_quarter_compliance,
    table_quarter_domain_means,
    table_quarter_judgements,
    table_quarter_visits,
)
from helpers.pages.wording.cover import TO_BE_COMPLETED, describe_cover_sheet
from helpers.pages.wording.moving_forward import IMPROVEMENT
from helpers.pages.wording.process import describe_introduction, describe_process
from helpers.pages.wording.quarter import (
    describe_quarter_compliance,
    describe_quarter_judgements,
    describe_quarter_scores,
    describe_quarter_summary,
    describe_quarter_targets_missed,
    month_view,
)
from helpers.pages.wording.visits import describe_visits, describe_visits_method

qc = load_quarter_context(quarter, audits_path, visits_path, params_path, publication, metrics_path)
metrics, params = qc.metrics, qc.params

# %%
show_cover_sheet(
    f"Quarterly Audit Report, {qc.label}: {params.authority}",
    describe_cover_sheet(
        metrics, params, describe_quarter_summary(metrics, params), "Quarterly Audit Report"
    ),
    TO_BE_COMPLETED,
)

# %%
show_section_heading(*report.section_heading(1))
show_numbered(1, describe_introduction())
show_section_heading(*report.section_heading(2))
show_numbered(2, describe_process(metrics, params))
show_section_heading(*report.section_heading(3))
show_numbered(3, describe_quarter_compliance(metrics, params))
show_section_heading(*report.section_heading(4))
show_numbered(4, describe_quarter_scores(metrics, params))
show_section_heading(*report.section_heading(5))
show_numbered(5, describe_quarter_judgements(metrics, params))
show_section_heading(*report.section_heading(6))
show_numbered(6, ["The themes in auditors' comments are reported in each month's paper."])
show_section_heading(*report.section_heading(7))
show_numbered(7, describe_visits(month_view(metrics), params) + describe_visits_method(metrics))
show_section_heading(*report.section_heading(8))
show_numbered(
    8, [IMPROVEMENT, *describe_quarter_targets_missed(metrics, params), *params.moving_forward]
)

# %%
show_section_heading(f"Appendix A: Quarterly Audit Report, {qc.label}", report.APPENDIX_ANCHOR)
show_section_heading(*report.appendix_heading(1), level=3)
show_report_table(table_quarter_compliance(qc))
show_section_heading(*report.appendix_heading(2), level=3)
show_report_table(table_quarter_domain_means(qc))
show_section_heading(*report.appendix_heading(3), level=3)
show_report_table(table_quarter_judgements(qc))
show_section_heading(*report.appendix_heading(4), level=3)
visits_table = table_quarter_visits(qc)
if visits_table is not None:
    show_report_table(visits_table)
    show_figure(visits.chart_year_to_date(qc.month_context))
