"""The `case-audit` command as installed: starts the warm-kernel zygote for `case-audit run`
before anything else, then hands over to the command line (`cli.py`).

The command's own imports (pandas, pydantic, typer: about half a second) would otherwise come
before the zygote's, and every page waits for the zygote's imports; started here, they run side
by side. Nothing else differs: a run on a Dask cluster (`--scheduler`), help, or a command other
than `run` start no zygote here, and `run` starts it (once) if this did not.

It also ends the command without Python's teardown of every module (`exit_without_teardown`).
"""

from __future__ import annotations

import atexit
import os
import sys
import threading
from typing import NoReturn


def starts_local_run(argv: list[str]) -> bool:
    """Whether the command line asks for a run whose pages run here (not on a cluster)."""
    arguments = argv[1:]
    return (
        bool(arguments)
        and arguments[0] == "run"
        and not any(a in ("--help", "-h") or a.startswith("--scheduler") for a in arguments)
    )


def pages_asked(argv: list[str]) -> tuple[str, ...]:
    """The pages named by `--pages` (all of them without it), for the zygote's imports; a wrong
    name does no harm here: the command refuses it a moment later."""
    from helpers.running.jobs import PAGES

    for i, argument in enumerate(argv):
        if argument == "--pages" and i + 1 < len(argv):
            return tuple(page.strip() for page in argv[i + 1].split(","))
        if argument.startswith("--pages="):
            return tuple(page.strip() for page in argument.removeprefix("--pages=").split(","))
    return PAGES


def main() -> None:
    if starts_local_run(sys.argv):
        from helpers.running.warm_start import start_local_pool

        start_local_pool(pages_asked(sys.argv))
    from helpers.running.cli import app

    try:
        app()
    except SystemExit as done:
        exit_without_teardown(done.code)


def exit_without_teardown(code: object) -> NoReturn:
    """Exit with `code` as `sys.exit` would, without freeing every module and object first.

    After its last file is written, Python's own exit spent about a quarter of a second of CPU
    (measured with strace: no system call in between) freeing the ~1,200 modules a run imports,
    pandas and pyarrow among them, one object at a time; the system frees a process's memory at
    once. Everything else an exit does is done, in Python's order: other threads are waited for
    (`threading._shutdown`, as the interpreter calls it), the exit handlers run (they stop the
    zygote and the pools and remove temporary folders), and the standard streams are flushed.
    Every file the command writes is closed by then: each is written whole and renamed into place.
    """
    shutdown_threads = getattr(threading, "_shutdown", None)
    if shutdown_threads is None:  # another Python: its ordinary exit
        raise SystemExit(code)
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # sys.exit("message"): printed, status 1
        print(code, file=sys.stderr)
        status = 1
    shutdown_threads()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # closed, or a pipe whose reader has gone
            status = status or 1
    os._exit(status)
