"""Small readers and writers for the files a run leaves in a month folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def write_json(path: Path, data: dict[str, Any]) -> None:
    path.write_text(
        json.dumps(data, indent=2, sort_keys=True, default=str) + "\n", encoding="utf-8"
    )


def read_run_record(month_dir: Path) -> dict[str, Any] | None:
    """The month's run.json, or None when the month has not been run there."""
    path = month_dir / "run.json"
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))
