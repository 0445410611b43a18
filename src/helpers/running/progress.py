"""The run's progress on the terminal: a line per page, live where the terminal allows."""

from __future__ import annotations

import time

from rich.console import Console
from rich.live import Live
from rich.table import Table

# A run of more pages than this (a region's backfill) shows only those running or failed.
MAX_ROWS = 40
SHOWN = ("running", "failed")


class PageProgress:
    """A line per page: queued, running, done in N s, failed. Live on a terminal, plain lines in logs."""

    def __init__(self, months: list[str], pages: tuple[str, ...], console: Console) -> None:
        self.console = console
        self.state = {(m, p): "queued" for m in months for p in pages}
        self.began: dict[tuple[str, str], float] = {}
        # Drawn at each refresh, not at each event: a region's backfill has thousands of pages.
        self.live = (
            Live(console=console, refresh_per_second=4, get_renderable=self.table)
            if console.is_terminal
            else None
        )

    def table(self) -> Table:
        table = Table("month", "page", box=None)
        # One screen line per page: a long error is cut here and printed whole at the end.
        table.add_column("status", no_wrap=True, overflow="ellipsis")
        everything = rows = list(self.state.items())  # a copy: the display draws from a thread
        if len(rows) > MAX_ROWS:
            # More pages than a screen: those running or failed, and how many are queued or done.
            rows = [(key, status) for key, status in everything if status.startswith(SHOWN)]
            done = sum(status.startswith("done") for _, status in everything)
            queued = sum(status == "queued" for _, status in everything)
            table.caption = f"{done} of {len(everything)} pages done, {queued} queued"
        for (month, page), status in rows[:MAX_ROWS]:
            # "failed: ..." or "failed at cell 7: ...": red either way.
            colour = "red" if status.startswith("failed") else "yellow"
            colour = colour if status.startswith(SHOWN) else "green"
            table.add_row(month, page, f"[{colour}]{status}[/]" if status != "queued" else status)
        return table

    def __call__(self, month, page, status, result) -> None:
        key = (month, page)
        if status == "running":
            self.began[key] = time.perf_counter()
            text = "running"
        elif status == "done":
            text = f"done in {result.seconds:.1f} s"
        else:
            where = f" at cell {result.cell}" if result.cell is not None else ""
            text = f"failed{where}: {result.error}"
        self.state[key] = text
        if not self.live:
            self.console.print(f"{month} {page}: {text}", highlight=False)
