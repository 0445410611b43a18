"""The kernels' cache: the extracts loaded and checked once, handed to every page's kernel."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd


@contextmanager
def extracts_cache(
    audits: pd.DataFrame, visits: pd.DataFrame | None, output_dir: Path
) -> Iterator[dict[str, Path | None]]:
    """The paths the kernels read the extracts from; removed when the run ends."""
    cache = Path(tempfile.mkdtemp(prefix=".cache-", dir=output_dir))
    try:
        audits_cache = cache / "audits.pkl"
        audits.to_pickle(audits_cache)
        visits_cache = None
        if visits is not None:
            visits_cache = cache / "visits.pkl"
            visits.to_pickle(visits_cache)
        yield {"audits": audits_cache, "visits": visits_cache}
    finally:
        shutil.rmtree(cache, ignore_errors=True)
