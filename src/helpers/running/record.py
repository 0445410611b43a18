"""run.json: what a run did, with which inputs and which package versions."""

from __future__ import annotations

import hashlib
import json
import platform
from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

from helpers import __version__

VERSIONED_PACKAGES = (
    "pandas",
    "numpy",
    "seaborn",
    "matplotlib",
    "papermill",
    "nbconvert",
    "nbclient",
    "ipykernel",
    "pydantic",
    "playwright",
)


def write_json(path: Path, data: dict[str, Any]) -> None:
    path.write_text(
        json.dumps(data, indent=2, sort_keys=True, default=str) + "\n", encoding="utf-8"
    )


def file_checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def package_versions() -> dict[str, str]:
    versions = {"python": platform.python_version(), "case-audit": __version__}
    for name in VERSIONED_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def start_checksums(files: Mapping[str, Path | None]) -> dict[str, Future[str]]:
    """Each named file's SHA-256, computed in threads while the run prepares its pages: hashlib
    works without holding Python's lock (the large extract's two files take ~0.1 s)."""
    pool = ThreadPoolExecutor(2, thread_name_prefix="case-audit-checksum")
    checksums = {name: pool.submit(file_checksum, path) for name, path in files.items() if path}
    pool.shutdown(wait=False)  # the threads end with their files
    return checksums


def describe_inputs(
    files: dict[str, Path | None],
    frames: dict[str, pd.DataFrame | None],
    checksums: Mapping[str, Future[str]] | None = None,
) -> dict:
    """run.json's inputs: each file's path, SHA-256 (from `checksums` when started earlier)
    and rows read."""
    described = {}
    for name, path in files.items():
        if path is None:
            described[name] = None
            continue
        frame = frames[name]
        described[name] = {
            "path": str(path),
            "sha256": checksums[name].result() if checksums else file_checksum(path),
            "rows": None if frame is None else len(frame),
        }
    return described
