"""The run's progress on the terminal: a line per page, live where the terminal allows."""

from __future__ import annotations

import time

from rich.console import Console
from rich.live import Live
from rich.table import Table


class PageProgress:
    """A line per page: queued, running, done in N s, failed. Live on a terminal, plain lines in logs."""

    def __init__(self, months: list[str], pages: tuple[str, ...], console: Console) -> None:
        self.console = console
        self.state = {(m, p): "queued" for m in months for p in pages}
        self.began: dict[tuple[str, str], float] = {}
        self.live = (
            Live(self.table(), console=console, refresh_per_second=4)
            if console.is_terminal
            else None
        )

    def table(self) -> Table:
        table = Table("month", "page", box=None)
        # One screen line per page: a long error is cut here and printed whole at the end.
        table.add_column("status", no_wrap=True, overflow="ellipsis")
        for (month, page), status in self.state.items():
            colour = {"failed": "red", "running": "yellow"}.get(status.split()[0], "green")
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
        if self.live:
            self.live.update(self.table())
        else:
            self.console.print(f"{month} {page}: {text}", highlight=False)
