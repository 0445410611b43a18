"""What a local run starts before anything else: the kernel zygote (`zygote.py`) and the page
workers' forkserver (`workers.py`), each doing its imports beside the command's own.

Every page waits for both, and the command's own imports (pandas, pydantic, typer) and the loading
of the extracts take about a second: started first, their imports are done by the time the first
page is ready to run. This module imports nothing heavy, so that `main.py` can call it first.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable

# What every worker needs before its first page, imported once by the forkserver.
WORKER_IMPORTS = [
    "helpers.running.lean_imports",  # first, so that papermill's own imports are lean too
    "helpers.running.lean_worker_imports",
    "__main__",  # the command's script, which each worker would otherwise import again
    "helpers.running.workers",
    "helpers.running.kernels",
    "papermill",
]
# What a worker needs to make a page's HTML (nbconvert, its template compiled: ~0.25 s of CPU).
# Imported by the forkserver too, once for every worker; except in a run of one page, whose one
# worker imports it while its kernel runs (`workers.execute_page`): the forkserver's imports
# share the cores with the command's and the zygote's, and that page waits for all three.
CONVERTER_IMPORTS = [
    "helpers.sharing.convert",
    "helpers.running.worker_warm_up",  # last: renders a page, so workers start with it compiled
]
_preload: list[str] | None = None  # what this run's forkserver imports, once chosen


def worker_imports(pages: Iterable[str] = ()) -> list[str]:
    """The forkserver's imports for a run of `pages` (of every page when not said)."""
    from helpers.running.jobs import one_page_run

    return WORKER_IMPORTS if one_page_run(pages) else [*WORKER_IMPORTS, *CONVERTER_IMPORTS]


def worker_context(pages: Iterable[str] = ()) -> multiprocessing.context.BaseContext:
    """The multiprocessing context workers start from: the forkserver, with our imports done
    (chosen by the first call, which starts it: `pages` says what the run is)."""
    global _preload
    _preload = _preload or worker_imports(pages)
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(_preload)
    return context


def start_worker_server(pages: Iterable[str] = ()) -> None:
    """Start the forkserver now, so that its imports run while the extracts load."""
    from multiprocessing import forkserver

    worker_context(pages)
    forkserver.ensure_running()


def start_local_pool(pages: Iterable[str]) -> None:
    """The zygote (for a run of `pages`) first, since pages wait longest for its imports, then
    the workers' forkserver. Each starts once however often this is called."""
    from helpers.running.jobs import NOTEBOOKS_DIR
    from helpers.running.zygote import start_warm_kernels

    pages = tuple(pages)
    start_warm_kernels(pages, NOTEBOOKS_DIR)
    start_worker_server(pages)
