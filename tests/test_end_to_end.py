"""The real page notebooks run through the real `case-audit run`, on the demo extracts.

Checks what a manager or analyst would: the month is complete, metrics.json fits the contract,
every HTML is self-contained, accessible and free of identifiers, PDFs open and hold the
headline figures, a publication run hides small numbers, and runs are repeatable.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
from html import unescape
from pathlib import Path

import jsonschema
import nbformat
import pandas as pd
import pytest
from disclosure_scan import html_text, scan_pack
from pypdf import PdfReader

from helpers.extracts.demo import write_demo_extracts
from helpers.extracts.loading import load_audits, load_visits
from helpers.running import runner as running
from helpers.settings.formatting import fmt_rate, fmt_score
from helpers.settings.params import load_params
from helpers.sharing.accessibility import check_page_basics, check_page_structure
from helpers.sharing.convert import external_references, find_chromium

from planted import PLANTED_SENTENCES, leaked_parts, plant_identifiers

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[1]
CASE_AUDIT = str(Path(sys.executable).parent / "case-audit")
SCHEMA = ROOT / "src" / "helpers" / "settings" / "schema" / "metrics.schema.json"
MONTH = "2019-06"
MAX_SECTION_BYTES = 1_500_000


def case_audit(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run([CASE_AUDIT, *args], capture_output=True, text=True, cwd=ROOT)
    assert not check or result.returncode == 0, result.stderr[-4000:]
    return result


def run_month(
    out: Path, audits: Path, visits: Path | None, *extra: str, check: bool = True
) -> subprocess.CompletedProcess:
    """`case-audit run` for the report month (unless `extra` gives --from/--to) into `out`."""
    data = ["--audits", str(audits), *(["--visits", str(visits)] if visits else ["--no-visits"])]
    months = [] if "--from" in extra else ["--month", MONTH]
    return case_audit("run", *months, *data, "--output-dir", str(out), *extra, check=check)


def cycle_files(demo: dict[str, Path]) -> list[str]:
    """The optional actions and moderation extracts of the demo, as `case-audit run` options."""
    return ["--actions", str(demo["actions"]), "--moderation", str(demo["moderation"])]


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> dict[str, Path]:
    """The demo extracts, with identifiers in unseen forms planted in June's comments."""
    paths = write_demo_extracts(tmp_path_factory.mktemp("demo"))
    plant_identifiers(paths["audits"], MONTH)
    return paths


@pytest.fixture(scope="module")
def month_run(demo, tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """The demo month run once by the command: its folder and what the command printed."""
    out = tmp_path_factory.mktemp("outputs")
    formats = "html,pdf" if find_chromium() else "html"
    printed = run_month(
        out, demo["audits"], demo["visits"], "--formats", formats, *cycle_files(demo)
    )
    return out / MONTH, printed


@pytest.fixture(scope="module")
def month_dir(month_run) -> Path:
    return month_run[0]


def test_the_command_prints_progress_and_nothing_from_the_kernels(month_run):
    _, printed = month_run
    output = printed.stdout + printed.stderr
    assert f"{MONTH}: complete" in output
    assert all(f"{MONTH} {page}: done" in output for page in running.PAGES)
    # ipykernel's banner for a kernel started by hand (it was printed once per page)
    assert "To connect another client" not in output and "--existing" not in output
    assert "Traceback" not in output


@pytest.fixture(scope="module")
def metrics(month_dir) -> dict:
    return json.loads((month_dir / "metrics.json").read_text())


@pytest.fixture(scope="module")
def html_pages(month_dir) -> dict[str, str]:
    return {page: (month_dir / f"{page}.html").read_text() for page in running.PAGES}


def test_month_is_complete_with_every_page(month_dir):
    record = json.loads((month_dir / "run.json").read_text())
    assert record["status"] == "complete"
    assert set(record["pages"]) == set(running.PAGES)
    assert all(p["status"] == "done" for p in record["pages"].values())
    for name in ("audits", "visits"):  # the files the run read, as an analyst would check them
        read = record["inputs"][name]
        assert read["sha256"] == hashlib.sha256(Path(read["path"]).read_bytes()).hexdigest()
    assert record["versions"]["papermill"] != "not installed"
    assert not list(month_dir.parent.glob(".*partial*")) and not list(
        month_dir.parent.glob(".cache-*")
    )


def test_metrics_fit_the_contract_with_the_cwad_segment(metrics):
    jsonschema.validate(metrics, json.loads(SCHEMA.read_text()))
    assert metrics["month"] == MONTH
    assert metrics["segments"]["CWAD"]["from"] == "2019-04"
    assert [r["to"] for r in metrics["visits"]["year_to_date"]] == ["2019-04", "2019-05", "2019-06"]


def test_metrics_can_be_traced_to_the_extract_rows(metrics, demo):
    audits = load_audits(demo["audits"])
    june = audits[audits["audit_month"] == MONTH]
    assert metrics["compliance"]["allocated"] == len(june)
    assert metrics["compliance"]["returned"] == june["date_completed"].notna().sum()
    returned = june[june["date_completed"].notna()]
    assert metrics["scores"]["month"]["domain_means"]["voice_of_child"] == pytest.approx(
        returned["score_voice_of_child"].mean()
    )
    visits = load_visits(demo["visits"])
    april_to_june = visits[visits["due_date"].between("2019-04-01", "2019-06-30")]
    assert metrics["visits"]["year_to_date"][-1]["due"] == len(april_to_june)


def test_report_states_the_headline_figures_of_metrics(metrics, html_pages):
    report = html_pages["report"]
    assert fmt_rate(metrics["compliance"]["rate"]) in report
    assert fmt_score(metrics["scores"]["month"]["overall_mean"]) in report
    assert fmt_rate(metrics["visits"]["year_to_date"][-1]["on_time_rate"], places=2) in report
    assert "Executive Summary" in report


def test_report_is_the_paper_sections_1_to_8_then_appendix_a_with_links(html_pages, metrics):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html_pages["report"], "html.parser")
    sections = [h.get_text(" ", strip=True) for h in soup.find_all("h2")]
    assert [s.split(" (see")[0] for s in sections] == [
        "1. Introduction",
        "2. Monthly audit process",
        "3. Audit compliance",
        "4. Audit scores",
        "5. Audit judgements",
        "6. Themes",
        "7. Children Looked After statutory visits",
        "8. Moving forward and actions",
        "Appendix A: Monthly Audit Report, June 2019",
    ]
    ids = {tag["id"] for tag in soup.find_all(id=True)}
    links = {h.get_text(" ", strip=True)[:2]: h.a["href"] for h in soup.find_all("h2") if h.a}
    assert links == {
        "3.": "#appendix-a-1",
        "4.": "#appendix-a-2",
        "5.": "#appendix-a-3",
        "7.": "#appendix-a-4",
    }
    assert {href[1:] for href in links.values()} <= ids
    cover = soup.find("table", class_="cover").get_text(" ", strip=True)
    for label in ("Date of meeting", "Lead Member", "Executive Summary", "Officer contact"):
        assert label in cover
    assert "4.A Statutory visits" in soup.get_text()


def test_every_html_is_self_contained_small_and_well_formed(html_pages):
    for page, html in html_pages.items():
        assert external_references(html) == [], page
        assert "<script" not in html.lower(), page
        assert check_page_basics(html) == [], page
        assert check_page_structure(html) == [], page
        assert "No description has been provided" not in html, page
        if page != "report":
            assert len(html.encode()) < MAX_SECTION_BYTES, page


def test_the_run_index_lists_the_month_and_loads_nothing_from_outside(month_dir, metrics):
    index = (month_dir.parent / "index.html").read_text()
    links = set(re.findall(r'href="([^"]+)"', index))
    assert {f"{MONTH}/report.html", f"{MONTH}/report.pdf"} & links
    assert set(external_references(index)) == links  # links to the packs, nothing loaded
    assert all((month_dir.parent / link).is_file() for link in links)
    assert check_page_basics(index) == []
    assert fmt_rate(metrics["compliance"]["rate"]) in index


def test_no_identifier_reaches_any_html(html_pages, demo):
    audits = load_audits(demo["audits"])
    visits = load_visits(demo["visits"])
    identifiers = set(audits["audit_id"]) | set(audits["child_id"]) | set(visits["visit_id"])
    for page, html in html_pages.items():
        words = set(re.findall(r"[\w-]+", html))
        assert sorted(identifiers & words) == [], page


def test_planted_identifiers_reach_no_page_though_their_sentences_are_excerpts(html_pages):
    themes = unescape(html_pages["themes"])
    shown = [s for s in PLANTED_SENTENCES if " ".join(s.split()[:5]) in themes]
    assert len(shown) >= 6, "the planted sentences should be the themes page's first excerpts"
    for page, text in html_pages.items():
        assert leaked_parts(unescape(text)) == [], page


@pytest.mark.browser
def test_planted_identifiers_reach_no_pdf(month_dir):
    if not find_chromium():
        pytest.skip("no Chromium on this machine: PDFs are not made")
    for page in running.PAGES:
        text = " ".join(p.extract_text() for p in PdfReader(month_dir / f"{page}.pdf").pages)
        assert leaked_parts(text) == [], page


def test_team_manager_names_only_in_the_compliance_and_actions_follow_up(html_pages, demo):
    # The compliance page's follow-up table, and the same table in the paper's Appendix A part 1.
    managers = set(load_audits(demo["audits"])["team_manager"])
    for page, html in html_pages.items():
        named = [m for m in managers if m in html]
        if page in ("compliance", "report"):
            assert named, "the follow-up table names the managers with audits not returned"
        elif page == "actions":
            assert named, "the internal pack lists overdue actions by owner"
        else:
            assert named == [], page


@pytest.mark.browser
def test_pdfs_open_on_a4_hold_the_headline_figures_and_no_ids(month_dir, metrics, demo):
    if not find_chromium():
        pytest.skip("no Chromium on this machine: PDFs are not made")
    for page in running.PAGES:
        reader = PdfReader(month_dir / f"{page}.pdf")
        assert len(reader.pages) >= 1, page
        box = reader.pages[0].mediabox
        assert abs(float(box.width) - 595) < 3 and abs(float(box.height) - 842) < 3, page
    audits = load_audits(demo["audits"])
    identifiers = set(audits["audit_id"]) | set(audits["child_id"])
    for page in running.PAGES:
        text = " ".join(p.extract_text() for p in PdfReader(month_dir / f"{page}.pdf").pages)
        assert sorted(identifiers & set(re.findall(r"[\w-]+", text))) == [], page
    report = PdfReader(month_dir / "report.pdf")
    text = " ".join(p.extract_text() for p in report.pages)
    assert 2 <= len(report.pages) <= 20
    assert fmt_rate(metrics["compliance"]["rate"]) in text
    assert fmt_score(metrics["scores"]["month"]["overall_mean"]) in text


@pytest.mark.browser
def test_every_pdf_is_tagged_and_reads_like_its_html(month_dir):
    """What a screen-reader user gets from each PDF: see helpers.sharing.pdf_checks."""
    from helpers.sharing.pdf_checks import check_pdf_against_html

    if not find_chromium():
        pytest.skip("no Chromium on this machine: PDFs are not made")
    assert pdf_problems(month_dir, check_pdf_against_html) == {}
    if shutil.which("pdfinfo"):
        for page in pages_with_pdfs(month_dir):
            info = subprocess.run(
                ["pdfinfo", str(month_dir / f"{page}.pdf")], capture_output=True, text=True
            )
            assert re.search(r"^Tagged:\s+yes$", info.stdout, re.MULTILINE), page


@pytest.mark.browser
def test_every_pdf_is_cut_into_pages_well(month_dir):
    """Headers break between words, tables keep 3 rows together (15 or fewer never split),
    headings stay with what follows, the last page is not a lone line: see
    helpers.sharing.pagination."""
    from helpers.sharing.pagination import check_pagination

    if not find_chromium():
        pytest.skip("no Chromium on this machine: PDFs are not made")
    assert pdf_problems(month_dir, check_pagination) == {}


@pytest.mark.browser
def test_themes_heatmap_fits_a_phone_with_legible_text(month_dir):
    """At 390 px the heatmap is drawn again for the phone: no sideways scroll, labels ~11 px."""
    from playwright.sync_api import sync_playwright

    from helpers.sharing.convert import CHROMIUM_ARGS

    if not find_chromium():
        pytest.skip("no Chromium on this machine")
    with sync_playwright() as play:
        browser = play.chromium.launch(
            executable_path=str(find_chromium()), args=list(CHROMIUM_ARGS)
        )
        page = browser.new_page(viewport={"width": 390, "height": 800})
        page.goto((month_dir / "themes.html").resolve().as_uri())
        seen = page.evaluate(
            """() => { const img = document.querySelector('figure.has-phone img');
                const box = img.closest('figure');
                return {shown: img.getBoundingClientRect().width, natural: img.naturalWidth,
                        phone: img.currentSrc !== img.src, box: box.clientWidth,
                        scroll: box.scrollWidth, page: document.documentElement.scrollWidth}; }"""
        )
        browser.close()
    assert seen["phone"] and seen["page"] <= 390 and seen["scroll"] <= seen["box"]
    # Cell labels are 8.5 pt drawn at 150 dpi: their height on screen in CSS px.
    label_px = 8.5 / 72 * 150 * seen["shown"] / seen["natural"]
    assert label_px >= 10, label_px


def pdf_problems(month_dir: Path, check) -> dict[str, list[str]]:
    """What `check(pdf, html)` finds in each PDF of the month, for the PDFs where it finds any."""
    found = {
        page: check(month_dir / f"{page}.pdf", html)
        for page, html in pages_with_pdfs(month_dir).items()
    }
    return {page: problems for page, problems in found.items() if problems}


def pages_with_pdfs(month_dir: Path) -> dict[str, str]:
    """Each page of the month (and of its publication pack, when there is one) with its HTML."""
    found = {}
    for folder in (month_dir, month_dir / "publication"):
        for pdf in sorted(folder.glob("*.pdf")):
            name = str(pdf.relative_to(month_dir).with_suffix(""))
            found[name] = pdf.with_suffix(".html").read_text(encoding="utf-8")
    assert set(running.PAGES) <= set(found)
    return found


@pytest.mark.browser
def test_axe_finds_no_accessibility_violations(month_dir):
    from helpers.sharing.accessibility import AxeNotInstalled, run_axe

    if not find_chromium():
        pytest.skip("no Chromium on this machine")
    try:
        # the month's pages and the run index beside them
        violations = run_axe([*sorted(month_dir.glob("*.html")), month_dir.parent / "index.html"])
    except AxeNotInstalled as missing:
        pytest.skip(str(missing))
    assert {str(p.name): v for p, v in violations.items() if v} == {}


@pytest.mark.browser
def test_no_table_is_wider_than_an_a4_page(month_dir):
    from helpers.sharing.accessibility import tables_wider_than_a4

    if not find_chromium():
        pytest.skip("no Chromium on this machine")
    too_wide = tables_wider_than_a4(sorted(month_dir.glob("*.html")))
    assert {p.name: t for p, t in too_wide.items() if t} == {}


def test_publication_pack_is_separate_audited_and_shows_no_count_of_one_to_four(
    demo, tmp_path, month_dir
):
    # The internal pack is already in place; the publication run must leave it untouched.
    out = tmp_path / "outputs"
    shutil.copytree(month_dir, out / MONTH)
    before = {p.name: p.read_bytes() for p in (out / MONTH).glob("*.*")}
    formats = "html,pdf" if find_chromium() else "html"
    run_month(
        out, demo["audits"], demo["visits"], "--formats", formats, "--publication",
        *cycle_files(demo),
    )  # fmt: skip
    published = out / MONTH / "publication"
    assert {p.name: p.read_bytes() for p in (out / MONTH).glob("*.*")} == before
    record = json.loads((published / "run.json").read_text())
    assert record["publication"] is True and record["status"] == "complete"
    assert record["disclosure_audit"]["exposed"] == 0
    assert record["disclosure_audit"]["audited"] > 0
    # No executed notebooks, kernel logs or anything else holding raw rows or counts.
    assert not list(published.rglob("*.ipynb")) and not list(published.rglob("*.log"))
    assert not (published / "notebooks").exists()
    # The pack a council publishes is accessible: HTML structure, and tagged PDFs that read
    # like their HTML (see helpers.sharing.pdf_checks).
    from helpers.sharing.pagination import check_pagination
    from helpers.sharing.pdf_checks import check_pdf_against_html

    for html in published.glob("*.html"):
        assert check_page_structure(html.read_text()) == [], html.name
        if html.with_suffix(".pdf").exists():
            pdf = html.with_suffix(".pdf")
            assert check_pdf_against_html(pdf, html.read_text()) == [], pdf.name
            assert check_pagination(pdf, html.read_text()) == [], pdf.name

    case_audit(
        "send", "--month", MONTH, "--publication", "--dry-run", "--to",
        "lead@northbrook.example", "--output-dir", str(out),
    )  # fmt: skip
    assert (published / f"email-{MONTH}.eml").exists()
    assert not (out / MONTH / f"email-{MONTH}.eml").exists()
    assert scan_pack(published) == []

    managers = set(load_audits(demo["audits"])["team_manager"])
    for page in running.PAGES:
        text = html_text((published / f"{page}.html").read_text())
        top = text[: text.index("[c] marks") + 200]
        assert "Publication version" in top and "counts of 1 to 4" in top, page
        assert [m for m in managers if m in text] == [], page
        assert "redacted excerpts" not in text.lower()
    actions = (published / "actions.html").read_text()
    assert "Overdue by team" in actions and "by owner" not in actions
    public = json.loads((published / "metrics.json").read_text())
    jsonschema.validate(public, json.loads(SCHEMA.read_text()))
    assert public["publication"] is True and "[c]" in json.dumps(public["scores"])


def test_same_inputs_give_identical_metrics_and_figures(demo, tmp_path, month_dir):
    run_month(
        tmp_path,
        demo["audits"],
        demo["visits"],
        "--from",
        "2019-05",
        "--to",
        MONTH,
        "--formats",
        "html",
        "--pages",
        "compliance",
        *cycle_files(demo),
    )
    assert (tmp_path / "2019-05" / "metrics.json").exists()
    again = tmp_path / MONTH
    assert (again / "metrics.json").read_bytes() == (month_dir / "metrics.json").read_bytes()
    assert (again / "compliance.html").read_bytes() == (month_dir / "compliance.html").read_bytes()


def test_a_failing_page_is_named_and_the_month_is_not_put_in_place(demo, tmp_path):
    notebooks = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", notebooks)
    broken = nbformat.read(notebooks / "visits.ipynb", as_version=4)
    broken.cells.append(nbformat.v4.new_code_cell("raise ValueError('planted failure')"))
    nbformat.write(broken, notebooks / "visits.ipynb")
    audits, visits = load_audits(demo["audits"]), load_visits(demo["visits"])
    params = load_params(MONTH)
    out = tmp_path / "out"
    [result] = running.run_months(
        [MONTH],
        audits,
        visits,
        params,
        {"audits": demo["audits"], "visits": demo["visits"]},
        out,
        ("html",),
        ("compliance", "visits"),
        notebooks_dir=notebooks,
    )
    assert result.status == "failed"
    [failure] = result.failures
    assert failure.page == "visits" and "ValueError: planted failure" in failure.error
    assert failure.cell is not None
    assert (out / f"{MONTH}.failed" / "notebooks" / "visits.ipynb").exists()
    assert (out / f"{MONTH}.failed" / "compliance.html").exists()
    assert not (out / MONTH).exists()


def test_bad_extract_stops_the_run_with_every_problem_and_no_traceback(tmp_path, demo):
    bad = pd.read_csv(demo["audits"], dtype=str)
    bad.loc[0, "score_planning"] = "11"
    bad.loc[1, "judgement"] = "Brilliant"
    bad.to_csv(tmp_path / "audits.csv", index=False)
    result = run_month(
        tmp_path / "out",
        tmp_path / "audits.csv",
        None,
        check=False,
    )
    assert result.returncode == 2  # bad input
    assert "Traceback" not in result.stderr
    assert "row 2" in result.stderr and "score_planning" in result.stderr
    assert "row 3" in result.stderr and "judgement" in result.stderr
    assert not (tmp_path / "out" / MONTH).exists()


def test_unknown_parameter_stops_the_run_before_any_kernel(tmp_path):
    extra = tmp_path / "extra.yaml"
    extra.write_text("targets:\n  complaince_rate: 0.8\n")
    result = case_audit(
        "run",
        "--month",
        MONTH,
        "--params",
        str(extra),
        "--output-dir",
        str(tmp_path / "out"),
        check=False,
    )
    assert result.returncode == 2
    assert "targets.complaince_rate: unknown key" in result.stderr
    assert not (tmp_path / "out").exists()


def test_month_without_a_visits_extract_says_so_and_shows_no_visit_figures(demo, tmp_path):
    run_month(
        tmp_path,
        demo["audits"],
        None,
        "--formats",
        "html",
        "--pages",
        "report,visits",
    )
    metrics = json.loads((tmp_path / MONTH / "metrics.json").read_text())
    assert metrics["visits"] == {"available": False, "target": 0.95, "year_to_date": []}
    # Run with --audits and no --actions/--moderation: those parts are not available either.
    assert metrics["actions"] == {"available": False}
    assert metrics["moderation"] == {"available": False}
    report = (tmp_path / MONTH / "report.html").read_text()
    assert "Follow-up actions are not available" in report
    assert "Moderation is not available" in report
    for page in ("report", "visits"):
        html = (tmp_path / MONTH / f"{page}.html").read_text()
        assert "no visits extract" in html.lower(), page
        assert "Statutory visits to Children Looked After, cumulative" not in html, page


def test_month_with_no_audit_returned_reports_no_scores_or_judgements(demo, tmp_path):
    audits = pd.read_csv(demo["audits"], dtype=str, keep_default_na=False)
    june = audits["audit_month"] == MONTH
    blanked = ["date_completed", "judgement", *[c for c in audits if c.startswith("score_")]]
    audits.loc[june, blanked] = ""
    audits.to_csv(tmp_path / "audits.csv", index=False)
    run_month(
        tmp_path / "out",
        tmp_path / "audits.csv",
        demo["visits"],
        "--formats",
        "html",
        "--pages",
        "report",
    )
    metrics = json.loads((tmp_path / "out" / MONTH / "metrics.json").read_text())
    assert metrics["scores"]["month"]["n"] == 0
    assert metrics["scores"]["month"]["overall_mean"] is None
    assert metrics["compliance"]["rate"] == 0
    report = (tmp_path / "out" / MONTH / "report.html").read_text()
    assert "No audits were returned in June, so there are no audit scores to report." in report
    assert "No audits were returned in June, so there are no judgements to report." in report
    assert "No audits were returned in the June audit, so none were escalated." in report
    may_mean = fmt_score(metrics["scores"]["previous_month"]["overall_mean"])
    assert f"to {may_mean} in June" not in report  # May's figure is not carried over to June


def test_actions_and_moderation_reach_metrics_and_pages(metrics, html_pages, demo):
    from helpers.extracts.cycle import load_actions, load_moderation

    audits = load_audits(demo["audits"])
    june = set(audits.loc[audits["audit_month"] == MONTH, "audit_id"])
    actions = load_actions(demo["actions"], audits)
    assert metrics["actions"]["raised"]["total"] == actions["audit_id"].isin(june).sum()
    moderation = load_moderation(demo["moderation"], audits)
    assert metrics["moderation"]["month"]["n"] == moderation["audit_id"].isin(june).sum()
    # The judgement figures use the moderated grade where there is one.
    moderated = audits.set_index("audit_id")["judgement"].copy()
    moderated.update(moderation.set_index("audit_id")["moderated_judgement"])
    june_grades = moderated[list(june)].value_counts()
    counts = metrics["scores"]["month"]["judgement_counts"]
    assert {g: counts[g] for g in counts if counts[g]} == june_grades.to_dict()
    assert "the moderator's judgement" in html_pages["report"]
    assert "Overdue by owner" in html_pages["actions"]
    assert "Weighted kappa" in html_pages["moderation"]


def test_a_month_allocated_filled_in_and_reported(demo, tmp_path):
    """allocate July from the demo children, fill it in as the auditors would, report it."""
    from helpers.extracts.demo import fill_demo_allocation

    case_audit(
        "allocate", "--month", "2019-07", "--children", str(demo["children"]),
        "--auditors", str(demo["auditors"]), "--audits", str(demo["audits"]),
        "--size", "30", "--seed", "7", "--out", str(tmp_path),
    )  # fmt: skip
    allocation = pd.read_csv(tmp_path / "allocation-2019-07.csv", dtype=str)
    history = load_audits(demo["audits"])
    recent = history[history["audit_month"] >= "2019-01"]
    assert not set(allocation["child_id"]) & set(recent["child_id"])
    homes = pd.read_csv(demo["auditors"]).set_index("auditor")["team"]
    assert (allocation["auditor"].map(homes) != allocation["team"]).all()
    filled = fill_demo_allocation(allocation)
    audits = pd.concat([pd.read_csv(demo["audits"], dtype=str), filled.astype(object)])
    audits.to_csv(tmp_path / "audits.csv", index=False)
    run_month(
        tmp_path / "out", tmp_path / "audits.csv", None,
        "--from", "2019-07", "--to", "2019-07", "--formats", "html", "--pages", "report",
    )  # fmt: skip
    metrics = json.loads((tmp_path / "out" / "2019-07" / "metrics.json").read_text())
    assert metrics["compliance"]["allocated"] == 30
    assert metrics["compliance"]["returned"] == filled["date_completed"].notna().sum() > 0
    report = (tmp_path / "out" / "2019-07" / "report.html").read_text()
    assert "Monthly audit report, July 2019" in report
    assert fmt_rate(metrics["compliance"]["rate"]) in report


def test_quarterly_paper_in_its_own_folder(demo, tmp_path):
    out = tmp_path / "out"
    data = ["--audits", str(demo["audits"]), "--visits", str(demo["visits"])]
    formats = "html,pdf" if find_chromium() else "html"
    case_audit(
        "run", "--quarter", "2019-20Q1", *data, "--formats", formats, "--output-dir", str(out)
    )
    folder = out / "2019-20Q1"
    if find_chromium():  # the quarterly paper is cut into pages as the monthly one
        from helpers.sharing.pagination import check_pagination

        pdf = folder / "quarter.pdf"
        assert check_pagination(pdf, (folder / "quarter.html").read_text()) == []
    metrics = json.loads((folder / "metrics.json").read_text())
    assert (metrics["from"], metrics["to"], metrics["previous_quarter"]) == (
        "2019-04",
        "2019-06",
        "2018-19Q4",
    )
    html = (folder / "quarter.html").read_text()
    assert "Quarterly Audit Report, Quarter 1 2019-20 (April to June 2019)" in html
    assert "in Quarter 4 2018-19" in html and "(see 1 in Appendix A)" in html
    bad = case_audit("run", "--from", "2019-04", "--to", "2019-05", "--quarterly", check=False)
    assert bad.returncode == 2 and "not a quarter" in bad.stderr + bad.stdout
