"""Warm kernels: each page's kernel is a fork of one process whose imports are done, and pages
stay as isolated from one another as with kernels started cold."""

from __future__ import annotations

import os

import nbformat
import papermill
import psutil
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from helpers.running.jobs import KERNEL_NAME
from helpers.running.kernels import ZYGOTE_ENV, WarmKernelManager, warm_kernels

pytestmark = pytest.mark.e2e


def _run(tmp_path, name: str, *sources: str) -> list[str]:
    """Execute a small notebook through papermill as the runner does; each cell's stdout."""
    source = tmp_path / f"{name}.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell(s) for s in sources]), source)
    executed = papermill.execute_notebook(
        str(source),
        str(tmp_path / f"{name}.out.ipynb"),
        kernel_name=KERNEL_NAME,
        kernel_manager_class=WarmKernelManager,
        progress_bar=False,
        cwd=str(tmp_path),
    )
    return ["".join(o.get("text", "") for o in cell.outputs).strip() for cell in executed.cells]


def test_page_kernels_are_forks_of_the_warm_zygote_and_share_nothing(tmp_path):
    with warm_kernels():
        first = _run(
            tmp_path,
            "first",
            "import os, sys; print(os.getppid(), os.getcwd())",
            "print('pandas' in sys.modules, 'helpers.pages.display' in sys.modules)",
            "import pandas; pandas.LEFT_BY_PAGE_ONE = 1; secret = 'page one'",
        )
        second = _run(
            tmp_path,
            "second",
            "import os; print(os.getppid())",
            "import pandas; print(hasattr(pandas, 'LEFT_BY_PAGE_ONE'), 'secret' in dir())",
        )
    parent, cwd = first[0].split()
    assert cwd == str(tmp_path)
    assert first[1] == "True True"  # imports were done before the page's first cell
    assert second[0] == parent  # the same zygote forked both kernels
    assert second[1] == "False False"  # nothing of page one reached page two
    assert int(parent) != os.getpid() and not psutil.pid_exists(int(parent))  # stopped after
    assert ZYGOTE_ENV not in os.environ


def test_without_a_zygote_kernels_start_the_ordinary_way(tmp_path):
    [parent] = _run(tmp_path, "cold", "import os; print(os.getppid())")
    assert int(parent) == os.getpid()  # started by papermill in this process


def test_the_zygote_imports_seaborn_only_for_a_run_with_the_themes_page(tmp_path):
    """seaborn (and scipy.stats) cost ~0.5 s and only the themes heatmap uses them."""
    check = "import sys; print('seaborn' in sys.modules, 'scipy.stats' in sys.modules)"
    with warm_kernels(["scores"]):
        [without] = _run(tmp_path, "scores_only", check)
    with warm_kernels(["scores", "themes"]):
        [with_themes] = _run(tmp_path, "with_themes", check)
    assert without == "False False"
    assert with_themes == "True True"
