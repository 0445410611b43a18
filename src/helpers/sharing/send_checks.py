"""Before sending a month's pack: email settings from parameters and environment, and the checks
that the run, the recipients, the sender and the attachments are fit to send.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.utils import getaddresses
from pathlib import Path
from typing import Any

from helpers.settings.params import EmailSettings, Params
from helpers.settings.periods import parse_month

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
