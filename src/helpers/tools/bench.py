"""`make bench`: wall times of a month's run, printed as figures (never a pass/fail test).

1. the runner (`case-audit run`, five sections, HTML) on the demo extracts;
2. the plain documented way: `papermill` then `jupyter nbconvert --to html`, one notebook after another;
3. the runner on a large extract (100,000 audits, 1,000,000 visits) made by the demo generator.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from helpers.extracts.demo import make_large_extracts
from helpers.running.runner import KERNEL_NAME, NOTEBOOKS_DIR, SECTIONS
from helpers.settings.params import PROJECT_ROOT

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


def median_of(times: int, measure: Callable[[int], float]) -> tuple[float, list[float]]:
    """The median of `times` measurements (this machine is shared and noisy) and all of them."""
    runs = [measure(i) for i in range(times)]
    return statistics.median(runs), runs


def show(label: str, seconds: float, runs: list[float] | None = None) -> None:
    spread = f"   (runs: {', '.join(f'{r:.1f}' for r in runs)})" if runs and len(runs) > 1 else ""
    print(f"{label:<50}{seconds:7.1f} s{spread}", flush=True)


def main(repeat: int = 3) -> None:
    print(f"median of {repeat} runs each; the plain way once (it is the slow one)", flush=True)
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        time_runner(root / "warm-up")  # first kernel start pays for cold imports; don't count it
        runner, runs = median_of(repeat, lambda i: time_runner(root / f"runner-{i}"))
        show("runner, demo month (5 sections, HTML):", runner, runs)
        plain = time_plain_way(root)
        show("plain papermill + nbconvert CLIs, one by one:", plain)
        print(f"{'speed-up of the runner:':<50}{plain / runner:7.1f} x", flush=True)
        started = time.perf_counter()
        large = make_large_extracts(root / "large", n_audits=100_000, n_visits=1_000_000)
        show("writing the large extract:", time.perf_counter() - started)
        files = ["--audits", str(large["audits"]), "--visits", str(large["visits"])]
        big, runs = median_of(repeat, lambda i: time_runner(root / f"large-{i}", files))
        show("runner, large extract (100k audits, 1M visits):", big, runs)
        print(f"{'large / demo:':<50}{big / runner:7.1f} x", flush=True)


if __name__ == "__main__":
    main()
