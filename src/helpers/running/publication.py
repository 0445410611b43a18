"""A publication pack: its own folder, its publishable figures, and nothing that holds raw counts.

The pack is written to `<month>/publication/` and never replaces, or is replaced by, the internal
pack in `<month>/`. Its kernels get no extracts: only the publishable metrics.json, whose
`tables` hold the page tables with hidden figures as "[c]" (helpers.safe.publishable). The
executed notebooks and kernel logs are removed before the pack is put in place.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from helpers.safe.publishable import compute_publishable, publishable_metrics

__all__ = ["compute_publishable", "pack_folder", "publishable_metrics", "remove_private_files"]

FOLDER = "publication"


def pack_folder(output_dir: Path, month: str, publication: bool, failed: bool = False) -> Path:
    """`<month>/` or `<month>/publication/` (with `.failed` when the run failed)."""
    if publication:
        return output_dir / month / (f"{FOLDER}.failed" if failed else FOLDER)
    return output_dir / (f"{month}.failed" if failed else month)


def remove_private_files(work_dir: Path) -> None:
    """Executed notebooks and kernel logs: a publication pack carries none."""
    shutil.rmtree(work_dir / "notebooks", ignore_errors=True)
