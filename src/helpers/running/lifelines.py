"""Lifelines: a process the run started ends when the process it serves has gone, however it
went (a SIGKILL included), so that a killed run leaves nothing running.

Imported by the kernel zygote before its heavy imports, so it imports nothing but the standard
library.
"""

from __future__ import annotations

import ctypes
import os
import select
import signal
import threading

PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Ask Linux to kill this process when the run that started it dies, even by SIGKILL.

    The page's kernel watches this worker in turn (ipykernel's parent poller) and exits with it.
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the pool still ends its workers on a normal exit
        return
    if os.getppid() != parent:  # the run died before the request was made
        os._exit(1)


def die_with_run(run: int) -> None:
    """End this worker as soon as the run process `run` has gone, however it went.

    The worker's parent is the forkserver, not the run, so the kernel's death signal does not
    reach it; and the forkserver outlives the run while a worker lives (each worker holds the
    pipe whose closing tells the forkserver to stop). A thread waits on the run's pidfd.
    """
    try:
        lifeline = os.pidfd_open(run)
    except (AttributeError, OSError):  # not Linux, or the run has already gone
        if not alive(run):
            os._exit(1)
        return

    def wait_for_the_run() -> None:
        select.select([lifeline], [], [])  # readable once the run has ended
        os._exit(1)

    threading.Thread(target=wait_for_the_run, name="case-audit-lifeline", daemon=True).start()


def alive(pid: int) -> bool:
    """Whether the process `pid` is still there (a child the system reaps is gone once ended)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, and someone else's
        pass
    return True
