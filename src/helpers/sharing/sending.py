"""Send a month's report pack by email: checks, the message, SMTP, and `sent.log`.

The body carries only headline figures from `metrics.json` (no child-level data); the full
report travels as attachments. Every attempt that reaches the send step (sent, failed or
dry-run) is appended to `<month folder>/sent.log` as one JSON line.
"""

from __future__ import annotations

import hashlib
import html
import ipaddress
import json
import mimetypes
import os
import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, getaddresses, make_msgid
from pathlib import Path
from typing import Annotated, Any

import typer

from helpers.safe.notice import describe_publication_note
from helpers.settings.contract import GOOD_OR_BETTER, GRADES
from helpers.settings.formatting import (
    SUPPRESSED,
    VISIT_RATE_PLACES,
    change_as_shown,
    fmt_count,
    fmt_rate,
    fmt_rate_beside,
    fmt_score,
    is_hidden,
    is_missing,
)
from helpers.settings.params import EmailSettings, Params, ParamsError, load_params
from helpers.settings.periods import month_label, parse_month, period_label, previous_month

KEYRING_SERVICE = "case-audit"
ENV_PREFIX = "CASE_AUDIT_SMTP_"
PASSWORD_ENV = ENV_PREFIX + "PASSWORD"
# The runner's section pages (helpers.running.runner.SECTIONS), not imported to keep this module light.
SECTIONS: tuple[str, ...] = ("compliance", "scores", "judgements", "themes", "visits")
SENT_LOG = "sent.log"
PUBLICATION_FOLDER = "publication"  # helpers.running.publication.FOLDER
SMTP_TIMEOUT_SECONDS = 30
MEGABYTE = 1024 * 1024


class SendError(RuntimeError):
    """The pack cannot be (or was not) sent; the message says what is wrong and how to fix it."""


@dataclass(frozen=True)
class SendResult:
    status: str  # "sent" or "dry-run"
    month: str
    recipients: list[str]
    subject: str
    attachments: list[str]
    log_path: Path
    eml_path: Path | None = None
    notes: list[str] = field(default_factory=list)

    def describe(self) -> str:
        """One line for the terminal."""
        attached = ", ".join(self.attachments)
        notes = "".join(f" ({note})" for note in self.notes)
        if self.status == "dry-run":
            return (
                f"Dry run: wrote {self.eml_path} for {', '.join(self.recipients)}; not sent{notes}"
            )
        return f"Sent '{self.subject}' to {', '.join(self.recipients)} with {attached}{notes}"


# --- settings -------------------------------------------------------------------------------


def _env(env: Mapping[str, str], name: str) -> str | None:
    value = env.get(ENV_PREFIX + name, "").strip()
    return value or None


def resolve_email_settings(settings: EmailSettings, env: Mapping[str, str]) -> EmailSettings:
    """`settings` with CASE_AUDIT_SMTP_HOST/_PORT/_SECURITY/_USER/_SENDER laid over them."""
    update: dict[str, Any] = {}
    for name, key in (("HOST", "smtp_host"), ("USER", "username"), ("SENDER", "sender")):
        if (value := _env(env, name)) is not None:
            update[key] = value
    if (port := _env(env, "PORT")) is not None:
        if not port.isdigit() or not 1 <= int(port) <= 65535:
            raise SendError(f"{ENV_PREFIX}PORT must be a port number 1-65535, got {port!r}")
        update["smtp_port"] = int(port)
    if (security := _env(env, "SECURITY")) is not None:
        if security.lower() not in ("starttls", "ssl", "none"):
            raise SendError(f"{ENV_PREFIX}SECURITY must be starttls, ssl or none, got {security!r}")
        update["security"] = security.lower()
    return settings.model_copy(update=update)


def resolve_password(settings: EmailSettings, env: Mapping[str, str]) -> str | None:
    """The SMTP password from CASE_AUDIT_SMTP_PASSWORD, else the keyring; never from a file."""
    if password := env.get(PASSWORD_ENV):
        return password
    if not settings.username:
        return None
    try:
        import keyring  # optional: only used when installed
    except ImportError:
        return None
    try:
        return keyring.get_password(KEYRING_SERVICE, settings.username)
    except Exception:  # any keyring backend failure means "no stored password"
        return None


# --- checks ---------------------------------------------------------------------------------


def load_json(path: Path, what: str) -> dict[str, Any]:
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SendError(f"{path} not found: {what}") from None
    except json.JSONDecodeError as error:
        raise SendError(f"{path} is not valid JSON ({error}): rerun the month") from None
    if not isinstance(loaded, dict):
        raise SendError(f"{path} should hold a JSON object: rerun the month")
    return loaded


def validate_run(
    run: dict[str, Any], month: str, publication: bool, allow_failed: bool = False
) -> None:
    """SendError unless run.json shows a complete run of `month` (a publication run if asked).

    When the month's latest run failed, the month still holds the files of its last complete run:
    those are sent only with `allow_failed`.
    """
    rerun = f"case-audit run --month {month}" + (" --publication" if publication else "")
    if run.get("month") != month:
        raise SendError(f"run.json is for month {run.get('month')!r}, not {month}: run `{rerun}`")
    status = run.get("status")
    latest = run.get("latest_run") if isinstance(run.get("latest_run"), dict) else {}
    if status != "complete" and latest.get("status") == "failed" and run.get("files"):
        if allow_failed:
            return
        pages = ", ".join(latest.get("failed_pages") or []) or "unknown"
        raise SendError(
            f"the latest run of {month} ({latest.get('run_id')}, finished "
            f"{latest.get('finished_at')}) failed (pages: {pages}; see "
            f"{latest.get('folder') or month + '.failed'}/run.json), so the files in the month "
            "folder are from an earlier complete run and may be out of date: fix the problem and "
            f"run `{rerun}` again, or send the earlier files with --allow-failed"
        )
    if status != "complete":
        # The runner records per-page results under "pages"; "sections" is accepted too.
        sections = run.get("pages") or run.get("sections") or {}
        unfinished = [
            name
            for name, section in sections.items()
            if isinstance(section, dict) and section.get("status") != "done"
        ]
        detail = f" (sections not done: {', '.join(unfinished)})" if unfinished else ""
        raise SendError(
            f"the run for {month} is {status or 'of unknown status'}{detail}, not complete: "
            f"fix the problem and run `{rerun}` again before sending"
        )
    if publication and not run.get("publication"):
        raise SendError(
            f"--publication was asked but the {month} run was not a publication run, so its "
            f"reports do not suppress small counts: make one with `{rerun}`"
        )


def validate_recipients(recipients: list[str], allowed_domains: list[str]) -> list[str]:
    """Each recipient as a plain address; SendError naming any invalid or not-allowed address.

    An entry may hold several comma-separated addresses and a display name (`Sam <s@x.example>`).
    A domain must match an allowed domain exactly (a subdomain is a different organisation).
    """
    addresses: list[str] = []
    for entry in recipients:
        if not entry.strip():
            continue
        for name, addr_spec in getaddresses([entry]):
            try:
                address = Address(display_name=name, addr_spec=addr_spec)
            except (HeaderParseError, ValueError, IndexError):
                address = None
            if address is None or not address.username or "." not in address.domain:
                raise SendError(
                    f"{(addr_spec or entry).strip()!r} is not a valid email address "
                    "(expected user@domain.example)"
                )
            addresses.append(address.addr_spec)
    if not addresses:
        raise SendError("no recipients: give at least one --to ADDRESS")
    allowed = {domain.strip().lower() for domain in allowed_domains if domain.strip()}
    if allowed:
        outside = [a for a in addresses if a.rsplit("@", 1)[1].lower() not in allowed]
        if outside:
            raise SendError(
                f"{', '.join(outside)} outside the allowed domains ({', '.join(sorted(allowed))}) "
                "set in email.allowed_domains of the parameters"
            )
    return list(dict.fromkeys(addresses))


def attachment_paths(month_dir: Path, attach_sections: bool) -> list[Path]:
    """report.html, report.pdf and (if asked) each section's .html/.pdf, those that exist."""
    names = ["report.html", "report.pdf"]
    if attach_sections:
        names += [f"{section}.{ext}" for section in SECTIONS for ext in ("html", "pdf")]
    return [month_dir / name for name in names if (month_dir / name).is_file()]


def check_sendable(
    month_dir: Path,
    month: str,
    params: Params,
    recipients: list[str],
    publication: bool,
    allow_failed: bool = False,
) -> list[Path]:
    """The attachments to send; SendError naming the first thing that stops the send."""
    try:
        parse_month(month)
    except ValueError as error:
        raise SendError(str(error)) from None
    rerun = f"case-audit run --month {month}" + (" --publication" if publication else "")
    failed_dir = month_dir.with_name(f"{month_dir.name}.failed")
    if not month_dir.is_dir() and failed_dir.is_dir():
        raise SendError(
            f"the last run of {month} failed (see {failed_dir / 'run.json'}): fix the problem and "
            f"run `{rerun}` again before sending"
        )
    if not month_dir.is_dir():
        raise SendError(
            f"{month_dir} does not exist: the month has not been run (run `{rerun}` first)"
        )
    run = load_json(month_dir / "run.json", f"run `{rerun}` first")
    validate_run(run, month, publication, allow_failed)
    load_json(month_dir / "metrics.json", "the run left no figures; run the month again")
    validate_recipients(recipients, params.email.allowed_domains)
    if not params.email.sender:
        raise SendError(f"no sender: set email.sender in the parameters or {ENV_PREFIX}SENDER")
    validate_sender(params.email.sender)
    if not (month_dir / "report.html").is_file():
        raise SendError(f"{month_dir / 'report.html'} not found: run the month again")
    attachments = attachment_paths(month_dir, params.email.attach_sections)
    limit = params.email.max_attachment_mb
    for path in attachments:
        size_mb = path.stat().st_size / MEGABYTE
        if size_mb > limit:
            raise SendError(
                f"{path.name} is {size_mb:.1f} MB, over the {limit:g} MB limit "
                "(email.max_attachment_mb in the parameters): share it another way"
            )
    return attachments


def validate_sender(sender: str) -> Address:
    try:
        address = Address(addr_spec=sender.strip())
    except (HeaderParseError, ValueError, IndexError):
        raise SendError(f"sender {sender!r} is not a valid email address") from None
    if not address.username or not address.domain:
        raise SendError(f"sender {sender!r} is not a valid email address")
    return address


# --- the message ----------------------------------------------------------------------------


def describe_against_target(
    value: float | None, target: float | None, shown: str, higher_is_better: bool = True
) -> str:
    """`meets target (target 90%)` or `below target (target 90%)`; '' when there is no target."""
    if target is None:
        return ""
    target_text = fmt_rate(target)
    if is_missing(value) or shown == SUPPRESSED:
        return f"not assessed (target {target_text})"
    met = value >= target if higher_is_better else value <= target
    return f"{'meets' if met else 'below'} target (target {target_text})"


def describe_score_change(
    current: float | None, previous: float | None, previous_label: str
) -> str:
    if is_hidden(current) or is_hidden(previous):
        return f"not compared with {previous_label} ({SUPPRESSED})"
    if is_missing(current) or is_missing(previous):
        return f"no score for {previous_label} to compare"
    # The change is taken between the figures as shown, as in the report's scores table.
    change = change_as_shown(previous, current)
    if not change:
        return f"no change from {fmt_score(previous)} in {previous_label}"
    direction = "up" if change > 0 else "down"
    return f"{direction} {abs(change)} from {fmt_score(previous)} in {previous_label}"


def _previous_mean(metrics: dict[str, Any]) -> float | None:
    scores = metrics.get("scores") or {}
    previous = scores.get("previous_month")
    if isinstance(previous, dict):
        return previous.get("overall_mean")
    wanted = metrics.get("previous_month")
    for entry in scores.get("trend") or []:
        if entry.get("month") == wanted:
            return entry.get("overall_mean")
    return None


def _target(metrics: dict[str, Any], params: Params, key: str) -> Any:
    targets = metrics.get("targets")
    if isinstance(targets, dict) and key in targets:
        return targets[key]
    return getattr(params.targets, key)


def compute_headlines(
    metrics: dict[str, Any], params: Params, publication: bool
) -> list[tuple[str, str, str]]:
    """(measure, figure, status against target) rows for the email body, formatted for print."""
    month = metrics["month"]
    rows: list[tuple[str, str, str]] = []

    compliance = metrics.get("compliance") or {}
    target = compliance.get("target", _target(metrics, params, "compliance_rate"))
    allocated, returned = compliance.get("allocated"), compliance.get("returned")
    shown = fmt_rate_beside(compliance.get("rate"), target, allocated, publication)
    figure = (
        f"{shown} ({fmt_count(returned, publication)} of "
        f"{fmt_count(allocated, publication)} audits returned)"
    )
    status = describe_against_target(compliance.get("rate"), target, shown)
    rows.append(("Audit compliance", figure, status))

    cut = (metrics.get("scores") or {}).get("month") or {}
    mean = cut.get("overall_mean")
    previous_label = month_label(metrics.get("previous_month") or previous_month(month))
    change = describe_score_change(mean, _previous_mean(metrics), previous_label)
    rows.append(
        ("Average score across all seven domains (1-10)", f"{fmt_score(mean)} ({change})", "")
    )

    counts = cut.get("judgement_counts") or {}
    judgements = ", ".join(
        f"{grade} {fmt_count(counts.get(grade), publication)}" for grade in GRADES
    )
    rows.append(("Judgements", judgements, ""))
    inadequate = counts.get("Inadequate")
    max_inadequate = _target(metrics, params, "max_inadequate")
    if max_inadequate is not None and not is_missing(inadequate):
        inadequate_shown = fmt_count(inadequate, publication)
        limit = "none" if max_inadequate == 0 else f"no more than {max_inadequate}"
        if inadequate_shown == SUPPRESSED:
            status = f"not assessed (target {limit})"
        elif inadequate <= max_inadequate:
            status = f"meets target (target {limit})"
        else:
            status = f"above target (target {limit})"
        rows.append(("Inadequate judgements", inadequate_shown, status))
    good_target = _target(metrics, params, "good_or_better_share")
    n = cut.get("n")
    if good_target is not None and n:
        parts = [counts.get(grade) or 0 for grade in GOOD_OR_BETTER]
        hidden = is_hidden(n) or any(is_hidden(part) for part in parts)
        share = cut.get("good_or_better_share", SUPPRESSED if hidden else sum(parts) / n)
        shown = fmt_rate_beside(share, good_target, n, publication)
        status = describe_against_target(share, good_target, shown)
        rows.append(("Good or Outstanding", shown, status))

    visits = metrics.get("visits") or {}
    year_to_date = visits.get("year_to_date") or []
    if visits.get("available", True) and year_to_date:
        latest = year_to_date[-1]
        target = visits.get("target", _target(metrics, params, "visits_on_time_rate"))
        shown = fmt_rate_beside(
            latest.get("on_time_rate"), target, latest.get("due"), publication, VISIT_RATE_PLACES
        )
        period = period_label(latest["from"], latest["to"])
        figure = f"{shown} of {fmt_count(latest.get('due'), publication)} due ({period})"
        status = describe_against_target(latest.get("on_time_rate"), target, shown)
        rows.append(("Visits on time, year to date", figure, status))
    else:
        rows.append(("Visits on time, year to date", "no visits data this month", ""))
    return rows


def describe_subject(params: Params, month: str, publication: bool) -> str:
    suffix = " (publication version)" if publication else ""
    return f"{params.authority}: monthly case audit, {month_label(month)}{suffix}"


def describe_body_text(
    params: Params, month: str, rows: list[tuple[str, str, str]], attachments: list[Path], pub: bool
) -> str:
    lines = [
        f"{params.service}, {params.authority}",
        f"Monthly case audit: {month_label(month)}",
        "",
    ]
    for measure, figure, status in rows:
        lines.append(f"- {measure}: {figure}" + (f" - {status}" if status else ""))
    lines += ["", "Attached: " + ", ".join(p.name for p in attachments) + "."]
    if pub:
        lines.append(describe_publication_note(params.publication.threshold))
    return "\n".join(lines) + "\n"


def describe_body_html(
    params: Params, month: str, rows: list[tuple[str, str, str]], attachments: list[Path], pub: bool
) -> str:
    # Inline styles and one plain table only: Outlook and Gmail drop <style> blocks and scripts,
    # and nothing external (images, fonts, links) is fetched.
    esc = html.escape
    cell = "padding:4px 8px;border:1px solid #999999;text-align:left;vertical-align:top;"
    body_rows = "\n".join(
        f'<tr><th scope="row" style="{cell}">{esc(measure)}</th>'
        f'<td style="{cell}">{esc(figure)}</td><td style="{cell}">{esc(status)}</td></tr>'
        for measure, figure, status in rows
    )
    notes = f"<p>Attached: {esc(', '.join(p.name for p in attachments))}.</p>"
    if pub:
        notes += f"<p>{esc(describe_publication_note(params.publication.threshold))}</p>"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f"<title>{esc(describe_subject(params, month, pub))}</title></head>\n"
        '<body style="font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#000000;">\n'
        f"<p>{esc(params.service)}, {esc(params.authority)}</p>\n"
        f'<h1 style="font-size:18px;">Monthly case audit: {esc(month_label(month))}</h1>\n'
        '<table style="border-collapse:collapse;">\n'
        f'<tr><th style="{cell}">Measure</th><th style="{cell}">{esc(month_label(month))}</th>'
        f'<th style="{cell}">Against target</th></tr>\n'
        f"{body_rows}\n</table>\n{notes}\n</body></html>\n"
    )


def build_message(
    month_dir: Path, params: Params, recipients: list[str], publication: bool
) -> EmailMessage:
    """The email for the month in `month_dir`: headline figures as text and HTML, pack attached.

    Suppresses small counts when `publication` is asked or the run itself was a publication run.
    """
    metrics = load_json(month_dir / "metrics.json", "the run left no figures; run the month again")
    run_path = month_dir / "run.json"
    run = load_json(run_path, "the month has not been run") if run_path.exists() else {}
    publication = publication or bool(run.get("publication")) or bool(metrics.get("publication"))
    month = metrics["month"]
    if not params.email.sender:
        raise SendError(f"no sender: set email.sender in the parameters or {ENV_PREFIX}SENDER")
    sender = validate_sender(params.email.sender)
    addresses = validate_recipients(recipients, params.email.allowed_domains)
    attachments = attachment_paths(month_dir, params.email.attach_sections)
    rows = compute_headlines(metrics, params, publication)

    message = EmailMessage()
    message["From"] = sender
    message["To"] = ", ".join(addresses)
    message["Subject"] = describe_subject(params, month, publication)
    message["Date"] = formatdate(localtime=True)
    # The sender's domain, not this machine's host name, goes into the Message-ID.
    message["Message-ID"] = make_msgid(domain=sender.domain)
    message.set_content(describe_body_text(params, month, rows, attachments, publication))
    message.add_alternative(
        describe_body_html(params, month, rows, attachments, publication), subtype="html"
    )
    for path in attachments:
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        maintype, subtype = kind.split("/", 1)
        message.add_attachment(
            path.read_bytes(), maintype=maintype, subtype=subtype, filename=path.name
        )
    return message


# --- sending and the log --------------------------------------------------------------------


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def describe_missing_password(settings: EmailSettings) -> str:
    return (
        f"no password for SMTP user {settings.username}: set {PASSWORD_ENV} or store it "
        f"in the keyring (service '{KEYRING_SERVICE}', user '{settings.username}')"
    )


def send_message(message: EmailMessage, settings: EmailSettings, password: str | None) -> None:
    """Hand `message` to the SMTP server in `settings`; SendError with a clear reason on failure."""
    where = f"{settings.smtp_host}:{settings.smtp_port}"
    if settings.username and not password:
        raise SendError(describe_missing_password(settings))
    if password and settings.security == "none" and not _is_loopback(settings.smtp_host):
        raise SendError(
            f"will not send the SMTP password unencrypted to {where}: "
            "set email.security to starttls or ssl"
        )
    context = ssl.create_default_context()
    try:
        if settings.security == "ssl":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                settings.smtp_host,
                settings.smtp_port,
                timeout=SMTP_TIMEOUT_SECONDS,
                context=context,
            )
        else:
            smtp = smtplib.SMTP(
                settings.smtp_host, settings.smtp_port, timeout=SMTP_TIMEOUT_SECONDS
            )
        with smtp:
            smtp.ehlo()
            if settings.security == "starttls":
                if not smtp.has_extn("starttls"):
                    raise SendError(
                        f"the SMTP server at {where} does not offer STARTTLS: "
                        "set email.security to ssl (or none for a local relay)"
                    )
                smtp.starttls(context=context)
                smtp.ehlo()
            if settings.username and password:
                smtp.login(settings.username, password)
            refused = smtp.send_message(message)
    except SendError:
        raise
    except smtplib.SMTPAuthenticationError as error:
        raise SendError(
            f"the SMTP server at {where} refused the login for {settings.username}: "
            f"{error.smtp_code} {_text(error.smtp_error)}"
        ) from None
    except smtplib.SMTPRecipientsRefused as error:
        raise SendError(
            f"the SMTP server at {where} refused every recipient: {_refusals(error.recipients)}"
        ) from None
    except smtplib.SMTPSenderRefused as error:
        raise SendError(
            f"the SMTP server at {where} refused the sender {error.sender}: "
            f"{error.smtp_code} {_text(error.smtp_error)}"
        ) from None
    except smtplib.SMTPResponseException as error:
        raise SendError(
            f"the SMTP server at {where} refused the message: "
            f"{error.smtp_code} {_text(error.smtp_error)}"
        ) from None
    except (smtplib.SMTPException, ssl.SSLError) as error:
        raise SendError(f"sending through {where} failed: {error}") from None
    except OSError as error:
        raise SendError(
            f"could not connect to the SMTP server at {where}: "
            f"{error.strerror or error} (check email.smtp_host/smtp_port or {ENV_PREFIX}HOST/PORT)"
        ) from None
    if refused:
        raise SendError(
            f"the SMTP server at {where} accepted the message for some recipients but refused "
            f"{_refusals(refused)}"
        )


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _refusals(refused: dict[str, tuple[int, bytes]]) -> str:
    return "; ".join(f"{addr} ({code} {_text(reason)})" for addr, (code, reason) in refused.items())


def describe_attachment(path: Path) -> dict[str, Any]:
    data = path.read_bytes()
    return {"name": path.name, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def write_sent_log(month_dir: Path, entry: dict[str, Any]) -> Path:
    """Append one JSON line to `<month_dir>/sent.log`."""
    path = month_dir / SENT_LOG
    with path.open("a", encoding="utf-8") as log:
        log.write(json.dumps(entry, ensure_ascii=False) + "\n")
    return path


def send_month(
    month: str,
    recipients: list[str],
    output_dir: Path,
    params: Params,
    publication: bool = False,
    dry_run: bool = False,
    env: Mapping[str, str] = os.environ,
    allow_failed: bool = False,
) -> SendResult:
    """Check, build and send (or, with `dry_run`, write as .eml) the pack for `month`; log it."""
    # The publication pack lives in its own folder: `send --publication` sends only that.
    month_dir = Path(output_dir) / month
    if publication:
        month_dir = month_dir / PUBLICATION_FOLDER
    settings = resolve_email_settings(params.email, env)
    params = params.model_copy(update={"email": settings})
    attachments = check_sendable(month_dir, month, params, recipients, publication, allow_failed)
    password = None if dry_run else resolve_password(settings, env)
    if not dry_run and settings.username and not password:
        raise SendError(describe_missing_password(settings))
    message = build_message(month_dir, params, recipients, publication)
    addresses = validate_recipients(recipients, settings.allowed_domains)
    notes = [] if (month_dir / "report.pdf").is_file() else ["no report.pdf to attach"]
    entry: dict[str, Any] = {
        "time": datetime.now(UTC).isoformat(timespec="seconds"),
        "month": month,
        "recipients": addresses,
        "subject": str(message["Subject"]),
        "message_id": str(message["Message-ID"]),
        "attachments": [describe_attachment(path) for path in attachments],
    }
    result = {
        "month": month,
        "recipients": addresses,
        "subject": str(message["Subject"]),
        "attachments": [path.name for path in attachments],
        "notes": notes,
    }
    if dry_run:
        eml_path = month_dir / f"email-{month}.eml"
        eml_path.write_bytes(message.as_bytes())
        log_path = write_sent_log(month_dir, {**entry, "status": "dry-run", "eml": eml_path.name})
        return SendResult(status="dry-run", log_path=log_path, eml_path=eml_path, **result)
    try:
        send_message(message, settings, password)
    except SendError as error:
        write_sent_log(month_dir, {**entry, "status": "failed", "error": str(error)})
        raise
    log_path = write_sent_log(month_dir, {**entry, "status": "sent"})
    return SendResult(status="sent", log_path=log_path, **result)


# --- command line ---------------------------------------------------------------------------


def send_command(
    month: Annotated[
        str, typer.Option("--month", metavar="YYYY-MM", help="Report month, YYYY-MM.")
    ],
    to: Annotated[
        list[str],
        typer.Option(
            "--to", metavar="ADDRESS", help="Recipient address; repeat, or separate with commas."
        ),
    ],
    publication: Annotated[
        bool, typer.Option("--publication", help="Send the publication (suppressed) version.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Write the .eml into the month folder; do not send.")
    ] = False,
    output_dir: Annotated[
        Path,
        typer.Option(
            "--output-dir", metavar="FOLDER", help="Folder holding the YYYY-MM month folders."
        ),
    ] = Path("outputs"),
    params_file: Annotated[
        Path | None,
        typer.Option(
            "--params-file", "--params", metavar="FILE", help="Extra parameters file laid on top."
        ),
    ] = None,
    params_dir: Annotated[
        Path | None,
        typer.Option(
            metavar="FOLDER",
            help="Folder of parameters, e.g. one written by init.",
            show_default="the suite's params/",
        ),
    ] = None,
    allow_failed: Annotated[
        bool,
        typer.Option(
            "--allow-failed",
            help="Send the month's files even though its latest run failed (they are older).",
        ),
    ] = False,
) -> None:
    """Email the month's report pack (report.html, report.pdf) with its headline figures."""
    try:
        parse_month(month)
    except ValueError as error:  # before any file is named after it
        typer.echo(f"Not sent: --month: {error}", err=True)
        raise typer.Exit(2) from None
    try:
        folder = {} if params_dir is None else {"params_dir": params_dir}
        params = load_params(month, params_file, **folder)
        result = send_month(
            month, to, output_dir, params, publication, dry_run, allow_failed=allow_failed
        )
    except ParamsError as error:  # bad parameters are bad input: exit 2
        typer.echo(f"Not sent: {error}", err=True)
        raise typer.Exit(2) from None
    except SendError as error:
        typer.echo(f"Not sent: {error}", err=True)
        raise typer.Exit(1) from None
    typer.echo(result.describe())
