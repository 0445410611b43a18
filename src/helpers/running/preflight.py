"""What is checked, and prepared, before any kernel starts: the kernel, Chromium, the codebook."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from helpers.running.jobs import KERNEL_NAME
from helpers.settings.params import Params


def load_run_codebook(params: Params) -> Any:
    """The themes codebook for the run, checked before any kernel starts (ParamsError if bad)."""
    from helpers.figures.codebook import load_run_codebook as load

    return load(params)  # a CodebookError is a ParamsError


def load_run_coder(params: Params) -> Any:
    """The run's themes coder (codebook, the analyst's labels, the model if on); ParamsError if bad."""
    from helpers.figures.theme_coder import load_run_coder as load

    return load(params)


def theme_counter(
    audits: pd.DataFrame, coder: Any, months: list[str]
) -> Callable[[str], dict[str, dict[str, int]]]:
    """Theme counts for each of `months` and the month before, from one pass over their comments.

    `coder` is a `ThemeCoder` (labels and model included) or a bare `Codebook`.
    """
    from helpers.figures import themes
    from helpers.figures.theme_matching import match_themes
    from helpers.settings.periods import previous_month

    codebook = getattr(coder, "codebook", coder)
    code = getattr(coder, "code", None)
    wanted = set(months) | {previous_month(m) for m in months}
    matches = match_themes(audits[audits["audit_month"].isin(wanted)], codebook, code)

    def counts(month: str) -> dict[str, dict[str, int]]:
        return {
            "month": themes.theme_counts_for_month(matches, month, codebook),
            "previous_month": themes.theme_counts_for_month(
                matches, previous_month(month), codebook
            ),
            "kinds": codebook.kinds,
        }

    return counts


def kernel_missing_reason() -> str | None:
    """Why the notebooks' kernel cannot start, or None when it is registered."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        KernelSpecManager().get_kernel_spec(KERNEL_NAME)
    except NoSuchKernel:
        return (
            f"the Jupyter kernel '{KERNEL_NAME}' is not registered: run `make setup` "
            f"(or: python -m ipykernel install --sys-prefix --name {KERNEL_NAME})"
        )
    return None


def pdf_unavailable_reason() -> str | None:
    """Why PDFs cannot be made on this machine, or None when they can."""
    from helpers.sharing import convert

    if convert.find_chromium() is None:
        return (
            "no Chromium found, so no PDFs: install it (Debian: apt-get install chromium) "
            "or set CASE_AUDIT_CHROMIUM to its path."
        )
    return None
