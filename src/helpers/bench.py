"""`make bench`: wall times of a month's run, printed as figures (never a pass/fail test).

1. the runner (`case-audit run`, five sections, HTML) on the demo extracts;
2. the plain documented way: `papermill` then `jupyter nbconvert --to html`, one notebook after another;
3. the runner on a large extract (100,000 audits, 1,000,000 visits) made by the demo generator.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from helpers.demo import make_large_extracts
from helpers.params import PROJECT_ROOT
from helpers.running import KERNEL_NAME, NOTEBOOKS_DIR, SECTIONS

BIN = Path(sys.executable).parent
MONTH = "2019-06"


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(
        command, check=True, cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return time.perf_counter() - started


def time_runner(out: Path, extra: list[str] = ()) -> float:
    return timed(
        [
            str(BIN / "case-audit"),
            "run",
            "--month",
            MONTH,
            "--formats",
            "html",
            "--pages",
            ",".join(SECTIONS),
            "--output-dir",
            str(out),
            *extra,
        ]
    )


def time_plain_way(out: Path) -> float:
    total = 0.0
    for section in SECTIONS:
        executed = out / f"{section}.ipynb"
        total += timed(
            [
                str(BIN / "papermill"),
                str(NOTEBOOKS_DIR / f"{section}.ipynb"),
                str(executed),
                "-p",
                "month",
                MONTH,
                "-k",
                KERNEL_NAME,
                "--cwd",
                str(NOTEBOOKS_DIR),
                "--no-progress-bar",
            ]
        )
        total += timed([str(BIN / "jupyter"), "nbconvert", "--to", "html", str(executed)])
    return total


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        time_runner(root / "warm-up")  # first kernel start pays for cold imports; don't count it
        runner = time_runner(root / "runner")
        print(f"runner, demo month (5 sections, HTML):         {runner:6.1f} s")
        plain = time_plain_way(root)
        print(f"plain papermill + nbconvert CLIs, one by one:  {plain:6.1f} s")
        print(f"speed-up of the runner:                        {plain / runner:6.1f} x")
        started = time.perf_counter()
        large = make_large_extracts(root / "large", n_audits=100_000, n_visits=1_000_000)
        print(
            f"writing the large extract:                     {time.perf_counter() - started:6.1f} s"
        )
        big = time_runner(
            root / "runner-large",
            ["--audits", str(large["audits"]), "--visits", str(large["visits"])],
        )
        print(f"runner, large extract (100k audits, 1M visits): {big:6.1f} s")
        print(f"large / demo:                                  {big / runner:6.1f} x")


if __name__ == "__main__":
    main()
