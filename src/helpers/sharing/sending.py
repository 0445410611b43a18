"""Send a month's report pack by email: checks, the message, SMTP, and `sent.log`.

The body carries only headline figures from `metrics.json` (no child-level data); the full
report travels as attachments. Every attempt that reaches the send step (sent, failed or
dry-run) is appended to `<month folder>/sent.log` as one JSON line.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from helpers.settings.params import Params, ParamsError, load_params
from helpers.settings.periods import parse_month
from helpers.sharing.delivery import (
    describe_attachment,
    describe_missing_password,
    send_message,
    write_sent_log,
)
from helpers.sharing.email_message import build_message
from helpers.sharing.send_checks import (
    PUBLICATION_FOLDER,
    SendError,
    check_sendable,
    resolve_email_settings,
    resolve_password,
    validate_recipients,
)


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
