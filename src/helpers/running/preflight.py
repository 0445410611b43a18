"""What is checked, and prepared, before any kernel starts: the kernel, Chromium, the codebook."""

from __future__ import annotations

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
    import os

    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
    from jupyter_core.paths import jupyter_path

    # The folders jupyter_client searches, named here: its own default imports IPython (~0.1 s,
    # measured with -X importtime) for the one folder that comes from IPython's settings.
    ipython = os.environ.get("IPYTHONDIR") or os.path.join(os.path.expanduser("~"), ".ipython")
    folders = [*jupyter_path("kernels"), os.path.join(ipython, "kernels")]
    try:
        KernelSpecManager(kernel_dirs=folders).get_kernel_spec(KERNEL_NAME)
    except NoSuchKernel:
        return (
            f"the Jupyter kernel '{KERNEL_NAME}' is not registered: run `make setup` "
            f"(or: python -m ipykernel install --sys-prefix --name {KERNEL_NAME})"
        )
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
