"""The Chromium installed on the machine, which prints the PDFs and runs the accessibility checks.

Kept apart from `convert.py` so that finding the browser does not import nbconvert: the run's own
process only prints, and never converts a notebook.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

CHROMIUM_ENV = "CASE_AUDIT_CHROMIUM"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome-stable", "google-chrome")
# Root in a container needs --no-sandbox; the rest keep a headless print run off the network.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)


class ChromiumNotFound(RuntimeError):
    """No Chromium to print PDFs or run accessibility checks with."""


def find_chromium() -> Path | None:
    """The Chromium to use: $CASE_AUDIT_CHROMIUM if set, else the first on PATH."""
    configured = os.environ.get(CHROMIUM_ENV)
    if configured:
        path = Path(configured)
        return path if path.is_file() and os.access(path, os.X_OK) else None
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return Path(found)
    return None


def require_chromium() -> Path:
    chromium = find_chromium()
    if chromium is None:
        where = os.environ.get(CHROMIUM_ENV)
        problem = f"{CHROMIUM_ENV}={where} is not an executable file" if where else "none found"
        raise ChromiumNotFound(
            f"Chromium is needed for PDFs and accessibility checks ({problem}). "
            f"Install it with `apt-get install chromium`, "
            f"or set {CHROMIUM_ENV} to the path of a Chromium or Chrome executable."
        )
    return chromium
