"""helpers.pages.display: what a notebook shows, escaped and accessible."""

import base64
import struct

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from bs4 import BeautifulSoup

from helpers.pages import display


@pytest.fixture
def shown(monkeypatch):
    """Every bundle a show_* call displays, as (data, metadata) pairs."""
    bundles = []
    monkeypatch.setattr(
        display, "_display", lambda data, metadata=None: bundles.append((data, metadata))
    )
    return bundles


@pytest.fixture
def bar_chart():
    fig, ax = plt.subplots(figsize=(6, 3))
    ax.bar(["April", "May", "June"], [81, 79, 77])
    yield fig
    plt.close(fig)


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def test_show_chart_carries_alt_text_and_closes_the_figure(shown, bar_chart):
    display.show_chart(bar_chart, alt="Bar chart: returns fell from 81% to 77%.")

    data, metadata = shown[0]
    assert metadata["image/png"]["alt"] == "Bar chart: returns fell from 81% to 77%."
    assert data["text/plain"] == "Bar chart: returns fell from 81% to 77%."
    assert base64.b64decode(data["image/png"]).startswith(b"\x89PNG")
    assert not plt.fignum_exists(bar_chart.number)


def test_show_chart_refuses_blank_alt_text(shown, bar_chart):
    with pytest.raises(ValueError, match="alt text"):
        display.show_chart(bar_chart, alt="  ")
    assert shown == []


def test_chart_width_is_its_physical_size_and_png_is_small(bar_chart):
    data, metadata = display.render_chart(bar_chart, "A chart", dpi=150)

    png = base64.b64decode(data["image/png"])
    pixel_width = struct.unpack(">I", png[16:20])[0]
    assert metadata["image/png"]["width"] == round(pixel_width / 150 * 96)
    assert len(data["image/png"]) < 60_000  # five charts stay far under 1.5 MB


def test_table_has_caption_column_headers_and_escaped_text():
    df = pd.DataFrame({"Team": ["Team Alpha"], "Comment": ['<script>alert("x")</script>']})

    html = display.render_table(df, caption="Comments <June>")

    table = soup(html).table
    assert table.caption.get_text() == "Comments <June>"
    assert [th["scope"] for th in table.thead.find_all("th")] == ["col", "col"]
    assert soup(html).find("script") is None
    assert "&lt;script&gt;alert" in html


def test_table_right_aligns_number_columns_only():
    df = pd.DataFrame(
        {
            "Team": ["Team Alpha", "Team Beta", "Team Gamma"],
            "Allocated": ["1,234", "[c]", "38"],
            "Rate": ["77%", "n/a", "79%"],
            "Mean score": [6.9, 7.0, None],
        }
    )

    table = soup(display.render_table(df, caption="Returns")).table

    header_classes = [th.get("class") for th in table.thead.find_all("th")]
    assert header_classes == [None, ["num"], ["num"], ["num"]]
    first_row = [td.get("class") for td in table.tbody.tr.find_all("td")]
    assert first_row == [None, ["num"], ["num"], ["num"]]


def test_table_with_index_has_row_headers():
    df = pd.DataFrame({"Returned": ["27", "30"]}, index=pd.Index(["June", "May"], name="Month"))

    table = soup(display.render_table(df, caption="Returns", index=True)).table

    assert [th.get_text() for th in table.tbody.find_all("th", scope="row")] == ["June", "May"]
    assert table.thead.find("th").get_text() == "Month"


def test_table_with_unnamed_index_has_no_empty_header():
    df = pd.DataFrame({"Returned": ["27"]}, index=["June"])

    table = soup(display.render_table(df, caption="Returns", index=True)).table

    assert all(th.get_text() for th in table.find_all("th"))


def test_missing_cells_show_as_not_available():
    df = pd.DataFrame({"Comment": ["Fine", None]})

    cells = soup(display.render_table(df, caption="Comments")).find_all("td")

    assert [td.get_text() for td in cells] == ["Fine", "n/a"]


def test_table_needs_a_caption():
    with pytest.raises(ValueError, match="caption"):
        display.render_table(pd.DataFrame({"A": [1]}), caption="")


def test_show_table_gives_a_plain_text_fallback(shown):
    display.show_table(pd.DataFrame({"Team": ["Team Alpha"]}), caption="Teams")

    data, _ = shown[0]
    assert data["text/plain"].startswith("Teams\n")
    assert "<caption>Teams</caption>" in data["text/html"]


def test_paragraphs_and_bullets_are_escaped():
    assert display.render_paragraphs(["A <b>bold</b> claim", "Two"]) == (
        "<p>A &lt;b&gt;bold&lt;/b&gt; claim</p>\n<p>Two</p>"
    )
    assert display.render_bullets(["Fish & chips"]) == "<ul>\n<li>Fish &amp; chips</li>\n</ul>"


def test_no_bullets_shows_nothing(shown):
    display.show_bullets([])
    assert shown == []


def test_heading_level_is_checked():
    assert display.render_heading("Scores <June>", 3) == "<h3>Scores &lt;June&gt;</h3>"
    with pytest.raises(ValueError):
        display.render_heading("Scores", 7)


@pytest.mark.parametrize(
    ("status", "words", "css"),
    [
        ("met", "Met", "status-met"),
        ("not met", "Not met", "status-not-met"),
        ("no target", "No target", "status-no-target"),
        ("no data", "No data", "status-no-data"),
    ],
)
def test_status_is_shown_in_words_and_colour(status, words, css):
    strong = soup(display.render_status("Compliance target", status)).strong

    assert strong.get_text() == words
    assert css in strong["class"]


def test_unknown_status_is_refused():
    with pytest.raises(ValueError, match="Status"):
        display.render_status("Compliance target", "nearly")


def test_a_chart_drawn_for_a_phone_travels_in_the_metadata_and_both_figures_close(shown):
    wide, narrow = plt.figure(figsize=(7.5, 3)), plt.figure(figsize=(3.7, 4))
    data, metadata = display.render_chart(wide, "A chart", phone=narrow)
    phone = base64.b64decode(metadata["image/png"]["phone"])
    assert phone.startswith(b"\x89PNG") and phone != base64.b64decode(data["image/png"])
    assert "phone" not in display.render_chart(wide, "A chart")[1]["image/png"]

    display.show_chart(wide, "A chart", phone=narrow)
    assert not plt.fignum_exists(wide.number) and not plt.fignum_exists(narrow.number)
