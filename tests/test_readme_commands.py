"""The README as a new analyst follows it: a clone with nothing beside it, `make demo`, `make test`
and then every command the README shows, run as written.

Slow (it builds one new .venv in the clone, shared by every test here), so it is marked e2e;
`make test` runs it all the same.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from helpers.sharing.convert import find_chromium

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[1]
PAGES = ("report", "compliance", "scores", "judgements", "themes", "visits")
# README commands that are not run as written here, and what tests them instead.
NOT_RUN_AS_WRITTEN = {
    # The whole suite, this test included: run below in the clone on the tests that say it stands
    # alone (the rest run from the working copy anyway; the clone keeps this test's cost down).
    "make test": "run on the project, parameter, init and command-line tests",
    # A file of comments of the analyst's own; tests/test_theme_coder.py runs the command.
    ".venv/bin/case-audit code-themes ": "needs comments.csv",
    # A Dask cluster of several machines: tests/test_cluster.py runs the same on a LocalCluster.
    ".venv/bin/dask scheduler": "runs until stopped",
    ".venv/bin/dask worker ": "needs the scheduler's address",
    "--scheduler ": "needs a cluster and each authority's parameters",
}


def readme_commands(readme: str) -> list[str]:
    """Every command line of the README's ```sh blocks, in order, without its trailing comment."""
    blocks = re.findall(r"^```sh\n(.*?)^```", readme, re.M | re.S)
    lines = [line for block in blocks for line in block.replace("\\\n", " ").splitlines()]
    return [re.sub(r"\s+#.*$", "", line).strip() for line in lines if line.strip()]


def clone_repo(destination: Path) -> Path:
    """A git clone, with the working tree's uncommitted changes laid on top (what would be committed)."""
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(destination)], check=True)
    files = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    present = set()
    for name in filter(None, files.split("\0")):
        if (ROOT / name).is_file():
            present.add(name)
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, destination / name)
    cloned = subprocess.run(
        ["git", "ls-files", "-z"], cwd=destination, capture_output=True, check=True
    ).stdout.decode()
    for name in set(filter(None, cloned.split("\0"))) - present:  # deleted but not yet committed
        (destination / name).unlink()
    return destination


def shell(project: Path, command: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    return subprocess.run(
        ["bash", "-c", command],
        cwd=project,
        capture_output=True,
        text=True,
        env={**environment, **env},
        timeout=1800,
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """The clone after `make demo`: the README's first command."""
    alone = tmp_path_factory.mktemp("clone")
    project = clone_repo(alone / "case-audit")
    assert [p.name for p in alone.iterdir()] == ["case-audit"]  # nothing beside it
    result = shell(project, "make demo")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return project


def test_readme_opens_with_make_demo_and_make_test():
    assert readme_commands((ROOT / "README.md").read_text())[:2] == ["make demo", "make test"]


def test_make_demo_on_a_clone_produces_the_month(project):
    month = project / "outputs" / "2019-06"
    assert json.loads((month / "run.json").read_text())["status"] == "complete"
    expected = {f"{page}.html" for page in PAGES}
    if find_chromium():
        expected |= {f"{page}.pdf" for page in PAGES}
    assert expected <= {p.name for p in month.iterdir()}
    help_text = shell(project, "make help").stdout
    assert "demo" in help_text and "test" in help_text and "$(" not in help_text


def test_every_readme_command_runs_as_written_on_the_demo_data(project):
    commands = readme_commands((project / "README.md").read_text())
    assert commands[0] == "make demo"
    ran = []
    for command in commands[1:]:
        if any(skipped in command for skipped in NOT_RUN_AS_WRITTEN):
            continue
        result = shell(project, command)
        assert result.returncode == 0, f"{command}\n{result.stdout[-2000:]}{result.stderr[-3000:]}"
        ran.append(command)
        if " send " in command:
            assert "Dry run: wrote" in result.stdout and "not sent" in result.stdout
    assert len(ran) >= 5 and any(" send " in command for command in ran)
    outputs = project / "outputs"
    for month in ("2019-04", "2019-05", "2019-06"):
        assert json.loads((outputs / month / "run.json").read_text())["status"] == "complete"
    # `init` on an empty folder, then validate and run on the demo extracts: the council's own pack
    council = project / "dorset" / "outputs" / "2019-06"
    assert json.loads((council / "run.json").read_text())["status"] == "complete"
    assert "Dorset Council" in (council / "report.html").read_text()


def test_make_test_passes_in_the_clone(project):
    chosen = "tests/test_project.py tests/test_params.py tests/test_council.py tests/test_command_line.py"
    result = shell(project, "make test", PYTEST_ADDOPTS=f'-q -m "not e2e and not browser" {chosen}')
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
