"""Delivering the message over SMTP, and the `sent.log` of every attempt (one JSON line each)."""

from __future__ import annotations

import hashlib
import ipaddress
import json
import smtplib
import ssl
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from helpers.settings.params import EmailSettings
from helpers.sharing.send_checks import (
    ENV_PREFIX,
    KEYRING_SERVICE,
    PASSWORD_ENV,
    SENT_LOG,
    SMTP_TIMEOUT_SECONDS,
    SendError,
)

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
