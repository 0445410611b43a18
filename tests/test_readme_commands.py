"""The README's first command, `make demo`, on a fresh copy of the project, as a new analyst runs it.

Slow (it builds a new .venv), so it is marked e2e; `make test` runs it all the same.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from helpers.sharing.convert import find_chromium

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[1]


def fresh_copy(destination: Path) -> Path:
    """The files git tracks, as they are in the working tree: what a clone would hold."""
    tracked = (
        subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, tracked):
        target = destination / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    return destination


def test_readme_opens_with_make_demo_and_make_test():
    lines = [line.strip() for line in (ROOT / "README.md").read_text().splitlines()]
    commands = [line.split("#")[0].strip() for line in lines if line.startswith("make ")]
    assert commands[:2] == ["make demo", "make test"]


def test_make_demo_on_a_fresh_copy_produces_the_month(tmp_path):
    project = fresh_copy(tmp_path / "case-audit")
    environment = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    result = subprocess.run(
        ["make", "demo"], cwd=project, capture_output=True, text=True, env=environment, timeout=1200
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    month = project / "outputs" / "2019-06"
    assert json.loads((month / "run.json").read_text())["status"] == "complete"
    expected = {
        f"{page}.html"
        for page in ("report", "compliance", "scores", "judgements", "themes", "visits")
    }
    if find_chromium():
        expected |= {name.replace(".html", ".pdf") for name in expected}
    assert expected <= {p.name for p in month.iterdir()}
    help_text = subprocess.run(["make", "help"], cwd=project, capture_output=True, text=True)
    assert "demo" in help_text.stdout and "test" in help_text.stdout
