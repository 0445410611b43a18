"""One run at a time per month: a lock file beside the month, released by the system on any exit.

`fcntl.flock` locks die with the process that holds them, so a run killed with SIGKILL never
leaves a month locked; the file only says who held it last.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from pathlib import Path


class MonthBusy(Exception):
    """Another process is writing the month; the message says which and what to do."""


def lock_path(output_dir: Path, month: str) -> Path:
    return output_dir / f".{month}.lock"


@contextmanager
def month_lock(
    output_dir: Path,
    month: str,
    wait: bool = False,
    on_wait: Callable[[str], None] = lambda _: None,
    doing: str = "run",
) -> Iterator[None]:
    """Hold `month`'s lock; MonthBusy at once if another holds it, unless `wait`."""
    path = lock_path(output_dir, month)
    with path.open("a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            message = (
                f"{output_dir / month} is being written by {holder}; "
                f"wait for it to finish, or run again with --wait"
            )
            if not wait:
                raise MonthBusy(message) from None
            on_wait(f"waiting: {message.split(';')[0]}")
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        started = datetime.now(UTC).isoformat(timespec="seconds")
        handle.write(f"a {doing} (process {os.getpid()}, started {started})\n")
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def month_locks(
    output_dir: Path, months: list[str], wait: bool = False, on_wait=lambda _: None
) -> Iterator[None]:
    """Every month's lock, taken in month order so two runs of overlapping ranges cannot deadlock."""
    with ExitStack() as stack:
        for month in sorted(months):
            stack.enter_context(month_lock(output_dir, month, wait, on_wait))
        yield
