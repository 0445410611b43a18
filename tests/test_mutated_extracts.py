"""Property-based: a valid audits extract, mutated (bytes, encodings, delimiters, line endings,
headers, cells), is never a traceback: it loads to the same figures as the clean file when the
mutation keeps its meaning, and otherwise gives a clear ExtractError or loads what it now says."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.extracts.loading import load_audits
from helpers.extracts.validation import RULES, ExtractError

from factories import raw_audit

ROWS = [
    raw_audit(audit_id=f"A-TEST-{i:03d}", child_id=f"C-TEST-{i:03d}", summary_comment=comment)
    for i, comment in enumerate(["Fictional note.", "Café visit, fine", 'Said "yes"', ""], start=1)
]
COLUMNS = list(ROWS[0])
SETTINGS = settings(
    max_examples=40,
    deadline=None,
    database=None,  # nothing written into the checkout
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def clean_text(header: list[str] | None = None, quoting: int = csv.QUOTE_MINIMAL) -> str:
    out = io.StringIO()
    writer = csv.writer(out, quoting=quoting, lineterminator="\n")
    writer.writerow(header or COLUMNS)
    writer.writerows([[row[c] for c in COLUMNS] for row in ROWS])
    return out.getvalue()


def figures(frame: pd.DataFrame) -> pd.DataFrame:
    """What the report is computed from: every cell of every row, in order."""
    return frame.drop(columns="source_row").reset_index(drop=True)


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> pd.DataFrame:
    path = tmp_path_factory.mktemp("clean") / "audits.csv"
    path.write_text(clean_text(), encoding="utf-8")
    return figures(load_audits(path))


def load_or_message(tmp_path, name: str, content: bytes) -> pd.DataFrame | ExtractError:
    """The loaded frame, or the ExtractError; any other exception fails the test."""
    path = tmp_path / name
    path.write_bytes(content)
    try:
        return load_audits(path)
    except ExtractError as error:
        assert all(p.rule in RULES for p in error.problems)
        assert all(p.file == name for p in error.problems)
        assert str(error).startswith("The input data has")
        return error


def header_variant(name: str, style: str) -> str:
    return {
        "upper": name.upper(),
        "title": name.replace("_", " ").title(),
        "spaces": name.replace("_", " "),
        "padded": f"  {name} ",
        "hyphens": name.replace("_", "-"),
        "same": name,
    }[style]


ENCODINGS = {
    "utf-8": lambda t: t.encode("utf-8"),
    "utf-8 with BOM": lambda t: t.encode("utf-8-sig"),
    "double BOM": lambda t: b"\xef\xbb\xbf" + t.encode("utf-8-sig"),
    "cp1252": lambda t: t.encode("cp1252"),
    "utf-16": lambda t: t.encode("utf-16"),
    "utf-16-le with BOM": lambda t: b"\xff\xfe" + t.encode("utf-16-le"),
}


@SETTINGS
@given(
    encoding=st.sampled_from(sorted(ENCODINGS)),
    ending=st.sampled_from(["\n", "\r\n", "\r"]),
    header_style=st.sampled_from(["same", "upper", "title", "spaces", "padded", "hyphens"]),
    quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]),
    blank_lines_after=st.integers(0, 3),
)
def test_meaning_preserving_changes_give_the_same_figures(
    tmp_path, clean, encoding, ending, header_style, quoting, blank_lines_after
):
    header = [header_variant(c, header_style) for c in COLUMNS]
    text = clean_text(header, quoting) + "\n" * blank_lines_after
    content = ENCODINGS[encoding](text.replace("\n", ending))
    loaded = load_or_message(tmp_path, "audits.csv", content)
    assert not isinstance(loaded, ExtractError), str(loaded)
    pd.testing.assert_frame_equal(figures(loaded), clean)


@SETTINGS
@given(data=st.data())
def test_any_damage_is_a_message_or_a_load_never_a_traceback(tmp_path, data):
    content = bytearray(clean_text().encode("utf-8"))
    for _ in range(data.draw(st.integers(1, 4), label="mutations")):
        kind = data.draw(st.sampled_from(["flip", "insert", "delete", "truncate", "delimiter"]))
        at = data.draw(st.integers(0, max(len(content) - 1, 0)), label="at")
        if kind == "flip":
            content[at : at + 1] = bytes([data.draw(st.integers(0, 255))])
        elif kind == "insert":
            content[at:at] = data.draw(st.binary(min_size=1, max_size=8))
        elif kind == "delete":
            del content[at : at + data.draw(st.integers(1, 40))]
        elif kind == "truncate":
            del content[at:]
        else:
            sep = data.draw(st.sampled_from([b";", b"\t", b"|", b"\x00"]))
            content = bytearray(bytes(content).replace(b",", sep))
    load_or_message(tmp_path, "audits.csv", bytes(content))


@SETTINGS
@given(
    column=st.sampled_from(COLUMNS),
    row=st.integers(0, len(ROWS) - 1),
    value=st.text(max_size=30),
)
def test_any_cell_value_is_a_message_or_exactly_that_value(tmp_path, column, row, value):
    rows = [dict(r) for r in ROWS]
    rows[row][column] = value
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    loaded = load_or_message(tmp_path, "audits.csv", out.getvalue().encode("utf-8"))
    if isinstance(loaded, ExtractError):
        return
    cell = loaded.loc[row, column]
    if column in ("audit_id", "child_id", "team", "summary_comment", "auditor") and not pd.isna(
        cell
    ):
        assert cell == value.strip() or "\x00" in value
