"""HTML escaping and spreadsheet formula neutralising."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.safe.safety import escape_for_html, neutralise_formula, neutralise_frame


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
