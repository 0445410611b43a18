"""What the page tables show, publication mode included, on small hand-made extracts."""

from __future__ import annotations

import pandas as pd

from helpers.figures.metrics import compute_metrics
from helpers.pages import compliance, judgements, report, visits
from helpers.pages.context import make_context
from helpers.pages.tables import format_columns
from helpers.settings.params import load_params

from factories import audit, audits_frame, visits_frame


def context(audits: pd.DataFrame, visits_: pd.DataFrame | None = None, publication=False):
    """The page context; in publication mode the publishable set only (no extracts)."""
    params = load_params("2019-06", overrides={"publication": publication})
    metrics = compute_metrics(audits, visits_, "2019-06", params)
    return make_context("2019-06", params, audits, visits_, metrics)


def test_tables_pass_what_the_publishable_set_hid_through_unchanged():
    frame = pd.DataFrame({"team": ["A"], "allocated": [12], "returned": ["[c]"], "rate": ["[c]"]})
    shown = format_columns(frame, counts=("allocated", "returned"), rates={"rate": "allocated"})
    assert shown.iloc[0].tolist() == ["A", "12", "[c]", "[c]"]


def test_nothing_is_suppressed_outside_publication_mode():
    frame = pd.DataFrame({"allocated": [4], "returned": [3], "rate": [0.75]})
    shown = format_columns(frame, counts=("allocated", "returned"), rates={"rate": "allocated"})
    assert shown.iloc[0].tolist() == ["4", "3", "75%"]


def test_a_publication_context_holds_no_extracts():
    ctx = context(audits_frame([audit()] * 6), publication=True)
    assert ctx.audits is None and ctx.visits is None
    assert ctx.metrics["disclosure_audit"]["exposed"] == 0


def test_team_compliance_cannot_be_worked_out_by_subtracting_shown_teams_from_the_total():
    # Seen: one team all [c], every other team shown, and the month's total shown.
    rows = [audit(team="0-12 East") for _ in range(10)] + [audit(team="0-12 West")] * 8
    rows += [audit(team="CWAD", returned=False)] + [audit(team="CWAD")] * 2
    ctx = context(audits_frame(rows), publication=True)
    teams = compliance.table_compliance_by_team(ctx).frame.set_index("Team")
    summary = compliance.table_compliance_summary(ctx).frame.iloc[0]
    assert teams.loc["CWAD"].tolist() == ["[c]", "[c]", "[c]", "[c]"]
    for column in ("Allocated", "Returned"):
        hidden = (teams[column] == "[c]").sum()
        assert hidden >= 2 or summary[column] == "[c]", column


def test_judgement_table_shows_count_and_share_and_hides_small_ones_in_publication():
    rows = [audit(judgement="Good") for _ in range(8)] + [audit(judgement="Inadequate")] * 2
    ctx = context(audits_frame(rows))
    table = judgements.table_judgements(ctx).frame.set_index("Grade")
    june = table["June 2019 (n=10)"]
    assert june["Good"] == "8 (80%)" and june["Inadequate"] == "2 (20%)"
    assert june["Outstanding"] == "0 (0%)" and june["Good or Outstanding"] == "8 (80%)"
    public = judgements.table_judgements(context(audits_frame(rows), publication=True))
    june = public.frame.set_index("Grade")["June 2019 (n=10)"]
    # 2 Inadequate is small; with n = 10 shown, Good (8) would give it away, so it goes too.
    assert june["Inadequate"] == "[c]" and june["Good"] == "[c]"
    assert june["Good or Outstanding"] == "[c]" and june["Outstanding"] == "0 (0%)"


def test_visits_table_follows_the_reporting_year_and_hides_small_counts():
    frame = visits_frame([("2019-04-03", "2019-04-01")] * 6 + [("2019-05-03", None)] * 2)
    ctx = context(audits_frame([audit()]), frame)
    table = visits.table_year_to_date(ctx).frame
    assert table["Period"].tolist() == ["April 2019", "April to May 2019", "April to June 2019"]
    assert list(table.columns[:3]) == ["Period", "Visits due", "On time"]
    assert table["On time %"].tolist() == ["100.00%", "75.00%", "75.00%"]
    public = visits.table_year_to_date(context(audits_frame([audit()]), frame, publication=True))
    assert public.frame.iloc[1][["Not done", "Not done %", "On time"]].tolist() == ["[c]"] * 3


def test_themes_page_for_a_month_without_audits_says_so():
    from helpers.pages import themes

    ctx = context(audits_frame([audit(month="2019-03", summary_comment="No chronology on file.")]))
    figures = themes.compute_theme_figures(ctx)
    assert figures.summary["audits"].sum() == 0
    assert themes.describe_unmatched(ctx, figures) == [
        "No returned audit for June 2019 has comments to read."
    ]
    assert themes.theme_excerpts(ctx, figures) == []


def test_emerging_topics_leave_out_phrases_the_redactor_would_change():
    from helpers.pages import themes

    rows = [
        audit(summary_comment=f"The garden swing for tayvion needs mending, {i}.", auditor=who)
        for i, who in (("one", "P1"), ("two", "P2"), ("three", "P1"), ("four", "P2"))
    ] + [audit(month="2019-05", summary_comment="Visits were on time.") for _ in range(3)]
    ctx = context(audits_frame(rows))
    figures = themes.compute_theme_figures(ctx)
    phrases = themes.table_emerging_topics(ctx, figures).frame["Phrase"].tolist()
    assert any("garden swing" in p for p in phrases)
    assert not any("tayvion" in p for p in phrases)


def theme_page(rows):
    from helpers.pages import themes

    ctx = context(audits_frame(rows))
    return themes, ctx, themes.compute_theme_figures(ctx)


def test_themes_page_keeps_strengths_apart_from_concerns():
    themes, ctx, figures = theme_page(
        [
            audit(comment_voice_of_child="The child's voice is clear throughout."),
            audit(comment_recording="No chronology on file."),
            audit(month="2019-05", comment_recording="No chronology on file."),
        ]
    )
    concerns = themes.table_theme_summary(ctx, figures, "concern").frame
    strengths = themes.table_theme_summary(ctx, figures, "strength").frame
    assert "Child's voice clearly captured" not in concerns["Theme"].tolist()
    assert strengths["Theme"].tolist() == ["Child's voice clearly captured"]
    assert themes.describe_theme_changes(ctx, figures) == [
        "Concerns seen again, as last month: Chronology missing or out of date (1 audit).",
        "Strengths: Child's voice clearly captured (1 audit).",
    ]
    both = themes.table_theme_summary(ctx, figures).frame
    assert both["Kind"].tolist()[-1] == "Strength"  # concerns first, then the strength


def test_themes_in_the_first_month_of_data_have_no_last_month_and_are_listed_most_first():
    # Seen in January 2017: a "Last month" column of zeros, and concerns in codebook order.
    themes, ctx, figures = theme_page(
        [audit(comment_management_oversight="No supervision recorded since March.")]
        + [audit(comment_recording="No chronology on file.")] * 3
    )
    assert not ctx.has_previous
    table = themes.table_theme_summary(ctx, figures, "concern").frame
    assert "Last month" not in table.columns and "This month" in table.columns
    [sentence] = themes.describe_theme_changes(ctx, figures)
    assert sentence.startswith(
        "Concerns seen (no earlier months to compare): Chronology missing or out of date "
        "(3 audits) and Supervision"
    )
    assert sentence.endswith("(1 audit).")


def test_unmatched_comments_are_explained_for_the_reader():
    themes, ctx, figures = theme_page(
        [
            audit(comment_recording="No chronology on file.", summary_comment="A settled home."),
            audit(summary_comment="Good multi-agency work."),
        ]
    )
    [sentence] = themes.describe_unmatched(ctx, figures)
    assert sentence.startswith("Auditors wrote 3 comments (one per box of the audit form")
    assert (
        "in 2 returned audits. 2 of these comments showed none of the themes above, and in 1 audit no comment did."
        in sentence
    )
    assert "not counted as good or bad" in sentence and "analyst reviews" in sentence


def test_emerging_topics_need_several_audits_and_auditors_and_drop_single_words():
    themes, ctx, figures = theme_page(
        [audit(summary_comment="The respite arrangement is standard.", auditor="P1")] * 5
        + [audit(month="2019-05", summary_comment="Visits were on time.") for _ in range(3)]
    )
    # One auditor wrote them all: no real support across the service.
    assert themes.table_emerging_topics(ctx, figures) is None
    assert "at least 2 auditors" in themes.NO_EMERGING_TOPICS


def test_first_month_of_data_tables_have_no_empty_month_before():
    from helpers.pages import compliance, judgements, scores

    ctx = context(audits_frame([audit(team="CWAD")] * 5))  # every audit in June 2019
    assert not ctx.has_previous
    summary = compliance.table_compliance_summary(ctx)
    assert summary.frame["Month"].tolist() == ["June 2019"]
    # Seen in January 2017: captions promised "the month before" that the table did not have.
    assert summary.caption == "Audits allocated and returned, June 2019, the first month of data"
    assert judgements.table_judgements(ctx).caption == (
        "Overall judgements: number of audits (share), June 2019 and segments"
    )
    domain_table = scores.table_domain_means(ctx)
    assert list(domain_table.frame.columns) == ["Domain", "June 2019 (n=5)"]
    assert "first month of data" in domain_table.caption
    assert "May 2019" not in " ".join(judgements.table_judgements(ctx).frame.columns)
    # The segment runs from the first month of data, not from April.
    assert ctx.metrics["segments"]["CWAD"]["from"] == "2019-06"


def test_first_month_of_data_trend_charts_are_a_sentence_not_one_point():
    # Seen in January 2017: four "trend" charts of one point or one bar each.
    from helpers.pages import compliance, judgements, scores, visits

    # Every audit in June 2019, the first month; visits due in June.
    ctx = context(audits_frame([audit()] * 5), visits_frame([("2019-06-10", "2019-06-09")] * 3))
    charts = [
        compliance.chart_compliance_trend(ctx),
        scores.chart_score_trend(ctx),
        judgements.chart_judgement_trend(ctx),
        visits.chart_visits_trend(ctx),
    ]
    assert {c.title for c in charts} == {
        "June 2019 is the first month of data, so there is no trend to chart yet"
    }
    assert all(
        c.alt.endswith("June 2019 is the first month of data, so there is no trend yet.")
        for c in charts
    )
    # With a month before, the trend is charted.
    later = context(audits_frame([audit()] * 5 + [audit(month="2019-05")] * 5))
    assert "first month" not in compliance.chart_compliance_trend(later).title


def test_publication_judgement_chart_is_a_sentence_when_most_months_would_be_withheld():
    # Seen: the 12-month chart in a publication pack showed one bar and eleven [c] marks.
    months = ["2019-04", "2019-05", "2019-06"]
    rows = [audit(month=m, judgement="Good") for m in months for _ in range(8)]
    rows += [audit(month=m, judgement="Inadequate") for m in months[1:] for _ in range(2)]
    rows = [dict(r, audit_id=f"A{i}") for i, r in enumerate(rows)]
    public = judgements.chart_judgement_trend(context(audits_frame(rows), publication=True))
    assert "not shown in the publication version" in public.alt
    assert "in 2 of the 3 months shown" in public.title
    internal = judgements.chart_judgement_trend(context(audits_frame(rows)))
    assert "not shown" not in internal.alt and "not charted" not in internal.title


def test_the_papers_first_page_says_when_it_is_the_publication_version():
    # Seen: the cover sheet fills page 1 of the PDF, and the publication note came after it.
    rows = [dict(audit(), audit_id=f"A{i}") for i in range(6)]
    assert report.paper_title(context(audits_frame(rows), publication=True)).endswith(
        "(publication version)"
    )
    assert "publication" not in report.paper_title(context(audits_frame(rows)))
