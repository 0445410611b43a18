"""The email for a month's pack: subject, headline figures and body (text and HTML), attachments.

The body carries only headline figures from `metrics.json` (no child-level data); the full
report travels as attachments.
"""

from __future__ import annotations

import html
import mimetypes
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Any

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
from helpers.settings.params import Params
from helpers.settings.periods import month_label, period_label, previous_month
from helpers.sharing.send_checks import (
    ENV_PREFIX,
    SendError,
    attachment_paths,
    load_json,
    validate_recipients,
    validate_sender,
)

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
    if metrics.get("first_data_month") == month:  # not "no score for December 2016"
        change = f"{month_label(month)} is the first month of data"
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
