"""Sending a month's pack: checks, the message, a real loopback SMTP server, the log, the command."""

from __future__ import annotations

import hashlib
import json
import sys
import types
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from helpers.safe.publishable import make_publishable
from helpers.settings.contract import DOMAINS
from helpers.settings.params import Params
from helpers.sharing.delivery import send_message
from helpers.sharing.email_message import build_message
from helpers.sharing.send_checks import (
    SendError,
    check_sendable,
    resolve_email_settings,
    resolve_password,
    validate_recipients,
)
from helpers.sharing.sending import send_command, send_month

from smtp_server import (
    LOOPBACK,
    RecordingHandler,
    free_port,
    make_self_signed_certificate,
    password_authenticator,
    running_smtp_server,
    server_tls_context,
)

MONTH = "2019-06"
TO = ["sam.example@testshire.example"]


def make_params(**email: Any) -> Params:
    settings = {
        "smtp_host": LOOPBACK,
        "smtp_port": 25,
        "security": "none",
        "sender": "case-audit@testshire.example",
        "allowed_domains": ["testshire.example"],
        **email,
    }
    return Params.model_validate(
        {
            "authority": "Testshire Council",
            "domain_labels": {domain: domain for domain in DOMAINS},
            "email": settings,
        }
    )


def make_metrics(publication: bool = False) -> dict[str, Any]:
    def cut(month: str, n: int, mean: float, counts: dict[str, int]) -> dict[str, Any]:
        return {
            "from": month,
            "to": month,
            "n": n,
            "overall_mean": mean,
            "domain_means": {domain: mean for domain in DOMAINS},
            "judgement_counts": counts,
            "judgement_shares": {grade: count / n for grade, count in counts.items()},
        }

    june = {"Outstanding": 5, "Good": 15, "Requires Improvement": 5, "Inadequate": 2}
    may = {"Outstanding": 2, "Good": 12, "Requires Improvement": 14, "Inadequate": 2}
    return {
        "month": MONTH,
        "previous_month": "2019-05",
        "publication": publication,
        "compliance": {"allocated": 35, "returned": 27, "rate": 27 / 35, "target": 0.9},
        # 6.85 rounds half-up to 6.9 (round-half-even on the float would give 6.8).
        "scores": {
            "month": cut(MONTH, 27, 6.85, june),
            "previous_month": cut("2019-05", 30, 6.2, may),
            "trend": [],
        },
        "judgements": {"trend": [{"month": MONTH, "counts": june}]},
        "visits": {
            "available": True,
            "target": 0.95,
            "year_to_date": [
                {
                    "from": "2019-04",
                    "to": "2019-06",
                    "due": 148,
                    "on_time": 127,
                    "late": 18,
                    "not_done": 3,
                    "on_time_rate": 127 / 148,
                    "late_rate": 18 / 148,
                    "not_done_rate": 3 / 148,
                },
            ],
        },  # fmt: skip
        "themes": {"month": {}, "returned": 27},
        "segments": {},
        "targets": {"compliance_rate": 0.9, "visits_on_time_rate": 0.95, "max_inadequate": 0},
    }


def make_month_folder(
    output_dir: Path,
    status: str = "complete",
    publication: bool = False,
    pdf: bool = True,
    write_run: bool = True,
) -> Path:
    # A publication pack lives in <month>/publication/ and holds only the publishable set.
    month_dir = output_dir / MONTH / ("publication" if publication else "")
    month_dir.mkdir(parents=True)
    if write_run:
        run = {
            "month": MONTH,
            "status": status,
            "publication": publication,
            "sections": {
                "compliance": {"status": "done"},
                "scores": {"status": "done" if status == "complete" else "failed"},
            },
            "finished_at": "2019-07-05T10:00:00+00:00",
        }
        (month_dir / "run.json").write_text(json.dumps(run), encoding="utf-8")
    metrics = make_metrics(publication)
    if publication:
        metrics = make_publishable(metrics, {}).metrics
    (month_dir / "metrics.json").write_text(json.dumps(metrics), "utf-8")
    (month_dir / "report.html").write_text("<html><body>Monthly report</body></html>", "utf-8")
    if pdf:
        (month_dir / "report.pdf").write_bytes(b"%PDF-1.4 fake report\n")
    for section in ("compliance", "scores", "judgements", "themes", "visits"):
        (month_dir / f"{section}.html").write_text(f"<p>{section}</p>", "utf-8")
        (month_dir / f"{section}.pdf").write_bytes(b"%PDF-1.4 fake " + section.encode())
    return month_dir


def read_log(month_dir: Path) -> list[dict[str, Any]]:
    path = month_dir / "sent.log"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def body_text(message: Any) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def body_html(message: Any) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def attachment_names(message: Any) -> list[str]:
    return [part.get_filename() for part in message.iter_attachments()]


# --- the message ---------------------------------------------------------------------------


def test_message_headers_name_authority_and_month(tmp_path: Path) -> None:
    month_dir = make_month_folder(tmp_path)
    message = build_message(month_dir, make_params(), TO, publication=False)
    assert message["Subject"] == "Testshire Council: monthly case audit, June 2019"
    assert message["From"] == "case-audit@testshire.example"
    assert message["To"] == "sam.example@testshire.example"
    assert message["Date"]
    assert message["Message-ID"].endswith("@testshire.example>")


def test_body_gives_headline_figures_and_status_against_targets(tmp_path: Path) -> None:
    month_dir = make_month_folder(tmp_path)
    text = body_text(build_message(month_dir, make_params(), TO, publication=False))
    assert "Audit compliance: 77% (27 of 35 audits returned) - below target (target 90%)" in text
    assert (
        "Average score across all seven domains (1-10): 6.9 (up 0.7 from 6.2 in May 2019)" in text
    )
    assert "Judgements: Outstanding 5, Good 15, Requires Improvement 5, Inadequate 2" in text
    assert "Inadequate judgements: 2 - above target (target none)" in text
    assert (
        "Visits on time, year to date: 85.81% of 148 due (April to June 2019)"
        " - below target (target 95%)"
    ) in text
    assert "Attached: report.html, report.pdf." in text


def test_html_body_is_self_contained_with_inline_styles(tmp_path: Path) -> None:
    month_dir = make_month_folder(tmp_path)
    page = body_html(build_message(month_dir, make_params(), TO, publication=False))
    assert "<table" in page and "77%" in page and "below target (target 90%)" in page
    for banned in ("<script", "<img", "<style", "<link", "http://", "https://", "src="):
        assert banned not in page


def _judgements_line(text: str) -> str:
    return next(line for line in text.splitlines() if line.startswith("- Judgements:"))


def test_publication_suppresses_small_counts(tmp_path: Path) -> None:
    # Seen: "Outstanding [c], Good 15, Requires Improvement 10, Inadequate 0" beside
    # "29 of 31 audits returned" gave Outstanding away. Here 5 + 15 + 5 + [c] = 27 would.
    month_dir = make_month_folder(tmp_path, publication=True)
    text = body_text(build_message(month_dir, make_params(), TO, publication=True))
    grades = _judgements_line(text)
    assert "Inadequate [c]" in grades
    returned_shown = "(27 of" in text
    assert grades.count("[c]") >= 2 or not returned_shown
    assert "Inadequate judgements: [c] - not assessed" in text
    assert "(publication version)" in build_message(month_dir, make_params(), TO, True)["Subject"]


def test_a_publication_run_is_suppressed_even_without_the_flag(tmp_path: Path) -> None:
    month_dir = make_month_folder(tmp_path, publication=True)
    text = body_text(build_message(month_dir, make_params(), TO, publication=False))
    assert "Inadequate [c]" in text


def test_rate_just_under_target_shows_a_decimal(tmp_path: Path) -> None:
    month_dir = make_month_folder(tmp_path)
    metrics = make_metrics()
    metrics["compliance"].update(allocated=1000, returned=896, rate=0.896)
    (month_dir / "metrics.json").write_text(json.dumps(metrics), "utf-8")
    text = body_text(build_message(month_dir, make_params(), TO, publication=False))
    assert "Audit compliance: 89.6% (896 of 1,000 audits returned) - below target" in text


def test_attachments_are_the_report_and_optionally_the_sections(tmp_path: Path) -> None:
    month_dir = make_month_folder(tmp_path)
    plain = build_message(month_dir, make_params(), TO, publication=False)
    assert attachment_names(plain) == ["report.html", "report.pdf"]
    with_sections = build_message(month_dir, make_params(attach_sections=True), TO, False)
    assert attachment_names(with_sections)[:4] == [
        "report.html",
        "report.pdf",
        "compliance.html",
        "compliance.pdf",
    ]
    assert len(attachment_names(with_sections)) == 12


# --- refusals ------------------------------------------------------------------------------


def test_refuses_when_the_month_was_not_run(tmp_path: Path) -> None:
    make_month_folder(tmp_path, write_run=False)
    with pytest.raises(SendError, match=r"run\.json not found.*case-audit run --month 2019-06"):
        check_sendable(tmp_path / MONTH, MONTH, make_params(), TO, publication=False)


def test_refuses_when_the_month_folder_is_missing(tmp_path: Path) -> None:
    with pytest.raises(SendError, match="does not exist"):
        check_sendable(tmp_path / MONTH, MONTH, make_params(), TO, publication=False)


@pytest.mark.parametrize("status", ["failed", "incomplete"])
def test_refuses_a_run_that_did_not_complete(tmp_path: Path, status: str) -> None:
    make_month_folder(tmp_path, status=status)
    with pytest.raises(SendError, match=f"is {status} \\(sections not done: scores\\)"):
        check_sendable(tmp_path / MONTH, MONTH, make_params(), TO, publication=False)


def test_reads_the_runners_pages_record(tmp_path: Path) -> None:
    month_dir = make_month_folder(tmp_path, status="failed")
    run = json.loads((month_dir / "run.json").read_text("utf-8"))
    run["pages"] = {"themes": {"status": "failed"}, "report": {"status": "done"}}
    (month_dir / "run.json").write_text(json.dumps(run), "utf-8")
    with pytest.raises(SendError, match=r"sections not done: themes\)"):
        check_sendable(month_dir, MONTH, make_params(), TO, publication=False)


def test_points_to_the_failed_folder_the_runner_leaves(tmp_path: Path) -> None:
    (tmp_path / f"{MONTH}.failed").mkdir()
    with pytest.raises(SendError, match=r"last run of 2019-06 failed \(see .*2019-06\.failed"):
        check_sendable(tmp_path / MONTH, MONTH, make_params(), TO, publication=False)


def test_refuses_publication_when_the_run_was_not_a_publication_run(tmp_path: Path) -> None:
    make_month_folder(tmp_path, publication=False)
    with pytest.raises(SendError) as caught:
        check_sendable(tmp_path / MONTH, MONTH, make_params(), TO, publication=True)
    assert "not a publication run" in str(caught.value)
    assert "case-audit run --month 2019-06 --publication" in str(caught.value)


def test_refuses_an_attachment_over_the_size_limit(tmp_path: Path) -> None:
    month_dir = make_month_folder(tmp_path)
    (month_dir / "report.pdf").write_bytes(b"x" * 200_000)
    with pytest.raises(SendError, match=r"report\.pdf is 0\.2 MB, over the 0\.1 MB limit"):
        check_sendable(month_dir, MONTH, make_params(max_attachment_mb=0.1), TO, False)


def test_refuses_a_recipient_outside_the_allowed_domains(tmp_path: Path) -> None:
    month_dir = make_month_folder(tmp_path)
    recipients = [*TO, "alex.testperson@elsewhere.example"]
    with pytest.raises(SendError, match=r"alex\.testperson@elsewhere\.example outside"):
        check_sendable(month_dir, MONTH, make_params(), recipients, publication=False)


def test_any_domain_is_allowed_when_the_list_is_empty() -> None:
    assert validate_recipients(["a@elsewhere.example"], []) == ["a@elsewhere.example"]


def test_subdomains_are_not_the_allowed_domain() -> None:
    with pytest.raises(SendError, match="outside the allowed domains"):
        validate_recipients(["a@mail.testshire.example"], ["testshire.example"])


@pytest.mark.parametrize("bad", ["not-an-address", "a@@testshire.example", "a@localhost"])
def test_refuses_an_invalid_address(bad: str) -> None:
    with pytest.raises(SendError, match=f"'{bad}' is not a valid email address"):
        validate_recipients([bad], [])


def test_recipients_may_be_comma_separated_with_names() -> None:
    given = ["Sam Example <sam@testshire.example>, alex@testshire.example"]
    assert validate_recipients(given, ["testshire.example"]) == [
        "sam@testshire.example",
        "alex@testshire.example",
    ]


def test_refuses_without_recipients_or_sender(tmp_path: Path) -> None:
    month_dir = make_month_folder(tmp_path)
    with pytest.raises(SendError, match="no recipients"):
        check_sendable(month_dir, MONTH, make_params(), [], publication=False)
    with pytest.raises(SendError, match="no sender"):
        check_sendable(month_dir, MONTH, make_params(sender=None), TO, publication=False)


# --- settings and password -------------------------------------------------------------------


def test_environment_overrides_smtp_settings() -> None:
    env = {
        "CASE_AUDIT_SMTP_HOST": "smtp.testshire.example",
        "CASE_AUDIT_SMTP_PORT": "465",
        "CASE_AUDIT_SMTP_SECURITY": "ssl",
        "CASE_AUDIT_SMTP_USER": "audit-bot",
        "CASE_AUDIT_SMTP_SENDER": "reports@testshire.example",
    }
    settings = resolve_email_settings(make_params().email, env)
    assert (settings.smtp_host, settings.smtp_port, settings.security) == (
        "smtp.testshire.example",
        465,
        "ssl",
    )
    assert (settings.username, settings.sender) == ("audit-bot", "reports@testshire.example")


def test_a_bad_port_in_the_environment_is_named() -> None:
    with pytest.raises(SendError, match="CASE_AUDIT_SMTP_PORT"):
        resolve_email_settings(make_params().email, {"CASE_AUDIT_SMTP_PORT": "smtp"})


def test_password_comes_from_the_environment_then_the_keyring(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = make_params(username="audit-bot").email
    fake_keyring = types.SimpleNamespace(
        get_password=lambda service, user: f"from-keyring:{service}:{user}"
    )
    monkeypatch.setitem(sys.modules, "keyring", fake_keyring)
    assert resolve_password(settings, {"CASE_AUDIT_SMTP_PASSWORD": "from-env"}) == "from-env"
    assert resolve_password(settings, {}) == "from-keyring:case-audit:audit-bot"
    monkeypatch.setitem(sys.modules, "keyring", None)  # not installed
    assert resolve_password(settings, {}) is None


def test_a_user_without_a_password_is_refused_before_connecting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "keyring", None)
    make_month_folder(tmp_path)
    params = make_params(smtp_port=free_port(), username="audit-bot")
    with pytest.raises(SendError, match="no password for SMTP user audit-bot"):
        send_month(MONTH, TO, tmp_path, params, env={})
    assert read_log(tmp_path / MONTH) == []


def test_the_password_is_not_sent_unencrypted_to_a_remote_host(tmp_path: Path) -> None:
    month_dir = make_month_folder(tmp_path)
    settings = make_params(smtp_host="smtp.testshire.example", username="audit-bot").email
    message = build_message(month_dir, make_params(), TO, publication=False)
    with pytest.raises(SendError, match="will not send the SMTP password unencrypted"):
        send_message(message, settings, "secret")


# --- a real SMTP server on loopback ----------------------------------------------------------


def test_the_message_arrives_with_its_attachments_and_is_logged(tmp_path: Path) -> None:
    month_dir = make_month_folder(tmp_path)
    handler = RecordingHandler()
    with running_smtp_server(handler) as port:
        result = send_month(MONTH, TO, tmp_path, make_params(smtp_port=port), env={})
    assert result.status == "sent"
    [received] = handler.received
    assert received.rcpt_tos == TO
    assert received.mail_from == "case-audit@testshire.example"
    message = received.message
    assert message["Subject"] == "Testshire Council: monthly case audit, June 2019"
    assert message["To"] == TO[0] and message["Date"] and message["Message-ID"]
    parts = {part.get_filename(): part.get_content() for part in message.iter_attachments()}
    assert parts["report.pdf"] == (month_dir / "report.pdf").read_bytes()
    assert parts["report.html"] == (month_dir / "report.html").read_text("utf-8")
    [entry] = read_log(month_dir)
    assert entry["status"] == "sent" and entry["recipients"] == TO
    assert entry["subject"] == message["Subject"]
    assert entry["attachments"][1] == {
        "name": "report.pdf",
        "bytes": 21,
        "sha256": hashlib.sha256(b"%PDF-1.4 fake report\n").hexdigest(),
    }


def test_a_missing_pdf_is_sent_without_it_and_said(tmp_path: Path) -> None:
    make_month_folder(tmp_path, pdf=False)
    handler = RecordingHandler()
    with running_smtp_server(handler) as port:
        result = send_month(MONTH, TO, tmp_path, make_params(smtp_port=port), env={})
    assert attachment_names(handler.received[0].message) == ["report.html"]
    assert "no report.pdf to attach" in result.describe()


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_login_uses_the_password_from_the_environment(tmp_path: Path) -> None:
    make_month_folder(tmp_path)
    handler = RecordingHandler()
    options = {
        "authenticator": password_authenticator("audit-bot", "right"),
        "auth_required": True,
        "auth_require_tls": False,  # plain loopback only, for the test
    }
    with running_smtp_server(handler, **options) as port:
        params = make_params(smtp_port=port, username="audit-bot")
        send_month(MONTH, TO, tmp_path, params, env={"CASE_AUDIT_SMTP_PASSWORD": "right"})
        assert len(handler.received) == 1
        with pytest.raises(SendError, match="refused the login for audit-bot: 535"):
            send_month(MONTH, TO, tmp_path, params, env={"CASE_AUDIT_SMTP_PASSWORD": "wrong"})
    assert [e["status"] for e in read_log(tmp_path / MONTH)] == ["sent", "failed"]


def test_connection_refused_is_a_clear_error_and_nothing_is_marked_sent(tmp_path: Path) -> None:
    month_dir = make_month_folder(tmp_path)
    closed_port = free_port()
    with pytest.raises(
        SendError, match=f"could not connect to the SMTP server at .*:{closed_port}"
    ):
        send_month(MONTH, TO, tmp_path, make_params(smtp_port=closed_port), env={})
    [entry] = read_log(month_dir)
    assert entry["status"] == "failed" and "could not connect" in entry["error"]


def test_a_server_refusing_the_message_is_a_clear_error(tmp_path: Path) -> None:
    month_dir = make_month_folder(tmp_path)
    handler = RecordingHandler(reply="554 Transaction failed: message rejected")
    with running_smtp_server(handler) as port:
        with pytest.raises(SendError, match="refused the message: 554 Transaction failed"):
            send_month(MONTH, TO, tmp_path, make_params(smtp_port=port), env={})
    assert [entry["status"] for entry in read_log(month_dir)] == ["failed"]


def test_starttls_is_required_when_configured(tmp_path: Path) -> None:
    month_dir = make_month_folder(tmp_path)
    handler = RecordingHandler()
    with running_smtp_server(handler) as port:  # offers no STARTTLS
        params = make_params(smtp_port=port, security="starttls")
        with pytest.raises(SendError, match="does not offer STARTTLS"):
            send_month(MONTH, TO, tmp_path, params, env={})
    assert handler.received == []
    assert [entry["status"] for entry in read_log(month_dir)] == ["failed"]


def test_starttls_upgrades_the_connection_when_offered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = make_self_signed_certificate(tmp_path)
    if made is None:
        pytest.skip("openssl tool not installed")
    cert, key = made
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # the client trusts the test certificate
    make_month_folder(tmp_path)
    handler = RecordingHandler()
    tls = server_tls_context(cert, key)
    with running_smtp_server(handler, tls_context=tls, require_starttls=True) as port:
        params = make_params(smtp_port=port, security="starttls")
        send_month(MONTH, TO, tmp_path, params, env={})
    assert len(handler.received) == 1


def test_dry_run_writes_the_eml_and_does_not_connect(tmp_path: Path) -> None:
    month_dir = make_month_folder(tmp_path)
    params = make_params(smtp_port=free_port())  # nothing listens there
    result = send_month(MONTH, TO, tmp_path, params, dry_run=True, env={})
    assert result.status == "dry-run"
    assert result.eml_path == month_dir / "email-2019-06.eml"
    message = message_from_bytes(result.eml_path.read_bytes(), policy=policy.default)
    assert message["Subject"] == "Testshire Council: monthly case audit, June 2019"
    assert attachment_names(message) == ["report.html", "report.pdf"]
    [entry] = read_log(month_dir)
    assert entry["status"] == "dry-run" and entry["eml"] == "email-2019-06.eml"


def test_dry_run_still_refuses_what_sending_would(tmp_path: Path) -> None:
    make_month_folder(tmp_path, status="failed")
    with pytest.raises(SendError, match="is failed"):
        send_month(MONTH, TO, tmp_path, make_params(), dry_run=True, env={})
    assert not (tmp_path / MONTH / "email-2019-06.eml").exists()


# --- the command ---------------------------------------------------------------------------


def make_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, port: int
) -> tuple[typer.Typer, list[str]]:
    for name in ("HOST", "PORT", "SECURITY", "USER", "SENDER", "PASSWORD"):
        monkeypatch.delenv(f"CASE_AUDIT_SMTP_{name}", raising=False)
    monkeypatch.setenv("CASE_AUDIT_SMTP_HOST", LOOPBACK)
    monkeypatch.setenv("CASE_AUDIT_SMTP_PORT", str(port))
    monkeypatch.setenv("CASE_AUDIT_SMTP_SECURITY", "none")
    params_file = tmp_path / "email.yaml"
    params_file.write_text(
        "authority: Testshire Council\n"
        "email:\n  sender: case-audit@testshire.example\n  allowed_domains: [testshire.example]\n",
        "utf-8",
    )
    app = typer.Typer()
    app.command("send")(send_command)
    app.command("other")(lambda: None)  # two commands, so "send" is named as in the real CLI
    common = ["send", "--month", MONTH, "--output-dir", str(tmp_path)]
    return app, [*common, "--params-file", str(params_file)]


def test_command_sends_and_prints_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_month_folder(tmp_path)
    handler = RecordingHandler()
    with running_smtp_server(handler) as port:
        app, args = make_cli(tmp_path, monkeypatch, port)
        result = CliRunner().invoke(app, [*args, "--to", TO[0], "--to", "alex@testshire.example"])
    assert result.exit_code == 0, result.output
    assert result.output.count("\n") == 1
    assert result.output.startswith("Sent 'Testshire Council: monthly case audit, June 2019' to ")
    assert handler.received[0].rcpt_tos == [TO[0], "alex@testshire.example"]


def test_command_refusal_exits_1_with_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_month_folder(tmp_path)
    app, args = make_cli(tmp_path, monkeypatch, free_port())
    result = CliRunner().invoke(app, [*args, "--to", TO[0], "--publication"])
    assert result.exit_code == 1
    assert "Not sent:" in result.output and "--publication" in result.output
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)


def test_command_dry_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_month_folder(tmp_path)
    app, args = make_cli(tmp_path, monkeypatch, free_port())
    result = CliRunner().invoke(app, [*args, "--to", TO[0], "--dry-run"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Dry run: wrote ") and "not sent" in result.output


def mark_latest_run_failed(month_dir: Path) -> None:
    """run.json as the runner leaves it when a rerun of a complete month failed."""
    run = json.loads((month_dir / "run.json").read_text())
    run |= {
        "status": "failed",
        "files": {"report.html": "run-1"},
        "latest_run": {
            "run_id": "run-2",
            "status": "failed",
            "failed_pages": ["visits"],
            "finished_at": "2019-07-06T10:00:00+00:00",
            "folder": f"{MONTH}.failed",
        },
    }
    (month_dir / "run.json").write_text(json.dumps(run))


def test_a_month_whose_latest_run_failed_is_refused_unless_allowed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mark_latest_run_failed(make_month_folder(tmp_path))
    app, args = make_cli(tmp_path, monkeypatch, free_port())
    refused = CliRunner().invoke(app, [*args, "--to", TO[0], "--dry-run"])
    assert refused.exit_code == 1
    assert "latest run of 2019-06 (run-2" in refused.output and "visits" in refused.output
    assert "--allow-failed" in refused.output
    allowed = CliRunner().invoke(app, [*args, "--to", TO[0], "--dry-run", "--allow-failed"])
    assert allowed.exit_code == 0, allowed.output


def test_a_month_outside_the_outputs_is_never_read_or_echoed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("password: hunter2\n")
    app, args = make_cli(tmp_path, monkeypatch, free_port())
    args[args.index("--month") + 1] = str(Path("..") / ".." / secret.with_suffix(""))
    result = CliRunner().invoke(app, [*args, "--to", TO[0], "--dry-run"])
    assert result.exit_code == 2
    assert "--month" in result.output and "YYYY-MM" in result.output
    assert "hunter2" not in result.output and "password" not in result.output


def test_a_line_break_in_the_authority_is_named_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_month_folder(tmp_path)
    app, args = make_cli(tmp_path, monkeypatch, free_port())
    params_file = Path(args[args.index("--params-file") + 1])
    params_file.write_text(params_file.read_text().replace("Testshire Council", '"Test\\nshire"'))
    result = CliRunner().invoke(app, [*args, "--to", TO[0], "--dry-run"])
    assert result.exit_code == 2
    assert "authority" in result.output and "one line" in result.output
    assert "Traceback" not in result.output
