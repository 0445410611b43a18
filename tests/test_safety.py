"""HTML escaping and spreadsheet formula neutralising."""

from __future__ import annotations

import csv

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.pages.context import load_context
from helpers.safe.normalise import strip_controls
from helpers.safe.safety import (
    escape_for_html,
    neutralise_formula,
    neutralise_frame,
    strip_frame_controls,
)

from factories import raw_audit

# Cells a case system can hold that strip_controls changes: escapes, bidi, NUL, CR, soft hyphen.
TRICKY = ["\x1b[31mred\x1b[0m", "a\u202eb", "nul\x00", "line\r\nnext", "Ka\u00adyla", "tab\tok"]


def test_escape_for_html_makes_markup_text():
    assert escape_for_html('<img src=x onerror="alert(1)">') == (
        "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"
    )
    assert escape_for_html(None) == ""
    assert escape_for_html(pd.NA) == ""


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://example.com")', '\'=HYPERLINK("http://example.com")'),
        ("+SUM(A1:A2)", "'+SUM(A1:A2)"),
        ("-2+3", "'-2+3"),
        ("@cmd", "'@cmd"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-5", "-5"),
        ("+1.5", "+1.5"),
        ("Plan = late", "Plan = late"),
        (-5, -5),
        (3.2, 3.2),
        (None, None),
    ],
)
def test_neutralise_formula(value, expected):
    assert neutralise_formula(value) == expected


def test_neutralise_frame_text_cells_and_labels_only():
    df = pd.DataFrame({"team": ["=cmd|' /C calc'!A0", "East"], "n": [-3, 4]})
    df = df.rename(columns={"n": "=n"})
    out = neutralise_frame(df)
    assert out["team"].tolist() == ["'=cmd|' /C calc'!A0", "East"]
    assert out["'=n"].tolist() == [-3, 4]
    assert df["team"].iloc[0] == "=cmd|' /C calc'!A0"  # input untouched


def test_escape_for_html_strips_control_characters():
    assert escape_for_html("Mum\x00 \u202eKerry\u202c \x1b[31m<b>") == "Mum Kerry &lt;b&gt;"


def test_strip_frame_controls_cleans_every_text_cell_and_label_only():
    df = pd.DataFrame(
        {"team\u200b": ["0-12\x1b[2J East", None], "comment": ["Seen\x00 alone", "ok"], "n": [1, 2]}
    )
    out = strip_frame_controls(df)
    assert list(out.columns) == ["team", "comment", "n"]
    assert out["team"].tolist()[0] == "0-12 East" and pd.isna(out["team"].tolist()[1])
    assert out["comment"].tolist() == ["Seen alone", "ok"]
    assert out["n"].tolist() == [1, 2]
    assert df["comment"].iloc[0] == "Seen\x00 alone"  # input untouched


def _write_csv(path, rows):
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_pages_read_extracts_without_control_characters(tmp_path):
    comment = "Chronology\x1b[31m missing \u202eforged\u202c.\x00"
    audits = _write_csv(tmp_path / "audits.csv", [raw_audit(summary_comment=comment)])
    visit = {
        "visit_id": "V-TEST-001",
        "child_id": "C-TEST-001",
        "team": "0-12\u200b East",
        "due_date": "2019-06-10",
        "visit_date": "2019-06-08",
        "recorded_date": "",
    }
    visits = _write_csv(tmp_path / "visits.csv", [visit])
    ctx = load_context("2019-06", audits_path=audits, visits_path=visits)
    assert ctx.audits["summary_comment"].tolist() == ["Chronology missing forged."]
    assert ctx.visits["team"].tolist() == ["0-12 East"]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.one_of(st.none(), st.text(max_size=12), st.sampled_from(TRICKY)), min_size=1),
    st.sampled_from(["str", "object"]),
)
def test_strip_frame_controls_cleans_each_cell_as_strip_controls_would(cells, dtype):
    """The vectorised pass leaves plain cells alone and strips the others, cell by cell alike."""
    frame = pd.DataFrame({"text": pd.Series(cells, dtype=dtype), "n": range(len(cells))})
    out = strip_frame_controls(frame)
    expected = [strip_controls(c) if isinstance(c, str) else c for c in frame["text"]]
    got = list(out["text"])
    assert [None if pd.isna(v) else v for v in got] == [
        None if e is None or (not isinstance(e, str) and pd.isna(e)) else e for e in expected
    ]
    assert list(out["n"]) == list(range(len(cells)))
