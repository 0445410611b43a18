"""What is checked, and prepared, before any kernel starts: the kernel, Chromium, the codebook."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from helpers.figures.theme_counts import theme_counter
from helpers.running.jobs import KERNEL_NAME
from helpers.settings.params import Params

__all__ = ["load_run_codebook", "load_run_coder", "theme_counter"]


def load_run_codebook(params: Params) -> Any:
    """The themes codebook for the run, checked before any kernel starts (ParamsError if bad)."""
    from helpers.figures.codebook import load_run_codebook as load

    return load(params)  # a CodebookError is a ParamsError


def load_run_coder(params: Params) -> Any:
    """The run's themes coder (codebook, the analyst's labels, the model if on); ParamsError if bad."""
    from helpers.figures.theme_coder import load_run_coder as load

    return load(params)


def kernel_missing_reason() -> str | None:
    """Why the notebooks' kernel cannot start, or None when it is registered."""
    if kernel_spec_file(KERNEL_NAME) is None:
        return (
            f"the Jupyter kernel '{KERNEL_NAME}' is not registered: run `make setup` "
            f"(or: python -m ipykernel install --sys-prefix --name {KERNEL_NAME})"
        )
    return None


def kernel_spec_file(name: str) -> Path | None:
    """The kernel's `kernel.json`, found where jupyter_client looks for it (Jupyter's data
    folders, then IPython's), or None.

    Looked up here, not with jupyter_client's KernelSpecManager: importing jupyter_client (its
    ZeroMQ clients) took the command 0.04 s and its default folders import IPython (0.06 s),
    for a check that reads one folder listing. The page workers start kernels with it as usual.
    """
    from jupyter_core.paths import jupyter_path

    ipython = os.environ.get("IPYTHONDIR") or os.path.join(os.path.expanduser("~"), ".ipython")
    for folder in [*jupyter_path("kernels"), os.path.join(ipython, "kernels")]:
        spec = Path(folder) / name.lower() / "kernel.json"
        if spec.is_file():
            return spec
    return None


def pdf_unavailable_reason() -> str | None:
    """Why PDFs cannot be made on this machine, or None when they can."""
    from helpers.sharing import chromium

    if chromium.find_chromium() is None:
        return (
            "no Chromium found, so no PDFs: install it (Debian: apt-get install chromium) "
            "or set CASE_AUDIT_CHROMIUM to its path."
        )
    return None
