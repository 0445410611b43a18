"""What a newcomer sees first: `make help`, `case-audit --help`, the progress lines and `make lab`."""

from __future__ import annotations

import io
import json
import os
import re
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
import typer
from rich.console import Console
from typer.testing import CliRunner

from helpers.running import cli
from helpers.running.progress import PageProgress
from helpers.running.runner import PageResult

ROOT = Path(__file__).resolve().parents[1]
# typer's type labels, e.g. <str>, <bool>, <path>, <list[str]>, <int range>
TYPE_LABEL = re.compile(
    r"<(?:str|int|float|bool|path|file|dir|datetime|uuid|list\[.*?\]|\w+ range)>"
)


def every_command() -> list[str]:
    return sorted(typer.main.get_command(cli.app).commands)


def test_make_help_shows_the_month_not_the_make_variable():
    shown = subprocess.run(
        ["make", "--no-print-directory", "help"], cwd=ROOT, capture_output=True, text=True
    ).stdout
    assert "outputs/2019-06/" in shown
    assert "$(" not in shown


@pytest.mark.parametrize("command", ["", *every_command()])
def test_help_names_values_without_type_labels(command):
    shown = CliRunner().invoke(cli.app, [*command.split(), "--help"], terminal_width=80).output
    assert "Usage:" in shown
    assert TYPE_LABEL.findall(shown) == []
    assert max(len(line) for line in shown.splitlines()) <= 80


def test_a_failed_page_is_one_progress_line_however_long_its_error(monkeypatch):
    log = io.StringIO()
    monkeypatch.setattr(cli.console, "_file", log)  # restored to None (sys.stderr) after
    progress = PageProgress(["2019-06"], ("report",), cli.console)
    error = "ValueError: " + "a long explanation of what went wrong " * 4
    failed = PageResult("2019-06", "report", "failed", 1.0, error=error, cell=7)

    progress("2019-06", "report", "failed", failed)

    assert log.getvalue() == f"2019-06 report: failed at cell 7: {error}\n"


def test_the_live_progress_table_keeps_each_page_on_one_line():
    progress = PageProgress(["2019-06"], ("report", "themes"), cli.console)
    progress.state[("2019-06", "report")] = "failed at cell 7: " + "x" * 200
    console = Console(file=io.StringIO(), width=80)
    console.print(progress.table())
    lines = console.file.getvalue().splitlines()
    assert len(lines) == 3 and all(len(line) <= 80 for line in lines)


def lab_command(*make_args: str) -> str:
    return subprocess.run(
        ["make", "--no-print-directory", "-n", "lab", *make_args],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout


def test_make_lab_takes_a_port_and_extra_options():
    command = lab_command("PORT=8890", "LAB_ARGS=--no-browser")
    assert "--ServerApp.port=8890" in command and "--no-browser" in command
    assert "--MappingKernelManager.default_kernel_name=case-audit" in command
    assert ("--allow-root" in command) == (os.getuid() == 0)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get_json(url: str, timeout: float = 90) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return json.load(response)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


@pytest.mark.e2e
def test_make_lab_opens_without_the_news_prompt_on_the_case_audit_kernel():
    port, token = free_port(), "case-audit-test"
    lab = subprocess.Popen(
        ["make", "lab", f"PORT={port}", f"LAB_ARGS=--no-browser --IdentityProvider.token={token}"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # so that the test can stop make and JupyterLab together
    )
    try:
        base = f"http://127.0.0.1:{port}"
        kernels = get_json(f"{base}/api/kernelspecs?token={token}")
        settings = f"{base}/lab/api/settings/@jupyterlab"
        news = get_json(f"{settings}/apputils-extension:notification?token={token}")
        notebooks = get_json(f"{settings}/notebook-extension:tracker?token={token}")
    finally:
        os.killpg(lab.pid, signal.SIGTERM)
        lab.wait(timeout=30)
    assert kernels["default"] == "case-audit"
    assert news["schema"]["properties"]["fetchNews"]["default"] == "false"
    assert notebooks["schema"]["properties"]["autoStartDefaultKernel"]["default"] is True
