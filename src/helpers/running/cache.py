"""The kernels' cache: the extracts, loaded and checked once, handed to every page's kernel.

The frames are written with control characters already stripped (`safe.safety`), once for all
the pages. It lives in a private temporary folder (mode 0700, outside the outputs) as Parquet, a
format that holds data only and cannot run code when read. The folder is removed when the run ends, fails or
is interrupted; one left by a killed run is removed by the next run's start: each cache folder
holds a lock that dies with its run, so a folder whose lock can be taken has no live owner.
"""

from __future__ import annotations

import errno
import fcntl
import shutil
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from helpers.extracts.loading import CONTROLS_STRIPPED, write_cached_frame
from helpers.safe.safety import strip_frame_controls
from helpers.settings.contract import TEXT_COLUMNS

PREFIX = "case-audit-cache-"
EXTRAS = ("actions", "moderation")  # the optional extracts the kernels read from the cache
# The audits without their free text (comments, summary, actions), for the pages that show none
# of it (`runner.audits_parameter`): they never see what an auditor typed, and on the large
# extract each reads its audits in half the time (0.185 -> 0.098 s).
AUDITS_WITHOUT_TEXT = "audits_without_text"
OWNER = "owner.lock"


class CacheError(OSError):
    """The cache could not be written (a full disk, say), in words for the analyst."""


def remove_stale_caches(base: Path | None = None) -> list[Path]:
    """Cache folders left by killed runs (their lock is free), removed; the ones removed."""
    base = Path(base or tempfile.gettempdir())
    removed = []
    for folder in base.glob(f"{PREFIX}*"):
        try:
            with (folder / OWNER).open("a") as handle:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            continue  # a live run's cache
        except OSError:
            pass  # no lock file: nothing of a live run (its folder is locked before it is named)
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


@contextmanager
def extracts_cache(
    audits: pd.DataFrame,
    visits: pd.DataFrame | None,
    base: Path | None = None,
    theme_matches: pd.DataFrame | None = None,
    extras: dict[str, pd.DataFrame | None] | None = None,
) -> Iterator[dict[str, Path | None]]:
    """The paths the kernels read the extracts from; removed when the run ends, however it ends.

    The audits are written twice: whole, and without their free text (`AUDITS_WITHOUT_TEXT`).
    `theme_matches` (the comments' theme matches, with their sentences: as private as the
    extracts) is written too when given, as "theme_matches"; the path is None otherwise. So are
    the optional `extras` ("actions", "moderation"), as they were loaded and checked: every page
    reads them, and reading and checking their CSV files again took each page's kernel ~0.08 s.
    """
    remove_stale_caches(base)
    # Made under another name and locked before it is renamed into view, so that another run's
    # clean-up never sees this folder without its owner's lock.
    making = Path(tempfile.mkdtemp(prefix=".case-audit-new-", dir=base))  # mode 0700
    cache = making
    try:
        with (making / OWNER).open("w") as owner:
            fcntl.flock(owner, fcntl.LOCK_EX | fcntl.LOCK_NB)
            cache = making.with_name(PREFIX + making.name.rsplit("-", 1)[-1])
            making.rename(cache)
            extras = {name: (extras or {}).get(name) for name in EXTRAS}
            frames = {
                "audits": audits,
                AUDITS_WITHOUT_TEXT: audits.drop(columns=list(TEXT_COLUMNS), errors="ignore"),
                "visits": visits,
                "theme_matches": theme_matches,
                **extras,
            }
            paths: dict[str, Path | None] = {
                name: None if frame is None else cache / f"{name}.parquet"
                for name, frame in frames.items()
            }
            try:
                write_all(frames, paths, strip=("audits", AUDITS_WITHOUT_TEXT, "visits"))
            except OSError as error:
                raise CacheError(error.errno, describe_write_error(error, cache)) from None
            # Written: the caller may let them go while the pages run.
            del audits, visits, theme_matches, extras, frames
            yield paths
    finally:
        shutil.rmtree(cache, ignore_errors=True)


def write_all(
    frames: dict[str, pd.DataFrame | None], paths: dict[str, Path | None], strip: tuple[str, ...]
) -> None:
    """Each frame written to its path at the same time as the others (those named in `strip`
    stripped of control characters first): pyarrow writes Parquet without holding Python's
    lock, so the large extract's visits and audits are written side by side (0.24 -> 0.18 s).
    Raises the first OSError, once every write has ended."""

    def write(name: str) -> None:
        frame = frames[name]
        write_cached_frame(stripped(frame) if name in strip else frame, paths[name])

    names = [name for name, frame in frames.items() if frame is not None]
    with ThreadPoolExecutor(max(1, len(names)), thread_name_prefix="case-audit-cache") as pool:
        written = [pool.submit(write, name) for name in names]
    for future in written:
        future.result()


def stripped(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` without control characters, marked so: the kernels need not strip it again."""
    frame = strip_frame_controls(frame)
    frame.attrs[CONTROLS_STRIPPED] = True
    return frame


def describe_write_error(error: OSError, cache: Path) -> str:
    reason = error.strerror or str(error)
    if error.errno == errno.ENOSPC:
        reason = "the disk is full"
    return (
        f"could not write the extracts for the page kernels in {cache.parent} ({reason}); "
        "free some space there, or set TMPDIR to a folder with room, and run again"
    )
