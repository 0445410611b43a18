"""`make bench`: wall time and peak memory of what users run, printed as figures (never pass/fail).

1. The full month, HTML and PDF, every page: the runner (`case-audit run`) against the plain
   route (papermill's CLI, then `jupyter nbconvert --to html`, then Chromium's print-to-PDF, one
   notebook after another), interleaved A B A B A B so that both see the same load on this shared
   machine; medians, and the ratio pair by pair.
2. One page rerun: `--pages scores --formats html` into a folder holding the complete month.
3. The quarterly paper, when this version has one.
4. The large extract (100,000 audits, 1,000,000 visits), full month, HTML and PDF.

CPU is the CPU time of the command and every process it started (kernels and browsers
included), sampled every 0.2 s. Peak memory is the largest total proportional set size (PSS:
shared pages counted once) of all those processes, sampled every 0.2 s in one more run of each,
not in the timed runs: reading every process's memory map takes ~70 ms of CPU a sample for the
runner's ~30 processes, a third of a core that the timed command would lack. On this 2-core machine the wall time
of the runner, which uses both cores, suffers more from other work than the plain route's, which
uses one: CPU time is the steadier figure when the machine is shared.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import psutil

from helpers.extracts.demo import make_large_extracts
from helpers.running.jobs import KERNEL_NAME, NOTEBOOKS_DIR, PAGES
from helpers.settings.params import PROJECT_ROOT

BIN = Path(sys.executable).parent
MONTH = "2019-06"
QUARTER = "2019-20Q1"  # April to June 2019, the demo month's quarter
# Five samples a second still see every page's peak memory and miss little CPU time.
SAMPLE_SECONDS = 0.2


@dataclass(frozen=True)
class Measure:
    seconds: float
    peak_mb: float | None  # None: a timed run, whose memory was not sampled
    cpu_seconds: float = 0.0


def _tree_memory(
    process: psutil.Process, cpu: dict[int, float] | None = None, memory: bool = True
) -> int:
    """Proportional set size (shared pages counted once overall) of a process and its children
    (0 without `memory`); each one's CPU time so far is kept in `cpu` (by pid)."""
    total = 0
    for member in [process, *process.children(recursive=True)]:
        try:
            total += member.memory_full_info().pss if memory else 0
            if cpu is not None:
                times = member.cpu_times()
                cpu[member.pid] = max(cpu.get(member.pid, 0.0), times.user + times.system)
        except psutil.Error:  # ended between listing and reading
            pass
    return total


def run_measured(
    commands: list[list[str]], env: dict[str, str] | None = None, memory: bool = False
) -> Measure:
    """Run the commands one after another; their total time, the CPU time of every process they
    started (sampled, so a process's last 0.2 s are missed) and, with `memory`, the peak memory
    of any one."""
    peak, started, cpu = 0, time.perf_counter(), {}
    for command in commands:
        child = subprocess.Popen(
            command, cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env
        )
        watched = psutil.Process(child.pid)
        done = threading.Event()

        def sample(watched: psutil.Process = watched, done: threading.Event = done) -> None:
            nonlocal peak
            while not done.wait(SAMPLE_SECONDS):
                try:
                    peak = max(peak, _tree_memory(watched, cpu, memory))
                except psutil.Error:
                    return

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, errors = child.communicate()
        done.set()
        sampler.join()
        if child.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed:\n{errors.decode()[-2000:]}")
    peak_mb = peak / 2**20 if memory else None
    return Measure(time.perf_counter() - started, peak_mb, sum(cpu.values()))


def runner(out: Path, *extra: str, pages: tuple[str, ...] = PAGES, formats="html,pdf"):
    """The `case-audit run` command for the month."""
    return [
        [
            str(BIN / "case-audit"),
            "run",
            "--month",
            MONTH,
            "--formats",
            formats,
            "--pages",
            ",".join(pages),
            "--output-dir",
            str(out),
            *extra,
        ]
    ]


def plain_route(out: Path, chromium: str) -> list[list[str]]:
    """papermill, nbconvert and Chromium's own print-to-PDF, one notebook after another."""
    out.mkdir(parents=True, exist_ok=True)
    commands = []
    for page in PAGES:
        executed = out / f"{page}.ipynb"
        commands += [
            [
                str(BIN / "papermill"),
                str(NOTEBOOKS_DIR / f"{page}.ipynb"),
                str(executed),
                "-p",
                "month",
                MONTH,
                "-k",
                KERNEL_NAME,
                "--cwd",
                str(NOTEBOOKS_DIR),
                "--no-progress-bar",
            ],
            [str(BIN / "jupyter"), "nbconvert", "--to", "html", str(executed)],
            [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-pdf-header-footer",
                f"--print-to-pdf={out / f'{page}.pdf'}",
                executed.with_suffix(".html").as_uri(),
            ],
        ]
    return commands


def show(label: str, measures: list[Measure], sampled: Measure) -> float:
    """Print the median time (and each run) and CPU time of the timed runs, and the peak memory
    of the `sampled` run; return the median time."""
    times = [m.seconds for m in measures]
    median = statistics.median(times)
    runs = ", ".join(f"{t:.1f}" for t in times)
    memory = sampled.peak_mb or 0.0
    cpu = statistics.median(m.cpu_seconds for m in measures)
    print(
        f"{label:<52}{median:7.1f} s  (runs {runs})  CPU {cpu:.1f} s  peak {memory:,.0f} MB",
        flush=True,
    )
    return median


def show_ratio(label: str, ratios: list[float]) -> None:
    runs = ", ".join(f"{r:.1f}" for r in ratios)
    print(f"{label:<52}{statistics.median(ratios):7.1f} x  (pairs {runs})", flush=True)


def interleaved(
    repeat: int, first: Callable[[int], Measure], second: Callable[[int], Measure]
) -> tuple[list[Measure], list[Measure]]:
    """A B A B ...: each pair sees the machine in the same state."""
    a, b = [], []
    for i in range(repeat):
        a.append(first(i))
        b.append(second(i))
    return a, b


def quarterly_command(out: Path) -> list[list[str]] | None:
    """The quarterly paper's command (`case-audit run --quarter`), when this version has one."""
    import inspect

    from helpers.running.run_command import run

    if "quarter" not in inspect.signature(run).parameters:
        return None
    return [[str(BIN / "case-audit"), "run", "--quarter", QUARTER, "--output-dir", str(out)]]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each (default 3)")
    parser.add_argument("--no-large", action="store_true", help="skip the large extract")
    args = parser.parse_args(argv)
    from helpers.sharing.chromium import require_chromium

    chromium = str(require_chromium())
    print(f"median of {args.repeat}; runner and plain route interleaved A B A B", flush=True)
    with tempfile.TemporaryDirectory(prefix="case-audit-bench-") as scratch:
        root = Path(scratch)
        run_measured(runner(root / "warm-up"))  # the first run pays for cold imports
        ours, plain = interleaved(
            args.repeat,
            lambda i: run_measured(runner(root / f"runner-{i}")),
            lambda i: run_measured(plain_route(root / f"plain-{i}", chromium)),
        )
        month = show(
            f"runner, full month ({len(PAGES)} pages, HTML+PDF):",
            ours,
            run_measured(runner(root / "runner-memory"), memory=True),
        )
        show(
            "plain route (papermill, nbconvert, Chromium):",
            plain,
            run_measured(plain_route(root / "plain-memory", chromium), memory=True),
        )
        show_ratio(
            "plain / runner:", [p.seconds / o.seconds for o, p in zip(ours, plain, strict=True)]
        )
        # A rerun: into the folder of a complete month made above, as an analyst reruns a page.
        rerun = runner(root / "runner-0", pages=("scores",), formats="html")
        one = [run_measured(rerun) for _ in range(args.repeat)]
        show(
            "one page rerun (--pages scores --formats html):", one, run_measured(rerun, memory=True)
        )
        print(
            f"{'one page / full month:':<52}{statistics.median(m.seconds for m in one) / month:7.2f}"
        )
        quarterly = quarterly_command(root / "quarterly")
        if quarterly is None:
            print(f"{'quarterly paper:':<52}not in this version", flush=True)
        else:
            timed = [run_measured(quarterly) for _ in range(args.repeat)]
            show("quarterly paper:", timed, run_measured(quarterly, memory=True))
        if args.no_large:
            return
        started = time.perf_counter()
        large = make_large_extracts(root / "large", n_audits=100_000, n_visits=1_000_000)
        print(f"{'writing the large extract:':<52}{time.perf_counter() - started:7.1f} s")
        files = ["--audits", str(large["audits"]), "--visits", str(large["visits"])]
        big = [run_measured(runner(root / f"large-{i}", *files)) for i in range(args.repeat)]
        sampled = run_measured(runner(root / "large-memory", *files), memory=True)
        show("runner, large extract (100k audits, 1M visits):", big, sampled)
        print(
            f"{'large / demo month:':<52}{statistics.median(m.seconds for m in big) / month:7.2f}"
        )


if __name__ == "__main__":
    main()
