"""A run's comments coded for themes before any page starts, on two cores when there are many.

No page starts before its month's theme counts are in metrics.json, so a large extract's comments
(a year of them for the themes page and the report) are on the run's critical path. `Coding` hands
them in chunks to a second process (forked from the workers' forkserver) and codes here,
from the end of the list, each chunk the other has not started, so that both finish together.
What is coded does not depend on where: each text is coded by the run's coder, whole; a second
process that cannot start, dies or hangs leaves its part to be coded here.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from helpers.figures.theme_counts import code_texts

# Below this many distinct comments a second process costs more than it saves: each distinct
# sentence is matched once per process, and the large extract's year of 6,300 distinct comments
# holds only 350 distinct sentences (coded in about 0.4 s).
PARALLEL_TEXTS = 20_000
# Texts per task: small enough for this process to take the last ones as soon as it is free.
CHUNK = 200

_CODE: Callable[[str], Any] | None = None  # in the second process: the run's coder


# A chunk takes well under a second; one not back in this time is coded here instead (a second
# process that hangs must not hold the run up).
CHUNK_WAIT = 60


def _context() -> Any:
    """The workers' forkserver (started as the run began), never a fork of this process: by now
    it has read the extracts, and pyarrow's threads (which Python does not list) may hold a lock
    that a fork would inherit locked, leaving the copy waiting forever."""
    from helpers.running.warm_start import worker_context

    return worker_context()


def _set_code(code: Callable[[str], Any], run: int) -> None:
    from helpers.running.lifelines import die_with_parent, die_with_run

    global _CODE
    _CODE = code
    die_with_parent(os.getppid())  # the forkserver
    die_with_run(run)  # a killed run leaves no process coding for it


def _code_chunk(texts: list[str]) -> dict[str, Any]:
    assert _CODE is not None
    return code_texts(_CODE, texts)


class Coding:
    """`texts` being coded: in a second process from now on when there are many of them."""

    def __init__(self, code: Callable[[str], Any], texts: list[str]) -> None:
        self.code = code
        self.chunks = [texts[i : i + CHUNK] for i in range(0, len(texts), CHUNK)]
        self.futures: list[Future | None] = [None] * len(self.chunks)
        self.pool: Any = None
        if len(texts) >= PARALLEL_TEXTS and (os.cpu_count() or 1) >= 2:
            self._start()

    def _start(self) -> None:
        from concurrent.futures import ProcessPoolExecutor

        try:
            self.pool = ProcessPoolExecutor(
                1,
                mp_context=_context(),
                initializer=_set_code,
                initargs=(self.code, os.getpid()),
            )
            self.futures = [self.pool.submit(_code_chunk, chunk) for chunk in self.chunks]
        except Exception:  # no second process (or a coder it cannot take): all coded here
            self.close()
            self.futures = [None] * len(self.chunks)

    def result(self, wanted: set[str] | None = None) -> dict[str, Any]:
        """Text -> its themes, for every text (or every text in `wanted`); the texts the other
        process has not started are coded here, from the last back."""
        from concurrent.futures import TimeoutError as NotBack
        from concurrent.futures.process import BrokenProcessPool

        needed = [wanted is None or not wanted.isdisjoint(chunk) for chunk in self.chunks]
        coded: dict[str, Any] = {}
        for index in reversed(range(len(self.chunks))):
            future = self.futures[index]
            if future is not None and not future.cancel():
                break  # the other process has it, and every chunk before it
            if needed[index]:
                coded.update(code_texts(self.code, self.chunks[index]))
            self.futures[index] = None
        for index, future in enumerate(self.futures):
            if future is None or not needed[index]:
                continue
            try:
                coded.update(future.result(timeout=CHUNK_WAIT))
            except (BrokenProcessPool, NotBack):  # it died or hangs: its part is coded here
                coded.update(code_texts(self.code, self.chunks[index]))
        self.close()
        return coded

    def close(self) -> None:
        """The second process stopped: everything it still holds is coded here or unneeded.

        Stopped, not merely let go: Python waits at exit for a pool's processes, so one that
        hangs would hold the command (or the test run) open long after the run is done.
        `_processes` is the executor's own record of them (Python 3.14 names this
        `terminate_workers`)."""
        if self.pool is not None:
            for process in list((getattr(self.pool, "_processes", None) or {}).values()):
                process.kill()
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = None


def code_comments(code: Callable[[str], Any], texts: list[str]) -> dict[str, Any]:
    """Each text's themes, on two cores when there are many."""
    return Coding(code, texts).result()
